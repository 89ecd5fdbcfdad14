/**
 * The Smithy RPC v2 CBOR protocol (CloudWatch and eight other services list it first): every call is
 * `POST /service/<targetPrefix>/operation/<Operation>` with `smithy-protocol: rpc-v2-cbor` and a CBOR
 * body; errors carry `__type` like the JSON protocols.
 * Spec: https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html
 */
import { ResponseParseError } from '../errors.js';
import type { Operation, ServiceModel, ShapeRef } from '../model/types.js';
import { getOwn } from '../own.js';
import { decodeCbor, encodeCbor } from './cbor.js';
import { errorFromStatus, isErrorStatus, toBytes, toDate } from './shared.js';
import type {
  ParsedError,
  ParseInput,
  ParseResult,
  Protocol,
  ProtocolResponse,
  SerializeInput,
  SerializedRequest,
  TimestampReader,
} from './types.js';
import { fillIdempotencyTokens, findErrorShape, shapeOf } from '../model/shapes.js';

export const protocol: Protocol = { serialize, parse };

function serialize({ model, operation, params, idempotencyToken }: SerializeInput): SerializedRequest {
  const filled = fillIdempotencyTokens(model, operation, params, idempotencyToken);
  const headers: Record<string, string> = { 'smithy-protocol': 'rpc-v2-cbor', Accept: 'application/cbor' };
  const request: SerializedRequest = {
    method: 'POST',
    path: `/service/${model.metadata.targetPrefix}/operation/${operation.name}`,
    query: [],
    headers,
    body: '',
  };
  if (operation.input) {
    headers['Content-Type'] = 'application/cbor';
    request.body = encodeCbor(write(model, operation.input, filled));
  }
  if (model.metadata.awsQueryCompatible) headers['x-amzn-query-mode'] = 'true';
  return request;
}

function parse({ model, operation, response, readTimestamp }: ParseInput): ParseResult {
  if (isErrorStatus(response.statusCode)) return { kind: 'error', error: parseError(model, operation, response) };
  const body = response.body as Uint8Array;
  if (!operation.output || body.length === 0) return { kind: 'output', output: {} };
  const output = read(model, operation.output, decode(response, readTimestamp), '', readTimestamp);
  return { kind: 'output', output: (output as Record<string, unknown>) ?? {} };
}

function decode(response: ProtocolResponse, readTimestamp: TimestampReader | undefined): unknown {
  try {
    return decodeCbor(response.body as Uint8Array, readTimestamp);
  } catch (err) {
    throw new ResponseParseError({
      statusCode: response.statusCode,
      body: response.body as Uint8Array,
      reason: (err as Error).message,
      cause: err,
    });
  }
}

function parseError(model: ServiceModel, operation: Operation, response: ProtocolResponse): ParsedError {
  const requestId = response.headers['x-amzn-requestid'];
  let body: Record<string, unknown>;
  try {
    body = decodeCbor(response.body as Uint8Array) as Record<string, unknown>;
  } catch {
    return errorFromStatus(response.statusCode, requestId);
  }
  const raw = String(body?.__type ?? '');
  if (!raw) return errorFromStatus(response.statusCode, requestId);
  let code = raw.slice(raw.lastIndexOf('#') + 1).split(':')[0]!;
  // The wire type names the shape; its `error.code` trait (query-compatible services) may differ.
  const ref = findErrorShape(model, operation, code) ?? (model.shapes[code]?.exception ? { shape: code } : undefined);
  const queryError = response.headers['x-amzn-query-error'];
  if (model.metadata.awsQueryCompatible && queryError) code = queryError.split(';')[0]!;
  return {
    code,
    requestId,
    message: String(body.message ?? body.Message ?? ''),
    data: ref ? (read(model, ref, body) as Record<string, unknown>) : {},
  };
}

function write(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const member = getOwn(shape.members, k);
        if (member && v !== null && v !== undefined) out[k] = write(model, member, v);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => write(model, shape.member!, v));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, write(model, shape.value!, v)]),
      );
    case 'timestamp':
      return toDate(value);
    case 'blob':
      return toBytes(value);
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    default:
      return value;
  }
}

/**
 * A decoded value read as the model's shape says; a container of the wrong kind is a TypeError naming where.
 * With a timestamp reader, the decoder has given it each tagged epoch already.
 */
function read(model: ServiceModel, ref: ShapeRef, value: unknown, path = '', readTimestamp?: TimestampReader): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref);
  const isMap =
    typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
  const expect = (ok: boolean, kind: string) => {
    if (!ok) throw new TypeError(`${path || 'the body'} is not ${kind}, as the model has it`);
  };
  switch (shape.type) {
    case 'structure': {
      expect(isMap, 'a map');
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = read(
          model,
          member,
          getOwn(value as Record<string, unknown>, name),
          path ? `${path}.${name}` : name,
          readTimestamp,
        );
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      expect(Array.isArray(value), 'an array');
      return (value as unknown[]).map((v, i) => read(model, shape.member!, v, `${path}[${i}]`, readTimestamp));
    case 'map':
      expect(isMap, 'a map');
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          read(model, shape.value!, v, `${path}.${k}`, readTimestamp),
        ]),
      );
    case 'timestamp':
      // An untagged epoch is kept as sent when timestamps are read as sent.
      if (readTimestamp !== undefined || value instanceof Date) return value;
      return new Date(Number(value) * 1000);
    default:
      return value;
  }
}
