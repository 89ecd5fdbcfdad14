/**
 * `agent-toolkit add-skill` (the AWS CLI's agenttoolkit/add_skill.py): downloads a skill (the latest
 * version unless `--skill-version`) and installs it for every detected agent, or the one `--agent` names.
 */
import { commandPage, readCommandOptions, type CommandModule } from '../../cli/command.js';
import { agentsToInstallFor } from './agents.js';
import { installSkill } from './install.js';
import { AGENT, SKILL_NAME, SKILL_VERSION } from './options.js';
import { downloadSkill } from './service.js';
import { openSkillArchive } from './skill-archive.js';

const OPTIONS = [SKILL_NAME, SKILL_VERSION, AGENT];

const PAGE = commandPage(
  {
    name: 'add-skill',
    description:
      'Download and install an AWS skill to detected AI coding agents. By default the latest version is installed globally to all detected agents. Use --agent to target a specific tool, or --skill-version to pin a specific version.',
    examples: [
      'isoaws agent-toolkit add-skill --skill-name aws-serverless',
      'isoaws agent-toolkit add-skill --skill-name aws-cdk --agent kiro',
      'isoaws agent-toolkit add-skill --skill-name aws-serverless --skill-version v1',
    ],
  },
  OPTIONS,
);

export const addSkillCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host, signal } = env.ctx;
    const name = values.get('skill-name') as string;
    const agents = await agentsToInstallFor(host, values.get('agent') as string | undefined);
    const client = await env.client();
    const download = await downloadSkill(client, name, values.get('skill-version') as string | undefined, signal);
    const files = await openSkillArchive(name, download.zip, download.checksum);
    await installSkill(host, name, download.version, files, agents, { log: (line) => host.stdout.write(line) });
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
