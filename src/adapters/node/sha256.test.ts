import { Sha256 } from '@aws-crypto/sha256-js';
import { describe, expect, it } from 'vitest';
import { NodeSha256 } from './sha256.js';

async function digest(
  Ctor: typeof NodeSha256,
  key: string | Uint8Array | undefined,
  parts: Array<string | Uint8Array>,
): Promise<string> {
  const h = new Ctor(key);
  for (const p of parts) h.update(p);
  return Buffer.from(await h.digest()).toString('hex');
}

describe('NodeSha256', () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
  it.each([
    [undefined, []],
    [undefined, ['abc']],
    [undefined, ['a', bytes, 'ü€']],
    ['secret', ['AWS4-HMAC-SHA256\n20150830T123600Z']],
    [bytes, [bytes.subarray(2), 'x']],
  ] as Array<[string | Uint8Array | undefined, Array<string | Uint8Array>]>)(
    'matches the portable hash (key %j)',
    async (key, parts) => {
      expect(await digest(NodeSha256, key, parts)).toBe(
        await digest(Sha256 as unknown as typeof NodeSha256, key, parts),
      );
    },
  );
});
