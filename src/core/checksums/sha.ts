/**
 * Incremental SHA-1, SHA-256 and MD5 over chunks, for checksums of streamed bodies. hash-wasm runs the
 * same in Node and the browser (WebCrypto has no incremental API); it is imported only when such a
 * hash is actually asked for, so it costs nothing at start-up. Making a hasher instantiates a
 * WebAssembly module, which costs far more than hashing a small body, so a hasher goes back to a pool
 * once it has given its digest, and the next one asked for is that one, reset.
 */
import type { IHasher } from 'hash-wasm';
import type { Checksum } from './crc.js';

export type ShaName = 'SHA1' | 'SHA256';
type HashName = ShaName | 'MD5';

const pools = new Map<HashName, IHasher[]>();

async function pooled(name: HashName): Promise<Checksum> {
  const pool = pools.get(name) ?? [];
  pools.set(name, pool);
  let hasher = pool.pop();
  if (!hasher) {
    const { createMD5, createSHA1, createSHA256 } = await import('hash-wasm');
    hasher = await (name === 'SHA1' ? createSHA1() : name === 'SHA256' ? createSHA256() : createMD5());
  }
  const own = hasher.init();
  return {
    update(chunk) {
      own.update(chunk);
    },
    digest() {
      const digest = own.digest('binary');
      pool.push(own);
      return digest;
    },
  };
}

export function createSha(name: ShaName): Promise<Checksum> {
  return pooled(name);
}

/** MD5 for bodies of any size (ETags); checksums/md5.ts is the small synchronous one for Content-MD5. */
export function createMd5(): Promise<Checksum> {
  return pooled('MD5');
}

/**
 * An incremental SHA-256: the host's native one where it has one (Node: no WebAssembly to load on a cold
 * start), else hash-wasm's.
 */
export async function sha256Hasher(
  // Host.sha256's shape, written out: host.ts imports from the checksums, not the other way round.
  native?: new () => { update(data: Uint8Array): void; digest(): Promise<Uint8Array> },
): Promise<{ update(data: Uint8Array): void; digest(): Uint8Array | Promise<Uint8Array> }> {
  return native ? new native() : createSha('SHA256');
}
