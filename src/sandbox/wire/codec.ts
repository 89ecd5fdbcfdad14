/**
 * One request in, one answer out, for whichever protocol the service speaks: which operation a request
 * is for, its input, and the output written back. The sandbox's front calls these; so does the protocol
 * round-trip suite, which holds them to the client's own serializers and parsers.
 */
import type { Operation, ServiceModel } from '../../core/model/types.js';
import type { ProtocolName } from '../../core/protocols/index.js';
import { EC2_DIALECT } from '../../core/protocols/ec2.js';
import { QUERY_DIALECT } from '../../core/protocols/query.js';
import { SandboxError } from '../service.js';
import { jsonOperation, readJsonInput, writeJsonOutput } from './json.js';
import { formParams, readQueryInput, writeQueryOutput } from './query.js';
import { matchRestOperation, readRestInput, writeRestOutput, type RestMatch } from './rest.js';
import type { WireReply, WireRequest } from './types.js';

/** What routing found: the operation, and what its input is read from. */
export type Routed =
  | { kind: 'rest'; operation: Operation; match: RestMatch }
  | { kind: 'json'; operation: Operation }
  | { kind: 'query'; operation: Operation; params: Map<string, string> };

const isQuery = (protocol: ProtocolName) => protocol === 'query' || protocol === 'ec2';

/**
 * The operation a request names without reading its body (REST: method and path; JSON: X-Amz-Target),
 * so a streaming upload can be passed on unread. Undefined for the query protocols, whose Action is in
 * the body: see routeQuery.
 */
export function routeByHead(model: ServiceModel, protocol: ProtocolName, req: WireRequest): Routed | undefined {
  if (protocol === 'json') {
    const operation = jsonOperation(model, req);
    return operation && { kind: 'json', operation };
  }
  if (isQuery(protocol)) return undefined;
  const match = matchRestOperation(model, req);
  return match && { kind: 'rest', operation: match.operation, match };
}

/** The operation of a query request, from `Action` in its form body (or, for a GET, its query string). */
export function routeQuery(model: ServiceModel, req: WireRequest): Routed {
  const params = formParams(new TextDecoder().decode(req.body));
  if (req.method === 'GET') for (const [k, v] of req.query) if (!params.has(k)) params.set(k, v);
  const action = params.get('Action');
  if (action === undefined)
    throw new SandboxError('MissingAction', 'The request must contain the parameter Action.', 400);
  const operation = Object.hasOwn(model.operations, action) ? model.operations[action] : undefined;
  if (!operation)
    throw new SandboxError(
      'InvalidAction',
      `Could not find operation ${action} for version ${params.get('Version') ?? model.metadata.apiVersion}`,
      400,
    );
  return { kind: 'query', operation, params };
}

export function readInput(
  model: ServiceModel,
  protocol: ProtocolName,
  routed: Routed,
  req: WireRequest,
): Record<string, unknown> {
  switch (routed.kind) {
    case 'query':
      return readQueryInput(protocol === 'ec2' ? EC2_DIALECT : QUERY_DIALECT, model, routed.operation, routed.params);
    case 'json':
      return readJsonInput(model, routed.operation, req);
    case 'rest':
      return readRestInput(model, routed.match, req, protocol === 'rest-xml' ? 'xml' : 'json');
  }
}

export function writeOutput(
  model: ServiceModel,
  protocol: ProtocolName,
  operation: Operation,
  output: Record<string, unknown>,
  requestId: string,
): WireReply {
  switch (protocol) {
    case 'query':
    case 'ec2':
      return writeQueryOutput(model, operation, output, requestId, protocol === 'ec2');
    case 'json':
      return writeJsonOutput(model, operation, output);
    case 'rest-json':
      return writeRestOutput(model, operation, output, 'json');
    default:
      return writeRestOutput(model, operation, output, 'xml');
  }
}
