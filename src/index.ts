/**
 * The package entry for Node: `import { createClient } from 'isoaws'`. Composes the Node host with the
 * engine; a client resolves its settings as the AWS CLI does (core/session.ts): the profile named in
 * the options, else AWS_PROFILE, else `default`, from ~/.aws/config and ~/.aws/credentials; the
 * environment over the profile; the credential chain with every source the CLI has; and options given
 * here over all of it.
 */
import { createNodeHost } from './adapters/node/host.js';
import { createClient as createEngineClient, type Client } from './core/client.js';
import type { ClientConfig } from './core/client-config.js';
import type { Host } from './core/host.js';
import type { Shell, ShellOptions } from './shell/shell.js';
import { sessionSettings } from './core/session.js';

export type ClientOptions = ClientConfig & {
  /** The runtime (files, network, prompts); the Node host by default. */
  host?: Host;
  /** The profile to use, as `--profile` names it (it also outranks the environment's keys). */
  profile?: string;
};

export function createClient(options: ClientOptions = {}): Client {
  const { host = createNodeHost(), profile, ...config } = options;
  return createEngineClient(host, sessionSettings(host, { profile }, config));
}

/** Runs AWS CLI command lines on a host, as the terminal would (`cli.run(['s3', 'ls'])` resolves to the exit code). */
export interface Cli {
  run(
    argv: readonly string[],
    options?: { signal?: AbortSignal; stdoutIsTty?: boolean; terminalWidth?: number },
  ): Promise<number>;
}

/** The command line on a host (createNodeHost() by default); the CLI loads on the first run. */
export function createCli(options: { host?: Host } = {}): Cli {
  const host = options.host ?? createNodeHost();
  return { run: async (argv, runOptions) => (await import('./cli-app.js')).runCli(argv, host, runOptions) };
}

/**
 * The shell without a terminal (`shell.run(['s3', 'ls'])`, `.profile`, completion, `?`, `$` and `aws`) on a
 * host (createNodeHost() by default): the core a front end adds line editing and JavaScript to.
 */
export async function createShell(options: ShellOptions & { host?: Host } = {}): Promise<Shell> {
  const { host = createNodeHost(), ...shellOptions } = options;
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
