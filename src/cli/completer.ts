/**
 * Shell completion in the AWS CLI completer protocol: bash (and zsh through bashcompinit) runs
 * `isoaws_completer` with COMP_LINE and COMP_POINT set (tcsh: COMMAND_LINE), and reads one candidate
 * per line. Candidates come from the models — services, operations, waiters, the operation's options,
 * enum values — and from the CLI: its own commands (configure and its subcommands, sso login), global
 * option values, and local paths after `file://` / `fileb://`.
 */
import type { Host } from '../core/host.js';
import { splitShellWords } from '../core/shell-words.js';
import { buildArgTable } from './arg-table.js';
import { GLOBAL_SPECS } from './globals.js';
import { xformName } from './names.js';

export async function complete(line: string, point: number, host: Host): Promise<string[]> {
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
  const match = (candidates: Iterable<string>) => [...new Set(candidates)].filter((c) => c.startsWith(current)).sort();

  if (current.startsWith('file://') || current.startsWith('fileb://')) return completePath(host, current);

  const globalSpec = GLOBAL_SPECS.find((s) => s.flag === previous && !s.positional);
  if (globalSpec && globalSpec.nargs !== 'flag') {
    if (globalSpec.choices) return match(globalSpec.choices);
    if (globalSpec.flag === '--region') return match(await regionNames(host));
    return [];
  }

  const index = await host.models.index();
  const [serviceName, operationName, waiterName] = positional;
  if (serviceName === undefined) return match([...index.map((s) => s.cliName), 'configure', 's3', 'help']);
  if (serviceName === 'configure') {
    return operationName === undefined ? match([...(await import('./configure.js')).CONFIGURE_SUBCOMMANDS, 'help']) : [];
  }
  if (serviceName === 's3') return operationName === undefined ? match((await import('../commands/s3/index.js')).S3_COMMANDS) : [];
  const entry = index.find((s) => s.cliName === serviceName);
  if (!entry) return [];
  const bundle = await host.models.load(entry.name);
  const opNames = Object.keys(bundle.operations);
  // sso's login and logout are the CLI's own commands beside the portal API (logout shadows its operation);
  // glacier's tree-hash and upload are isoaws's.
  const custom = entry.cliName === 'sso' ? ['login', 'logout'] : entry.cliName === 'glacier' ? (await import('../commands/glacier/index.js')).GLACIER_COMMANDS : [];
  if (operationName === undefined) return match([...opNames.map(xformName), ...custom, ...(bundle.waiters ? ['wait'] : []), 'help']);
  let opName = opNames.find((op) => xformName(op) === operationName);
  if (operationName === 'wait') {
    const waiters = Object.keys(bundle.waiters ?? {});
    if (waiterName === undefined) return match(waiters.map(xformName));
    const waiter = waiters.find((w) => xformName(w) === waiterName);
    opName = waiter ? bundle.waiters![waiter]!.operation : undefined;
  }
  if (!opName) return [];
  const table = buildArgTable(bundle, entry.cliName, bundle.operations[opName]!, { paging: operationName !== 'wait' });
  const previousArg = previous?.startsWith('--') ? table.byName.get(previous.slice(2)) : undefined;
  if (previousArg && previousArg.nargs !== 'flag' && !current.startsWith('--')) {
    if (previousArg.shape?.enum) return match(previousArg.shape.enum);
    if (previousArg.streaming || previousArg.kind === 'outfile') return completePath(host, current);
    return [];
  }
  if (current.startsWith('-') || current === '') {
    const options = table.args.filter((a) => !a.hidden && !a.positional).map((a) => `--${a.name}`).filter((o) => !used.has(o));
    const globals = GLOBAL_SPECS.filter((s) => !s.positional).map((s) => s.flag);
    return current === '' ? match(options) : match([...options, ...globals]);
  }
  return [];
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

async function regionNames(host: Host): Promise<string[]> {
  const data = await host.models.partitions() as { partitions?: Array<{ regions?: Record<string, unknown> }> };
  return (data.partitions ?? []).flatMap((p) => Object.keys(p.regions ?? {}));
}
