/**
 * The binary framing of AWS event streams (`application/vnd.amazon.eventstream`), read from a response
 * body as its chunks arrive. A message is
 *
 *   prelude:  total length (u32) · headers length (u32) · CRC32 of those eight bytes (u32)
 *   headers:  repeated name length (u8) · name (UTF-8) · value type (u8) · value
 *   payload:  the rest of the message, up to
 *   trailer:  CRC32 of everything before it (u32)
 *
 * all big-endian. Header values: 0 true, 1 false (no bytes), 2 byte, 3 short, 4 int, 5 long (signed),
 * 6 bytes and 7 string (u16 length first), 8 timestamp (i64 milliseconds), 9 UUID (16 bytes).
 *
 * The checks and their order follow botocore's eventstream.py (EventStreamBuffer): the prelude's CRC
 * before its lengths are believed, headers of at most 128 KiB, payloads of at most 24 MiB, the message
 * CRC before its headers are read, duplicate header names refused. Unlike botocore, which stops quietly
 * when a body ends part-way through a message, an unfinished message is an error: its records would
 * otherwise be lost without a word. Spec: https://smithy.io/2.0/aws/amazon-eventstream.html
 */
import { EventStreamDecodeError } from '../errors.js';
import { crc32 } from '../checksums/crc.js';
import { setOwn } from '../own.js';

/**
 * A header's value: booleans; byte, short and int as numbers; long as a bigint (it may not fit a
 * number); bytes as a Uint8Array; a timestamp as a Date; a UUID as its 8-4-4-4-12 hex text.
 */
export type HeaderValue = boolean | number | bigint | Uint8Array | string | Date;

export interface EventStreamMessage {
  headers: Record<string, HeaderValue>;
  payload: Uint8Array;
}

/** Where a message sits in its stream, for error messages: its number (from 1) and its first byte. */
export interface MessagePosition {
  index: number;
  offset: number;
}

/** botocore's _MAX_HEADERS_LENGTH and _MAX_PAYLOAD_LENGTH. */
export const MAX_HEADERS_LENGTH = 128 * 1024;
export const MAX_PAYLOAD_LENGTH = 24 * 1024 * 1024;

const PRELUDE_LENGTH = 12;
/** The prelude and the trailing CRC: the smallest message there is (no headers, no payload). */
const MIN_MESSAGE_LENGTH = PRELUDE_LENGTH + 4;

/**
 * The messages of a body, each yielded as soon as its last byte has arrived, whatever the chunks'
 * boundaries. A damaged or unfinished message throws EventStreamDecodeError; the messages before it
 * have been yielded.
 */
export async function* readMessages(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<EventStreamMessage> {
  const queue = createByteQueue();
  const at: MessagePosition = { index: 1, offset: 0 };
  // The length of the message in progress, once its prelude has arrived and been checked.
  let length: number | undefined;
  for await (const chunk of chunks) {
    queue.push(chunk);
    for (;;) {
      if (length === undefined) {
        if (queue.size() < PRELUDE_LENGTH) break;
        length = checkPrelude(queue.peek(PRELUDE_LENGTH), at).totalLength;
      }
      if (queue.size() < length) break;
      yield decodeMessage(queue.take(length), at);
      at.offset += length;
      at.index++;
      length = undefined;
    }
  }
  const left = queue.size();
  if (left > 0) {
    const received =
      length === undefined ? `${left} of its ${PRELUDE_LENGTH}-byte prelude` : `${left} of its ${length} bytes`;
    throw new EventStreamDecodeError(`The event stream ended in the middle of a message: ${received}${where(at)}`);
  }
}

/** One whole message (exactly its bytes), checked as readMessages checks it. */
export function decodeMessage(bytes: Uint8Array, at: MessagePosition = { index: 1, offset: 0 }): EventStreamMessage {
  if (bytes.length < PRELUDE_LENGTH)
    throw new EventStreamDecodeError(`A message of ${bytes.length} bytes is shorter than its prelude${where(at)}`);
  const { totalLength, headersLength } = checkPrelude(bytes, at);
  if (bytes.length !== totalLength)
    throw new EventStreamDecodeError(
      `The message is ${bytes.length} bytes long where its prelude says ${totalLength}${where(at)}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkCrc(view.getUint32(totalLength - 4), crc32(bytes.subarray(0, totalLength - 4)), '', at);
  const headersEnd = PRELUDE_LENGTH + headersLength;
  return {
    headers: decodeHeaders(bytes.subarray(PRELUDE_LENGTH, headersEnd), at),
    payload: bytes.subarray(headersEnd, totalLength - 4),
  };
}

/** The header section of a message, as botocore's EventStreamHeaderParser reads it. */
export function decodeHeaders(
  bytes: Uint8Array,
  at: MessagePosition = { index: 1, offset: 0 },
): Record<string, HeaderValue> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headers: Record<string, HeaderValue> = {};
  let i = 0;
  // Each read checks that the header section holds it: a length that overreaches is damage, not a short read.
  const need = (n: number, what: string) => {
    if (i + n > bytes.length) throw new EventStreamDecodeError(`${what} runs past the end of the headers${where(at)}`);
  };
  while (i < bytes.length) {
    const nameLength = view.getUint8(i++);
    need(nameLength, 'A header name');
    const name = utf8(bytes.subarray(i, i + nameLength), 'A header name', at);
    i += nameLength;
    const what = `Header "${name}"`;
    need(1, what);
    const type = view.getUint8(i++);
    let value: HeaderValue;
    switch (type) {
      case 0:
      case 1:
        value = type === 0;
        break;
      case 2:
        need(1, what);
        value = view.getInt8(i);
        i += 1;
        break;
      case 3:
        need(2, what);
        value = view.getInt16(i);
        i += 2;
        break;
      case 4:
        need(4, what);
        value = view.getInt32(i);
        i += 4;
        break;
      case 5:
      case 8:
        need(8, what);
        value = type === 5 ? view.getBigInt64(i) : new Date(Number(view.getBigInt64(i)));
        i += 8;
        break;
      case 6:
      case 7: {
        need(2, what);
        const length = view.getUint16(i);
        i += 2;
        need(length, what);
        const raw = bytes.slice(i, i + length);
        value = type === 6 ? raw : utf8(raw, what, at);
        i += length;
        break;
      }
      case 9:
        need(16, what);
        value = uuidText(bytes.subarray(i, i + 16));
        i += 16;
        break;
      default:
        throw new EventStreamDecodeError(`${what} has an unknown value type ${type}${where(at)}`);
    }
    if (Object.hasOwn(headers, name))
      throw new EventStreamDecodeError(`Duplicate header present: "${name}"${where(at)}`);
    setOwn(headers, name, value);
  }
  return headers;
}

/** The prelude's lengths, once its CRC matches and the lengths are within botocore's limits. */
function checkPrelude(bytes: Uint8Array, at: MessagePosition): { totalLength: number; headersLength: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, PRELUDE_LENGTH);
  const totalLength = view.getUint32(0);
  const headersLength = view.getUint32(4);
  checkCrc(view.getUint32(8), crc32(bytes.subarray(0, 8)), 'the prelude of ', at);
  if (headersLength > MAX_HEADERS_LENGTH)
    throw new EventStreamDecodeError(
      `Header length of ${headersLength} exceeded the maximum of ${MAX_HEADERS_LENGTH}${where(at)}`,
    );
  const payloadLength = totalLength - headersLength - MIN_MESSAGE_LENGTH;
  if (payloadLength > MAX_PAYLOAD_LENGTH)
    throw new EventStreamDecodeError(
      `Payload length of ${payloadLength} exceeded the maximum of ${MAX_PAYLOAD_LENGTH}${where(at)}`,
    );
  if (payloadLength < 0)
    throw new EventStreamDecodeError(
      `Message length of ${totalLength} is too short for its prelude, ${headersLength} bytes of headers and its checksum${where(at)}`,
    );
  return { totalLength, headersLength };
}

/** botocore's ChecksumMismatch words, then which checksum of which message. */
function checkCrc(expected: number, calculated: number, part: string, at: MessagePosition): void {
  if (expected === calculated) return;
  throw new EventStreamDecodeError(
    `Checksum mismatch: expected 0x${hex32(expected)}, calculated 0x${hex32(calculated)} (${part}event stream message ${at.index}, at byte ${at.offset} of the response)`,
  );
}

function where(at: MessagePosition): string {
  return ` (event stream message ${at.index}, at byte ${at.offset} of the response)`;
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array, what: string, at: MessagePosition): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new EventStreamDecodeError(`${what} is not valid UTF-8${where(at)}`);
  }
}

function uuidText(bytes: Uint8Array): string {
  const h = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The bytes received and not yet decoded, as the chunks they came in: a message is copied out once,
 * when complete (or not at all when one chunk holds it), however many chunks it arrived in.
 */
function createByteQueue() {
  const chunks: Uint8Array[] = [];
  let size = 0;
  /** The first `n` bytes (n ≤ size), copied when they span chunks; `consume` drops them. */
  const read = (n: number, consume: boolean): Uint8Array => {
    const first = chunks[0]!;
    if (first.length >= n) {
      if (consume) {
        if (first.length === n) chunks.shift();
        else chunks[0] = first.subarray(n);
        size -= n;
      }
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    let k = 0;
    while (filled < n) {
      const chunk = chunks[k]!;
      const part = Math.min(chunk.length, n - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (!consume) k++;
      else if (part === chunk.length) chunks.shift();
      else chunks[0] = chunk.subarray(part);
    }
    if (consume) size -= n;
    return out;
  };
  return {
    push(chunk: Uint8Array) {
      if (!chunk.length) return;
      chunks.push(chunk);
      size += chunk.length;
    },
    size: () => size,
    peek: (n: number) => read(n, false),
    take: (n: number) => read(n, true),
  };
}
