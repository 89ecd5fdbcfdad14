/**
 * DynamoDB's document mode: plain JavaScript values in place of AttributeValues, in every operation's
 * input and output (`Item: { id: 'a', n: 7, tags: new Set(['x']) }`). Wherever the model says a member
 * is an AttributeValue — items, keys, expression values, update values, whatever the operation — the
 * value is converted, found by walking the operation's shapes rather than by a list of member names.
 *
 * Numbers: a DynamoDB number has up to 38 digits; one that a JS number holds exactly comes back as a
 * number, any other as a NumberValue (its text), never rounded. Sets are JS Sets (of strings, numbers
 * or bytes); `null` is NULL; bytes are Uint8Array. An undefined member, an empty set, a set of mixed
 * kinds or a value with no AttributeValue (a function, a Date) is refused, naming where it was.
 */
import { ParamValidationError } from './errors.js';
import type { ServiceBundle } from './model/types.js';
import { NumberValue } from './dynamodb-number.js';
import { getOwn, setOwn } from './own.js';

type AttributeValue = Record<string, unknown>;

/** A JS value as an AttributeValue; `path` names it in a refusal. */
export function toAttributeValue(value: unknown, path: string): AttributeValue {
  if (value === null) return { NULL: true };
  if (value === undefined) throw refused(path, 'undefined has no DynamoDB type: leave the member out, or use null');
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refused(path, `${value} is not a number DynamoDB can store`);
    return { N: String(value) };
  }
  if (typeof value === 'bigint' || value instanceof NumberValue) return { N: String(value) };
  if (value instanceof Uint8Array) return { B: value };
  if (value instanceof Set) return setValue(value, path);
  if (Array.isArray(value)) return { L: value.map((v, i) => toAttributeValue(v, `${path}[${i}]`)) };
  if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value)))
    return { M: toAttributeMap(value as Record<string, unknown>, path) };
  throw refused(
    path,
    `${describe(value)} has no DynamoDB type (use a string, number, boolean, null, bytes, array, plain object or Set)`,
  );
}

function toAttributeMap(value: Record<string, unknown>, path: string): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined)
      throw refused(`${path}.${key}`, 'undefined has no DynamoDB type: leave the member out, or use null');
    setOwn(out, key, toAttributeValue(v, `${path}.${key}`));
  }
  return out;
}

function setValue(set: Set<unknown>, path: string): AttributeValue {
  const values = [...set];
  if (!values.length) throw refused(path, 'an empty Set cannot be stored: DynamoDB has no empty sets');
  if (values.every((v) => typeof v === 'string')) return { SS: values };
  if (values.every((v) => typeof v === 'number' || typeof v === 'bigint' || v instanceof NumberValue))
    return { NS: values.map((v, i) => toAttributeValue(v, `${path}[${i}]`).N) };
  if (values.every((v) => v instanceof Uint8Array)) return { BS: values };
  throw refused(path, 'a Set must hold only strings, only numbers or only bytes');
}

/** An AttributeValue as a JS value. */
export function fromAttributeValue(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return number(String(value.N));
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('B' in value) return value.B;
  if ('SS' in value) return new Set(value.SS as string[]);
  if ('NS' in value) return new Set((value.NS as string[]).map(number));
  if ('BS' in value) return new Set(value.BS as Uint8Array[]);
  if ('L' in value) return (value.L as AttributeValue[]).map(fromAttributeValue);
  if ('M' in value) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value.M as Record<string, AttributeValue>))
      setOwn(out, k, fromAttributeValue(v));
    return out;
  }
  return value;
}

/**
 * A number when the text has at most 15 significant digits (any such decimal survives a trip through a
 * double and back unchanged, so writing it back stores the same number), else a NumberValue.
 */
function number(text: string): number | NumberValue {
  const n = Number(text);
  const mantissa = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  const significant = mantissa.replace(/^0+/, '').replace(/0+$/, '');
  return Number.isFinite(n) && significant.length <= 15 ? n : new NumberValue(text);
}

/**
 * The operation's input or output with every AttributeValue member converted: `toDocument` false turns
 * JS values into AttributeValues (an input), true turns AttributeValues into JS values (an output).
 */
export function convertDocument(
  bundle: ServiceBundle,
  shapeName: string | undefined,
  value: unknown,
  toDocument: boolean,
  path = '',
): unknown {
  // null and undefined are values of a document (NULL, refused), not absent AttributeValues.
  if (shapeName === 'AttributeValue')
    return toDocument ? fromAttributeValue(value as AttributeValue) : toAttributeValue(value, path || 'value');
  if (shapeName === undefined || value === null || value === undefined) return value;
  const shape = bundle.shapes[shapeName];
  if (!shape) return value;
  if (shape.type === 'structure' && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const ref = getOwn(shape.members ?? {}, key);
      setOwn(out, key, convertDocument(bundle, ref?.shape, v, toDocument, path ? `${path}.${key}` : key));
    }
    return out;
  }
  if (shape.type === 'list' && Array.isArray(value))
    return value.map((v, i) => convertDocument(bundle, shape.member?.shape, v, toDocument, `${path}[${i}]`));
  if (shape.type === 'map' && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>))
      setOwn(out, key, convertDocument(bundle, shape.value?.shape, v, toDocument, `${path}.${key}`));
    return out;
  }
  return value;
}

function refused(path: string, why: string): ParamValidationError {
  return new ParamValidationError([{ path, message: `Invalid value at ${path}: ${why}` }]);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date) return 'a Date (store it as an ISO string or a number)';
  if (typeof value === 'object' && value !== null) return `a ${value.constructor?.name ?? 'object'}`;
  return typeof value;
}
