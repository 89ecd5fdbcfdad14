/**
 * Key order as the service sent it. JavaScript objects list integer-like keys ("0", "42") first and
 * ascending, whatever order they were added in; Python dicts, and so the AWS CLI's JSON output, keep
 * the order received. Parsers mark objects whose keys include integer-like ones with the received
 * order under KEY_ORDER (not enumerable, so the object is otherwise plain); the JSON output uses it.
 */
import { setOwn } from './own.js';

export const KEY_ORDER: unique symbol = Symbol.for('isoaws.keyOrder');

export type Ordered = Record<string, unknown> & { [KEY_ORDER]?: string[] };

export function isIntegerKey(key: string): boolean {
  return /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** Records `keys` as the order of `target` when JavaScript would not keep it. */
export function keepOrder<T extends object>(target: T, keys: string[]): T {
  if (keys.some(isIntegerKey))
    Object.defineProperty(target, KEY_ORDER, { value: keys, enumerable: false, configurable: true });
  return target;
}

/** The keys of `obj` in received order. */
export function orderedKeys(obj: object): string[] {
  return (obj as Ordered)[KEY_ORDER] ?? Object.keys(obj);
}

/**
 * JSON.parse that keeps the received order of objects with integer-like keys. Only when the text has
 * such a key (a quick test) is it scanned: those keys are renamed so that JSON.parse keeps their
 * place, then restored, the order recorded.
 */
export function parseJsonKeepingOrder(text: string): unknown {
  if (!/"(0|[1-9]\d*)"\s*:/.test(text)) return JSON.parse(text);
  return restore(JSON.parse(markIntegerKeys(text)));
}

const MARK = '\u0000#';

/** Prefixes every integer-like object key (a string followed by `:`) so it is not an array index any more. */
function markIntegerKeys(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 34 /* " */) continue;
    const start = i;
    for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    let j = i + 1;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (text[j] === ':' && isIntegerKey(text.slice(start + 1, i))) {
      out += `${text.slice(last, start + 1)}\\u0000#`;
      last = start + 1;
    }
  }
  return out + text.slice(last);
}

function restore(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(restore);
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).map((k) => (k.startsWith(MARK) ? k.slice(MARK.length) : k));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj))
    setOwn(out, key.startsWith(MARK) ? key.slice(MARK.length) : key, restore(obj[key]));
  return keepOrder(out, keys);
}
