/**
 * Output values as the AWS CLI holds them before formatting: timestamps already text (v2's
 * `cli_timestamp_format` iso8601: Python's `isoformat()`), floats that are Python floats even when
 * whole (`1.0`), and Python's spelling of scalars (`True`, `None`, `1e-05`) for text and table output.
 */
import type { ServiceModel, Shape } from '../../core/model/types.js';

/** A whole-number float from a `float`/`double` member, which Python prints as `1.0`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export interface CliValueOptions {
  /**
   * Unqueried output: mark float members (PyFloat) so whole numbers print as Python floats, and leave
   * Dates for the formatters, which print them as ISO 8601 (a large page has tens of thousands). With a
   * query, Dates become text first, as JMESPath compares and sorts them as strings, and the PyFloat of a
   * wire timestamp (wire-timestamps.ts) a number, which JMESPath compares as one: `1.7E9` then prints
   * as `1700000000`, as a whole float member under a query does.
   */
  markFloats: boolean;
}

/**
 * A response as the CLI formats and queries it: Dates to ISO 8601 text, blobs to base64 text (v2 leaves
 * response blobs encoded), whole floats marked, everything else as parsed. Objects and arrays are
 * converted in place: a response is formatted once, and copying a large one doubles its cost.
 */
export function toCliValue(
  model: ServiceModel,
  shape: Shape | undefined,
  value: unknown,
  opts: CliValueOptions,
): unknown {
  if (value instanceof Date) return opts.markFloats ? value : isoTimestamp(value);
  if (value instanceof Uint8Array) return base64(value);
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) {
    const member = shape?.type === 'list' ? model.shapes[shape.member!.shape] : undefined;
    for (let i = 0; i < value.length; i++) value[i] = toCliValue(model, member, value[i], opts);
    return value;
  }
  if (value instanceof PyFloat) return opts.markFloats ? value : value.value;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (shape && !needsConversion(model, shape, opts.markFloats)) return obj;
    if (shape?.type === 'map') {
      const valueShape = model.shapes[shape.value!.shape];
      for (const k in obj) obj[k] = toCliValue(model, valueShape, obj[k], opts);
    } else {
      const members = shape?.type === 'structure' ? memberShapes(model, shape) : undefined;
      for (const k in obj) {
        const v = obj[k];
        if (v === null || (typeof v !== 'object' && typeof v !== 'number')) continue;
        const converted = toCliValue(model, members?.get(k), v, opts);
        if (converted !== v) obj[k] = converted;
      }
    }
    return obj;
  }
  if (
    typeof value === 'number' &&
    opts.markFloats &&
    Number.isInteger(value) &&
    (shape?.type === 'float' || shape?.type === 'double')
  ) {
    return new PyFloat(value);
  }
  return value;
}

const conversionCaches = [new WeakMap<Shape, boolean>(), new WeakMap<Shape, boolean>()];

/**
 * Whether anything under `shape` changes for the CLI (a timestamp, a blob, a float), so that the many
 * subtrees without one (states, tags, placements) are not walked. Documents and recursive shapes count
 * as needing it, to be safe.
 */
function needsConversion(model: ServiceModel, shape: Shape, keepDates: boolean, onPath = new Set<Shape>()): boolean {
  const cache = conversionCaches[keepDates ? 1 : 0]!;
  const cached = cache.get(shape);
  if (cached !== undefined) return cached;
  if (onPath.has(shape)) return true;
  let result =
    shape.document === true ||
    ['blob', 'float', 'double'].includes(shape.type) ||
    (!keepDates && shape.type === 'timestamp');
  if (!result) {
    onPath.add(shape);
    const refs = [...Object.values(shape.members ?? {}), shape.member, shape.value].filter((r) => r !== undefined);
    result = refs.some((r) => needsConversion(model, model.shapes[r.shape]!, keepDates, onPath));
    onPath.delete(shape);
  }
  cache.set(shape, result);
  return result;
}

const memberCache = new WeakMap<Shape, Map<string, Shape>>();

/** A structure's members resolved to their shapes once (a model's shape table is a large dictionary). */
function memberShapes(model: ServiceModel, shape: Shape): Map<string, Shape> {
  let members = memberCache.get(shape);
  if (!members) {
    members = new Map(Object.entries(shape.members ?? {}).map(([name, ref]) => [name, model.shapes[ref.shape]!]));
    memberCache.set(shape, members);
  }
  return members;
}

const DAY_MS = 86_400_000;
/** `YYYY-MM-DDT` by day number: the timestamps of one response fall on few days (10,000 instances, a handful). */
const dayPrefixes = new Map<number, string>();
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** Python's `datetime.isoformat()` of an aware UTC datetime: microseconds only when non-zero. */
export function isoTimestamp(date: Date): string {
  const t = date.getTime();
  // Years 1970–9999 by arithmetic on the day's prefix; anything else (and invalid dates) through toISOString.
  if (!(t >= 0 && t < 253_402_300_800_000)) {
    const ms = date.getUTCMilliseconds();
    return `${date.toISOString().slice(0, 19)}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
  }
  const day = Math.floor(t / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = date.toISOString().slice(0, 11);
    if (dayPrefixes.size < 4096) dayPrefixes.set(day, prefix);
  }
  const inDay = t - day * DAY_MS;
  const ms = inDay % 1000;
  const seconds = (inDay - ms) / 1000;
  const clock = `${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
  return `${prefix}${clock}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    } else if (digits.length <= exponent + 1) {
      out = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
    } else {
      out = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
    }
  } else {
    out = expForm(digits, exponent);
  }
  return negative ? `-${out}` : out;
}

function expForm(digits: string, exponent: number): string {
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const sign = exponent < 0 ? '-' : '+';
  return `${m}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Python's `str()` of an output scalar, as text and table output print it. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (value instanceof Date) return isoTimestamp(value);
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : pyFloatRepr(value);
  if (value instanceof Uint8Array) return base64(value);
  return String(value);
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function isScalar(value: unknown): boolean {
  return (
    value === null ||
    typeof value !== 'object' ||
    value instanceof PyFloat ||
    value instanceof Date ||
    value instanceof Uint8Array
  );
}
