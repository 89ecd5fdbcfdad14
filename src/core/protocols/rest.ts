/**
 * The HTTP bindings of the REST protocols (rest-xml and rest-json): URI labels (greedy `{Key+}` keeps
 * its slashes), query string (lists repeat the key, maps spread), headers (prefix maps, list headers,
 * rfc822 timestamps, base64 `jsonvalue`), status code and host prefix, in both directions. The body
 * codec is the protocol's own.
 */
import type { Operation, ServiceModel, Shape, ShapeRef, TimestampFormat } from '../model/types.js';
import { getOwn, setOwn } from '../own.js';
import type { ProtocolResponse, SerializedRequest, TimestampReader } from './types.js';
import { floatText, fromBase64, parseTimestamp, timestampText, toBase64, toDate, utf8Decode } from './shared.js';
import { uriEncode } from '../request-url.js';
import { expandHostPrefix, refTrait, shapeOf } from '../model/shapes.js';

/**
 * Places every bound member of the (already token-filled) input where the model says; the members left
 * for the body come back in `bodyMembers`.
 */
export function bindRequest(
  model: ServiceModel,
  operation: Operation,
  filled: Record<string, unknown>,
): {
  request: SerializedRequest;
  inputShape: Shape | undefined;
  bodyMembers: Record<string, unknown>;
} {
  const hostPrefix = expandHostPrefix(model, operation, filled);
  const [pathTemplate, constantQuery] = splitRequestUri(operation.http?.requestUri ?? '/');
  const request: SerializedRequest = {
    method: operation.http?.method ?? 'POST',
    path: pathTemplate,
    query: constantQuery,
    headers: {},
    body: '',
  };
  if (hostPrefix !== undefined) request.hostPrefix = hostPrefix;
  const bodyMembers: Record<string, unknown> = {};
  if (!operation.input) return { request, inputShape: undefined, bodyMembers };
  const inputShape = shapeOf(model, operation.input);
  const members = inputShape.members ?? {};
  const labels: Record<string, string> = {};
  const query = new Map<string, string[]>();
  const namedQuery = new Set<string>();
  for (const [name, value] of Object.entries(filled)) {
    const ref = getOwn(members, name);
    if (!ref || value === undefined || value === null) continue;
    const wireName = refTrait(model, ref, 'locationName') ?? name;
    switch (refTrait(model, ref, 'location')) {
      case 'uri':
        labels[wireName] = uriValue(model, ref, value);
        break;
      case 'querystring':
        addQueryParam(model, ref, wireName, value, query, namedQuery);
        break;
      case 'header':
        if (Array.isArray(value) && value.length === 0) break; // botocore sends no header for an empty list
        request.headers[wireName] = headerValue(model, ref, value);
        break;
      case 'headers':
        for (const [k, v] of Object.entries(value as Record<string, unknown>))
          request.headers[wireName + k] = String(v);
        break;
      default:
        bodyMembers[name] = value;
    }
  }
  request.path = expandPath(pathTemplate, labels);
  for (const [k, values] of query) for (const v of values) request.query.push([k, v]);
  return { request, inputShape, bodyMembers };
}

/** `/path/{Label}/{Key+}?constant&x=y` → the path template and the constant query pairs. */
export function splitRequestUri(requestUri: string): [string, Array<[string, string | null]>] {
  const q = requestUri.indexOf('?');
  if (q === -1) return [requestUri, []];
  const pairs = requestUri
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((part): [string, string | null] => {
      const eq = part.indexOf('=');
      return eq === -1
        ? [decodeURIComponent(part), null]
        : [decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
    });
  return [requestUri.slice(0, q), pairs];
}

/** Fills `{Label}` (every reserved character encoded) and greedy `{Key+}` (slashes kept). */
function expandPath(template: string, labels: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const greedy = name.endsWith('+');
    const value = labels[greedy ? name.slice(0, -1) : name] ?? '';
    return greedy ? value.split('/').map(uriEncode).join('/') : uriEncode(value);
  });
}

/** A URI label or query value: booleans lower-case, timestamps iso8601 by default, floats as Python prints them. */
function uriValue(model: ServiceModel, ref: ShapeRef, value: unknown): string {
  switch (shapeOf(model, ref).type) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'timestamp':
      return timestampText(
        value,
        (refTrait(model, ref, 'timestampFormat') as TimestampFormat | undefined) ?? 'iso8601',
      );
    case 'float':
    case 'double':
      return floatText(value);
    default:
      return String(value);
  }
}

/**
 * Query parameters: lists repeat the key; a map spreads its entries (values may be lists) but never
 * replaces a parameter bound by name, whichever comes first.
 */
function addQueryParam(
  model: ServiceModel,
  ref: ShapeRef,
  name: string,
  value: unknown,
  query: Map<string, string[]>,
  named: Set<string>,
): void {
  const shape = shapeOf(model, ref);
  if (shape.type === 'map') {
    const valueShape = shapeOf(model, shape.value!);
    const itemRef = valueShape.type === 'list' ? valueShape.member! : shape.value!;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (named.has(k)) continue;
      query.set(k, Array.isArray(v) ? v.map((item) => uriValue(model, itemRef, item)) : [uriValue(model, itemRef, v)]);
    }
    return;
  }
  named.add(name);
  query.set(
    name,
    shape.type === 'list'
      ? (value as unknown[]).map((item) => uriValue(model, shape.member!, item))
      : [uriValue(model, ref, value)],
  );
}

/**
 * A header value: timestamps to the second in rfc822 by default, lists comma-joined without spaces as botocore sends them (strings quoted
 * when they hold a comma or a quote), `jsonvalue` strings base64 JSON, booleans lower-case.
 */
export function headerValue(model: ServiceModel, ref: ShapeRef, value: unknown): string {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'timestamp': {
      const format = (refTrait(model, ref, 'timestampFormat') as TimestampFormat | undefined) ?? 'rfc822';
      // botocore truncates header timestamps to the second, whatever the format.
      return timestampText(new Date(Math.floor(toDate(value).getTime() / 1000) * 1000), format);
    }
    case 'list': {
      const member = shape.member!;
      const isString = shapeOf(model, member).type === 'string';
      return (value as unknown[])
        .filter((v) => v !== null && v !== undefined)
        .map((v) => (isString ? quoteListItem(String(v)) : headerValue(model, member, v)))
        .join(',');
    }
    case 'boolean':
      return value ? 'true' : 'false';
    case 'float':
    case 'double':
      return floatText(value);
    case 'string':
      if (refTrait(model, ref, 'jsonvalue')) return toBase64(asciiJson(value));
      return String(value);
    default:
      return String(value);
  }
}

function quoteListItem(value: string): string {
  return value.includes('"') || value.includes(',') ? `"${value.replace(/"/g, '\\"')}"` : value;
}

/** JSON as Python's json.dumps writes it with compact separators: non-ASCII escaped as \uXXXX. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Reads the members bound to headers, header prefixes and the status code into `out`. */
export function readHttpBindings(
  model: ServiceModel,
  shape: Shape,
  response: ProtocolResponse,
  out: Record<string, unknown>,
  readTimestamp?: TimestampReader,
): Record<string, unknown> {
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    switch (refTrait(model, ref, 'location')) {
      case 'statusCode':
        out[name] = response.statusCode;
        break;
      case 'header': {
        const raw = response.headers[(refTrait(model, ref, 'locationName') ?? name).toLowerCase()];
        if (raw !== undefined) out[name] = readHeader(model, ref, raw, readTimestamp);
        break;
      }
      case 'headers': {
        const prefix = (refTrait(model, ref, 'locationName') ?? '').toLowerCase();
        const map: Record<string, string> = {};
        for (const [h, v] of Object.entries(response.headers))
          if (h.toLowerCase().startsWith(prefix)) setOwn(map, h.slice(prefix.length), v);
        out[name] = map;
        break;
      }
    }
  }
  return out;
}

/** A header's value as its member's shape has it; a timestamp's text goes to `readTimestamp` (a Date without one). */
export function readHeader(
  model: ServiceModel,
  ref: ShapeRef,
  raw: string,
  readTimestamp: TimestampReader = parseTimestamp,
): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'list': {
      const member = shape.member!;
      const memberType = shapeOf(model, member).type;
      const items = memberType === 'timestamp' ? splitHttpDates(raw) : splitHeaderList(raw);
      return items.map((item) => readHeader(model, member, item, readTimestamp));
    }
    case 'boolean':
      return raw.trim() === 'true';
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
      return Number.parseInt(raw, 10);
    case 'float':
    case 'double':
      return readHeaderFloat(raw);
    case 'timestamp':
      return readTimestamp(raw, false);
    case 'blob':
      return fromBase64(raw);
    default:
      if (refTrait(model, ref, 'jsonvalue')) return JSON.parse(utf8Decode(fromBase64(raw)));
      return raw;
  }
}

function readHeaderFloat(raw: string): number {
  const t = raw.trim();
  return t === 'NaN' ? NaN : t === 'Infinity' ? Infinity : t === '-Infinity' ? -Infinity : Number(t);
}

/** RFC 7230 list: comma-separated, items optionally double-quoted with backslash escapes. */
function splitHeaderList(raw: string): string[] {
  const items: string[] = [];
  let i = 0;
  while (i <= raw.length) {
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    if (raw[i] === '"') {
      let value = '';
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && i + 1 < raw.length) i++;
        value += raw[i++];
      }
      items.push(value);
      const comma = raw.indexOf(',', i);
      i = comma === -1 ? raw.length + 1 : comma + 1;
    } else {
      const comma = raw.indexOf(',', i);
      const end = comma === -1 ? raw.length : comma;
      items.push(raw.slice(i, end).trim());
      i = end + 1;
    }
  }
  return items;
}

/** HTTP dates contain a comma themselves (`Mon, 16 Dec 2019 …`), so a list of them splits every second comma. */
function splitHttpDates(raw: string): string[] {
  const parts = raw.split(',').map((p) => p.trim());
  if (!/^[A-Za-z]{3}$/.test(parts[0] ?? '')) return parts;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) out.push(`${parts[i]}, ${parts[i + 1] ?? ''}`.trim());
  return out;
}
