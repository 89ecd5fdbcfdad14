/**
 * JMESPath's view of plain JS data, with python jmespath 1.1.0's rules: types, truthiness, equality
 * (1 equals 1.0, but 0 and 1 never equal false and true), and ordering of numbers and of strings, the
 * latter by Unicode code point (Python's str order, not JS's UTF-16 code-unit order).
 *
 * Values that are not JSON (a Date, a Uint8Array) have type `unknown`, as foreign objects do in python
 * jmespath: no field access, no ordering, rejected by typed function arguments.
 */
import type { Node } from './ast.js';

export type JmespathType = 'number' | 'string' | 'boolean' | 'array' | 'object' | 'null' | 'expref' | 'unknown';

/** The value of `&expr`: an expression handed to a function (`sort_by`, `map`, ...) unevaluated. */
export class Expref {
  readonly node: Node;
  constructor(node: Node) {
    this.node = node;
  }
  /** How error messages show it (python prints the object's address). */
  toString(): string {
    return '<expression>';
  }
}

/** A JSON object: a plain object, not an array, Date, typed array or class instance. */
export function isObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function typeOf(value: unknown): JmespathType {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
  }
  if (Array.isArray(value)) return 'array';
  if (isObject(value)) return 'object';
  return value instanceof Expref ? 'expref' : 'unknown';
}

/** JMESPath falsiness: null, false, '', [] and {}; every number (0 too) is true. */
export function isFalse(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) {
    for (const key in value) if (Object.hasOwn(value, key)) return false;
    return true;
  }
  return false;
}

/** `==` of python jmespath: JSON equality where numbers compare by value and booleans never equal numbers. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) if (!Object.hasOwn(b, key) || !valuesEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/**
 * `<`, `<=`, `>`, `>=` as python jmespath evaluates them: two numbers or two strings compare; any
 * other pair gives null. (Python raises a TypeError for a number against a string; null is kinder and is
 * what every other unsupported pair gives.)
 */
export function orderValues(name: 'lt' | 'lte' | 'gt' | 'gte', a: unknown, b: unknown): boolean | null {
  let x: number;
  let y: number;
  if (typeof a === 'number' && typeof b === 'number') {
    x = a;
    y = b;
  } else if (typeof a === 'string' && typeof b === 'string') {
    x = compareStrings(a, b);
    y = 0;
  } else {
    return null;
  }
  // Numbers compare directly, so NaN is unordered and Infinity equals itself, as in Python.
  switch (name) {
    case 'lt':
      return x < y;
    case 'lte':
      return x <= y;
    case 'gt':
      return x > y;
    case 'gte':
      return x >= y;
  }
}

/**
 * Code-point order of two strings. UTF-16 order differs only where a surrogate (an astral character)
 * meets a unit in U+E000..U+FFFF, so the first differing units are remapped to put surrogates last.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Ascending comparison of two numbers or two strings (the caller has checked they are the same type). */
export function compareScalars(a: number | string, b: number | string): number {
  if (typeof a === 'number') return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
  return compareStrings(a, b as string);
}

/** Length in code points, as Python's `len(str)`. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
