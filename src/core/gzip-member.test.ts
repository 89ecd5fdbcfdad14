/**
 * The gzip member reader against zlib (node:zlib is the same zlib Python's module wraps): what zlib
 * writes at every level and strategy reads back; header fields zlib's gzip writer does not use; what
 * follows the member; input cut short anywhere; the data errors zlib reports; and mutated members, whose
 * outcome must agree with zlib's.
 */
import { constants, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './checksums/crc.js';
import { GzipFormatError, inflateGzipMember } from './gzip-member.js';

function read(input: Uint8Array) {
  const chunks: Uint8Array[] = [];
  const end = inflateGzipMember(input, (chunk) => chunks.push(chunk));
  return { data: Buffer.concat(chunks), complete: end.complete, rest: Buffer.from(end.rest) };
}

/** Deterministic bytes: a linear congruential generator, so a failure can be reproduced. */
function pseudoRandom(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}
function randomBytes(length: number, seed: number): Buffer {
  const next = pseudoRandom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
}

const TEXT = Buffer.from(
  JSON.stringify({
    Records: Array.from({ length: 3000 }, (_, i) => ({
      eventName: `Event${i % 17}`,
      eventTime: i,
      region: 'us-east-1',
    })),
  }),
);
const SAMPLES: Array<[string, Buffer]> = [
  ['empty', Buffer.alloc(0)],
  ['one byte', Buffer.from('x')],
  ['JSON (over the 128 KiB output buffer)', TEXT],
  ['random (stored blocks)', randomBytes(200_000, 7)],
  ['a long run (overlapping matches)', Buffer.alloc(300_000, 'ab')],
];

/** A member with the header given (flags and their fields) around `data` deflated. */
function member(data: Buffer, flags: number, fields: Buffer[] = []): Buffer {
  const head = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3]), ...fields]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, deflateRawSync(data), trailer]);
}
const headerCrc = (head: Buffer) => {
  const out = Buffer.alloc(2);
  out.writeUInt16LE(crc32(head) & 0xffff);
  return out;
};

describe('inflateGzipMember', () => {
  describe.each(SAMPLES)('%s', (_, data) => {
    it.each([
      ['default', constants.Z_DEFAULT_STRATEGY],
      ['fixed codes', constants.Z_FIXED],
      ['Huffman only', constants.Z_HUFFMAN_ONLY],
      ['run-length', constants.Z_RLE],
    ])('reads back what zlib writes at levels 0, 1, 6, 9 (%s)', (_, strategy) => {
      for (const level of [0, 1, 6, 9]) {
        const out = read(gzipSync(data, { level, strategy }));
        expect(out.complete).toBe(true);
        expect(out.rest.length).toBe(0);
        expect(out.data.equals(data)).toBe(true);
      }
    });
  });

  it('hands the data on in chunks of its own, not one view of a reused buffer', () => {
    const chunks: Uint8Array[] = [];
    inflateGzipMember(gzipSync(TEXT), (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(TEXT)).toBe(true);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
  });

  it.each([
    ['a name', 0x08, [Buffer.from('log.json\0')]],
    ['a comment', 0x10, [Buffer.from('made by hand\0')]],
    ['extra fields', 0x04, [Buffer.from([4, 0]), Buffer.from('AB\x00\x00')]],
    ['all three', 0x1c, [Buffer.from([1, 0, 9]), Buffer.from('n\0'), Buffer.from('c\0')]],
  ])('skips a header with %s', (_, flags, fields) => {
    const out = read(member(TEXT, flags, fields));
    expect([out.data.equals(TEXT), out.complete, out.rest.length]).toEqual([true, true, 0]);
  });

  it('checks the header CRC when the header has one', () => {
    const head = Buffer.from([0x1f, 0x8b, 8, 0x02, 0, 0, 0, 0, 0, 3]);
    expect(read(member(TEXT, 0x02, [headerCrc(head)])).complete).toBe(true);
    expect(() => read(member(TEXT, 0x02, [Buffer.from([0, 0])]))).toThrow('header crc mismatch');
  });

  it('reads the first member only, and gives back what follows it', () => {
    const second = gzipSync('{"more":true}');
    const out = read(Buffer.concat([gzipSync(TEXT), second]));
    expect([out.data.equals(TEXT), out.complete, out.rest.equals(second)]).toEqual([true, true, true]);
    expect(read(Buffer.concat([gzipSync(TEXT), Buffer.alloc(3)])).rest).toEqual(Buffer.alloc(3));
  });

  it('gives what it could decode when the input ends early, anywhere, and never an error', () => {
    const whole = gzipSync(TEXT.subarray(0, 5000));
    for (let cut = 0; cut < whole.length; cut++) {
      const out = read(whole.subarray(0, cut));
      expect(out.complete, `cut at ${cut}`).toBe(false);
      expect(out.rest.length).toBe(0);
      expect(out.data.equals(TEXT.subarray(0, out.data.length)), `cut at ${cut}`).toBe(true);
    }
    // Only the trailer missing: every byte was decoded.
    expect(read(whole.subarray(0, whole.length - 8)).data.equals(TEXT.subarray(0, 5000))).toBe(true);
  });

  const withByte = (bytes: Buffer, at: number, value: number) => {
    const copy = Buffer.from(bytes);
    copy[at < 0 ? copy.length + at : at] = value;
    return copy;
  };
  const good = gzipSync(TEXT);
  it.each([
    ['not gzip', Buffer.from('{"Records":[]}'), 'incorrect header check'],
    ['another method', withByte(good, 2, 7), 'unknown compression method'],
    ['reserved flags', withByte(good, 3, 0x20), 'unknown header flags set'],
    ['a wrong CRC', withByte(good, -8, good.at(-8)! ^ 1), 'incorrect data check'],
    ['a wrong length', withByte(good, -1, good.at(-1)! ^ 1), 'incorrect length check'],
    ['block type 3', Buffer.concat([good.subarray(0, 10), Buffer.from([0x07])]), 'invalid block type'],
    [
      'a stored block whose lengths disagree',
      Buffer.concat([good.subarray(0, 10), Buffer.from([0x01, 0x05, 0x00, 0x00, 0x00])]),
      'invalid stored block lengths',
    ],
    [
      // Fixed codes: final block, type 1, then length 3 (code 257, 0000001) at distance 1 before any byte.
      'a back-reference before the start',
      Buffer.concat([good.subarray(0, 10), Buffer.from([0x03, 0x02, 0x00, 0x00])]),
      'invalid distance too far back',
    ],
  ])('refuses %s as zlib does', (_, input, message) => {
    expect(() => read(input)).toThrow(new GzipFormatError(message));
  });

  it('agrees with zlib on mutated members: what zlib reads whole is read whole, what it refuses is not', () => {
    const next = pseudoRandom(42);
    const base = gzipSync(TEXT.subarray(0, 20_000));
    for (let i = 0; i < 400; i++) {
      const input = Buffer.from(base);
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) input[Math.floor(next() * input.length)] = next() * 256;
      let zlib: Buffer | undefined;
      try {
        zlib = gunzipSync(input);
      } catch {
        zlib = undefined;
      }
      let ours: ReturnType<typeof read> | undefined;
      try {
        ours = read(input);
      } catch (err) {
        expect(err, `mutation ${i}`).toBeInstanceOf(GzipFormatError);
      }
      if (ours?.complete && ours.rest.length === 0) expect(zlib?.equals(ours.data), `mutation ${i}`).toBe(true);
      if (zlib) expect(ours, `mutation ${i}`).toBeDefined();
    }
  });
});
