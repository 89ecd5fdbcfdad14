/**
 * `--output json` as the AWS CLI prints it: Python's `json.dumps(obj, indent=4, ensure_ascii=False)`
 * with timestamps in ISO 8601 (`2024-01-02T03:04:05+00:00`, the `cli_timestamp_format` default) and
 * blobs base64-encoded. Key order is kept as received.
 */
import { toBase64 } from '../core/protocols/shared.js';

export function formatJson(value: unknown): string {
  return JSON.stringify(value, replacer, 4) ?? 'null';
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return toBase64(value);
  if (typeof value === 'string' && this && (this as Record<string, unknown>)[_key] instanceof Date) {
    return isoTimestamp((this as Record<string, unknown>)[_key] as Date);
  }
  return value;
}

/** Python's `datetime.isoformat()` of an aware UTC datetime: microseconds only when non-zero. */
export function isoTimestamp(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
}
