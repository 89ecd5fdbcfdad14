/**
 * SHA-256 and HMAC-SHA256 over `node:crypto`, in the constructor shape the signer takes (see
 * `Host.sha256`): native hashing is ready at once, where the portable JS hash runs cold in a short CLI run.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { Sha256Constructor } from '../../core/host.js';

export const NodeSha256: Sha256Constructor = class {
  private readonly hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
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
