/**
 * Event-stream messages written for tests, the other way round from src/core/protocols/event-stream.ts:
 * headers of every type, a payload, both CRCs. Written from the framing's description and sharing only the
 * CRC32 with the decoder, so a test's bytes do not depend on the code they test; the decoder's own vectors
 * are botocore's (test/fixtures/eventstream), which hold the CRCs to account.
 */
import { crc32 } from '../../src/core/checksums/crc.js';

/** A header's value with its wire type; a plain string is a string header. */
export type TestHeader =
  | string
  | { type: 'true' | 'false' }
  | { type: 'byte' | 'short' | 'int'; value: number }
  | { type: 'long' | 'timestamp'; value: bigint }
  | { type: 'bytes' | 'uuid'; value: Uint8Array };

const TYPES = { true: 0, false: 1, byte: 2, short: 3, int: 4, long: 5, bytes: 6, string: 7, timestamp: 8, uuid: 9 };

/** One message: the prelude and its CRC, the headers in order, the payload, the message CRC. */
export function encodeMessage(headers: Record<string, TestHeader>, payload: Uint8Array | string = ''): Uint8Array {
  const text = new TextEncoder();
  const body = typeof payload === 'string' ? text.encode(payload) : payload;
  const parts: number[] = [];
  for (const [name, header] of Object.entries(headers)) {
    const nameBytes = text.encode(name);
    parts.push(nameBytes.length, ...nameBytes);
    const h = typeof header === 'string' ? { type: 'string' as const, value: text.encode(header) } : header;
    parts.push(TYPES[h.type]);
    if (h.type === 'byte') parts.push(...bigEndian(BigInt(h.value), 1));
    else if (h.type === 'short') parts.push(...bigEndian(BigInt(h.value), 2));
    else if (h.type === 'int') parts.push(...bigEndian(BigInt(h.value), 4));
    else if (h.type === 'long' || h.type === 'timestamp') parts.push(...bigEndian(h.value, 8));
    else if (h.type === 'bytes' || h.type === 'string') parts.push(...bigEndian(BigInt(h.value.length), 2), ...h.value);
    else if (h.type === 'uuid') parts.push(...h.value);
  }
  const total = 12 + parts.length + body.length + 4;
  const out = new Uint8Array(total);
  out.set(bigEndian(BigInt(total), 4), 0);
  out.set(bigEndian(BigInt(parts.length), 4), 4);
  out.set(bigEndian(BigInt(crc32(out.subarray(0, 8))), 4), 8);
  out.set(parts, 12);
  out.set(body, 12 + parts.length);
  out.set(bigEndian(BigInt(crc32(out.subarray(0, total - 4))), 4), total - 4);
  return out;
}

/** An event of `type` (`:message-type` event). */
export function eventMessage(type: string, payload: Uint8Array | string = '', more: Record<string, TestHeader> = {}) {
  return encodeMessage({ ':message-type': 'event', ':event-type': type, ...more }, payload);
}

/** An unmodeled error (`:message-type` error, with `:error-code` and `:error-message`). */
export function errorMessage(code: string, message: string): Uint8Array {
  return encodeMessage({ ':message-type': 'error', ':error-code': code, ':error-message': message });
}

/** A modeled exception (`:message-type` exception, `:exception-type`), its members in the payload. */
export function exceptionMessage(type: string, payload: string): Uint8Array {
  return encodeMessage({ ':message-type': 'exception', ':exception-type': type }, payload);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bytes as a body delivered in the given chunks (cut at `cuts`, offsets in increasing order). */
export async function* chunksOf(bytes: Uint8Array, cuts: readonly number[] = []): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(from, cut);
    from = cut;
  }
}

/** Two's complement, most significant byte first. */
function bigEndian(value: bigint, bytes: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(bytes * 8, value);
  for (let i = 0; i < bytes; i++) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}
