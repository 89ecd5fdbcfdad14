/**
 * The small pieces every signed request goes through, each written for speed: hex digits from a table,
 * the X-Amz-Date kept for the second it names, the invocation id's UUID, and header values tidied only
 * when they need it.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/hex.js';
import { uuid4 } from '../../src/core/invoke.js';
import { amzDate, canonicalRequestOf, splitUrl } from '../../src/core/signing/canonical-request.js';

describe('signing helpers', () => {
  it('writes every byte as two lower-case hex digits', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = [...all].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(toHex(all)).toBe(expected);
    expect(toHex(new Uint8Array())).toBe('');
  });

  it('writes X-Amz-Date to the second, the same within a second and anew in the next', () => {
    expect(amzDate(new Date('2026-12-05T12:00:00.000Z'))).toBe('20261205T120000Z');
    expect(amzDate(new Date('2026-12-05T12:00:00.999Z'))).toBe('20261205T120000Z');
    expect(amzDate(new Date('2026-12-05T12:00:01.001Z'))).toBe('20261205T120001Z');
    expect(amzDate(new Date('1999-01-02T03:04:05.678Z'))).toBe('19990102T030405Z');
    expect(amzDate(new Date('0999-11-30T23:59:59.000Z'))).toBe('09991130T235959Z');
    expect(() => amzDate(new Date(NaN))).toThrow(RangeError);
  });

  it('makes version 4 UUIDs from the random source', () => {
    let n = 0;
    const id = uuid4(() => ((n++ * 37) % 256) / 256);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuid4(() => 0)).toBe('00000000-0000-4000-8000-000000000000');
    expect(uuid4(() => 0.999)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('folds and trims only the header values that need it', () => {
    const canonical = (value: string) =>
      canonicalRequestOf({
        method: 'GET',
        url: splitUrl('https://example.com/'),
        query: {},
        headers: { 'X-Test': value },
        payloadHash: 'UNSIGNED-PAYLOAD',
        rules: {},
      }).canonicalRequest.split('\n')[3];
    expect(canonical('plain value')).toBe('x-test:plain value');
    expect(canonical('  two  spaces\tand\ta tab ')).toBe('x-test:two spaces and a tab');
    expect(canonical('line\r\nbreak')).toBe('x-test:line break');
    expect(canonical(' lead')).toBe('x-test:lead');
    expect(canonical('trail ')).toBe('x-test:trail');
  });
});
