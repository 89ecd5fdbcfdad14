/**
 * An Ed25519 key pair in OpenSSH's own formats (PROTOCOL.key and RFC 8709): the public key as an
 * `authorized_keys` line, `ssh-ed25519 <base64 blob>`, which SendSSHPublicKey takes; the private key as
 * an unencrypted `openssh-key-v1` file, which `ssh -i` reads. The key itself comes raw from the Host.
 */
import { toBase64, utf8Encode } from '../../core/protocols/shared.js';

const KEY_TYPE = 'ssh-ed25519';

/** The public key line (no comment). */
export function openSshPublicKey(publicKey: Uint8Array): string {
  return `${KEY_TYPE} ${toBase64(publicKeyBlob(publicKey))}`;
}

/**
 * The private key file. `check` is the random 32-bit number written twice into the private part, by
 * which a reader tells a wrong passphrase (there is none here) from a right one.
 */
export function openSshPrivateKey(seed: Uint8Array, publicKey: Uint8Array, check: number): string {
  const secret = new Uint8Array(64);
  secret.set(seed);
  secret.set(publicKey, 32);
  const unpadded = concat(
    uint32(check),
    uint32(check),
    sshString(utf8Encode(KEY_TYPE)),
    sshString(publicKey),
    sshString(secret),
    sshString(new Uint8Array()),
  );
  // Padded to the cipher's block size (8 for "none") with the bytes 1, 2, 3, …
  const padding = Uint8Array.from({ length: (8 - (unpadded.length % 8)) % 8 }, (_, i) => i + 1);
  const file = concat(
    utf8Encode('openssh-key-v1\0'),
    sshString(utf8Encode('none')),
    sshString(utf8Encode('none')),
    sshString(new Uint8Array()),
    uint32(1),
    sshString(publicKeyBlob(publicKey)),
    sshString(concat(unpadded, padding)),
  );
  const lines = toBase64(file).match(/.{1,70}/g)!;
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function publicKeyBlob(publicKey: Uint8Array): Uint8Array {
  return concat(sshString(utf8Encode(KEY_TYPE)), sshString(publicKey));
}

/** SSH's `string`: a 32-bit big-endian length, then the bytes. */
function sshString(bytes: Uint8Array): Uint8Array {
  return concat(uint32(bytes.length), bytes);
}

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
