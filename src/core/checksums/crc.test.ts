import { describe, expect, it } from 'vitest';
import { crc32, createCrc32, createCrc32c, createCrc64Nvme, type Checksum } from './crc.js';

/** Python's zlib.crc32 of that buffer. */
const ZLIB_CRC32 = 'cdb01cbf';
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const digestOf = (c: Checksum, text: string) => {
  c.update(new TextEncoder().encode(text));
  return hex(c.digest());
};

// Check values of the CRC catalogue for the ASCII string "123456789".
describe('CRC check values', () => {
  it.each([
    ['CRC32', () => createCrc32(), 'cbf43926'],
    ['CRC32C', () => createCrc32c(), 'e3069283'],
    ['CRC64/NVME', () => createCrc64Nvme(), 'ae8b14860a799888'],
  ])('%s', (_name, make, expected) => {
    expect(digestOf(make(), '123456789')).toBe(expected);
  });

  it('is the same fed in chunks', () => {
    const c = createCrc32c();
    for (const part of ['1234', '5', '6789']) c.update(new TextEncoder().encode(part));
    expect(hex(c.digest())).toBe('e3069283');
  });

  it('agrees with zlib on a long buffer fed in uneven chunks (the sliced loop and its byte tail)', () => {
    const data = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 131 + 7) % 256);
    const c = createCrc32();
    for (let i = 0; i < data.length; i += 997) c.update(data.subarray(i, i + 997));
    expect(hex(c.digest())).toBe(ZLIB_CRC32);
  });

  it('gives DynamoDB x-amz-crc32 as an unsigned integer', () => {
    expect(crc32(new TextEncoder().encode('{}'))).toBe(2745614147);
  });
});
