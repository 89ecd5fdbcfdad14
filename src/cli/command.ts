/**
 * Commands the service models do not describe — `s3`, `configure`, `sso login`, `glacier upload`,
 * `<service> wait` — as records of one registry (src/commands/registry.ts). The CLI never imports the
 * commands: the program's entries hand it the registry, and dispatch, completion and the shell read
 * the same records. A command's module is loaded only when it runs.
 */
import type { Client } from '../core/client.js';
import type { LoadedProfile } from '../core/config/profile.js';
import type { ServiceBundle, ServiceIndexEntry } from '../core/model/types.js';
import type { CliContext } from './context.js';
import type { ServiceTarget } from './operation.js';

export interface CommandRecord {
  /** What is typed: `s3`, `configure`; under a service, `login`, `upload`, `wait`. */
  name: string;
  /** The service (its CLI name) it is a subcommand of; `*` for every service `applies` to; absent for a command of its own. */
  under?: string;
  /** For `under: '*'`: whether a service has it (`wait`: the service has waiters). */
  applies?(bundle: ServiceBundle): boolean;
  /** One line: what it does. */
  summary: string;
  /** What completes after it (s3's `cp`, `ls`…; configure's `get`, `set`…, `help`). */
  subcommands?: readonly string[];
  /** The subcommands after which a local path is typed (s3's `cp`, `mv`, `sync`), for completion. */
  localPathSubcommands?: readonly string[];
  load(): Promise<CommandModule>;
}

export interface CommandModule {
  /** Runs the command with the words after its name; resolves to the exit code. */
  run(env: CommandEnv, args: readonly string[]): Promise<number>;
}

/** What a command gets from the CLI that runs it: its context, and the engine set up on demand. */
export interface CommandEnv {
  ctx: CliContext;
  /** The service a subcommand is under. */
  entry?: ServiceIndexEntry;
  /** The active profile, as the files have it (nothing applied). */
  profile(): Promise<LoadedProfile>;
  /** A client for the command's service (or `envId`'s), the profile's output defaults applied. */
  client(envId?: string): Promise<Client>;
  /** The service a subcommand is under, loaded, with its client (the profile's output defaults applied). */
  service(): Promise<ServiceTarget>;
  /** A client for a credential source's own service (SSO, SSO_OIDC, STS): unsigned without credentials. */
  sourceClient(profile: LoadedProfile, envId: string, region: string): Promise<Client>;
  /** Runs the modeled operation the subcommand's name shadows, with these words (a command that only prepares arguments). */
  operation(args: readonly string[]): Promise<number>;
}

/** The names a user can type first: the services' and the commands of their own. */
export function topLevelNames(index: readonly ServiceIndexEntry[], commands: readonly CommandRecord[]): string[] {
  return [...index.map((s) => s.cliName), ...commands.filter((c) => c.under === undefined).map((c) => c.name)].sort();
}

/** The commands under a service (its own, and those of every service that apply to it). */
export function subcommandsOf(commands: readonly CommandRecord[], cliName: string, bundle: ServiceBundle): CommandRecord[] {
  return commands.filter((c) => c.under === cliName || (c.under === '*' && (c.applies?.(bundle) ?? true)));
}
