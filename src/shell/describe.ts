/**
 * `?` after a partial command: a short answer in place of the help page. After a service, its
 * operations; after an operation, its synopsis (required options first) and each option with its type
 * and the first sentence of its documentation, from the same argument table and docs as `help`.
 */
import type { Host } from '../core/host.js';
import { buildArgTable } from '../cli/arg-table.js';
import { firstSentence } from '../cli/completer.js';
import { completeCandidates } from '../cli-app.js';
import { xformName } from '../cli/names.js';

export async function describeCommand(host: Host, args: readonly string[], width: number): Promise<string> {
  const words = args.filter((w) => !w.startsWith('-'));
  const [service, operation] = words;
  const index = await host.models.index();
  const entry = service === undefined ? undefined : index.find((s) => s.cliName === service);
  if (service === undefined || (!entry && service !== 's3' && service !== 'configure')) {
    return `A command is a service and an operation (Tab completes them): ${wrap(['s3', 's3api', 'ec2', 'sts', 'iam', 'dynamodb', '…'].join(' '), width, 2).trimStart()}\n`
      + 'Anything else is JavaScript: `aws` is the client, `$` the last result. .help lists the session commands.\n';
  }
  if (!entry || operation === undefined) {
    // The service's operations (s3 and configure: their subcommands), as Tab would list them.
    const names = (await completeCandidates(`isoaws ${service} `, `isoaws ${service} `.length, host)).map((c) => c.value);
    const bundle = entry ? await host.models.load(entry.name) : undefined;
    const title = bundle?.metadata.serviceFullName ?? service;
    return `${service}: ${title}\n${wrap(names.join(' '), width, 2)}\n`;
  }
  const bundle = await host.models.load(entry.name);
  const opName = Object.keys(bundle.operations).find((op) => xformName(op) === operation);
  if (!opName) return `${service} has no operation ${operation}; "${service} ?" lists them.\n`;
  const op = bundle.operations[opName]!;
  const table = buildArgTable(bundle, entry.cliName, op);
  const visible = table.args.filter((a) => !a.hidden && !(a.nargs === 'flag' && a.flagValue === false));
  const docs = await host.models.docs?.(entry.name).catch(() => undefined);
  const usage = [...visible].sort((a, b) => Number(b.required) - Number(a.required)).map((a) => {
    const form = a.positional ? `<${a.name}>` : a.nargs === 'flag' ? `--${a.name}` : `--${a.name} <value>`;
    return a.required ? form : `[${form}]`;
  });
  const lines = [wrap(`${service} ${operation} ${usage.join(' ')}`, width, 4).trimStart()];
  const summary = docs?.operations[opName];
  if (summary) lines.push(`  ${firstSentence(summary)}`);
  const input = op.input?.shape ?? '';
  const nameWidth = Math.min(32, Math.max(...visible.map((a) => a.name.length + 2)));
  for (const arg of visible) {
    const text = arg.member ? docs?.members[`${input}.${arg.member}`] ?? docs?.shapes[arg.member] : undefined;
    const type = arg.shape?.type ?? (arg.nargs === 'flag' ? 'boolean' : 'string');
    const head = `  ${(arg.positional ? arg.name : `--${arg.name}`).padEnd(nameWidth)} ${arg.required ? 'required ' : ''}(${type})`;
    lines.push(clip(`${head}${text ? ` ${firstSentence(text)}` : ''}`, width));
  }
  lines.push(`  "${service} ${operation} help" shows the whole page.`);
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
