import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webCryptoSha256 } from './sha256.js';

describe('webCryptoSha256', () => {
  const WebSha256 = webCryptoSha256()!;
  const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);

  it.each([
    [undefined, []],
    [undefined, ['abc']],
    [undefined, ['a', bytes, 'ü€']],
    ['secret', ['AWS4-HMAC-SHA256\n20150830T123600Z']],
    [bytes, [bytes.subarray(2), 'x']],
    // An empty key, which WebCrypto refuses to import, is HMAC's all-zero key.
    ['', ['data']],
  ] as Array<[string | Uint8Array | undefined, Array<string | Uint8Array>]>)(
    'matches node:crypto (key %j)',
    async (key, parts) => {
      const web = new WebSha256(key);
      const node = key === undefined ? createHash('sha256') : createHmac('sha256', key);
      for (const part of parts) {
        web.update(part);
        node.update(part);
      }
      expect(Buffer.from(await web.digest()).toString('hex')).toBe(node.digest('hex'));
    },
  );

  it('hashes what was given, though the caller reuses its buffer before the digest', async () => {
    const buffer = new Uint8Array([1, 2, 3]);
    const web = new WebSha256();
    web.update(buffer);
    buffer.fill(9);
    expect(Buffer.from(await web.digest()).toString('hex')).toBe(
      createHash('sha256')
        .update(new Uint8Array([1, 2, 3]))
        .digest('hex'),
    );
  });

  it('is absent where the page has no WebCrypto (an insecure context): the signer loads its own hash', () => {
    expect(webCryptoSha256({})).toBeUndefined();
  });
});
