import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from './sha256.js';

type Data = string | ArrayBuffer | ArrayBufferView;

async function hex(key: Data | undefined, parts: Data[]): Promise<string> {
  const h = new Sha256(key);
  for (const p of parts) h.update(p);
  return Buffer.from(await h.digest()).toString('hex');
}

const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

describe('Sha256', () => {
  // FIPS 180-4's examples (the NIST "SHA-256" example values).
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('hashes %j as FIPS 180-4 gives', async (message, digest) => {
    expect(await hex(undefined, [message])).toBe(digest);
  });

  it('hashes a million a’s fed in uneven parts', async () => {
    const parts = Array.from({ length: 1000 }, (_, i) => 'a'.repeat(i % 2 ? 999 : 1001));
    expect(await hex(undefined, parts)).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  // RFC 4231's HMAC-SHA256 test cases 1, 2, 6 (a key longer than a block) and 7.
  it.each([
    ['0b'.repeat(20), 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['4a656665', 'what do ya want for nothing?', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    [
      'aa'.repeat(131),
      'Test Using Larger Than Block-Size Key - Hash Key First',
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      'aa'.repeat(131),
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('computes RFC 4231’s HMAC under key %s', async (key, data, mac) => {
    expect(await hex(fromHex(key), [data])).toBe(mac);
  });

  it('agrees with node:crypto on every length around the block and padding edges, split anywhere', async () => {
    const data = Uint8Array.from({ length: 200 }, (_, i) => (i * 31 + 7) & 0xff);
    for (let length = 0; length <= 200; length++) {
      const message = data.subarray(0, length);
      const cut = (length * 17) % (length + 1);
      const parts = [message.subarray(0, cut), message.subarray(cut)];
      expect(await hex(undefined, parts)).toBe(createHash('sha256').update(message).digest('hex'));
      const key = data.subarray(length % 100, (length % 100) + (length % 70));
      expect(await hex(key, parts)).toBe(createHmac('sha256', key).update(message).digest('hex'));
    }
  });

  it('reads strings as UTF-8 and views by their window', async () => {
    const backing = new Uint8Array([9, 9, 0xc3, 0xbc, 9]);
    expect(await hex(undefined, [new DataView(backing.buffer, 2, 2)])).toBe(await hex(undefined, ['ü']));
    expect(await hex(undefined, [backing.buffer.slice(2, 4)])).toBe(await hex(undefined, ['ü']));
  });
});
