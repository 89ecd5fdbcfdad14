import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from './cbor.js';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

// Encodings from RFC 8949 appendix A.
describe('decodeCbor', () => {
  it.each([
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['1903e8', 1000],
    ['1a000f4240', 1000000],
    ['1b000000e8d4a51000', 1000000000000],
    ['20', -1],
    ['3903e7', -1000],
    ['f90000', 0],
    ['f93c00', 1],
    ['f97bff', 65504],
    ['f90001', 5.960464477539063e-8],
    ['fa47c35000', 100000],
    ['fb3ff199999999999a', 1.1],
    ['f97c00', Infinity],
    ['f9fc00', -Infinity],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['6161', 'a'],
    ['62c3bc', 'ü'],
    ['83010203', [1, 2, 3]],
    ['a201020304', { 1: 2, 3: 4 }],
    ['9f018202039f0405ffff', [1, [2, 3], [4, 5]]],
    ['bf61610161629f0203ffff', { a: 1, b: [2, 3] }],
    ['7f657374726561646d696e67ff', 'streaming'],
  ])('%s', (input, expected) => {
    expect(decodeCbor(hex(input))).toEqual(expected);
  });

  it('decodes half-precision NaN, byte strings and tag 1 timestamps', () => {
    expect(decodeCbor(hex('f97e00'))).toBeNaN();
    expect(decodeCbor(hex('4401020304'))).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(decodeCbor(hex('c11a514b67b0'))).toEqual(new Date(1363896240_000));
    expect(decodeCbor(hex('c1fb41d452d9ec200000'))).toEqual(new Date(1363896240_500));
  });

  it('rejects truncated and trailing data', () => {
    expect(() => decodeCbor(hex('1903'))).toThrow('Truncated');
    expect(() => decodeCbor(hex('0000'))).toThrow('Trailing');
  });
});

describe('encodeCbor', () => {
  it.each([
    [0, '00'],
    [24, '1818'],
    [1000, '1903e8'],
    [-1000, '3903e7'],
    [1.1, 'fb3ff199999999999a'],
    ['a', '6161'],
    [[1, 2, 3], '83010203'],
    [{ a: 1 }, 'a1616101'],
    [true, 'f5'],
    [null, 'f6'],
    [new Uint8Array([1, 2]), '420102'],
  ])('%j', (value, expected) => {
    expect(Array.from(encodeCbor(value), (b) => b.toString(16).padStart(2, '0')).join('')).toBe(expected);
  });

  it('round-trips nested values with timestamps', () => {
    const value = { when: new Date(1700000000_250), list: [{ x: 'y' }, 4.5], blob: new Uint8Array([9]) };
    expect(decodeCbor(encodeCbor(value))).toEqual(value);
  });
});
