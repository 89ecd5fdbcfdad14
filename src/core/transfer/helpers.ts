/**
 * `aws.s3.upload` and `aws.s3.download`: the transfer engine the `s3` commands use (objects.ts), for
 * scripts — multipart above a threshold, parts sent or fetched concurrently, progress, cancellation,
 * and the checksums every PutObject and UploadPart carries. A body may be bytes, text, a Blob, a stream
 * or a file of the host (`File: 'big.iso'`); a download goes to a file, or comes back as bytes. Loaded
 * with the first transfer (with-transfers.ts).
 */
import type { Client } from '../client.js';
import { IsoawsError } from '../errors.js';
import type { Host } from '../host.js';
import { resolveLocal } from '../local-paths.js';
import type { DownloadParams, TransferCallOptions, UploadParams, UploadResult } from '../typed-client.js';
import { readableChunks } from '../streaming-body.js';
import { downloadObject, uploadObject, type UploadSource } from './objects.js';
import { DEFAULT_TRANSFER_SETTINGS, MiB, type TransferSettings } from './settings.js';

function settingsOf(opts: TransferCallOptions): TransferSettings {
  if (opts.partSize !== undefined && opts.partSize < 5 * MiB)
    throw new IsoawsError(`partSize must be at least 5 MiB (5242880 bytes), as S3 requires; got ${opts.partSize}`);
  return {
    ...DEFAULT_TRANSFER_SETTINGS,
    ...(opts.partSize !== undefined ? { multipartChunksize: opts.partSize } : {}),
    ...(opts.concurrency !== undefined ? { maxConcurrentRequests: Math.max(1, opts.concurrency) } : {}),
    ...(opts.multipartThreshold !== undefined ? { multipartThreshold: opts.multipartThreshold } : {}),
  };
}

function progressOf(opts: TransferCallOptions, total: number | undefined): ((bytes: number) => void) | undefined {
  if (!opts.onProgress) return undefined;
  let loaded = 0;
  return (bytes) => {
    loaded += bytes;
    opts.onProgress!({ loaded, ...(total !== undefined ? { total } : {}) });
  };
}

async function uploadSource(host: Host, params: UploadParams): Promise<UploadSource> {
  const { Body: body, File: file } = params;
  if ((body === undefined) === (file === undefined))
    throw new IsoawsError('upload takes either Body (the bytes) or File (a path), not both and not neither');
  if (file !== undefined) {
    const path = resolveLocal(host.cwd ?? '/', file);
    const stat = await host.fs.stat(path);
    if (!stat?.isFile) throw new IsoawsError(`upload: ${file} is not a file`);
    return { kind: 'file', size: stat.size, read: (range) => host.fs.readFile(path, range) };
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return { kind: 'file', size: bytes.length, read: async ({ start, end }) => bytes.subarray(start, end) };
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    return {
      kind: 'file',
      size: body.size,
      read: async ({ start, end }) => new Uint8Array(await body.slice(start, end).arrayBuffer()),
    };
  }
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream)
    return { kind: 'stream', chunks: readableChunks(body) };
  if (body && typeof body === 'object' && Symbol.asyncIterator in body)
    return { kind: 'stream', chunks: body as AsyncIterable<Uint8Array> };
  throw new IsoawsError('upload: Body must be a string, bytes, a Blob, a ReadableStream or an async iterable of bytes');
}

export async function upload(
  client: Client,
  params: UploadParams,
  opts: TransferCallOptions = {},
): Promise<UploadResult> {
  const { Bucket, Key, Body: _body, File: _file, ...extra } = params;
  const source = await uploadSource(client.host, params);
  const total = source.kind === 'file' ? source.size : undefined;
  const out = await uploadObject(
    client,
    source,
    { Bucket, Key, extra },
    {
      settings: settingsOf(opts),
      signal: opts.signal,
      progress: progressOf(opts, total),
    },
  );
  return {
    Bucket,
    Key,
    ...(total !== undefined ? { size: total } : {}),
    ...(typeof out.ETag === 'string' ? { ETag: out.ETag } : {}),
    ...(typeof out.VersionId === 'string' ? { VersionId: out.VersionId } : {}),
    $metadata: out.$metadata,
  };
}

export async function download(
  client: Client,
  params: DownloadParams,
  opts: TransferCallOptions = {},
): Promise<{ Bucket: string; Key: string; size: number; Body?: Uint8Array }> {
  const { Bucket, Key, File: file, ...extra } = params;
  // The size decides between one GetObject and ranged parts; the ETag keeps the parts of one version.
  const head = await client.send('s3', 'HeadObject', { ...extra, Bucket, Key }, { signal: opts.signal });
  const size = Number(head.ContentLength ?? 0);
  const source = { Bucket, Key, size, etag: head.ETag as string | undefined, extra };
  const transfer = { settings: settingsOf(opts), signal: opts.signal, progress: progressOf(opts, size) };
  if (file !== undefined) {
    const path = resolveLocal(client.host.cwd ?? '/', file);
    await downloadObject(client, source, { kind: 'file', open: () => client.host.fs.openForWrite(path) }, transfer);
    return { Bucket, Key, size };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  await downloadObject(
    client,
    source,
    {
      kind: 'stream',
      async write(chunks) {
        for await (const chunk of chunks) {
          if (offset + chunk.length > bytes.length)
            throw new IsoawsError(`download: s3://${Bucket}/${Key} grew while it was read`);
          bytes.set(chunk, offset);
          offset += chunk.length;
        }
      },
    },
    transfer,
  );
  return { Bucket, Key, size, Body: bytes };
}
