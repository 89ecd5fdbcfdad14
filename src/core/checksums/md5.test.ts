import { describe, expect, it } from 'vitest';
import { md5 } from './md5.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const text = (s: string) => new TextEncoder().encode(s);

describe('md5', () => {
  // RFC 1321 appendix A.5 test suite, plus lengths around the 56/64-byte padding boundary.
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ['x'.repeat(55), '04364420e25c512fd958a70738aa8f72'],
    ['x'.repeat(56), '668a72d5ba17f08e62dabcafad6db14b'],
    ['x'.repeat(64), 'c1bb4f81d892b2d57947682aeb252456'],
  ])('md5(%j)', (input, digest) => {
    expect(hex(md5(text(input)))).toBe(digest);
  });
});
