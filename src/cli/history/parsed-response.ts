/**
 * The PARSED_RESPONSE record of the command history: what botocore's response parser made of one HTTP
 * response (awscli/botocore/parsers.py), which the AWS CLI records before any customization sees it. The
 * engine reports responses as they came (status, headers, body), so the record is made here from that
 * report with the protocol's own parser, and laid out as botocore's dictionary:
 *
 * - an output: its members, timestamps in `isoformat()`, blobs as UTF-8 text (or `<Byte sequence>`, as
 *   the CLI's PayloadSerializer writes bytes), and `ResponseMetadata` — the request id where the
 *   protocol's parser finds it (the body for query and EC2, `x-amzn-requestid` for JSON, that or
 *   `x-amz-request-id` with `HostId` for REST), `HTTPStatusCode` and `HTTPHeaders` (lower-cased);
 * - an error: `Error` — for XML protocols every element of the body's error, as botocore reads it; for
 *   JSON ones `Code` and `Message` — the modeled error's members beside it, and `ResponseMetadata`.
 *
 * There is none when the body cannot be read back: the engine reports at most a body's first 4 KiB and
 * never the body of an output that may hold a secret, and an event stream is not parsed here.
 */
import type { Operation, ServiceBundle, Shape } from '../../core/model/types.js';
import type { ProtocolName } from '../../core/protocols/index.js';
import type { Protocol } from '../../core/protocols/types.js';
import { parseErrorXml, xmlToDict } from '../../core/protocols/xml.js';
import { getOwn, setOwn } from '../../core/own.js';
import { isoTimestamp, PyFloat } from '../output/py-values.js';

/** A response as the engine reported it (WireEvent `response`): the body as text, undefined when left unread. */
export interface ReportedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface ResponseParser {
  model: ServiceBundle;
  protocolName: ProtocolName;
  protocol: Protocol;
}

/** What the marker of an unread streaming payload says (botocore records its StreamingBody's repr). */
export const STREAMING_BODY = '<streaming body>';

/** botocore's parsed dictionary for `response` to `operation`, or undefined when it cannot be made. */
export function parsedResponse(
  parser: ResponseParser,
  operation: Operation,
  response: ReportedResponse,
): Record<string, unknown> | undefined {
  const { model, protocol } = parser;
  const outputShape = operation.output ? model.shapes[operation.output.shape] : undefined;
  const payload = outputShape?.payload !== undefined ? getOwn(outputShape.members, outputShape.payload) : undefined;
  const streaming = payload !== undefined && model.shapes[payload.shape]?.type === 'blob';
  // A body left unread is a streaming payload's (or an event stream's, which botocore does not decorate).
  if (response.body === undefined && !streaming) return undefined;
  const body = response.body === undefined ? emptyStream() : new TextEncoder().encode(response.body);
  let result;
  try {
    result = protocol.parse({
      model,
      operation,
      response: { statusCode: response.statusCode, headers: response.headers, body },
    });
  } catch {
    return undefined;
  }
  const parsed =
    result.kind === 'output'
      ? outputDict(parser, outputShape, result.output, response)
      : errorDict(parser, result.error, response);
  parsed.ResponseMetadata = {
    ...(parsed.ResponseMetadata as object),
    HTTPStatusCode: response.statusCode,
    HTTPHeaders: response.headers,
  };
  if (result.kind === 'output' && streaming && response.body === undefined)
    setOwn(parsed, outputShape!.payload!, STREAMING_BODY);
  return parsed;
}

function outputDict(
  { model, protocolName }: ResponseParser,
  shape: Shape | undefined,
  output: Record<string, unknown>,
  response: ReportedResponse,
): Record<string, unknown> {
  const { $metadata, ...members } = output as { $metadata?: { requestId?: string } };
  const parsed = pythonValue(model, shape, members) as Record<string, unknown>;
  if (protocolName === 'query' || protocolName === 'ec2') {
    if ($metadata?.requestId !== undefined) parsed.ResponseMetadata = { RequestId: $metadata.requestId };
  } else parsed.ResponseMetadata = headerMetadata(protocolName, response.headers);
  return parsed;
}

function errorDict(
  { model, protocolName }: ResponseParser,
  error: { code: string; message: string; requestId?: string; data: Record<string, unknown> },
  response: ReportedResponse,
): Record<string, unknown> {
  const text = response.body ?? '';
  const generic = response.statusCode >= 500 && (!text.trim() || text.trim().startsWith('<html>'));
  const xml = protocolName === 'query' || protocolName === 'ec2' || protocolName === 'rest-xml';
  const root = generic || !xml ? undefined : xmlError(text);
  let parsed: Record<string, unknown>;
  // botocore's generic error (a 5xx with no body or an HTML page): the status and its reason phrase.
  if (generic) parsed = { Error: { Code: error.code, Message: error.message }, ResponseMetadata: {} };
  // JSON protocols, and an XML protocol's body that is not XML: the code and message the parser found.
  else if (!root) {
    parsed = { Error: { Message: error.message, Code: error.code } };
    parsed.ResponseMetadata =
      protocolName === 'rest-xml'
        ? { RequestId: response.headers['x-amz-request-id'] ?? '', HostId: response.headers['x-amz-id-2'] ?? '' }
        : headerMetadata('json', response.headers);
  } else if (protocolName === 'rest-xml' && root.name === 'Error') {
    // S3's error is the root element; its ids are in the headers as well, and only kept there.
    const { RequestId: _id, HostId: _host, ...fields } = root.fields;
    parsed = { Error: fields, ResponseMetadata: headerMetadata('rest-xml', response.headers) };
  } else {
    // Query's <ErrorResponse><Error/><RequestId/>, EC2's <Response><Errors><Error/></Errors><RequestID/>.
    const { Errors, RequestId, RequestID, ...rest } = root.fields;
    parsed = { ...rest, ...(Errors && typeof Errors === 'object' ? Errors : {}) };
    const id = RequestId ?? (protocolName === 'ec2' ? RequestID : undefined);
    if (id !== undefined) parsed.ResponseMetadata = { RequestId: id };
    else if (RequestID !== undefined) parsed.RequestID = RequestID;
    if (protocolName === 'rest-xml') parsed.Error = { Message: '', Code: '', ...(parsed.Error as object) };
  }
  // botocore adds the modeled error's members beside Error (endpoint.py, _add_modeled_error_fields).
  for (const [key, value] of Object.entries(pythonValue(model, undefined, error.data) as object))
    setOwn(parsed, key, value);
  return parsed;
}

/** The request id botocore's JSON and REST parsers take from the headers. */
function headerMetadata(protocolName: ProtocolName, headers: Record<string, string>): Record<string, string> {
  if (headers['x-amzn-requestid'] !== undefined) return { RequestId: headers['x-amzn-requestid'] };
  if (protocolName.startsWith('rest') && headers['x-amz-request-id'] !== undefined)
    return { RequestId: headers['x-amz-request-id'], HostId: headers['x-amz-id-2'] ?? '' };
  return {};
}

function xmlError(text: string): { name: string; fields: Record<string, unknown> } | undefined {
  const root = parseErrorXml(400, text);
  return root && { name: root.name, fields: xmlToDict(root) };
}

/**
 * A parsed value as the CLI's PayloadSerializer turns botocore's into JSON: Dates in isoformat, bytes
 * as UTF-8 text or `<Byte sequence>`, float members as Python floats, a stream as a marker.
 */
function pythonValue(model: ServiceBundle, shape: Shape | undefined, value: unknown): unknown {
  if (value instanceof Date) return isoTimestamp(value);
  if (value instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return '<Byte sequence>';
    }
  }
  if (typeof value === 'number')
    return shape?.type === 'float' || shape?.type === 'double' ? new PyFloat(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const member = shape?.member ? model.shapes[shape.member.shape] : undefined;
    return value.map((v) => pythonValue(model, member, v));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return STREAMING_BODY;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const ref =
      shape?.type === 'structure' ? getOwn(shape.members, key) : shape?.type === 'map' ? shape.value : undefined;
    setOwn(out, key, pythonValue(model, ref ? model.shapes[ref.shape] : undefined, v));
  }
  return out;
}

async function* emptyStream(): AsyncIterable<Uint8Array> {}
