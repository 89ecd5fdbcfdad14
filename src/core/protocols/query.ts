/**
 * The AWS Query protocol (SQS's old wire format, IAM, STS, SNS, CloudFormation, …): parameters as a
 * form-encoded POST body (`Action`, `Version`, dotted member paths), responses and errors as XML.
 * EC2 speaks a variant of it; the differences are a settings object (ec2.ts), not a subclass.
 *
 * Behaviour follows botocore's QuerySerializer and QueryParser.
 * Spec: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import type { ServiceModel, Shape, ShapeRef } from '../model/types.js';
import { getOwn } from '../own.js';
import { encodeQuery } from '../request-url.js';
import type {
  ParsedError,
  ParseInput,
  ParseResult,
  Protocol,
  ProtocolResponse,
  SerializeInput,
  SerializedRequest,
} from './types.js';
import { expandHostPrefix, fillIdempotencyTokens, findErrorShape, refTrait, shapeOf } from '../model/shapes.js';
import {
  bodyText,
  childNamed,
  parseErrorXml,
  parseResponseXml,
  readXmlDocumentDirect,
  readXmlStructure,
  xmlToDict,
  type XmlNode,
} from './xml.js';
import { errorFromStatus, isErrorStatus, scalarToText } from './shared.js';

/** What distinguishes a dialect of the query protocol. */
export interface QueryDialect {
  /** The name a member or list item is serialized under, given its default. */
  serializedName(model: ServiceModel, ref: ShapeRef, defaultName: string): string;
  /** EC2 flattens every list and writes nothing for an empty one. */
  listsAlwaysFlattened: boolean;
  /** The element holding Code/Message of an error body. */
  errorNode(root: XmlNode): XmlNode;
  /** The request id of an error body, from its dictionary form. */
  errorRequestId(fields: Record<string, unknown>): string | undefined;
  /** The request id of a success body. */
  responseRequestId(root: XmlNode): string | undefined;
  /**
   * Whether an output without a `resultWrapper` is still looked for in `<OperationNameResult>`, as the
   * awsQuery spec defines the response (botocore's bundled models always name the wrapper).
   */
  defaultResultWrapper: boolean;
}

/** Query as botocore speaks it. */
export const QUERY_DIALECT: QueryDialect = {
  serializedName: (model, ref, defaultName) => refTrait(model, ref, 'locationName') ?? defaultName,
  listsAlwaysFlattened: false,
  errorNode: (root) => (root.name === 'ErrorResponse' ? (childNamed(root, 'Error') ?? root) : root),
  errorRequestId: (fields) => textField(fields.RequestId),
  responseRequestId: (root) => {
    const meta = childNamed(root, 'ResponseMetadata');
    return meta ? childNamed(meta, 'RequestId')?.text : undefined;
  },
  defaultResultWrapper: true,
};

/** Builds the query protocol for a dialect. */
export function createQueryProtocol(dialect: QueryDialect): Protocol {
  return {
    serialize: (input) => serializeQuery(dialect, input),
    parse: (input) => parseQuery(dialect, input),
  };
}

export const protocol: Protocol = createQueryProtocol(QUERY_DIALECT);

// ---------------------------------------------------------------------------------------------
// helpers

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

function serializeQuery(
  dialect: QueryDialect,
  { model, operation, params, idempotencyToken }: SerializeInput,
): SerializedRequest {
  const filled = fillIdempotencyTokens(model, operation, params, idempotencyToken);
  const pairs: Array<[string, string]> = [
    ['Action', operation.name],
    ['Version', model.metadata.apiVersion],
  ];
  if (operation.input) writeStructure(dialect, model, shapeOf(model, operation.input), filled, '', pairs);
  const hostPrefix = expandHostPrefix(model, operation, filled);
  return {
    method: operation.http?.method ?? 'POST',
    path: '/',
    query: [],
    headers: { 'Content-Type': CONTENT_TYPE },
    body: encodeQuery(pairs),
    ...(hostPrefix !== undefined ? { hostPrefix } : {}),
  };
}

function writeValue(
  dialect: QueryDialect,
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  prefix: string,
  out: Array<[string, string]>,
): void {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure':
      writeStructure(dialect, model, shape, value as Record<string, unknown>, prefix, out);
      return;
    case 'list':
      writeList(dialect, model, ref, shape, value as unknown[], prefix, out);
      return;
    case 'map':
      writeMap(dialect, model, ref, shape, value as Record<string, unknown>, prefix, out);
      return;
    default:
      out.push([prefix, scalarToText(model, ref, value, 'iso8601')]);
  }
}

function writeStructure(
  dialect: QueryDialect,
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  prefix: string,
  out: Array<[string, string]>,
): void {
  const members = shape.members ?? {};
  for (const [key, memberValue] of Object.entries(value)) {
    const ref = getOwn(members, key);
    if (!ref || memberValue === undefined || memberValue === null) continue;
    const name = dialect.serializedName(model, ref, key);
    writeValue(dialect, model, ref, memberValue, prefix ? `${prefix}.${name}` : name, out);
  }
}

/** `Name.member.N` (or the member's locationName); flattened lists drop the wrapper, EC2 always. */
function writeList(
  dialect: QueryDialect,
  model: ServiceModel,
  ref: ShapeRef,
  shape: Shape,
  items: unknown[],
  prefix: string,
  out: Array<[string, string]>,
): void {
  const member = shape.member!;
  let itemPrefix: string;
  if (dialect.listsAlwaysFlattened) {
    itemPrefix = prefix;
  } else if (items.length === 0) {
    // Query sends an empty list as a bare `Name=` so the service can tell it from an absent one.
    out.push([prefix, '']);
    return;
  } else if (refTrait(model, ref, 'flattened')) {
    // botocore repeats the list member's locationName in place of the list's name (SimpleDB's
    // `Attribute.N`); a locationName on the structure member itself wins, as the awsQuery spec says.
    // No bundled query model has both, so this only settles the Smithy suite's case.
    const itemName =
      ref.locationName === undefined && refTrait(model, member, 'locationName') !== undefined
        ? dialect.serializedName(model, member, '')
        : undefined;
    itemPrefix = itemName === undefined ? prefix : replaceLastSegment(prefix, itemName);
  } else {
    itemPrefix = `${prefix}.${refTrait(model, member, 'locationName') ?? 'member'}`;
  }
  items.forEach((item, i) => writeValue(dialect, model, member, item, `${itemPrefix}.${i + 1}`, out));
}

/** `Name.entry.N.key` / `Name.entry.N.value`, with custom key/value names; flattened maps drop `entry`. */
function writeMap(
  dialect: QueryDialect,
  model: ServiceModel,
  ref: ShapeRef,
  shape: Shape,
  value: Record<string, unknown>,
  prefix: string,
  out: Array<[string, string]>,
): void {
  const base = refTrait(model, ref, 'flattened') ? prefix : `${prefix}.entry`;
  const keyName = dialect.serializedName(model, shape.key!, 'key');
  const valueName = dialect.serializedName(model, shape.value!, 'value');
  Object.entries(value).forEach(([k, v], i) => {
    writeValue(dialect, model, shape.key!, k, `${base}.${i + 1}.${keyName}`, out);
    writeValue(dialect, model, shape.value!, v, `${base}.${i + 1}.${valueName}`, out);
  });
}

function replaceLastSegment(prefix: string, name: string): string {
  const dot = prefix.lastIndexOf('.');
  return dot === -1 ? name : `${prefix.slice(0, dot)}.${name}`;
}

function parseQuery(dialect: QueryDialect, { model, operation, response, readTimestamp }: ParseInput): ParseResult {
  const text = bodyText(response);
  if (isErrorStatus(response.statusCode))
    return { kind: 'error', error: parseQueryError(dialect, model, operation, response, text) };
  if (!text.trim()) return { kind: 'output', output: {} };
  if (operation.output && !dialect.defaultResultWrapper && !refTrait(model, operation.output, 'resultWrapper')) {
    // EC2: the root element is the output structure; read it without building a tree when possible.
    const direct = readXmlDocumentDirect(model, shapeOf(model, operation.output), text, 'requestId', readTimestamp);
    if (direct) {
      if (direct.captured !== undefined) direct.output.$metadata = { requestId: direct.captured };
      return { kind: 'output', output: direct.output };
    }
  }
  const root = parseResponseXml(response, text);
  let output: Record<string, unknown> = {};
  if (operation.output) {
    const wrapper = refTrait(model, operation.output, 'resultWrapper');
    const start = wrapper
      ? childNamed(root, wrapper)
      : (dialect.defaultResultWrapper && childNamed(root, `${operation.name}Result`)) || root;
    if (start) output = readXmlStructure(model, shapeOf(model, operation.output), start, readTimestamp);
  }
  const requestId = dialect.responseRequestId(root);
  // `$metadata` carries what botocore puts in ResponseMetadata; the engine replaces it with its own.
  if (requestId !== undefined) output.$metadata = { requestId };
  return { kind: 'output', output };
}

/**
 * `<ErrorResponse><Error><Code/><Message/>…</Error><RequestId/></ErrorResponse>` (EC2: `<Response>
 * <Errors><Error>…</Error></Errors><RequestID/></Response>`). A code that names a modeled exception
 * also yields that shape's members, read from the Error element.
 */
function parseQueryError(
  dialect: QueryDialect,
  model: ServiceModel,
  operation: ParseInput['operation'],
  response: ProtocolResponse,
  text: string,
): ParsedError {
  const root = parseErrorXml(response.statusCode, text);
  if (!root) return errorFromStatus(response.statusCode);
  const fields = xmlToDict(root);
  const errors = fields.Errors as Record<string, unknown> | undefined;
  const error = (fields.Error ?? (errors && typeof errors === 'object' ? errors.Error : undefined)) as
    Record<string, unknown> | undefined;
  const requestId = dialect.errorRequestId(fields);
  const code = error && typeof error === 'object' ? textField(error.Code) : undefined;
  if (!code) return errorFromStatus(response.statusCode, requestId);
  const message = textField(error!.Message) ?? 'Unknown';
  const shapeRef = findErrorShape(model, operation, code);
  const data = shapeRef ? readXmlStructure(model, shapeOf(model, shapeRef), dialect.errorNode(root)) : {};
  return { code, message, requestId, data };
}

function textField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
