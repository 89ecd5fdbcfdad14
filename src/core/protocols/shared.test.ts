import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './shared.js';

describe('parseTimestamp', () => {
  it.each([
    ['2024-05-01T12:34:56Z', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01T12:34:56.000Z', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01T12:34:56.5Z', Date.UTC(2024, 4, 1, 12, 34, 56, 500)],
    ['2024-05-01T12:34:56.12Z', Date.UTC(2024, 4, 1, 12, 34, 56, 120)],
    ['2024-05-01T12:34:56.123456789Z', Date.UTC(2024, 4, 1, 12, 34, 56, 123)],
    ['2024-05-01T12:34:56.999999Z', Date.UTC(2024, 4, 1, 12, 34, 56, 999)],
    ['2024-05-01T12:34:56+02:00', Date.UTC(2024, 4, 1, 10, 34, 56)],
    ['2024-05-01 12:34:56z', Date.UTC(2024, 4, 1, 12, 34, 56)],
    [' 2024-05-01T12:34:56Z ', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['1714566896', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['1714566896.25', Date.UTC(2024, 4, 1, 12, 34, 56, 250)],
    ['Wed, 01 May 2024 12:34:56 GMT', Date.UTC(2024, 4, 1, 12, 34, 56)],
  ])('reads %j', (text, epochMs) => {
    expect(parseTimestamp(text).getTime()).toBe(epochMs);
  });

  it.each(['2024-05-01T12:34:5xZ', '2024-05-01T12:34:56.Z', 'yesterday', ''])('rejects %j', (text) => {
    expect(() => parseTimestamp(text)).toThrow(/Invalid timestamp/);
  });
});
