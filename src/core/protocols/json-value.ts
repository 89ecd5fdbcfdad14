/**
 * Model-driven JSON values for the json and rest-json protocols: writing (timestamps as epoch seconds
 * unless `timestampFormat` says otherwise, blobs base64, members under their `locationName`, nulls
 * dropped) and reading (the reverse: Dates, Uint8Arrays, NaN/Infinity from strings), plus the JSON
 * error format shared by both (`__type`, `code`, `x-amzn-errortype`, `message`/`Message`).
 */
import { keepOrder, orderedKeys, parseJsonKeepingOrder } from '../key-order.js';
import { ResponseParseError } from '../errors.js';
import { getOwn, setOwn } from '../own.js';
import type { Operation, ServiceModel, ShapeRef, TimestampFormat } from '../model/types.js';
import { errorFromStatus, fromBase64, parseTimestamp, toBase64, toBytes, toDate, utf8Decode } from './shared.js';
import type { ParsedError, ProtocolResponse, TimestampReader } from './types.js';
import { readHttpBindings } from './rest.js';
import { findErrorShape, refTrait, shapeOf } from '../model/shapes.js';

export function writeJsonValue(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return value;
      const out: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        const member = getOwn(shape.members, name);
        if (!member || v === undefined || v === null) continue;
        out[member.locationName ?? name] = writeJsonValue(model, member, v);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => writeJsonValue(model, shape.member!, v));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        if (v !== null && v !== undefined) setOwn(out, k, writeJsonValue(model, shape.value!, v));
      return out;
    }
    case 'timestamp': {
      const format = (refTrait(model, ref, 'timestampFormat') as TimestampFormat | undefined) ?? 'unixTimestamp';
      const d = toDate(value);
      if (format === 'unixTimestamp') return d.getTime() / 1000;
      if (format === 'rfc822') return d.toUTCString();
      return d.toISOString().replace(/\.000Z$/, 'Z');
    }
    case 'blob':
      return toBase64(toBytes(value));
    case 'float':
    case 'double':
      return typeof value === 'number' && !Number.isFinite(value)
        ? Number.isNaN(value)
          ? 'NaN'
          : value > 0
            ? 'Infinity'
            : '-Infinity'
        : value;
    default:
      return value;
  }
}

/**
 * A JSON value read as the model's shape says. A container of the wrong kind (a list where the model
 * has a structure, `{}` for a list) is a TypeError naming where it is (`path`), which the caller reports
 * as a response it cannot parse; nulls are dropped, as botocore drops them. Timestamps become Dates, or
 * what `readTimestamp` makes of them; with one, the value comes from parseJsonText(text, true).
 */
export function readJsonValue(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  path = '',
  readTimestamp?: TimestampReader,
): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref);
  if (readTimestamp !== undefined && typeof value === 'string' && value.startsWith(FLOAT_MARK)) {
    const number = Number(value.slice(FLOAT_MARK.length));
    return shape.type === 'timestamp' ? readTimestamp(number, true) : readJsonValue(model, ref, number, path);
  }
  const expect = (kind: 'an object' | 'a list') => {
    if (jsonKind(value) !== kind)
      throw new TypeError(`${path || 'the body'} is ${jsonKind(value)}, where the model has ${kind}`);
  };
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return readTimestamp === undefined ? value : unmarkFloats(value);
      expect('an object');
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (member.location) continue;
        const key = member.locationName ?? name;
        const v = readJsonValue(
          model,
          member,
          getOwn(value as Record<string, unknown>, key),
          path ? `${path}.${key}` : key,
          readTimestamp,
        );
        if (v !== undefined) out[name] = v;
      }
      if (shape.union && Object.keys(out).length === 0) {
        // botocore reports a union member this model does not know yet by name.
        const unknown = Object.keys(value as Record<string, unknown>).find((k) => k !== '__type');
        if (unknown !== undefined) return { SDK_UNKNOWN_MEMBER: { name: unknown } };
      }
      return out;
    }
    // botocore keeps a null inside a list (as None) but drops null map values.
    case 'list':
      expect('a list');
      return (value as unknown[]).map((v, i) =>
        v === null ? null : readJsonValue(model, shape.member!, v, `${path}[${i}]`, readTimestamp),
      );
    case 'map': {
      expect('an object');
      const out: Record<string, unknown> = {};
      const keys = orderedKeys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== null);
      for (const k of keys)
        setOwn(
          out,
          k,
          readJsonValue(model, shape.value!, (value as Record<string, unknown>)[k], `${path}.${k}`, readTimestamp),
        );
      return keepOrder(out, keys);
    }
    case 'timestamp':
      if (readTimestamp === undefined) return parseTimestamp(value as string | number);
      return readTimestamp(value as string | number, typeof value === 'number' && !Number.isInteger(value));
    case 'blob':
      return fromBase64(String(value));
    case 'float':
    case 'double':
      if (value === 'NaN') return NaN;
      if (value === 'Infinity') return Infinity;
      if (value === '-Infinity') return -Infinity;
      return value;
    default:
      return value;
  }
}

/**
 * An event's payload, in the event streams of the json and rest-json protocols (event-stream-output.ts):
 * JSON read as `ref`, an empty payload as `{}`, as botocore's EventStreamJSONParser reads it.
 */
export function readJsonEventPayload(
  model: ServiceModel,
  ref: ShapeRef,
  payload: Uint8Array,
  readTimestamp?: TimestampReader,
): unknown {
  const text = utf8Decode(payload);
  const value = text.trim() ? parseJsonText(text, readTimestamp !== undefined) : {};
  return readJsonValue(model, ref, value, '', readTimestamp);
}

/**
 * Parses a JSON body; an empty body is `{}`, anything else that is not JSON a ResponseParseError.
 * `markFloats` as in parseJsonText.
 */
export function parseJsonBody(response: ProtocolResponse, requestId?: string, markFloats = false): unknown {
  const text = utf8Decode(response.body as Uint8Array);
  if (!text.trim()) return {};
  try {
    return parseJsonText(text, markFloats);
  } catch (err) {
    throw new ResponseParseError({
      statusCode: response.statusCode,
      requestId,
      body: response.body as Uint8Array,
      reason: (err as Error).message,
      cause: err,
    });
  }
}

/**
 * A JSON body read as the output structure `ref` (or a structure payload): it must be an object, so a
 * `null` or `[]` body is a response that cannot be parsed, not an empty success.
 */
export function readJsonBody(
  model: ServiceModel,
  ref: ShapeRef,
  response: ProtocolResponse,
  requestId?: string,
  readTimestamp?: TimestampReader,
): Record<string, unknown> {
  const body = parseJsonBody(response, requestId, readTimestamp !== undefined);
  try {
    if (jsonKind(body) !== 'an object')
      throw new TypeError(`the body is ${jsonKind(body)}, where the model has an object`);
    return (readJsonValue(model, ref, body, '', readTimestamp) ?? {}) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    throw new ResponseParseError({
      statusCode: response.statusCode,
      requestId,
      body: response.body as Uint8Array,
      reason: err.message,
      cause: err,
    });
  }
}

/**
 * Marks a whole number written as a float in JSON text read for a timestamp reader: JSON.parse makes
 * `1.7E9` the integer 1700000000, where Python's json (and so the AWS CLI) keeps a float.
 */
const FLOAT_MARK = '\u0000f';

/**
 * JSON text parsed, keeping the received order of keys (key-order.ts). With `markFloats`, each whole
 * number written as a float comes back as a string, FLOAT_MARK and the number's text, for readJsonValue
 * to give a timestamp reader as a float and to read as a number anywhere else.
 */
export function parseJsonText(text: string, markFloats: boolean): unknown {
  return parseJsonKeepingOrder(markFloats ? markWholeFloats(text) : text);
}

/** Rewrites every whole number written as a float outside a string as a marked string. */
function markWholeFloats(text: string): string {
  let out = '';
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      continue;
    }
    if (c !== 45 /* - */ && (c < 48 || c > 57)) continue;
    let end = i + 1;
    let float = false;
    for (; end < n; end++) {
      const d = text.charCodeAt(end);
      if (d === 46 /* . */ || d === 101 /* e */ || d === 69 /* E */) float = true;
      else if (d !== 43 /* + */ && d !== 45 && (d < 48 || d > 57)) break;
    }
    const number = text.slice(i, end);
    if (float && Number.isInteger(Number(number))) {
      out += `${text.slice(last, i)}"\\u0000f${number}"`;
      last = end;
    }
    i = end - 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** A document's value with its marked floats numbers again (a document keeps no timestamps). */
function unmarkFloats(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith(FLOAT_MARK) ? Number(value.slice(FLOAT_MARK.length)) : value;
  if (Array.isArray(value)) return value.map(unmarkFloats);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = orderedKeys(obj);
  for (const k of keys) setOwn(obj, k, unmarkFloats(getOwn(obj, k)));
  return obj;
}

/** What kind of JSON value this is, in words for a message. */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A JSON-protocol error: code from `x-amzn-errortype`, `__type` or `code` (namespace and `:`-suffix cut). */
export function parseJsonError(model: ServiceModel, operation: Operation, response: ProtocolResponse): ParsedError {
  const requestId = response.headers['x-amzn-requestid'];
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(utf8Decode(response.body as Uint8Array));
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    if (!response.headers['x-amzn-errortype']) return errorFromStatus(response.statusCode, requestId);
  }
  const raw =
    response.headers['x-amzn-errortype'] ?? (body.__type as string | undefined) ?? (body.code as string | undefined);
  if (!raw) return { ...errorFromStatus(response.statusCode, requestId), data: {} };
  let code = raw.split(':')[0]!;
  code = code.slice(code.lastIndexOf('#') + 1);
  const queryError = response.headers['x-amzn-query-error'];
  if (model.metadata.awsQueryCompatible && queryError) code = queryError.split(';')[0]!;
  const message = String(body.message ?? body.Message ?? body.errorMessage ?? '');
  const shapeRef =
    findErrorShape(model, operation, code) ??
    findErrorShape(model, operation, raw.split(':')[0]!.slice(raw.lastIndexOf('#') + 1));
  const data = shapeRef ? (readJsonValue(model, shapeRef, body) as Record<string, unknown>) : {};
  // rest-json errors may bind members to headers too (json-protocol error shapes have none).
  if (shapeRef) readHttpBindings(model, shapeOf(model, shapeRef), response, data);
  return { code, message, requestId, data };
}
