/**
 * ECDSA over NIST P-256 with SHA-256, in plain TypeScript on BigInt: what SigV4a signs with. Core runs in
 * Node and in browsers and imports no node: module; Web Crypto signs ECDSA but cannot import a bare
 * private scalar (it wants the public point with it) and only draws random nonces, so the curve is here.
 *
 * Nonces are deterministic (RFC 6979, HMAC-SHA256): the nonce is derived from the private key and the
 * message, so a signature never depends on the quality of a random source (a repeated or guessable
 * nonce gives the private key away, and through SigV4a's derivation, the secret's signing power), the
 * same request signs the same way twice (tests can pin a signature), and no random source is needed in
 * core at all. Any valid signature verifies; AWS does not care how the nonce was chosen.
 *
 * BigInt arithmetic is not constant-time. The signer runs where the user runs their own commands, where
 * no one else can time it; it is not meant for a server that signs for others.
 */
import type { Sha256Constructor } from '../host.js';

/** The field prime, the group order and the base point (SEC 2, secp256r1); the curve's a is -3. */
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
export const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G: Affine = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

export interface Affine {
  x: bigint;
  y: bigint;
}

/** A point in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
interface Jacobian {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

const INFINITY: Jacobian = { X: 1n, Y: 1n, Z: 0n };

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** a⁻¹ mod m (m prime, a not a multiple of m), by the extended Euclidean algorithm. */
function invert(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

/** 2·p, for a curve with a = -3 (dbl-2001-b). */
function double(p: Jacobian): Jacobian {
  if (p.Z === 0n || p.Y === 0n) return INFINITY;
  const delta = mod(p.Z * p.Z, P);
  const gamma = mod(p.Y * p.Y, P);
  const beta = mod(p.X * gamma, P);
  const alpha = mod(3n * (p.X - delta) * (p.X + delta), P);
  const X = mod(alpha * alpha - 8n * beta, P);
  const Z = mod((p.Y + p.Z) ** 2n - gamma - delta, P);
  const Y = mod(alpha * (4n * beta - X) - 8n * gamma * gamma, P);
  return { X, Y, Z };
}

/** p + q (add-1998-cmo-2), falling back to doubling when they are the same point. */
function add(p: Jacobian, q: Jacobian): Jacobian {
  if (p.Z === 0n) return q;
  if (q.Z === 0n) return p;
  const z1z1 = mod(p.Z * p.Z, P);
  const z2z2 = mod(q.Z * q.Z, P);
  const u1 = mod(p.X * z2z2, P);
  const u2 = mod(q.X * z1z1, P);
  const s1 = mod(p.Y * q.Z * z2z2, P);
  const s2 = mod(q.Y * p.Z * z1z1, P);
  const h = mod(u2 - u1, P);
  const r = mod(s2 - s1, P);
  if (h === 0n) return r === 0n ? double(p) : INFINITY;
  const hh = mod(h * h, P);
  const hhh = mod(h * hh, P);
  const v = mod(u1 * hh, P);
  const X = mod(r * r - hhh - 2n * v, P);
  const Y = mod(r * (v - X) - s1 * hhh, P);
  const Z = mod(p.Z * q.Z * h, P);
  return { X, Y, Z };
}

function toAffine(p: Jacobian): Affine {
  const zi = invert(p.Z, P);
  const zi2 = mod(zi * zi, P);
  return { x: mod(p.X * zi2, P), y: mod(p.Y * zi2 * zi, P) };
}

/** 0·G … 15·G, for the 4-bit windows of a scalar. */
let baseTable: Jacobian[] | undefined;

/** k·G, four bits at a time. */
function multiplyBase(k: bigint): Affine {
  if (!baseTable) {
    const g: Jacobian = { X: G.x, Y: G.y, Z: 1n };
    baseTable = [INFINITY, g];
    for (let i = 2; i < 16; i++) baseTable.push(add(baseTable[i - 1]!, g));
  }
  let acc = INFINITY;
  for (let shift = 252n; shift >= 0n; shift -= 4n) {
    acc = double(double(double(double(acc))));
    acc = add(acc, baseTable[Number((k >> shift) & 15n)]!);
  }
  return toAffine(acc);
}

/** The public point of a private scalar (1 ≤ d < n). */
export function publicKeyOf(d: bigint): Affine {
  return multiplyBase(d);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function bigIntTo32Bytes(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

async function hmac(sha256: Sha256Constructor, key: Uint8Array, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const h = new sha256(key);
  for (const part of parts) h.update(part);
  return h.digest();
}

/**
 * The RFC 6979 nonce generator for private key `d` and message digest `h` (SHA-256, so qlen = hlen = 256
 * and bits2int is a plain conversion): each call gives the next candidate the RFC would try.
 */
async function rfc6979(sha256: Sha256Constructor, d: bigint, h: Uint8Array): Promise<() => Promise<bigint>> {
  const x = bigIntTo32Bytes(d);
  const h1 = bigIntTo32Bytes(mod(bytesToBigInt(h), N));
  let v: Uint8Array = new Uint8Array(32).fill(1);
  let k = await hmac(sha256, new Uint8Array(32), v, Uint8Array.of(0), x, h1);
  v = await hmac(sha256, k, v);
  k = await hmac(sha256, k, v, Uint8Array.of(1), x, h1);
  v = await hmac(sha256, k, v);
  let first = true;
  return async () => {
    for (;;) {
      if (!first) {
        k = await hmac(sha256, k, v, Uint8Array.of(0));
        v = await hmac(sha256, k, v);
      }
      first = false;
      v = await hmac(sha256, k, v);
      const candidate = bytesToBigInt(v);
      if (candidate >= 1n && candidate < N) return candidate;
    }
  };
}

/** The ECDSA signature (r, s) of a SHA-256 digest `h` under private key `d`, with RFC 6979 nonces. */
export async function signDigest(
  sha256: Sha256Constructor,
  d: bigint,
  h: Uint8Array,
): Promise<{ r: bigint; s: bigint }> {
  const e = mod(bytesToBigInt(h), N);
  const nextNonce = await rfc6979(sha256, d, h);
  for (;;) {
    const k = await nextNonce();
    const r = mod(multiplyBase(k).x, N);
    if (r === 0n) continue;
    const s = mod(invert(k, N) * (e + r * d), N);
    if (s !== 0n) return { r, s };
  }
}

/** A signature as DER (`SEQUENCE { INTEGER r, INTEGER s }`), in lower-case hex, as SigV4a sends it. */
export function derHex({ r, s }: { r: bigint; s: bigint }): string {
  const integer = (n: bigint) => {
    let hex = n.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    // A leading 0x00 keeps a value with its top bit set positive.
    if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
    return `02${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`;
  };
  const body = integer(r) + integer(s);
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
}
