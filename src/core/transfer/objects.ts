/**
 * Moving one object: upload (one PutObject under the multipart threshold, else a multipart upload with
 * parts sent concurrently, resuming one that a killed run of this machine left with the same settings,
 * see upload-records.ts), download (ranged parts written at their offsets into a file renamed when whole,
 * or streamed in order to a writer; each read going on where a broken connection left it, see
 * object-body.ts), and copy inside S3
 * (CopyObject, or UploadPartCopy ranges above the threshold). Memory stays bounded: a part is read when
 * it is sent, at most `maxConcurrentRequests` at a time. A multipart upload that fails or is cancelled is
 * aborted, so no orphaned parts are left to pay for.
 */
import type { Client } from '../client.js';
import type { CallOutput } from '../invoke.js';
import type { FileWriter, Writer } from '../host.js';
import { concatBytes } from '../streaming-body.js';
import { readObject } from './object-body.js';
import { partSizeFor, type TransferSettings } from './settings.js';
import { settingsFingerprint, type UploadRecord, type UploadRecords } from './upload-records.js';

export interface ObjectTarget {
  Bucket: string;
  Key: string;
  /** Further PutObject / CreateMultipartUpload / CopyObject parameters (ContentType, ACL, StorageClass, …). */
  extra?: Record<string, unknown>;
}

/** Where upload bytes come from: a file (size known, any range readable) or a one-shot stream (stdin). */
export type UploadSource =
  | { kind: 'file'; size: number; read(range: { start: number; end: number; into?: Uint8Array }): Promise<Uint8Array> }
  | { kind: 'stream'; chunks: AsyncIterable<Uint8Array>; expectedSize?: number };

export interface TransferOptions {
  settings: TransferSettings;
  signal?: AbortSignal;
  /** Awaited before object bytes go out or after they come in: holds the transfer to max_bandwidth. */
  pace?(bytes: number): Promise<void>;
  /** Told of object bytes moved (sent, received, or copied inside S3), for a progress line. */
  progress?(bytes: number): void;
  /**
   * The multipart uploads this machine started: a killed run's upload is resumed when the rerun has the
   * same settings, and aborted when it has others. Without it, no upload is resumed.
   */
  uploads?: UploadRecords;
}

export async function uploadObject(
  client: Client,
  source: UploadSource,
  given: ObjectTarget,
  opts: TransferOptions,
): Promise<CallOutput> {
  const { settings } = opts;
  const target = { ...given, extra: newObjectParams(given.extra) };
  if (source.kind === 'file') {
    if (source.size < settings.multipartThreshold) {
      const body = await source.read({ start: 0, end: source.size });
      return putObject(client, target, body, opts);
    }
    const partSize = partSizeFor(source.size, settings.multipartChunksize);
    const count = Math.max(1, Math.ceil(source.size / partSize));
    // Part buffers are reused once their part is sent: memory stays at one buffer per request in flight,
    // where fresh buffers pile up until the garbage collector gets to them. The source makes them (a host
    // may give shared memory its hashing threads read in place); only a whole part's is kept.
    const free: Uint8Array[] = [];
    const read = (n: number) =>
      source.read({ start: n * partSize, end: Math.min(source.size, (n + 1) * partSize), into: free.pop() });
    const release = (bytes: Uint8Array) => {
      if (bytes.length === partSize) free.push(bytes);
    };
    const uploads = opts.uploads;
    const recording = uploads && {
      uploads,
      fingerprint: await settingsFingerprint(target.Bucket, target.Key, partSize, target.extra),
    };
    const resumed =
      recording &&
      (await resumableUpload(client, target, recording, source.size, partSize, read, release, opts.signal));
    if (resumed)
      for (const n of resumed.parts.keys()) opts.progress?.(Math.min(partSize, source.size - (n - 1) * partSize));
    return multipart(
      client,
      target,
      opts,
      (async function* () {
        for (let n = 0; n < count; n++)
          if (!resumed?.parts.has(n + 1)) yield { number: n + 1, bytes: () => read(n), release };
      })(),
      resumed ?? recording,
    );
  }
  // A stream of unknown length: its first part decides between one PutObject and a multipart upload.
  const partSize = partSizeFor(source.expectedSize, settings.multipartChunksize);
  const parts = fixedSizeParts(source.chunks, partSize);
  const first = await parts.next();
  const firstPart = first.done ? new Uint8Array(0) : first.value;
  if (first.done || firstPart.length < settings.multipartThreshold) {
    const second = first.done ? { done: true as const } : await parts.next();
    if (second.done) return putObject(client, target, firstPart, opts);
    return multipart(client, target, opts, prepend([firstPart, second.value], parts));
  }
  return multipart(client, target, opts, prepend([firstPart], parts));
}

async function putObject(
  client: Client,
  target: ObjectTarget,
  body: Uint8Array,
  opts: TransferOptions,
): Promise<CallOutput> {
  await opts.pace?.(body.length);
  const out = await client.send(
    's3',
    'PutObject',
    { ...target.extra, Bucket: target.Bucket, Key: target.Key, Body: body },
    { signal: opts.signal },
  );
  opts.progress?.(body.length);
  return out;
}

/**
 * Parts (numbered from 1) as producers of their bytes, so a file's parts are read only when their turn
 * comes; `release` hands a sent part's buffer back for reuse.
 */
type PartSource = AsyncIterable<{ number: number; bytes(): Promise<Uint8Array>; release?(bytes: Uint8Array): void }>;

/** A multipart upload of this key left by a killed run, its record now held, with the parts it holds that match the file. */
interface Resumed {
  UploadId: string;
  parts: Map<number, CompletedPart>;
  record: UploadRecord;
}

/** Where a new upload is recorded for a later run to resume, and the settings it is recorded with. */
interface Recording {
  uploads: UploadRecords;
  fingerprint: string;
}

/** A multipart upload: `from` an upload to resume, or a new one, recorded when `from` is a recording. */
async function multipart(
  client: Client,
  target: ObjectTarget,
  opts: TransferOptions,
  parts: PartSource,
  from?: Resumed | Recording,
): Promise<CallOutput> {
  const { signal } = opts;
  const resumed = from && 'record' in from ? from : undefined;
  const UploadId =
    resumed?.UploadId ??
    ((
      await client.send(
        's3',
        'CreateMultipartUpload',
        { ...createUploadParams(target.extra), Bucket: target.Bucket, Key: target.Key },
        { signal },
      )
    ).UploadId as string);
  const record =
    resumed?.record ??
    (from && 'uploads' in from
      ? await from.uploads.begin(target.Bucket, target.Key, UploadId, from.fingerprint)
      : undefined);
  try {
    return await sendParts(
      client,
      target,
      UploadId,
      opts,
      parts,
      [...(resumed?.parts.values() ?? [])],
      async (part) => {
        const Body = await part.bytes();
        await opts.pace?.(Body.length);
        const out = await client.send(
          's3',
          'UploadPart',
          {
            Bucket: target.Bucket,
            Key: target.Key,
            UploadId,
            PartNumber: part.number,
            Body,
            ...partParams(target.extra, true),
          },
          { signal },
        );
        opts.progress?.(Body.length);
        part.release?.(Body);
        return completedPart(part.number, out, target.extra);
      },
    );
  } finally {
    // Completed or aborted: nothing is left to resume. A record that cannot be removed must not fail the upload.
    await record?.forget().catch(() => undefined);
  }
}

/**
 * The parts of a multipart upload (or copy) sent by `send`, several at once, after those `done` already,
 * then the upload completed with all of them in order. On any failure, Ctrl-C included, the upload is
 * aborted, so no orphaned parts are left to pay for.
 */
async function sendParts<T>(
  client: Client,
  target: ObjectTarget,
  UploadId: string,
  opts: TransferOptions,
  parts: AsyncIterable<T> | Iterable<T>,
  done: CompletedPart[],
  send: (part: T) => Promise<CompletedPart>,
): Promise<CallOutput> {
  try {
    await runConcurrently(parts, opts.settings.maxConcurrentRequests, async (part) => {
      done.push(await send(part));
    });
    done.sort((a, b) => a.PartNumber - b.PartNumber);
    return await client.send(
      's3',
      'CompleteMultipartUpload',
      {
        Bucket: target.Bucket,
        Key: target.Key,
        UploadId,
        MultipartUpload: { Parts: done },
        ...partParams(target.extra),
        ...(target.extra?.IfNoneMatch !== undefined ? { IfNoneMatch: target.extra.IfNoneMatch } : {}),
      },
      { signal: opts.signal },
    );
  } catch (err) {
    // Best effort, without the signal: the abort must not hide why the upload failed, nor be cancelled with it.
    await client
      .send('s3', 'AbortMultipartUpload', { Bucket: target.Bucket, Key: target.Key, UploadId })
      .catch(() => undefined);
    throw err;
  }
}

/**
 * Resumable uploads (the AWS CLI has none): the newest unfinished multipart upload of this key that this
 * machine started with the same settings (see upload-records.ts), when its parts have this upload's part
 * sizes and their ETags are the MD5s of this file's bytes at those places, is continued instead of started
 * again. Any other upload of ours for this key (other settings, or a file that changed) is aborted, so its
 * parts stop costing money; uploads not recorded here, or held by a run still going, are left alone.
 * Listing needs s3:ListBucketMultipartUploads; without it uploads start afresh.
 */
async function resumableUpload(
  client: Client,
  target: ObjectTarget,
  recording: Recording,
  size: number,
  partSize: number,
  read: (n: number) => Promise<Uint8Array>,
  release: (bytes: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<Resumed | undefined> {
  const { uploads, fingerprint } = recording;
  if (!(await uploads.any(target.Bucket, target.Key))) return undefined;
  const listed = await client
    .send('s3', 'ListMultipartUploads', { Bucket: target.Bucket, Prefix: target.Key }, { signal })
    .catch(() => undefined);
  const candidates = ((listed?.Uploads ?? []) as Array<{ Key: string; UploadId: string; Initiated?: Date }>)
    .filter((u) => u.Key === target.Key)
    .sort((a, b) => (b.Initiated?.getTime() ?? 0) - (a.Initiated?.getTime() ?? 0));
  let resumed: Resumed | undefined;
  for (const { UploadId } of candidates) {
    const record = await uploads.take(target.Bucket, target.Key, UploadId);
    if (!record) continue;
    const parts =
      !resumed && record.fingerprint === fingerprint
        ? await matchingParts(client, target, UploadId, size, partSize, read, release, signal)
        : undefined;
    if (parts) {
      resumed = { UploadId, parts, record };
      continue;
    }
    await client
      .send('s3', 'AbortMultipartUpload', { Bucket: target.Bucket, Key: target.Key, UploadId }, { signal })
      .catch(() => undefined);
    await record.forget();
  }
  return resumed;
}

/** The stored parts of an upload, when every one has this upload's part size and the MD5 of the file's bytes there. */
async function matchingParts(
  client: Client,
  target: ObjectTarget,
  UploadId: string,
  size: number,
  partSize: number,
  read: (n: number) => Promise<Uint8Array>,
  release: (bytes: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<Map<number, CompletedPart> | undefined> {
  const count = Math.ceil(size / partSize);
  const parts = new Map<number, CompletedPart>();
  for await (const page of client.paginate(
    's3',
    'ListParts',
    { Bucket: target.Bucket, Key: target.Key, UploadId },
    { signal },
  )) {
    for (const p of (page.Parts ?? []) as Array<
      { PartNumber: number; Size: number; ETag: string } & Record<string, unknown>
    >) {
      const expected = p.PartNumber < count ? partSize : size - (count - 1) * partSize;
      if (p.PartNumber > count || p.Size !== expected) return undefined;
      const bytes = await read(p.PartNumber - 1);
      // Parts are megabytes: hash-wasm's MD5, not the small-input one of checksums/md5.ts.
      const same = p.ETag.replace(/"/g, '') === (await (await import('hash-wasm')).md5(bytes));
      release(bytes);
      if (!same) return undefined;
      parts.set(p.PartNumber, completedPart(p.PartNumber, p, target.extra));
    }
  }
  return parts;
}

/** The parameters of a new object (PutObject, CreateMultipartUpload): a copy's directives are not among them. */
function newObjectParams(extra: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return without(extra, ['MetadataDirective', 'TaggingDirective']);
}

/** A conditional write (IfNoneMatch) is the condition of the request that makes the object: CreateMultipartUpload has none. */
function createUploadParams(extra: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return without(extra, ['IfNoneMatch']);
}

function without(extra: Record<string, unknown> | undefined, names: readonly string[]) {
  if (!extra || !names.some((n) => n in extra)) return extra;
  return Object.fromEntries(Object.entries(extra).filter(([k]) => !names.includes(k)));
}

/**
 * The parameters the steps of a multipart upload repeat: the SSE-C key and the request payer, and for
 * UploadPart the checksum algorithm (CompleteMultipartUpload and UploadPartCopy have none).
 */
function partParams(extra: Record<string, unknown> | undefined, withChecksum = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['SSECustomerAlgorithm', 'SSECustomerKey', 'SSECustomerKeyMD5', 'RequestPayer'])
    if (extra?.[k] !== undefined) out[k] = extra[k];
  if (withChecksum && extra?.ChecksumAlgorithm !== undefined) out.ChecksumAlgorithm = extra.ChecksumAlgorithm;
  return out;
}

/**
 * A part as CompleteMultipartUpload lists it: with the checksum S3 gave it when the upload has a
 * checksum algorithm (ChecksumSHA256 for SHA256, …), as s3transfer sends them.
 */
function completedPart(
  PartNumber: number,
  out: Record<string, unknown>,
  extra: Record<string, unknown> | undefined,
): CompletedPart {
  const algorithm = extra?.ChecksumAlgorithm as string | undefined;
  const key = algorithm && `Checksum${algorithm}`;
  return key && out[key] !== undefined
    ? { PartNumber, ETag: out.ETag as string, [key]: out[key] }
    : { PartNumber, ETag: out.ETag as string };
}

interface CompletedPart {
  PartNumber: number;
  ETag: string;
  [checksum: string]: unknown;
}

export interface DownloadSource {
  Bucket: string;
  Key: string;
  /** Known size (from HeadObject or a listing): at or above the threshold, the object is fetched in ranges. */
  size?: number;
  /** Ranged reads ask for this version of the object (If-Match), so a change mid-download fails it. */
  etag?: string;
  extra?: Record<string, unknown>;
}

/** Where a download goes: a file (pieces written at their offsets, renamed into place when whole) or a stream in order (stdout). */
export type DownloadTarget =
  | { kind: 'file'; open(): Promise<FileWriter> }
  | { kind: 'stream'; write(chunks: AsyncIterable<Uint8Array>): Promise<void> };

/**
 * Downloads an object. A large one is fetched as ranged GetObjects, several at once: into a file each
 * part is written at its offset as it arrives; to a stream the parts are handed on in order, at most
 * `maxConcurrentRequests` held at a time. A file that fails part-way is removed, never left truncated.
 */
export async function downloadObject(
  client: Client,
  source: DownloadSource,
  target: DownloadTarget,
  opts: TransferOptions,
): Promise<void> {
  const { signal, settings } = opts;
  const ranged = source.size !== undefined && source.size >= settings.multipartThreshold;
  const size = source.size ?? 0;
  const partSize = partSizeFor(size, settings.multipartChunksize);
  const ranges = ranged
    ? Array.from({ length: Math.ceil(size / partSize) }, (_, n) => ({
        start: n * partSize,
        end: Math.min(size, (n + 1) * partSize),
      }))
    : [];
  // Each read goes on where it broke off (object-body.ts), so a cut connection costs no bytes already in.
  const get = (range?: { start: number; end: number }, into?: Uint8Array) => {
    const chunks = readObject(client, {
      Bucket: source.Bucket,
      Key: source.Key,
      extra: source.extra,
      range,
      etag: source.etag,
      signal,
      into,
    });
    return opts.pace || opts.progress ? metered(chunks, opts) : chunks;
  };
  if (target.kind === 'stream') {
    if (!ranged) return target.write(get());
    // A part is kept as the chunks it arrived in: joining them would copy every byte once more.
    const fetchPart = async (range: { start: number; end: number }) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of get(range)) chunks.push(chunk);
      return chunks;
    };
    return target.write(flatten(inOrder(ranges, Math.max(1, settings.maxConcurrentRequests), fetchPart)));
  }
  const file = await target.open();
  // A part may be read straight into a buffer of its own (the transport may take it), reused once the part
  // is written: the bytes are then never copied nor left for the garbage collector.
  const free: Uint8Array[] = [];
  try {
    const fill = async (range?: { start: number; end: number }) => {
      const into = range ? (free.pop() ?? new Uint8Array(partSize)) : undefined;
      await writeChunks(file, get(range, into), range?.start ?? 0);
      if (into) free.push(into);
    };
    if (ranged) await runConcurrently(ranges, settings.maxConcurrentRequests, fill);
    else await fill();
    await file.commit();
  } catch (err) {
    await file.abort();
    throw err;
  }
}

/** Writes chunks from `position` on, gathered to about 1 MiB per write: one system call, not sixteen. */
export async function writeChunks(
  file: FileWriter,
  chunks: AsyncIterable<Uint8Array>,
  position: number,
): Promise<void> {
  let batch: Uint8Array[] = [];
  let size = 0;
  const flush = async () => {
    if (!batch.length) return;
    await file.write(batch, position);
    position += size;
    batch = [];
    size = 0;
  };
  for await (const chunk of chunks) {
    batch.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) await flush();
  }
  await flush();
}

/** A download's chunks as they arrive, each paced and counted. */
async function* metered(chunks: AsyncIterable<Uint8Array>, opts: TransferOptions): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    await opts.pace?.(chunk.length);
    opts.progress?.(chunk.length);
    yield chunk;
  }
}

async function* flatten(parts: AsyncIterable<Uint8Array[]>): AsyncGenerator<Uint8Array> {
  for await (const chunks of parts) yield* chunks;
}

/** `work` over the items with up to `limit` in flight, results yielded in the items' order. */
async function* inOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Array<Promise<R>> = [];
  let next = 0;
  const fill = () => {
    while (inFlight.length < limit && next < items.length) {
      const p = work(items[next++]!);
      // A part that fails before its turn must not be reported as unhandled; its turn rethrows it.
      p.catch(() => undefined);
      inFlight.push(p);
    }
  };
  fill();
  while (inFlight.length) {
    const result = await inFlight.shift()!;
    fill();
    yield result;
  }
}

/** Writes chunks to a writer in order (`s3 cp s3://… -`). */
export async function toWriter(writer: Writer, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of chunks) writer.write(chunk);
}

export interface CopySourceObject {
  Bucket: string;
  Key: string;
  size: number;
  /** Parameters about the source that CopyObject and UploadPartCopy repeat (CopySourceSSECustomer*). */
  extra?: Record<string, unknown>;
}

/** Copies inside S3: CopyObject, or a multipart copy in UploadPartCopy ranges at or above the threshold. */
export async function copyObject(
  client: Client,
  source: CopySourceObject,
  target: ObjectTarget,
  opts: TransferOptions,
): Promise<void> {
  const CopySource = { Bucket: source.Bucket, Key: source.Key };
  const { signal, settings } = opts;
  if (source.size < settings.multipartThreshold) {
    await client.send(
      's3',
      'CopyObject',
      { ...target.extra, ...source.extra, Bucket: target.Bucket, Key: target.Key, CopySource },
      { signal },
    );
    opts.progress?.(source.size);
    return;
  }
  const created = await client.send(
    's3',
    'CreateMultipartUpload',
    { ...createUploadParams(newObjectParams(target.extra)), Bucket: target.Bucket, Key: target.Key },
    { signal },
  );
  const UploadId = created.UploadId as string;
  const partSize = partSizeFor(source.size, settings.multipartChunksize);
  const count = Math.ceil(source.size / partSize);
  await sendParts(client, target, UploadId, opts, numbers(count), [], async (n) => {
    const start = n * partSize;
    const end = Math.min(source.size, start + partSize);
    const out = await client.send(
      's3',
      'UploadPartCopy',
      {
        Bucket: target.Bucket,
        Key: target.Key,
        UploadId,
        PartNumber: n + 1,
        CopySource,
        CopySourceRange: `bytes=${start}-${end - 1}`,
        ...partParams(target.extra),
        ...source.extra,
      },
      { signal },
    );
    opts.progress?.(end - start);
    return completedPart(n + 1, out.CopyPartResult as Record<string, unknown>, target.extra);
  });
}

/**
 * Runs `work` over the items with at most `limit` in flight; the first failure stops new work and is
 * thrown once the running items settle.
 */
export async function runConcurrently<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const iterator = (
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]()
  ) as AsyncIterator<T> | Iterator<T>;
  let index = 0;
  let failure: { err: unknown } | undefined;
  let pulling = Promise.resolve();
  const next = async (): Promise<{ item: T; index: number } | undefined> => {
    // Pulls are serialised: a file's part producer or a stdin reader is not safe to step concurrently.
    const turn = pulling.then(async () =>
      failure ? { done: true as const, value: undefined } : await iterator.next(),
    );
    pulling = turn.then(
      () => undefined,
      () => undefined,
    );
    const r = await turn;
    return r.done ? undefined : { item: r.value as T, index: index++ };
  };
  const worker = async () => {
    for (let got = await next(); got; got = await next()) {
      try {
        await work(got.item, got.index);
      } catch (err) {
        failure ??= { err };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failure) throw failure.err;
}

function* numbers(count: number): Generator<number> {
  for (let n = 0; n < count; n++) yield n;
}

/** A stream cut into parts of exactly `size` bytes (the last shorter), one part held at a time. */
async function* fixedSizeParts(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let filled = 0;
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(size - filled, chunk.length - offset);
      pending.push(chunk.subarray(offset, offset + take));
      filled += take;
      offset += take;
      if (filled === size) {
        yield concatBytes(pending);
        pending = [];
        filled = 0;
      }
    }
  }
  if (filled > 0) yield concatBytes(pending);
}

async function* prepend(
  first: Uint8Array[],
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<{ number: number; bytes(): Promise<Uint8Array> }> {
  let number = 0;
  for (const part of first) yield { number: ++number, bytes: async () => part };
  for (let r = await rest.next(); !r.done; r = await rest.next()) {
    const part = r.value;
    yield { number: ++number, bytes: async () => part };
  }
}
