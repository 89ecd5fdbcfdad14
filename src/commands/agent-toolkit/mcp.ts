/**
 * Registering the AWS MCP server with an agent (the AWS CLI's agents.py configure_mcp_server): an
 * `aws-mcp` entry added to the agent's JSON config file, its other settings kept (a file made here is
 * readable by its owner only), or for Codex, whose config is TOML, `codex mcp add`. An entry already
 * there is left as it is.
 */
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { AWS_MCP_SERVER_KEY, mcpConfigFile, type DetectedAgent } from './agents.js';

export type McpOutcome =
  | { action: 'configured' | 'already_configured'; detail: string }
  /** `detail`: the program that would do it, when it is not on PATH; none when there is no setup to do. */
  | { action: 'skipped'; detail?: string };

export async function configureMcpServer(host: Host, agent: DetectedAgent): Promise<McpOutcome> {
  const mcp = agent.config.mcp;
  if (mcp?.kind === 'shell') return runSetupCommand(host, mcp.argv);
  const path = mcpConfigFile(host, agent);
  if (mcp === undefined || path === undefined) return { action: 'skipped' };
  const existing = await host.fs.stat(path);
  const config = existing ? readConfig(path, await host.fs.readFile(path)) : {};
  const servers = (config[mcp.serversKey] ??= {});
  if (!isObject(servers)) throw new IsoawsError(`${path}: "${mcp.serversKey}" is not a JSON object.`);
  if (Object.hasOwn(servers, AWS_MCP_SERVER_KEY)) return { action: 'already_configured', detail: path };
  servers[AWS_MCP_SERVER_KEY] = mcp.entry;
  await host.fs.mkdir(path.slice(0, path.lastIndexOf('/')));
  // Rewritten atomically: an existing file keeps its permissions, a new one is the owner's only.
  const mode = existing?.mode !== undefined ? existing.mode & 0o7777 : 0o600;
  await host.fs.writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode });
  return { action: 'configured', detail: path };
}

async function runSetupCommand(host: Host, argv: readonly string[]): Promise<McpOutcome> {
  const program = argv[0]!;
  if (!host.run) return { action: 'skipped', detail: program };
  const result = await host.run(argv);
  // Not started: the program is not on PATH (shutil.which's answer in the CLI).
  if (result.status === null) return { action: 'skipped', detail: program };
  host.stdout.write(result.stdout);
  host.stderr.write(result.stderr);
  if (result.status !== 0)
    throw new IsoawsError(`Command '${argv.join(' ')}' returned non-zero exit status ${result.status}.`);
  return { action: 'configured', detail: program };
}

function readConfig(path: string, bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new IsoawsError(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(value)) throw new IsoawsError(`${path} is not a JSON object.`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
