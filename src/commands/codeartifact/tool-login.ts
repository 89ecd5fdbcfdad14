/**
 * What every tool's login shares: the answers it works with, running its commands (or printing them
 * for --dry-run), the CLI's message for a command that failed, and the closing success message.
 */
import { IsoawsError } from '../../core/errors.js';
import type { Host, ProcessResult } from '../../core/host.js';
import { pyRepr } from '../../core/query/python-text.js';
import { isoTimestamp } from '../../cli/output/py-values.js';
import { expiresIn } from './expires-in.js';

/** The tools `codeartifact login` can set up. */
export type Tool = 'swift' | 'nuget' | 'dotnet' | 'npm' | 'pip' | 'twine';

/** What a tool's login works with, once CodeArtifact has answered. */
export interface Login {
  host: Host;
  tool: Tool;
  token: string;
  expiration: Date;
  endpoint: string;
  domain: string;
  repository: string;
  namespace?: string;
  dryRun: boolean;
}

/**
 * The operating system, as Node names it: npm is `npm.cmd` on Windows, dotnet cannot encrypt a password
 * elsewhere, and Swift keeps its token in the macOS keychain instead of ~/.netrc. Where there is no
 * process (a browser, which cannot run the tools anyway), Linux's behaviour.
 */
export function platform(): string {
  return (globalThis as { process?: { platform?: string } }).process?.platform ?? 'linux';
}

/** Prints each command as the CLI's dry run does, each followed by a blank line. */
function printCommands(login: Login, commands: readonly string[][]): void {
  for (const argv of commands) login.host.stdout.write(`${argv.join(' ')}\n\n`);
}

/** Runs the tool's commands one after another (or prints them for --dry-run), then says it worked. */
export async function runCommands(
  login: Login,
  commands: readonly string[][],
  ignoreFailure: (argv: readonly string[]) => boolean = () => false,
): Promise<void> {
  if (login.dryRun) return printCommands(login, commands);
  for (const argv of commands) {
    const result = await start(login, argv);
    if (result.status !== 0 && !ignoreFailure(argv)) throw commandFailed(argv, result, login.token);
  }
  writeSuccess(login, login.tool);
}

/** Starts a program; one that is not installed is the CLI's "was not found", any other failure to start its OSError. */
export async function start(login: Login, argv: readonly string[]): Promise<ProcessResult> {
  if (!login.host.run)
    throw new IsoawsError(
      `codeartifact login cannot run ${argv[0]} here: this runtime cannot start programs (a browser).`,
    );
  const result = await login.host.run(argv);
  if (result.error === undefined) return result;
  if (result.error.startsWith('[Errno 2] '))
    throw new IsoawsError(`${login.tool} was not found. Please verify installation.`);
  throw new IsoawsError(result.error);
}

/**
 * Python's CalledProcessError text for a command that failed. The v2 CLI hides the token in it and adds
 * the command's stderr (2.9.19 showed the token and no stderr). Node does not say which signal ended a
 * program, so a killed one is described without its name.
 */
export function commandFailed(argv: readonly string[], result: ProcessResult, token?: string): IsoawsError {
  const how = result.status === null ? 'died with a signal.' : `returned non-zero exit status ${result.status}.`;
  let message = `Command '${pyRepr([...argv])}' ${how}`;
  if (token === undefined) return new IsoawsError(message);
  message = message.replaceAll(token, '******');
  return new IsoawsError(`${message} Stderr from command:\n${result.stderr}`);
}

export function writeSuccess(login: Login, toolName: string): void {
  login.host.stdout.write(
    `Successfully configured ${toolName} to use AWS CodeArtifact repository ${login.endpoint} \n` +
      `Login expires in ${expiresIn(login.expiration, login.host.now())} at ${pythonDatetime(login.expiration)}\n`,
  );
}

/** Python's `str()` of a UTC datetime: `2024-01-02 15:04:05+00:00`, microseconds only when there are some. */
function pythonDatetime(date: Date): string {
  return isoTimestamp(date).replace('T', ' ');
}
