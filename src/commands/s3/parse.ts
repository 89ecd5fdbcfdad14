/**
 * A whole `s3` command line as what it asks for, without running it (and without a client or a file):
 * the command, its paths and every option as the command uses it. Reading a key from `fileb://`, the
 * profile's transfer settings and the requests are left to index.ts, which runs the result.
 */
import { getOwn, setOwn } from '../../core/own.js';
import { invalidChoice, parseKnownArgs, type OptionSpec } from '../../cli/argparse.js';
import { parseJsonArg } from '../../cli/param-values.js';
import { ArgumentError, unknownOptions, UsageError } from '../../cli/usage.js';
import { S3_COMMANDS } from '../names.js';
import { filtersFrom, type Filter } from './filters.js';
import { OBJECT_PARAMS, S3_COMMAND_SPECS, S3_OPTIONS } from './options.js';
import { isS3Uri, parseS3Uri } from './paths.js';
import { TransferFatalError, type TransferBehaviour } from './transfer-options.js';

/** A customer-provided key as given (the text, or `fileb://path` to read it from). */
export interface CustomerKey {
  algorithm: string;
  key: string;
}

interface Reporting {
  dryrun: boolean;
  quiet: boolean;
  onlyShowErrors: boolean;
  filters: Filter[];
}

export type S3Call =
  | {
      command: 'ls';
      path: string;
      recursive: boolean;
      pageSize?: number;
      humanReadable: boolean;
      summarize: boolean;
      requestPayer?: string;
      /** ListBuckets' Prefix and BucketRegion. */
      bucketNamePrefix?: string;
      bucketRegion?: string;
    }
  | { command: 'mb'; path: string; tags: Array<{ Key: string; Value: string }> }
  | { command: 'rb'; path: string; force: boolean }
  | { command: 'website'; bucket: string; indexDocument?: string; errorDocument?: string }
  | { command: 'presign'; path: string; expiresIn?: number }
  | ({ command: 'rm'; path: string; recursive: boolean; requestPayer?: string; pageSize?: number } & Reporting)
  | ({ command: 'cp' | 'mv' | 'sync'; src: string; dst: string } & TransferArgs);

export interface TransferArgs extends Reporting, TransferBehaviour {
  recursive: boolean;
  noProgress: boolean;
  /** What the objects written are given: PutObject's (and CreateMultipartUpload's, CopyObject's) parameters. */
  extra: Record<string, unknown>;
  guessMimeType: boolean;
  expectedSize?: string;
  followSymlinks: boolean;
  /** `--sse-c` with its key, and `--sse-c-copy-source` with its key. */
  sseC?: CustomerKey;
  sseCopySource?: CustomerKey;
  /** For copies inside S3: where the source bucket is listed and read. */
  sourceRegion?: string;
  validateSameS3Paths: boolean;
  /** sync's own. */
  delete: boolean;
  sizeOnly: boolean;
  exactTimestamps: boolean;
  checksum: boolean;
}

/** The words after `s3`, parsed; a usage error for what the CLI refuses before running anything. */
export function parseS3Command(argv: readonly string[]): S3Call {
  const [sub, ...args] = argv;
  if (sub === undefined) throw new UsageError('the following arguments are required: operation');
  const spec = getOwn(S3_COMMAND_SPECS, sub);
  if (!spec) throw new UsageError(invalidChoice('operation', sub, S3_COMMANDS));
  const names = ['paths', 'paths2'].slice(0, spec.positionals);
  const specs: OptionSpec[] = [
    ...names.map((p): OptionSpec => ({ flag: p, dest: p, nargs: 'one', positional: true })),
    ...spec.options.flatMap((name) => S3_OPTIONS[name].specs),
  ];
  const { values: v, extras } = parseKnownArgs(specs, args);
  // The s3 commands check their own arguments: the CLI prints this line alone, without the usage block.
  if (extras.length) throw unknownOptions(extras);
  const missing = names.slice(0, spec.required).filter((p) => !v.has(p));
  if (missing.length) throw new UsageError(`the following arguments are required: ${missing.join(', ')}`);
  const text = (name: string) => v.get(name) as string | undefined;
  const path = text('paths')!;
  const pageSize = () => (v.has('page-size') ? Number(text('page-size')) : undefined);
  const reporting = (): Reporting => ({
    dryrun: v.has('dryrun'),
    quiet: v.has('quiet'),
    onlyShowErrors: v.has('only-show-errors'),
    filters: filtersFrom(args),
  });
  switch (sub) {
    case 'ls':
      return {
        command: 'ls',
        path: text('paths') ?? 's3://',
        recursive: v.has('recursive'),
        pageSize: pageSize(),
        humanReadable: v.has('human-readable'),
        summarize: v.has('summarize'),
        requestPayer: text('request-payer'),
        bucketNamePrefix: text('bucket-name-prefix'),
        bucketRegion: text('bucket-region'),
      };
    case 'mb':
      return {
        command: 'mb',
        path: s3Only(path),
        tags: ((v.get('tags') ?? []) as string[][]).map(([Key, Value]) => ({ Key: Key!, Value: Value! })),
      };
    case 'rb': {
      const { bucket, key } = parseS3Uri(s3Only(path));
      if (key) throw new ArgumentError(`Please specify a valid bucket name only. E.g. s3://${bucket}`);
      return { command: 'rb', path, force: v.has('force') };
    }
    case 'website':
      // `s3://bucket`, `bucket` or either with a trailing slash, as the CLI takes it.
      return {
        command: 'website',
        bucket: path.replace(/^s3:\/\//, '').replace(/\/$/, ''),
        indexDocument: text('index-document'),
        errorDocument: text('error-document'),
      };
    case 'presign': {
      const expiresIn = v.has('expires-in') ? Number(text('expires-in')) : undefined;
      if (expiresIn !== undefined && !Number.isInteger(expiresIn))
        throw new UsageError(`argument --expires-in: invalid int value: '${text('expires-in')}'`);
      return { command: 'presign', path, expiresIn };
    }
    case 'rm':
      return {
        command: 'rm',
        path: s3Only(path),
        recursive: v.has('recursive'),
        requestPayer: text('request-payer'),
        pageSize: pageSize(),
        ...reporting(),
      };
    default: {
      const [src, dst] = [path, text('paths2')!];
      const transfer = transferArgs(sub, v, args, reporting(), pageSize());
      checkPaths(sub, src, dst, transfer);
      return { command: sub as 'cp' | 'mv' | 'sync', src, dst, ...transfer };
    }
  }
}

/** What the CLI refuses of a transfer's paths before it starts (exit 252): options that do not fit them, a move onto itself. */
function checkPaths(command: string, src: string, dst: string, transfer: TransferArgs): void {
  if (transfer.sseCopySource && !(isS3Uri(src) && isS3Uri(dst)))
    throw new ArgumentError('--sse-c-copy-source is only supported for copy operations.');
  const kind = `${isS3Uri(src) ? 's3' : 'local'}${isS3Uri(dst) ? 's3' : 'local'}`;
  // Two local paths are the usage error the command reports when it runs.
  if (kind === 'locallocal') return;
  // A bucket alone stands for its root, `s3://b/`, as the CLI normalises it.
  const [from, to] = [src, dst].map((p) => (isS3Uri(p) && !parseS3Uri(p).key && !p.endsWith('/') ? `${p}/` : p));
  if (command === 'mv' && kind === 's3s3' && sameObject(from!, to!))
    throw new ArgumentError(`Cannot mv a file onto itself: ${from} - ${to}`);
  if (transfer.extra.ChecksumAlgorithm !== undefined) pathsFor('checksum-algorithm', kind, ['locals3', 's3s3']);
  if (transfer.checksumMode !== undefined) pathsFor('checksum-mode', kind, ['s3local']);
}

/** The CLI's _same_path: the same URI, or a prefix ending in `/` that the source's name would land at. */
export function sameObject(src: string, dst: string): boolean {
  return src === dst || (dst.endsWith('/') && src === `${dst}${src.slice(src.lastIndexOf('/') + 1)}`);
}

const PATH_FORMS: Record<string, string> = {
  locals3: '<LocalPath> <S3Uri>',
  s3s3: '<S3Uri> <S3Uri>',
  s3local: '<S3Uri> <LocalPath>',
};

function pathsFor(option: string, kind: string, allowed: string[]): void {
  if (allowed.includes(kind)) return;
  throw new ArgumentError(
    `Expected ${option} parameter to be used with one of following path formats: ${allowed.map((k) => PATH_FORMS[k]).join(', ')}. Instead, received ${PATH_FORMS[kind]}.`,
  );
}

function s3Only(path: string): string {
  if (!isS3Uri(path)) throw new ArgumentError('<S3Uri>\nError: Invalid argument type');
  return path;
}

function transferArgs(
  command: string,
  v: Map<string, unknown>,
  args: readonly string[],
  reporting: Reporting,
  pageSize: number | undefined,
): TransferArgs {
  const text = (name: string) => v.get(name) as string | undefined;
  const extra: Record<string, unknown> = {};
  for (const [name, param] of OBJECT_PARAMS) if (v.has(name)) extra[param] = v.get(name);
  if (v.has('grants')) Object.assign(extra, grantParams(v.get('grants') as string[]));
  if (v.has('metadata')) {
    extra.Metadata = parseMetadata(v.get('metadata') as string);
    // A copy given metadata replaces the source's: S3 would otherwise keep the source's and drop these.
    extra.MetadataDirective ??= 'REPLACE';
  }
  const noOverwrite = v.has('no-overwrite');
  // cp and mv write conditionally; sync has already left out what the destination has.
  if (noOverwrite && command !== 'sync') extra.IfNoneMatch = '*';
  const sseC = customerKey(v, 'sse-c');
  const sseCopySource = customerKey(v, 'sse-c-copy-source');
  return {
    ...reporting,
    recursive: v.has('recursive'),
    noProgress: v.has('no-progress'),
    extra,
    guessMimeType: !v.has('no-guess-mime-type'),
    expectedSize: text('expected-size'),
    // The pair as argparse keeps it: the last one given wins.
    followSymlinks: args.lastIndexOf('--no-follow-symlinks') <= args.lastIndexOf('--follow-symlinks'),
    sseC,
    sseCopySource,
    pageSize,
    sourceRegion: text('source-region'),
    glacier: v.has('force-glacier-transfer') ? 'force' : v.has('ignore-glacier-warnings') ? 'ignore' : 'warn',
    copyProps: v.has('metadata-directive')
      ? undefined
      : ((text('copy-props') ?? 'default') as TransferArgs['copyProps']),
    checksumMode: text('checksum-mode'),
    caseConflict: (text('case-conflict') ?? 'ignore') as TransferArgs['caseConflict'],
    progressFrequency: Number(v.get('progress-frequency') ?? 0),
    progressMultiline: v.has('progress-multiline'),
    validateSameS3Paths: v.has('validate-same-s3-paths'),
    noOverwrite,
    delete: v.has('delete'),
    sizeOnly: v.has('size-only'),
    exactTimestamps: v.has('exact-timestamps'),
    checksum: v.has('checksum'),
  };
}

/** `--sse-c [AES256] --sse-c-key K` (or the copy source's pair), given whole: the CLI's checks and words, exit 252. */
function customerKey(v: Map<string, unknown>, option: string): CustomerKey | undefined {
  const [algorithm, key] = [v.get(option) as string | undefined, v.get(`${option}-key`) as string | undefined];
  if (algorithm !== undefined && key === undefined)
    throw new ArgumentError(`If --${option} is specified, --${option}-key must be specified as well.`);
  if (key !== undefined && algorithm === undefined)
    throw new ArgumentError(`If --${option}-key is specified, --${option} must be specified as well.`);
  return key === undefined ? undefined : { algorithm: algorithm!, key };
}

const GRANTS: Record<string, string> = {
  read: 'GrantRead',
  readacl: 'GrantReadACP',
  writeacl: 'GrantWriteACP',
  full: 'GrantFullControl',
};

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
