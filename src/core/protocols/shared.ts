/**
 * Value conversions every protocol needs: timestamps in the three wire formats, base64 and UTF-8,
 * scalars as text, and the error a status alone makes. Input timestamps may be a Date, epoch seconds or
 * a date string, as botocore accepts; output timestamps are Dates unless a TimestampReader (types.ts) reads them.
 */
import { refTrait, shapeOf } from '../model/shapes.js';
import type { ServiceModel, ShapeRef, TimestampFormat } from '../model/types.js';
import type { ParsedError } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Coerces a timestamp parameter (Date, epoch seconds, ISO 8601 or RFC 822 string) to a Date. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') return parseTimestamp(value);
  throw new TypeError(`Invalid timestamp: ${String(value)}`);
}

/**
 * Formats a Date as a protocol writes it. iso8601 follows botocore: whole seconds unless there is a
 * fraction, which is written with six digits (`%f`). unixTimestamp keeps milliseconds as a fraction.
 */
export function formatTimestamp(date: Date, format: TimestampFormat): string | number {
  switch (format) {
    case 'unixTimestamp':
      return date.getTime() / 1000;
    case 'rfc822':
      return date.toUTCString();
    case 'iso8601': {
      const iso = date.toISOString();
      const ms = date.getUTCMilliseconds();
      return ms === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${String(ms).padStart(3, '0')}000Z`;
    }
  }
}

/**
 * Parses a wire timestamp: epoch seconds (number or numeric string), ISO 8601 (with or without
 * fraction or offset) or an HTTP date. Throws on anything else so a bad response is reported, not hidden.
 */
export function parseTimestamp(value: string | number): Date {
  if (typeof value === 'number') return new Date(Math.round(value * 1000));
  const fast = parseUtcIso(value);
  if (fast !== undefined) return new Date(fast);
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return new Date(Math.round(Number(text) * 1000));
  const iso = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = iso;
    const ms = Number((frac + '000').slice(0, 3));
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    if (zone !== 'Z' && zone !== 'z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return new Date(t);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new TypeError(`Invalid timestamp: ${value}`);
  return new Date(parsed);
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fff…]Z`, the form almost every XML and JSON response uses, read digit by digit:
 * a page of a thousand S3 keys has a thousand of them. Anything else returns undefined for the general path.
 */
function parseUtcIso(text: string): number | undefined {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) return undefined;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  )
    return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  let ms = 0;
  if (n > 20) {
    if (text.charCodeAt(19) !== 46 /* . */ || n === 21 || n > 30) return undefined;
    const frac = digits(text, 20, n - 21);
    if (frac < 0) return undefined;
    ms = Math.floor(frac / 10 ** Math.max(0, n - 24)) * 10 ** Math.max(0, 24 - n);
  }
  if ((year | month | day | hour | minute | second) < 0) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The decimal value of `length` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let k = start; k < start + length; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

export function toBase64(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? utf8Encode(data) : data;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Blob parameters may be bytes or text (encoded as UTF-8), as in botocore. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return utf8Encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`Invalid blob value: ${Object.prototype.toString.call(value)}`);
}

/**
 * A scalar as the query and XML protocols write it: booleans `true`/`false`, blobs base64, timestamps
 * in the member's format (`defaultFormat` otherwise), floats as Python prints them.
 */
export function scalarToText(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  defaultFormat: TimestampFormat,
): string {
  switch (shapeOf(model, ref).type) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'blob':
      return toBase64(toBytes(value));
    case 'timestamp':
      return timestampText(
        value,
        (refTrait(model, ref, 'timestampFormat') as TimestampFormat | undefined) ?? defaultFormat,
      );
    case 'float':
    case 'double':
      return floatText(value);
    default:
      return String(value);
  }
}

/**
 * A timestamp in a wire format as botocore writes it by default: iso8601 with microseconds only when
 * there is a fraction, epoch seconds as a whole number, HTTP dates to the second.
 */
export function timestampText(value: unknown, format: TimestampFormat): string {
  const date = toDate(value);
  switch (format) {
    case 'iso8601':
      return formatTimestamp(date, 'iso8601') as string;
    case 'unixTimestamp':
      return String(Math.floor(date.getTime() / 1000));
    case 'rfc822':
      return new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString();
  }
}

/**
 * A float as Python's `str()` prints it (`1.0`, `1e+16`, `1.5e-07`, `NaN`, `Infinity`), since the AWS
 * CLI hands Python floats to botocore. Strings pass through (`"NaN"`, or a number the caller formatted).
 */
export function floatText(value: unknown): string {
  if (typeof value === 'string') return value;
  const n = Number(value);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp >= 16 || exp < -4) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // In this range String() already prints fixed notation with the shortest round-trip digits.
  const fixed = String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Is this a success? botocore treats 301 and above as errors (so a 300 is parsed as output). */
export function isErrorStatus(statusCode: number): boolean {
  return statusCode >= 301;
}

/** The error botocore makes when the body says nothing usable: the status as code, its reason phrase as message. */
export function errorFromStatus(statusCode: number, requestId?: string): ParsedError {
  return { code: String(statusCode), message: HTTP_REASONS[statusCode] ?? '', requestId, data: {} };
}

const HTTP_REASONS: Record<number, string> = {
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a Teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  510: 'Not Extended',
  511: 'Network Authentication Required',
};
