/**
 * The REST-XML protocol (S3, CloudFront, Route 53): HTTP bindings (URI labels, query string, headers,
 * status code) plus an XML body built from the payload member or the remaining members; responses
 * the other way round, and errors as `<ErrorResponse><Error>…` or S3's bare `<Error>`.
 *
 * Behaviour follows botocore's RestXMLSerializer and RestXMLParser, including S3's 200 responses
 * whose body is an `<Error>` (CopyObject, CompleteMultipartUpload, …), which are errors.
 * Spec: https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 * The HTTP bindings shared with rest-json are in rest.ts.
 */
import type { Operation, ServiceModel, ShapeRef } from '../model/types.js';
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
import { errorFromStatus, isErrorStatus, utf8Decode } from './shared.js';
import { bindRequest, readHttpBindings } from './rest.js';
import { fillIdempotencyTokens, findErrorShape, refTrait, shapeOf } from '../model/shapes.js';
import {
  childNamed,
  parseErrorXml,
  parseResponseXml,
  parseXml,
  readXmlDocumentDirect,
  readXmlStructure,
  readXmlValue,
  writeXml,
  xmlToDict,
  type XmlNode,
} from './xml.js';

export const protocol: Protocol = { serialize, parse, readEventPayload };

// ---------------------------------------------------------------------------------------------
// serialize

/** Sets no Content-Type, as botocore's RestXMLSerializer sets none (S3, CloudFront and Route 53 want none). */
function serialize({ model, operation, params, idempotencyToken }: SerializeInput): SerializedRequest {
  const filled = fillIdempotencyTokens(model, operation, params, idempotencyToken);
  const { request, inputShape, bodyMembers } = bindRequest(model, operation, filled);
  if (!inputShape) return request;
  const members = inputShape.members ?? {};

  const payloadName = inputShape.payload;
  if (payloadName !== undefined) {
    const ref = members[payloadName]!;
    const type = shapeOf(model, ref).type;
    const value = filled[payloadName];
    if (type === 'blob' || type === 'string') {
      // Bytes, text, a Blob or a stream: passed through untouched (the engine encodes text as UTF-8).
      request.body = value ?? '';
    } else if (value !== undefined && value !== null) {
      request.body = writeXml(model, ref, value, payloadElementName(model, ref, payloadName));
    }
  } else if (Object.keys(bodyMembers).length) {
    request.body = writeXml(model, operation.input!, bodyMembers, rootElementName(model, operation.input!));
  }
  return request;
}

// ---------------------------------------------------------------------------------------------
// parse

function parse({ model, operation, response, readTimestamp }: ParseInput): ParseResult {
  const outputRef = operation.output;
  const outputShape = outputRef ? shapeOf(model, outputRef) : undefined;
  const payloadRef = outputShape?.payload !== undefined ? outputShape.members?.[outputShape.payload] : undefined;
  const rawPayload = payloadRef !== undefined && isRawPayload(model, payloadRef);
  const buffered = response.body instanceof Uint8Array;

  if (isErrorStatus(response.statusCode)) {
    return {
      kind: 'error',
      error: parseRestXmlError(model, operation, response, buffered ? utf8Decode(response.body as Uint8Array) : ''),
    };
  }
  const text = buffered && !rawPayload ? utf8Decode(response.body as Uint8Array) : '';
  if (outputShape && payloadRef === undefined && text.trim()) {
    // A body that is the output structure (S3 listings): read without building a tree when possible.
    const direct = readXmlDocumentDirect(model, outputShape, text, undefined, readTimestamp);
    if (direct) {
      const output: Record<string, unknown> = {};
      readHttpBindings(model, outputShape, response, output, readTimestamp);
      return { kind: 'output', output: Object.assign(output, direct.output) };
    }
  }
  // An operation without an output reads nothing from the body, as botocore (moto answers PutBucketPolicy with `True`).
  const root = outputShape && text.trim() ? parseResponseXml(response, text, requestIdHeader(response)) : undefined;
  // S3 reports some failures that happen after it has sent 200 OK as an <Error> body (botocore's
  // _handle_200_error): CopyObject, UploadPartCopy, CompleteMultipartUpload, …
  if (root && root.name === 'Error' && response.statusCode === 200 && outputShape !== undefined) {
    return { kind: 'error', error: restXmlErrorFromRoot(model, operation, response, root) };
  }

  const output: Record<string, unknown> = {};
  if (!outputShape) return { kind: 'output', output };
  readHttpBindings(model, outputShape, response, output, readTimestamp);
  if (payloadRef !== undefined) {
    const payloadName = outputShape.payload!;
    if (rawPayload) {
      const body = response.body;
      if (!(body instanceof Uint8Array)) output[payloadName] = body;
      else if (body.length || refTrait(model, payloadRef, 'eventstream')) {
        output[payloadName] = shapeOf(model, payloadRef).type === 'string' ? utf8Decode(body) : body;
      }
    } else if (root) {
      output[payloadName] = readXmlValue(model, payloadRef, root, readTimestamp);
    } else if (!shapeOf(model, payloadRef).union) {
      // botocore reads an empty body as an empty element, so a structure payload comes back as {}.
      output[payloadName] = {};
    }
  } else if (root) {
    Object.assign(output, readXmlStructure(model, outputShape, root, readTimestamp));
  }
  return { kind: 'output', output };
}

/**
 * Errors: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>` (CloudFront,
 * Route 53) or S3's `<Error><Code/><Message/><RequestId/><HostId/></Error>`. An empty or unparseable
 * body (a HEAD request's 404, a proxy's page) becomes the status code and its reason phrase, as in botocore.
 */
function parseRestXmlError(
  model: ServiceModel,
  operation: Operation,
  response: ProtocolResponse,
  text: string,
): ParsedError {
  const root = parseErrorXml(response.statusCode, text);
  if (!root) return errorFromStatus(response.statusCode, requestIdHeader(response));
  return restXmlErrorFromRoot(model, operation, response, root);
}

function restXmlErrorFromRoot(
  model: ServiceModel,
  operation: Operation,
  response: ProtocolResponse,
  root: XmlNode,
): ParsedError {
  const fields = xmlToDict(root);
  const s3Style = root.name === 'Error';
  const error = (s3Style ? fields : fields.Error) as Record<string, unknown> | undefined;
  const requestId = requestIdHeader(response) ?? textOf(fields.RequestId);
  const code = error && typeof error === 'object' ? textOf(error.Code) : undefined;
  if (!code) return errorFromStatus(response.statusCode, requestId);
  // botocore leaves S3's message unset when absent (the CLI then prints "Unknown"); others default to ''.
  const message = textOf(error!.Message) ?? (s3Style ? 'Unknown' : '');
  const shapeRef = findErrorShape(model, operation, code);
  let data: Record<string, unknown> = {};
  if (!shapeRef && s3Style) {
    // An error the model does not describe keeps the other fields S3 sent, as botocore's Error dict does:
    // PermanentRedirect's Endpoint, for one, which the CLI's message names.
    for (const [name, value] of Object.entries(error!))
      if (name !== 'Code' && name !== 'Message' && typeof textOf(value) === 'string') data[name] = textOf(value);
  }
  if (shapeRef) {
    const shape = shapeOf(model, shapeRef);
    const errorNode = root.name === 'ErrorResponse' ? (childNamed(root, 'Error') ?? root) : root;
    data = readHttpBindings(model, shape, response, {});
    Object.assign(data, readXmlStructure(model, shape, errorNode));
  }
  return { code, message, requestId, data };
}

/**
 * The root element of a request body. botocore takes the reference's locationName; a locationName on
 * the target shape itself (Smithy's xmlName) is preferred here, which no bundled model contradicts
 * (checked across botocore's rest-xml models) and the Smithy suites expect. Last resort: the shape name.
 */
export function rootElementName(model: ServiceModel, ref: ShapeRef): string {
  return shapeOf(model, ref).locationName ?? ref.locationName ?? ref.shape;
}

/**
 * The root element of a structure payload: the member's locationName (S3's LifecycleConfiguration
 * member targets shape BucketLifecycleConfiguration, and S3 wants the member's name). Only when that
 * locationName merely repeats the member name does a locationName on the target shape take over.
 */
export function payloadElementName(model: ServiceModel, ref: ShapeRef, memberName: string): string {
  if (ref.locationName !== undefined && ref.locationName !== memberName) return ref.locationName;
  return shapeOf(model, ref).locationName ?? ref.locationName ?? ref.shape;
}

function requestIdHeader(response: ProtocolResponse): string | undefined {
  return response.headers['x-amz-request-id'] ?? response.headers['x-amzn-requestid'];
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * An event's payload (S3 SelectObjectContent's Stats and Progress): XML read as `ref`, an empty payload
 * as an empty element, as botocore's EventStreamXMLParser reads it.
 */
function readEventPayload(
  model: ServiceModel,
  ref: ShapeRef,
  payload: Uint8Array,
  readTimestamp?: TimestampReader,
): unknown {
  const text = utf8Decode(payload);
  const empty: XmlNode = { name: '', attrs: undefined, children: [], text: '' };
  return readXmlValue(model, ref, text.trim() ? parseXml(text) : empty, readTimestamp);
}

/**
 * A blob or string payload is the body itself (streamed or not), never XML; so is an event stream
 * (S3 SelectObjectContent), whose messages the engine reads into events (event-stream-output.ts).
 */
function isRawPayload(model: ServiceModel, ref: ShapeRef): boolean {
  const type = shapeOf(model, ref).type;
  return type === 'blob' || type === 'string' || refTrait(model, ref, 'eventstream') === true;
}
