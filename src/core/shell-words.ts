/**
 * Words of a command line as Python's shlex.split (POSIX mode) makes them — whitespace separates,
 * single quotes keep everything, double quotes keep spaces and honour `\"` and `\\`, a backslash
 * outside quotes escapes the next character (one at the very end is shlex's "No escaped character").
 * Used for `credential_process` (as botocore splits it), for the values of the alias file (as the CLI
 * splits them), for lines typed at the isoaws prompt, and, with `partial`, for completing a line whose
 * last quote is still open.
 */
export class ShellWordsError extends Error {
  override name = 'ShellWordsError';
}

/**
 * `home`: a `~` that starts an unquoted word, alone or before `/`, is the home directory, as a terminal's
 * shell expands it before the program sees the word (`get-object … ~/out.json`).
 */
export function splitShellWords(text: string, opts: { partial?: boolean; home?: string } = {}): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (c === '"' && text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) j++;
        word += text[j] ?? '';
      }
      if (j >= text.length && !opts.partial) throw new ShellWordsError('No closing quotation');
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (c === '\\' && !opts.partial) {
      throw new ShellWordsError('No escaped character');
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '~' && !inWord && opts.home !== undefined && /^(\/|\s|$)/.test(text.slice(i + 1, i + 2))) {
      word += opts.home;
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
