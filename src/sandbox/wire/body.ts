/**
 * Request bodies as the sandbox receives them: read whole (the small bodies of most operations), or
 * passed on as a stream (S3 and Glacier uploads), `aws-chunked` framing removed and its trailing
 * headers collected, the SHA-256 the signature states checked as the bytes go by.
 */
import type { HttpBody, Sha256Constructor } from '../../core/host.js';
import { toHex } from '../../core/hex.js';
import { sha256Hasher } from '../../core/checksums/sha.js';
import type { ChunkVerifier } from '../auth.js';
import { SandboxError } from '../service.js';

/** Any body the Host's `send` may be given, as a stream of chunks. */
export async function* chunksOf(body: HttpBody | undefined): AsyncIterable<Uint8Array> {
  if (body === undefined) return;
  if (body instanceof Uint8Array) {
    if (body.length) yield body;
    return;
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    const reader = body.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  yield* body as AsyncIterable<Uint8Array>;
}

export async function readAll(chunks: AsyncIterable<Uint8Array>, limit = Infinity): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) throw new SandboxError('RequestEntityTooLarge', 'The request body is too large.', 413);
    parts.push(chunk);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Decodes `aws-chunked` framing (`<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n` then trailing
 * headers and a blank line), yielding the payload and writing each trailer into `trailers`. For a signed
 * stream, `signed()` gives the verifier (known only once the request's own signature is checked, before
 * the body is read): each chunk's signature is checked when its last byte has passed, so a body that
 * fails is refused before whoever stores it commits.
 */
export async function* dechunk(
  raw: AsyncIterable<Uint8Array>,
  trailers: Record<string, string>,
  signed: () => ChunkVerifier | undefined = () => undefined,
): AsyncIterable<Uint8Array> {
  let buf = new Uint8Array(0);
  let pos = 0;
  const source = raw[Symbol.asyncIterator]();
  const more = async (): Promise<boolean> => {
    const next = await source.next();
    if (next.done) return false;
    const rest = buf.subarray(pos);
    const joined = new Uint8Array(rest.length + next.value.length);
    joined.set(rest);
    joined.set(next.value, rest.length);
    buf = joined;
    pos = 0;
    return true;
  };
  const line = async (): Promise<string> => {
    for (;;) {
      for (let i = pos; i + 1 < buf.length; i++) {
        if (buf[i] === 13 && buf[i + 1] === 10) {
          const text = new TextDecoder().decode(buf.subarray(pos, i));
          pos = i + 2;
          return text;
        }
      }
      if (!(await more())) throw malformed('the body ended inside a chunk header');
    }
  };
  const verifier = signed();
  for (;;) {
    const header = await line();
    const size = Number.parseInt(header.split(';')[0]!, 16);
    if (!Number.isSafeInteger(size) || size < 0 || !/^[0-9a-fA-F]+(;|$)/.test(header))
      throw malformed(`a chunk header is not a hexadecimal size: ${JSON.stringify(header.slice(0, 40))}`);
    const signature = /;chunk-signature=([0-9a-f]+)/.exec(header)?.[1];
    const hash = verifier?.hasher();
    let left = size;
    while (left > 0) {
      if (pos >= buf.length && !(await more())) throw malformed('the body ended inside a chunk');
      const take = Math.min(left, buf.length - pos);
      const piece = buf.slice(pos, pos + take);
      hash?.update(piece);
      pos += take;
      left -= take;
      // The chunk's last bytes wait for its signature: what has been yielded was checked or is still checkable.
      if (left === 0 && verifier) await verifier.chunk(signature, toHex(await hash!.digest()));
      yield piece;
    }
    if (size === 0) {
      if (verifier) await verifier.chunk(signature, toHex(await hash!.digest()));
      break;
    }
    if ((await line()) !== '') throw malformed('a chunk is longer than its stated size');
  }
  let canonical = '';
  let trailerSignature: string | undefined;
  for (;;) {
    const trailer = await line().catch(() => '');
    if (trailer === '') break;
    const colon = trailer.indexOf(':');
    if (colon < 0) throw malformed(`a trailing header has no colon: ${JSON.stringify(trailer.slice(0, 40))}`);
    const name = trailer.slice(0, colon).trim().toLowerCase();
    const value = trailer.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') trailerSignature = value;
    else {
      trailers[name] = value;
      canonical += `${name}:${value}\n`;
    }
  }
  if (verifier && canonical) await verifier.trailer(trailerSignature, canonical);
}

function malformed(why: string): SandboxError {
  return new SandboxError('IncompleteBody', `The aws-chunked body is malformed: ${why}.`, 400);
}

/**
 * Passes `chunks` through, and at their end checks their SHA-256 against `expected` (the hex digest the
 * signature covers): a body that is not what was signed fails as S3 and the others fail it.
 */
export async function* checkedSha256(
  chunks: AsyncIterable<Uint8Array>,
  expected: string,
  onMismatch: (computed: string) => SandboxError,
  native?: Sha256Constructor,
): AsyncIterable<Uint8Array> {
  const sha = await sha256Hasher(native);
  for await (const chunk of chunks) {
    sha.update(chunk);
    yield chunk;
  }
  const computed = toHex(await sha.digest());
  if (computed !== expected) throw onMismatch(computed);
}

/** The hex SHA-256 of a body read whole. */
export async function sha256Hex(bytes: Uint8Array, native?: Sha256Constructor): Promise<string> {
  const sha = await sha256Hasher(native);
  sha.update(bytes);
  return toHex(await sha.digest());
}
