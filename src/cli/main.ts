/**
 * The command-line driver: `isoaws [global options] <service> <operation> [--param value …]`.
 * This is the first, minimal slice of the AWS CLI's behaviour (the engine issue needs only a
 * working `sts get-caller-identity`): top-level parameters of scalar, list-of-scalar and JSON types,
 * the global options that select the endpoint, region, signing and output, and the CLI's error
 * wording and exit codes. Shorthand, skeletons, help and the other output formats come with the
 * command-line issue.
 */
import { createClient } from '../core/client.js';
import type { ClientConfig } from '../core/client-config.js';
import { configFromEnv } from '../core/env-config.js';
import type { Host } from '../core/host.js';
import type { Shape, ServiceIndexEntry } from '../core/model/types.js';
import { search } from '../core/query/index.js';
import { VERSION } from '../core/version.js';
import { describeFailure, EXIT, UsageError } from './exit-codes.js';
import { formatJson } from './json-output.js';
import { xformName } from './names.js';

interface GlobalOptions {
  endpointUrl?: string;
  region?: string;
  output: string;
  query?: string;
  sign: boolean;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

/** Runs one command line; resolves to the exit code. Never throws. */
export async function runCli(argv: readonly string[], host: Host): Promise<number> {
  try {
    if (argv.includes('--version')) {
      host.stdout.write(`isoaws/${VERSION}\n`);
      return EXIT.ok;
    }
    const { globals, rest } = parseGlobals(argv);
    const [serviceName, operationName, ...args] = rest;
    if (!serviceName || !operationName) throw new UsageError(usage('the following arguments are required: command, operation'));
    const entry = await findService(host, serviceName);
    const config: ClientConfig = { ...configFromEnv(host.env), sign: globals.sign };
    if (globals.endpointUrl !== undefined) config.endpointUrl = globals.endpointUrl;
    if (globals.region !== undefined) config.region = globals.region;
    if (globals.connectTimeoutMs !== undefined) config.connectTimeoutMs = globals.connectTimeoutMs;
    if (globals.readTimeoutMs !== undefined) config.readTimeoutMs = globals.readTimeoutMs;
    const client = createClient(host, config);
    const svc = await client.service(entry.name);
    const opName = Object.keys(svc.bundle.operations).find((op) => xformName(op) === operationName);
    if (!opName) throw new UsageError(usage(`argument operation: Invalid choice, valid choices are:\n\n${Object.keys(svc.bundle.operations).map(xformName).sort().join(' | ')}`));
    const operation = svc.bundle.operations[opName]!;
    const inputShape = operation.input ? svc.bundle.shapes[operation.input.shape] : undefined;
    const params = parseParams(args, inputShape, svc.bundle.shapes);
    const { $metadata: _meta, ...output } = await client.send(entry.name, opName, params);
    let result: unknown = output;
    if (globals.query !== undefined) {
      result = search(globals.query, output);
    }
    if (globals.output === 'json' && !(result && typeof result === 'object' && Object.keys(result).length === 0)) {
      host.stdout.write(`${formatJson(result)}\n`);
    }
    return EXIT.ok;
  } catch (err) {
    const { code, message } = describeFailure(err);
    host.stderr.write(message);
    return code;
  }
}

function parseGlobals(argv: readonly string[]): { globals: GlobalOptions; rest: string[] } {
  const globals: GlobalOptions = { output: 'json', sign: true };
  const rest: string[] = [];
  const takeValue = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined) throw new UsageError(usage(`argument ${name}: expected one argument`));
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--endpoint-url': globals.endpointUrl = takeValue(i++, arg); break;
      case '--region': globals.region = takeValue(i++, arg); break;
      case '--output': globals.output = takeValue(i++, arg); break;
      case '--query': globals.query = takeValue(i++, arg); break;
      case '--no-sign-request': globals.sign = false; break;
      case '--cli-connect-timeout': globals.connectTimeoutMs = seconds(takeValue(i++, arg), arg); break;
      case '--cli-read-timeout': globals.readTimeoutMs = seconds(takeValue(i++, arg), arg); break;
      case '--no-cli-pager': case '--no-paginate': break;
      default: rest.push(arg);
    }
  }
  if (globals.output !== 'json') throw new UsageError(usage(`argument --output: this build prints json only`));
  return { globals, rest };
}

function seconds(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(usage(`argument ${name}: invalid int value: '${text}'`));
  return n * 1000;
}

async function findService(host: Host, name: string): Promise<ServiceIndexEntry> {
  const index = await host.models.index();
  const entry = index.find((s) => s.cliName === name);
  if (!entry) {
    throw new UsageError(usage(`argument command: Invalid choice, valid choices are:\n\n${index.map((s) => s.cliName).sort().join(' | ')}`));
  }
  return entry;
}

/** `--member-name value` pairs for the top-level members of the input shape. */
function parseParams(args: readonly string[], input: Shape | undefined, shapes: Record<string, Shape>): Record<string, unknown> {
  const byFlag = new Map(Object.keys(input?.members ?? {}).map((m) => [`--${xformName(m)}`, m]));
  const params: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const negated = flag.startsWith('--no-') ? byFlag.get(`--${flag.slice(5)}`) : undefined;
    const member = byFlag.get(flag) ?? negated;
    if (!member) throw new UsageError(usage(`Unknown options: ${args.slice(i).join(', ')}`));
    const shape = shapes[input!.members![member]!.shape]!;
    if (shape.type === 'boolean') {
      params[member] = negated === undefined;
      continue;
    }
    const values: string[] = [];
    while (i + 1 < args.length && !args[i + 1]!.startsWith('--')) values.push(args[++i]!);
    if (values.length === 0) throw new UsageError(usage(`argument ${flag}: expected one argument`));
    params[member] = convert(values, shape, shapes, flag);
  }
  return params;
}

function convert(values: string[], shape: Shape, shapes: Record<string, Shape>, flag: string): unknown {
  const one = values.join(' ');
  switch (shape.type) {
    case 'string': case 'timestamp': return one;
    case 'integer': case 'long': case 'short': case 'byte': {
      if (!/^-?\d+$/.test(one)) throw new UsageError(usage(`argument ${flag}: invalid int value: '${one}'`));
      return Number(one);
    }
    case 'float': case 'double': case 'bigdecimal': {
      const n = Number(one);
      if (Number.isNaN(n)) throw new UsageError(usage(`argument ${flag}: invalid float value: '${one}'`));
      return n;
    }
    case 'list': {
      const member = shapes[shape.member!.shape]!;
      if (member.type !== 'structure' && member.type !== 'list' && member.type !== 'map' && !one.trimStart().startsWith('[')) {
        return values.map((v) => convert([v], member, shapes, flag));
      }
      return parseJson(one, flag);
    }
    default: return parseJson(one, flag);
  }
}

function parseJson(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Error parsing parameter '${flag.slice(2)}': Invalid JSON: ${(err as Error).message}\nJSON received: ${text}`);
  }
}

function usage(detail: string): string {
  return [
    'usage: isoaws [options] <command> <subcommand> [<subcommand> ...] [parameters]',
    'To see help text, you can run:',
    '',
    '  isoaws help',
    '  isoaws <command> help',
    '  isoaws <command> <subcommand> help',
    '',
    `isoaws: error: ${detail}`,
  ].join('\n');
}
