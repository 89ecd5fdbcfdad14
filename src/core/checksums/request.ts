/**
 * Request checksums as botocore 1.43 applies them (`request_checksum_calculation`):
 *
 * - The caller chose an algorithm (the operation's `requestAlgorithmMember`, e.g. S3's
 *   `ChecksumAlgorithm`): use it.
 * - Otherwise, when the operation requires a checksum (`httpChecksumRequired` or
 *   `httpChecksum.requestChecksumRequired`), or supports one and the setting is `when_supported`
 *   (the default): CRC32, and the algorithm member's header is set to `CRC32` too.
 *   botocore 1.43 no longer sends Content-MD5 for `httpChecksumRequired`; neither do we.
 * - A body already in memory gets an `x-amz-checksum-<alg>` header; a streamed body gets the checksum
 *   as an `aws-chunked` trailer, computed while the bytes go out (no second read of the source); a
 *   Blob (a file) is read once for its header before it is sent.
 */
import { toHex } from '../hex.js';
import type { Operation, ServiceModel } from '../model/types.js';
import { toBase64 } from '../protocols/shared.js';
import { createCrc32, createCrc32c, createCrc64Nvme, type Checksum } from './crc.js';
import { createSha, type ShaName } from './sha.js';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumCalculation = 'when_supported' | 'when_required';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

export interface RequestChecksumPlan {
  algorithm: ChecksumAlgorithm;
  /** `x-amz-checksum-crc32`, … */
  header: string;
  /** The algorithm member's header to set when we chose the default (`x-amz-sdk-checksum-algorithm`). */
  algorithmHeader?: string;
}

/** Decides whether and how a request is checksummed; `undefined` means no checksum. */
export function planRequestChecksum(
  model: ServiceModel,
  operation: Operation,
  params: Record<string, unknown>,
  headers: Record<string, string>,
  calculation: ChecksumCalculation,
): RequestChecksumPlan | undefined {
  if (Object.keys(headers).some((h) => /^x-amz-checksum-/i.test(h))) return undefined;
  const trait = operation.httpChecksum ?? {};
  const required = operation.httpChecksumRequired === true || trait.requestChecksumRequired === true;
  const member = trait.requestAlgorithmMember;
  const chosen = member !== undefined ? params[member] : undefined;
  if (typeof chosen === 'string') {
    const algorithm = chosen.toUpperCase() as ChecksumAlgorithm;
    if (!CHECKSUM_ALGORITHMS.includes(algorithm))
      throw new TypeError(`Unsupported checksum algorithm: ${chosen.toLowerCase()}`);
    return { algorithm, header: `x-amz-checksum-${algorithm.toLowerCase()}` };
  }
  if (!required && !(member !== undefined && calculation === 'when_supported')) return undefined;
  const inputShape = operation.input ? model.shapes[operation.input.shape] : undefined;
  const memberRef = member !== undefined ? inputShape?.members?.[member] : undefined;
  return {
    algorithm: 'CRC32',
    header: 'x-amz-checksum-crc32',
    algorithmHeader: memberRef?.location === 'header' ? memberRef.locationName : undefined,
  };
}

/** A host's native CRC32 (Host.crc32), continuing from one chunk to the next. */
export type NativeCrc32 = (data: Uint8Array, previous: number) => number;

/** Creates an incremental hasher for `algorithm`; SHA variants need an async set-up. */
export async function createChecksum(algorithm: ChecksumAlgorithm, native?: NativeCrc32): Promise<Checksum> {
  switch (algorithm) {
    case 'CRC32':
      return native ? nativeCrc32(native) : createCrc32();
    case 'CRC32C':
      return createCrc32c();
    case 'CRC64NVME':
      return createCrc64Nvme();
    case 'SHA1':
    case 'SHA256':
      return createSha(algorithm as ShaName);
  }
}

function nativeCrc32(native: NativeCrc32): Checksum {
  let crc = 0;
  return {
    update(chunk) {
      crc = native(chunk, crc);
    },
    digest() {
      return new Uint8Array([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
    },
  };
}

/** Base64 checksum of bytes already in memory. */
export async function checksumOf(
  algorithm: ChecksumAlgorithm,
  body: Uint8Array,
  native?: NativeCrc32,
): Promise<string> {
  const c = await createChecksum(algorithm, native);
  c.update(body);
  return toBase64(c.digest());
}

/** One pass over a Blob for its base64 checksum and its hex SHA-256 (the signed payload hash), as asked. */
export async function digestBlob(
  blob: Blob,
  want: { checksum?: ChecksumAlgorithm; sha256: boolean },
  native?: NativeCrc32,
): Promise<{ checksum?: string; sha256?: string }> {
  const checksum = want.checksum ? await createChecksum(want.checksum, native) : undefined;
  const sha256 = want.sha256 ? await createChecksum('SHA256') : undefined;
  if (!checksum && !sha256) return {};
  const reader = blob.stream().getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    checksum?.update(next.value);
    sha256?.update(next.value);
  }
  return { checksum: checksum && toBase64(checksum.digest()), sha256: sha256 && toHex(sha256.digest()) };
}

/**
 * Frames a stream as `aws-chunked` with the checksum in a trailer (the unsigned-trailer variant S3
 * accepts: each chunk is `<hex size>\r\n<bytes>\r\n`, then `0\r\n<header>:<b64>\r\n\r\n`).
 */
export async function* awsChunked(
  source: AsyncIterable<Uint8Array>,
  algorithm: ChecksumAlgorithm,
  header: string,
  native?: NativeCrc32,
): AsyncGenerator<Uint8Array> {
  const hasher = await createChecksum(algorithm, native);
  const enc = new TextEncoder();
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    hasher.update(chunk);
    yield enc.encode(`${chunk.length.toString(16)}\r\n`);
    yield chunk;
    yield enc.encode('\r\n');
  }
  yield enc.encode(`0\r\n${header}:${toBase64(hasher.digest())}\r\n\r\n`);
}
