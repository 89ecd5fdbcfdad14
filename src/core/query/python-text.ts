/**
 * How python jmespath 1.1.0 turns values into text and text into numbers, reproduced over plain JSON
 * values: `str()`/`repr()` (error messages), `json.dumps(v, separators=(',', ':'))` with ASCII escaping
 * (`to_string`), Python type names (type errors) and `int()`/`float()` (`to_number`).
 *
 * JS keeps one number type, so an integral value prints as a Python int (`1`, never `1.0`) and any other
 * as a Python float (`0.5`, `1e-05`).
 */
import { Expref, isObject } from './values.js';

/** Python `str(value)`: strings as they are, anything else as `repr`. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** Python `repr(value)` of the Python object python jmespath would hold for this JSON value. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumberText(value, 'nan', 'inf');
  if (typeof value === 'string') return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .map((key) => `${pyStringRepr(key)}: ${pyRepr(value[key])}`)
      .join(', ')}}`;
  }
  return String(value);
}

/**
 * Python `json.dumps(value, separators=(',', ':'), default=str)`: compact, key order kept, ASCII-only;
 * `spaced` gives json.dumps's default separators (', ' and ': ').
 */
export function pyJsonDumps(value: unknown, spaced = false): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pyNumberText(value, 'NaN', 'Infinity');
  if (typeof value === 'string') return jsonString(value);
  const comma = spaced ? ', ' : ',';
  if (Array.isArray(value)) return `[${value.map((v) => pyJsonDumps(v, spaced)).join(comma)}]`;
  if (isObject(value)) {
    const colon = spaced ? ': ' : ':';
    return `{${Object.keys(value)
      .map((key) => `${jsonString(key)}${colon}${pyJsonDumps(value[key], spaced)}`)
      .join(comma)}}`;
  }
  return jsonString(String(value));
}

/** `type(value).__name__` of the Python object behind a JSON value (python's subtype errors print it). */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
  }
  if (Array.isArray(value)) return 'list';
  if (isObject(value)) return 'dict';
  return value instanceof Expref ? '_Expression' : 'unknown';
}

/**
 * Python `int(text)`, else `float(text)`, else null: surrounding whitespace, a sign, `_` between digits,
 * `.5`, `5.`, exponents, `inf`/`infinity`/`nan` in any case. (`''` is null, unlike JS `Number('')`.)
 */
export function parsePyNumber(text: string): number | null {
  const trimmed = text.replace(PY_STRIP, '');
  if (PY_INT.test(trimmed) || PY_FLOAT.test(trimmed)) return Number(trimmed.replaceAll('_', ''));
  const special = PY_SPECIAL_FLOAT.exec(trimmed);
  if (!special) return null;
  if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

// Python's str.isspace() set, which str.strip() removes.
const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const DIGITS = '[0-9](?:_?[0-9])*';
const PY_INT = new RegExp(`^[+-]?${DIGITS}$`);
const PY_FLOAT = new RegExp(`^[+-]?(?:${DIGITS}\\.(?:${DIGITS})?|\\.${DIGITS}|${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const PY_SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** A number as Python prints it: integral values as ints (all digits), others as float repr. */
function pyNumberText(value: number, nan: string, infinity: string): string {
  if (Number.isNaN(value)) return nan;
  if (!Number.isFinite(value)) return value > 0 ? infinity : `-${infinity}`;
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  // Python's repr switches to exponent notation below 1e-4 (JS only below 1e-6), with two exponent digits.
  if (exponent < -4) return `${mantissa}e-${String(-exponent).padStart(2, '0')}`;
  return String(value);
}

/** Python's repr of a str: single quotes unless only double quotes avoid escaping; non-printables escaped. */
function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char !== ' ' && NON_PRINTABLE.test(char)) out += pyCodeEscape(char.codePointAt(0)!);
    else out += char;
  }
  return out + quote;
}

// Python's str.isprintable() is false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs (but not ' ').
const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

function pyCodeEscape(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** A JSON string with Python's ensure_ascii escaping: everything outside ' '..'~' as \uXXXX (lower case). */
function jsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) {
      out += code === 0x22 ? '\\"' : code === 0x5c ? '\\\\' : text[i];
    } else {
      out += JSON_SHORT_ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
  return out + '"';
}

const JSON_SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
