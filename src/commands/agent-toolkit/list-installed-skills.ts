/**
 * `agent-toolkit list-installed-skills` (the AWS CLI's agenttoolkit/list_installed_skills.py): the skills
 * the CLI installed, per detected agent (or the one `--agent` names), each shared directory listed once,
 * printed as an operation's result is (--output, --query).
 */
import { commandPage, readCommandOptions, type CommandModule } from '../../cli/command.js';
import { writeCommandResult } from '../../cli/operation.js';
import { applyProfileDefaults } from '../../cli/session.js';
import { installedSkills, resolveAgents, universalFirst } from './agents.js';
import { AGENT } from './options.js';

const OPTIONS = [AGENT];

const PAGE = commandPage(
  {
    name: 'list-installed-skills',
    description:
      'List AWS skills that were previously installed by the aws agent-toolkit commands. Shows the skill name, agent, and file path for each installation. By default it lists skills from all detected agents, use --agent to filter results to a specific tool.',
    examples: ['isoaws agent-toolkit list-installed-skills', 'isoaws agent-toolkit list-installed-skills --agent kiro'],
  },
  OPTIONS,
);

export const listInstalledSkillsCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const host = env.ctx.host;
    const agents = await resolveAgents(host, values.get('agent') as string | undefined);
    const seen = new Set<string>();
    const skills: Array<{ agent: string; name: string; path: string }> = [];
    for (const agent of universalFirst(agents, (a) => a.config.id))
      for (const skill of await installedSkills(host, agent)) {
        if (seen.has(skill.path)) continue;
        seen.add(skill.path);
        skills.push({ agent: agent.config.displayName, name: skill.name, path: skill.path });
      }
    // The profile's output format applies, as for an operation, though no service is called.
    applyProfileDefaults(env.ctx, await env.profile());
    writeCommandResult(env.ctx, 'list-installed-skills', { skills });
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
