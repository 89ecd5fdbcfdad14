/**
 * Times as the AWS CLI's CloudTrail commands read and write them (customizations/cloudtrail/validation.py
 * and utils.py). They read every time with dateutil's `parser.parse`, then, for the range and the digest
 * chain, `normalize_date`, which *replaces* the zone with UTC rather than converting: a `+05:00` offset is
 * dropped and the wall-clock time kept. So a time here is its wall clock taken as UTC, in epoch
 * microseconds (dateutil keeps six digits of a fraction), and the zone written is read and ignored.
 *
 * dateutil reads almost anything; what is read here is what people and CloudTrail write: ISO 8601 dates
 * and times (`2015-01-08T05:21:42Z`, `2015-01-08 05:21`, `/` or `.` between the date's numbers), the
 * compact form of digest file names (`20150108T052142Z`, `20150108`), month-first numeric dates
 * (`01/08/2015`, day first when the first number is above 12), and dates with month names
 * (`Jan 8 2015`, `Thu, 08 Jan 2015 05:21:42 GMT`, `8 January 2015 5pm`). What is not given comes from
 * today, as dateutil's default does. Anything else is the CLI's "Unable to parse date value".
 */
import { IsoawsError } from '../../core/errors.js';
import { pyTypeName } from '../../core/query/python-text.js';

export const MICROS = { minute: 60e6, hour: 3600e6, day: 86_400e6 } as const;

/** `--start-time` and the like: the CLI's own message when dateutil cannot read it. */
export function parseCliDate(text: string, now: Date): number {
  const micros = readDate(text, now);
  if (micros === undefined) throw new IsoawsError(`Unable to parse date value: ${text}`);
  return micros;
}

/**
 * A time from a digest file, a sign file or a key name, which may be any JSON value: what dateutil says
 * of a value that is not a string (a TypeError), else as parseCliDate.
 */
export function parseJsonDate(value: unknown, now: Date): number {
  if (typeof value !== 'string')
    throw new Error(`Parser must be a string or character stream, not ${pyTypeName(value)}`);
  return parseCliDate(value, now);
}

/** `%Y%m%dT%H%M%SZ`: digest file names, and the keys listing starts after. */
export function compactDate(micros: number): string {
  const [y, mo, d, h, mi, s] = fields(micros);
  return `${y}${mo}${d}T${h}${mi}${s}Z`;
}

/** `%Y-%m-%dT%H:%M:%SZ`: what the command prints. */
export function displayDate(micros: number): string {
  const [y, mo, d, h, mi, s] = fields(micros);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
}

/** `%Y/%m/%d`: the day's folder in a digest key. */
export function dayPath(micros: number): string {
  const [y, mo, d] = fields(micros);
  return `${y}/${mo}/${d}`;
}

/** A time in microseconds as a Date (to the millisecond), for a request's timestamp member. */
export function toDate(micros: number): Date {
  return new Date(Math.floor(micros / 1000));
}

/** Epoch microseconds from a Date. */
export function fromDate(date: Date): number {
  return date.getTime() * 1000;
}

function fields(micros: number): string[] {
  const iso = toDate(micros).toISOString();
  return [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13), iso.slice(14, 16), iso.slice(17, 19)];
}

interface Parts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction?: string;
  meridian?: 'a' | 'p';
}

const TIME = String.raw`(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?)?`;
const COMPACT_TIME = String.raw`(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?`;
const MERIDIAN = String.raw`\s*([ap])\.?m\.?`;
const ZONE = String.raw`\s*(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?)`;

/** A date of numbers (year first, compact, or month first), then optionally a time and its zone. */
const NUMERIC = new RegExp(
  String.raw`^(?:(\d{4})([-/.])(\d{1,2})\2(\d{1,2})|(\d{4})(\d{2})(\d{2})|(\d{1,2})([-/.])(\d{1,2})\9(\d{4}))` +
    String.raw`(?:(?:t\s*|\s+)(?:${COMPACT_TIME}|${TIME})(?:${MERIDIAN})?(?:${ZONE})?)?$`,
  'i',
);
/** A time standing alone among words (`05:21:42`, `5:21pm`), and a zone. */
const CLOCK_WORD = new RegExp(`^${TIME}(?:${MERIDIAN})?$`);
const ZONE_WORD = new RegExp(`^${ZONE}$`);
/** The compact date and time run together, as dateutil reads 12 and 14 digits. */
const DIGITS = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|sday|urday)?$/;

/** The wall clock of `text` in epoch microseconds, or undefined when it is not a date read here. */
function readDate(text: string, now: Date): number | undefined {
  const trimmed = text.trim();
  const parts = numericParts(trimmed) ?? wordParts(trimmed.toLowerCase());
  return parts && build(parts, now);
}

function numericParts(text: string): Parts | undefined {
  const digits = DIGITS.exec(text);
  if (digits) return { ...date(digits[1], digits[2], digits[3]), ...time(digits[4]!, digits[5], digits[6]) };
  const m = NUMERIC.exec(text);
  if (!m) return undefined;
  let parts: Parts;
  if (m[1] !== undefined) parts = date(m[1], m[3], m[4]);
  else if (m[5] !== undefined) parts = date(m[5], m[6], m[7]);
  else {
    // Month first, as dateutil's default; a first number that cannot be a month is the day.
    const [first, second] = [Number(m[8]), Number(m[10])];
    parts = first > 12 ? { year: Number(m[11]), month: second, day: first } : date(m[11], m[8], m[10]);
  }
  const clock = m[12] !== undefined ? m.slice(12, 16) : m.slice(16, 20);
  if (clock[0] === undefined) return parts;
  return { ...parts, ...time(...(clock as [string, string?, string?, string?])), meridian: meridian(m[20]) };
}

/** Words and numbers in any order: a weekday (ignored), a month's name, a year, a day, a time, a zone. */
function wordParts(text: string): Parts | undefined {
  const parts: Parts = {};
  const words = text.split(/[\s,]+|-(?=[a-z])|(?<=[a-z])-/).filter(Boolean);
  if (!words.length) return undefined;
  for (const word of words) {
    const clock = CLOCK_WORD.exec(word);
    if (word.includes(':') && clock) {
      if (parts.hour !== undefined) return undefined;
      Object.assign(parts, time(clock[1]!, clock[2], clock[3], clock[4]), { meridian: meridian(clock[5]) });
    } else if (/^\d{1,2}\s*[ap]\.?m\.?$/.test(word)) {
      if (parts.hour !== undefined) return undefined;
      Object.assign(parts, { hour: parseInt(word, 10), meridian: meridian(/[ap]/.exec(word)![0]) });
    } else if (/^[ap]\.?m\.?$/.test(word) && parts.hour !== undefined && parts.meridian === undefined) {
      parts.meridian = meridian(word[0]);
    } else if (/^\d{4}$/.test(word) && parts.year === undefined) {
      parts.year = Number(word);
    } else if (/^\d{1,2}(st|nd|rd|th)?$/.test(word) && parts.day === undefined) {
      parts.day = parseInt(word, 10);
    } else if (monthOf(word) !== undefined && parts.month === undefined) {
      parts.month = monthOf(word);
    } else if (WEEKDAYS.test(word)) {
      continue;
    } else if (ZONE_WORD.test(word) && parts.hour !== undefined) {
      continue;
    } else {
      return undefined;
    }
  }
  // A number with no month's name to place it is refused: dateutil guesses (`8` is the 8th of this month,
  // `10 2015` October 2015), and a guessed range would validate the wrong logs.
  if (parts.day !== undefined && parts.month === undefined) return undefined;
  return parts;
}

function monthOf(word: string): number | undefined {
  const name = word.replace(/\.$/, '');
  if (name === 'sept') return 9;
  const index = name.length === 3 ? MONTHS.indexOf(name) : MONTH_NAMES.indexOf(name);
  return index === -1 ? undefined : index + 1;
}

function date(year: string | undefined, month: string | undefined, day: string | undefined): Parts {
  return { year: Number(year), month: Number(month), day: Number(day) };
}

function time(hour: string, minute?: string, second?: string, fraction?: string): Parts {
  return {
    hour: Number(hour),
    minute: minute === undefined ? 0 : Number(minute),
    second: second === undefined ? 0 : Number(second),
    fraction,
  };
}

function meridian(letter: string | undefined): 'a' | 'p' | undefined {
  return letter === undefined ? undefined : (letter.toLowerCase() as 'a' | 'p');
}

/** The parts checked as datetime checks them, the missing ones taken from today (dateutil's default). */
function build(parts: Parts, now: Date): number | undefined {
  const year = parts.year ?? now.getUTCFullYear();
  const month = parts.month ?? now.getUTCMonth() + 1;
  if (year < 1 || month < 1 || month > 12) return undefined;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // A day left out is today's, cut to the month's last (dateutil's default, as it applies it).
  const day = parts.day ?? Math.min(now.getUTCDate(), lastDay);
  let hour = parts.hour ?? 0;
  if (parts.meridian) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (parts.meridian === 'p' ? 12 : 0);
  }
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  if (day < 1 || day > lastDay || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  const micros = Number((parts.fraction ?? '').padEnd(6, '0').slice(0, 6));
  return utc.getTime() * 1000 + micros;
}
