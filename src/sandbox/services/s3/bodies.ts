/**
 * Object bodies in the store: streaming a request's body into a fresh blob while it is digested,
 * reading a byte range back across the blobs of a multipart object, and linking a new version into a
 * key's record under the store's lock.
 */
import type { SandboxCall } from '../../service.js';
import type { SandboxStore } from '../../store.js';
import { bodyChunks, bodyDigester, type BodyDigest, type ChecksumRequest } from './checksums.js';
import {
  addVersion,
  deleteBlobs,
  newBlobKey,
  objectDoc,
  requireBucket,
  type BodyPart,
  type BucketRecord,
  type ObjectRecord,
  type ObjectVersion,
} from './common.js';

/**
 * Streams `body` into a new blob, digesting it; a body the request's checksums refuse leaves no blob.
 * The caller links the blob into metadata, or deletes it if that fails.
 */
export async function storeBody(
  call: SandboxCall,
  body: unknown,
  request: ChecksumRequest,
  limit?: number,
): Promise<{ blob: string; digest: BodyDigest }> {
  const blob = newBlobKey(call);
  const digester = await bodyDigester(request, limit);
  await call.store.putBlob(blob, digester.pass(bodyChunks(body)));
  try {
    return { blob, digest: digester.finish(call.trailers) };
  } catch (e) {
    await call.store.deleteBlob(blob);
    throw e;
  }
}

/** Bytes `[start, end)` of a body kept as consecutive blobs. */
export async function* readParts(
  store: SandboxStore,
  parts: readonly BodyPart[],
  start: number,
  end: number,
): AsyncIterable<Uint8Array> {
  let offset = 0;
  for (const part of parts) {
    if (offset >= end) break;
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, part.size);
    if (from < to)
      yield* store.getBlob(part.blob, from === 0 && to === part.size ? undefined : { start: from, end: to });
    offset += part.size;
  }
}

/**
 * Makes `build`'s version the key's newest after `check` has seen the key's record (conditional
 * writes). Runs inside the caller's lock; returns the blobs no version uses any more, for the caller
 * to delete once the lock is released.
 */
export async function linkVersion(
  call: SandboxCall,
  bucketName: string,
  key: string,
  build: (bucket: BucketRecord) => ObjectVersion,
  check?: (record: ObjectRecord) => void,
): Promise<{ bucket: BucketRecord; version: ObjectVersion; obsolete: string[] }> {
  const bucket = await requireBucket(call.store, bucketName);
  const record = (await call.store.get<ObjectRecord>(objectDoc(bucketName, key))) ?? { versions: [] };
  check?.(record);
  const version = build(bucket);
  const obsolete = addVersion(record, version);
  await call.store.put(objectDoc(bucketName, key), record);
  return { bucket, version, obsolete };
}

/** linkVersion under the store's lock, then the replaced blobs deleted. */
export async function commitVersion(
  call: SandboxCall,
  bucketName: string,
  key: string,
  build: (bucket: BucketRecord) => ObjectVersion,
  check?: (record: ObjectRecord) => void,
): Promise<{ bucket: BucketRecord; version: ObjectVersion }> {
  const { bucket, version, obsolete } = await call.store.exclusive(() =>
    linkVersion(call, bucketName, key, build, check),
  );
  await deleteBlobs(call.store, obsolete);
  return { bucket, version };
}
