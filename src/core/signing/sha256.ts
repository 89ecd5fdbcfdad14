/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) in plain JavaScript, in the constructor shape the signer
 * takes (`Host.sha256`): `new Sha256()` hashes, `new Sha256(key)` is the HMAC keyed by `key`.
 *
 * The hash for what a signature covers (its key chain, the canonical request, API-sized bodies) where a
 * host has none of its own, and in Node below a size (adapters/node/sha256.ts): a signature hashes a few
 * hundred bytes, and this file, compiled with the rest, costs less than loading a native binding does.
 */
import type { Sha256Constructor } from '../host.js';
import { utf8Encode } from '../protocols/shared.js';

type Data = string | ArrayBuffer | ArrayBufferView;

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4 §4.2.2). */
// prettier-ignore
const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

/** The initial hash value (§5.3.3). */
// prettier-ignore
const INITIAL = Int32Array.of(
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
);

const BLOCK = 64;

/** The message schedule, shared: a block is compressed in one synchronous run. */
const W = new Int32Array(64);

/** One SHA-256 computation: `update` any number of times, then `digest` once. */
class Hash {
  private readonly state = INITIAL.slice();
  private readonly pending = new Uint8Array(BLOCK);
  private filled = 0;
  private length = 0;

  /** Text as UTF-8: ASCII straight into the block, without encoding it to bytes first. */
  updateText(text: string): void {
    const block = this.pending;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) return this.update(utf8Encode(text.slice(i)));
      block[this.filled++] = code;
      this.length++;
      if (this.filled === BLOCK) {
        compress(this.state, block, 0);
        this.filled = 0;
      }
    }
  }

  update(bytes: Uint8Array): void {
    this.length += bytes.length;
    let at = 0;
    if (this.filled > 0) {
      at = Math.min(BLOCK - this.filled, bytes.length);
      this.pending.set(bytes.subarray(0, at), this.filled);
      this.filled += at;
      if (this.filled < BLOCK) return;
      compress(this.state, this.pending, 0);
      this.filled = 0;
    }
    for (; at + BLOCK <= bytes.length; at += BLOCK) compress(this.state, bytes, at);
    this.pending.set(bytes.subarray(at), 0);
    this.filled = bytes.length - at;
  }

  digest(): Uint8Array {
    // The padding: a one bit, zeros, and the length in bits as a 64-bit big-endian number (§5.1.1), in
    // the pending block, or in one more when the length does not fit after the one bit.
    const block = this.pending;
    block[this.filled] = 0x80;
    block.fill(0, this.filled + 1);
    if (this.filled >= BLOCK - 8) {
      compress(this.state, block, 0);
      block.fill(0);
    }
    const bits = this.length * 8;
    writeUint32(block, BLOCK - 8, Math.floor(bits / 0x100000000));
    writeUint32(block, BLOCK - 4, bits);
    compress(this.state, block, 0);
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) writeUint32(out, i * 4, this.state[i]!);
    return out;
  }
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/** The compression function (§6.2.2) over the block of `bytes` at `at`, into `state`. */
function compress(state: Int32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    W[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** `data` as bytes: strings as UTF-8, views without copying. */
export function bytesOf(data: Data): Uint8Array {
  if (typeof data === 'string') return utf8Encode(data);
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export const Sha256: Sha256Constructor = class {
  private readonly inner = new Hash();
  /** HMAC's outer key block (key XOR opad); none for a plain hash. */
  private readonly outerKey: Uint8Array | undefined;

  constructor(secret?: Data) {
    if (secret === undefined) return;
    let key = bytesOf(secret);
    if (key.length > BLOCK) {
      const long = new Hash();
      long.update(key);
      key = long.digest();
    }
    const inner = new Uint8Array(BLOCK).fill(0x36);
    const outer = new Uint8Array(BLOCK).fill(0x5c);
    for (let i = 0; i < key.length; i++) {
      inner[i]! ^= key[i]!;
      outer[i]! ^= key[i]!;
    }
    this.inner.update(inner);
    this.outerKey = outer;
  }

  update(data: Data): void {
    if (typeof data === 'string') this.inner.updateText(data);
    else this.inner.update(bytesOf(data));
  }

  digest(): Promise<Uint8Array> {
    const inner = this.inner.digest();
    if (!this.outerKey) return Promise.resolve(inner);
    const outer = new Hash();
    outer.update(this.outerKey);
    outer.update(inner);
    return Promise.resolve(outer.digest());
  }
};
