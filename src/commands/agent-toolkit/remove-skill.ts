/**
 * `agent-toolkit remove-skill` (the AWS CLI's agenttoolkit/remove_skill.py): removes a skill the CLI
 * installed from every detected agent, or the one `--agent` names; a directory agents share is removed
 * once, under the Universal row's name when it is among them.
 */
import { commandPage, readCommandOptions, type CommandModule } from '../../cli/command.js';
import { ArgumentError } from '../../cli/usage.js';
import { installedSkills, resolveAgents, universalFirst, type InstalledSkill } from './agents.js';
import { removeSkillDir } from './install.js';
import { AGENT, SKILL_NAME } from './options.js';

const OPTIONS = [SKILL_NAME, AGENT];

const PAGE = commandPage(
  {
    name: 'remove-skill',
    description:
      'Remove a previously installed AWS skill from detected agents. By default the skill is removed from all detected agents, use --agent to remove from a specific tool only.',
    examples: [
      'isoaws agent-toolkit remove-skill --skill-name aws-serverless',
      'isoaws agent-toolkit remove-skill --skill-name aws-cdk --agent kiro',
    ],
  },
  OPTIONS,
);

export const removeSkillCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const host = env.ctx.host;
    const name = values.get('skill-name') as string;
    const matches: InstalledSkill[] = [];
    for (const agent of await resolveAgents(host, values.get('agent') as string | undefined))
      matches.push(...(await installedSkills(host, agent)).filter((s) => s.name === name));
    if (!matches.length) throw new ArgumentError(`Skill "${name}" is not installed.`);
    const removed = new Set<string>();
    for (const skill of universalFirst(matches, (s) => s.agent.config.id)) {
      const dir = skill.path.slice(0, skill.path.lastIndexOf('/'));
      if (removed.has(dir)) continue;
      await removeSkillDir(host, dir);
      removed.add(dir);
      host.stdout.write(`Removed ${skill.name} from ${skill.agent.label}.\n`);
    }
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
