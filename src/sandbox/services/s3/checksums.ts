/**
 * Body digests as S3 keeps them: every body's MD5 (its ETag), Content-MD5, and the flexible checksums
 * (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) a request names by header, member or `aws-chunked` trailer,
 * all computed while the body streams to the store, plus the checksums a multipart object gets from
 * its parts' (COMPOSITE: a checksum of the part checksums; FULL_OBJECT: the CRCs combined).
 */
import { createCrc32, createCrc32c, createCrc64Nvme, type Checksum } from '../../../core/checksums/crc.js';
import { createMd5, createSha } from '../../../core/checksums/sha.js';
import { toHex } from '../../../core/hex.js';
import { fromBase64, toBase64 } from '../../../core/protocols/shared.js';
import { SandboxError, type SandboxCall } from '../../service.js';
import { invalidRequest, MAX_PUT_SIZE, str, type Algorithm, type StoredChecksum } from './common.js';

export const ALGORITHMS: readonly Algorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
const DIGEST_BYTES: Record<Algorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export const checksumMember = (algorithm: Algorithm) => `Checksum${algorithm}`;
const checksumHeader = (algorithm: Algorithm) => `x-amz-checksum-${algorithm.toLowerCase()}`;

export function toAlgorithm(name: string): Algorithm {
  const upper = name.toUpperCase();
  if (!(ALGORITHMS as readonly string[]).includes(upper))
    throw invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  return upper as Algorithm;
}

export async function createHasher(algorithm: Algorithm): Promise<Checksum> {
  switch (algorithm) {
    case 'CRC32':
      return createCrc32();
    case 'CRC32C':
      return createCrc32c();
    case 'CRC64NVME':
      return createCrc64Nvme();
    default:
      return createSha(algorithm);
  }
}

/** What a request says of its body's checksums. */
export interface ChecksumRequest {
  algorithm?: Algorithm;
  /** The value given up front (a header bound to a member); otherwise it may come as a trailer. */
  expected?: string;
  contentMd5?: Uint8Array;
}

/**
 * Reads the checksum a request asks for: a `Checksum<ALG>` member, an `x-amz-trailer` announcing one,
 * or just an algorithm (`ChecksumAlgorithm`, `x-amz-sdk-checksum-algorithm`) for S3 to compute and
 * keep. `fallback` is the algorithm an upload's parts must carry.
 */
export function readChecksumRequest(call: SandboxCall, fallback?: Algorithm): ChecksumRequest {
  const given = ALGORITHMS.filter((a) => typeof call.input[checksumMember(a)] === 'string');
  const trailer = (call.headers['x-amz-trailer'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .find((h) => h.startsWith('x-amz-checksum-'));
  const named = str(call.input, 'ChecksumAlgorithm') ?? call.headers['x-amz-sdk-checksum-algorithm'];
  const candidates = new Set<Algorithm>(given);
  if (trailer !== undefined) candidates.add(toAlgorithm(trailer.slice('x-amz-checksum-'.length)));
  if (candidates.size > 1)
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  const [sent] = candidates;
  const declared = named !== undefined ? toAlgorithm(named) : undefined;
  if (declared && sent && declared !== sent)
    throw invalidRequest(`Value for x-amz-sdk-checksum-algorithm header is invalid.`);
  const algorithm = sent ?? declared ?? fallback;
  if (fallback && algorithm !== fallback)
    throw invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${fallback.toLowerCase()}, actual checksum Type: ${algorithm?.toLowerCase()}`,
    );
  const request: ChecksumRequest = { algorithm };
  if (sent && given.length > 0) {
    request.expected = call.input[checksumMember(sent)] as string;
    checkValueFormat(sent, request.expected);
  }
  const md5 = str(call.input, 'ContentMD5');
  if (md5 !== undefined) request.contentMd5 = decodeContentMd5(md5);
  return request;
}

function checkValueFormat(algorithm: Algorithm, value: string): void {
  let ok: boolean;
  try {
    ok = fromBase64(value).length === DIGEST_BYTES[algorithm];
  } catch {
    ok = false;
  }
  if (!ok) throw invalidRequest(`Value for ${checksumHeader(algorithm)} header is invalid.`);
}

function decodeContentMd5(value: string): Uint8Array {
  let bytes: Uint8Array | undefined;
  try {
    bytes = fromBase64(value);
  } catch {
    bytes = undefined;
  }
  if (bytes?.length !== 16)
    throw new SandboxError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, {
      'Content-MD5': value,
    });
  return bytes;
}

export const entityTooLarge = (size: number, max: number) =>
  new SandboxError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
    ProposedSize: String(size),
    MaxSizeAllowed: String(max),
  });

/** What a body turned out to be. */
export interface BodyDigest {
  size: number;
  /** Hex MD5: the ETag, unquoted. */
  md5: string;
  md5Bytes: Uint8Array;
  checksum?: { algorithm: Algorithm; value: string };
}

/**
 * Digests a body while it passes to the store: `pass` yields the chunks unchanged (refusing a body
 * over `limit` as soon as it crosses it), `finish` checks what the request promised once the body, and
 * so any trailer, has been read.
 */
export async function bodyDigester(request: ChecksumRequest, limit = MAX_PUT_SIZE) {
  const md5 = await createMd5();
  const hasher = request.algorithm ? await createHasher(request.algorithm) : undefined;
  let size = 0;
  return {
    async *pass(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > limit) throw entityTooLarge(size, limit);
        md5.update(chunk);
        hasher?.update(chunk);
        yield chunk;
      }
    },
    finish(trailers: Readonly<Record<string, string>>): BodyDigest {
      const md5Bytes = md5.digest();
      if (request.contentMd5 && toBase64(request.contentMd5) !== toBase64(md5Bytes))
        throw new SandboxError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
          ExpectedDigest: toBase64(request.contentMd5),
          CalculatedDigest: toBase64(md5Bytes),
        });
      const digest: BodyDigest = { size, md5: toHex(md5Bytes), md5Bytes };
      if (request.algorithm && hasher) {
        const value = toBase64(hasher.digest());
        const trailer = trailers[checksumHeader(request.algorithm)];
        if (request.expected === undefined && trailer !== undefined) checkValueFormat(request.algorithm, trailer);
        const expected = request.expected ?? trailer;
        if (expected !== undefined && expected !== value)
          throw new SandboxError(
            'BadDigest',
            `The ${request.algorithm} you specified did not match the calculated checksum.`,
          );
        digest.checksum = { algorithm: request.algorithm, value };
      }
      return digest;
    },
  };
}

/** A body input as chunks: the front gives a stream; bytes or text (tests, small callers) are one chunk. */
export async function* bodyChunks(body: unknown): AsyncIterable<Uint8Array> {
  if (body === undefined || body === null) return;
  if (body instanceof Uint8Array) yield body;
  else if (typeof body === 'string') yield new TextEncoder().encode(body);
  else yield* body as AsyncIterable<Uint8Array>;
}

/** The `Checksum<ALG>` output member of a stored checksum (and its ChecksumType), or nothing. */
export function checksumOutput(checksum: StoredChecksum | undefined): Record<string, string> {
  return checksum ? { [checksumMember(checksum.algorithm)]: checksum.value, ChecksumType: checksum.type } : {};
}

/** A COMPOSITE multipart checksum: the algorithm over the parts' binary checksums, then `-<parts>`. */
export async function compositeChecksum(algorithm: Algorithm, partValues: readonly string[]): Promise<string> {
  const hasher = await createHasher(algorithm);
  for (const value of partValues) hasher.update(fromBase64(value));
  return `${toBase64(hasher.digest())}-${partValues.length}`;
}

/** Reflected polynomials and widths of the CRCs a FULL_OBJECT checksum combines. */
const CRC_PARAMS: Partial<Record<Algorithm, { poly: bigint; width: number }>> = {
  CRC32: { poly: 0xedb88320n, width: 32 },
  CRC32C: { poly: 0x82f63b78n, width: 32 },
  CRC64NVME: { poly: 0x9a6c9329ac4bc9b5n, width: 64 },
};

export const supportsFullObject = (algorithm: Algorithm) => CRC_PARAMS[algorithm] !== undefined;

/**
 * A FULL_OBJECT checksum from the parts' CRCs and sizes, without reading the body again: CRC(A‖B) is
 * CRC(A)·x^(8|B|) + CRC(B) mod P (zlib's crc32_combine, for any reflected CRC with all-ones pre- and
 * post-conditioning, which CRC32, CRC32C and CRC64/NVME all are).
 */
export function combineCrcs(algorithm: Algorithm, parts: readonly { value: string; size: number }[]): string {
  const params = CRC_PARAMS[algorithm];
  if (!params) throw new Error(`${algorithm} is not a CRC`);
  const { poly, width } = params;
  const top = 1n << BigInt(width - 1);
  // Polynomials are bit-reversed: the top bit is x^0.
  const multiply = (a: bigint, b: bigint): bigint => {
    let product = 0n;
    for (let m = top; m > 0n; m >>= 1n) {
      if (a & m) product ^= b;
      b = b & 1n ? (b >> 1n) ^ poly : b >> 1n;
    }
    return product;
  };
  /** x^(8·bytes) mod P by squaring: powers[k] is x^(2^k). */
  const shiftBytes = (bytes: number): bigint => {
    let result = top;
    let power = top >> 1n;
    for (let n = BigInt(bytes) * 8n; n > 0n; n >>= 1n) {
      if (n & 1n) result = multiply(power, result);
      power = multiply(power, power);
    }
    return result;
  };
  let crc = 0n;
  parts.forEach((part, i) => {
    const value = bytesToBigInt(fromBase64(part.value));
    crc = i === 0 ? value : multiply(shiftBytes(part.size), crc) ^ value;
  });
  return toBase64(bigIntToBytes(crc, width / 8));
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
