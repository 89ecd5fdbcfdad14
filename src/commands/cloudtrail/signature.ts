/**
 * What both CloudTrail commands check a signature with: SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256)
 * against a public key from ListPublicKeys, the signature written in hex. The hex is read as Python's
 * `binascii.unhexlify` reads it, whose messages the CLI prints for a signature that is not hex.
 */
import { sha256Hasher } from '../../core/checksums/sha.js';
import type { Host } from '../../core/host.js';
import { rsaVerifyPkcs1v15, SHA256_DIGEST_INFO, type RsaPublicKey } from '../../core/rsa-pkcs1.js';

/** The SHA-256 of `bytes`, with the host's native hash where it has one. */
export async function sha256(host: Host, bytes: Uint8Array): Promise<Uint8Array> {
  const hasher = await sha256Hasher(host.sha256);
  hasher.update(bytes);
  return hasher.digest();
}

/** Whether `signature` is `key`'s SHA256withRSA signature of `message`. */
export async function verifySha256WithRsa(
  host: Host,
  key: RsaPublicKey,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const digest = await sha256(host, message);
  const digestInfo = new Uint8Array(SHA256_DIGEST_INFO.length + digest.length);
  digestInfo.set(SHA256_DIGEST_INFO);
  digestInfo.set(digest, SHA256_DIGEST_INFO.length);
  return rsaVerifyPkcs1v15(key, digestInfo, signature);
}

/** `binascii.unhexlify(text)`: the bytes, or an Error with Python's message. */
export function unhexlify(text: string): Uint8Array {
  if ([...text].some((c) => c.charCodeAt(0) > 0x7f))
    throw new Error('string argument should contain only ASCII characters');
  if (text.length % 2) throw new Error('Odd-length string');
  if (/[^0-9a-fA-F]/.test(text)) throw new Error('Non-hexadecimal digit found');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
