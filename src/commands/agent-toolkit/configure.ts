/**
 * `configure agent-toolkit` (the AWS CLI's agenttoolkit/configure.py): finds the AI coding agents on
 * this machine, lets the user pick some, installs the default AWS skills (category aws-core) for them
 * and registers the AWS MCP server with each. `--yes` takes every agent and answers yes to each question.
 */
import { commandPage, flagOption, readCommandOptions, type CommandEnv } from '../../cli/command.js';
import type { CommandPage } from '../../cli/help.js';
import { ConfigurationError } from '../../cli/usage.js';
import type { Host, Prompt } from '../../core/host.js';
import {
  AGENT_CONFIGS,
  collapseHome,
  configLabel,
  detect,
  UNIVERSAL_ROW_ID,
  universalFirst,
  type DetectedAgent,
} from './agents.js';
import { installSkill } from './install.js';
import { configureMcpServer } from './mcp.js';
import { multiSelect, terminalPrompt, yesNo } from './prompts.js';
import { downloadSkill } from './service.js';
import { AgentToolkitError, openSkillArchive } from './skill-archive.js';
import type { Client } from '../../core/client.js';

const MCP_GUIDE = 'https://docs.aws.amazon.com/agent-toolkit/latest/userguide/getting-started-aws-mcp-server.html';

const OPTIONS = [
  flagOption(
    'yes',
    'Skip all interactive prompts and accept defaults: select all detected agents, install default skills, and configure the AWS MCP server.',
  ),
];

export const AGENT_TOOLKIT_PAGE: CommandPage = commandPage(
  {
    name: 'agent-toolkit',
    description:
      'Set up AI coding agents with AWS skills and the AWS MCP Server. Supported agents are determined by the presence of configuration directories, such as ~/.kiro. Skills are installed globally in those configuration directories, not per project. The agents are chosen by number from a list (Enter takes them all); a question answered with Enter is answered yes.',
    examples: ['isoaws configure agent-toolkit', 'isoaws configure agent-toolkit --yes'],
  },
  OPTIONS,
  ['isoaws configure agent-toolkit'],
);

export async function configureAgentToolkit(env: CommandEnv, args: readonly string[]): Promise<number> {
  const yes = readCommandOptions(OPTIONS, args).get('yes') === true;
  const host = env.ctx.host;
  const say = (text: string) => host.stdout.write(text);
  say('\nDetecting installed AI coding agents...\n');
  const wizardConfigs = AGENT_CONFIGS.filter((c) => c.id !== UNIVERSAL_ROW_ID);
  const universalConfig = AGENT_CONFIGS.find((c) => c.id === UNIVERSAL_ROW_ID)!;
  const universal = await detect(host, universalConfig);
  const detected: DetectedAgent[] = [];
  for (const config of wizardConfigs) {
    const agent = await detect(host, config);
    if (agent) detected.push(agent);
    say(agent ? `  ✓ ${agent.label}\n` : `  ✗ ${configLabel(config)} (not found)\n`);
  }
  if (!detected.length)
    throw new ConfigurationError(
      `No supported AI coding agents found. Supported agents: ${wizardConfigs.map((c) => c.displayName).join(', ')}. Install one and re-run 'aws configure agent-toolkit'.`,
    );
  const prompt = yes ? undefined : terminalPrompt(host);
  const selected = prompt
    ? await multiSelect(host, prompt, '\nSelect agents to configure', detected, (a) => a.label)
    : detected;
  if (!selected.length) {
    say('No agents selected.\n');
    return 0;
  }
  const targets = [...selected];
  // As in the CLI, paths are compared as written: ~/.agents/skills/ of an agent is not the Universal row's ~/.agents/skills.
  if (universal && selected.some((a) => a.skillsPath === universal.skillsPath)) targets.push(universal);
  const client = await env.client('AGENTTOOLKIT');
  await installDefaultSkills(env, client, targets, prompt);
  await configureMcp(host, selected, prompt);
  say("\nYou can discover additional skills with 'aws agent-toolkit search-skills --search-query <text>'\n");
  return 0;
}

async function installDefaultSkills(
  env: CommandEnv,
  client: Client,
  agents: readonly DetectedAgent[],
  prompt: Prompt | undefined,
): Promise<void> {
  const { host, signal } = env.ctx;
  const say = (text: string) => host.stdout.write(text);
  say('\nFetching default AWS skills...\n');
  const names: string[] = [];
  for await (const page of client.paginate('agenttoolkit', 'ListSkills', { categoryFilter: 'aws-core' }, { signal }))
    for (const skill of (page.skills ?? []) as Array<{ name: string }>) names.push(skill.name);
  if (!names.length) return;
  say(`  Found: ${names.join(', ')}\n`);
  const count = names.length;
  if (prompt && !(await yesNo(host, prompt, `\nInstall ${count} default AWS skills? [Y/n]: `))) return;
  say(`\nInstalling ${count} default AWS skills...\n`);
  let installed = 0;
  for (const [i, name] of names.entries()) {
    try {
      const download = await downloadSkill(client, name, undefined, signal);
      const files = await openSkillArchive(name, download.zip, download.checksum);
      await installSkill(host, name, download.version, files, agents);
      installed++;
      say(`  [${i + 1}/${count}] ${name}\n`);
    } catch (err) {
      // A skill that fails its checks is reported and the others go on; anything else ends the command.
      if (!(err instanceof AgentToolkitError)) throw err;
      say(`  [${i + 1}/${count}] ${name}: ${err.message}\n`);
    }
  }
  if (!installed) {
    say('\nNo skills were installed successfully.\n');
    return;
  }
  say('\nSkills installed to:\n');
  const seen = new Set<string>();
  for (const agent of universalFirst(agents, (a) => a.config.id)) {
    if (seen.has(agent.skillsPath)) continue;
    seen.add(agent.skillsPath);
    say(`  ${agent.label}\n`);
  }
}

async function configureMcp(host: Host, agents: readonly DetectedAgent[], prompt: Prompt | undefined): Promise<void> {
  if (prompt && !(await yesNo(host, prompt, '\nConfigure AWS MCP server connection? [Y/n]: '))) return;
  const say = (text: string) => host.stdout.write(text);
  say('\nAWS MCP server configured for:\n');
  const skipped: Array<[DetectedAgent, string | undefined]> = [];
  for (const agent of agents) {
    const outcome = await configureMcpServer(host, agent);
    if (outcome.action === 'skipped') skipped.push([agent, outcome.detail]);
    else
      say(
        `  ✓ ${agent.config.displayName} — ${collapseHome(host, outcome.detail)}: ${outcome.action === 'configured' ? 'updated' : 'already configured'}\n`,
      );
  }
  if (!skipped.length) return;
  say(`\nMCP setup not available for the following agents. See ${MCP_GUIDE} for manual setup instructions.\n`);
  for (const [agent, program] of skipped)
    say(`  ✗ ${agent.config.displayName} (${program ? `requires '${program}' on PATH` : 'no automated setup'})\n`);
}
