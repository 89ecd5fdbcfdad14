/**
 * Key order as the AWS CLI's formatters see it: Python's sorted() over a dict's keys, and the split of
 * a dict's keys into scalar columns and nested values that text and table output both make.
 */
import { isScalar } from './py-values.js';

const sortedCache = new Map<string, Array<{ keys: string[]; sorted: string[] }>>();

/**
 * Keys in Python's sort order (code points, not UTF-16 units). The objects of one response come in
 * few key sets (every instance of a page has the same members), so each set is sorted once; a set is
 * found by its first key and compared key by key (property names are interned, so that is cheap).
 */
export function sortedKeys(obj: Record<string, unknown>): string[] {
  return sortedOnce(Object.keys(obj));
}

export function sortedOnce(keys: string[]): string[] {
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

const groups = new WeakMap<string[], [string[], string[]]>();

/**
 * The scalar and the nested keys of a dict, each sorted. The partition is kept per sorted key list
 * (shared by every dict with the same keys, see sortedKeys) while the scalar-ness of the values agrees.
 */
export function groupScalarKeys(current: Record<string, unknown>): [string[], string[]] {
  const keys = sortedKeys(current);
  const known = groups.get(keys);
  if (known && known[0].every((k) => isScalar(current[k])) && known[1].every((k) => !isScalar(current[k])))
    return known;
  const headers: string[] = [];
  const more: string[] = [];
  for (const key of keys) (isScalar(current[key]) ? headers : more).push(key);
  const group: [string[], string[]] = [headers, more];
  // A one-key dict's key list is not shared (sortedKeys returns it as it is), so there is nothing to keep it on.
  if (keys.length > 1) groups.set(keys, group);
  return group;
}
