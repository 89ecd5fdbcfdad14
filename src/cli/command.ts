/**
 * Commands the service models do not describe — `s3`, `configure`, `sso login`, `glacier upload`,
 * `<service> wait` — as records of one registry (src/commands/registry.ts). The CLI never imports the
 * commands: the program's entries hand it the registry, and dispatch, completion and the shell read
 * the same records. A command's module is loaded only when it runs.
 */
import type { Client } from '../core/client.js';
import type { LoadedProfile } from '../core/config/profile.js';
import type { ServiceBundle, ServiceIndexEntry } from '../core/model/types.js';
import { parseKnownArgs, type OptionSpec } from './argparse.js';
import type { CliContext } from './context.js';
import type { CommandPage } from './help.js';
import type { ServiceTarget } from './operation.js';
import { unknownOptions } from './usage.js';

export interface CommandRecord {
  /** What is typed: `s3`, `configure`; under a service, `login`, `upload`, `wait`. */
  name: string;
  /** The service (its CLI name) it is a subcommand of; `*` for every service `applies` to; absent for a command of its own. */
  under?: string;
  /** For `under: '*'`: whether a service has it (`wait`: the service has waiters). */
  applies?(bundle: ServiceBundle): boolean;
  /** One line: what it does. */
  summary: string;
  /** What completes after it (s3's `cp`, `ls`…; configure's `get`, `set`…, `help`). */
  subcommands?: readonly string[];
  /** Its subcommands when the service's model names them (wait: the waiters), which `subcommands` cannot list. */
  modelSubcommands?(bundle: ServiceBundle): string[];
  /** The subcommands after which a local path is typed (s3's `cp`, `mv`, `sync`), for completion. */
  localPathSubcommands?: readonly string[];
  load(): Promise<CommandModule>;
}

export interface CommandModule {
  /** Runs the command with the words after its name; resolves to the exit code. */
  run(env: CommandEnv, args: readonly string[]): Promise<number>;
  /**
   * Its help page, or its subcommand `sub`'s (`s3 cp`, `configure set`); undefined for a subcommand it does
   * not have. The CLI shows it for a trailing `help`, completion offers its options and the shell's `?`
   * its synopsis. Absent for a command whose page is its service's (`wait`, an operation's own).
   */
  page?(sub?: string): Promise<CommandPage | undefined>;
}

/** An option of a command, declared once: how argparse reads it and its entry on the help page. */
export interface CommandOption {
  /** One spec, or two for a pair such as --follow-symlinks / --no-follow-symlinks. */
  specs: OptionSpec[];
  /** Its line on the help page: `--acl (string)`. */
  shown: string;
  text: string;
}

export function flagOption(name: string, text: string): CommandOption {
  return {
    specs: [{ flag: `--${name}`, dest: name, nargs: 'flag', constValue: true }],
    shown: `--${name} (boolean)`,
    text,
  };
}

/** An option with a value of `type` (as its page names it: string, integer, list, map, blob). */
export function valueOption(name: string, type: string, text: string, spec: Partial<OptionSpec> = {}): CommandOption {
  return { specs: [{ flag: `--${name}`, dest: name, nargs: 'one', ...spec }], shown: `--${name} (${type})`, text };
}

/** An option's word in a synopsis: `--file <value>` when required, `[--recursive]`, `[--grants <value> [<value>...]]`. */
export function synopsisEntry(option: CommandOption): string {
  const [spec] = option.specs;
  const flags = option.shown.replace(/ \(.*$/, '');
  const values = {
    flag: '',
    many: ' <value> [<value>...]',
    pair: ' <key> <value>',
    one: ' <value>',
    optional: ' <value>',
  };
  const form = `${flags}${values[spec!.nargs]}`;
  return spec!.required ? form : `[${form}]`;
}

/** The help page's entries for options. */
export function pageOptions(options: readonly CommandOption[]): CommandPage['options'] {
  return options.map((o) => ({ flag: o.shown, text: o.text }));
}

/** A command's words read against its options (and positionals): one it does not have is the CLI's error. */
export function readCommandOptions(
  options: readonly CommandOption[],
  args: readonly string[],
  positionals: readonly OptionSpec[] = [],
): Map<string, unknown> {
  const { values, extras } = parseKnownArgs([...positionals, ...options.flatMap((o) => o.specs)], args);
  if (extras.length) throw unknownOptions(extras);
  return values;
}

/** A command's help page, its synopsis (after `head`, the name unless given) and entries made from its options. */
export function commandPage(
  page: Omit<CommandPage, 'synopsis' | 'options'>,
  options: readonly CommandOption[],
  head: readonly string[] = [page.name],
): CommandPage {
  return { ...page, synopsis: [...head, ...options.map(synopsisEntry)], options: pageOptions(options) };
}

/** The options a page lists (`--follow-symlinks | --no-follow-symlinks (boolean)` is two), for completion. */
export function pageOptionFlags(page: CommandPage): string[] {
  return page.options.flatMap((o) => o.flag.match(/--[a-z0-9-]+/g) ?? []);
}

/**
 * The page a trailing `help` asks for: `s3 help`, `s3 cp … help`, `sso login help` (`words` are those
 * after the command's name). Undefined when the words are not a help request the command answers.
 */
export async function helpRequest(module: CommandModule, words: readonly string[]): Promise<CommandPage | undefined> {
  if (words.at(-1) !== 'help' || !module.page) return undefined;
  return module.page(words.length > 1 ? words[0] : undefined);
}

/** What a command gets from the CLI that runs it: its context, and the engine set up on demand. */
export interface CommandEnv {
  ctx: CliContext;
  /** The service a subcommand is under. */
  entry?: ServiceIndexEntry;
  /** The active profile, as the files have it (nothing applied). */
  profile(): Promise<LoadedProfile>;
  /** A client for the command's service (or `envId`'s), the profile's output defaults applied. */
  client(envId?: string): Promise<Client>;
  /**
   * The service a subcommand is under, loaded, with its client (the profile's output defaults applied): its
   * whole model, or, given `operations`, at least theirs.
   */
  service(operations?: readonly string[]): Promise<ServiceTarget>;
  /** A client for a credential source's own service (SSO, SSO_OIDC, STS): unsigned without credentials. */
  sourceClient(profile: LoadedProfile, envId: string, region: string): Promise<Client>;
  /** Runs the modeled operation the subcommand's name shadows, with these words (a command that only prepares arguments). */
  operation(args: readonly string[]): Promise<number>;
}

/** The names a user can type first: the services' and the commands of their own. */
export function topLevelNames(index: readonly ServiceIndexEntry[], commands: readonly CommandRecord[]): string[] {
  return [...index.map((s) => s.cliName), ...commands.filter((c) => c.under === undefined).map((c) => c.name)].sort();
}

/** The command of its own (under no service) that `name` names: `s3`, `configure`, `login`. */
export function topLevelCommand(
  commands: readonly CommandRecord[],
  name: string | undefined,
): CommandRecord | undefined {
  return commands.find((c) => c.under === undefined && c.name === name);
}

/** Whether the command takes its options right after its name: one of its own without subcommands (`login`). */
export function takesOptionsDirectly(record: CommandRecord): boolean {
  return record.under === undefined && record.subcommands === undefined;
}

/** The commands under a service (its own, and those of every service that apply to it). */
export function subcommandsOf(
  commands: readonly CommandRecord[],
  cliName: string,
  bundle: ServiceBundle,
): CommandRecord[] {
  return commands.filter((c) => c.under === cliName || (c.under === '*' && (c.applies?.(bundle) ?? true)));
}
