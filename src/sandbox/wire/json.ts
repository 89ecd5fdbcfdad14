/**
 * The server side of the JSON protocol (DynamoDB, Glacier's errors' shape aside): the operation named by
 * `X-Amz-Target`, the input read from the body by the model, the output written back, and errors with
 * `__type` as AWS sends them.
 */
import type { Operation, ServiceModel } from '../../core/model/types.js';
import { readJsonValue, writeJsonValue } from '../../core/protocols/json-value.js';
import { utf8Encode } from '../../core/protocols/shared.js';
import { SandboxError } from '../service.js';
import { parseBodyJson } from './rest.js';
import type { WireReply, WireRequest } from './types.js';

/** The operation `X-Amz-Target: <targetPrefix>.<Operation>` names. */
export function jsonOperation(model: ServiceModel, req: WireRequest): Operation | undefined {
  const target = req.headers['x-amz-target'];
  if (target === undefined) throw new SandboxError('MissingAction', 'The request has no X-Amz-Target header.', 400);
  const [prefix, name] = [target.slice(0, target.lastIndexOf('.')), target.slice(target.lastIndexOf('.') + 1)];
  if (model.metadata.targetPrefix !== undefined && prefix !== model.metadata.targetPrefix) return undefined;
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

export function readJsonInput(model: ServiceModel, operation: Operation, req: WireRequest): Record<string, unknown> {
  if (!operation.input) return {};
  const body = req.body.length ? parseBodyJson(req.body) : {};
  return (readJsonValue(model, operation.input, body) as Record<string, unknown> | undefined) ?? {};
}

export function writeJsonOutput(model: ServiceModel, operation: Operation, output: Record<string, unknown>): WireReply {
  const json = operation.output ? writeJsonValue(model, operation.output, output) : {};
  return {
    statusCode: 200,
    headers: { 'content-type': `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}` },
    body: utf8Encode(JSON.stringify(json)),
  };
}
