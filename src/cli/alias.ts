/**
 * The AWS CLI's user aliases (awscli/alias.py, AWS CLI v2): `~/.aws/cli/alias`, an INI file that the CLI
 * reads on every run, whatever the command. `[toplevel]` names commands typed first; `[command ec2]` or
 * `[command ec2 wait]` name subcommands of that command; `[command <service> <operation>]` names bags of
 * options, found among the operation's arguments. A value is either the words that take the alias's place
 * (split as shlex does; the global options among them applied as if typed, over those the user typed),
 * or, after `!`, a shell command run with the remaining arguments appended, quoted.
 *
 * An alias may shadow a built-in command (the CLI puts aliases in its command table over the built-ins):
 * a top-level alias whose value starts with its own name then means the built-in, and a subcommand alias
 * hands the built-in what follows its value's first word. Aliases may name other aliases.
 *
 * Expansion rewrites the command line before the driver dispatches it, so that dispatch, help pages and
 * usage errors stay the driver's; the driver says, for a command's words, what follows them (`Level`),
 * and is asked only where the file has aliases to apply.
 */
import { AbortedError, IsoawsError } from '../core/errors.js';
import { parseIni } from '../core/config/ini.js';
import type { Host } from '../core/host.js';
import { expandUser } from '../core/local-paths.js';
import { ShellWordsError, splitShellWords } from '../core/shell-words.js';
import { invalidChoice, parseKnownArgs, type OptionSpec } from './argparse.js';
import { parseGlobals, type GlobalArgs } from './globals.js';
import { UsageError } from './usage.js';

/** The alias file's aliases, each value trimmed as the CLI keeps it. */
export interface AliasFile {
  /** `[toplevel]`, in file order. */
  toplevel: Record<string, string>;
  /** `[command ec2 wait]` sections, keyed by their command's words joined by one space (`ec2 wait`). */
  commands: Map<string, Record<string, string>>;
}

/**
 * What follows a command's words: a subcommand, named by the next word (with the built-in names there),
 * or an operation's arguments (their options and positionals, as argparse reads them).
 */
export type Level =
  { kind: 'subcommand'; names: readonly string[] } | { kind: 'options'; specs: readonly OptionSpec[] };

export type LevelOf = (lineage: readonly string[]) => Promise<Level | undefined>;

/** A `!` alias to run: the shell command, and the arguments that followed the alias. */
export interface ExternalAlias {
  name: string;
  command: string;
  args: string[];
}

export type Expansion = { kind: 'command'; globals: GlobalArgs } | ({ kind: 'external' } & ExternalAlias);

/** An alias that cannot be used: the CLI's InvalidAliasException (exit 255). */
export class InvalidAliasError extends IsoawsError {
  override name = 'InvalidAliasError';
}

/** Where the CLI reads aliases: fixed under the home directory (no setting or variable moves it). */
export const ALIAS_FILE = '~/.aws/cli/alias';

/**
 * The alias file, or undefined when there is none (one stat). A file that is not INI fails every
 * command, as in the CLI, which reads it before parsing the command line.
 */
export async function loadAliases(host: Host): Promise<AliasFile | undefined> {
  const path = expandUser(host, ALIAS_FILE);
  const stat = await host.fs.stat(path).catch(() => undefined);
  if (!stat?.isFile) return undefined;
  // An unreadable file is no file to configparser's read(), which skips what it cannot open.
  const bytes = await host.fs.readFile(path).catch(() => undefined);
  if (!bytes) return undefined;
  const sections = parseIni(new TextDecoder().decode(bytes), path, { nested: false });
  const file: AliasFile = { toplevel: {}, commands: new Map() };
  for (const [name, values] of Object.entries(sections)) {
    const aliases = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value).trim()]));
    if (name === 'toplevel') file.toplevel = aliases;
    else if (name.startsWith('command ')) {
      const words = name.split(/\s+/).slice(1).filter(Boolean);
      if (words.length) file.commands.set(words.join(' '), aliases);
    }
  }
  return file;
}

/**
 * The command line with its aliases expanded: the global options (the user's, with those of the
 * aliases over them) and the command's words, or the `!` alias to run instead. Throws the CLI's errors
 * for a value that cannot be split, names no command, or sets --profile or --debug.
 */
export async function expandAliases(aliases: AliasFile, globals: GlobalArgs, levelOf: LevelOf): Promise<Expansion> {
  if (globals.command === undefined) return { kind: 'command', globals };
  const merged: GlobalArgs = { ...globals };
  let words = [globals.command, ...globals.rest];
  for (let depth = 0; depth < words.length; depth++) {
    const lineage = words.slice(0, depth);
    const section = depth === 0 ? aliases.toplevel : aliases.commands.get(lineage.join(' '));
    if (section && (depth > 0 || Object.hasOwn(section, words[0]!))) {
      const level = await levelOf(lineage);
      if (level?.kind === 'options') return done(expandBags(section, level.specs, words, depth, merged), merged);
      if (level?.kind === 'subcommand') {
        const expanded = expandSubcommand(section, level.names, words, depth, merged);
        if (!('words' in expanded)) return { kind: 'external', ...expanded };
        words = expanded.words;
        // The CLI hands the shadowed subcommand on as an object out of its command's table, which no
        // longer knows its place: the sections below it are not looked up (alias.py, clidriver.py).
        if (expanded.shadowed && depth > 0) break;
      }
    }
    if (!hasSections(aliases, words.slice(0, depth + 1))) break;
  }
  return done(words, merged);
}

/**
 * Runs a `!` alias through the host's shell: the value after `!`, then each argument quoted as
 * shlex.quote does. Resolves to the exit code the CLI exits with: the program's, or 256 - N when
 * signal N ended it (Python's sys.exit of subprocess.call's -N).
 */
export async function runExternalAlias(host: Host, alias: ExternalAlias, signal?: AbortSignal): Promise<number> {
  if (!host.runShell)
    throw new InvalidAliasError(
      `Alias "${alias.name}" runs a shell command (!${alias.command}), and programs cannot be started here; aliases of commands work.`,
    );
  const status = await host.runShell([alias.command, ...alias.args.map(shellQuote)].join(' '));
  // Ctrl-C reached the program and the CLI alike: the CLI stops as for any interrupted command.
  if (signal?.aborted) throw new AbortedError();
  return status < 0 ? 256 + status : status;
}

/** The names a first word may take, for the CLI's invalid-choice list: the built-ins, then the aliases of the file. */
export function withAliasNames(builtins: readonly string[], toplevel: Record<string, string> = {}): string[] {
  const own = Object.keys(toplevel).filter((name) => !builtins.includes(name));
  return [...builtins, ...own];
}

/** The words of a command with aliases at `depth` expanded, or the `!` alias met there. */
function expandSubcommand(
  section: Record<string, string>,
  builtins: readonly string[],
  start: readonly string[],
  depth: number,
  merged: GlobalArgs,
): { words: string[]; shadowed: boolean } | ExternalAlias {
  const lineage = start.slice(0, depth);
  const seen: string[] = [];
  let words = [...start];
  for (;;) {
    const name = words[depth];
    // Below the top, `help` is the command's own: the CLI adds it to a command's table after the aliases.
    if (name === undefined || !Object.hasOwn(section, name) || (depth > 0 && name === 'help'))
      return { words, shadowed: false };
    if (seen.includes(name)) throw endless([...seen, name]);
    seen.push(name);
    const value = section[name]!;
    const after = words.slice(depth + 1);
    if (value.startsWith('!')) return { name, command: value.slice(1), args: after };
    const aliasWords = valueWords(name, value);
    // Below the top, the value is read after the command's name, as the CLI's main parser reads it again.
    const parsed = parseGlobals(depth === 0 ? aliasWords : [words[0]!, ...aliasWords]);
    if (depth === 0) checkCommand(parsed.command, builtins, section);
    applyGlobals(merged, parsed, name);
    const expansion = [...(depth === 0 ? [parsed.command!] : []), ...parsed.rest, ...after];
    if (builtins.includes(name)) {
      // alias.py, InternalAliasSubCommand: the shadowed subcommand gets the words after the value's first.
      if (depth > 0) return { words: [...lineage, name, ...expansion.slice(1)], shadowed: true };
      // ServiceAliasCommand: the shadowed command only when the value names it.
      if (parsed.command === name) return { words: [...lineage, ...expansion], shadowed: true };
    }
    words = [...lineage, ...expansion];
  }
}

/**
 * An operation's words with its bags of options expanded: the first positional word (as argparse reads
 * the operation's arguments, none required) must name one of the section's aliases; it is taken out
 * (its first occurrence, as the CLI removes it) and the alias's words put before the rest.
 */
function expandBags(
  section: Record<string, string>,
  specs: readonly OptionSpec[],
  start: readonly string[],
  depth: number,
  merged: GlobalArgs,
): string[] | ExternalAlias {
  const lineage = start.slice(0, depth);
  const choices = Object.keys(section);
  const seen: string[] = [];
  let words = [...start];
  for (;;) {
    const args = words.slice(depth);
    // `help` alone is the operation's page, read before its arguments (ArgTableArgParser).
    if (args.length === 1 && args[0] === 'help') return words;
    const subcommand: OptionSpec = {
      flag: 'subcommand',
      dest: '\0subcommand',
      nargs: 'one',
      positional: true,
      choices,
    };
    const name = parseKnownArgs([...specs, subcommand], args).values.get(subcommand.dest) as string | undefined;
    if (name === undefined) return words;
    // A bag may be given twice; one that keeps bringing itself back is stopped, where Python's recursion would be.
    seen.push(name);
    if (seen.length > MAX_BAGS) throw endless(seen);
    const rest = [...args];
    rest.splice(rest.indexOf(name), 1);
    const value = section[name]!;
    if (value.startsWith('!')) return { name, command: value.slice(1), args: rest };
    const parsed = parseGlobals([words[0]!, ...valueWords(name, value)]);
    applyGlobals(merged, parsed, name);
    words = [...lineage, ...parsed.rest, ...rest];
  }
}

const MAX_BAGS = 100;

function done(expanded: string[] | ExternalAlias, merged: GlobalArgs): Expansion {
  if (!Array.isArray(expanded)) return { kind: 'external', ...expanded };
  return { kind: 'command', globals: { ...merged, command: expanded[0], rest: expanded.slice(1) } };
}

/** Whether the file has sections for `lineage` or for commands under it. */
function hasSections(aliases: AliasFile, lineage: readonly string[]): boolean {
  const key = lineage.join(' ');
  for (const name of aliases.commands.keys()) if (name === key || name.startsWith(`${key} `)) return true;
  return false;
}

/** An alias's value as words: shlex.split, each word without the line breaks at its ends. */
function valueWords(name: string, value: string): string[] {
  try {
    return splitShellWords(value).map((word) => word.replace(/^\n+|\n+$/g, ''));
  } catch (err) {
    if (!(err instanceof ShellWordsError)) throw err;
    throw new InvalidAliasError(
      `Value of alias "${name}" could not be parsed. Received error: ${err.message} when parsing:\n${value}`,
    );
  }
}

/** A top-level alias must name a command, as the CLI's main parser requires of what it parses. */
function checkCommand(command: string | undefined, builtins: readonly string[], section: Record<string, string>) {
  if (command === undefined) throw new UsageError('the following arguments are required: command');
  if (!builtins.includes(command) && !Object.hasOwn(section, command))
    throw new UsageError(invalidChoice('command', command, withAliasNames(builtins, section)));
}

/** Global options the CLI refuses in an alias (alias.py), and --sandbox, which chooses the host before aliases are read. */
const REFUSED: readonly (keyof GlobalArgs)[] = ['debug', 'profile', 'sandbox'];

/** The global options an alias gives (those unlike their defaults, as the CLI tells them) set over `merged`. */
function applyGlobals(merged: GlobalArgs, parsed: GlobalArgs, name: string): void {
  const defaults = parseGlobals([]);
  for (const key of Object.keys(parsed) as (keyof GlobalArgs)[]) {
    if (key === 'command' || key === 'rest' || parsed[key] === defaults[key]) continue;
    if (REFUSED.includes(key))
      throw new InvalidAliasError(
        `Global parameter "--${key}" detected in alias "${name}" which is not supported in subcommand aliases.`,
      );
    Object.assign(merged, { [key]: parsed[key] });
  }
}

/**
 * The answer to an alias that expands without end (the CLI fails there with Python's RecursionError):
 * `names` are the aliases expanded in turn, the last one met again; the loop is named from its previous turn.
 */
function endless(names: readonly string[]): InvalidAliasError {
  const last = names.at(-1)!;
  const loop = names.slice(Math.max(0, names.lastIndexOf(last, names.length - 2)));
  return new InvalidAliasError(
    `Alias "${last}" refers back to itself (${loop.join(' -> ')}), so it would never finish expanding.`,
  );
}

/** Python's shlex.quote: the word as it is when it is safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(word)) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}
