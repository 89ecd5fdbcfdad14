/**
 * `credential_process`: runs the configured program (split as Python's shlex.split does, no shell) and
 * reads its JSON — Version 1, AccessKeyId, SecretAccessKey, optional SessionToken and Expiration (then
 * the cache refreshes before it). Failures carry botocore's wording: the program's stderr for a non-zero
 * exit, the JSON parser's complaint, an unsupported version, a missing key, a program that cannot start.
 */
import { CredentialRetrievalError } from '../errors.js';
import type { Host } from '../host.js';
import { splitShellWords } from '../shell-words.js';
import type { CredentialProvider } from './types.js';

/** `accountId` is the profile's `aws_account_id`, used when the program's JSON has no `AccountId`. */
export function fromProcess(host: Host, commandLine: string, accountId?: string): CredentialProvider {
  return async () => {
    if (!host.run)
      throw new CredentialRetrievalError(
        'credential_process needs a runtime that can start programs; this one cannot (a browser)',
      );
    let argv: string[];
    try {
      argv = splitShellWords(commandLine);
    } catch (err) {
      throw new CredentialRetrievalError(
        `credential_process: ${(err as Error).message} in ${JSON.stringify(commandLine)}`,
      );
    }
    const result = await host.run(argv);
    if (result.error !== undefined) throw new CredentialRetrievalError(result.error);
    if (result.status !== 0)
      throw new CredentialRetrievalError(`Error when retrieving credentials from custom-process: ${result.stderr}`);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    } catch (err) {
      throw new CredentialRetrievalError(jsonError(result.stdout, err as Error));
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CredentialRetrievalError(
        'Error when retrieving credentials from custom-process: the output is JSON, but not an object',
      );
    }
    if (parsed.Version !== 1) {
      throw new CredentialRetrievalError(
        `Error when retrieving credentials from custom-process: Unsupported version '${String(parsed.Version)}' for credential process provider, supported versions: 1`,
      );
    }
    for (const key of ['AccessKeyId', 'SecretAccessKey']) {
      if (typeof parsed[key] !== 'string')
        throw new CredentialRetrievalError(
          `Error when retrieving credentials from custom-process: Missing required key in response: ${key}`,
        );
    }
    const expiration = typeof parsed.Expiration === 'string' ? new Date(parsed.Expiration) : undefined;
    return {
      accessKeyId: parsed.AccessKeyId as string,
      secretAccessKey: parsed.SecretAccessKey as string,
      sessionToken: typeof parsed.SessionToken === 'string' ? parsed.SessionToken : undefined,
      expiration: expiration && !Number.isNaN(expiration.getTime()) ? expiration : undefined,
      accountId: typeof parsed.AccountId === 'string' && parsed.AccountId ? parsed.AccountId : accountId || undefined,
      source: 'custom-process',
    };
  };
}

/**
 * What is wrong with the program's output, never quoting it: it holds a secret key, and the parser's
 * own message may show the text around the fault. Text that does not start like JSON gets Python's
 * json.loads wording, as the CLI prints it; JSON that goes wrong later is placed by line and column
 * where the parser says where.
 */
function jsonError(text: string, err: Error): string {
  const start = text.search(/\S/);
  if (start !== -1 && /^([{["\-0-9]|null|true|false)/.test(text.slice(start))) {
    const at = /at position (\d+)/.exec(err.message);
    return `Invalid JSON from credential_process: the output is not valid JSON${at ? ` at ${lineAndColumn(text, Number(at[1]))}` : ''}`;
  }
  return `Expecting value: ${lineAndColumn(text, start === -1 ? 0 : start)}`;
}

/** `line L column C (char N)`, as Python's json module places a fault. */
function lineAndColumn(text: string, at: number): string {
  const before = text.slice(0, at);
  return `line ${before.split('\n').length} column ${at - before.lastIndexOf('\n')} (char ${at})`;
}
