/**
 * Times as the CloudTrail commands read them, against dateutil: every expected value below is what
 * `dateutil.parser.parse(text, default=datetime(2026, 3, 31))` gave (dateutil 2.9, the AWS CLI's), its
 * zone then replaced by UTC as the CLI's normalize_date does. Forms dateutil refuses are refused.
 */
import { describe, expect, it } from 'vitest';
import { compactDate, dayPath, displayDate, parseCliDate, parseJsonDate } from './dates.js';

const NOW = new Date('2026-03-31T10:11:12Z');
/** A wall clock to the microsecond, written as Python's isoformat(timespec='microseconds') writes it. */
const isoMicros = (micros: number) =>
  `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19)}.${String(micros % 1e6).padStart(6, '0')}`;

describe('parseCliDate', () => {
  it.each([
    ['2015-01-08T05:21:42Z', '2015-01-08T05:21:42.000000'],
    ['2015-01-08t05:21:42z', '2015-01-08T05:21:42.000000'],
    ['20150108T052142Z', '2015-01-08T05:21:42.000000'],
    ['20150108T052142.123Z', '2015-01-08T05:21:42.123000'],
    ['20150108T0521Z', '2015-01-08T05:21:00.000000'],
    ['20150108T05', '2015-01-08T05:00:00.000000'],
    ['20150108', '2015-01-08T00:00:00.000000'],
    ['201501080521', '2015-01-08T05:21:00.000000'],
    ['20150108052142', '2015-01-08T05:21:42.000000'],
    ['20150108 052142', '2015-01-08T05:21:42.000000'],
    ['2015-01-08', '2015-01-08T00:00:00.000000'],
    ['2015-1-8', '2015-01-08T00:00:00.000000'],
    ['2015/01/08', '2015-01-08T00:00:00.000000'],
    ['2015.01.08', '2015-01-08T00:00:00.000000'],
    ['2015-01-08 05:21', '2015-01-08T05:21:00.000000'],
    ['2015-01-08T05', '2015-01-08T05:00:00.000000'],
    ['2015-01-08T5:2', '2015-01-08T05:02:00.000000'],
    ['2015-01-08T052142', '2015-01-08T05:21:42.000000'],
    ['2015-01-08T05:21:42.123456+05:00', '2015-01-08T05:21:42.123456'],
    ['2015-01-08T05:21:42.1234567Z', '2015-01-08T05:21:42.123456'],
    ['2015-01-08T05:21:42,5', '2015-01-08T05:21:42.500000'],
    ['2015-01-08T05:21:42-0800', '2015-01-08T05:21:42.000000'],
    ['2015-01-08T05:21:42+05', '2015-01-08T05:21:42.000000'],
    ['2015-01-08T05:21:42 UTC', '2015-01-08T05:21:42.000000'],
    ['2015-01-08T05:21:42 Z', '2015-01-08T05:21:42.000000'],
    ['2015-01-08 05:21:42 +0100', '2015-01-08T05:21:42.000000'],
    ['2015-01-08 5pm', '2015-01-08T17:00:00.000000'],
    ['2015-01-08 5:21:42 PM', '2015-01-08T17:21:42.000000'],
    ['2015-01-08 12:30 am', '2015-01-08T00:30:00.000000'],
    ['2016-02-29', '2016-02-29T00:00:00.000000'],
    ['01/08/2015', '2015-01-08T00:00:00.000000'],
    ['08/01/2015', '2015-08-01T00:00:00.000000'],
    ['13/01/2015', '2015-01-13T00:00:00.000000'],
    ['1/8/2015 5:21 PM', '2015-01-08T17:21:00.000000'],
    ['08.01.2015', '2015-08-01T00:00:00.000000'],
    ['Jan 8 2015', '2015-01-08T00:00:00.000000'],
    ['8 January 2015 5pm', '2015-01-08T17:00:00.000000'],
    ['Thu, 08 Jan 2015 05:21:42 GMT', '2015-01-08T05:21:42.000000'],
    ['8-Jan-2015', '2015-01-08T00:00:00.000000'],
    ['January 8th, 2015', '2015-01-08T00:00:00.000000'],
    ['Thursday January 8 2015', '2015-01-08T00:00:00.000000'],
    ['2015 Jan 8', '2015-01-08T00:00:00.000000'],
    ['January 2015 8', '2015-01-08T00:00:00.000000'],
    ['sept 1 2015', '2015-09-01T00:00:00.000000'],
    ['Jan 8, 2015 05:21:42 UTC', '2015-01-08T05:21:42.000000'],
    ['Feb 2015', '2015-02-28T00:00:00.000000'],
    ['Jan 8', '2026-01-08T00:00:00.000000'],
    ['Jan 8 05:21', '2026-01-08T05:21:00.000000'],
    ['Jan', '2026-01-31T00:00:00.000000'],
    ['2015', '2015-03-31T00:00:00.000000'],
    ['05:21', '2026-03-31T05:21:00.000000'],
    ['5pm', '2026-03-31T17:00:00.000000'],
    [' 2015-01-08 ', '2015-01-08T00:00:00.000000'],
  ])('reads %j as dateutil does', (text, expected) => {
    expect(isoMicros(parseCliDate(text, NOW))).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    '2015-13-01',
    '2015-02-30',
    '2015-02-29',
    '2015-01-08T24:00:00',
    '2015-01-08T05:60',
    '2015-01-08T05:21:61',
    '2015-01-08T17:00 pm',
    '2015-01-08Z',
    '2015-01-08 UTC',
    'Jan 8 2015 UTC',
    '2015-W02',
    '2015-008',
    '2015-01-08T05:21:42.Z',
  ])('refuses %j, as dateutil does, with the CLI message', (text) => {
    expect(() => parseCliDate(text, NOW)).toThrow(`Unable to parse date value: ${text}`);
  });

  it.each(['8', '10 2015', '10/11/12'])('refuses %j, where dateutil would guess what the numbers are', (text) => {
    expect(() => parseCliDate(text, NOW)).toThrow('Unable to parse date value');
  });
});

describe('parseJsonDate', () => {
  it.each([
    [5, 'int'],
    [1.5, 'float'],
    [null, 'NoneType'],
    [true, 'bool'],
    [[], 'list'],
  ])('says what dateutil says of %j, which is no string', (value, type) => {
    expect(() => parseJsonDate(value, NOW)).toThrow(`Parser must be a string or character stream, not ${type}`);
  });
});

it('writes times as the CLI does: digest names, output, key folders', () => {
  const micros = parseCliDate('2015-01-08T05:21:42.999999Z', NOW);
  expect([compactDate(micros), displayDate(micros), dayPath(micros)]).toEqual([
    '20150108T052142Z',
    '2015-01-08T05:21:42Z',
    '2015/01/08',
  ]);
});
