/**
 * `s3 sync`: copies what is missing or changed from a directory or prefix to another (local → S3,
 * S3 → local, S3 → S3), as the AWS CLI decides it: a file is sent when the destination has none, when
 * the sizes differ, or when the source is newer (`--size-only` compares sizes alone; `--exact-timestamps`
 * makes a download also happen when the local copy is newer). `--delete` removes what the source does not
 * have. A download takes the object's modification time, so the next sync finds them equal.
 */
import type { Client } from '../../core/client.js';
import type { Host } from '../../core/host.js';
import { createMd5 } from '../../core/checksums/sha.js';
import { toHex } from '../../core/hex.js';
import { createPlacer } from '../../core/local-paths.js';
import { downloadObject } from '../../core/transfer/objects.js';
import { partSizeFor } from '../../core/transfer/settings.js';
import { caseConflictCheck } from './case-conflict.js';
import { pathFilter } from './filters.js';
import { dirname, displayLocal, isS3Uri, parseS3Uri, s3Uri } from './paths.js';
import { resolveLocal } from '../../core/local-paths.js';
import {
  copyTask,
  invalidPaths,
  joinKey,
  listTree,
  Results,
  skipsGlacier,
  uploadTask,
  walk,
  type Task,
} from './transfers.js';
import { readParams, type ListedObject, type TransferOptions } from './transfer-options.js';

export interface SyncOptions extends TransferOptions {
  delete: boolean;
  sizeOnly: boolean;
  exactTimestamps: boolean;
  /** Compare content, not times (an improvement on the CLI): MD5s against ETags. */
  checksum: boolean;
  /** Never replace what the destination has: send only what is missing there (the CLI's NoOverwriteSync). */
  noOverwrite: boolean;
}

/** A file or object; `object` for objects, `path` for local files (read for their MD5 only when compared). */
interface Entry {
  size: number;
  mtimeMs: number;
  etag?: string;
  path?: string;
  object?: ListedObject;
}

export async function syncCommand(
  client: Client,
  host: Host,
  src: string,
  dst: string,
  options: SyncOptions,
): Promise<number> {
  const results = new Results(host, options);
  const o = results.metered(options);
  const cwd = host.cwd ?? '/';
  if (!isS3Uri(src) && !isS3Uri(dst)) throw invalidPaths('sync');
  const source = await listSide(o.sourceClient, host, src, o, results);
  const target = await listSide(client, host, dst, o, results);
  const keepSource = pathFilter(o.filters, source.root);
  const keepTarget = pathFilter(o.filters, target.root);
  const kind: Task['kind'] = source.s3 ? (target.s3 ? 'copy' : 'download') : 'upload';
  // Downloads: a key's name must not lead its file out of the destination (`../x`, links).
  const place = createPlacer(host.fs, target.root);
  const conflicts = kind === 'download' ? caseConflictCheck(host, o.caseConflict) : undefined;
  const tasks: Task[] = [];
  for (const [rel, from] of source.entries) {
    if (!keepSource(source.full(rel))) continue;
    const to = target.entries.get(rel);
    if (to && (o.noOverwrite || !(o.checksum ? await differs(host, from, to, o) : changed(kind, from, to, o))))
      continue;
    if (
      from.object &&
      skipsGlacier(from.object, kind === 'copy' ? 'copy' : 'download', `s3://${source.full(rel)}`, o, results)
    )
      continue;
    if (kind !== 'download') {
      tasks.push(transfer(client, host, kind, src, dst, rel, from, o, cwd));
      continue;
    }
    const placed = await place(rel);
    if (!('path' in placed)) {
      results.warning(placed.refused);
      continue;
    }
    // Only a key the destination does not have by this exact name can clash with another by case.
    const go = to !== undefined || !conflicts || (await conflicts(rel, source.full(rel), placed.path));
    if (go) tasks.push(download(client, host, src, rel, placed.path, from, o, cwd));
  }
  if (o.delete) {
    for (const rel of target.entries.keys()) {
      if (source.entries.has(rel) || !keepTarget(target.full(rel))) continue;
      tasks.push(removal(client, host, dst, rel, o, cwd));
    }
  }
  return results.runAll(tasks, o);
}

/**
 * `--checksum`: do the two hold different bytes? An object's ETag is the MD5 of its content, or for a
 * multipart upload the MD5 of its parts' MD5s with `-<parts>`; a local file is hashed the same way (with
 * this profile's part size). When an ETag cannot be reproduced (another part size, SSE-KMS), the file is
 * sent, which is never wrong.
 */
async function differs(host: Host, a: Entry, b: Entry, o: SyncOptions): Promise<boolean> {
  if (a.size !== b.size) return true;
  if (a.etag !== undefined && b.etag !== undefined) return a.etag !== b.etag;
  const [file, object] = a.path !== undefined ? [a, b] : [b, a];
  if (file.path === undefined || object.etag === undefined) return true;
  return (await localEtag(host, file.path, file.size, object.etag, o)) !== object.etag.replace(/"/g, '');
}

/** The ETag S3 would give the file, in the form (single or `-<parts>`) of the one it is compared with. */
async function localEtag(host: Host, path: string, size: number, like: string, o: SyncOptions): Promise<string> {
  if (!/-\d+"?$/.test(like)) {
    const whole = await createMd5();
    for await (const chunk of host.fs.readStream(path)) whole.update(chunk);
    return toHex(whole.digest());
  }
  // Each part read whole, as an upload sends it, and only the hash the ETag needs is computed.
  const partSize = partSizeFor(size, o.settings.multipartChunksize);
  const count = Math.max(1, Math.ceil(size / partSize));
  const joined = await createMd5();
  for (let n = 0; n < count; n++) {
    const part = await createMd5();
    part.update(await host.fs.readFile(path, { start: n * partSize, end: Math.min(size, (n + 1) * partSize) }));
    joined.update(part.digest());
  }
  return `${toHex(joined.digest())}-${count}`;
}

/** Should `from` replace `to`? (the CLI's SizeAndLastModifiedSync, or sizes alone) */
function changed(kind: Task['kind'], from: Entry, to: Entry, o: SyncOptions): boolean {
  if (from.size !== to.size) return true;
  if (o.sizeOnly) return false;
  // S3 keeps whole seconds; a local time is compared at that precision.
  const delta = Math.floor(to.mtimeMs / 1000) - Math.floor(from.mtimeMs / 1000);
  if (kind === 'download') return o.exactTimestamps ? delta !== 0 : delta > 0;
  return delta < 0;
}

interface Side {
  s3: boolean;
  /** Filter root: the directory, or `bucket/prefix`. */
  root: string;
  entries: Map<string, Entry>;
  full(rel: string): string;
}

async function listSide(client: Client, host: Host, path: string, o: SyncOptions, results: Results): Promise<Side> {
  if (isS3Uri(path)) {
    const { bucket, key } = parseS3Uri(path);
    const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
    const entries = new Map<string, Entry>();
    for (const object of await listTree(client, { bucket, key: prefix }, o)) {
      entries.set(object.key.slice(prefix.length), {
        size: object.size,
        mtimeMs: object.lastModified.getTime(),
        etag: object.etag,
        object,
      });
    }
    return {
      s3: true,
      root: `${bucket}/${prefix}`,
      entries,
      full: (rel) => `${bucket}/${prefix}${rel}`,
    };
  }
  const root = resolveLocal(host.cwd ?? '/', path);
  const entries = new Map<string, Entry>();
  if ((await host.fs.stat(root))?.isDirectory) {
    for await (const file of walk(host, root, results, o.followSymlinks))
      entries.set(file.path.slice(root.length + 1), { size: file.size, mtimeMs: file.mtimeMs, path: file.path });
  }
  return { s3: false, root, entries, full: (rel) => `${root}/${rel}` };
}

/** An upload or a copy of the entry at `rel`. */
function transfer(
  client: Client,
  host: Host,
  kind: Task['kind'],
  src: string,
  dst: string,
  rel: string,
  from: Entry,
  o: SyncOptions,
  cwd: string,
): Task {
  if (kind === 'upload') {
    const target = parseS3Uri(dst);
    return uploadTask(
      client,
      host,
      `${resolveLocal(cwd, src)}/${rel}`,
      from.size,
      target.bucket,
      joinKey(target.key, rel),
      o,
    );
  }
  const source = parseS3Uri(src);
  const target = parseS3Uri(dst);
  return copyTask(client, source.bucket, from.object!, { bucket: target.bucket, key: joinKey(target.key, rel) }, o);
}

/** A download of the object at `rel` below the source prefix to `path` (placed inside the destination). */
function download(
  client: Client,
  host: Host,
  src: string,
  rel: string,
  path: string,
  from: Entry,
  o: SyncOptions,
  cwd: string,
): Task {
  const source = parseS3Uri(src);
  const sourceKey = joinKey(source.key, rel);
  return {
    kind: 'download',
    from: s3Uri(source.bucket, sourceKey),
    to: displayLocal(cwd, path),
    size: from.size,
    run: async () => {
      await host.fs.mkdir(dirname(path));
      await downloadObject(
        client,
        { Bucket: source.bucket, Key: sourceKey, size: from.size, extra: readParams(o) },
        { kind: 'file', open: () => host.fs.openForWrite(path) },
        o,
      );
      await host.fs.setMtime?.(path, from.mtimeMs);
    },
  };
}

function removal(client: Client, host: Host, dst: string, rel: string, o: SyncOptions, cwd: string): Task {
  if (isS3Uri(dst)) {
    const { bucket, key } = parseS3Uri(dst);
    const target = joinKey(key, rel);
    return {
      kind: 'delete',
      from: s3Uri(bucket, target),
      run: async () => {
        await client.send('s3', 'DeleteObject', { Bucket: bucket, Key: target }, { signal: o.signal });
      },
    };
  }
  const path = `${resolveLocal(cwd, dst)}/${rel}`;
  return { kind: 'delete', from: displayLocal(cwd, path), run: () => host.fs.remove(path) };
}
