/**
 * `isoaws <service> <operation> [args]`: the operation's argument table parsed as the CLI parses it,
 * the call parameters built (command line over `--cli-input-json|yaml`), the call made — paginated
 * with `--max-items`/`--starting-token`/`--page-size` unless turned off — and the result printed.
 */
import type { Client } from '../core/client.js';
import type { Operation, ServiceBundle, ServiceIndexEntry, Shape } from '../core/model/types.js';
import { mergePages, PageIterator, setPath } from '../core/pagination.js';
import { compile, explainQuery, type CompiledExpression } from '../core/query/index.js';
import { readableChunks, type StreamingBody } from '../core/streaming-body.js';
import { readObject } from '../core/transfer/object-body.js';
import { writeChunks } from '../core/transfer/objects.js';
import { parseKnownArgs, type OptionSpec } from './argparse.js';
import { buildArgTable, type ArgTable, type CliArg } from './arg-table.js';
import type { CliContext } from './context.js';
import { writeOutput } from './output/index.js';
import { redactSensitive } from './debug.js';
import { decodePolicyDocuments } from './iam-policies.js';
import { decryptPasswordData, launchKeyPath } from './decrypt-password.js';
import { blobHoists } from './blob-hoists.js';
import { checkNoNestedZipFile, HOISTED_ZIP_FILE, zipFileBytes } from './lambda-zip.js';
import { protocolArgument } from './protocol-arg.js';
import { addMetricDatumArg, checkMetricDatumArgs } from './put-metric-data.js';
import { addSendEmailArg, checkSendEmailArgs } from './ses-send-email.js';
import { QUERY_OUTFILES, saveQueryOutfiles, type QueryOutfile } from './query-outfiles.js';
import { saveMfaBootstrap, type MfaBootstrap } from './virtual-mfa.js';
import { addNetworkInterfaceArg, checkRunInstancesArgs, moveIntoNetworkInterface } from './run-instances.js';
import { ec2DefaultPageSize } from './ec2-page-size.js';
import { formatJson } from './output/json.js';
import { toCliValue } from './output/py-values.js';
import { decodeInputBlobs, readParamFile, unpackArgument, type ValueContext } from './param-values.js';
import { generateSkeleton, yamlInputSkeleton } from './skeleton.js';
import { ArgumentError, ConfigurationError, ParamError, UnknownArgumentError } from './usage.js';
import { setOwn } from '../core/own.js';

export interface ServiceTarget {
  client: Client;
  entry: ServiceIndexEntry;
  /** botocore name (`s3`) and CLI name (`s3api`). */
  service: string;
  cliService: string;
  bundle: ServiceBundle;
}

export interface OperationTarget extends ServiceTarget {
  operation: Operation;
  cliOperation: string;
  /** The operation behind a waiter (`ec2 wait instance-running`): no paging arguments. */
  waiter?: string;
}

/** What a command line asks of an operation, before anything is sent. */
export type PreparedCommand =
  | { kind: 'help'; table: ArgTable }
  | { kind: 'skeleton'; format: 'input' | 'yaml-input' | 'output'; launchKey?: string }
  | {
      kind: 'call';
      params: Record<string, unknown>;
      /** Auto-pagination (with the CLI's paging arguments), or one request. */
      paginate: boolean;
      paging: { maxItems?: number; startingToken?: string; pageSize?: number };
      outfile?: string;
      /** `--priv-launch-key`'s file (ec2 get-password-data): PasswordData is shown decrypted with it. */
      launchKey?: string;
      /** Files that receive parts of the result (`iot create-keys-and-certificate --private-key-outfile`). */
      queryOutfiles?: QueryOutfile[];
      /** iam create-virtual-mfa-device's --outfile and --bootstrap-method. */
      mfaBootstrap?: MfaBootstrap;
    };

/**
 * Parses `argv` against the operation's argument table and builds the call parameters: each argument
 * unpacked (files, shorthand, JSON, numbers), `--cli-input-json|yaml` under them, the CLI's defaults
 * and blob decoding applied. Nothing is sent.
 */
export async function prepareOperation(
  ctx: CliContext,
  target: Omit<OperationTarget, 'client'>,
  argv: readonly string[],
): Promise<PreparedCommand> {
  const { bundle, operation } = target;
  const table = buildArgTable(bundle, target.cliService, operation, { paging: target.waiter === undefined });
  // `help` alone is help even when required arguments are missing (the CLI checks it before parsing).
  if (argv.length === 1 && argv[0] === 'help') return { kind: 'help', table };
  const overrideRequired =
    argv.includes('--cli-input-json') ||
    argv.includes('--cli-input-yaml') ||
    (argv.includes('--generate-cli-skeleton') && argv[argv.indexOf('--generate-cli-skeleton') + 1] !== 'output');
  const specs: OptionSpec[] = table.args.map((a) => toSpec(a, overrideRequired));
  specs.push({ flag: 'help', dest: '__help', nargs: 'optional', positional: true });
  const { values, extras } = parseKnownArgs(specs, argv);
  const help = values.get('__help') as string | undefined;
  if (help === 'help') return { kind: 'help', table };
  if (help !== undefined) extras.push(help);
  if (extras.length) throw new UnknownArgumentError(`Unknown options: ${extras.join(', ')}`);
  // The CLI refuses a --priv-launch-key that is not a file first, before a skeleton or --cli-input-json.
  const keyArg = table.byName.get('priv-launch-key');
  const launchKey = keyArg?.kind === 'launch-key' ? await launchKeyPath(ctx.host, values.get(keyArg.dest)) : undefined;

  const skeleton = values.get('generate-cli-skeleton') as 'input' | 'yaml-input' | 'output' | undefined;
  if (skeleton === 'input' || skeleton === 'yaml-input') return { kind: 'skeleton', format: skeleton };

  const valueCtx: ValueContext = {
    host: ctx.host,
    model: bundle,
    cliService: target.cliService,
    cliOperation: target.cliOperation,
  };
  if (target.cliService === 'ec2' && operation.name === 'RunInstances') checkRunInstancesArgs(values);
  if (target.cliService === 'cloudwatch' && operation.name === 'PutMetricData') checkMetricDatumArgs(values);
  if (target.cliService === 'ses' && operation.name === 'SendEmail') checkSendEmailArgs(values);
  const params: Record<string, unknown> = {};
  const queryOutfiles: QueryOutfile[] = [];
  const paging: { maxItems?: number; startingToken?: string; pageSize?: number } = {};
  let outfile: string | undefined;
  let paginate =
    ctx.globals.paginate && target.waiter === undefined && bundle.paginators?.[operation.name] !== undefined;
  if (
    table.pagingInputs.some(
      (name) =>
        values.get(table.byName.get(name)?.dest ?? '') !== undefined && table.byName.get(name)?.kind === 'member',
    )
  ) {
    paginate = false;
  }
  if (!paginate) restoreShadowed(table, values);

  for (const arg of uniqueByDest(table.args)) {
    const raw = values.get(arg.dest);
    if (raw === undefined) continue;
    switch (arg.kind) {
      case 'member':
        if (typeof raw === 'boolean' && arg.shape?.type === 'structure') {
          setBooleanValue(params, table.args, values, arg, raw);
          break;
        }
        params[arg.member!] = protocolArgument(
          target.cliService,
          operation.name,
          arg.member!,
          arg.nargs === 'flag'
            ? raw
            : typeof raw === 'number'
              ? raw
              : await unpackArgument(arg, raw as string | string[], valueCtx),
        );
        if (HOISTED_ZIP_FILE[`${target.cliService}.${target.cliOperation}`] === arg.member)
          checkNoNestedZipFile(arg.name, params[arg.member!]);
        for (const hoist of blobHoists(target.cliService, target.cliOperation)) {
          const given = params[arg.member!];
          if (
            hoist.refusal &&
            hoist.source === arg.name &&
            given !== null &&
            typeof given === 'object' &&
            hoist.member in given
          )
            throw new ArgumentError(hoist.refusal);
        }
        // update-function-code's own --zip-file is checked to be a zip archive as the hoisted ones are.
        if (target.cliService === 'lambda' && target.cliOperation === 'update-function-code' && arg.name === 'zip-file')
          params[arg.member!] = zipFileBytes(params[arg.member!] as string | Uint8Array);
        break;
      case 'page':
        if (arg.name === 'max-items') paging.maxItems = raw as number;
        else if (arg.name === 'page-size') paging.pageSize = raw as number;
        else paging.startingToken = raw as string;
        break;
      case 'count':
        Object.assign(params, parseCount(raw as string));
        break;
      case 'ip-permission':
        addIpPermission(params, arg.name, raw as string);
        break;
      case 'network-interface':
        addNetworkInterfaceArg(params, arg.name, raw);
        break;
      case 'query-outfile': {
        const query = QUERY_OUTFILES[`${target.cliService}.${target.cliOperation}`]!.find(
          (f) => f.name === arg.name,
        )!.query;
        queryOutfiles.push({ path: raw as string, query });
        break;
      }
      case 'mfa-bootstrap':
        break;
      case 'metric-datum':
        addMetricDatumArg(params, arg.name, raw as string);
        break;
      case 'blob-hoist': {
        const hoist = blobHoists(target.cliService, target.cliOperation).find((h) => h.name === arg.name)!;
        const member = table.byName.get(hoist.source)!.member!;
        // Bytes from fileb://; text is a blob's base64, decoded with the others (--cli-binary-format).
        const value = (await readParamFile(ctx.host, raw as string)) ?? (raw as string);
        params[member] = { ...(params[member] as object | undefined), [hoist.member]: value };
        break;
      }
      case 'send-email':
        addSendEmailArg(params, arg.name, raw as string | string[]);
        break;
      case 'zip-file': {
        const member = HOISTED_ZIP_FILE[`${target.cliService}.${target.cliOperation}`]!;
        const bytes = zipFileBytes((await readParamFile(ctx.host, raw as string)) ?? (raw as string));
        params[member] = { ...(params[member] as object | undefined), ZipFile: bytes };
        break;
      }
      case 'outfile':
        outfile = raw as string;
        break;
      default:
        break;
    }
  }
  if (
    params.IpPermissions !== undefined &&
    table.args.some((a) => a.kind === 'ip-permission' && values.get(a.dest) !== undefined) &&
    values.get('ip-permissions') !== undefined
  ) {
    const used = table.args.find((a) => a.kind === 'ip-permission' && values.get(a.dest) !== undefined)!;
    throw new ArgumentError(`The --${used.name} option is not compatible with the --ip-permissions option `);
  }
  await mergeCliInput(ctx, values, params);
  if (target.cliService === 'ec2' && operation.name === 'RunInstances') {
    params.MinCount ??= 1;
    params.MaxCount ??= 1;
    moveIntoNetworkInterface(params);
  }
  const input = operation.input ? bundle.shapes[operation.input.shape] : undefined;
  if (input) decodeInputBlobs(bundle, input, params, ctx.globals.binaryFormat ?? 'base64');
  if (
    paginate &&
    table.pagingInputs.some((name) => {
      const member = table.byName.get(name)?.member ?? table.shadowed.get(name)?.member;
      return member !== undefined && params[member] !== undefined;
    })
  )
    paginate = false;
  if (
    !paginate &&
    (paging.maxItems !== undefined || paging.pageSize !== undefined || paging.startingToken !== undefined)
  ) {
    const used = [
      paging.startingToken !== undefined && '--starting-token',
      paging.pageSize !== undefined && '--page-size',
      paging.maxItems !== undefined && '--max-items',
    ].filter(Boolean);
    throw new ArgumentError(`Cannot specify --no-paginate along with pagination arguments: ${used.join(', ')}`);
  }
  if (paginate && paging.pageSize === undefined)
    paging.pageSize = ec2DefaultPageSize(target.cliService, operation.name, params);
  if (skeleton === 'output') return { kind: 'skeleton', format: 'output', launchKey };
  const mfaBootstrap =
    table.byName.get('bootstrap-method')?.kind === 'mfa-bootstrap'
      ? { outfile: values.get('outfile') as string, method: values.get('bootstrap-method') as string }
      : undefined;
  return { kind: 'call', params, paginate, paging, outfile, launchKey, queryOutfiles, mfaBootstrap };
}

/** Runs the command (or prints its help); resolves to the exit code. */
export async function runOperation(ctx: CliContext, target: OperationTarget, argv: readonly string[]): Promise<number> {
  const { bundle, operation } = target;
  const prepared = await prepareOperation(ctx, target, argv);
  if (prepared.kind === 'help') {
    ctx.host.stdout.write(
      (await import('./help.js')).operationHelp({
        entry: target.entry,
        bundle,
        operation,
        table: prepared.table,
        docs: await ctx.host.models.docs?.(target.service),
      }),
    );
    return 0;
  }
  const query = ctx.globals.query === undefined ? undefined : compileQuery(ctx.globals.query);
  const format = ctx.globals.output ?? 'json';
  const outputShape = operation.output ? bundle.shapes[operation.output.shape] : undefined;
  const present = (value: unknown): unknown =>
    toCliValue(bundle, outputShape, value, { markFloats: query === undefined });
  const formatOpts = { title: operation.name, terminalWidth: ctx.terminalWidth, color: ctx.color };
  const write = (chunk: string) => ctx.host.stdout.write(chunk);
  // With an inspector watching (the playground), --query is evaluated step by step, by the same interpreter.
  const select = (value: unknown): unknown => {
    if (!query) return value;
    if (!ctx.observe) return query.search(value);
    const { steps, result } = explainQuery(query.expression, value);
    ctx.observe({ kind: 'query', expression: query.expression, steps });
    return result;
  };
  const print = (value: unknown) => writeOutput(format, select(value), formatOpts, write);
  const report = (value: unknown) => ctx.onResult?.(select(value));
  /** The whole result: shown to an inspector, selected by --query once, printed and reported. */
  const finish = (shown: unknown) => {
    ctx.observe?.({ kind: 'result', service: target.service, operation: operation.name, value: shown });
    const selected = select(shown);
    writeOutput(format, selected, formatOpts, write);
    ctx.onResult?.(selected);
  };

  if (prepared.kind === 'skeleton') {
    if (prepared.format === 'output') {
      const sample = operation.output ? generateSkeleton(bundle, operation.output.shape, { memberNames: true }) : {};
      // The CLI decrypts the sample's PasswordData too (and fails: it is not a ciphertext).
      print(present(await decryptPasswordData(ctx, prepared.launchKey, sample as Record<string, unknown>)));
    } else {
      if (prepared.format === 'input') {
        ctx.host.stdout.write(
          `${formatJson(operation.input ? generateSkeleton(bundle, operation.input.shape) : {})}\n`,
        );
      } else {
        ctx.host.stdout.write(
          operation.input
            ? yamlInputSkeleton(bundle, await ctx.host.models.docs?.(target.service), operation.input.shape)
            : '{}\n',
        );
      }
    }
    return 0;
  }
  if (!target.client.config.region) {
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  }
  // A CloudSearch domain has only the endpoint of its own (cloudsearchdomain.py): no default one exists.
  if (target.cliService === 'cloudsearchdomain' && ctx.globals.endpointUrl === undefined)
    throw new ArgumentError('--endpoint-url is required for cloudsearchdomain commands');
  const { params, paginate, paging, outfile, launchKey, queryOutfiles, mfaBootstrap } = prepared;
  const shownParams = redactSensitive(
    bundle,
    operation.input ? bundle.shapes[operation.input.shape] : undefined,
    params,
  );
  ctx.debug?.log(
    'isoaws.clidriver',
    `Calling ${target.service}.${operation.name} with parameters: ${formatJson(shownParams, 0).replace(/\n/g, ' ')}`,
  );
  ctx.observe?.({ kind: 'call', service: target.service, operation: operation.name, params: shownParams });
  // IAM's policy documents arrive URL-encoded; the CLI shows them decoded (iam-policies.ts). With
  // --priv-launch-key, EC2's password is shown decrypted (decrypt-password.ts).
  const call = async (p: Record<string, unknown>, signal: AbortSignal | undefined) => {
    const { $metadata: _meta, ...output } = await target.client.send(target.service, operation.name, p, { signal });
    return target.service === 'iam'
      ? decodePolicyDocuments(bundle, operation, output)
      : decryptPasswordData(ctx, launchKey, output);
  };
  if (!paginate) {
    const output = await call(params, ctx.signal);
    if (outfile !== undefined)
      await saveStreamingOutput(ctx, target, operation.name, params, outputShape, output, outfile);
    if (queryOutfiles?.length) await saveQueryOutfiles(ctx.host, queryOutfiles, output);
    finish(present(mfaBootstrap ? await saveMfaBootstrap(ctx.host, mfaBootstrap, output) : output));
    return 0;
  }

  const config = bundle.paginators![operation.name]!;
  const iterator = new PageIterator((p, signal) => call(p, signal), config, params, { ...paging, signal: ctx.signal });
  // Pages printed one by one are still reported whole (the caller asked for the result).
  const printed: Array<Record<string, unknown>> | undefined = ctx.onResult ? [] : undefined;
  const reportPages = () => {
    if (!printed) return;
    const whole = mergePages(printed, config);
    if (iterator.resumeToken) whole.NextToken = iterator.resumeToken;
    report(whole);
  };
  if (format === 'text' && !query) {
    // The CLI prints text page by page: the first page's non-aggregate keys, then each page's result keys.
    const resultKeys =
      config.result_key === undefined ? [] : Array.isArray(config.result_key) ? config.result_key : [config.result_key];
    let first = true;
    for await (const page of iterator.pages()) {
      const current: Record<string, unknown> = first ? { ...iterator.nonAggregatePart } : {};
      first = false;
      for (const key of resultKeys) setPath(current, key, compile(key).search(page));
      print(present(current));
      printed?.push(page);
    }
    if (iterator.resumeToken) print({ NextToken: { NextToken: iterator.resumeToken } });
    reportPages();
    return 0;
  }
  if (format === 'yaml-stream') {
    for await (const page of iterator.pages()) {
      print(present(page));
      printed?.push(page);
    }
    reportPages();
    return 0;
  }
  const pages: Array<Record<string, unknown>> = [];
  for await (const page of iterator.pages()) pages.push(page);
  const full = mergePages(pages, config);
  if (iterator.resumeToken) full.NextToken = iterator.resumeToken;
  finish(present(full));
  return 0;
}

/**
 * `--protocol`, `--port`, `--cidr`, `--source-group`, `--group-owner` of the security-group rule
 * commands: one IpPermissions entry, as the CLI's secgroupsimplify builds it.
 */
function addIpPermission(params: Record<string, unknown>, name: string, value: string): void {
  if (!value) return;
  const permission = ((params.IpPermissions ??= [{}]) as Array<Record<string, unknown>>)[0]!;
  const pair = () => ((permission.UserIdGroupPairs ??= [{}]) as Array<Record<string, unknown>>)[0]!;
  switch (name) {
    case 'protocol': {
      if (/^[+-]?\d+$/.test(value.trim())) {
        const n = Number(value);
        if ((n < 0 || n > 255) && n !== -1)
          throw new ArgumentError('protocol numbers must be in the range 0-255 or -1 to specify all protocols');
      } else if (!['tcp', 'udp', 'icmp', 'all'].includes(value)) {
        throw new ArgumentError('protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.');
      }
      permission.IpProtocol = value === 'all' ? '-1' : value;
      break;
    }
    case 'port': {
      const [from, to] =
        value === '-1' || value === 'all'
          ? ['-1', '-1']
          : value.includes('-')
            ? [value.slice(0, value.indexOf('-')), value.slice(value.indexOf('-') + 1)]
            : [value, value];
      if (!/^\s*[+-]?\d+\s*$/.test(from!) || !/^\s*[+-]?\d+\s*$/.test(to!)) {
        throw new ArgumentError('port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)');
      }
      permission.FromPort = Number(from);
      permission.ToPort = Number(to);
      break;
    }
    case 'cidr':
      permission.IpRanges = [{ CidrIp: value }];
      break;
    case 'source-group':
      pair()[value.startsWith('sg-') ? 'GroupId' : 'GroupName'] = value;
      break;
    case 'group-owner':
      pair().UserId = value;
      break;
  }
}

/**
 * `--x` or `--no-x` of an EC2 `{Value: boolean}` member (toplevelbool.py): the structure with that Value.
 * Both at once is refused with the CLI's words.
 */
function setBooleanValue(
  params: Record<string, unknown>,
  args: readonly CliArg[],
  values: ReadonlyMap<string, unknown>,
  arg: CliArg,
  value: boolean,
): void {
  const other = args.find(
    (a) => a !== arg && a.member === arg.member && a.kind === 'member' && values.get(a.dest) !== undefined,
  );
  if (other) {
    const [positive, negative] = arg.flagValue ? [arg, other] : [other, arg];
    throw new ArgumentError(`Cannot specify both the "--${positive.name}" option and the "--${negative.name}" option.`);
  }
  params[arg.member!] = { Value: value };
}

function toSpec(arg: CliArg, overrideRequired: boolean): OptionSpec {
  return {
    flag: arg.positional ? arg.name : `--${arg.name}`,
    dest: arg.dest,
    nargs: arg.nargs,
    positional: arg.positional,
    required: arg.required && !overrideRequired,
    constValue:
      arg.nargs === 'flag' || (arg.nargs === 'optional' && arg.flagValue !== undefined)
        ? (arg.flagValue ?? true)
        : arg.kind === 'skeleton'
          ? 'input'
          : undefined,
    parseType: arg.parseType,
    choices: arg.choices,
  };
}

/** With pagination off, a member that a paging argument shadowed (`iam --max-items`) takes its value back. */
function restoreShadowed(table: ArgTable, values: Map<string, unknown>): void {
  for (const [name, member] of table.shadowed) {
    const index = table.args.findIndex((a) => a.name === name);
    const paging = table.args[index]!;
    const value = values.get(paging.dest);
    table.args[index] = member;
    if (value !== undefined) {
      values.delete(paging.dest);
      values.set(member.dest, value);
    }
  }
}

function uniqueByDest(args: CliArg[]): CliArg[] {
  const seen = new Set<string>();
  return args.filter((a) => !seen.has(a.dest) && seen.add(a.dest));
}

/** `--count 2` or `--count 1:5`: MinCount and MaxCount of ec2 run-instances. */
function parseCount(value: string): { MinCount: number; MaxCount: number } {
  const [min, max = min, ...rest] = value.split(':');
  if (rest.length || !/^\s*[+-]?\d+\s*$/.test(min!) || !/^\s*[+-]?\d+\s*$/.test(max!)) {
    throw new ArgumentError('count parameter should be of form min[:max] (e.g. 1 or 1:10)');
  }
  return { MinCount: Number(min), MaxCount: Number(max) };
}

/** `--cli-input-json` / `--cli-input-yaml` (inline or file://): fills the parameters the command line did not give. */
async function mergeCliInput(
  ctx: CliContext,
  values: Map<string, unknown>,
  params: Record<string, unknown>,
): Promise<void> {
  const json = values.get('cli-input-json') as string | undefined;
  const yaml = values.get('cli-input-yaml') as string | undefined;
  if (json === undefined && yaml === undefined) return;
  if (json !== undefined && yaml !== undefined)
    throw new ArgumentError('Only one --cli-input- parameter may be specified.');
  const name = json !== undefined ? 'cli-input-json' : 'cli-input-yaml';
  let text = (json ?? yaml)!;
  try {
    const loaded = await readParamFile(ctx.host, text);
    if (loaded !== undefined) text = typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
  } catch (err) {
    throw new ParamError(`--${name}`, (err as Error).message);
  }
  let loaded: unknown;
  try {
    // The YAML library is large and rarely needed: loaded only for --cli-input-yaml.
    loaded = json !== undefined ? JSON.parse(text) : (await import('yaml')).parse(text);
  } catch {
    throw new ParamError(name, json !== undefined ? 'Invalid JSON received.' : 'Invalid YAML received.');
  }
  if (!loaded || typeof loaded !== 'object' || Array.isArray(loaded)) {
    throw new ParamError(`--${name}`, `Invalid type: expecting map, received ${pyTypeName(loaded)}`);
  }
  for (const [key, value] of Object.entries(loaded)) if (!Object.hasOwn(params, key)) setOwn(params, key, value);
}

function pyTypeName(value: unknown): string {
  if (Array.isArray(value)) return "<class 'list'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  return "<class 'NoneType'>";
}

/**
 * The `outfile` positional: the payload member (a stream, or bytes when the model does not mark it
 * streaming, as lambda invoke's) is written to the file and left out of the output. An
 * S3 object's bytes are read on from where a cut connection left them (object-body.ts), which needs the
 * call's parameters; a part (`--part-number`) cannot be asked for by range, and is read as it comes.
 */
async function saveStreamingOutput(
  ctx: CliContext,
  target: { service: string; client: Client },
  operation: string,
  params: Record<string, unknown>,
  shape: Shape | undefined,
  output: Record<string, unknown>,
  path: string,
): Promise<void> {
  const member = shape?.payload;
  if (!member || output[member] === undefined) return;
  const resumable = target.service === 's3' && operation === 'GetObject' && params.PartNumber === undefined;
  const chunks = resumable
    ? readObject(
        target.client,
        { Bucket: String(params.Bucket), Key: String(params.Key), extra: params, signal: ctx.signal },
        output,
      )
    : output[member] instanceof Uint8Array
      ? (async function* (bytes: Uint8Array) {
          yield bytes;
        })(output[member])
      : readableChunks(output[member] as StreamingBody);
  // Streamed into the file as it arrives (a temporary name until complete): a large object is never held whole.
  const file = await ctx.host.fs.openForWrite(path);
  try {
    await writeChunks(file, chunks, 0);
    await file.commit();
  } catch (err) {
    await file.abort();
    throw err;
  }
  delete output[member];
}

/**
 * A command's own result (`eks get-token`'s ExecCredential) printed as an operation's is: `--query`
 * applied, then the output format, and handed to the shell's `$`.
 */
export function writeCommandResult(ctx: CliContext, title: string, value: unknown): void {
  const selected = ctx.globals.query === undefined ? value : compileQuery(ctx.globals.query).search(value);
  const opts = { title, terminalWidth: ctx.terminalWidth, color: ctx.color };
  writeOutput(ctx.globals.output ?? 'json', selected, opts, (chunk) => ctx.host.stdout.write(chunk));
  ctx.onResult?.(selected);
}

function compileQuery(expression: string): CompiledExpression {
  try {
    return compile(expression);
  } catch (err) {
    throw new ArgumentError(`Bad value for --query ${expression}: ${(err as Error).message}`);
  }
}
