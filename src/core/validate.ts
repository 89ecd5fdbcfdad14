/**
 * Input validation against the model before anything is sent, in the spirit of botocore's
 * ParamValidator: every problem is collected (missing required members, unknown members, wrong types,
 * values under `min`) and reported together with its parameter path. A wrong type is described in
 * JavaScript's terms (`expected string, got number`), or as botocore words it for the CLI
 * (validate-botocore.ts: `type: <class 'int'>, valid types: <class 'str'>`), which scripts may match.
 */
import { ParamValidationError, type ParamProblem } from './errors.js';
import type { ServiceModel, ShapeRef } from './model/types.js';
import { getOwn } from './own.js';

/**
 * How a value of the wrong type is described. The CLI's wording is botocore's (validate-botocore.ts,
 * loaded only by those who use it); the library's is JAVASCRIPT_WORDING.
 */
export interface Wording {
  wrongType(name: string, shapeType: string, value: unknown): string;
}

export const JAVASCRIPT_WORDING: Wording = {
  wrongType: (name, shapeType, value) =>
    `Invalid type for parameter ${name}: expected ${JS_TYPES[shapeType] ?? shapeType}, got ${jsType(value)} (${preview(value)})`,
};

export function validateParams(
  model: ServiceModel,
  inputRef: ShapeRef | undefined,
  params: unknown,
  wording: Wording = JAVASCRIPT_WORDING,
): void {
  if (!inputRef) return;
  const problems: ParamProblem[] = [];
  check(model, inputRef.shape, params, '', problems, wording);
  if (problems.length) throw new ParamValidationError(problems);
}

const JS_TYPES: Record<string, string> = {
  string: 'string',
  integer: 'integer',
  long: 'integer',
  short: 'integer',
  byte: 'integer',
  boolean: 'boolean',
  float: 'number',
  double: 'number',
  list: 'array',
  map: 'object',
  structure: 'object',
  blob: 'Uint8Array, string, Blob or async iterable of bytes',
  timestamp: 'Date, date string or epoch seconds',
};

function jsType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Uint8Array) return 'Uint8Array';
  if (v instanceof Date) return 'Date';
  if (typeof v === 'number' && !Number.isInteger(v)) return 'number (not an integer)';
  return typeof v;
}

function check(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  problems: ParamProblem[],
  wording: Wording,
): void {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined) return;
  const name = path || 'input';
  const wrongType = () => problems.push({ path: name, message: wording.wrongType(name, shape.type, value) });
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) return void wrongType();
      if (shape.document) return;
      const members = shape.members ?? {};
      for (const req of shape.required ?? []) {
        // A top-level idempotency token left out is filled in when the request is serialized, as botocore's
        // generate_idempotent_uuid fills it before validating.
        if (!path && getOwn(members, req)?.idempotencyToken) continue;
        if ((value as Record<string, unknown>)[req] === undefined) {
          problems.push({ path: join(path, req), message: `Missing required parameter in ${name}: "${req}"` });
        }
      }
      for (const [key, v] of Object.entries(value)) {
        const ref = getOwn(members, key);
        if (!ref) {
          problems.push({
            path: join(path, key),
            message: `Unknown parameter in ${name}: "${key}", must be one of: ${Object.keys(members).join(', ')}`,
          });
        } else {
          check(model, ref.shape, v, join(path, key), problems, wording);
        }
      }
      if (shape.union) {
        const set = Object.values(value).filter((v) => v !== undefined).length;
        if (set !== 1)
          problems.push({
            path: name,
            message: `Invalid number of parameters set for tagged union structure ${name}. Can only set one of the following keys: ${Object.keys(members).join(', ')}.`,
          });
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return void wrongType();
      checkMin(shape.min, value.length, name, 'length', problems);
      // botocore names an item after the list's own path, empty at the top (a custom command's list argument: `[0]`).
      value.forEach((v, i) => check(model, shape.member!.shape, v, `${path}[${i}]`, problems, wording));
      return;
    case 'map':
      if (!isPlainObject(value)) return void wrongType();
      for (const [k, v] of Object.entries(value)) {
        check(model, shape.key!.shape, k, `${name} (key: ${k})`, problems, wording);
        check(model, shape.value!.shape, v, `${name}.${k}`, problems, wording);
      }
      return;
    case 'string':
      if (typeof value !== 'string') return void wrongType();
      checkMin(shape.min, [...value].length, name, 'length', problems);
      return;
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
      if (typeof value !== 'number' || !Number.isInteger(value)) return void wrongType();
      checkMin(shape.min, value, name, 'value', problems);
      return;
    case 'float':
    case 'double':
    case 'bigdecimal':
    case 'biginteger':
      if (typeof value !== 'number') return void wrongType();
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrongType();
      return;
    case 'timestamp':
      if (!(value instanceof Date) && typeof value !== 'number' && typeof value !== 'string') wrongType();
      else if (typeof value === 'string' && Number.isNaN(Date.parse(value)) && !/^\d+(\.\d+)?$/.test(value))
        wrongType();
      return;
    case 'blob':
      if (
        typeof value === 'string' ||
        value instanceof Uint8Array ||
        (typeof Blob !== 'undefined' && value instanceof Blob)
      )
        return;
      if (typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function') return;
      wrongType();
      return;
  }
}

function checkMin(
  min: number | undefined,
  actual: number,
  name: string,
  what: 'length' | 'value',
  problems: ParamProblem[],
): void {
  if (min !== undefined && actual < min) {
    problems.push({
      path: name,
      message:
        what === 'length'
          ? `Invalid length for parameter ${name}, value: ${actual}, valid min length: ${min}`
          : `Invalid value for parameter ${name}, value: ${actual}, valid min value: ${min}`,
    });
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

function preview(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
