import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { digest } from './digest.js';

const MiB = 1 << 20;
const body = (size: number, shared: boolean) => {
  const out = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
  for (let i = 0; i < size; i++) out[i] = (i * 131 + 17) % 253;
  return out;
};
const crc = (b: Uint8Array) => {
  const c = crc32(b);
  return Buffer.from([c >>> 24, c >>> 16, c >>> 8, c]).toString('base64');
};

describe('Host.digest on worker threads', () => {
  it('gives the checksum and payload hash the main thread would, for shared and unshared bodies, many at once', async () => {
    const bodies = [
      body(3 * MiB + 5, true),
      body(2 * MiB, false),
      body(MiB, true),
      body(5 * MiB - 1, true),
      body(MiB + 1, false),
      body(4 * MiB, true),
    ];
    // The first call finds no worker ready and hashes here; the later ones wait for the pool.
    const first = await digest(bodies[0]!, { checksum: 'CRC32', sha256: true });
    await new Promise((r) => setTimeout(r, 300));
    const rest = await Promise.all(
      bodies.map((b, i) => digest(b, { checksum: (['CRC32', 'SHA1', 'SHA256'] as const)[i % 3], sha256: true })),
    );
    expect(first).toEqual({ checksum: crc(bodies[0]!), sha256: createHash('sha256').update(bodies[0]!).digest('hex') });
    expect(rest).toEqual(
      bodies.map((b, i) => ({
        checksum: [
          crc(b),
          createHash('sha1').update(b).digest('base64'),
          createHash('sha256').update(b).digest('base64'),
        ][i % 3],
        sha256: createHash('sha256').update(b).digest('hex'),
      })),
    );
  });

  it('leaves out a checksum it has no native hash for, and hashes only what is asked', async () => {
    const b = body(2 * MiB, true);
    expect(await digest(b, { checksum: 'CRC64NVME', sha256: true })).toEqual({
      sha256: createHash('sha256').update(b).digest('hex'),
    });
    expect(await digest(b, { checksum: 'CRC32' })).toEqual({ checksum: crc(b) });
  });
});
