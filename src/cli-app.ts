/**
 * The CLI with its commands: the command-line driver (src/cli) and the registry of the commands the
 * models do not describe (src/commands) meet here, so that neither imports the other. The program's
 * entries, the shell and the tests run command lines through this module.
 */
import {
  complete as completeLine,
  completeCandidates as completeLineCandidates,
  type Candidate,
  type CompleteOptions,
} from './cli/completer.js';
import { runCommandLine, type RunCliOptions } from './cli/main.js';
import { parseGlobals } from './cli/globals.js';
import { COMMANDS } from './commands/registry.js';
import type { Host } from './core/host.js';

export type { Candidate };
export { COMMANDS };

/**
 * Runs one command line; resolves to the exit code. Never throws. With `--sandbox` the embedded AWS
 * (on its files) answers in place of the network: the host is swapped here, where the CLI and the
 * sandbox meet, so neither knows of the other.
 */
export async function runCli(
  argv: readonly string[],
  host: Host,
  opts: Omit<RunCliOptions, 'commands'> = {},
): Promise<number> {
  return runCommandLine(argv, wantsSandbox(argv) ? await sandboxed(host) : host, { ...opts, commands: COMMANDS });
}

function wantsSandbox(argv: readonly string[]): boolean {
  try {
    return parseGlobals(argv).sandbox;
  } catch {
    return false; // the driver reports the command line's own mistakes
  }
}

/** `--sandbox`: the host's requests answered by the sandbox, unless they already are (a page's, on IndexedDB). */
async function sandboxed(host: Host): Promise<Host> {
  const { hostSandbox, sandboxOf, sandboxStore, withSandbox } = await import('./sandbox/host.js');
  return sandboxOf(host) ? host : withSandbox(host, hostSandbox(host, sandboxStore(host, 'files')));
}

/** The completer protocol's answer for `line` with the cursor at `point`. */
export function complete(
  line: string,
  point: number,
  host: Host,
  opts: Omit<CompleteOptions, 'commands'> = {},
): Promise<string[]> {
  return completeLine(line, point, host, { ...opts, commands: COMMANDS });
}

/** Completions with the first sentence of their documentation, for the shell. */
export function completeCandidates(
  line: string,
  point: number,
  host: Host,
  opts: Omit<CompleteOptions, 'commands'> = {},
): Promise<Candidate[]> {
  return completeLineCandidates(line, point, host, { ...opts, commands: COMMANDS });
}
