/**
 * CBOR (RFC 8949) for the smithy-rpc-v2-cbor protocol: an encoder for request bodies (definite lengths,
 * integers in the shortest form, floats as float64, Dates as tag 1 epoch seconds) and a decoder for
 * responses (every major type, indefinite-length items, half/single/double floats, tag 1 → Date, or
 * what a timestamp reader makes of the epoch seconds).
 */
import { setOwn } from '../own.js';
import type { TimestampReader } from './types.js';

export function encodeCbor(value: unknown): Uint8Array {
  const out: number[] = [];
  const head = (major: number, n: number) => {
    const m = major << 5;
    if (n < 24) out.push(m | n);
    else if (n < 0x100) out.push(m | 24, n);
    else if (n < 0x10000) out.push(m | 25, n >> 8, n & 0xff);
    else if (n < 0x100000000) out.push(m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
    else {
      const big = BigInt(n);
      out.push(m | 27);
      for (let i = 7; i >= 0; i--) out.push(Number((big >> BigInt(8 * i)) & 0xffn));
    }
  };
  const bytes = (major: number, data: Uint8Array) => {
    head(major, data.length);
    for (const b of data) out.push(b);
  };
  const float64 = (n: number) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, n);
    out.push(0xfb, ...new Uint8Array(view.buffer));
  };
  const write = (v: unknown): void => {
    if (v === null || v === undefined) out.push(0xf6);
    else if (v === true) out.push(0xf5);
    else if (v === false) out.push(0xf4);
    else if (typeof v === 'number') {
      if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) head(v < 0 ? 1 : 0, v < 0 ? -1 - v : v);
      else float64(v);
    } else if (typeof v === 'string') bytes(3, new TextEncoder().encode(v));
    else if (v instanceof Uint8Array) bytes(2, v);
    else if (v instanceof Date) {
      out.push(0xc1);
      const s = v.getTime() / 1000;
      if (Number.isInteger(s)) head(0, s);
      else float64(s);
    } else if (Array.isArray(v)) {
      head(4, v.length);
      v.forEach(write);
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      head(5, entries.length);
      for (const [k, x] of entries) {
        write(k);
        write(x);
      }
    } else throw new TypeError(`Cannot encode ${typeof v} as CBOR`);
  };
  write(value);
  return Uint8Array.from(out);
}

export function decodeCbor(data: Uint8Array, readEpoch?: TimestampReader): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > data.length) throw new RangeError('Truncated CBOR data');
  };
  const length = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) {
      need(1);
      return data[pos++]!;
    }
    if (info === 25) {
      need(2);
      const v = view.getUint16(pos);
      pos += 2;
      return v;
    }
    if (info === 26) {
      need(4);
      const v = view.getUint32(pos);
      pos += 4;
      return v;
    }
    if (info === 27) {
      need(8);
      const v = view.getBigUint64(pos);
      pos += 8;
      return Number(v);
    }
    throw new RangeError(`Unsupported CBOR length encoding ${info}`);
  };
  const chunks = (major: number, info: number): Uint8Array => {
    if (info !== 31) {
      const n = length(info);
      need(n);
      const s = data.subarray(pos, pos + n);
      pos += n;
      return s;
    }
    const parts: Uint8Array[] = [];
    while (data[pos] !== 0xff) {
      const b = data[pos++]!;
      if (b >> 5 !== major) throw new RangeError('Bad chunk in indefinite-length string');
      parts.push(chunks(major, b & 31));
    }
    pos++;
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return all;
  };
  const read = (): unknown => {
    need(1);
    const b = data[pos++]!;
    const major = b >> 5;
    const info = b & 31;
    switch (major) {
      case 0:
        return length(info);
      case 1:
        return -1 - length(info);
      case 2:
        return chunks(2, info).slice();
      case 3:
        return new TextDecoder().decode(chunks(3, info));
      case 4: {
        const arr: unknown[] = [];
        if (info === 31) {
          while (data[pos] !== 0xff) arr.push(read());
          pos++;
        } else for (let n = length(info); n > 0; n--) arr.push(read());
        return arr;
      }
      case 5: {
        const obj: Record<string, unknown> = {};
        const entry = () => {
          const k = read();
          setOwn(obj, String(k), read());
        };
        if (info === 31) {
          while (data[pos] !== 0xff) entry();
          pos++;
        } else for (let n = length(info); n > 0; n--) entry();
        return obj;
      }
      case 6: {
        const tag = length(info);
        // Whether the tagged item is a float (major type 7) rather than an integer.
        const float = data[pos]! >> 5 === 7;
        const inner = read();
        if (tag !== 1 || typeof inner !== 'number') return inner;
        return readEpoch === undefined ? new Date(Math.round(inner * 1000)) : readEpoch(inner, float);
      }
      default:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22 || info === 23) return null;
        if (info === 25) {
          need(2);
          const h = view.getUint16(pos);
          pos += 2;
          return half(h);
        }
        if (info === 26) {
          need(4);
          const v = view.getFloat32(pos);
          pos += 4;
          return v;
        }
        if (info === 27) {
          need(8);
          const v = view.getFloat64(pos);
          pos += 8;
          return v;
        }
        if (info < 24) return undefined;
        throw new RangeError(`Unsupported CBOR simple value ${info}`);
    }
  };
  const value = read();
  if (pos !== data.length) throw new RangeError('Trailing bytes after CBOR value');
  return value;
}

function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
