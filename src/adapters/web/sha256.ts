/**
 * SHA-256 and HMAC-SHA256 over WebCrypto, in the constructor shape the signer takes (`Host.sha256`): the
 * browser's own hashing, so a page never downloads a hash written in JavaScript. WebCrypto exists only
 * in secure contexts (https, localhost); elsewhere there is none and the signer loads its portable hash.
 */
import type { Sha256Constructor } from '../../core/host.js';

type Data = string | ArrayBuffer | ArrayBufferView;

/** `crypto` is the page's (`globalThis.crypto`); its `subtle` is missing in an insecure context. */
export function webCryptoSha256(crypto: { subtle?: SubtleCrypto } = globalThis.crypto): Sha256Constructor | undefined {
  const subtle = crypto.subtle;
  if (!subtle) return undefined;
  return class {
    private readonly key: Uint8Array<ArrayBuffer> | undefined;
    private readonly parts: Uint8Array<ArrayBuffer>[] = [];

    constructor(secret?: Data) {
      // HMAC pads a key with zeros to the block size, so no key and one zero byte are the same key; WebCrypto
      // refuses an empty one.
      this.key = secret === undefined ? undefined : bytes(secret).byteLength > 0 ? bytes(secret) : new Uint8Array(1);
    }

    update(data: Data): void {
      this.parts.push(bytes(data));
    }

    async digest(): Promise<Uint8Array> {
      const data = concat(this.parts);
      if (this.key === undefined) return new Uint8Array(await subtle.digest('SHA-256', data));
      const key = await subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return new Uint8Array(await subtle.sign('HMAC', key, data));
    }
  };
}

function bytes(data: Data): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  // A copy: the caller may reuse its buffer before the digest is asked for.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

function concat(parts: Uint8Array<ArrayBuffer>[]): Uint8Array<ArrayBuffer> {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
