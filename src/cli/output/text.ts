/**
 * `--output text`, laid out as the AWS CLI's text.py does: a dict prints its scalar values on one
 * tab-separated line (keys sorted), then each list or dict value under its upper-cased key; a list of
 * dicts shares one sorted set of scalar columns; a list of scalars is one line (or one line per item
 * under an identifier).
 */
import { isScalar, pyStr } from './py-values.js';

export function formatText(value: unknown): string {
  const out: string[] = [];
  formatValue(value, out, undefined, undefined);
  return out.join('');
}

function formatValue(item: unknown, out: string[], identifier: string | undefined, scalarKeys: string[] | undefined): void {
  if (Array.isArray(item)) formatList(item, out, identifier);
  else if (!isScalar(item)) formatDict(item as Record<string, unknown>, out, identifier, scalarKeys);
  else out.push(`${pyStr(item)}\n`);
}

function formatList(items: unknown[], out: string[], identifier: string | undefined): void {
  if (items.length === 0) return;
  if (items.some((el) => !isScalar(el) && !Array.isArray(el))) {
    const keys = allScalarKeys(items);
    for (const el of items) formatValue(el, out, identifier, keys);
  } else if (items.some(Array.isArray)) {
    const scalars = items.filter(isScalar);
    if (scalars.length) formatScalarList(scalars, out, identifier);
    for (const el of items) if (!isScalar(el)) formatValue(el, out, identifier, undefined);
  } else {
    formatScalarList(items, out, identifier);
  }
}

function formatScalarList(items: unknown[], out: string[], identifier: string | undefined): void {
  if (identifier !== undefined) {
    for (const el of items) out.push(`${identifier.toUpperCase()}\t${pyStr(el)}\n`);
  } else {
    out.push(`${items.map(pyStr).join('\t')}\n`);
  }
}

function formatDict(item: Record<string, unknown>, out: string[], identifier: string | undefined, scalarKeys: string[] | undefined): void {
  const scalars: string[] = [];
  const nested: string[] = [];
  if (scalarKeys === undefined) {
    for (const key of sortedKeys(item)) {
      const v = item[key];
      if (isScalar(v)) scalars.push(pyStr(v));
      else nested.push(key);
    }
  } else {
    for (const key of scalarKeys) scalars.push(key in item ? pyStr(item[key]) : '');
    const known = keySet(scalarKeys);
    for (const key of sortedKeys(item)) if (!known.has(key)) nested.push(key);
  }
  if (scalars.length) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const key of nested) formatValue(item[key], out, key, undefined);
}

function allScalarKeys(items: unknown[]): string[] {
  const keys = new Set<string>();
  for (const el of items) {
    if (isScalar(el) || Array.isArray(el)) continue;
    const obj = el as Record<string, unknown>;
    for (const k in obj) if (isScalar(obj[k])) keys.add(k);
  }
  return sortedOnce([...keys]);
}

const keySets = new WeakMap<string[], Set<string>>();

/** The scalar columns of a list as a set, built once per list rather than once per row. */
function keySet(keys: string[]): Set<string> {
  let set = keySets.get(keys);
  if (!set) keySets.set(keys, (set = new Set(keys)));
  return set;
}

const sortedCache = new Map<string, Array<{ keys: string[]; sorted: string[] }>>();

/**
 * Keys in Python's sort order (code points, not UTF-16 units). The objects of one response come in
 * few key sets (every instance of a page has the same members), so each set is sorted once; a set is
 * found by its first key and compared key by key (property names are interned, so that is cheap).
 */
export function sortedKeys(obj: Record<string, unknown>): string[] {
  return sortedOnce(Object.keys(obj));
}

function sortedOnce(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  const first = keys[0]!;
  let entries = sortedCache.get(first);
  if (!entries) sortedCache.set(first, (entries = []));
  for (const entry of entries) if (sameKeys(entry.keys, keys)) return entry.sorted;
  const sorted = [...keys].sort(pyCompare);
  if (entries.length < 64) entries.push({ keys, sorted });
  return sorted;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const SURROGATE = /[\ud800-\udfff]/;

export function pyCompare(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order is code point order unless a surrogate pair meets a character above U+E000.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  const ia = [...a];
  const ib = [...b];
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const d = ia[i]!.codePointAt(0)! - ib[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ia.length - ib.length;
}
