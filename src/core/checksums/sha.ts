/**
 * Incremental SHA-1/SHA-256 over chunks, for checksums of streamed bodies. hash-wasm runs the same in
 * Node and the browser (WebCrypto has no incremental API); it is imported only when a SHA checksum is
 * actually requested, so it costs nothing at start-up.
 */
import type { Checksum } from './crc.js';

export type ShaName = 'SHA1' | 'SHA256';

export async function createSha(name: ShaName): Promise<Checksum> {
  const { createSHA1, createSHA256 } = await import('hash-wasm');
  const hasher = await (name === 'SHA1' ? createSHA1() : createSHA256());
  hasher.init();
  return {
    update(chunk) {
      hasher.update(chunk);
    },
    digest() {
      return hasher.digest('binary');
    },
  };
}
