/**
 * Shell completion in the AWS CLI completer protocol: bash (and zsh through bashcompinit) runs
 * `isoaws_completer` with COMP_LINE and COMP_POINT set (tcsh: COMMAND_LINE), and reads one candidate
 * per line. Candidates come from the models — services, operations, waiters, the operation's options,
 * enum values, the keys of a structure argument's shorthand (`--tags Key=`) — and from the CLI: its own
 * commands (configure and its subcommands, sso login), global option values and profile names, local
 * paths after `file://` / `fileb://` and in `s3 cp|mv|sync`, and, where the caller can list them
 * (the REPL), S3 buckets and keys after `s3://`. The REPL asks for candidates with descriptions.
 */
import { configProfiles, parseIni } from '../core/config/ini.js';
import { readSharedFiles } from '../core/config/profile.js';
import type { Host } from '../core/host.js';
import type { ServiceBundle, Shape } from '../core/model/types.js';
import { splitShellWords } from '../core/shell-words.js';
import { buildArgTable } from './arg-table.js';
import type { CliArg } from './command-args.js';
import {
  pageOptionFlags,
  subcommandsOf,
  takesOptionsDirectly,
  topLevelCommand,
  topLevelNames,
  type CommandRecord,
} from './command.js';
import { GLOBAL_SPECS } from './globals.js';
import { hiddenCommand, operationCommands, xformName } from './names.js';
import { getOwn } from '../core/own.js';

/** One completion; options carry the first sentence of their documentation when asked for. */
export interface Candidate {
  value: string;
  description?: string;
}

export interface CompleteOptions {
  /** The commands the models do not describe (the registry the program's entry gives). */
  commands: readonly CommandRecord[];
  /** Option descriptions from the service's documentation (loaded for it): the REPL shows them. */
  describe?: boolean;
  /**
   * The `s3://` paths that extend `path` (buckets, or keys and common prefixes under a prefix). Absent
   * (the shell completer), S3 paths are not completed: that would be a request on every Tab.
   */
  s3Paths?(path: string): Promise<string[]>;
}

/** The completer protocol's answer: the candidates' values. */
export async function complete(line: string, point: number, host: Host, opts: CompleteOptions): Promise<string[]> {
  return (await completeCandidates(line, point, host, opts)).map((c) => c.value);
}

export async function completeCandidates(
  line: string,
  point: number,
  host: Host,
  opts: CompleteOptions,
): Promise<Candidate[]> {
  const before = line.slice(0, point);
  const words = splitShellWords(before, { partial: true });
  const current = /\s$/.test(before) || words.length === 0 ? '' : words.pop()!;
  words.shift();
  // The service, operation and (for wait) waiter: the leading words that are neither options nor
  // values of global options.
  const positional: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const global = GLOBAL_SPECS.find((s) => s.flag === word && !s.positional);
    if (global) {
      if (global.nargs !== 'flag') i++;
    } else if (word.startsWith('-')) {
      used.add(word);
    } else if (positional.length < (positional[1] === 'wait' ? 3 : 2) && !isOperationOption(words[i - 1])) {
      positional.push(word);
    }
  }
  const previous = words[words.length - 1];
  const match = (candidates: Iterable<string>) =>
    values([...new Set(candidates)].filter((c) => c.startsWith(current)).sort());

  if (current.startsWith('file://') || current.startsWith('fileb://')) return values(await completePath(host, current));
  if (current.startsWith('s3://')) return opts.s3Paths ? match(await opts.s3Paths(current)) : [];

  const globalSpec = GLOBAL_SPECS.find((s) => s.flag === previous && !s.positional);
  if (globalSpec && globalSpec.nargs !== 'flag') {
    if (globalSpec.choices) return match(globalSpec.choices);
    if (globalSpec.flag === '--region') return match(await regionNames(host));
    if (globalSpec.flag === '--profile') return match(await profileNames(host));
    return [];
  }

  const index = await host.models.index();
  const [serviceName, operationName, waiterName] = positional;
  const own = topLevelCommand(opts.commands, serviceName);
  /** A command's options from its help page (those not typed yet; the global ones too once a dash is typed). */
  const commandOptions = async (record: CommandRecord, sub?: string) => {
    const page = await (await record.load()).page?.(sub);
    const options = page ? pageOptionFlags(page).filter((flag) => !used.has(flag)) : [];
    return match(
      current === '' ? options : [...options, ...GLOBAL_SPECS.filter((g) => !g.positional).map((g) => g.flag)],
    );
  };
  if (own && takesOptionsDirectly(own) && operationName === undefined)
    return current === '' || current.startsWith('-') ? commandOptions(own) : [];
  // Before the operation only the global options apply.
  if (operationName === undefined && current.startsWith('-'))
    return match(GLOBAL_SPECS.filter((g) => !g.positional && !used.has(g.flag)).map((g) => g.flag));
  if (serviceName === undefined) return match([...topLevelNames(index, opts.commands), 'help']);
  if (own) {
    if (operationName === undefined) return match(own.subcommands ?? []);
    // A transfer's local side: a path (its S3 side starts with s3://, completed above).
    if (!current.startsWith('-') && own.localPathSubcommands?.includes(operationName))
      return values(await completePath(host, current));
    return current === '' || current.startsWith('-') ? commandOptions(own, operationName) : [];
  }
  const entry = index.find((s) => s.cliName === serviceName);
  if (!entry) return [];
  const bundle = await host.models.load(entry.name);
  const commands = operationCommands(entry.cliName, bundle);
  // The commands under the service (sso login, glacier upload, wait), beside its operations; one may shadow an operation.
  const names = [...commands.keys()];
  const custom = subcommandsOf(opts.commands, entry.cliName, bundle)
    .map((c) => c.name)
    .filter((n) => !names.includes(n));
  if (operationName === undefined) {
    const operations = match([...names, ...custom, 'help']);
    if (!opts.describe) return operations;
    // Each operation's first sentence of documentation, as the shell and the playground show beside it.
    const docs = await host.models.docs?.(entry.name).catch(() => undefined);
    for (const candidate of operations) {
      const op = commands.get(candidate.value);
      const text = op ? docs?.operations[op] : undefined;
      if (text) candidate.description = firstSentence(text);
    }
    return operations;
  }
  // A command of the service's own with a page of its own replaces the operation it shadows, as in dispatch
  // (logs start-live-tail); one without (glacier complete-multipart-upload) takes the operation's arguments.
  const replacing = opts.commands.find((c) => c.under === entry.cliName && c.name === operationName);
  if (replacing && (await (await replacing.load()).page?.()))
    return current === '' || current.startsWith('-') ? commandOptions(replacing) : [];
  let opName = commands.get(operationName) ?? hiddenCommand(entry.cliName, operationName, bundle);
  const record = opName
    ? undefined
    : subcommandsOf(opts.commands, entry.cliName, bundle).find((c) => c.name === operationName && c.under !== '*');
  if (record) return current === '' || current.startsWith('-') ? commandOptions(record) : [];
  if (operationName === 'wait') {
    const waiters = Object.keys(bundle.waiters ?? {});
    if (waiterName === undefined) return match(waiters.map(xformName));
    const waiter = waiters.find((w) => xformName(w) === waiterName);
    opName = waiter ? bundle.waiters![waiter]!.operation : undefined;
  }
  if (!opName) return [];
  const operation = bundle.operations[opName]!;
  const table = buildArgTable(
    bundle,
    entry.cliName,
    operationName === 'wait' ? xformName(opName) : operationName,
    operation,
    {
      paging: operationName !== 'wait',
    },
  );
  // The argument whose value is being typed: the previous word's, or, for a list (`--tags Key=a,Value=b
  // Key=`), the last option's when only its values follow it (an empty word there offers options).
  const lastOption = words.findLastIndex((w) => w.startsWith('--'));
  const valueOf = lastOption === -1 ? undefined : table.byName.get(words[lastOption]!.slice(2));
  const previousArg =
    valueOf && (lastOption === words.length - 1 || (valueOf.nargs === 'many' && current !== '')) ? valueOf : undefined;
  if (previousArg && previousArg.nargs !== 'flag' && !current.startsWith('--')) {
    if (previousArg.shape?.enum) return match(previousArg.shape.enum);
    if (previousArg.streaming || previousArg.kind === 'outfile' || previousArg.path)
      return values(await completePath(host, current));
    return shorthandKeys(bundle, previousArg, current);
  }
  if (current.startsWith('-') || current === '') {
    const args = table.args.filter((a) => !a.hidden && !a.positional && !used.has(`--${a.name}`));
    const options = match(args.map((a) => `--${a.name}`));
    if (current !== '')
      options.push(
        ...match(GLOBAL_SPECS.filter((s) => !s.positional).map((s) => s.flag)).filter(
          (g) => !options.some((o) => o.value === g.value),
        ),
      );
    if (!opts.describe) return options.sort((a, b) => (a.value < b.value ? -1 : 1));
    const docs = await host.models.docs?.(entry.name).catch(() => undefined);
    const input = operation.input?.shape ?? '';
    for (const option of options) {
      const arg = table.byName.get(option.value.slice(2));
      const text = arg?.member ? (docs?.members[`${input}.${arg.member}`] ?? docs?.shapes[arg.member]) : undefined;
      const sentence = text ? firstSentence(text) : undefined;
      if (sentence) option.description = sentence;
    }
    return options.sort((a, b) => (a.value < b.value ? -1 : 1));
  }
  return [];
}

/** The profiles the shared files define (config `[profile x]` and `[default]`, credentials sections). */
export async function profileNames(host: Host): Promise<string[]> {
  try {
    const files = await readSharedFiles(host);
    const config =
      files.configText === undefined
        ? []
        : Object.keys(configProfiles(parseIni(files.configText, files.configPath)).profiles);
    const credentials =
      files.credentialsText === undefined ? [] : Object.keys(parseIni(files.credentialsText, files.credentialsPath));
    return [...new Set([...config, ...credentials])].sort();
  } catch {
    // A file that cannot be parsed offers no names; the command itself reports the file.
    return [];
  }
}

/** The documentation's first sentence, for a one-line description. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

/** The regions the partitions file names. */
export async function regionNames(host: Host): Promise<string[]> {
  const data = (await host.models.partitions()) as { partitions?: Array<{ regions?: Record<string, unknown> }> };
  return (data.partitions ?? []).flatMap((p) => Object.keys(p.regions ?? {}));
}

function isOperationOption(word: string | undefined): boolean {
  return word !== undefined && word.startsWith('-') && !GLOBAL_SPECS.some((s) => s.flag === word);
}

/** Local paths for `file://x`, keeping the prefix; directories end with `/` so completion can continue. */
async function completePath(host: Host, current: string): Promise<string[]> {
  const prefix = current.startsWith('fileb://') ? 'fileb://' : current.startsWith('file://') ? 'file://' : '';
  const path = current.slice(prefix.length);
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '.' : path.slice(0, slash) || '/';
  const start = slash === -1 ? '' : path.slice(0, slash + 1);
  const partial = path.slice(slash + 1);
  let names: string[];
  try {
    names = await host.fs.readDir(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names.filter((n) => n.startsWith(partial)).sort()) {
    const stat = await host.fs.stat(`${dir}/${name}`);
    out.push(`${prefix}${start}${name}${stat?.isDirectory ? '/' : ''}`);
  }
  return out;
}

/** The s3 commands with a local side (a file or directory). */

function values(list: string[]): Candidate[] {
  return list.map((value) => ({ value }));
}

/**
 * The member names of a structure argument (or a list of structures) as shorthand keys: `Key=`, or the
 * next key after the pairs already typed (`Key=a,` → `Key=a,Value=`); an enum member's values after
 * its `=`. Top-level keys only: inside brackets, shorthand has no short answer.
 */
function shorthandKeys(bundle: ServiceBundle, arg: CliArg, current: string): Candidate[] {
  let shape: Shape | undefined = arg.shape;
  if (shape?.type === 'list') shape = bundle.shapes[shape.member!.shape];
  if (shape?.type !== 'structure' || shape.document || /[[{]/.test(current)) return [];
  const start = current.lastIndexOf(',') + 1;
  const head = current.slice(0, start);
  const pair = current.slice(start);
  const members = shape.members ?? {};
  const eq = pair.indexOf('=');
  if (eq !== -1) {
    const member = getOwn(members, pair.slice(0, eq));
    const choices = member ? (bundle.shapes[member.shape]?.enum ?? []) : [];
    return values(
      choices
        .map((v) => `${head}${pair.slice(0, eq + 1)}${v}`)
        .filter((c) => c.startsWith(current))
        .sort(),
    );
  }
  const given = new Set(head.split(',').map((p) => p.slice(0, p.indexOf('='))));
  return values(
    Object.keys(members)
      .filter((m) => !given.has(m))
      .map((m) => `${head}${m}=`)
      .filter((c) => c.startsWith(current))
      .sort(),
  );
}
