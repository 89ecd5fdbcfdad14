/** Host.ed25519KeyPair for Node: node:crypto's Ed25519, its keys taken out raw (JWK's `d` and `x`). */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

export async function ed25519KeyPair(): Promise<{ seed: Uint8Array; publicKey: Uint8Array }> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('ed25519');
  const raw = (jwk: { d?: string; x?: string }, part: 'd' | 'x') =>
    new Uint8Array(Buffer.from(jwk[part]!, 'base64url'));
  return {
    seed: raw(privateKey.export({ format: 'jwk' }), 'd'),
    publicKey: raw(publicKey.export({ format: 'jwk' }), 'x'),
  };
}
