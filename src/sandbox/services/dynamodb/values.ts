/**
 * DynamoDB's attribute values: their checks as the service words them, exact decimal numbers (DynamoDB
 * keeps 38 significant digits, more than a double), the order it sorts keys in, the sizes it bills by, and
 * the form items take in the store (binary as base64, since the store keeps JSON).
 */
import { fromBase64, toBase64 } from '../../../core/protocols/shared.js';

export interface AttributeValue {
  S?: string;
  N?: string;
  B?: Uint8Array;
  SS?: string[];
  NS?: string[];
  BS?: Uint8Array[];
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type Item = Record<string, AttributeValue>;

export const TYPES = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'] as const;
export type TypeName = (typeof TYPES)[number];

/** The one data type a (checked) value carries. */
export function typeOf(value: AttributeValue): TypeName {
  return TYPES.find((t) => value[t] !== undefined) ?? 'NULL';
}

// ---- numbers ----

/** `coefficient × 10^exponent`, the coefficient without trailing zeros (so equal numbers are equal records). */
export interface Decimal {
  coefficient: bigint;
  exponent: number;
}

const NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const exponent = Number(m[4] ?? 0) - (m[3] ?? '').length;
  return normalize({ coefficient: BigInt(`${m[1]}${digits || '0'}`), exponent });
}

function normalize(d: Decimal): Decimal {
  if (d.coefficient === 0n) return { coefficient: 0n, exponent: 0 };
  let { coefficient, exponent } = d;
  while (coefficient % 10n === 0n) {
    coefficient /= 10n;
    exponent += 1;
  }
  return { coefficient, exponent };
}

function significantDigits(d: Decimal): number {
  return d.coefficient === 0n ? 1 : (d.coefficient < 0n ? -d.coefficient : d.coefficient).toString().length;
}

/** Whether DynamoDB stores the number: 38 significant digits, magnitude from 1E-130 to below 1E+126. */
function numberProblem(text: string): string | undefined {
  const d = parseDecimal(text);
  if (!d) return 'A value provided cannot be converted into a number';
  if (d.coefficient === 0n) return undefined;
  if (significantDigits(d) > 38) return 'Attempting to store more than 38 significant digits in a Number';
  const magnitude = significantDigits(d) - 1 + d.exponent;
  if (magnitude >= 126)
    return 'Number overflow. Attempting to store a number with magnitude larger than supported range';
  if (magnitude < -130)
    return 'Number underflow. Attempting to store a number with magnitude smaller than supported range';
  return undefined;
}

function compareDecimals(a: Decimal, b: Decimal): number {
  const e = Math.min(a.exponent, b.exponent);
  const x = a.coefficient * 10n ** BigInt(a.exponent - e);
  const y = b.coefficient * 10n ** BigInt(b.exponent - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const e = Math.min(a.exponent, b.exponent);
  const sum = a.coefficient * 10n ** BigInt(a.exponent - e) + b.coefficient * 10n ** BigInt(b.exponent - e);
  return normalize({ coefficient: sum, exponent: e });
}

export function negate(d: Decimal): Decimal {
  return { coefficient: -d.coefficient, exponent: d.exponent };
}

/** The number as DynamoDB returns it: plain digits, no exponent, no trailing zeros. */
export function formatDecimal(d: Decimal): string {
  const negative = d.coefficient < 0n;
  const digits = (negative ? -d.coefficient : d.coefficient).toString();
  let out: string;
  if (d.exponent >= 0) out = digits + '0'.repeat(d.exponent);
  else {
    const point = digits.length + d.exponent;
    out = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
  }
  return negative ? `-${out}` : out;
}

/** A checked number's canonical text (`"1.50"` is stored as `"1.5"`). */
export function canonicalNumber(text: string): string {
  return formatDecimal(parseDecimal(text)!);
}

// ---- checks ----

const SET_NAMES: Record<string, string> = { SS: 'string set', NS: 'number set', BS: 'binary set' };

/** What is wrong with a value (an item's attribute, a key, an expression value), worded as DynamoDB does. */
export function valueProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
  const v = value as AttributeValue;
  const present = TYPES.filter((t) => v[t] !== undefined);
  if (present.length === 0)
    return 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
  if (present.length > 1)
    return 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
  switch (present[0]) {
    case 'N':
      return numberProblem(v.N!);
    case 'NULL':
      return v.NULL === true ? undefined : 'Null attribute value types must have the value of true';
    case 'SS':
    case 'NS':
    case 'BS': {
      const t = present[0];
      const members = v[t]! as unknown[];
      if (members.length === 0)
        return `One or more parameter values were invalid: An ${SET_NAMES[t]}  may not be empty`;
      if (t === 'NS') for (const n of v.NS!) if (numberProblem(n)) return numberProblem(n);
      const seen = members.map((m) => setMemberKey(t, m as string | Uint8Array));
      if (new Set(seen).size !== seen.length)
        return `One or more parameter values were invalid: Input collection [${members.map(String).join(', ')}] contains duplicates.`;
      return undefined;
    }
    case 'L':
      for (const e of v.L!) {
        const p = valueProblem(e);
        if (p) return p;
      }
      return undefined;
    case 'M':
      for (const e of Object.values(v.M!)) {
        const p = valueProblem(e);
        if (p) return p;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A set member's identity: numbers by value, binary by bytes. */
export function setMemberKey(type: string, member: string | Uint8Array): string {
  if (type === 'NS') return canonicalNumber(member as string);
  if (type === 'BS') return toBase64(member as Uint8Array);
  return member as string;
}

/** A value with numbers in canonical form, as DynamoDB stores it. */
export function canonical(value: AttributeValue): AttributeValue {
  if (value.N !== undefined) return { N: canonicalNumber(value.N) };
  if (value.NS) return { NS: value.NS.map(canonicalNumber) };
  if (value.L) return { L: value.L.map(canonical) };
  if (value.M) return { M: mapValues(value.M, canonical) };
  return value;
}

function mapValues<T, U>(record: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record)) out[k] = fn(v);
  return out;
}

// ---- equality and order ----

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Two strings in the order of their UTF-8 bytes, which is code point order, without encoding them: UTF-16
 * code units agree with it except that a surrogate (half of a code point above U+FFFF) must sort after
 * U+E000–U+FFFF, so those two ranges trade places before comparing.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit < 0xe000) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

/** DynamoDB's order for scalars of one type: numbers by value, strings by their UTF-8 bytes, binary by bytes. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number {
  if (a.N !== undefined && b.N !== undefined) return compareDecimals(parseDecimal(a.N)!, parseDecimal(b.N)!);
  if (a.S !== undefined && b.S !== undefined) return compareUtf8(a.S, b.S);
  if (a.B !== undefined && b.B !== undefined) return compareBytes(a.B, b.B);
  return 0;
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  switch (t) {
    case 'S':
    case 'N':
    case 'B':
      return compareScalars(a, b) === 0;
    case 'SS':
    case 'NS':
    case 'BS': {
      const x = new Set((a[t] as Array<string | Uint8Array>).map((m) => setMemberKey(t, m)));
      const y = (b[t] as Array<string | Uint8Array>).map((m) => setMemberKey(t, m));
      return x.size === y.length && y.every((m) => x.has(m));
    }
    case 'L':
      return a.L!.length === b.L!.length && a.L!.every((e, i) => valuesEqual(e, b.L![i]!));
    case 'M': {
      const ka = Object.keys(a.M!);
      return ka.length === Object.keys(b.M!).length && ka.every((k) => b.M![k] && valuesEqual(a.M![k]!, b.M![k]!));
    }
    default:
      return a[t] === b[t];
  }
}

// ---- sizes ----

/** A value's size as DynamoDB bills it (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html). */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Length(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.SS) return value.SS.reduce((n, s) => n + utf8Length(s), 0);
  if (value.NS) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if (value.BS) return value.BS.reduce((n, b) => n + b.length, 0);
  // A list or map costs 3 bytes, and each element 1 byte more than its own size.
  if (value.L) return value.L.reduce((n, e) => n + 1 + valueSize(e), 3);
  if (value.M) return Object.entries(value.M).reduce((n, [k, e]) => n + 1 + utf8Length(k) + valueSize(e), 3);
  return 1;
}

function numberSize(text: string): number {
  const d = parseDecimal(text);
  return d ? Math.ceil(significantDigits(d) / 2) + 1 : 1;
}

export function itemSize(item: Item): number {
  return Object.entries(item).reduce((n, [k, v]) => n + utf8Length(k) + valueSize(v), 0);
}

/** A string's length in UTF-8, counted without encoding it: every Scan and Query sizes every item it reads. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      // A surrogate pair is one code point of four bytes.
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export const MAX_ITEM_SIZE = 400 * 1024;

// ---- stored form ----

/** An item as the store keeps it: binary values as base64 text. */
export type StoredItem = Record<string, unknown>;

export function toStored(item: Item): StoredItem {
  return mapValues(item, storeValue);
}

function storeValue(v: AttributeValue): unknown {
  if (v.B !== undefined) return { B: toBase64(v.B) };
  if (v.BS) return { BS: v.BS.map((b) => toBase64(b)) };
  if (v.L) return { L: v.L.map(storeValue) };
  if (v.M) return { M: mapValues(v.M, storeValue) };
  return v;
}

export function fromStored(item: StoredItem): Item {
  return mapValues(item, (v) => loadValue(v as Record<string, unknown>));
}

function loadValue(v: Record<string, unknown>): AttributeValue {
  if (typeof v.B === 'string') return { B: fromBase64(v.B) };
  if (Array.isArray(v.BS)) return { BS: (v.BS as string[]).map(fromBase64) };
  if (Array.isArray(v.L)) return { L: (v.L as Array<Record<string, unknown>>).map(loadValue) };
  if (v.M) return { M: mapValues(v.M as Record<string, Record<string, unknown>>, loadValue) };
  return v as AttributeValue;
}

/** A value's text for a store key: its type and its canonical value (binary as base64). */
/**
 * A key value as text, equal exactly when the values are: item documents are named by their keys' texts
 * joined with `|`, so a `|` in a string (and the `%` that escapes it) is escaped, and one partition's items
 * share the prefix `<hash text>|`.
 */
export function keyText(value: AttributeValue): string {
  if (value.N !== undefined) return `N:${canonicalNumber(value.N)}`;
  if (value.B !== undefined) return `B:${toBase64(value.B)}`;
  const text = value.S ?? '';
  return `S:${/[%|]/.test(text) ? text.replace(/%/g, '%25').replace(/\|/g, '%7C') : text}`;
}
