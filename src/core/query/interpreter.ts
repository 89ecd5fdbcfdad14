/**
 * JMESPath tree interpreter: evaluates a parsed expression against plain JS data without copying it.
 * Projections drop null results; field access reads own properties of JSON objects only (never an
 * inherited `constructor`); `<`/`>` order strings by code point and give null for other pairs;
 * subexpressions do not stop at null (`missing.to_string(@)` is `"null"`), all as in python jmespath 1.1.0.
 *
 * Derived from jmespath.js 0.16.0 (Copyright 2014 James Saryerwinnie, Apache-2.0) and changed to follow
 * python jmespath 1.1.0 (Copyright (c) 2013 Amazon.com, Inc. or its affiliates, MIT); see LICENSES.md.
 */
import type { Node } from './ast.js';
import { callFunction } from './functions.js';
import { zeroSliceStepError } from './jmespath-error.js';
import { setOwn } from '../own.js';
import { Expref, isFalse, isObject, orderValues, valuesEqual } from './values.js';

/** The value of `node` applied to `value`; throws JmespathError for a bad function call or slice step. */
export function evaluate(node: Node, value: unknown): unknown {
  switch (node.type) {
    case 'field':
      return isObject(value) && Object.hasOwn(value, node.name) ? (value[node.name] ?? null) : null;
    case 'subexpression':
    case 'index_expression': {
      let result = value;
      for (const child of node.children) result = evaluate(child, result);
      return result;
    }
    case 'index': {
      if (!Array.isArray(value)) return null;
      const index = node.index < 0 ? value.length + node.index : node.index;
      return index >= 0 && index < value.length ? (value[index] ?? null) : null;
    }
    case 'slice':
      return Array.isArray(value) ? slice(value, node.start, node.stop, node.step) : null;
    case 'projection': {
      const base = evaluate(node.left, value);
      return Array.isArray(base) ? project(base, node.right) : null;
    }
    case 'value_projection': {
      const base = evaluate(node.left, value);
      return isObject(base) ? project(Object.values(base), node.right) : null;
    }
    case 'filter_projection': {
      const base = evaluate(node.left, value);
      if (!Array.isArray(base)) return null;
      const collected: unknown[] = [];
      for (const item of base) {
        if (isFalse(evaluate(node.condition, item))) continue;
        const current = evaluate(node.right, item);
        if (current !== null && current !== undefined) collected.push(current);
      }
      return collected;
    }
    case 'flatten': {
      const base = evaluate(node.child, value);
      if (!Array.isArray(base)) return null;
      const merged: unknown[] = [];
      for (const item of base) {
        if (Array.isArray(item)) for (const inner of item) merged.push(inner);
        else merged.push(item);
      }
      return merged;
    }
    case 'identity':
    case 'current':
      return value ?? null;
    case 'literal':
      return node.value;
    case 'multi_select_list':
      if (value === null || value === undefined) return null;
      return node.children.map((child) => evaluate(child, value));
    case 'multi_select_hash': {
      if (value === null || value === undefined) return null;
      const collected: Record<string, unknown> = {};
      for (const pair of node.pairs) setOwn(collected, pair.key, evaluate(pair.value, value));
      return collected;
    }
    case 'comparator': {
      const left = evaluate(node.left, value);
      const right = evaluate(node.right, value);
      switch (node.name) {
        case 'eq':
          return valuesEqual(left, right);
        case 'ne':
          return !valuesEqual(left, right);
        default:
          return orderValues(node.name, left, right);
      }
    }
    case 'or': {
      const left = evaluate(node.left, value);
      return isFalse(left) ? evaluate(node.right, value) : left;
    }
    case 'and': {
      const left = evaluate(node.left, value);
      return isFalse(left) ? left : evaluate(node.right, value);
    }
    case 'not':
      return isFalse(evaluate(node.child, value));
    case 'pipe':
      return evaluate(node.right, evaluate(node.left, value));
    case 'function':
      return callFunction(
        node.name,
        node.args.map((arg) => evaluate(arg, value)),
        evaluate,
      );
    case 'expref':
      return new Expref(node.child);
  }
}

/** Applies `right` to each element, keeping the non-null results. */
function project(base: readonly unknown[], right: Node): unknown[] {
  const collected: unknown[] = [];
  for (const item of base) {
    const current = evaluate(right, item);
    if (current !== null && current !== undefined) collected.push(current);
  }
  return collected;
}

/** Python's `list[start:stop:step]`, which clamps out-of-range bounds instead of failing. */
function slice(list: readonly unknown[], start: number | null, stop: number | null, step: number | null): unknown[] {
  const stride = step ?? 1;
  if (stride === 0) throw zeroSliceStepError();
  const length = list.length;
  const from = start === null ? (stride < 0 ? length - 1 : 0) : clampSliceBound(start, length, stride);
  const to = stop === null ? (stride < 0 ? -1 : length) : clampSliceBound(stop, length, stride);
  const result: unknown[] = [];
  if (stride > 0) for (let i = from; i < to; i += stride) result.push(list[i]);
  else for (let i = from; i > to; i += stride) result.push(list[i]);
  return result;
}

function clampSliceBound(bound: number, length: number, stride: number): number {
  if (bound < 0) {
    const fromEnd = bound + length;
    return fromEnd >= 0 ? fromEnd : stride < 0 ? -1 : 0;
  }
  return bound >= length ? (stride < 0 ? length - 1 : length) : bound;
}
