/**
 * What both package entries export (index.ts for Node, index.web.ts for browsers), each over the host it
 * makes by default. A client resolves its settings as the AWS CLI does (core/session.ts): the profile
 * named in the options, else AWS_PROFILE, else `default`, from the host's ~/.aws/config and credentials;
 * the environment over the profile; the credential chain with every source the CLI has; and options
 * given in code over all of it. The CLI and the shell load on first use.
 */
import { createClient as createEngineClient, type Client } from './core/client.js';
import type { ClientConfig } from './core/client-config.js';
import type { Host } from './core/host.js';
import { sessionSettings } from './core/session.js';
import { withTransfers } from './core/transfer/with-transfers.js';
import { deferredSandboxHost } from './sandbox/deferred.js';
import type { SandboxStore } from './sandbox/store.js';
import type { Shell, ShellOptions } from './shell/shell.js';

export type ClientOptions = ClientConfig & {
  /** The runtime (files, network, prompts); the entry's own host by default. */
  host?: Host;
  /**
   * Talk to the sandbox, the offline AWS inside this process, instead of the network: `true` keeps its
   * state (Node: in ~/.isoaws/sandbox, or ISOAWS_SANDBOX_DIR; a page: in IndexedDB), `'memory'` in memory only.
   */
  sandbox?: boolean | 'memory';
  /** The profile to use, as `--profile` names it (it also outranks the environment's keys). */
  profile?: string;
};

/** Runs AWS CLI command lines on a host, as the terminal would (`cli.run(['s3', 'ls'])` resolves to the exit code). */
export interface Cli {
  run(
    argv: readonly string[],
    options?: { signal?: AbortSignal; stdoutIsTty?: boolean; terminalWidth?: number },
  ): Promise<number>;
}

export interface PackageApi {
  /** With `dynamodb: { document: true }`, DynamoDB takes and gives plain JS values, and is typed so. */
  createClient(options: ClientOptions & { dynamodb: { document: true } }): Client<'document'>;
  createClient(options?: ClientOptions): Client;
  /** The command line on a host. */
  createCli(options?: { host?: Host }): Cli;
  /**
   * The shell without a terminal (`shell.run(['s3', 'ls'])`, `.profile`, completion, `?`, `$` and `aws`)
   * on a host: the core a front end adds line editing and JavaScript to.
   */
  createShell(options?: ShellOptions & { host?: Host }): Promise<Shell>;
}

/**
 * The API over an entry's default host; `keptSandbox` is where `createClient({ sandbox: true })` keeps
 * the sandbox's state on that runtime (Node: files; a page: IndexedDB).
 */
export function packageApi(defaultHost: () => Host, keptSandbox: (host: Host) => Promise<SandboxStore>): PackageApi {
  return {
    createClient(options: ClientOptions = {}): Client<'document'> & Client {
      const { host: given = defaultHost(), profile, sandbox, ...config } = options;
      const store = async () =>
        sandbox === 'memory' ? (await import('./sandbox/store.js')).memoryStore() : keptSandbox(given);
      const host = sandbox ? deferredSandboxHost(given, store) : given;
      // One client whatever the mode: document mode changes values, not the methods.
      return withTransfers(createEngineClient(host, sessionSettings(host, { profile }, config))) as Client<'document'> &
        Client;
    },
    createCli(options = {}) {
      const host = options.host ?? defaultHost();
      return { run: async (argv, runOptions) => (await import('./cli-app.js')).runCli(argv, host, runOptions) };
    },
    async createShell(options = {}) {
      const { host = defaultHost(), ...shellOptions } = options;
      return (await import('./shell/shell.js')).createShell(host, {
        sandboxStore: await keptSandbox(host),
        ...shellOptions,
      });
    },
  };
}
