/**
 * The JMESPath built-in functions with python jmespath 1.1.0's signatures, argument checks and results:
 * strings are measured, reversed, sorted and compared by code point; `max`/`min`/`sort`/`sort_by`/
 * `max_by`/`min_by` order strings as well as numbers; `avg([])` is null; `to_string` is Python's
 * `json.dumps`; `to_number` is Python's `int()`/`float()`. Arity and type errors use python's wording.
 *
 * Derived from jmespath.js 0.16.0 (Copyright 2014 James Saryerwinnie, Apache-2.0) and changed to follow
 * python jmespath 1.1.0 (Copyright (c) 2013 Amazon.com, Inc. or its affiliates, MIT); see LICENSES.md.
 */
import type { Node } from './ast.js';
import { arityError, typeError, unknownFunctionError, unorderableError } from './jmespath-error.js';
import { parsePyNumber, pyJsonDumps, pyTypeName } from './python-text.js';
import { setOwn } from '../own.js';
import { Expref, codePointLength, compareScalars, typeOf, valuesEqual, type JmespathType } from './values.js';

/** Evaluates an expression reference's tree against a value (supplied by the interpreter). */
export type Evaluate = (node: Node, value: unknown) => unknown;

/** Checks the arguments of the function `name` and calls it; throws JmespathError on misuse. */
export function callFunction(name: string, args: unknown[], evaluate: Evaluate): unknown {
  const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (spec === undefined) throw unknownFunctionError(name);
  const declared = spec.params.length;
  if (spec.variadic ? args.length < declared : args.length !== declared) {
    throw arityError(name, declared, args.length, spec.variadic === true);
  }
  for (let i = 0; i < args.length; i++) {
    // Variadic arguments all take the last parameter's types (python checks only the first of them and
    // then fails with a bare Python TypeError; a typed error is the better report).
    const types = spec.params[Math.min(i, declared - 1)]!;
    if (types.length > 0) checkType(name, args[i], types);
  }
  return spec.call(args as never, evaluate);
}

/** Parameter types as python spells them: `array-number` is an array whose elements are all numbers. */
type ParamTypes = readonly string[];

interface FunctionSpec {
  /** One entry per parameter; an empty list accepts any value. */
  readonly params: readonly ParamTypes[];
  readonly variadic?: boolean;
  /**
   * Called only after the arguments passed the checks above, so it may take them as the declared types
   * (`never` accepts a function of any argument types).
   */
  readonly call: (args: never, evaluate: Evaluate) => unknown;
}

const NUMBER: ParamTypes = ['number'];
const STRING: ParamTypes = ['string'];
const OBJECT: ParamTypes = ['object'];
const ARRAY: ParamTypes = ['array'];
const EXPREF: ParamTypes = ['expref'];
const ANY: ParamTypes = [];

const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  abs: { params: [NUMBER], call: ([n]: [number]) => Math.abs(n) },
  avg: { params: [['array-number']], call: ([list]: [number[]]) => (list.length ? sum(list) / list.length : null) },
  ceil: { params: [NUMBER], call: ([n]: [number]) => pyInt(Math.ceil(n)) },
  contains: {
    params: [['array', 'string'], ANY],
    call: ([subject, search]: [unknown[] | string, unknown]) =>
      // python's `in` on a str with a non-str raises; no string contains a non-string.
      typeof subject === 'string'
        ? typeof search === 'string' && subject.includes(search)
        : subject.some((item) => valuesEqual(item, search)),
  },
  ends_with: { params: [STRING, STRING], call: ([text, suffix]: [string, string]) => text.endsWith(suffix) },
  floor: { params: [NUMBER], call: ([n]: [number]) => pyInt(Math.floor(n)) },
  join: { params: [STRING, ['array-string']], call: ([glue, list]: [string, string[]]) => list.join(glue) },
  keys: { params: [OBJECT], call: ([object]: [object]) => Object.keys(object) },
  length: {
    params: [['string', 'array', 'object']],
    call: ([value]: [string | unknown[] | object]) =>
      typeof value === 'string'
        ? codePointLength(value)
        : Array.isArray(value)
          ? value.length
          : Object.keys(value).length,
  },
  map: {
    params: [EXPREF, ARRAY],
    call: ([ref, list]: [Expref, unknown[]], evaluate) => list.map((item) => evaluate(ref.node, item)),
  },
  max: {
    params: [['array-number', 'array-string']],
    call: ([list]: [Array<number | string>]) => extreme('max', list, identity),
  },
  max_by: {
    params: [ARRAY, EXPREF],
    call: ([list, ref]: [unknown[], Expref], evaluate) => extremeBy('max_by', list, ref, evaluate),
  },
  merge: {
    params: [OBJECT],
    variadic: true,
    call: (objects: Array<Record<string, unknown>>) => {
      const merged: Record<string, unknown> = {};
      for (const object of objects) for (const key of Object.keys(object)) setOwn(merged, key, object[key]);
      return merged;
    },
  },
  min: {
    params: [['array-number', 'array-string']],
    call: ([list]: [Array<number | string>]) => extreme('min', list, identity),
  },
  min_by: {
    params: [ARRAY, EXPREF],
    call: ([list, ref]: [unknown[], Expref], evaluate) => extremeBy('min_by', list, ref, evaluate),
  },
  not_null: {
    params: [ANY],
    variadic: true,
    call: (values: unknown[]) => values.find((v) => v !== null && v !== undefined) ?? null,
  },
  reverse: {
    params: [['array', 'string']],
    call: ([value]: [unknown[] | string]) =>
      typeof value === 'string' ? Array.from(value).reverse().join('') : value.slice().reverse(),
  },
  sort: {
    params: [['array-string', 'array-number']],
    call: ([list]: [Array<number | string>]) => list.slice().sort(compareScalars),
  },
  sort_by: {
    params: [ARRAY, EXPREF],
    call: ([list, ref]: [unknown[], Expref], evaluate) => sortBy(list, ref, evaluate),
  },
  starts_with: { params: [STRING, STRING], call: ([text, prefix]: [string, string]) => text.startsWith(prefix) },
  sum: { params: [['array-number']], call: ([list]: [number[]]) => sum(list) },
  to_array: { params: [ANY], call: ([value]: [unknown]) => (Array.isArray(value) ? value : [value]) },
  to_number: {
    params: [ANY],
    call: ([value]: [unknown]) =>
      typeof value === 'number' ? value : typeof value === 'string' ? parsePyNumber(value) : null,
  },
  to_string: { params: [ANY], call: ([value]: [unknown]) => (typeof value === 'string' ? value : pyJsonDumps(value)) },
  type: {
    params: [ANY],
    // python answers None for an expression reference or a foreign object.
    call: ([value]: [unknown]) => {
      const type = typeOf(value);
      return type === 'expref' || type === 'unknown' ? null : type;
    },
  },
  values: { params: [OBJECT], call: ([object]: [Record<string, unknown>]) => Object.values(object) },
};

/**
 * python's `_type_check_single`: the value's type must be one of the top-level types; for `array-X`
 * types the elements must also match — all of one subtype, chosen by the first element when several
 * are allowed. Element errors name the Python type (`str`, `int`), top-level ones the JMESPath type.
 */
function checkType(name: string, value: unknown, allowed: ParamTypes): void {
  const actual = typeOf(value);
  const subtypes: JmespathType[] = [];
  let matches = false;
  for (const type of allowed) {
    const [top, sub] = type.split('-') as [JmespathType, JmespathType | undefined];
    if (top === actual) matches = true;
    if (sub) subtypes.push(sub);
  }
  if (!matches) throw typeError(name, value, actual, allowed);
  if (subtypes.length === 0 || !Array.isArray(value) || value.length === 0) return;
  const required = subtypes.length === 1 ? subtypes[0] : subtypes.find((sub) => sub === typeOf(value[0]));
  if (required === undefined) throw typeError(name, value[0], pyTypeName(value[0]), allowed);
  for (const item of value) {
    if (typeOf(item) !== required) throw typeError(name, item, pyTypeName(item), allowed);
  }
}

/** Python's `sum`: left to right from int 0 (no compensated summation before Python 3.12). */
function sum(list: readonly number[]): number {
  let total = 0;
  for (const n of list) total += n;
  return total;
}

/** Python's `math.ceil`/`math.floor` return ints, so never -0. */
function pyInt(n: number): number {
  return n === 0 ? 0 : n;
}

/**
 * Python's `max`/`min`: keys are taken in order and the first item whose key is strictly greater (less)
 * than the best so far wins, so ties keep the earliest. A key of another type than the best one cannot
 * be ordered, which Python reports as a TypeError as soon as it meets it.
 */
function extreme<T>(which: 'max' | 'min', items: readonly T[], keyOf: (item: T) => number | string): T | null {
  if (items.length === 0) return null;
  let best = items[0]!;
  let bestKey = keyOf(best);
  for (let i = 1; i < items.length; i++) {
    const key = keyOf(items[i]!);
    if (typeof key !== typeof bestKey) {
      throw unorderableError(which === 'max' ? '>' : '<', pyTypeName(key), pyTypeName(bestKey));
    }
    const order = compareScalars(key, bestKey);
    if (which === 'max' ? order > 0 : order < 0) {
      best = items[i]!;
      bestKey = key;
    }
  }
  return best;
}

function extremeBy(name: 'max_by' | 'min_by', list: readonly unknown[], ref: Expref, evaluate: Evaluate): unknown {
  return extreme(name === 'max_by' ? 'max' : 'min', list, (item) =>
    sortKey(name, evaluate(ref.node, item), ['number', 'string']),
  );
}

/** A stable sort by the key of each element; every key must have the type of the first one. */
function sortBy(list: readonly unknown[], ref: Expref, evaluate: Evaluate): unknown[] {
  if (list.length === 0) return [];
  const first = evaluate(ref.node, list[0]);
  const required = typeOf(first);
  if (required !== 'number' && required !== 'string')
    throw typeError('sort_by', list[0], required, ['string', 'number']);
  const keys = list.map((item, i) => sortKey('sort_by', i === 0 ? first : evaluate(ref.node, item), [required]));
  const order = list.map((_, i) => i);
  order.sort((a, b) => compareScalars(keys[a]!, keys[b]!) || a - b);
  return order.map((i) => list[i]);
}

function identity<T>(value: T): T {
  return value;
}

/** python's key function: the key must be one of `allowed`. */
function sortKey(name: string, key: unknown, allowed: readonly JmespathType[]): number | string {
  const type = typeOf(key);
  if (!allowed.includes(type)) throw typeError(name, key, type, allowed);
  return key as number | string;
}
