/**
 * botocore's wording of a value of the wrong type (`Invalid type for parameter Key, value: 42, type:
 * <class 'int'>, valid types: <class 'str'>`), which the CLI prints and scripts may match. Apart from
 * validate.ts so that the library, which words it in JavaScript's terms, never loads Python's.
 */
import { pyStr } from './query/python-text.js';
import type { Wording } from './validate.js';

const PY_TYPES: Record<string, string> = {
  string: "<class 'str'>",
  integer: "<class 'int'>",
  long: "<class 'int'>",
  boolean: "<class 'bool'>",
  float: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
  double: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
  list: "<class 'list'>, <class 'tuple'>",
  map: "<class 'dict'>",
  structure: "<class 'dict'>",
  blob: "<class 'bytes'>, <class 'bytearray'>, file-like object",
  timestamp: "<class 'datetime.datetime'>, <class 'str'>",
};

export const BOTOCORE_WORDING: Wording = {
  wrongType: (name, shapeType, value) =>
    `Invalid type for parameter ${name}, value: ${pyStr(value)}, type: ${pyType(value)}, valid types: ${PY_TYPES[shapeType] ?? shapeType}`,
};

function pyType(v: unknown): string {
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (v === null) return "<class 'NoneType'>";
  return "<class 'dict'>";
}
