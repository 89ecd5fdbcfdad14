/**
 * The `ddb` commands' values and DynamoDB's AttributeValues, both ways, as the CLI's TypeSerializer
 * and TypeDeserializer convert them: null, booleans, exact numbers (DdbNumber), strings, bytes
 * (Uint8Array), sets (a JS Set of one kind), lists and maps. Which members hold AttributeValues is read
 * from the operation's shapes, as the CLI's ParameterTransformer finds them: every member whose shape
 * is `AttributeValue`, wherever it sits.
 */
import { IsoawsError } from '../../core/errors.js';
import type { ServiceModel } from '../../core/model/types.js';
import { getOwn } from '../../core/own.js';
import { base64, PyFloat } from '../../cli/output/py-values.js';
import { pyCompare } from '../../cli/output/keys.js';
import { YamlBinary, YamlPlain, YamlSet } from '../../cli/output/yaml.js';
import { checkDynamoNumber, DdbNumber, parseDecimal, PyInt } from './decimal.js';

/** A YAML timestamp, which the CLI's loader makes a Python date and its serializer then refuses. */
export class PyDate {
  constructor(
    /** `datetime.date` or `datetime.datetime`. */
    readonly pyClass: string,
    readonly text: string,
  ) {}
}

type AttributeValue = Record<string, unknown>;

/** A value as its AttributeValue; a value DynamoDB has no type for is the CLI's TypeError. */
export function serialize(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value instanceof DdbNumber) return { N: checkDynamoNumber(value).toString() };
  if (typeof value === 'string') return { S: value };
  if (value instanceof Uint8Array) return { B: value };
  if (value instanceof Set) return serializeSet(value);
  if (Array.isArray(value)) return { L: value.map(serialize) };
  if (value instanceof PyDate) throw unsupported(`<class '${value.pyClass}'>`, value.text);
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = serialize(v);
  return { M: out };
}

/** A set is typed by its members, numbers first as the CLI checks them; an empty set counts as numbers. */
function serializeSet(set: Set<unknown>): AttributeValue {
  const members = [...set];
  if (members.every((m) => m instanceof DdbNumber)) return { NS: members.map((m) => serialize(m).N) };
  if (members.every((m) => typeof m === 'string')) return { SS: members };
  if (members.every((m) => m instanceof Uint8Array)) return { BS: members };
  throw unsupported("<class 'set'>", `{${members.map(pyRepr).join(', ')}}`);
}

function unsupported(pyClass: string, text: string): IsoawsError {
  return new IsoawsError(`Unsupported type "${pyClass}" for value "${text}"`);
}

/** An AttributeValue as a value. */
export function deserialize(value: AttributeValue): unknown {
  const [type] = Object.keys(value);
  const v = value[type!];
  switch (type) {
    case 'NULL':
      return null;
    case 'BOOL':
    case 'S':
      return v;
    case 'N':
      return checkDynamoNumber(parseDecimal(v as string));
    case 'B':
      return v;
    case 'NS':
      return new Set((v as string[]).map((n) => checkDynamoNumber(parseDecimal(n))));
    case 'SS':
    case 'BS':
      return new Set(v as unknown[]);
    case 'L':
      return (v as AttributeValue[]).map(deserialize);
    case 'M': {
      const out: Record<string, unknown> = {};
      for (const [k, member] of Object.entries(v as Record<string, AttributeValue>)) out[k] = deserialize(member);
      return out;
    }
    default:
      throw new IsoawsError(`Dynamodb type ${type ?? 'None'} is not supported`);
  }
}

/**
 * Applies `convert` to every AttributeValue in `value` (an operation's input or output of shape
 * `shapeName`), in place. Values of the wrong kind for their shape are left for validation to report.
 */
export function transformAttributeValues(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  convert: (v: unknown) => unknown,
): void {
  rewrite(model, shapeName, value, (target, v) => (target === 'AttributeValue' ? convert(v) : undefined));
}

/**
 * An output as the ddb commands print it: AttributeValues deserialized and made the YAML writer's
 * values, and (unless a query will read it) whole numbers of float members marked to print as `1.0`.
 */
export function presentOutput(
  model: ServiceModel,
  shapeName: string,
  output: Record<string, unknown>,
  markFloats: boolean,
): Record<string, unknown> {
  rewrite(model, shapeName, output, (target, v) => {
    if (target === 'AttributeValue') return toYaml(deserialize(v as AttributeValue));
    const type = model.shapes[target]?.type;
    if (markFloats && (type === 'double' || type === 'float') && typeof v === 'number') return new PyFloat(v);
    return undefined;
  });
  return output;
}

/**
 * Walks `value` by its shape: each member, map value and list item is handed to `replace` with its
 * shape's name; what it gives replaces the value, and undefined means look inside instead.
 */
function rewrite(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  replace: (shapeName: string, value: unknown) => unknown,
): void {
  const shape = model.shapes[shapeName];
  if (!shape || value === null || typeof value !== 'object') return;
  const container = value as Record<string | number, unknown>;
  const visit = (target: string, key: string | number) => {
    const replaced = replace(target, container[key]);
    if (replaced === undefined) rewrite(model, target, container[key], replace);
    else container[key] = replaced;
  };
  if (shape.type === 'structure' && isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const ref = getOwn(shape.members ?? {}, key);
      if (ref) visit(ref.shape, key);
    }
  } else if (shape.type === 'map' && isPlainObject(value)) {
    for (const key of Object.keys(value)) visit(shape.value!.shape, key);
  } else if (shape.type === 'list' && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(shape.member!.shape, i);
  }
}

/** A map as YAML and JSON load one (not an array, bytes, set, number or date). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A value as the YAML writer prints it: numbers as their exact text, bytes as `!!binary`, sets as
 * `!!set` with their members sorted as Python sorts them (bytes are not orderable there: kept as sent).
 */
export function toYaml(value: unknown): unknown {
  if (value instanceof DdbNumber) return new YamlPlain(value.toString());
  if (value instanceof Uint8Array) return new YamlBinary(value);
  if (value instanceof Set) {
    const members = [...(value as Set<unknown>)];
    if (members.every((m) => typeof m === 'string')) members.sort(pyCompare);
    else if (members.every((m) => m instanceof DdbNumber)) members.sort((a, b) => a.compare(b));
    return new YamlSet(members.map(toYaml));
  }
  if (Array.isArray(value)) return value.map(toYaml);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = toYaml(obj[k]);
    return obj;
  }
  return value;
}

/** Python's repr() of a loaded value, for messages (`'a'`, `Decimal('1.5')`, `None`). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true || value === false) return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (value instanceof PyInt) return value.toString();
  if (value instanceof DdbNumber) return `Decimal('${value.toString()}')`;
  if (value instanceof Uint8Array) return `Binary(b'${base64(value)}')`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value instanceof Set) return `{${[...(value as Set<unknown>)].map(pyRepr).join(', ')}}`;
  if (value instanceof PyDate) return value.text;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

/** Python's str() of a loaded value: repr() except that a string is itself. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** Python's type() of a loaded value, for validation messages. */
export function pyType(value: unknown): string {
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (value instanceof PyInt) return "<class 'int'>";
  if (value instanceof DdbNumber) return "<class 'decimal.Decimal'>";
  if (value instanceof Uint8Array) return "<class 'awscli.customizations.dynamodb.types.Binary'>";
  if (Array.isArray(value)) return "<class 'list'>";
  if (value instanceof Set) return "<class 'set'>";
  if (value instanceof PyDate) return `<class '${value.pyClass}'>`;
  return "<class 'dict'>";
}
