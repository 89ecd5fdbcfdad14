/**
 * The server side of the REST protocols (rest-xml, rest-json): which operation a method and path name,
 * the input read back from labels, query, headers and body, and the output written as status, headers
 * and body. Driven by the same model as the client, with its codecs where the two directions agree
 * (an XML or JSON body is written and read the same way by either side).
 */
import type { Operation, ServiceModel, Shape, ShapeRef, TimestampFormat } from '../../core/model/types.js';
import { refTrait, shapeOf } from '../../core/model/shapes.js';
import { getOwn, setOwn } from '../../core/own.js';
import { headerValue, readHeader, splitRequestUri } from '../../core/protocols/rest.js';
import { payloadElementName, rootElementName } from '../../core/protocols/rest-xml.js';
import { parseXml, readXmlStructure, readXmlValue, writeXml } from '../../core/protocols/xml.js';
import { readJsonValue, writeJsonValue } from '../../core/protocols/json-value.js';
import { fromBase64, parseTimestamp, utf8Decode, utf8Encode } from '../../core/protocols/shared.js';
import { SandboxError } from '../service.js';
import type { WireReply, WireRequest } from './types.js';

export interface RestMatch {
  operation: Operation;
  labels: Record<string, string>;
}

/**
 * The operation a request is for: the one whose method, path template and constant query match, and
 * of several (S3's PUT /{Bucket}/{Key+} is PutObject, CopyObject, UploadPart or UploadPartCopy) the one
 * whose required query and header members are all present, the most specific first.
 */
export function matchRestOperation(model: ServiceModel, req: WireRequest): RestMatch | undefined {
  const segments = req.path.split('?')[0]!.split('/').slice(1);
  const queryKeys = new Map(req.query);
  let best: (RestMatch & { score: number }) | undefined;
  for (const route of routesOf(model)) {
    if (route.method !== req.method) continue;
    const labels = matchPath(route.template, segments);
    if (!labels) continue;
    if (!route.constants.every(([k, v]) => queryKeys.has(k) && (v === null || queryKeys.get(k) === v))) continue;
    if (!route.required.every((wire) => (wire.query ? queryKeys.has(wire.name) : req.headers[wire.name] !== undefined)))
      continue;
    // Of equals, a deprecated operation gives way (S3's GetBucketLifecycle to GetBucketLifecycleConfiguration).
    const better =
      !best ||
      route.score > best.score ||
      (route.score === best.score && best.operation.deprecated === true && !route.operation.deprecated);
    if (better) best = { operation: route.operation, labels, score: route.score };
  }
  return best && { operation: best.operation, labels: best.labels };
}

interface Route {
  operation: Operation;
  method: string;
  template: string[];
  constants: Array<[string, string | null]>;
  required: Array<{ name: string; query: boolean }>;
  score: number;
}

/** Each operation's request URI taken apart once per model: a request is matched against S3's hundred of them. */
const ROUTES = new WeakMap<ServiceModel, Route[]>();

function routesOf(model: ServiceModel): Route[] {
  let routes = ROUTES.get(model);
  if (!routes) {
    routes = Object.values(model.operations).map((operation) => {
      const [path, constants] = splitRequestUri(operation.http?.requestUri ?? '/');
      const template = path.split('/').slice(1);
      const required = requiredBoundMembers(model, operation);
      const literals = template.filter((s) => s && !s.startsWith('{')).length;
      return {
        operation,
        method: operation.http?.method ?? 'POST',
        template,
        constants,
        required,
        score: literals * 100 + constants.length * 10 + required.length,
      };
    });
    ROUTES.set(model, routes);
  }
  return routes;
}

function matchPath(template: string[], segments: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i]!;
    const label = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (label?.endsWith('+')) {
      const rest = segments.slice(i);
      if (!rest.length || rest.join('') === '') return undefined;
      labels[label.slice(0, -1)] = rest.map(decode).join('/');
      return labels;
    }
    const segment = segments[i];
    if (segment === undefined) return template.slice(i).every((p) => p === '') ? labels : undefined;
    if (label) {
      if (segment === '') return undefined;
      labels[label] = decode(segment);
    } else if (part !== segment) return undefined;
  }
  // A trailing slash after the last label is the same resource (`/bucket/` lists the bucket).
  return segments.length === template.length || (segments.length === template.length + 1 && segments.at(-1) === '')
    ? labels
    : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SandboxError('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

function requiredBoundMembers(model: ServiceModel, operation: Operation): Array<{ name: string; query: boolean }> {
  if (!operation.input) return [];
  const shape = shapeOf(model, operation.input);
  const out: Array<{ name: string; query: boolean }> = [];
  for (const name of shape.required ?? []) {
    const ref = shape.members?.[name];
    if (!ref) continue;
    const location = refTrait(model, ref, 'location');
    const wire = refTrait(model, ref, 'locationName') ?? name;
    if (location === 'querystring') out.push({ name: wire, query: true });
    else if (location === 'header') out.push({ name: wire.toLowerCase(), query: false });
  }
  return out;
}

/** The input of a REST operation from the matched labels, the query, the headers and the body. */
export function readRestInput(
  model: ServiceModel,
  match: RestMatch,
  req: WireRequest,
  format: 'xml' | 'json',
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (!match.operation.input) return input;
  const shape = shapeOf(model, match.operation.input);
  const bound = new Set<string>();
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const wire = refTrait(model, ref, 'locationName') ?? name;
    switch (refTrait(model, ref, 'location')) {
      case 'uri': {
        const raw = getOwn(match.labels, wire);
        if (raw !== undefined) input[name] = scalarFromText(model, ref, raw, 'iso8601');
        break;
      }
      case 'querystring': {
        const target = shapeOf(model, ref);
        if (target.type === 'map') break; // read last: it takes what no named parameter took
        bound.add(wire);
        const values = req.query.filter(([k]) => k === wire).map(([, v]) => v);
        if (!values.length) break;
        input[name] =
          target.type === 'list'
            ? values.map((v) => scalarFromText(model, target.member!, v, 'iso8601'))
            : scalarFromText(model, ref, values[0]!, 'iso8601');
        break;
      }
      case 'header': {
        const raw = req.headers[wire.toLowerCase()];
        if (raw !== undefined) input[name] = readHeader(model, ref, raw);
        break;
      }
      case 'headers': {
        const prefix = wire.toLowerCase();
        const map: Record<string, string> = {};
        for (const [h, v] of Object.entries(req.headers))
          if (h.startsWith(prefix)) setOwn(map, h.slice(prefix.length), v);
        if (Object.keys(map).length) input[name] = map;
        break;
      }
    }
  }
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (refTrait(model, ref, 'location') !== 'querystring' || shapeOf(model, ref).type !== 'map') continue;
    // A map of lists (`?a=1&a=2`) gathers repeated keys; a map of strings keeps the first.
    const lists = shapeOf(model, shapeOf(model, ref).value!).type === 'list';
    const map: Record<string, string | string[]> = {};
    for (const [k, v] of req.query) {
      if (bound.has(k)) continue;
      const prev = getOwn(map, k);
      if (lists) setOwn(map, k, [...((prev as string[] | undefined) ?? []), v]);
      else if (prev === undefined) setOwn(map, k, v);
    }
    if (Object.keys(map).length) input[name] = map;
  }
  // Legacy models name the payload on the operation's input reference instead of the shape.
  const payload = shape.payload ?? (match.operation.input.payload as string | undefined);
  Object.assign(input, readBody(model, shape, payload, req, format));
  return input;
}

function readBody(
  model: ServiceModel,
  shape: Shape,
  payload: string | undefined,
  req: WireRequest,
  format: 'xml' | 'json',
): Record<string, unknown> {
  if (payload !== undefined) {
    const ref = shape.members![payload]!;
    const type = shapeOf(model, ref).type;
    if (type === 'blob') {
      if (req.stream) return { [payload]: req.stream };
      return req.body.length ? { [payload]: req.body } : {};
    }
    if (type === 'string') return req.body.length ? { [payload]: utf8Decode(req.body) } : {};
    if (!req.body.length) return {};
    return {
      [payload]: format === 'xml' ? readXmlValue(model, ref, parseBodyXml(req.body)) : readJson(model, ref, req.body),
    };
  }
  if (!req.body.length) return {};
  if (format === 'xml') return readXmlStructure(model, shape, parseBodyXml(req.body));
  const parsed = parseBodyJson(req.body);
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (refTrait(model, ref, 'location')) continue;
    const value = getOwn(parsed, refTrait(model, ref, 'locationName') ?? name);
    const read = readJsonValue(model, ref, value, name);
    if (read !== undefined) out[name] = read;
  }
  return out;
}

/** A payload member's JSON: any JSON value for a document, else an object. */
function readJson(model: ServiceModel, ref: ShapeRef, body: Uint8Array): unknown {
  const parsed = shapeOf(model, ref).document ? parseJson(body) : parseBodyJson(body);
  return readJsonValue(model, ref, parsed);
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(utf8Decode(body));
  } catch {
    throw new SandboxError('SerializationException', 'The request body is not valid JSON.', 400);
  }
}

/** A JSON request body, which must be an object. */
export function parseBodyJson(body: Uint8Array): Record<string, unknown> {
  const parsed = parseJson(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new SandboxError('SerializationException', 'The request body is not a JSON object.', 400);
  return parsed as Record<string, unknown>;
}

function parseBodyXml(body: Uint8Array) {
  try {
    return parseXml(utf8Decode(body));
  } catch {
    throw new SandboxError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
}

/** A scalar from a label, query value or form field, by the member's type. */
export function scalarFromText(model: ServiceModel, ref: ShapeRef, text: string, format: TimestampFormat): unknown {
  const type = shapeOf(model, ref).type;
  switch (type) {
    case 'boolean':
      return text === 'true';
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double': {
      const n = Number(text);
      if (text.trim() === '' || (Number.isNaN(n) && text !== 'NaN'))
        throw new SandboxError('InvalidArgument', `${JSON.stringify(text)} is not a valid number.`, 400);
      return n;
    }
    case 'timestamp':
      try {
        return parseTimestamp(
          (refTrait(model, ref, 'timestampFormat') ?? format) === 'unixTimestamp' ? Number(text) : text,
        );
      } catch {
        throw new SandboxError('InvalidArgument', `${JSON.stringify(text)} is not a valid timestamp.`, 400);
      }
    case 'blob':
      return fromBase64(text);
    default:
      return text;
  }
}

/** Writes a REST output: the status, members bound to headers, and the body (payload or the rest). */
export function writeRestOutput(
  model: ServiceModel,
  operation: Operation,
  output: Record<string, unknown>,
  format: 'xml' | 'json',
): WireReply {
  const reply: WireReply = { statusCode: operation.http?.responseCode ?? 200, headers: {}, body: new Uint8Array(0) };
  if (!operation.output) return reply;
  const shape = shapeOf(model, operation.output);
  const bodyMembers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(output)) {
    const ref = getOwn(shape.members, name);
    if (!ref || value === undefined || value === null) continue;
    const wire = refTrait(model, ref, 'locationName') ?? name;
    switch (refTrait(model, ref, 'location')) {
      case 'header':
        if (Array.isArray(value) && value.length === 0) break;
        reply.headers[wire.toLowerCase()] = headerValue(model, ref, value);
        break;
      case 'headers':
        for (const [k, v] of Object.entries(value as Record<string, unknown>))
          reply.headers[(wire + k).toLowerCase()] = String(v);
        break;
      case 'statusCode':
        reply.statusCode = value as number;
        break;
      default:
        bodyMembers[name] = value;
    }
  }
  const payload = shape.payload;
  if (payload !== undefined) {
    const ref = shape.members![payload]!;
    const value = bodyMembers[payload];
    const type = shapeOf(model, ref).type;
    if (value === undefined) return reply;
    if (type === 'blob' || type === 'string') {
      reply.body = typeof value === 'string' ? utf8Encode(value) : (value as Uint8Array | AsyncIterable<Uint8Array>);
      return reply;
    }
    reply.body = utf8Encode(
      format === 'xml'
        ? xmlDocument(model, writeXml(model, ref, value, payloadElementName(model, ref, payload)))
        : JSON.stringify(writeJsonValue(model, ref, value)),
    );
    reply.headers['content-type'] = format === 'xml' ? 'application/xml' : 'application/json';
    return reply;
  }
  if (format === 'xml') {
    if (!Object.keys(bodyMembers).length) return reply;
    reply.body = utf8Encode(
      xmlDocument(model, writeXml(model, operation.output, bodyMembers, rootElementName(model, operation.output))),
    );
    reply.headers['content-type'] = 'application/xml';
  } else {
    reply.body = utf8Encode(JSON.stringify(writeJsonValue(model, operation.output, bodyMembers)));
    reply.headers['content-type'] = 'application/json';
  }
  return reply;
}

/** The XML declaration and, on the root element, the service's namespace (S3's `xmlns`), as AWS writes them. */
function xmlDocument(model: ServiceModel, element: string): string {
  const ns = model.metadata.xmlNamespace;
  const withNs =
    typeof ns === 'string' && !/^<[^>]*\sxmlns=/.test(element)
      ? element.replace(/^<([^\s>/]+)/, `<$1 xmlns="${ns}"`)
      : element;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${escapeCarriageReturns(withNs)}`;
}

/** A carriage return in text would reach the client as a line feed (XML normalises line ends): S3 writes `&#13;`. */
export function escapeCarriageReturns(xml: string): string {
  return xml.includes('\r') ? xml.replace(/\r/g, '&#13;') : xml;
}
