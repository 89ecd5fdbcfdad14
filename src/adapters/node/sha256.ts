/**
 * SHA-256 and HMAC-SHA256 for Node, in the constructor shape the signer takes (`Host.sha256`): messages up
 * to 8 KiB (everything a signature covers, and most API bodies) hash in JavaScript, longer ones in
 * node:crypto. Loading node:crypto and hashing there costs a fresh process about 5 ms, where JavaScript hashes
 * 1 KiB in 0.8 ms and 8 KiB in 4.1, but 16 KiB in 8.5; once warm it runs at 220 MB/s against 1.5 GB/s.
 */
import type * as Crypto from 'node:crypto';
import type { Sha256Constructor } from '../../core/host.js';
import { bytesOf, Sha256 } from '../../core/signing/sha256.js';

/** The message length past which hashing moves to node:crypto. */
export const NATIVE_FROM = 8 * 1024;

// From process.getBuiltinModule when first needed rather than an import: importing node:crypto builds its
// ESM facade, which reads every export and so loads WebCrypto too.
let crypto: typeof Crypto | undefined;

export const NodeSha256: Sha256Constructor = class {
  /**
   * The message so far while it is short enough for JavaScript: strings as given, bytes copied (a caller
   * may reuse its buffer).
   */
  private kept: Array<string | Uint8Array> = [];
  /** Its length so far, strings counted in UTF-16 units: near enough to choose where to hash. */
  private length = 0;
  private native: Crypto.Hash | Crypto.Hmac | undefined;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {}

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    const part = typeof data === 'string' ? data : bytesOf(data);
    if (this.native) return void this.native.update(part);
    this.length += part.length;
    if (this.length <= NATIVE_FROM) return void this.kept.push(typeof part === 'string' ? part : part.slice());
    crypto ??= process.getBuiltinModule('node:crypto') as typeof Crypto;
    this.native =
      this.secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', bytesOf(this.secret));
    for (const kept of this.kept) this.native.update(kept);
    this.native.update(part);
    this.kept = [];
  }

  digest(): Promise<Uint8Array> {
    if (this.native) return Promise.resolve(new Uint8Array(this.native.digest()));
    const hash = new Sha256(this.secret);
    for (const part of this.kept) hash.update(part);
    return hash.digest();
  }
};
