/**
 * SHA-256 and HMAC-SHA256 over `node:crypto`, in the constructor shape the signer takes (see
 * `Host.sha256`): native hashing is ready at once, where the portable JS hash runs cold in a short CLI run.
 */
import type * as Crypto from 'node:crypto';
import type { Sha256Constructor } from '../../core/host.js';

// From process.getBuiltinModule at the first hash rather than an import: importing node:crypto builds its
// ESM facade, which reads every export and so loads WebCrypto too, a cost paid before a library's first call.
let crypto: typeof Crypto | undefined;

export const NodeSha256: Sha256Constructor = class {
  private readonly hash: Crypto.Hash | Crypto.Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    crypto ??= process.getBuiltinModule('node:crypto') as typeof Crypto;
    this.hash = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', toBytes(secret));
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
};

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
