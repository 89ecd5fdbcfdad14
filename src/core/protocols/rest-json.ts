/**
 * The REST-JSON protocol (Lambda, API Gateway, Glacier…): HTTP bindings from rest.ts plus a JSON body
 * of the unbound members or of the payload member (blob and string payloads go raw).
 * Spec: https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import type { ParseInput, ParseResult, Protocol, SerializeInput, SerializedRequest } from './types.js';
import {
  parseJsonBody,
  parseJsonError,
  readJsonBody,
  readJsonEventPayload,
  readJsonValue,
  writeJsonValue,
} from './json-value.js';
import { setDefaultHeader } from '../headers.js';
import { bindRequest, readHttpBindings } from './rest.js';
import { isErrorStatus, utf8Decode } from './shared.js';
import { fillIdempotencyTokens, refTrait, shapeOf } from '../model/shapes.js';

export const protocol: Protocol = { serialize, parse, readEventPayload: readJsonEventPayload };

function serialize({ model, operation, params, idempotencyToken }: SerializeInput): SerializedRequest {
  const filled = fillIdempotencyTokens(model, operation, params, idempotencyToken);
  const { request, inputShape, bodyMembers } = bindRequest(model, operation, filled);
  if (!inputShape) return request;
  // Legacy models name the payload on the operation's input reference instead of the shape.
  const payloadName = inputShape.payload ?? (operation.input?.payload as string | undefined);
  if (payloadName !== undefined) {
    const ref = inputShape.members![payloadName]!;
    const shape = shapeOf(model, ref);
    const value = filled[payloadName];
    if (shape.type === 'blob' || shape.type === 'string') {
      // botocore's rest-json serializer gives a blob or string payload no Content-Type of its own.
      request.body = value ?? '';
    } else if ((value === undefined || value === null) && shape.union) {
      // An unset union payload sends no body at all.
    } else {
      // An unset structure payload is still sent as `{}`, as botocore does.
      request.body = value === undefined || value === null ? '{}' : JSON.stringify(writeJsonValue(model, ref, value));
      setDefaultHeader(request.headers, 'Content-Type', 'application/json');
    }
  } else if (Object.keys(bodyMembers).length || Object.values(inputShape.members ?? {}).some((ref) => !ref.location)) {
    // botocore sends `{}` whenever the input has members that belong in the body, set or not.
    request.body = JSON.stringify(writeJsonValue(model, operation.input!, bodyMembers));
    setDefaultHeader(request.headers, 'Content-Type', 'application/json');
  }
  return request;
}

function parse({ model, operation, response, readTimestamp }: ParseInput): ParseResult {
  if (isErrorStatus(response.statusCode)) return { kind: 'error', error: parseJsonError(model, operation, response) };
  const output: Record<string, unknown> = {};
  if (!operation.output) return { kind: 'output', output };
  const shape = shapeOf(model, operation.output);
  readHttpBindings(model, shape, response, output, readTimestamp);
  const payloadName = shape.payload;
  if (payloadName !== undefined) {
    const ref = shape.members![payloadName]!;
    const type = shapeOf(model, ref).type;
    if (type === 'blob' || type === 'string' || refTrait(model, ref, 'eventstream')) {
      // An event stream arrives unread, for the engine to read into events (event-stream-output.ts).
      const body = response.body;
      if (!(body instanceof Uint8Array)) output[payloadName] = body;
      else if (body.length) output[payloadName] = type === 'string' ? utf8Decode(body) : body;
    } else if (!(shapeOf(model, ref).union && (response.body as Uint8Array).length === 0)) {
      const requestId = response.headers['x-amzn-requestid'];
      // A document payload may be any JSON value; a structure's must be an object.
      const value = shapeOf(model, ref).document
        ? readJsonValue(model, ref, parseJsonBody(response, requestId, readTimestamp !== undefined), '', readTimestamp)
        : readJsonBody(model, ref, response, requestId, readTimestamp);
      if (value !== undefined) output[payloadName] = value;
    }
  } else {
    Object.assign(
      output,
      readJsonBody(model, operation.output, response, response.headers['x-amzn-requestid'], readTimestamp),
    );
  }
  return { kind: 'output', output };
}
