/**
 * `--output json`: Python's `json.dumps(value, indent=4, ensure_ascii=False)` as the AWS CLI calls it —
 * key order as held, non-ASCII kept, floats in Python's repr, blobs as base64 text.
 */
import { base64, pyFloatRepr, PyFloat } from './py-values.js';

export function formatJson(value: unknown, indent = 4): string {
  const out: string[] = [];
  write(value, '', indent, out);
  return out.join('');
}

function write(value: unknown, pad: string, indent: number, out: string[]): void {
  if (value === null || value === undefined) { out.push('null'); return; }
  if (value === true || value === false) { out.push(String(value)); return; }
  if (value instanceof PyFloat) { out.push(floatJson(value.value)); return; }
  if (typeof value === 'number') { out.push(Number.isInteger(value) ? BigInt(value).toString() : floatJson(value)); return; }
  if (typeof value === 'string') { out.push(JSON.stringify(value)); return; }
  if (value instanceof Uint8Array) { out.push(JSON.stringify(base64(value))); return; }
  const inner = pad + ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) { out.push('[]'); return; }
    out.push('[\n');
    value.forEach((item, i) => {
      out.push(inner);
      write(item, inner, indent, out);
      out.push(i < value.length - 1 ? ',\n' : '\n');
    });
    out.push(`${pad}]`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) { out.push('{}'); return; }
  out.push('{\n');
  entries.forEach(([k, v], i) => {
    out.push(`${inner}${JSON.stringify(k)}: `);
    write(v, inner, indent, out);
    out.push(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.push(`${pad}}`);
}

/** json.dumps spells non-finite floats as JavaScript does. */
function floatJson(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(value);
}
