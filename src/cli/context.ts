/** What every command of one CLI run shares: the host, the global options and the terminal. */
import type { WireEvent } from '../core/client-config.js';
import type { CredentialProvider } from '../core/credentials/types.js';
import type { Host } from '../core/host.js';
import type { QueryStep } from '../core/query/index.js';
import type { DebugLog } from './debug.js';
import type { GlobalArgs } from './globals.js';

export interface CliContext {
  host: Host;
  globals: GlobalArgs;
  /** `--output` as given on the command line (globals.output also takes the profile's and the environment's). */
  outputOption?: GlobalArgs['output'];
  /** Columns for table output: the terminal's width, or 80 when stdout is not a terminal (as the CLI). */
  terminalWidth: number;
  /**
   * The profile's `cli_timestamp_format` (session.ts): `wire` prints an operation's timestamps as the
   * service sent them, `iso8601` (the default) in ISO 8601.
   */
  timestampFormat?: 'iso8601' | 'wire';
  /** Colours in table output: `--color on`, or `auto` with stdout a terminal. */
  color: boolean;
  /** Whether stdout is a terminal (the s3 commands' progress line). */
  stdoutIsTty?: boolean;
  signal?: AbortSignal;
  /** Set with `--debug`. */
  debug?: DebugLog;
  /** Receives the command's result as printed (after --query), for the REPL's `$`. */
  onResult?: (value: unknown) => void;
  /** Told what the command does, step by step: the playground's inspector. */
  observe?: (event: CommandEvent) => void;
  /** State kept across the commands of one process (the REPL); absent for a single command. */
  session?: CliSession;
}

/**
 * What a long-lived caller (the REPL) keeps between commands, so that a command does not pay again
 * for what the previous one resolved.
 */
export interface CliSession {
  /**
   * The credential chain kept under `key` (the profile, its files and the settings the chain reads),
   * else `make()`'s, kept from now on. The caller owns refreshing and forgetting them.
   */
  credentials(key: string, make: () => CredentialProvider): CredentialProvider;
}

/**
 * What an inspector is told of a command: the engine's own events (endpoint, signature, each request,
 * response and retry), the parameters of each call as --debug shows them (sensitive members hidden),
 * the whole result before --query, and the query's evaluation step by step.
 */
export type CommandEvent =
  | WireEvent
  | { kind: 'call'; service: string; operation: string; params: unknown }
  | { kind: 'result'; service: string; operation: string; value: unknown }
  | { kind: 'query'; expression: string; steps: QueryStep[] };
