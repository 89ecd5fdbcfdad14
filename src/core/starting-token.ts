/**
 * The AWS CLI's pagination token (`NextToken` in truncated output, `--starting-token` in): base64 of
 * Python's `json.dumps` of the input tokens plus `boto_truncate_amount`, byte for byte as botocore's
 * TokenEncoder writes it, so a token printed by `aws` resumes under `isoaws` and the other way round.
 * Byte values inside a token are base64 text listed under `boto_encoded_keys`, as botocore does.
 */
import { IsoawsError } from './errors.js';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from './protocols/shared.js';

export class StartingTokenError extends IsoawsError {
  override name = 'StartingTokenError';
}

export function encodeStartingToken(token: Record<string, unknown>): string {
  const encodedKeys: Array<Array<string | number>> = [];
  const walk = (value: unknown, path: Array<string | number>): unknown => {
    if (value instanceof Uint8Array) {
      encodedKeys.push(path);
      return toBase64(value);
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    return value;
  };
  const plain = walk(token, []) as Record<string, unknown>;
  if (encodedKeys.length) plain.boto_encoded_keys = encodedKeys;
  return toBase64(utf8Encode(pyDumps(plain)));
}

export function decodeStartingToken(text: string): Record<string, unknown> {
  let token: Record<string, unknown>;
  try {
    token = JSON.parse(utf8Decode(fromBase64(text)));
    if (!token || typeof token !== 'object' || Array.isArray(token)) throw new TypeError('not an object');
  } catch (err) {
    throw new StartingTokenError(`Invalid value for --starting-token: ${text}`, { cause: err });
  }
  const encoded = token.boto_encoded_keys as Array<Array<string | number>> | undefined;
  delete token.boto_encoded_keys;
  for (const path of encoded ?? []) {
    let parent: Record<string | number, unknown> = token;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    parent[last] = fromBase64(String(parent[last]));
  }
  return token;
}

/** Python's `json.dumps` with its default separators (`, ` and `: `) and ASCII-only output. */
function pyDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyDumps(k)}: ${pyDumps(v)}`)
    .join(', ')}}`;
}
