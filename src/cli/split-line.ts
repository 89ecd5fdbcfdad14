/**
 * Splits a line typed at the isoaws prompt into arguments (shell-words.ts); an unterminated quote is
 * a usage error naming it.
 */
import { ShellWordsError, splitShellWords } from '../core/shell-words.js';
import { ArgumentError } from './usage.js';

export function splitLine(line: string): string[] {
  try {
    return splitShellWords(line);
  } catch (err) {
    if (err instanceof ShellWordsError) throw new ArgumentError(`${err.message} in the command line`);
    throw err;
  }
}
