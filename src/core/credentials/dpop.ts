/**
 * DPoP (RFC 9449) for AWS Sign-In's token endpoint: every CreateOAuth2Token call of a `login` session
 * carries a proof, a JWT signed (ES256) with the session's own P-256 key, whose public half is in the
 * JWT's header. The key is made at `login` and kept with the token as the AWS CLI keeps it: a SEC1
 * ("EC PRIVATE KEY") PEM, so a token cached by either CLI works in the other. Web Crypto does the
 * cryptography; only the key's DER wrapping is done here.
 */
import { CredentialRetrievalError } from '../errors.js';
import { fromBase64, toBase64 } from '../protocols/shared.js';
import { base64Url } from './auth-code.js';

/** A session's signing key and the public point its proofs show. */
export interface DpopKey {
  privateKey: CryptoKey;
  /** The public point's coordinates, base64url without padding, as the JWK in the proof's header. */
  x: string;
  y: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
/** The OIDs of id-ecPublicKey and prime256v1 (secp256r1), DER-encoded with their tags. */
const EC_PUBLIC_KEY_OID = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256_OID = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/** A new key, with its PEM for the token cache. */
export async function newDpopKey(): Promise<{ key: DpopKey; pem: string }> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const [d, x, y] = [jwk.d!, jwk.x!, jwk.y!].map(fromBase64Url);
  // RFC 5915's ECPrivateKey: version 1, the private scalar, the curve, the public point.
  const der = tlv(0x30, [
    ...tlv(0x02, [1]),
    ...tlv(0x04, [...d!]),
    ...tlv(0xa0, P256_OID),
    ...tlv(0xa1, tlv(0x03, [0, 4, ...x!, ...y!])),
  ]);
  const lines = toBase64(new Uint8Array(der)).match(/.{1,64}/g)!;
  const pem = `-----BEGIN EC PRIVATE KEY-----\n${lines.join('\n')}\n-----END EC PRIVATE KEY-----\n`;
  return { key: { privateKey: pair.privateKey, x: jwk.x!, y: jwk.y! }, pem };
}

/** The key of a cached token's `dpopKey`; fails with the CLI's message when it is not one. */
export async function dpopKeyFromPem(pem: string): Promise<DpopKey> {
  const body = pem
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('-----BEGIN') && !line.startsWith('-----END'))
    .join('')
    .trim();
  try {
    const der = fromBase64(body);
    const fields = children(der, 0, der.length, 0x30);
    const scalar = fields.find((f) => f.tag === 0x04);
    if (!scalar || fields[0]?.tag !== 0x02) throw new Error('not an EC private key');
    const d = leftPad(der.subarray(scalar.start, scalar.end), 32);
    const publicKey = fields.find((f) => f.tag === 0xa1);
    let x: Uint8Array, y: Uint8Array;
    let privateKey: CryptoKey;
    if (publicKey) {
      const bits = children(der, publicKey.start, publicKey.end)[0];
      const point = bits && bits.tag === 0x03 ? der.subarray(bits.start + 1, bits.end) : undefined;
      if (!point || point.length !== 65 || point[0] !== 4)
        throw new Error('the public key is not an uncompressed P-256 point');
      [x, y] = [point.subarray(1, 33), point.subarray(33)];
      privateKey = await crypto.subtle.importKey(
        'jwk',
        { kty: 'EC', crv: 'P-256', d: base64Url(d), x: base64Url(x), y: base64Url(y), ext: true },
        ALGORITHM,
        true,
        ['sign'],
      );
      return { privateKey, x: base64Url(x), y: base64Url(y) };
    }
    // Without its public point the key goes in through PKCS #8, and the point comes back out of it.
    const pkcs8 = tlv(0x30, [
      ...tlv(0x02, [0]),
      ...tlv(0x30, [...EC_PUBLIC_KEY_OID, ...P256_OID]),
      ...tlv(0x04, [...der]),
    ]);
    privateKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), ALGORITHM, true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', privateKey);
    return { privateKey, x: jwk.x!, y: jwk.y! };
  } catch (err) {
    throw new CredentialRetrievalError(
      `Error loading login session token: Unable to load private key from cached token: ${(err as Error).message}`,
    );
  }
}

/**
 * The proof for a POST to `url`: header `{typ, alg, jwk}` and payload `{htm, htu, iat, jti}`, compact
 * JSON in the CLI's key order, signed with ES256 (the raw r‖s Web Crypto gives is what JWS wants).
 */
export async function dpopProof(key: DpopKey, url: string, now: Date): Promise<string> {
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', x: key.x, y: key.y, crv: 'P-256' } };
  const payload = { htm: 'POST', htu: url, iat: Math.floor(now.getTime() / 1000), jti: crypto.randomUUID() };
  const encode = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64Url(new Uint8Array(signature))}`;
}

/** A DER element: tag, length (short or long form), contents. */
function tlv(tag: number, contents: readonly number[]): number[] {
  const n = contents.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...length, ...contents];
}

/** The elements inside the constructed element at `[from, to)` (checked to be `tag` when given), or inside `[from, to)` itself. */
function children(
  der: Uint8Array,
  from: number,
  to: number,
  tag?: number,
): Array<{ tag: number; start: number; end: number }> {
  let pos = from;
  if (tag !== undefined) {
    const outer = element(der, pos, to);
    if (outer.tag !== tag) throw new Error('unexpected DER structure');
    pos = outer.start;
    to = outer.end;
  }
  const out: Array<{ tag: number; start: number; end: number }> = [];
  while (pos < to) {
    const e = element(der, pos, to);
    out.push(e);
    pos = e.end;
  }
  return out;
}

function element(der: Uint8Array, pos: number, limit: number): { tag: number; start: number; end: number } {
  const tag = der[pos]!;
  let length = der[pos + 1]!;
  let start = pos + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 2) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (pos + 2 > limit || end > limit) throw new Error('truncated DER');
  return { tag, start, end };
}

function leftPad(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length >= size) return bytes.subarray(bytes.length - size);
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}

function fromBase64Url(text: string): Uint8Array {
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
}
