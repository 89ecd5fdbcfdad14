/**
 * `--output json`: Python's `json.dumps(value, indent=4, ensure_ascii=False)` as the AWS CLI calls it —
 * key order as held, non-ASCII kept, floats in Python's repr, blobs as base64 text.
 */
import { KEY_ORDER, orderedKeys } from '../../core/key-order.js';
import { base64, isoTimestamp, pyFloatRepr, PyFloat } from './py-values.js';

export function formatJson(value: unknown, indent = 4): string {
  // V8's JSON.stringify lays out indent=4 exactly as Python does; only the numbers Python spells
  // differently (whole floats, exponents) and blobs go through the replacer, as marked strings that
  // are then unquoted. The marker holds a per-call random part, so no data can imitate it.
  const marker = `\u0001${Math.random().toString(36).slice(2)}:`;
  let marked = false;
  let reordered = false;
  const text = JSON.stringify(
    value ?? null,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      // JSON.stringify has already called Date#toJSON (`2024-05-01T12:34:56.000Z`); the holder still has
      // the Date. The length test keeps the holder lookup off the other strings.
      if (typeof v === 'string' && v.length >= 24 && v.charCodeAt(v.length - 1) === 90 && this[key] instanceof Date)
        return isoTimestamp(this[key] as Date);
      if (typeof v === 'number') {
        const python = pyNumber(v);
        if (python === String(v)) return v;
        marked = true;
        return `${marker}${python}`;
      }
      if (v instanceof PyFloat) {
        marked = true;
        return `${marker}${floatJson(v.value)}`;
      }
      if (v instanceof Uint8Array) return base64(v);
      if (v !== null && typeof v === 'object' && KEY_ORDER in v) reordered = true;
      return v;
    },
    indent || undefined,
  );
  // Integer-like keys that JavaScript moved to the front (rare): write the whole value by hand.
  if (reordered) return writeOrdered(value ?? null, '', ' '.repeat(indent));
  if (!marked) return text;
  const escaped = JSON.stringify(marker)
    .slice(1, -1)
    .replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return text.replace(new RegExp(`"${escaped}([^"]*)"`, 'g'), '$1');
}

/** A number as Python's json.dumps writes it: ints in full, floats in repr. */
function pyNumber(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : floatJson(v);
}

/** json.dumps spells non-finite floats as JavaScript does. */
function floatJson(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(value);
}

/** The same layout as JSON.stringify(value, null, indent), keys in received order (see key-order.ts). */
function writeOrdered(value: unknown, pad: string, step: string): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof PyFloat) return floatJson(value.value);
  if (value instanceof Date) return JSON.stringify(isoTimestamp(value));
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Uint8Array) return JSON.stringify(base64(value));
  const inner = pad + step;
  const sep = step ? ',\n' : ',';
  const open = step ? '\n' : '';
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${open}${value.map((v) => inner + writeOrdered(v, inner, step)).join(sep)}${open}${pad}]`;
  }
  const keys = orderedKeys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  if (!keys.length) return '{}';
  const colon = step ? ': ' : ':';
  return `{${open}${keys.map((k) => `${inner}${JSON.stringify(k)}${colon}${writeOrdered((value as Record<string, unknown>)[k], inner, step)}`).join(sep)}${open}${pad}}`;
}
