/**
 * The shell's history (~/.isoaws/repl_history): what it keeps, and what it must never keep. A line
 * that hands over a secret (`configure set aws_secret_access_key …`, `--sse-c-key …`, a password or
 * secret string as an option, in JSON, in shorthand or as a JavaScript property) stays out of it, and
 * so do answers typed at a command's questions (`configure`'s keys, an MFA code): the file outlives the
 * session, and secrets in it would be read by anything that reads the home directory.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { REPLServer } from 'node:repl';
import { AbortedError } from '../src/core/errors.js';

/** Option names (without `--`) whose value is a secret; `--secret-id`, `--next-token` and the like are not. */
const SECRET_OPTION = /(?:^|-)(?:password|passphrase|secret|secret-string|secret-binary|secret-access-key|client-secret|private-key|sse-c-key|sse-c-copy-source-key|session-token|access-token|refresh-token|auth-token|api-key)$/i;
/** Keys (JSON, shorthand, JavaScript, config) that name a secret, followed by their `:` or `=`. */
const SECRET_KEY = /(?:password|passphrase|secret(?:_?access_?key|string|binary)?|clientsecret|private_?key|session_?token|access_?token|refresh_?token|auth_?token|api_?key)["']?\s*[:=]/i;

/** Whether a typed line holds a secret, and so is kept out of the history. */
export function holdsSecret(line: string): boolean {
  if (SECRET_KEY.test(line.replace(/-/g, '_'))) return true;
  for (const match of line.matchAll(/(?:^|\s)--([\w-]+)/g)) if (SECRET_OPTION.test(match[1]!)) return true;
  // `configure set aws_secret_access_key VALUE` (the name may carry a profile: profile.dev.aws_session_token).
  return /\bconfigure\s+set\s+\S*(?:aws_secret_access_key|aws_session_token)\b/.test(line);
}

/**
 * Keeps history in `path` (created readable by the user alone), leaving out lines that hold a secret
 * (and saying so through `note`): node:repl adds every line, and writes the file a moment later, so such
 * a line is taken off first.
 */
export async function openHistory(server: REPLServer, path: string, note: (text: string) => void): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await new Promise<void>((resolve) => {
    // A history that cannot be opened only costs the history: the shell starts regardless.
    server.setupHistory(path, () => resolve());
  });
  server.prependListener('history', (history: string[]) => {
    if (history[0] === undefined || !holdsSecret(history[0])) return;
    history.shift();
    note('(This line holds a secret: it is not kept in the history.)\n');
  });
}

/**
 * Asks a command's question on the shell's line editor, the answer kept out of the history (readline
 * adds nothing while its history size is 0).
 */
export function askOutsideHistory(server: REPLServer, question: string, signal: AbortSignal | undefined): Promise<string> {
  const editor = server as unknown as { historySize: number };
  const size = editor.historySize;
  editor.historySize = 0;
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => {
      editor.historySize = size;
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    server.question(question, { signal }, (answer) => {
      editor.historySize = size;
      signal?.removeEventListener('abort', onAbort);
      resolve(answer);
    });
  });
}
