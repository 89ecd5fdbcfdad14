/**
 * What a line typed at the isoaws prompt is: a command in the CLI's language (the leading `aws` or
 * `isoaws` optional), a request for a command's synopsis (`ec2 describe-instances ?`), JavaScript, or
 * the start of something longer (an open quote or bracket, a trailing backslash) that the next lines
 * complete. Decided synchronously and without running anything: node:repl asks whether input is
 * complete before it evaluates it.
 *
 * A line is the CLI's when its first word names a command (a service, `s3`, `configure`, `help`) or a
 * global option, and its second word, if any, could be an operation or an option. So `s3 ls` is a
 * command and `s3.length`, `lambda = 1` or `sts` followed by `=` are JavaScript. A line shaped like a
 * command (`dynamdb list-tables`) that is not JavaScript either is a mistyped command: the CLI answers
 * it (invalid choice, close matches), rather than JavaScript's `SyntaxError`.
 */
import { GLOBAL_SPECS } from '../cli/globals.js';
import { ShellWordsError, splitShellWords } from '../core/shell-words.js';

export type Line =
  /** Nothing to run: blank, or a `#` comment. */
  | { kind: 'blank' }
  /** Arguments for runCli. */
  | { kind: 'cli'; args: string[] }
  /** The command so far, whose synopsis and options to show (the line ended in `?`). */
  | { kind: 'describe'; args: string[] }
  /** Not finished: an open quote or bracket, or a backslash at the end; read another line. */
  | { kind: 'incomplete' }
  | { kind: 'js'; code: string };

/**
 * `commands`: the CLI's command names (the service CLI names, `s3`, `configure`, `help`); `home`: where
 * `~` leads, expanded as a terminal's shell does.
 */
export function classifyLine(text: string, commands: ReadonlySet<string>, home?: string): Line {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'blank' };
  if (trimmed === '?') return { kind: 'describe', args: [] };
  const start = withoutProgram(splitShellWords(trimmed, { partial: true }));
  if (!isCommand(start, commands) && !isMistypedCommand(start, trimmed)) return { kind: 'js', code: text };
  if (isOpen(trimmed)) return { kind: 'incomplete' };
  let args: string[];
  try {
    // A backslash before a line break continues the line, as in a shell.
    args = withoutProgram(splitShellWords(trimmed.replace(/\\\r?\n/g, ' '), { home }));
  } catch (err) {
    if (err instanceof ShellWordsError) return { kind: 'incomplete' };
    throw err;
  }
  if (args[args.length - 1] === '?' && /\s\?$/.test(trimmed)) return { kind: 'describe', args: args.slice(0, -1) };
  return { kind: 'cli', args };
}

/** The command's words without the program name typed before them out of habit. */
export function withoutProgram(words: string[]): string[] {
  return words.length > 1 && (words[0] === 'aws' || words[0] === 'isoaws') ? words.slice(1) : words;
}

const GLOBAL_FLAGS = new Set(GLOBAL_SPECS.filter((s) => !s.positional).map((s) => s.flag));

function isCommand(words: string[], commands: ReadonlySet<string>): boolean {
  const [first, second] = words;
  if (first === undefined) return false;
  if (GLOBAL_FLAGS.has(first)) return true;
  if (!commands.has(first)) return false;
  return second === undefined || second === '?' || /^(-|[a-z0-9][a-z0-9-]*$)/.test(second);
}

/** JavaScript's own words, which begin a line of JavaScript however it goes on. */
const JS_KEYWORDS = new Set([
  'await',
  'async',
  'break',
  'case',
  'class',
  'const',
  'continue',
  'debugger',
  'delete',
  'do',
  'else',
  'export',
  'for',
  'function',
  'if',
  'import',
  'in',
  'let',
  'new',
  'return',
  'static',
  'switch',
  'this',
  'throw',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
]);

/** The constructor of async functions: compiling a line as one's body tells whether it is JavaScript (top-level await included). */
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as FunctionConstructor;

/** Two or more words shaped like a command and its operation or options, which do not compile as JavaScript. */
function isMistypedCommand(words: string[], text: string): boolean {
  const [first, second] = words;
  if (first === undefined || second === undefined || JS_KEYWORDS.has(first)) return false;
  if (!/^[a-z][a-z0-9-]*$/.test(first) || !/^(-|[a-z0-9][a-z0-9-]*$)/.test(second)) return false;
  try {
    // Compiled, never run.
    new AsyncFunction(text);
    return false;
  } catch {
    return true;
  }
}

/**
 * A quote left open, more `{`/`[` than `}`/`]` outside quotes (JSON typed over several lines), or a
 * backslash at the very end.
 */
function isOpen(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '\\') {
      if (i === text.length - 1) return true;
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
    }
  }
  return quote !== undefined || depth > 0;
}
