/**
 * `agent-toolkit update-skill` (the AWS CLI's agenttoolkit/update_skill.py): installs the latest version
 * of a skill over the agents whose installed copy records another version.
 */
import { commandPage, readCommandOptions, type CommandModule } from '../../cli/command.js';
import { ArgumentError } from '../../cli/usage.js';
import { agentsToInstallFor, installedSkills, joinPath, type DetectedAgent } from './agents.js';
import { installedVersion, installSkill } from './install.js';
import { AGENT, SKILL_NAME } from './options.js';
import { downloadSkill, latestVersion } from './service.js';
import { openSkillArchive } from './skill-archive.js';

const OPTIONS = [SKILL_NAME, AGENT];

const PAGE = commandPage(
  {
    name: 'update-skill',
    description:
      'Update an installed AWS skill to the latest version. Compares the locally installed version against the available skills and downloads the newer version if available. By default the skill is updated for all detected agents, use --agent to update the skill for only a specific tool.',
    examples: [
      'isoaws agent-toolkit update-skill --skill-name aws-serverless',
      'isoaws agent-toolkit update-skill --skill-name aws-serverless --agent kiro',
    ],
  },
  OPTIONS,
);

export const updateSkillCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host, signal } = env.ctx;
    const name = values.get('skill-name') as string;
    const agents = await agentsToInstallFor(host, values.get('agent') as string | undefined);
    const installed: DetectedAgent[] = [];
    for (const agent of agents)
      if ((await installedSkills(host, agent)).some((s) => s.name === name)) installed.push(agent);
    if (!installed.length) throw new ArgumentError(`Skill "${name}" is not installed.`);
    const client = await env.client();
    const remote = await latestVersion(client, name, signal);
    const outdated: DetectedAgent[] = [];
    for (const agent of installed)
      if ((await installedVersion(host, joinPath(agent.skillsPath, name))) !== remote) outdated.push(agent);
    if (!outdated.length) {
      host.stdout.write(`${name} is already up to date (${remote}).\n`);
      return 0;
    }
    const download = await downloadSkill(client, name, remote, signal);
    const files = await openSkillArchive(name, download.zip, download.checksum);
    await installSkill(host, name, download.version, files, outdated, {
      log: (line) => host.stdout.write(line),
      action: 'Updated',
      overwrite: true,
    });
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
