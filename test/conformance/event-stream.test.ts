/**
 * The event-stream framing (src/core/protocols/event-stream.ts) against botocore's own vectors
 * (test/fixtures/eventstream): every message decodes to what botocore decodes, every damaged one fails
 * as botocore's does, and a stream decodes the same wherever its chunks are cut. Then the failures
 * botocore's vectors leave out: an unfinished message, impossible lengths, unknown header types.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventStreamDecodeError } from '../../src/core/errors.js';
import {
  decodeHeaders,
  decodeMessage,
  readMessages,
  type EventStreamMessage,
  type HeaderValue,
} from '../../src/core/protocols/event-stream.js';
import { chunksOf, concat, encodeMessage } from '../support/event-stream.js';
import { FIXTURES } from './fixtures.js';

type Part = { hex: string } | { repeat: string; count: number };
type BotocoreValue = boolean | number | string | { bytes: string };
interface Decoded {
  headers: Record<string, BotocoreValue>;
  payload: string;
}
interface Vectors {
  positive: Array<Decoded & { name: string; encoded: Part[] }>;
  negative: Array<{ name: string; encoded: Part[]; error: string }>;
  chunked: Array<{ name: string; chunks: string[]; messages: Decoded[] }>;
}
const vectors = JSON.parse(readFileSync(`${FIXTURES}/eventstream/botocore-vectors.json`, 'utf8')) as Vectors;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
const bytesOf = (parts: Part[]) =>
  concat(...parts.map((p) => ('hex' in p ? fromHex(p.hex) : new Uint8Array(p.count).fill(parseInt(p.repeat, 16)))));

/**
 * A decoded header in botocore's terms: isoaws keeps a long as a bigint, a timestamp as a Date and a UUID
 * as its hex text, where botocore has integers and the UUID's 16 bytes.
 */
function asBotocore(value: HeaderValue): BotocoreValue {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (value instanceof Uint8Array) return { bytes: hex(value) };
  if (typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value))
    return { bytes: value.replace(/-/g, '') };
  return value;
}

const asDecoded = (m: EventStreamMessage): Decoded => ({
  headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, asBotocore(v)])),
  payload: hex(m.payload),
});

async function all(chunks: AsyncIterable<Uint8Array>): Promise<EventStreamMessage[]> {
  const out: EventStreamMessage[] = [];
  for await (const m of readMessages(chunks)) out.push(m);
  return out;
}

/** The error readMessages throws for `bytes`, after the messages it yielded. */
async function failure(bytes: Uint8Array, cuts: number[] = []): Promise<{ yielded: number; error: unknown }> {
  let yielded = 0;
  try {
    for await (const _ of readMessages(chunksOf(bytes, cuts))) yielded++;
  } catch (error) {
    return { yielded, error };
  }
  throw new Error('the stream was read without an error');
}

/** botocore's exception classes, by the start of their messages. */
const BOTOCORE_ERRORS: Record<string, RegExp> = {
  ChecksumMismatch: /^Checksum mismatch: expected 0x[0-9a-f]{8}, calculated 0x[0-9a-f]{8} \(/,
  DuplicateHeader: /^Duplicate header present: "test" \(/,
  InvalidHeadersLength: /^Header length of 4278190338 exceeded the maximum of 131072 \(/,
  InvalidPayloadLength: /^Payload length of 25165841 exceeded the maximum of 25165824 \(/,
};

const positive = vectors.positive.map((v) => [v.name, v] as const);
const whole = concat(...vectors.positive.map((v) => bytesOf(v.encoded)));
const expected = vectors.positive.map(({ headers, payload }) => ({ headers, payload }));

describe('botocore’s vectors', () => {
  it('has the vectors this suite was written for', () => {
    expect(vectors.positive).toHaveLength(9);
    expect(vectors.negative).toHaveLength(7);
    expect(vectors.chunked).toHaveLength(5);
  });

  it.each(positive)('decodes %s as botocore does', async (_name, v) => {
    const bytes = bytesOf(v.encoded);
    expect(asDecoded(decodeMessage(bytes))).toEqual({ headers: v.headers, payload: v.payload });
    expect((await all(chunksOf(bytes))).map(asDecoded)).toEqual([{ headers: v.headers, payload: v.payload }]);
  });

  it('decodes every header type into its JavaScript value', () => {
    const { headers } = decodeMessage(bytesOf(vectors.positive.find((v) => v.name === 'ALL_HEADERS_TYPES')!.encoded));
    expect(headers).toEqual({
      '0': true,
      '1': false,
      '2': 2,
      '3': 3,
      '4': 4,
      '5': 5n,
      '6': new TextEncoder().encode('bytes'),
      '7': 'utf8',
      '8': new Date(8),
      '9': '30313233-3435-3637-3839-616263646566',
    });
    // The same section alone, as botocore's test_header_parser feeds it.
    expect(decodeHeaders(encodedHeaders('ALL_HEADERS_TYPES'))).toEqual(headers);
    const negative = Object.assign(
      {},
      ...['INT8_HEADER', 'INT16_HEADER', 'INT32_HEADER', 'INT64_HEADER'].map(
        (name) => decodeMessage(bytesOf(vectors.positive.find((v) => v.name === name)!.encoded)).headers,
      ),
    );
    expect(negative).toEqual({ byte: -1, short: -1, integer: -1, long: -1n });
  });

  it('decodes all of them from one stream, in order', async () => {
    expect((await all(chunksOf(whole))).map(asDecoded)).toEqual(expected);
  });

  it.each(vectors.negative.map((v) => [v.name, v] as const))('refuses %s as botocore does', async (_name, v) => {
    if (v.name === 'INVALID_PAYLOAD_LENGTH') return; // its own test below: 24 MiB are not built in memory
    const bytes = bytesOf(v.encoded);
    const { yielded, error } = await failure(bytes);
    expect(yielded).toBe(0);
    expect(error).toBeInstanceOf(EventStreamDecodeError);
    expect((error as Error).message).toMatch(BOTOCORE_ERRORS[v.error]!);
    expect(() => decodeMessage(bytes)).toThrow(BOTOCORE_ERRORS[v.error]!);
  });

  it('refuses INVALID_PAYLOAD_LENGTH from its prelude, without waiting for the 24 MiB payload', async () => {
    const v = vectors.negative.find((n) => n.name === 'INVALID_PAYLOAD_LENGTH')!;
    const prelude = fromHex((v.encoded[0] as { hex: string }).hex);
    let pulled = 0;
    const body = (async function* () {
      pulled++;
      yield prelude;
      pulled++;
      yield new Uint8Array(1 << 20).fill(0x30);
    })();
    const error = await all(body).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(BOTOCORE_ERRORS.InvalidPayloadLength!);
    expect(pulled).toBe(1);
  });

  it.each(vectors.chunked.map((v) => [v.name, v] as const))('reads the chunks of %s', async (_name, v) => {
    const chunks = (async function* () {
      for (const c of v.chunks) yield fromHex(c);
    })();
    expect((await all(chunks)).map(asDecoded)).toEqual(
      v.messages.map(({ headers, payload }) => ({ headers, payload })),
    );
  });
});

describe('chunk boundaries', () => {
  it('decodes the same messages with the stream cut in two at every offset', async () => {
    for (let cut = 0; cut <= whole.length; cut++)
      expect((await all(chunksOf(whole, [cut]))).map(asDecoded), `cut at ${cut}`).toEqual(expected);
  });

  it('decodes the same messages one byte at a time', async () => {
    const cuts = Array.from({ length: whole.length - 1 }, (_, i) => i + 1);
    expect((await all(chunksOf(whole, cuts))).map(asDecoded)).toEqual(expected);
  });

  it('yields each message as soon as its last byte has arrived', async () => {
    const first = bytesOf(vectors.positive[5]!.encoded);
    const second = bytesOf(vectors.positive[6]!.encoded);
    const seen: string[] = [];
    const body = (async function* () {
      seen.push('first sent');
      yield first;
      seen.push('second sent');
      yield second;
    })();
    for await (const m of readMessages(body)) seen.push(`message of ${m.payload.length} bytes`);
    expect(seen).toEqual(['first sent', 'message of 13 bytes', 'second sent', 'message of 13 bytes']);
  });
});

describe('damaged and unfinished streams', () => {
  const first = encodeMessage({ ':event-type': 'Records' }, 'a,1\n');
  const second = encodeMessage({ ':event-type': 'Records' }, 'b,2\n');
  const stream = concat(first, second);

  it('names the prelude whose checksum fails, after yielding the messages before it', async () => {
    const bad = stream.slice();
    bad[first.length + 3]! ^= 1; // the second message's total length
    const { yielded, error } = await failure(bad, [first.length + 5]);
    expect(yielded).toBe(1);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Checksum mismatch: expected 0x[0-9a-f]{8}, calculated 0x[0-9a-f]{8} \\(the prelude of event stream message 2, at byte ${first.length} of the response\\)$`,
      ),
    );
  });

  it('names the message whose checksum fails', async () => {
    const bad = stream.slice();
    bad[first.length + 20]! ^= 1; // inside the second message's headers
    const { yielded, error } = await failure(bad);
    expect(yielded).toBe(1);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Checksum mismatch: expected 0x[0-9a-f]{8}, calculated 0x[0-9a-f]{8} \\(event stream message 2, at byte ${first.length} of the response\\)$`,
      ),
    );
  });

  it.each([
    ['inside the prelude', 5, 'The event stream ended in the middle of a message: 5 of its 12-byte prelude'],
    ['inside the payload', 30, `The event stream ended in the middle of a message: 30 of its ${second.length} bytes`],
    ['before the last CRC', second.length - 1, `ended in the middle of a message: ${second.length - 1} of its`],
  ])('refuses a stream that ends %s, after the messages before it', async (_where, keep, message) => {
    const { yielded, error } = await failure(concat(first, second.subarray(0, keep)));
    expect(yielded).toBe(1);
    expect(error).toBeInstanceOf(EventStreamDecodeError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(`(event stream message 2, at byte ${first.length} of the response)`);
  });

  it('keeps a header named __proto__ as an ordinary header', () => {
    const { headers } = decodeMessage(encodeMessage({ ['__proto__']: 'x', constructor: 'y' }));
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.entries(headers)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('reads an empty body as no messages', async () => {
    expect(await all(chunksOf(new Uint8Array(0)))).toEqual([]);
  });

  it.each([
    ['an unknown header type', withType(encodeMessage({ x: 'v' }), 10), 'Header "x" has an unknown value type 10'],
    ['a string longer than the headers', withType(encodeMessage({ x: 'v' }), 6, 0xff), 'Header "x" runs past the end'],
    ['a header name that is not UTF-8', renamed(encodeMessage({ x: 'v' }), 0xff), 'A header name is not valid UTF-8'],
    ['a total length shorter than the headers', shortTotal(), 'Message length of 16 is too short for its prelude, 4'],
  ])('refuses %s', (_what, bytes, message) => {
    expect(() => decodeMessage(bytes)).toThrow(message);
  });
});

/** ALL_HEADERS_TYPES's header section, between its prelude and its payload. */
function encodedHeaders(name: string): Uint8Array {
  const bytes = bytesOf(vectors.positive.find((v) => v.name === name)!.encoded);
  const length = new DataView(bytes.buffer).getUint32(4);
  return bytes.subarray(12, 12 + length);
}

/** The message with its first header's type byte (after the one-letter name) set, and the CRCs made right again. */
function withType(message: Uint8Array, type: number, lengthHigh?: number): Uint8Array {
  const bytes = message.slice();
  bytes[12 + 2] = type;
  if (lengthHigh !== undefined) bytes[12 + 3] = lengthHigh;
  return recrc(bytes);
}

function renamed(message: Uint8Array, nameByte: number): Uint8Array {
  const bytes = message.slice();
  bytes[12 + 1] = nameByte;
  return recrc(bytes);
}

/** A prelude that claims 16 bytes in all but 4 of headers. */
function shortTotal(): Uint8Array {
  const bytes = encodeMessage({});
  new DataView(bytes.buffer).setUint32(4, 4);
  return recrc(bytes);
}

/** Both CRCs recomputed, so that only the damage under test is left. */
function recrc(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(8, crc(bytes.subarray(0, 8)));
  view.setUint32(bytes.length - 4, crc(bytes.subarray(0, bytes.length - 4)));
  return bytes;
}

/** CRC32 (IEEE) bit by bit, independent of the table-driven one under test. */
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
