import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NATIVE_FROM, NodeSha256 } from './sha256.js';

async function digest(key: string | Uint8Array | undefined, parts: Array<string | Uint8Array>): Promise<string> {
  const h = new NodeSha256(key);
  for (const p of parts) h.update(p);
  return Buffer.from(await h.digest()).toString('hex');
}

function native(key: string | Uint8Array | undefined, parts: Array<string | Uint8Array>): string {
  const h = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

describe('NodeSha256', () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
  const long = new Uint8Array(NATIVE_FROM).map((_, i) => i * 7);
  it.each([
    ['nothing', undefined, []],
    ['a string', undefined, ['abc']],
    ['strings and bytes', undefined, ['a', bytes, 'ü€']],
    ['an HMAC', 'secret', ['AWS4-HMAC-SHA256\n20150830T123600Z']],
    ['an HMAC keyed by bytes', bytes, [bytes.subarray(2), 'x']],
    ['exactly the native threshold', undefined, [long]],
    ['parts that cross the threshold', 'key', [long.subarray(1000), 'more', long, bytes]],
    ['a first part past the threshold', undefined, [long, long]],
    ['text past the threshold, not all ASCII', 'k', ['ab', 'é€'.repeat(NATIVE_FROM / 2)]],
  ] as Array<[string, string | Uint8Array | undefined, Array<string | Uint8Array>]>)(
    'hashes %s as node:crypto does',
    async (_, key, parts) => {
      expect(await digest(key, parts)).toBe(native(key, parts));
    },
  );

  it('keeps what it was given, not the caller’s buffer, while the message is short', async () => {
    const reused = new Uint8Array([1, 2, 3]);
    const h = new NodeSha256();
    h.update(reused);
    reused.fill(9);
    h.update(reused);
    expect(Buffer.from(await h.digest()).toString('hex')).toBe(native(undefined, [Uint8Array.of(1, 2, 3), reused]));
  });
});
