/**
 * `isoaws help`, `isoaws <service> help`, `isoaws <service> <operation> help` (and `wait <waiter> help`):
 * the AWS CLI's help pages in its section layout (NAME, DESCRIPTION, SYNOPSIS, OPTIONS, OUTPUT),
 * rendered from the bundled plain-text documentation and wrapped for an 80-column terminal. Each
 * option shows its type, enum values, and the shorthand and JSON syntax it accepts.
 */
import type { ServiceDocs } from '../core/host.js';
import type { Operation, ServiceBundle, ServiceIndexEntry, Shape } from '../core/model/types.js';
import type { ArgTable, CliArg } from './command-args.js';
import { GLOBAL_SPECS } from './globals.js';
import { DESCRIPTION_NOTES, OPTION_NOTES, OUTPUT_NOTES, OUTPUT_REPLACEMENTS, type OutputNote } from './help-notes.js';
import { operationCommands, xformName } from './names.js';

const WIDTH = 80;
const EMPTY_DOCS: ServiceDocs = { service: '', operations: {}, shapes: {}, members: {} };

export function topHelp(index: readonly ServiceIndexEntry[]): string {
  return page([
    section('NAME', para('isoaws -', 7)),
    section(
      'DESCRIPTION',
      para(
        'The AWS Command Line Interface as one engine for Node and the browser: the same commands, arguments, output and exit codes as the AWS CLI.',
        7,
      ),
    ),
    section('SYNOPSIS', ['            isoaws [options] <command> <subcommand> [parameters]', '']),
    section(
      'OPTIONS',
      GLOBAL_SPECS.filter((s) => !s.positional).flatMap((s) => [
        `       ${s.flag}${s.choices ? ` (${s.choices.join(' | ')})` : ''}`,
        '',
      ]),
    ),
    section('AVAILABLE SERVICES', [
      ...index
        .map((s) => s.cliName)
        .sort()
        .map((n) => `       o ${n}`),
      '',
    ]),
  ]);
}

/** A service's page: its operations and `own` commands (`wait`, `ecr get-login-password`), in one list. */
export function serviceHelp(
  entry: ServiceIndexEntry,
  bundle: ServiceBundle,
  own: readonly string[],
  docs: ServiceDocs = EMPTY_DOCS,
): string {
  const commands = [...new Set([...operationCommands(entry.cliName, bundle).keys(), ...own])].sort();
  return page([
    section('NAME', para(`${entry.cliName} -`, 7)),
    section('DESCRIPTION', [
      ...para(docs.service || (bundle.metadata.serviceFullName ?? entry.cliName), 7),
      ...descriptionNote(entry.cliName),
    ]),
    section('AVAILABLE COMMANDS', [...commands.map((c) => `       o ${c}`), '']),
  ]);
}

export function waiterListHelp(entry: ServiceIndexEntry, bundle: ServiceBundle): string {
  const names = Object.keys(bundle.waiters ?? {})
    .map(xformName)
    .sort();
  return page([
    section('NAME', para('wait -', 7)),
    section(
      'DESCRIPTION',
      para(
        `Wait until a particular condition is satisfied. Each subcommand polls an API until the listed requirement is met.`,
        7,
      ),
    ),
    section('SYNOPSIS', [`            isoaws ${entry.cliName} wait <subcommand> [parameters]`, '']),
    section('AVAILABLE COMMANDS', [...names.map((n) => `       o ${n}`), '']),
  ]);
}

/** A help page written for one of the CLI's own commands (configure and its subcommands). */
export interface CommandPage {
  name: string;
  description: string;
  /** The synopsis, one line each (continuation lines as they should appear). */
  synopsis: string[];
  options: Array<{ flag: string; text: string }>;
  /** Commands below this one (`configure`'s subcommands). */
  commands?: string[];
  examples?: string[];
}

/** `authored`: the CLI's own examples of the command, which replace the page's where it has them. */
export function commandHelp(p: CommandPage, authored?: string): string {
  return page([
    section('NAME', para(`${p.name} -`, 7)),
    section('DESCRIPTION', para(p.description, 7)),
    section('SYNOPSIS', [...p.synopsis.map((line) => `            ${line}`), '']),
    section(
      'OPTIONS',
      p.options.length ? p.options.flatMap((o) => [`       ${o.flag}`, ...para(o.text, 10)]) : ['       None', ''],
    ),
    ...(p.commands ? [section('AVAILABLE COMMANDS', [...p.commands.map((c) => `       o ${c}`), ''])] : []),
    ...(authored !== undefined
      ? [section('EXAMPLES', authored.split('\n'))]
      : p.examples
        ? [
            section(
              'EXAMPLES',
              p.examples.flatMap((e) => [`          ${e}`, '']),
            ),
          ]
        : []),
  ]);
}

export interface OperationHelp {
  entry: ServiceIndexEntry;
  /** The command's name (`add-option-to-option-group` is ModifyOptionGroup's). */
  command: string;
  bundle: ServiceBundle;
  operation: Operation;
  table: ArgTable;
  docs?: ServiceDocs;
  /** The CLI's authored examples for the command (models/docs/examples), when it has some. */
  examples?: string;
  /** For `wait <waiter> help`: the waiter's command name and what it waits for. */
  waiter?: { name: string; description: string };
}

export function operationHelp(h: OperationHelp): string {
  const { bundle, operation, table } = h;
  const docs = h.docs ?? EMPTY_DOCS;
  const name = h.waiter?.name ?? h.command;
  const visible = table.args.filter((a) => !a.hidden && !(a.nargs === 'flag' && a.flagValue === false));
  const description = h.waiter?.description ?? docs.operations[operation.name] ?? '';
  const descriptionLines = [
    ...para(description || `Calls the ${operation.name} API.`, 7),
    ...descriptionNote(h.entry.cliName),
  ];
  const paginator = table.args.some((a) => a.kind === 'page') ? bundle.paginators?.[operation.name] : undefined;
  if (paginator) {
    const keys =
      paginator.result_key === undefined
        ? []
        : Array.isArray(paginator.result_key)
          ? paginator.result_key
          : [paginator.result_key];
    descriptionLines.push(
      ...para(
        `${name} is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the --no-paginate argument.${keys.length ? ` When using --output text and the --query argument on a paginated response, the --query argument must extract data from the results of the following query expressions: ${keys.join(', ')}` : ''}`,
        7,
      ),
    );
  }
  const options = visible.flatMap((arg) =>
    optionHelp(bundle, docs, operation, arg, OPTION_NOTES[`${h.entry.cliName}.${h.command}.${arg.name}`]),
  );
  const output = operation.output ? bundle.shapes[operation.output.shape] : undefined;
  const replacement = OUTPUT_REPLACEMENTS[`${h.entry.cliName}.${h.command}`];
  return page([
    section('NAME', para(`${name} -`, 7)),
    section('DESCRIPTION', descriptionLines),
    section('SYNOPSIS', synopsis(name, visible)),
    section('OPTIONS', options.length ? options : ['       None', '']),
    // Stored as the CLI's help prints it (groff's fill and justification), so kept line for line.
    ...(h.examples === undefined ? [] : [section('EXAMPLES', h.examples.split('\n'))]),
    section(
      'OUTPUT',
      replacement !== undefined
        ? para(replacement, 7)
        : output?.members && Object.keys(output.members).length
          ? outputHelp(bundle, docs, output, operation.output!.shape, 7, 0, OUTPUT_NOTES[h.entry.cliName])
          : ['       None', ''],
    ),
  ]);
}

function synopsis(name: string, args: CliArg[]): string[] {
  const lines = [`            ${name}`];
  for (const arg of args) {
    if (arg.positional) lines.push(`          <${arg.name}>`);
    else if (arg.nargs === 'flag') lines.push(`          [--${arg.name} | --no-${arg.name}]`);
    else if (arg.kind === 'cli-input-yaml') continue;
    else if (arg.kind === 'cli-input-json') lines.push('          [--cli-input-json | --cli-input-yaml]');
    else if (arg.kind === 'skeleton') lines.push('          [--generate-cli-skeleton <value>]');
    else lines.push(arg.required ? `          --${arg.name} <value>` : `          [--${arg.name} <value>]`);
  }
  lines.push(
    '          [--debug]',
    '          [--endpoint-url <value>]',
    '          [--output <value>]',
    '          [--query <value>]',
    '          [--profile <value>]',
    '          [--region <value>]',
    '          [--no-paginate]',
    '          [--no-sign-request]',
    '',
  );
  return lines;
}

/** An option's entry; `note` (help-notes.ts) follows its documentation. */
function optionHelp(
  bundle: ServiceBundle,
  docs: ServiceDocs,
  operation: Operation,
  arg: CliArg,
  note: string | undefined,
): string[] {
  const input = operation.input?.shape ?? '';
  const shape = arg.shape;
  const type = shape ? shape.type : arg.parseType === 'int' ? 'integer' : 'string';
  const head = arg.positional
    ? `       ${arg.name} (${type})`
    : arg.nargs === 'flag'
      ? `       --${arg.name} | --no-${arg.name} (${type})`
      : `       --${arg.name} (${type})`;
  const lines = [head];
  const text = arg.member
    ? (docs.members[`${input}.${arg.member}`] ?? (shape ? docs.shapes[arg.member] : undefined))
    : arg.docMember
      ? docs.members[arg.docMember]
      : (arg.doc ?? BUILTIN_HELP[arg.name] ?? BUILTIN_HELP[arg.kind]);
  if (arg.required) lines.push('          [REQUIRED]');
  lines.push(...para(text ?? '', 10));
  if (note) lines.push(...para(note, 10));
  if (shape?.enum) lines.push('          Possible values:', '', ...shape.enum.map((v) => `          o ${v}`), '');
  if (shape && (arg.kind === 'member' || arg.kind === 'custom') && arg.nargs !== 'flag') {
    const shorthand = shorthandExample(bundle, shape);
    if (shorthand !== undefined)
      lines.push('          Shorthand Syntax:', '', ...shorthand.split('\n').map((l) => `             ${l}`), '');
    const member = shape.type === 'list' ? bundle.shapes[shape.member!.shape]! : undefined;
    if (member && member.type !== 'structure' && member.type !== 'list' && member.type !== 'map') {
      const item = scalarExample(member);
      lines.push('          Syntax:', '', `             ${item} ${item} ...`, '');
    } else if (shape.type === 'list' || shape.type === 'structure' || shape.type === 'map') {
      lines.push(
        '          JSON Syntax:',
        '',
        ...jsonExample(bundle, shape, 0, [])
          .split('\n')
          .map((l) => `             ${l}`),
        '',
      );
    }
  }
  return lines;
}

const BUILTIN_HELP: Record<string, string> = {
  'starting-token':
    'A token to specify where to start paginating. This is the NextToken from a previously truncated response.',
  'max-items':
    "The total number of items to return in the command's output. If the total number of items available is more than the value specified, a NextToken is provided in the command's output. To resume pagination, provide the NextToken value in the starting-token argument of a subsequent command.",
  'page-size':
    "The size of each page to get in the AWS service call. This does not affect the number of items returned in the command's output. A smaller page size makes more calls to the service, retrieving fewer items in each call; this can help prevent calls from timing out.",
  outfile: 'Filename where the content will be saved.',
  'cli-input-json':
    'Reads arguments from the JSON string provided. The JSON string follows the format provided by --generate-cli-skeleton. If other arguments are provided on the command line, those values will override the JSON-provided values.',
  'cli-input-yaml':
    'Reads arguments from the YAML string provided, in the format of --generate-cli-skeleton yaml-input. Arguments on the command line override it.',
  skeleton:
    'Prints a JSON skeleton to standard output without sending an API request. With no value or input, a sample input for --cli-input-json; yaml-input, a sample for --cli-input-yaml; output, a sample output.',
};

/** The shorthand example the CLI documents, or undefined where shorthand does not apply (scalars, documents, deep shapes). */
function shorthandExample(bundle: ServiceBundle, shape: Shape): string | undefined {
  const complex = (s: Shape) => s.type === 'structure' || s.type === 'list' || s.type === 'map';
  if (shape.document || !complex(shape) || (shape.type === 'list' && !complex(bundle.shapes[shape.member!.shape]!)))
    return undefined;
  if (shape.type === 'structure' && Object.keys(shape.members ?? {}).length === 1 && shape.members!.Value)
    return undefined;
  try {
    if (shape.type === 'list') return `${shorthandDocs(bundle, bundle.shapes[shape.member!.shape]!, [])} ...`;
    return shorthandDocs(bundle, shape, []);
  } catch {
    return undefined;
  }
}

function shorthandDocs(bundle: ServiceBundle, shape: Shape, stack: string[]): string {
  if (stack.length > 3) throw new Error('too complex');
  switch (shape.type) {
    case 'structure': {
      const parts = Object.entries(shape.members ?? {})
        .filter(([, ref]) => !bundle.shapes[ref.shape]!.document)
        .map(([name, ref]) => {
          if (stack.includes(ref.shape)) return `${name}=( ... recursive ... )`;
          return `${name}=${shorthandDocs(bundle, bundle.shapes[ref.shape]!, [...stack, ref.shape])}`;
        });
      return stack.length ? `{${parts.join(',')}}` : parts.join(',');
    }
    case 'list': {
      const member = bundle.shapes[shape.member!.shape]!;
      const inner = shorthandDocs(bundle, member, [...stack, shape.member!.shape]);
      return member.type === 'structure' || member.type === 'list' || member.type === 'map' || stack.length > 1
        ? `[${inner},${inner}]`
        : `${inner},${inner}`;
    }
    case 'map': {
      const value = shorthandDocs(bundle, bundle.shapes[shape.value!.shape]!, stack);
      const start = `KeyName1=${value},KeyName2=${value}`;
      return stack.length ? `{${start}}` : start;
    }
    default:
      return shape.type;
  }
}

function jsonExample(bundle: ServiceBundle, shape: Shape, indent: number, stack: string[]): string {
  const pad = ' '.repeat(indent + 2);
  switch (shape.type) {
    case 'structure': {
      const members = Object.entries(shape.members ?? {});
      if (!members.length) return '{}';
      const lines = members.map(([name, ref]) => {
        const value = stack.includes(ref.shape)
          ? '{ ... recursive ... }'
          : jsonExample(bundle, bundle.shapes[ref.shape]!, indent + 2, [...stack, ref.shape]);
        return `${pad}"${name}": ${value}`;
      });
      return `{\n${lines.join(',\n')}\n${' '.repeat(indent)}}`;
    }
    case 'list': {
      const member = bundle.shapes[shape.member!.shape]!;
      if (member.type !== 'structure' && member.type !== 'list' && member.type !== 'map')
        return `[${scalarExample(member)}, ...]`;
      const value = stack.includes(shape.member!.shape)
        ? '{ ... recursive ... }'
        : jsonExample(bundle, member, indent + 2, [...stack, shape.member!.shape]);
      return `[\n${pad}${value}\n${pad}...\n${' '.repeat(indent)}]`;
    }
    case 'map': {
      const value = jsonExample(bundle, bundle.shapes[shape.value!.shape]!, indent + 2, [...stack, shape.value!.shape]);
      return `{"string": ${value}\n${pad}...}`;
    }
    default:
      return scalarExample(shape);
  }
}

function scalarExample(shape: Shape): string {
  if (shape.enum) return `"${shape.enum.join('"|"')}"`;
  switch (shape.type) {
    case 'string':
      return '"string"';
    case 'boolean':
      return 'true|false';
    case 'timestamp':
      return 'timestamp';
    case 'blob':
      return 'blob';
    default:
      return shape.type;
  }
}

function outputHelp(
  bundle: ServiceBundle,
  docs: ServiceDocs,
  shape: Shape,
  shapeName: string,
  indent: number,
  depth: number,
  notes: Readonly<Record<string, OutputNote & { type: string }>> = {},
): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const target = bundle.shapes[ref.shape]!;
    lines.push(`${pad}${name} -> (${target.type})`);
    lines.push(...para(docs.members[`${shapeName}.${name}`] ?? '', indent + 3));
    lines.push(...nestedOutput(bundle, docs, target, ref.shape, indent + 3, depth + 1));
    const note = Object.hasOwn(notes, name) && notes[name]!.type === target.type ? notes[name]! : undefined;
    if (!note) continue;
    lines.push(`${pad}   Note`, ...para(note.note, indent + 6));
    for (const extra of note.then)
      lines.push(`${pad}${extra.name} -> (${extra.type})`, ...para(extra.text, indent + 3));
  }
  return lines;
}

/** A service's note after a description (help-notes.ts). */
function descriptionNote(cliService: string): string[] {
  const note = DESCRIPTION_NOTES[cliService];
  return note ? ['       Note', ...para(note, 10)] : [];
}

/** Members of nested structures, to a depth that keeps a page readable. */
function nestedOutput(
  bundle: ServiceBundle,
  docs: ServiceDocs,
  shape: Shape,
  shapeName: string,
  indent: number,
  depth: number,
): string[] {
  if (depth > 3) return [];
  if (shape.type === 'structure') return outputHelp(bundle, docs, shape, shapeName, indent, depth);
  if (shape.type === 'list') {
    const member = bundle.shapes[shape.member!.shape]!;
    return [
      `${' '.repeat(indent)}(${member.type})`,
      '',
      ...nestedOutput(bundle, docs, member, shape.member!.shape, indent + 3, depth + 1),
    ];
  }
  return [];
}

function page(sections: string[][]): string {
  return `${sections.flat().join('\n')}\n`;
}

function section(title: string, body: string[]): string[] {
  return [title, ...body];
}

/** Paragraphs of `text` wrapped to the terminal width at `indent`, each followed by a blank line. */
function para(text: string, indent: number): string[] {
  const out: string[] = [];
  for (const paragraph of text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line && indent + line.length + 1 + word.length > WIDTH) {
        out.push(' '.repeat(indent) + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) out.push(' '.repeat(indent) + line);
    out.push('');
  }
  return out;
}
