/**
 * RSA with PKCS#1 v1.5 padding (RFC 8017), from a PEM private key: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or
 * unencrypted PKCS#8 (`BEGIN PRIVATE KEY`). Decryption (RSAES-PKCS1-v1_5): EC2 encrypts a Windows
 * instance's password this way (`ec2 get-password-data --priv-launch-key`). Signing (RSASSA-PKCS1-v1_5):
 * CloudFront's signed URLs (`cloudfront sign`). Neither runtime can do both: WebCrypto offers RSA
 * decryption only with OAEP and cannot import a PKCS#1 key, and Node 20 refuses PKCS#1 v1.5 in
 * privateDecrypt (the Marvin timing attack), so the arithmetic is done here with BigInt, the same in a page.
 *
 * Verification (RSASSA-PKCS1-v1_5 with a DER RSAPublicKey): CloudTrail's digest files and Lake query
 * results (`cloudtrail validate-logs`, `verify-query-results`). WebCrypto could verify, but only with an
 * SPKI key, so CloudTrail's PKCS#1 keys would have to be re-wrapped in DER first, and what counts as a
 * malformed key would be each runtime's to say; here the key is read by the same DER reader as the
 * private keys, and verifying is one modPow with the public exponent (65537: seventeen multiplications),
 * synchronous and identical in Node and a page. Nothing secret is involved, so timing does not matter.
 *
 * BigInt is not constant-time. That is acceptable for what this serves — a local command decrypting its
 * own user's ciphertext once, or signing its own user's URL, every failure reported in one sentence — and
 * is why this is not offered as a general service that decrypts or signs many messages for others.
 */
import { IsoawsError } from './errors.js';

/** The key material decryption needs; `crt` when the key's primes agree with its modulus (the fast path). */
export interface RsaPrivateKey {
  modulus: bigint;
  publicExponent: bigint;
  privateExponent: bigint;
  /** The modulus' length in bytes: every ciphertext is exactly this long. */
  byteLength: number;
  crt?: { p: bigint; q: bigint; dp: bigint; dq: bigint; qinv: bigint };
}

/** An RSA public key: what verification needs. */
export interface RsaPublicKey {
  modulus: bigint;
  publicExponent: bigint;
  /** The modulus' length in bytes: every signature is exactly this long. */
  byteLength: number;
}

/** The PEM data holds no usable RSA private key (absent, encrypted, malformed or not RSA). */
export class RsaKeyError extends IsoawsError {
  override name = 'RsaKeyError';
}

/** The ciphertext does not decrypt under the key (wrong key, wrong length, bad padding). */
export class RsaDecryptError extends IsoawsError {
  override name = 'RsaDecryptError';
}

const RSA_ENCRYPTION_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
const TAG = { integer: 0x02, octetString: 0x04, null: 0x05, oid: 0x06, sequence: 0x30 } as const;
/** The padding takes 11 bytes at least: 0x00 0x02, eight non-zero bytes, 0x00. */
const MIN_PADDING = 11;

/**
 * The first RSA private key among the PEM blocks of `pem`, skipping others (a certificate before the key,
 * as OpenSSL's reader skips them) and any text around the blocks.
 */
export function readRsaPrivateKeyPem(pem: string | Uint8Array): RsaPrivateKey {
  const text = typeof pem === 'string' ? pem : new TextDecoder().decode(pem);
  let encrypted = false;
  for (const block of text.matchAll(/-----BEGIN ([^\r\n-]+)-----([\s\S]*?)-----END \1-----/g)) {
    const label = block[1]!;
    if (label === 'ENCRYPTED PRIVATE KEY') encrypted = true;
    if (label !== 'RSA PRIVATE KEY' && label !== 'PRIVATE KEY') continue;
    // RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) precede the base64 and its blank line.
    const lines = block[2]!.split(/\r?\n/);
    const headers = lines.filter((line) => line.includes(':'));
    if (headers.some((line) => /^Proc-Type:.*ENCRYPTED/i.test(line.trim()))) {
      encrypted = true;
      continue;
    }
    const der = decodePemBody(lines.filter((line) => !line.includes(':')).join(''));
    return label === 'RSA PRIVATE KEY' ? readPkcs1(der) : readPkcs8(der);
  }
  throw new RsaKeyError(
    encrypted
      ? 'the RSA private key is encrypted, and no passphrase can be given'
      : 'no RSA private key ("BEGIN RSA PRIVATE KEY" or "BEGIN PRIVATE KEY") in the PEM data',
  );
}

/** RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2): the message, or RsaDecryptError. */
export function rsaDecryptPkcs1v15(key: RsaPrivateKey, ciphertext: Uint8Array): Uint8Array {
  const k = key.byteLength;
  // As OpenSSL's callers (pyca/cryptography) insist: a ciphertext is exactly as long as the modulus.
  if (ciphertext.length !== k) throw new RsaDecryptError(`the ciphertext is ${ciphertext.length} bytes, not ${k}`);
  if (k < MIN_PADDING) throw new RsaDecryptError('the key is too small for PKCS#1 v1.5 padding');
  const c = toBigInt(ciphertext);
  if (c >= key.modulus) throw new RsaDecryptError('the ciphertext is larger than the modulus');
  const m = privateOperation(key, c);
  // Re-encrypting must give the ciphertext back; otherwise the key file's numbers do not belong together
  // (a damaged key), and what came out is noise rather than the message.
  if (modPow(m, key.publicExponent, key.modulus) !== c)
    throw new RsaDecryptError('the private key is inconsistent with its public half');
  const em = toBytes(m, k);
  if (em[0] !== 0x00 || em[1] !== 0x02) throw new RsaDecryptError('the padding is not PKCS#1 v1.5 encryption padding');
  const separator = em.indexOf(0x00, 2);
  if (separator === -1 || separator < MIN_PADDING - 1)
    throw new RsaDecryptError('the padding is not PKCS#1 v1.5 encryption padding');
  return em.slice(separator + 1);
}

/** The DER prefix of a SHA-1 DigestInfo (RFC 8017 §9.2, note 1): the digest's 20 bytes follow. */
export const SHA1_DIGEST_INFO = Uint8Array.of(
  0x30,
  0x21,
  0x30,
  0x09,
  0x06,
  0x05,
  0x2b,
  0x0e,
  0x03,
  0x02,
  0x1a,
  0x05,
  0x00,
  0x04,
  0x14,
);

/** The DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2, note 1): the digest's 32 bytes follow. */
export const SHA256_DIGEST_INFO = Uint8Array.of(
  0x30,
  0x31,
  0x30,
  0x0d,
  0x06,
  0x09,
  0x60,
  0x86,
  0x48,
  0x01,
  0x65,
  0x03,
  0x04,
  0x02,
  0x01,
  0x05,
  0x00,
  0x04,
  0x20,
);

/**
 * RSASSA-PKCS1-v1_5 signing (RFC 8017 §8.2.1) of an encoded DigestInfo (the hash's DER prefix, then
 * the digest): `00 01 FF…FF 00 DigestInfo`, as long as the modulus, raised to the private exponent.
 */
export function rsaSignPkcs1v15(key: RsaPrivateKey, digestInfo: Uint8Array): Uint8Array {
  const k = key.byteLength;
  if (digestInfo.length > k - MIN_PADDING) throw new RsaKeyError('the RSA key is too small to sign with');
  return toBytes(privateOperation(key, toBigInt(signatureEncoding(digestInfo, k))), k);
}

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): `00 01 FF…FF 00 DigestInfo`, `k` bytes. */
function signatureEncoding(digestInfo: Uint8Array, k: number): Uint8Array {
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - digestInfo.length - 1] = 0x00;
  em.set(digestInfo, k - digestInfo.length);
  return em;
}

/**
 * A DER RSAPublicKey (RFC 8017 A.1.1: SEQUENCE { modulus, publicExponent }), as CloudTrail's
 * ListPublicKeys gives it; anything after the sequence makes it malformed, as in OpenSSL's reader.
 */
export function readRsaPublicKeyDer(der: Uint8Array): RsaPublicKey {
  const outer = new DerReader(der);
  const key = outer.sequence();
  outer.expectEnd();
  const n = key.integer();
  const e = key.integer();
  key.expectEnd();
  if (n < 2n || e < 2n || e >= n) throw new RsaKeyError('the RSA key has an impossible modulus or exponent');
  return { modulus: n, publicExponent: e, byteLength: Math.ceil(n.toString(2).length / 8) };
}

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of a signature over an encoded DigestInfo: the
 * signature, exactly as long as the modulus and below it, raised to the public exponent must give the
 * encoding signing would have made, byte for byte.
 */
export function rsaVerifyPkcs1v15(key: RsaPublicKey, digestInfo: Uint8Array, signature: Uint8Array): boolean {
  const k = key.byteLength;
  if (signature.length !== k || digestInfo.length > k - MIN_PADDING) return false;
  const s = toBigInt(signature);
  if (s >= key.modulus) return false;
  return sameBytes(toBytes(modPow(s, key.publicExponent, key.modulus), k), signatureEncoding(digestInfo, k));
}

/** The private-key operation, `c ** d mod n`: decryption, and signing. */
function privateOperation(key: RsaPrivateKey, c: bigint): bigint {
  const crt = key.crt;
  if (!crt) return modPow(c, key.privateExponent, key.modulus);
  // Garner's recombination: two half-size exponentiations, about four times faster than one full one.
  const m1 = modPow(c % crt.p, crt.dp, crt.p);
  const m2 = modPow(c % crt.q, crt.dq, crt.q);
  const h = (((m1 - m2) % crt.p) * crt.qinv) % crt.p;
  return m2 + (h < 0n ? h + crt.p : h) * crt.q;
}

/** `base ** exponent % modulus`, left-to-right square-and-multiply. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  const b = base % modulus;
  for (const bit of exponent.toString(2)) {
    result = (result * result) % modulus;
    if (bit === '1') result = (result * b) % modulus;
  }
  return result;
}

function decodePemBody(body: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(body.replace(/\s+/g, ''));
  } catch {
    throw new RsaKeyError('the PEM block is not valid base64');
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** RSAPrivateKey (RFC 8017 A.1.2): version, n, e, d, p, q, dP, dQ, qInv (and further primes, unused). */
function readPkcs1(der: Uint8Array): RsaPrivateKey {
  const key = new DerReader(der).sequence();
  const version = key.integer();
  if (version !== 0n && version !== 1n) throw new RsaKeyError(`unknown RSAPrivateKey version ${version}`);
  const [n, e, d, p, q, dp, dq, qinv] = Array.from({ length: 8 }, () => key.integer()) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  if (n < 2n || e < 2n || d < 1n) throw new RsaKeyError('the RSA key has an impossible modulus or exponent');
  // A multi-prime key (version 1) has p·q ≠ n; it, and any key whose CRT values are missing, uses d alone.
  const crt = p > 1n && q > 1n && dp > 0n && dq > 0n && qinv > 0n && p * q === n ? { p, q, dp, dq, qinv } : undefined;
  return {
    modulus: n,
    publicExponent: e,
    privateExponent: d,
    byteLength: Math.ceil(n.toString(2).length / 8),
    ...(crt ? { crt } : {}),
  };
}

/** PrivateKeyInfo (RFC 5208) / OneAsymmetricKey (RFC 5958) holding an rsaEncryption key. */
function readPkcs8(der: Uint8Array): RsaPrivateKey {
  const info = new DerReader(der).sequence();
  const version = info.integer();
  if (version !== 0n && version !== 1n) throw new RsaKeyError(`unknown PrivateKeyInfo version ${version}`);
  const algorithm = info.sequence();
  const oid = algorithm.read(TAG.oid);
  // RSASSA-PSS keys (…1.10) are for signing only; an EC or Ed25519 key cannot decrypt at all.
  if (!sameBytes(oid, RSA_ENCRYPTION_OID)) throw new RsaKeyError('the private key is not an RSA encryption key');
  return readPkcs1(info.read(TAG.octetString));
}

/** A reader of the DER the keys are made of: tag, length and contents, one element after another. */
class DerReader {
  constructor(
    private readonly bytes: Uint8Array,
    private pos = 0,
    private readonly end = bytes.length,
  ) {}

  /** The contents of the next element, which must carry `tag`. */
  read(tag: number): Uint8Array {
    if (this.pos + 2 > this.end) throw new RsaKeyError('the key data ends early');
    const found = this.bytes[this.pos]!;
    if (found !== tag)
      throw new RsaKeyError(`malformed key data: tag 0x${found.toString(16)} where 0x${tag.toString(16)} belongs`);
    let length = this.bytes[this.pos + 1]!;
    let at = this.pos + 2;
    if (length & 0x80) {
      // Long form; 0x80 alone is BER's indefinite length, which DER forbids.
      const count = length & 0x7f;
      if (count === 0 || count > 4 || at + count > this.end) throw new RsaKeyError('malformed key data: bad length');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + this.bytes[at++]!;
    }
    if (at + length > this.end) throw new RsaKeyError('the key data ends early');
    this.pos = at + length;
    return this.bytes.subarray(at, at + length);
  }

  sequence(): DerReader {
    const contents = this.read(TAG.sequence);
    return new DerReader(contents);
  }

  /** Nothing may follow what was read. */
  expectEnd(): void {
    if (this.pos !== this.end) throw new RsaKeyError('malformed key data: bytes after the key');
  }

  /** A non-negative INTEGER (every number of an RSA key is one). */
  integer(): bigint {
    const contents = this.read(TAG.integer);
    if (!contents.length) throw new RsaKeyError('malformed key data: an empty integer');
    if (contents[0]! & 0x80) throw new RsaKeyError('malformed key data: a negative integer');
    return toBigInt(contents);
  }
}

function toBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex ? BigInt(`0x${hex}`) : 0n;
}

/** `value` as exactly `length` big-endian bytes (I2OSP); it is below the modulus, so it fits. */
function toBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
