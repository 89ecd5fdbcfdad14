/**
 * The AI coding agents `agent-toolkit` knows (the AWS CLI's agenttoolkit/agents.py): where each keeps
 * its configuration (whose presence means the agent is installed), where its skills go, and how the AWS
 * MCP server is registered with it. Several agents read skills from the shared ~/.agents/skills; the
 * extra "Universal" row stands for that directory, so a skill lands there once and is listed once.
 */
import type { Host } from '../../core/host.js';
import { expandUser } from '../../core/local-paths.js';
import { ArgumentError } from '../../cli/usage.js';

export const SKILL_FILENAME = 'SKILL.md';
export const SKILL_METADATA_FILENAME = '.aws-skill-metadata';
export const AWS_MCP_SERVER_KEY = 'aws-mcp';
export const UNIVERSAL_ROW_ID = 'universal';

/** What `uvx` runs: the MCP proxy for AWS, pointed at the AWS MCP server. */
const AWS_MCP_PROXY_ARGS = [
  'mcp-proxy-for-aws@latest',
  'https://aws-mcp.us-east-1.api.aws/mcp',
  '--metadata',
  'INSTALL_SOURCE=aws-cli',
];
const DEFAULT_MCP_SERVER = { command: 'uvx', args: AWS_MCP_PROXY_ARGS };

/** How an agent is told about the AWS MCP server: an entry in its JSON config file, or its own CLI. */
export type McpSetup =
  | {
      kind: 'json';
      /** Relative: under the agent's base directory; `~/…`: under the home (or the env override's directory). */
      path: string;
      serversKey: string;
      entry: Record<string, unknown>;
    }
  | { kind: 'shell'; argv: readonly string[] };

export interface AgentConfig {
  /** What `--agent` takes. */
  id: string;
  displayName: string;
  /** The directory whose presence means the agent is installed (`~` expanded). */
  detectionPath: string;
  /** An environment variable naming that directory instead, when set to one that exists. */
  detectionPathEnv?: string;
  /** The skills' directory under the base directory, unless `skillsPath` names one elsewhere. */
  skillsDir?: string;
  skillsPath?: string;
  mcp?: McpSetup;
}

/** An agent found on this machine, with its directories resolved. */
export interface DetectedAgent {
  config: AgentConfig;
  baseDir: string;
  /** Whether `baseDir` is the environment override's directory. */
  overridden: boolean;
  /** As the CLI has it: `~/.agents/skills/` expanded keeps its slash, which its labels show. */
  skillsPath: string;
  /** Its label in messages: `Kiro — ~/.kiro/skills`. */
  label: string;
}

export interface InstalledSkill {
  agent: DetectedAgent;
  name: string;
  /** The skill's SKILL.md. */
  path: string;
}

const jsonMcp = (path: string, extra: Record<string, unknown> = {}, serversKey = 'mcpServers'): McpSetup => ({
  kind: 'json',
  path,
  serversKey,
  entry: { ...DEFAULT_MCP_SERVER, ...extra },
});

const AGENTS: AgentConfig[] = [
  {
    id: 'claude-code',
    displayName: 'Claude Code',
    detectionPath: '~/.claude/',
    detectionPathEnv: 'CLAUDE_CONFIG_DIR',
    mcp: jsonMcp('~/.claude.json'),
  },
  { id: 'cline', displayName: 'Cline', detectionPath: '~/.cline/', mcp: jsonMcp('mcp.json') },
  // Codex keeps its MCP servers in TOML: its own CLI registers one.
  {
    id: 'codex',
    displayName: 'Codex',
    detectionPath: '~/.codex/',
    detectionPathEnv: 'CODEX_HOME',
    skillsPath: '~/.agents/skills/',
    mcp: { kind: 'shell', argv: ['codex', 'mcp', 'add', AWS_MCP_SERVER_KEY, '--', 'uvx', ...AWS_MCP_PROXY_ARGS] },
  },
  { id: 'cursor', displayName: 'Cursor', detectionPath: '~/.cursor/', mcp: jsonMcp('mcp.json') },
  {
    id: 'gemini-cli',
    displayName: 'Gemini CLI',
    detectionPath: '~/.gemini/',
    skillsPath: '~/.agents/skills/',
    mcp: jsonMcp('settings.json'),
  },
  {
    id: 'kiro',
    displayName: 'Kiro',
    detectionPath: '~/.kiro/',
    mcp: jsonMcp('settings/mcp.json', { timeout: 100000, transport: 'stdio' }),
  },
  // No documented MCP support: skills only.
  { id: 'openclaw', displayName: 'OpenClaw', detectionPath: '~/.openclaw/' },
  {
    id: 'opencode',
    displayName: 'OpenCode',
    detectionPath: '~/.config/opencode/',
    skillsPath: '~/.agents/skills/',
    mcp: {
      kind: 'json',
      path: 'opencode.json',
      serversKey: 'mcp',
      entry: { type: 'local', command: ['uvx', ...AWS_MCP_PROXY_ARGS] },
    },
  },
  { id: 'pi', displayName: 'Pi', detectionPath: '~/.pi/agent/' },
  {
    id: 'windsurf',
    displayName: 'Windsurf',
    detectionPath: '~/.codeium/windsurf/',
    skillsPath: '~/.agents/skills/',
    mcp: jsonMcp('~/.codeium/mcp_config.json'),
  },
];

const UNIVERSAL_SKILLS = '~/.agents/skills';

/** Every agent, then the Universal row naming the agents that read ~/.agents/skills. */
export const AGENT_CONFIGS: readonly AgentConfig[] = [
  ...AGENTS,
  {
    id: UNIVERSAL_ROW_ID,
    displayName: `Universal (${AGENTS.filter((a) => a.skillsPath && trimSlashes(a.skillsPath) === UNIVERSAL_SKILLS)
      .map((a) => a.displayName)
      .join(', ')})`,
    detectionPath: '~/.agents',
  },
];

/** `--agent`'s help text, listing the ids. */
export const AGENT_HELP = `The agentic tool to target. If not set, the operation applies to all detected tools. Valid values: ${AGENT_CONFIGS.map((c) => c.id).join(', ')}.`;

/** Its label before detection, with the paths as written: `Kiro — ~/.kiro/skills`. */
export function configLabel(config: AgentConfig): string {
  const skills = config.skillsPath
    ? trimSlashes(config.skillsPath)
    : `${trimSlashes(config.detectionPath)}/${config.skillsDir ?? 'skills'}`;
  return `${config.displayName} — ${skills}`;
}

/** `path` with the home directory written `~`, as the CLI shows paths. */
export function collapseHome(host: Pick<Host, 'homeDir'>, path: string): string {
  const home = trimSlashes(host.homeDir);
  if (path === home) return '~';
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** The agent, when its directory (or its environment override's) exists. */
export async function detect(host: Host, config: AgentConfig): Promise<DetectedAgent | undefined> {
  const override = await overrideDir(host, config);
  const baseDir = override ?? (await existingDir(host, expand(host, config.detectionPath)));
  if (baseDir === undefined) return undefined;
  const skillsPath = config.skillsPath
    ? expandUser(host, config.skillsPath)
    : joinPath(baseDir, config.skillsDir ?? 'skills');
  const label = `${config.displayName} — ${collapseHome(host, skillsPath)}`;
  return { config, baseDir, overridden: override !== undefined, skillsPath, label };
}

/** The agents found, in the table's order. */
export async function detectAll(host: Host, configs: readonly AgentConfig[] = AGENT_CONFIGS): Promise<DetectedAgent[]> {
  const found = await Promise.all(configs.map((c) => detect(host, c)));
  return found.filter((a): a is DetectedAgent => a !== undefined);
}

/**
 * The agents a command works on: the one `--agent` names (none when it is not installed), else every
 * agent found. An unknown id is the CLI's ParamValidationError.
 */
export async function resolveAgents(host: Host, filter: string | undefined): Promise<DetectedAgent[]> {
  if (!filter) return detectAll(host);
  const config = AGENT_CONFIGS.find((c) => c.id.toLowerCase() === filter.toLowerCase());
  if (!config)
    throw new ArgumentError(
      `Invalid agent "${filter}". Valid values: ${AGENT_CONFIGS.map((c) => c.id)
        .sort()
        .join(', ')}.`,
    );
  const agent = await detect(host, config);
  return agent ? [agent] : [];
}

/** The agents a skill goes to (resolveAgents), none found being the CLI's usage error. */
export async function agentsToInstallFor(host: Host, filter: string | undefined): Promise<DetectedAgent[]> {
  const agents = await resolveAgents(host, filter);
  if (!agents.length) throw new ArgumentError('No supported AI coding agents found.');
  return agents;
}

/** Items with the Universal row's first, the others in their order (its directory is shared, so it goes first). */
export function universalFirst<T>(items: readonly T[], idOf: (item: T) => string): T[] {
  return [...items.filter((i) => idOf(i) === UNIVERSAL_ROW_ID), ...items.filter((i) => idOf(i) !== UNIVERSAL_ROW_ID)];
}

/**
 * The skills the AWS CLI installed for the agent: directories of its skills directory with a SKILL.md
 * and the metadata file, by name. Hidden directories are not skills (an install in progress is one).
 */
export async function installedSkills(host: Host, agent: DetectedAgent): Promise<InstalledSkill[]> {
  const fs = host.fs;
  if (!(await fs.stat(agent.skillsPath))?.isDirectory) return [];
  const skills: InstalledSkill[] = [];
  for (const name of await fs.readDir(agent.skillsPath)) {
    if (name.startsWith('.')) continue;
    const dir = joinPath(agent.skillsPath, name);
    if (!(await fs.stat(`${dir}/${SKILL_FILENAME}`))) continue;
    if (!(await fs.stat(`${dir}/${SKILL_METADATA_FILENAME}`))) continue;
    skills.push({ agent, name, path: `${dir}/${SKILL_FILENAME}` });
  }
  return skills;
}

/** The agent's MCP config file, for an agent configured through one. */
export function mcpConfigFile(host: Host, agent: DetectedAgent): string | undefined {
  const mcp = agent.config.mcp;
  if (mcp?.kind !== 'json') return undefined;
  if (!mcp.path.startsWith('~')) return `${agent.baseDir}/${mcp.path}`;
  // A home-relative file moves with the agent's directory when an environment variable moved it.
  return agent.overridden ? `${agent.baseDir}/${mcp.path.replace(/^~\//, '')}` : expandUser(host, mcp.path);
}

async function overrideDir(host: Host, config: AgentConfig): Promise<string | undefined> {
  const value = config.detectionPathEnv ? host.env[config.detectionPathEnv] : undefined;
  return value ? existingDir(host, expand(host, value)) : undefined;
}

async function existingDir(host: Host, path: string): Promise<string | undefined> {
  return (await host.fs.stat(path))?.isDirectory ? path : undefined;
}

function expand(host: Pick<Host, 'homeDir'>, path: string): string {
  return trimSlashes(expandUser(host, path));
}

/** `name` under `dir`, as os.path.join puts it (no second slash after one `dir` ends with). */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function trimSlashes(path: string): string {
  return path.replace(/\/+$/, '');
}
