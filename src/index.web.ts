/**
 * The package entry for browsers (`exports` → `browser` condition): the same API as the Node entry over
 * the web host. A page has no environment; a client resolves its settings from the options and from the
 * web host's in-memory `~/.aws` files, as the CLI would.
 */
import { createWebHost } from './adapters/web/host.js';
import { createClient as createEngineClient, type Client } from './core/client.js';
import type { ClientConfig } from './core/client-config.js';
import type { Host } from './core/host.js';
import type { Shell, ShellOptions } from './shell/shell.js';
import { sessionSettings } from './core/session.js';

export type ClientOptions = ClientConfig & {
  /** The runtime (files, network); a web host with no files by default. */
  host?: Host;
  /** The profile to use, from the host's `~/.aws` files. */
  profile?: string;
};

export function createClient(options: ClientOptions = {}): Client {
  const { host = createWebHost(), profile, ...config } = options;
  return createEngineClient(host, sessionSettings(host, { profile }, config));
}

export { createWebHost } from './adapters/web/host.js';
/** Runs AWS CLI command lines on a host, as the terminal would (`cli.run(['s3', 'ls'])` resolves to the exit code). */
export interface Cli {
  run(
    argv: readonly string[],
    options?: { signal?: AbortSignal; stdoutIsTty?: boolean; terminalWidth?: number },
  ): Promise<number>;
}

/** The command line on a host (createWebHost() by default); the CLI loads on the first run. */
export function createCli(options: { host?: Host } = {}): Cli {
  const host = options.host ?? createWebHost();
  return { run: async (argv, runOptions) => (await import('./cli-app.js')).runCli(argv, host, runOptions) };
}

/**
 * The shell without a terminal (`shell.run(['s3', 'ls'])`, `.profile`, completion, `?`, `$` and `aws`) on a
 * host (createWebHost() by default): the core a front end adds line editing and JavaScript to.
 */
export async function createShell(options: ShellOptions & { host?: Host } = {}): Promise<Shell> {
  const { host = createWebHost(), ...shellOptions } = options;
  return (await import('./shell/shell.js')).createShell(host, shellOptions);
}

// Named, not `export *`: the package's surface is what this list says.
export type { Shell, ShellOptions };
export type {
  CallOutput,
  Client,
  ClientConfig,
  CredentialProvider,
  Credentials,
  Host,
  HttpRequest,
  HttpResponse,
  ResponseMetadata,
  StreamingBody,
  WireEvent,
} from './api.js';
export {
  AbortedError,
  CredentialsError,
  EndpointError,
  IsoawsError,
  NetworkError,
  ParamValidationError,
  ResponseParseError,
  ServiceError,
  treeHash,
  UnknownNameError,
  WaiterError,
} from './api.js';
