/**
 * `isoaws <service> <operation> [args]`: the operation's argument table parsed as the CLI parses it,
 * the call parameters built (command line over `--cli-input-json|yaml`), the call made — paginated
 * with `--max-items`/`--starting-token`/`--page-size` unless turned off — and the result printed.
 */
import type { Client } from '../core/client.js';
import { IsoawsError } from '../core/errors.js';
import type { Operation, ServiceBundle, ServiceIndexEntry, Shape } from '../core/model/types.js';
import { mergePages, PageIterator, setPath } from '../core/pagination.js';
import { eventStreamMember } from '../core/protocols/event-stream-member.js';
import { compile, explainQuery, type CompiledExpression } from '../core/query/index.js';
import { readableChunks, type StreamingBody } from '../core/streaming-body.js';
import { readObject } from '../core/transfer/object-body.js';
import { writeChunks } from '../core/transfer/objects.js';
import { parseKnownArgs, type OptionSpec } from './argparse.js';
import { buildArgTable } from './arg-table.js';
import type { ArgTable, CliArg, CustomizationContext, OutputStep } from './command-args.js';
import type { CliContext } from './context.js';
import { writeOutput } from './output/index.js';
import { redactSensitive } from './debug.js';
import { formatJson } from './output/json.js';
import { toCliValue } from './output/py-values.js';
import { readWireTimestamp } from './wire-timestamps.js';
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
  | { kind: 'skeleton'; format: 'input' | 'yaml-input' }
  | { kind: 'skeleton'; format: 'output'; steps: OutputStep[] }
  | {
      kind: 'call';
      params: Record<string, unknown>;
      /** Auto-pagination (with the CLI's paging arguments), or one request. */
      paginate: boolean;
      paging: { maxItems?: number; startingToken?: string; pageSize?: number };
      outfile?: string;
      /** The customizations' changes to each response, in order (policy documents decoded, files saved, …). */
      steps: OutputStep[];
    };

/**
 * The operation's options and positionals as argparse reads them, none required: where the alias
 * file's bags of options are looked for (alias.ts).
 */
export function operationSpecs(
  bundle: ServiceBundle,
  cliService: string,
  cliOperation: string,
  operation: Operation,
): OptionSpec[] {
  return buildArgTable(bundle, cliService, cliOperation, operation, { paging: true }).args.map((a) => toSpec(a, true));
}

/**
 * Parses `argv` against the operation's argument table and builds the call parameters: each argument
 * unpacked (files, shorthand, JSON, numbers), `--cli-input-json|yaml` under them, the CLI's defaults
 * and blob decoding applied. Nothing is sent.
 */
export async function prepareOperation(
  ctx: CliContext,
  target: Omit<OperationTarget, 'client'> & { client?: Client },
  argv: readonly string[],
): Promise<PreparedCommand> {
  const { bundle, operation } = target;
  const table = buildArgTable(bundle, target.cliService, target.cliOperation, operation, {
    paging: target.waiter === undefined,
  });
  // `help` alone is help even when required arguments are missing (the CLI checks it before parsing).
  if (argv.length === 1 && argv[0] === 'help') return { kind: 'help', table };
  // Only where the table has these arguments (not beside an outfile): elsewhere they are unknown options.
  const given = (name: string) => table.byName.has(name) && argv.includes(`--${name}`);
  const overrideRequired =
    given('cli-input-json') ||
    given('cli-input-yaml') ||
    (given('generate-cli-skeleton') && argv[argv.indexOf('--generate-cli-skeleton') + 1] !== 'output');
  const specs: OptionSpec[] = table.args.map((a) => toSpec(a, overrideRequired));
  specs.push({ flag: 'help', dest: '__help', nargs: 'optional', positional: true });
  const { values, extras } = parseKnownArgs(specs, argv);
  const help = values.get('__help') as string | undefined;
  if (help === 'help') return { kind: 'help', table };
  if (help !== undefined) extras.push(help);
  if (extras.length) throw new UnknownArgumentError(`Unknown options: ${extras.join(', ')}`);
  const valueCtx: ValueContext = {
    host: ctx.host,
    model: bundle,
    cliService: target.cliService,
    cliOperation: target.cliOperation,
  };
  const customizations = table.customizations;
  const custom: CustomizationContext = {
    ctx,
    client: target.client,
    table,
    model: bundle,
    operation,
    unpack: (arg, raw) => unpackArgument(arg, raw, valueCtx),
  };
  // Read as soon as the command line is: a --priv-launch-key that is not a file is refused before a
  // skeleton is printed or --cli-input-json read, as the CLI refuses it.
  const steps: OutputStep[] = [];
  for (const c of customizations) {
    const step = await c.output?.(values, custom);
    if (step) steps.push(step);
  }

  const skeleton = values.get('generate-cli-skeleton') as 'input' | 'yaml-input' | 'output' | undefined;
  if (skeleton === 'input' || skeleton === 'yaml-input') return { kind: 'skeleton', format: skeleton };

  for (const c of customizations) c.check?.(values);
  const params: Record<string, unknown> = {};
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
        {
          let value =
            arg.nargs === 'flag' || typeof raw === 'number'
              ? raw
              : await unpackArgument(arg, raw as string | string[], valueCtx);
          for (const c of customizations) if (c.member) value = c.member(arg, value);
          params[arg.member!] = value;
        }
        break;
      case 'page':
        if (arg.name === 'max-items') paging.maxItems = raw as number;
        else if (arg.name === 'page-size') paging.pageSize = raw as number;
        else paging.startingToken = raw as string;
        break;
      case 'custom':
        await arg.custom!.fill?.(params, arg, raw, custom);
        break;
      case 'outfile':
        outfile = raw as string;
        break;
      default:
        break;
    }
  }
  await mergeCliInput(ctx, values, params);
  const input = operation.input ? bundle.shapes[operation.input.shape] : undefined;
  if (input) decodeInputBlobs(bundle, input, params, ctx.globals.binaryFormat ?? 'base64');
  // After the blobs are decoded, as the CLI's before-parameter-build handlers run after its decoding.
  for (const c of customizations) await c.finish?.(params, custom);
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
    for (const c of customizations) paging.pageSize ??= c.pageSize?.(operation.name, params);
  if (skeleton === 'output') return { kind: 'skeleton', format: 'output', steps };
  for (const c of customizations) c.calling?.(ctx);
  return { kind: 'call', params, paginate, paging, outfile, steps };
}

/** Runs the command (or prints its help); resolves to the exit code. */
export async function runOperation(ctx: CliContext, target: OperationTarget, argv: readonly string[]): Promise<number> {
  const { bundle, operation } = target;
  const prepared = await prepareOperation(ctx, target, argv);
  if (prepared.kind === 'help') {
    ctx.host.stdout.write(
      (await import('./help.js')).operationHelp({
        entry: target.entry,
        command: target.cliOperation,
        bundle,
        operation,
        table: prepared.table,
        docs: await ctx.host.models.docs?.(target.service),
        examples: (await ctx.host.models.examples?.(target.entry.cliName))?.[target.cliOperation],
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
      // The CLI's sample is a stubbed response, which its after-call customizations see as they see any:
      // with --priv-launch-key it decrypts the sample's PasswordData too (and fails: it is not a ciphertext).
      print(present(await applySteps(prepared.steps, sample as Record<string, unknown>)));
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
  const { params, paginate, paging, outfile, steps } = prepared;
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
  const readTimestamp = ctx.timestampFormat === 'wire' ? readWireTimestamp : undefined;
  const call = async (p: Record<string, unknown>, signal: AbortSignal | undefined) => {
    const { $metadata: _meta, ...output } = await target.client.send(target.service, operation.name, p, {
      signal,
      readTimestamp,
    });
    return output;
  };
  if (!paginate) {
    const output = await call(params, ctx.signal);
    if (outfile !== undefined)
      await saveStreamingOutput(ctx, target, operation.name, params, outputShape, output, outfile);
    const shown = await applySteps(steps, output);
    await refuseEventStream(bundle, operation, shown);
    finish(present(shown));
    return 0;
  }

  const config = bundle.paginators![operation.name]!;
  const iterator = new PageIterator(async (p, signal) => applySteps(steps, await call(p, signal)), config, params, {
    ...paging,
    signal: ctx.signal,
  });
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
 * An event stream left in the output: only select-object-content's outfile (select-outfile.ts) reads one,
 * and the AWS CLI has no other command that prints one as output (removals.py hides them, and its
 * `logs start-live-tail` is a command of its own). Rather than print `{}` for it, the stream is closed and
 * the command fails, as the CLI fails on output it cannot serialize.
 */
async function refuseEventStream(
  bundle: ServiceBundle,
  operation: Operation,
  output: Record<string, unknown>,
): Promise<void> {
  const member = eventStreamMember(bundle, operation);
  const events = member && (output[member.name] as AsyncIterator<unknown> | undefined);
  if (!events) return;
  await events.return?.();
  throw new IsoawsError(
    `The ${operation.name} operation answers with an event stream (${member.name}), which isoaws cannot print`,
  );
}

/** The customizations' steps over one response, in order. */
async function applySteps(
  steps: readonly OutputStep[],
  output: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  for (const step of steps) output = await step(output);
  return output;
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

/** `--query`'s expression compiled, or the CLI's usage error naming it. */
export function compileQuery(expression: string): CompiledExpression {
  try {
    return compile(expression);
  } catch (err) {
    throw new ArgumentError(`Bad value for --query ${expression}: ${(err as Error).message}`);
  }
}
