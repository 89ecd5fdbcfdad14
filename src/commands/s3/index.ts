/**
 * `isoaws s3 <ls|mb|rb|cp|mv|rm>`: the AWS CLI's high-level S3 commands. Arguments are parsed with the
 * CLI's argparse rules; transfers are cut up and paced from the profile's `s3` settings (see
 * core/transfer/settings.ts).
 */
import type { Client } from '../../core/client.js';
import type { ConfigValue } from '../../core/config/ini.js';
import { getOwn, setOwn } from '../../core/own.js';
import { ServiceError } from '../../core/errors.js';
import { bandwidthPacer, parseSize, readTransferSettings } from '../../core/transfer/settings.js';
import { createUploadRecords } from '../../core/transfer/upload-records.js';
import { invalidChoice, parseKnownArgs, type OptionSpec } from '../../cli/argparse.js';
import type { CommandModule } from '../../cli/command.js';
import type { CliContext } from '../../cli/context.js';
import { S3_COMMANDS } from '../names.js';
import { parseJsonArg, readParamFile } from '../../cli/param-values.js';
import { ArgumentError, UsageError } from '../../cli/usage.js';
import { filtersFrom } from './filters.js';
import { listCommand, type LsOptions } from './ls.js';
import { isS3Uri, parseS3Uri } from './paths.js';
import { copyCommand, describeError, removeCommand, TransferFatalError } from './transfers.js';

/** `isoaws s3 …` (the registry's record). */
export const s3Command: CommandModule = {
  async run(env, args) {
    return runS3(env.ctx, await env.client('S3'), (await env.profile()).config, args);
  },
};

const flag = (name: string): OptionSpec => ({ flag: `--${name}`, dest: name, nargs: 'flag', constValue: true });
const one = (name: string): OptionSpec => ({ flag: `--${name}`, dest: name, nargs: 'one' });

/** An option whose value may be left out (`--sse`, `--sse-c`), standing for AES256 then. */
const aes256 = (name: string, choices: string[]): OptionSpec => ({ flag: `--${name}`, dest: name, nargs: 'optional', constValue: 'AES256', choices });

/** `--request-payer` alone means requester, the one value there is. */
const REQUEST_PAYER: OptionSpec = { flag: '--request-payer', dest: 'request-payer', nargs: 'optional', constValue: 'requester', choices: ['requester'] };
/** The values the CLI takes for an object option (its argparse choices); the others take any text. */
const CHOICES: Record<string, string[]> = {
  acl: ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control', 'log-delivery-write'],
  'storage-class': ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR'],
  'metadata-directive': ['COPY', 'REPLACE'],
};
/** Object options whose value may be left out. */
const OPTIONAL_VALUE: Record<string, OptionSpec> = { 'request-payer': REQUEST_PAYER, sse: aes256('sse', ['AES256', 'aws:kms', 'aws:kms:dsse']) };
const objectOption = (name: string): OptionSpec => OPTIONAL_VALUE[name] ?? { ...one(name), choices: CHOICES[name] };

const FILTERS = [one('exclude'), one('include')];
const OUTPUT = [flag('dryrun'), flag('quiet'), flag('only-show-errors'), flag('no-progress')];
/** Object settings an upload or copy takes, and the PutObject parameter each fills. */
const OBJECT_OPTIONS: Array<[string, string]> = [
  ['content-type', 'ContentType'], ['cache-control', 'CacheControl'], ['content-disposition', 'ContentDisposition'],
  ['content-encoding', 'ContentEncoding'], ['content-language', 'ContentLanguage'], ['expires', 'Expires'],
  ['storage-class', 'StorageClass'], ['acl', 'ACL'], ['sse', 'ServerSideEncryption'], ['sse-kms-key-id', 'SSEKMSKeyId'],
  ['website-redirect', 'WebsiteRedirectLocation'], ['metadata-directive', 'MetadataDirective'], ['request-payer', 'RequestPayer'],
];
const TRANSFER: OptionSpec[] = [
  flag('recursive'), ...FILTERS, ...OUTPUT, flag('no-guess-mime-type'), one('metadata'), one('expected-size'),
  flag('follow-symlinks'), flag('no-follow-symlinks'), ...OBJECT_OPTIONS.map(([name]) => objectOption(name)),
  aes256('sse-c', ['AES256']), one('sse-c-key'), aes256('sse-c-copy-source', ['AES256']), one('sse-c-copy-source-key'),
  { flag: '--checksum-algorithm', dest: 'checksum-algorithm', nargs: 'one', choices: ['CRC64NVME', 'CRC32', 'SHA256', 'SHA1', 'CRC32C'] },
  { flag: '--grants', dest: 'grants', nargs: 'many' },
];

async function runS3(ctx: CliContext, client: Client, profile: Record<string, ConfigValue>, argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(ctx, client, profile, argv);
  } catch (err) {
    // A service error that stops a transfer command (a listing, a missing source object) is the CLI's
    // "fatal error" with exit 1; ls reports it as any command does, and mb and rb word their own.
    if (!(err instanceof ServiceError || err instanceof TransferFatalError) || ctx.signal?.aborted || !['cp', 'mv', 'rm', 'sync'].includes(argv[0]!)) throw err;
    ctx.host.stderr.write(`fatal error: ${describeError(err)}\n`);
    return 1;
  }
}

async function dispatch(ctx: CliContext, client: Client, profile: Record<string, ConfigValue>, argv: readonly string[]): Promise<number> {
  const [sub, ...args] = argv;
  if (sub === undefined) throw new UsageError('the following arguments are required: operation');
  // `s3 help`, and `s3 <command> … help` as the CLI takes it: `help` as the last word.
  if (sub === 'help' || (args.at(-1) === 'help' && S3_COMMANDS.includes(sub))) {
    const [{ s3HelpPage }, { commandHelp }] = await Promise.all([import('./help.js'), import('../../cli/help.js')]);
    ctx.host.stdout.write(commandHelp(s3HelpPage(sub === 'help' ? 's3' : sub)!));
    return 0;
  }
  const parse = (specs: OptionSpec[], positionals: string[], required = positionals.length) => {
    const { values, extras } = parseKnownArgs([...positionals.map((p): OptionSpec => ({ flag: p, dest: p, nargs: 'one', positional: true })), ...specs], args);
    // The s3 commands check their own arguments: the CLI prints this line alone, without the usage block.
    if (extras.length) throw new ArgumentError(`Unknown options: ${extras.join(', ')}`);
    const missing = positionals.slice(0, required).filter((p) => !values.has(p));
    if (missing.length) throw new UsageError(`the following arguments are required: ${missing.join(', ')}`);
    return values;
  };
  const signal = ctx.signal;
  const out = ctx.host.stdout;
  /** mb and rb: `make_bucket: b` on stdout, or `make_bucket failed: s3://b <error>` on stderr and exit 1. */
  const bucketCall = async (verb: string, path: string, bucket: string, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (err) {
      ctx.host.stderr.write(`${verb} failed: ${path} ${describeError(err)}\n`);
      return 1;
    }
    out.write(`${verb}: ${bucket}\n`);
    return 0;
  };
  switch (sub) {
    case 'ls': {
      const v = parse([flag('recursive'), one('page-size'), flag('human-readable'), flag('summarize'), REQUEST_PAYER], ['paths'], 0);
      const path = (v.get('paths') as string | undefined) ?? 's3://';
      const { bucket, key } = parseS3Uri(path.startsWith('s3://') ? path : `s3://${path}`);
      const pageSize = v.has('page-size') ? Number(v.get('page-size')) : undefined;
      return listCommand(client, out, {
        bucket, key, recursive: v.has('recursive'), pageSize, humanReadable: v.has('human-readable'), summarize: v.has('summarize'),
        requestPayer: v.get('request-payer') as string | undefined, signal, print: await listingPrinter(ctx, client),
      });
    }
    case 'mb': {
      const path = parse([], ['path']).get('path') as string;
      if (!isS3Uri(path)) throw new ArgumentError('<S3Uri>\nError: Invalid argument type');
      const { bucket } = parseS3Uri(path);
      const region = client.config.region;
      return bucketCall('make_bucket', path, bucket, () => client.send('s3', 'CreateBucket', {
        Bucket: bucket, ...(region && region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region } } : {}),
      }, { signal }));
    }
    case 'rb': {
      const v = parse([flag('force')], ['path']);
      const path = v.get('path') as string;
      if (!isS3Uri(path)) throw new ArgumentError('<S3Uri>\nError: Invalid argument type');
      const { bucket, key } = parseS3Uri(path);
      if (key) throw new ArgumentError(`Please specify a valid bucket name only. E.g. s3://${bucket}`);
      if (v.has('force')) {
        const code = await removeCommand(client, ctx.host, path, { recursive: true, dryrun: false, quiet: false, onlyShowErrors: false, filters: [], signal });
        if (code !== 0) {
          ctx.host.stderr.write('\nremove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted.\n');
          return 255;
        }
      }
      return bucketCall('remove_bucket', path, bucket, () => client.send('s3', 'DeleteBucket', { Bucket: bucket }, { signal }));
    }
    case 'website': {
      const v = parse([one('index-document'), one('error-document')], ['paths']);
      // `s3://bucket`, `bucket` or either with a trailing slash, as the CLI takes it.
      const bucket = (v.get('paths') as string).replace(/^s3:\/\//, '').replace(/\/$/, '');
      const WebsiteConfiguration: Record<string, unknown> = {};
      if (v.has('index-document')) WebsiteConfiguration.IndexDocument = { Suffix: v.get('index-document') };
      if (v.has('error-document')) WebsiteConfiguration.ErrorDocument = { Key: v.get('error-document') };
      await client.send('s3', 'PutBucketWebsite', { Bucket: bucket, WebsiteConfiguration }, { signal });
      return 0;
    }
    case 'presign': {
      const v = parse([one('expires-in')], ['path']);
      const path = v.get('path') as string;
      const { bucket, key } = parseS3Uri(path.startsWith('s3://') ? path : `s3://${path}`);
      const expiresIn = v.has('expires-in') ? Number(v.get('expires-in')) : undefined;
      if (expiresIn !== undefined && !Number.isInteger(expiresIn)) throw new UsageError(`argument --expires-in: invalid int value: '${String(v.get('expires-in'))}'`);
      out.write(`${await client.presign('s3', 'GetObject', { Bucket: bucket, Key: key }, { expiresIn })}\n`);
      return 0;
    }
    case 'rm': {
      const v = parse([flag('recursive'), ...FILTERS, ...OUTPUT, REQUEST_PAYER], ['paths']);
      const path = v.get('paths') as string;
      if (!isS3Uri(path)) throw new ArgumentError('<S3Uri>\nError: Invalid argument type');
      return removeCommand(client, ctx.host, path, {
        recursive: v.has('recursive'), dryrun: v.has('dryrun'), quiet: v.has('quiet'), onlyShowErrors: v.has('only-show-errors'), filters: filtersFrom(args), signal,
      });
    }
    case 'cp':
    case 'mv':
    case 'sync': {
      const v = parse(sub === 'sync' ? [...TRANSFER.filter((s) => s.dest !== 'recursive' && s.dest !== 'expected-size'), flag('delete'), flag('size-only'), flag('exact-timestamps'), flag('checksum')] : TRANSFER, ['paths', 'paths2']);
      const [src, dst] = [v.get('paths') as string, v.get('paths2') as string];
      const extra: Record<string, unknown> = {};
      for (const [name, param] of OBJECT_OPTIONS) if (v.has(name)) extra[param] = v.get(name);
      if (v.has('checksum-algorithm')) extra.ChecksumAlgorithm = v.get('checksum-algorithm');
      if (v.has('grants')) Object.assign(extra, grantParams(v.get('grants') as string[]));
      if (v.has('metadata')) extra.Metadata = parseMetadata(v.get('metadata') as string);
      const sse = await sseCustomerKeys(ctx, v, isS3Uri(src) && isS3Uri(dst));
      // The --sse-c key is the written object's, or on a download the read object's.
      if (isS3Uri(dst)) Object.assign(extra, sse.written);
      const expected = v.has('expected-size') ? parseSize(v.get('expected-size') as string) : undefined;
      const mime = (await import('mime')).default;
      const settings = readTransferSettings(typeof profile.s3 === 'object' ? profile.s3 : {});
      const pacer = settings.maxBandwidth && bandwidthPacer(settings.maxBandwidth, { now: () => ctx.host.now().getTime(), sleep: ctx.host.sleep });
      const options = {
        recursive: v.has('recursive'), dryrun: v.has('dryrun'), quiet: v.has('quiet'), onlyShowErrors: v.has('only-show-errors'),
        filters: filtersFrom(args), extra, guessMimeType: !v.has('no-guess-mime-type'), expectedSize: expected,
        settings, signal, mimeType: (name: string) => mime.getType(name) ?? undefined,
        pace: pacer ? (bytes: number) => pacer(bytes, signal) : undefined,
        // The pair as argparse keeps it: the last one given wins.
        followSymlinks: args.lastIndexOf('--no-follow-symlinks') <= args.lastIndexOf('--follow-symlinks'),
        showProgress: ctx.stdoutIsTty === true && !['quiet', 'only-show-errors', 'no-progress'].some((name) => v.has(name)) && src !== '-' && dst !== '-',
        sourceSse: isS3Uri(dst) ? sse.copySource : sse.written,
        uploads: createUploadRecords(ctx.host.fs, `${ctx.host.homeDir}/.isoaws/uploads`),
      };
      if (sub === 'sync') {
        const { syncCommand } = await import('./sync.js');
        return syncCommand(client, ctx.host, src, dst, {
          ...options, delete: v.has('delete'), sizeOnly: v.has('size-only'), exactTimestamps: v.has('exact-timestamps'), checksum: v.has('checksum'),
        });
      }
      return copyCommand(client, ctx.host, src, dst, options, sub === 'mv');
    }
    default:
      throw new UsageError(invalidChoice('operation', sub, S3_COMMANDS));
  }
}

/**
 * How `s3 ls` prints its listing as data: only for a data format given with `--output` on the command
 * line (the AWS CLI always prints its text listing, whatever the profile's output, and scripts rely on it).
 */
async function listingPrinter(ctx: CliContext, client: Client): Promise<LsOptions['print']> {
  const format = ctx.outputOption;
  if (format === undefined || format === 'text') return undefined;
  const [{ toCliValue }, { writeOutput }, { bundle }] = await Promise.all([import('../../cli/output/py-values.js'), import('../../cli/output/index.js'), client.service('s3')]);
  return (operation, value) => {
    const shape = bundle.shapes[bundle.operations[operation]!.output!.shape];
    const shown = toCliValue(bundle, shape, value, { markFloats: true });
    writeOutput(format, shown, { title: operation, terminalWidth: ctx.terminalWidth, color: ctx.color }, (text) => ctx.host.stdout.write(text));
  };
}

/**
 * `--sse-c [AES256] --sse-c-key K` and `--sse-c-copy-source [AES256] --sse-c-copy-source-key K`, each
 * pair given whole (the CLI's checks and words, exit 252). A key is the raw key (`fileb://` reads it
 * from a file); the engine sends it base64-encoded with its MD5.
 */
async function sseCustomerKeys(ctx: CliContext, v: Map<string, unknown>, copy: boolean): Promise<{ written?: Record<string, unknown>; copySource?: Record<string, unknown> }> {
  const pair = async (option: string) => {
    const [algorithm, key] = [v.get(option) as string | undefined, v.get(`${option}-key`) as string | undefined];
    if (algorithm !== undefined && key === undefined) throw new ArgumentError(`If --${option} is specified, --${option}-key must be specified as well.`);
    if (key !== undefined && algorithm === undefined) throw new ArgumentError(`If --${option}-key is specified, --${option} must be specified as well.`);
    if (key === undefined) return undefined;
    return { SSECustomerAlgorithm: algorithm, SSECustomerKey: (await readParamFile(ctx.host, key)) ?? key };
  };
  const written = await pair('sse-c');
  const copySource = await pair('sse-c-copy-source');
  if (copySource && !copy) throw new ArgumentError('--sse-c-copy-source is only supported for copy operations.');
  return { written, copySource };
}

const GRANTS: Record<string, string> = { read: 'GrantRead', readacl: 'GrantReadACP', writeacl: 'GrantWriteACP', full: 'GrantFullControl' };

/** `--grants read=uri=… full=id=…`: each `permission=grantee` sets that permission's grant header (the last one given wins). */
function grantParams(grants: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const grant of grants) {
    const eq = grant.indexOf('=');
    if (eq === -1) throw new TransferFatalError('grants should be of the form permission=principal');
    const param = getOwn(GRANTS, grant.slice(0, eq));
    if (!param) throw new TransferFatalError('permission must be one of: read|readacl|writeacl|full');
    out[param] = grant.slice(eq + 1);
  }
  return out;
}

/** `--metadata key=value,key2=value2` or JSON, as the CLI's map argument takes it. */
function parseMetadata(text: string): Record<string, string> {
  if (text.trim().startsWith('{')) return parseJsonArg(text, '--metadata') as Record<string, string>;
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) setOwn(out, pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return out;
}
