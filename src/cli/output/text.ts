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
  const nested: Array<[string, unknown]> = [];
  if (scalarKeys === undefined) {
    for (const key of sortedKeys(item)) {
      const v = item[key];
      if (isScalar(v)) scalars.push(pyStr(v));
      else nested.push([key, v]);
    }
  } else {
    for (const key of scalarKeys) scalars.push(key in item ? pyStr(item[key]) : '');
    const known = new Set(scalarKeys);
    for (const key of sortedKeys(item)) if (!known.has(key)) nested.push([key, item[key]]);
  }
  if (scalars.length) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [key, v] of nested) formatValue(v, out, key, undefined);
}

function allScalarKeys(items: unknown[]): string[] {
  const keys = new Set<string>();
  for (const el of items) {
    if (isScalar(el) || Array.isArray(el)) continue;
    for (const [k, v] of Object.entries(el as Record<string, unknown>)) if (isScalar(v)) keys.add(k);
  }
  return [...keys].sort(pyCompare);
}

/** Keys in Python's sort order (code points, not UTF-16 units). */
export function sortedKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj).sort(pyCompare);
}

export function pyCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ia = [...a];
  const ib = [...b];
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const d = ia[i]!.codePointAt(0)! - ib[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ia.length - ib.length;
}
