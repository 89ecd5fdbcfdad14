/**
 * The AWS JSON protocol, 1.0 and 1.1 (DynamoDB, KMS, Lambda's control plane's cousins…): every call is
 * `POST /` with `X-Amz-Target: <targetPrefix>.<Operation>` and a JSON body of the input; responses are
 * JSON, errors the JSON error format. Spec: https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 */
import type { ParseInput, ParseResult, Protocol, SerializeInput, SerializedRequest } from './types.js';
import { parseJsonError, readJsonBody, readJsonEventPayload, writeJsonValue } from './json-value.js';
import { expandHostPrefix, fillIdempotencyTokens } from '../model/shapes.js';
import { isErrorStatus } from './shared.js';

export const protocol: Protocol = { serialize, parse, readEventPayload: readJsonEventPayload };

function serialize({ model, operation, params, idempotencyToken }: SerializeInput): SerializedRequest {
  const filled = fillIdempotencyTokens(model, operation, params, idempotencyToken);
  const version = model.metadata.jsonVersion ?? '1.0';
  const request: SerializedRequest = {
    method: 'POST',
    path: '/',
    query: [],
    headers: {
      'X-Amz-Target': `${model.metadata.targetPrefix}.${operation.name}`,
      'Content-Type': `application/x-amz-json-${version}`,
    },
    body: JSON.stringify(operation.input ? writeJsonValue(model, operation.input, filled) : {}),
  };
  // Query-compatible services answer errors with their query error codes when asked to.
  if (model.metadata.awsQueryCompatible) request.headers['x-amzn-query-mode'] = 'true';
  const hostPrefix = expandHostPrefix(model, operation, filled);
  if (hostPrefix !== undefined) request.hostPrefix = hostPrefix;
  return request;
}

function parse({ model, operation, response, readTimestamp }: ParseInput): ParseResult {
  if (isErrorStatus(response.statusCode)) return { kind: 'error', error: parseJsonError(model, operation, response) };
  // An event-stream output arrives unread: its first message holds the output (event-stream-output.ts).
  const output =
    operation.output && response.body instanceof Uint8Array
      ? readJsonBody(model, operation.output, response, response.headers['x-amzn-requestid'], readTimestamp)
      : {};
  return { kind: 'output', output };
}
