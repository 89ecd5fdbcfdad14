/** What every command of one CLI run shares: the host, the global options and the terminal. */
import type { Host } from '../core/host.js';
import type { DebugLog } from './debug.js';
import type { GlobalArgs } from './globals.js';

export interface CliContext {
  host: Host;
  globals: GlobalArgs;
  /** Columns for table output: the terminal's width, or 80 when stdout is not a terminal (as the CLI). */
  terminalWidth: number;
  /** Colours in table output: `--color on`, or `auto` with stdout a terminal. */
  color: boolean;
  /** Whether stdout is a terminal (the s3 commands' progress line). */
  stdoutIsTty?: boolean;
  signal?: AbortSignal;
  /** Set with `--debug`. */
  debug?: DebugLog;
}
