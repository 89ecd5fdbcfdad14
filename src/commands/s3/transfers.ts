/**
 * `s3 cp`, `s3 mv` and `s3 rm`: local ↔ S3, S3 → S3, stdin/stdout (`-`), one object or a whole tree
 * (`--recursive`, with `--include`/`--exclude`), as the AWS CLI runs them. Each transfer prints
 * `upload: ./a to s3://b/a` (download, copy, move, delete) when it is done, or `… failed: … <error>` on
 * stderr and the others go on; the exit code is 1 when any failed, 2 when files were skipped with a
 * warning. Several transfers run at once (`max_concurrent_requests`).
 */
import type { Client } from '../../core/client.js';
import { errorText, IsoawsError, ServiceError } from '../../core/errors.js';
import { ArgumentError } from '../../cli/usage.js';
import type { Host, Writer } from '../../core/host.js';
import { createPlacer } from '../../core/local-paths.js';
import { downloadObject, runConcurrently, toWriter, uploadObject } from '../../core/transfer/objects.js';
import { caseConflictCheck } from './case-conflict.js';
import { copyWithProps } from './copy-props.js';
import { pathFilter } from './filters.js';
import { ProgressLine } from './progress.js';
import { payerParams, readParams, type ListedObject, type TransferOptions } from './transfer-options.js';
import { basename, dirname, displayLocal, isS3Uri, parseS3Uri, s3Uri } from './paths.js';
import { resolveLocal } from '../../core/local-paths.js';

/** Paths cp, mv and sync cannot take (two local paths, `-` with --recursive): the CLI's usage error. */
export function invalidPaths(command: string): ArgumentError {
  return new ArgumentError(
    `usage: aws s3 ${command} <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>\nError: Invalid argument type`,
  );
}

export interface Task {
  kind: 'upload' | 'download' | 'copy' | 'delete';
  /** As printed. */
  from: string;
  to?: string;
  /** No result line (a transfer from stdin or to stdout, where stdout may be the data). */
  silent?: boolean;
  /** Bytes it moves, when known (the progress line's total). */
  size?: number;
  run(): Promise<void>;
}

/** Counts and prints results; the exit code follows the AWS CLI (1 failed, 2 warned, else 0). */
export class Results {
  failed = 0;
  warned = 0;
  private line?: ProgressLine;

  constructor(
    private readonly host: Host,
    private readonly o: Pick<TransferOptions, 'quiet' | 'onlyShowErrors' | 'dryrun'> &
      Partial<Pick<TransferOptions, 'progressFrequency' | 'progressMultiline'>>,
  ) {}

  /** The options with the bytes the engine moves counted on this command's progress line (when it has one). */
  metered<T extends TransferOptions>(o: T): T {
    return o.showProgress ? { ...o, progress: (bytes: number) => this.line?.bytes(bytes) } : o;
  }

  success(verb: string, from: string, to?: string): void {
    if (this.o.quiet || this.o.onlyShowErrors) return;
    this.print(
      this.host.stdout,
      `${this.o.dryrun ? '(dryrun) ' : ''}${verb}: ${from}${to !== undefined ? ` to ${to}` : ''}`,
      true,
    );
  }

  failure(verb: string, from: string, to: string | undefined, err: unknown): void {
    this.failed++;
    if (this.o.quiet) return;
    this.print(
      this.host.stderr,
      `${verb} failed: ${from}${to !== undefined ? ` to ${to}` : ''} ${errorText(err)}`,
      true,
    );
  }

  warning(message: string): void {
    this.warned++;
    if (!this.o.quiet) this.print(this.host.stderr, `warning: ${message}`, false);
  }

  private print(writer: Writer, line: string, fileDone: boolean): void {
    if (this.line) this.line.result(writer, line, fileDone);
    else writer.write(`${line}\n`);
  }

  get code(): number {
    return this.failed ? 1 : this.warned ? 2 : 0;
  }

  /**
   * Runs the tasks, several at once, each reported when it ends (as `verb` names it); a failure is
   * reported and the others go on. `then` follows a task that succeeded (a move removes its source).
   * Returns the exit code.
   */
  async runAll(
    tasks: Task[],
    o: Pick<TransferOptions, 'dryrun' | 'signal' | 'settings' | 'showProgress'>,
    verb: (kind: Task['kind']) => string = (kind) => kind,
    then?: (task: Task) => Promise<void>,
  ): Promise<number> {
    if (o.showProgress && !o.dryrun && tasks.length) {
      const bytes = tasks.reduce((sum, t) => sum + (t.size ?? 0), 0);
      this.line = new ProgressLine(this.host.stdout, () => this.host.now().getTime(), bytes, tasks.length, {
        everyMs: (this.o.progressFrequency ?? 0) * 1000,
        multiline: this.o.progressMultiline ?? false,
      });
    }
    await runConcurrently(tasks, o.settings.maxConcurrentRequests, async (task) => {
      if (o.dryrun) return this.success(verb(task.kind), task.from, task.to);
      try {
        await task.run();
        await then?.(task);
        if (!task.silent) this.success(verb(task.kind), task.from, task.to);
      } catch (err) {
        if (o.signal?.aborted) throw err;
        // A conditional write (--no-overwrite) that found the object there: skipped, as the CLI skips it. A
        // download's 412 is its resumption finding the object changed (If-Match), which is a failure.
        if (err instanceof ServiceError && err.code === 'PreconditionFailed' && task.kind !== 'download')
          return this.line?.skipped();
        this.failure(verb(task.kind), task.from, task.to, err);
      }
    });
    return this.code;
  }
}

export async function copyCommand(
  client: Client,
  host: Host,
  src: string,
  dst: string,
  o: TransferOptions,
  move: boolean,
): Promise<number> {
  const results = new Results(host, o);
  const verb = (kind: Task['kind']) => (move ? 'move' : kind);
  const cwd = host.cwd ?? '/';
  const [fromS3, toS3] = [isS3Uri(src), isS3Uri(dst)];
  if ((!fromS3 && !toS3) || (src === '-' && (!toS3 || o.recursive)) || (dst === '-' && (!fromS3 || o.recursive)))
    throw invalidPaths(move ? 'mv' : 'cp');
  if (!fromS3 && src !== '-' && !(await host.fs.stat(resolveLocal(cwd, src)))) {
    throw new IsoawsError(`The user-provided path ${src} does not exist.`);
  }
  const metered = results.metered(o);
  const tasks = await planTransfers(client, host, src, dst, metered, results);
  return results.runAll(tasks, metered, verb, move ? (task) => removeSource(client, host, task, cwd, o) : undefined);
}

/** After a move, the source goes: the local file, or the object. */
async function removeSource(client: Client, host: Host, task: Task, cwd: string, o: TransferOptions): Promise<void> {
  if (isS3Uri(task.from)) {
    const { bucket, key } = parseS3Uri(task.from);
    await client.send('s3', 'DeleteObject', { Bucket: bucket, Key: key }, { signal: o.signal });
  } else if (task.from !== '-') {
    await host.fs.remove(resolveLocal(cwd, task.from));
  }
}

async function planTransfers(
  client: Client,
  host: Host,
  src: string,
  dst: string,
  o: TransferOptions,
  results: Results,
): Promise<Task[]> {
  const cwd = host.cwd ?? '/';
  const fromS3 = isS3Uri(src);
  const toS3 = isS3Uri(dst);
  if (src === '-') {
    const target = parseS3Uri(dst);
    return [
      {
        kind: 'upload',
        from: '-',
        to: dst,
        silent: true,
        run: async () => {
          await uploadObject(
            client,
            { kind: 'stream', chunks: host.stdin ?? emptyStream(), expectedSize: o.expectedSize },
            { Bucket: target.bucket, Key: target.key, extra: o.extra },
            o,
          );
        },
      },
    ];
  }
  if (dst === '-') {
    const source = parseS3Uri(src);
    const head = await headOf(client, source, o);
    if (skipsGlacier(head, 'download', src, o, results)) return [];
    return [
      {
        kind: 'download',
        from: src,
        silent: true,
        run: () =>
          downloadObject(
            client,
            { Bucket: source.bucket, Key: source.key, size: head.size, etag: head.etag, extra: readParams(o) },
            { kind: 'stream', write: (chunks) => toWriter(host.stdout, chunks) },
            o,
          ),
      },
    ];
  }
  if (!fromS3) return planUploads(client, host, resolveLocal(cwd, src), parseS3Uri(dst), o, results);
  const source = parseS3Uri(src);
  const objects = o.recursive ? await listTree(o.sourceClient, source, o) : [await headOf(o.sourceClient, source, o)];
  const keep = pathFilter(
    o.filters,
    `${source.bucket}/${o.recursive ? source.key : dirname(`/${source.key}`).slice(1)}`,
  );
  const target = toS3 ? parseS3Uri(dst) : undefined;
  const root = resolveLocal(cwd, dst);
  // A single download into an existing directory (or a path ending in `/`) takes the object's name.
  const intoDirectory = o.recursive || dst.endsWith('/') || (!toS3 && (await host.fs.stat(root))?.isDirectory === true);
  const place = createPlacer(host.fs, root);
  const conflicts = o.recursive ? caseConflictCheck(host, o.caseConflict) : undefined;
  const tasks: Task[] = [];
  for (const object of objects) {
    if (!keep(`${source.bucket}/${object.key}`)) continue;
    const from = s3Uri(source.bucket, object.key);
    const relative = o.recursive ? relativeKey(source.key, object.key) : basename(object.key);
    if (skipsGlacier(object, target ? 'copy' : 'download', from, o, results)) continue;
    if (target) {
      const key = o.recursive ? joinKey(target.key, relative) : keyFor(target.key, relative);
      tasks.push(copyTask(client, source.bucket, object, { bucket: target.bucket, key }, o));
      continue;
    }
    // A key's name must not lead the file out of the directory it goes in (`pre/../../x`, links).
    const placed = intoDirectory ? await place(relative) : { path: root };
    if (!('path' in placed)) {
      results.warning(placed.refused);
      continue;
    }
    const { path } = placed;
    const to = displayLocal(cwd, path);
    // --no-overwrite leaves a file that is there, silently, as the CLI does.
    if (o.noOverwrite && (await host.fs.stat(path))) continue;
    if (conflicts && !(await conflicts(relative, `${source.bucket}/${object.key}`, path))) continue;
    tasks.push({
      kind: 'download',
      from,
      to,
      size: object.size,
      run: async () => {
        await host.fs.mkdir(dirname(path));
        await downloadObject(
          client,
          { Bucket: source.bucket, Key: object.key, size: object.size, etag: object.etag, extra: readParams(o) },
          { kind: 'file', open: () => host.fs.openForWrite(path) },
          o,
        );
      },
    });
  }
  return tasks;
}

/** A copy inside S3 of `object` to `target`, with the properties --copy-props asks for. */
export function copyTask(
  client: Client,
  bucket: string,
  object: ListedObject,
  target: { bucket: string; key: string },
  o: TransferOptions,
): Task {
  return {
    kind: 'copy',
    from: s3Uri(bucket, object.key),
    to: s3Uri(target.bucket, target.key),
    size: object.size,
    run: () => copyWithProps(client, { bucket, object }, target, o),
  };
}

/**
 * A GLACIER or DEEP_ARCHIVE object that is not restored cannot be read or copied: it is skipped, with
 * the CLI's warning (exit 2) unless --ignore-glacier-warnings, and asked for anyway with
 * --force-glacier-transfer. A listing does not say whether an object is restored, so in a recursive
 * command every such object counts as not restored, as in the CLI.
 */
export function skipsGlacier(
  object: Pick<ListedObject, 'storageClass' | 'restore'>,
  kind: 'download' | 'copy',
  from: string,
  o: Pick<TransferOptions, 'glacier'>,
  results: Results,
): boolean {
  if (o.glacier === 'force' || !['GLACIER', 'DEEP_ARCHIVE'].includes(object.storageClass ?? '')) return false;
  if (object.restore?.includes('ongoing-request="false"')) return false;
  if (o.glacier === 'warn')
    results.warning(
      `Skipping file ${from}. Object is of storage class GLACIER. Unable to perform ${kind} operations on GLACIER objects. You must restore the object to be able to perform the operation. See aws s3 ${kind} help for additional parameter options to ignore or force these transfers.`,
    );
  return true;
}

async function planUploads(
  client: Client,
  host: Host,
  root: string,
  target: { bucket: string; key: string },
  o: TransferOptions,
  results: Results,
): Promise<Task[]> {
  const stat = await host.fs.stat(root);
  if (!o.recursive) {
    if (!stat?.isFile || (stat.isSymbolicLink && !o.followSymlinks)) return [];
    const key = keyFor(target.key, basename(root));
    if (!pathFilter(o.filters, dirname(root))(root)) return [];
    return [uploadTask(client, host, root, stat.size, target.bucket, key, o)];
  }
  if (!stat?.isDirectory) return [];
  const keep = pathFilter(o.filters, root);
  const tasks: Task[] = [];
  for await (const file of walk(host, root, results, o.followSymlinks)) {
    if (!keep(file.path)) continue;
    tasks.push(
      uploadTask(
        client,
        host,
        file.path,
        file.size,
        target.bucket,
        joinKey(target.key, file.path.slice(root.length + 1)),
        o,
      ),
    );
  }
  return tasks;
}

export function uploadTask(
  client: Client,
  host: Host,
  path: string,
  size: number,
  bucket: string,
  key: string,
  o: TransferOptions,
): Task {
  const cwd = host.cwd ?? '/';
  const contentType = o.extra.ContentType === undefined && o.guessMimeType ? o.mimeType(basename(path)) : undefined;
  const extra = contentType ? { ...o.extra, ContentType: contentType } : o.extra;
  return {
    kind: 'upload',
    from: displayLocal(cwd, path),
    to: s3Uri(bucket, key),
    size,
    run: async () => {
      await uploadObject(
        client,
        { kind: 'file', size, read: (range) => host.fs.readFile(path, range) },
        { Bucket: bucket, Key: key, extra },
        o,
      );
    },
  };
}

/**
 * Files under `root`, depth first in name order; unreadable entries are skipped with a warning, and
 * symbolic links (to files or directories) silently unless `follow`.
 */
export async function* walk(
  host: Host,
  root: string,
  results: Results,
  follow: boolean,
): AsyncGenerator<{ path: string; size: number; mtimeMs: number }> {
  let names: string[];
  try {
    names = await host.fs.readDir(root);
  } catch {
    results.warning(`Skipping file ${root}. File/Directory is not readable.`);
    return;
  }
  for (const name of names) {
    const path = `${root}/${name}`;
    const stat = await host.fs.stat(path).catch(() => undefined);
    if (stat?.isSymbolicLink && !follow) continue;
    if (stat?.isDirectory) yield* walk(host, path, results, follow);
    else if (stat?.isFile) yield { path, size: stat.size, mtimeMs: stat.mtimeMs };
    else results.warning(`Skipping file ${path}. File does not exist.`);
  }
}

export async function listTree(
  client: Client,
  source: { bucket: string; key: string },
  o: Pick<TransferOptions, 'signal' | 'pageSize' | 'extra'>,
): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  for await (const page of client.paginate(
    's3',
    'ListObjectsV2',
    { Bucket: source.bucket, Prefix: source.key, ...payerParams(o) },
    { pageSize: o.pageSize, signal: o.signal },
  )) {
    for (const c of (page.Contents ?? []) as Array<{
      Key: string;
      Size: number;
      LastModified: Date;
      ETag?: string;
      StorageClass?: string;
    }>) {
      // A "directory marker" key ending in `/` is not a file to copy.
      if (!c.Key.endsWith('/'))
        out.push({
          key: c.Key,
          size: c.Size,
          lastModified: c.LastModified,
          etag: c.ETag,
          storageClass: c.StorageClass,
        });
    }
  }
  return out;
}

/** A single source object is looked at first (HeadObject), as the CLI does, so a missing key is named. */
async function headOf(
  client: Client,
  source: { bucket: string; key: string },
  o: TransferOptions,
): Promise<ListedObject> {
  try {
    const head = await client.send(
      's3',
      'HeadObject',
      { ...readParams(o), Bucket: source.bucket, Key: source.key },
      { signal: o.signal },
    );
    return {
      key: source.key,
      size: Number(head.ContentLength ?? 0),
      lastModified: head.LastModified as Date,
      etag: head.ETag as string | undefined,
      storageClass: head.StorageClass as string | undefined,
      restore: head.Restore as string | undefined,
      head,
    };
  } catch (err) {
    if (err instanceof ServiceError && err.statusCode === 404) {
      throw new ServiceError({
        code: '404',
        message: `Key "${source.key}" does not exist`,
        statusCode: 404,
        service: 's3',
        operation: 'HeadObject',
        requestId: err.requestId,
      });
    }
    throw err;
  }
}

/** The part of `key` below the listed prefix: a prefix without a trailing `/` is cut at its last `/`. */
function relativeKey(prefix: string, key: string): string {
  const base = prefix === '' || prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const rest = key.slice(base.length);
  // `s3 cp s3://b/d local --recursive` lists `d…`; the files land under local/ without the `d/`.
  return prefix && !prefix.endsWith('/') && rest.startsWith(`${prefix.slice(base.length)}/`)
    ? rest.slice(prefix.length - base.length + 1)
    : rest;
}

/** The key a single file or object lands on: under a bucket or a `…/` prefix it keeps its name. */
function keyFor(targetKey: string, name: string): string {
  return targetKey === '' || targetKey.endsWith('/') ? `${targetKey}${name}` : targetKey;
}

export function joinKey(prefix: string, relative: string): string {
  return prefix === '' || prefix.endsWith('/') ? `${prefix}${relative}` : `${prefix}/${relative}`;
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {
  /* no stdin */
}

/** `s3 rm`: one object, or every key under a prefix, deleted in batches of 1,000 (DeleteObjects). */
export async function removeCommand(
  client: Client,
  host: Host,
  target: string,
  o: Pick<TransferOptions, 'recursive' | 'dryrun' | 'quiet' | 'onlyShowErrors' | 'filters' | 'signal'> & {
    requestPayer?: string;
    pageSize?: number;
  },
): Promise<number> {
  const results = new Results(host, o);
  const { bucket, key } = parseS3Uri(target);
  // --request-payer goes on every request: the listing and the deletes.
  const payer = o.requestPayer === undefined ? {} : { RequestPayer: o.requestPayer };
  if (!o.recursive) {
    if (o.dryrun) {
      results.success('delete', target);
      return 0;
    }
    try {
      await client.send('s3', 'DeleteObject', { Bucket: bucket, Key: key, ...payer }, { signal: o.signal });
      results.success('delete', target);
    } catch (err) {
      results.failure('delete', target, undefined, err);
    }
    return results.code;
  }
  const keep = pathFilter(o.filters, `${bucket}/${key}`);
  let batch: string[] = [];
  const flush = async () => {
    const keys = batch;
    batch = [];
    if (!keys.length) return;
    if (o.dryrun) {
      for (const k of keys) results.success('delete', s3Uri(bucket, k));
      return;
    }
    const out = await client.send(
      's3',
      'DeleteObjects',
      { Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: false }, ...payer },
      { signal: o.signal },
    );
    for (const d of (out.Deleted ?? []) as Array<{ Key: string }>) results.success('delete', s3Uri(bucket, d.Key));
    for (const e of (out.Errors ?? []) as Array<{ Key: string; Code: string; Message: string }>) {
      results.failure(
        'delete',
        s3Uri(bucket, e.Key),
        undefined,
        new Error(`An error occurred (${e.Code}) when calling the DeleteObject operation: ${e.Message}`),
      );
    }
  };
  for await (const page of client.paginate(
    's3',
    'ListObjectsV2',
    { Bucket: bucket, Prefix: key, ...payer },
    { pageSize: o.pageSize, signal: o.signal },
  )) {
    for (const c of (page.Contents ?? []) as Array<{ Key: string }>) {
      if (!keep(`${bucket}/${c.Key}`)) continue;
      batch.push(c.Key);
      if (batch.length === 1000) await flush();
    }
  }
  await flush();
  return results.code;
}
