/**
 * The Node shell's history (~/.isoaws/repl_history) on node:repl: lines that hand over a secret stay out
 * of it (src/shell/history.ts says which), and so do answers typed at a command's questions
 * (`configure`'s keys, an MFA code): the file outlives the session, and secrets in it would be read by
 * anything that reads the home directory.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { REPLServer } from 'node:repl';
import { AbortedError } from '../src/core/errors.js';
import { holdsSecret } from '../src/shell/history.js';

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
export function askOutsideHistory(
  server: REPLServer,
  question: string,
  signal: AbortSignal | undefined,
): Promise<string> {
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
