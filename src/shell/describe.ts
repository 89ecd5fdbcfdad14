/**
 * `?` after a partial command: a short answer in place of the help page. After a service, its
 * operations; after an operation, its synopsis (required options first) and each option with its type
 * and the first sentence of its documentation, from the same argument table and docs as `help`.
 */
import type { Host } from '../core/host.js';
import type { ServiceIndexEntry } from '../core/model/types.js';
import { buildArgTable } from '../cli/arg-table.js';
import { subcommandsOf, takesOptionsDirectly, topLevelCommand } from '../cli/command.js';
import type { CommandPage } from '../cli/help.js';
import { firstSentence } from '../cli/completer.js';
import { COMMANDS, completeCandidates } from '../cli-app.js';
import { operationCommands } from '../cli/names.js';

export async function describeCommand(host: Host, args: readonly string[], width: number): Promise<string> {
  const words = args.filter((w) => !w.startsWith('-'));
  const [service, operation] = words;
  const index = await host.models.index();
  const entry = service === undefined ? undefined : index.find((s) => s.cliName === service);
  const page =
    service === undefined
      ? undefined
      : operation === undefined
        ? await ownPage(service)
        : await commandPage(host, entry, service, operation);
  if (page) return describePage(operation === undefined ? [service!] : [service!, operation], page, width);
  if (service === undefined || (!entry && !topLevelCommand(COMMANDS, service))) {
    return (
      `A command is a service and an operation (Tab completes them): ${wrap(['s3', 's3api', 'ec2', 'sts', 'iam', 'dynamodb', '…'].join(' '), width, 2).trimStart()}\n` +
      'Anything else is JavaScript: `aws` is the client, `$` the last result. .help lists the session commands.\n'
    );
  }
  if (!entry || operation === undefined || operation === 'wait') {
    // The service's operations (s3 and configure: their subcommands; wait: its waiters), as Tab would list them.
    const typed = `isoaws ${service} ${operation === 'wait' ? 'wait ' : ''}`;
    const names = (await completeCandidates(typed, typed.length, host)).map((c) => c.value);
    const bundle = entry ? await host.models.load(entry.name) : undefined;
    const title =
      operation === 'wait'
        ? 'waits until a resource reaches a state; the waiters:'
        : (bundle?.metadata.serviceFullName ?? topLevelCommand(COMMANDS, service)?.summary);
    return `${typed.slice('isoaws '.length).trimEnd()}: ${title}\n${wrap(names.join(' '), width, 2)}\n`;
  }
  const bundle = await host.models.load(entry.name);
  const opName = operationCommands(entry.cliName, bundle).get(operation);
  if (!opName) return `${service} has no operation ${operation}; "${service} ?" lists them.\n`;
  const op = bundle.operations[opName]!;
  const table = buildArgTable(bundle, entry.cliName, operation, op);
  const visible = table.args.filter((a) => !a.hidden && !(a.nargs === 'flag' && a.flagValue === false));
  const docs = await host.models.docs?.(entry.name).catch(() => undefined);
  const usage = [...visible]
    .sort((a, b) => Number(b.required) - Number(a.required))
    .map((a) => {
      const form = a.positional ? `<${a.name}>` : a.nargs === 'flag' ? `--${a.name}` : `--${a.name} <value>`;
      return a.required ? form : `[${form}]`;
    });
  const lines = [wrap(`${service} ${operation} ${usage.join(' ')}`, width, 4).trimStart()];
  const summary = docs?.operations[opName];
  if (summary) lines.push(`  ${firstSentence(summary)}`);
  const input = op.input?.shape ?? '';
  const nameWidth = Math.min(32, Math.max(...visible.map((a) => a.name.length + 2)));
  for (const arg of visible) {
    const text = arg.member ? (docs?.members[`${input}.${arg.member}`] ?? docs?.shapes[arg.member]) : undefined;
    const type = arg.shape?.type ?? (arg.nargs === 'flag' ? 'boolean' : 'string');
    const head = `  ${(arg.positional ? arg.name : `--${arg.name}`).padEnd(nameWidth)} ${arg.required ? 'required ' : ''}(${type})`;
    lines.push(clip(`${head}${text ? ` ${firstSentence(text)}` : ''}`, width));
  }
  lines.push(`  "${service} ${operation} help" shows the whole page.`);
  return `${lines.join('\n')}\n`;
}

/** The page of a command of its own that takes no subcommand (`login`): its options follow its name. */
async function ownPage(name: string): Promise<CommandPage | undefined> {
  const own = topLevelCommand(COMMANDS, name);
  return own && takesOptionsDirectly(own) ? (await own.load()).page?.() : undefined;
}

/** The help page of a command of the registry the words name (`s3 cp`, `configure set`, `sso login`), if they name one. */
async function commandPage(
  host: Host,
  entry: ServiceIndexEntry | undefined,
  first: string,
  second: string,
): Promise<CommandPage | undefined> {
  const own = topLevelCommand(COMMANDS, first);
  if (own) return (await own.load()).page?.(second);
  if (!entry) return undefined;
  const bundle = await host.models.load(entry.name);
  const record = subcommandsOf(COMMANDS, entry.cliName, bundle).find((c) => c.name === second);
  return record && (await record.load()).page?.();
}

/** A command's synopsis, what it does and its options, each in a sentence, from its help page. */
function describePage(words: string[], page: CommandPage, width: number): string {
  const usage = page.synopsis.join(' ');
  const lines = [
    wrap(usage.startsWith('isoaws ') ? usage.slice('isoaws '.length) : `${words[0]!} ${usage}`, width, 4).trimStart(),
  ];
  lines.push(wrap(firstSentence(page.description), width, 2));
  // A command made of subcommands (servicecatalog generate) names them: what can be typed next.
  if (page.commands) lines.push(wrap(`subcommands: ${page.commands.join(' ')}`, width, 2));
  const nameWidth = Math.min(32, Math.max(0, ...page.options.map((o) => o.flag.replace(/ \(.*$/, '').length)));
  for (const option of page.options) {
    const [, name = option.flag, type = ''] = /^(.*?)(?: (\(.*\)))?$/.exec(option.flag) ?? [];
    lines.push(clip(`  ${name.padEnd(nameWidth)} ${type} ${firstSentence(option.text)}`, width));
  }
  lines.push(`  "${words.join(' ')} help" shows the whole page.`);
  return `${lines.join('\n')}\n`;
}

function clip(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** Words wrapped to `width`, continuation lines indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const out: string[] = [];
  let line = ' '.repeat(indent);
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + 1 + word.length > width) {
      out.push(line);
      line = ' '.repeat(indent) + word;
    } else {
      line = line.trim() ? `${line} ${word}` : `${line}${word}`;
    }
  }
  out.push(line);
  return out.join('\n');
}
