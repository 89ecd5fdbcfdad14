/**
 * `--output text`, laid out as the AWS CLI's text.py does: a dict prints its scalar values on one
 * tab-separated line (keys sorted), then each list or dict value under its upper-cased key; a list of
 * dicts shares one sorted set of scalar columns; a list of scalars is one line (or one line per item
 * under an identifier).
 */
import { groupScalarKeys, sortedKeys, sortedOnce } from './keys.js';
import { isScalar, pyStr } from './py-values.js';

/** Writes the text output in pieces of about 64 KB as it is made, so a large result is never held twice. */
export function writeText(value: unknown, write: (chunk: string) => void): void {
  const out = new Lines(write);
  formatValue(value, out, undefined, undefined);
  out.flush();
}

class Lines {
  private lines: string[] = [];
  private size = 0;

  constructor(private readonly write: (chunk: string) => void) {}

  push(line: string): void {
    this.lines.push(line);
    this.size += line.length;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (!this.lines.length) return;
    this.write(this.lines.join(''));
    this.lines = [];
    this.size = 0;
  }
}

function formatValue(
  item: unknown,
  out: Lines,
  identifier: string | undefined,
  scalarKeys: string[] | undefined,
): void {
  if (Array.isArray(item)) formatList(item, out, identifier);
  else if (!isScalar(item)) formatDict(item as Record<string, unknown>, out, identifier, scalarKeys);
  else out.push(`${pyStr(item)}\n`);
}

function formatList(items: unknown[], out: Lines, identifier: string | undefined): void {
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

function formatScalarList(items: unknown[], out: Lines, identifier: string | undefined): void {
  if (identifier !== undefined) {
    for (const el of items) out.push(`${upper(identifier)}\t${pyStr(el)}\n`);
  } else {
    out.push(`${items.map(pyStr).join('\t')}\n`);
  }
}

function formatDict(
  item: Record<string, unknown>,
  out: Lines,
  identifier: string | undefined,
  scalarKeys: string[] | undefined,
): void {
  let nested: string[];
  let columns: string[];
  if (scalarKeys === undefined) {
    [columns, nested] = groupScalarKeys(item);
  } else {
    columns = scalarKeys;
    nested = nestedKeys(sortedKeys(item), scalarKeys);
  }
  // The row is built as one string (tab-joined cells after the upper-cased identifier): a row per dict
  // makes this the hottest loop of large text outputs.
  if (columns.length) {
    let line = identifier === undefined ? '' : `${upper(identifier)}\t`;
    for (let i = 0; i < columns.length; i++) {
      const key = columns[i]!;
      const value = item[key];
      if (i > 0) line += '\t';
      if (value !== undefined || key in item) line += pyStr(value);
    }
    out.push(`${line}\n`);
  }
  for (const key of nested) formatValue(item[key], out, key, undefined);
}

const upperCache = new Map<string, string>();

/** An identifier upper-cased as Python's str.upper() does it, once per distinct key (map keys can be many: the cache is bounded). */
function upper(identifier: string): string {
  let cached = upperCache.get(identifier);
  if (cached === undefined) {
    cached = identifier.toUpperCase();
    if (upperCache.size < 1024) upperCache.set(identifier, cached);
  }
  return cached;
}

/** The scalar columns of a list of dicts: every key that holds a scalar in any of them. */
function allScalarKeys(items: unknown[]): string[] {
  const keys = new Set<string>();
  let previous: string[] | undefined;
  for (const el of items) {
    if (isScalar(el) || Array.isArray(el)) continue;
    const [scalars] = groupScalarKeys(el as Record<string, unknown>);
    if (scalars === previous) continue;
    previous = scalars;
    for (const k of scalars) keys.add(k);
  }
  return sortedOnce([...keys]);
}

const nestedCache = new WeakMap<string[], { scalarKeys: string[]; nested: string[] }>();

/**
 * The keys of a row that are not among its list's scalar columns, in sorted order. Rows with the
 * same keys share one sorted key array (see sortedKeys), so the answer is kept on it.
 */
function nestedKeys(sorted: string[], scalarKeys: string[]): string[] {
  const known = nestedCache.get(sorted);
  if (known?.scalarKeys === scalarKeys) return known.nested;
  const columns = new Set(scalarKeys);
  const nested = sorted.filter((k) => !columns.has(k));
  // A one-key dict's key list is its own (see sortedKeys): nothing would find the answer again.
  if (sorted.length > 1) nestedCache.set(sorted, { scalarKeys, nested });
  return nested;
}
