/**
 * The server side of the query protocol (IAM, STS, SNS, SQS's old format) and its EC2 dialect: the
 * form-encoded parameters read back into the input by the model (dotted member paths, `member.N`
 * lists, `entry.N.key` maps), the output written as `<OperationResponse>` XML with its request id, and
 * errors as `<ErrorResponse>` (EC2: `<Response><Errors>`).
 */
import type { Operation, ServiceModel, Shape, ShapeRef } from '../../core/model/types.js';
import { refTrait, shapeOf } from '../../core/model/shapes.js';
import { setOwn } from '../../core/own.js';
import type { QueryDialect } from '../../core/protocols/query.js';
import { escapeXmlText, writeXml } from '../../core/protocols/xml.js';
import { utf8Encode } from '../../core/protocols/shared.js';
import type { SandboxError } from '../service.js';
import { escapeCarriageReturns, scalarFromText } from './rest.js';
import type { WireReply } from './types.js';

/** `a=1&b=x+y` as Python's parse_qsl reads it: `+` is a space, repeated keys keep the first value. */
export function formParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = formDecode(eq < 0 ? pair : pair.slice(0, eq));
    if (!params.has(key)) params.set(key, eq < 0 ? '' : formDecode(pair.slice(eq + 1)));
  }
  return params;
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The input of `operation` from its form parameters. */
export function readQueryInput(
  dialect: QueryDialect,
  model: ServiceModel,
  operation: Operation,
  params: Map<string, string>,
): Record<string, unknown> {
  if (!operation.input) return {};
  const keys = [...params.keys()];
  const reader = { dialect, model, params, has: (prefix: string) => keys.some((k) => k.startsWith(prefix)) };
  return readStructure(reader, shapeOf(model, operation.input), '') ?? {};
}

interface Reader {
  dialect: QueryDialect;
  model: ServiceModel;
  params: Map<string, string>;
  has(prefix: string): boolean;
}

function readStructure(r: Reader, shape: Shape, prefix: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const wire = r.dialect.serializedName(r.model, ref, name);
    const value = readValue(r, ref, prefix ? `${prefix}.${wire}` : wire);
    if (value !== undefined) {
      out[name] = value;
      any = true;
    }
  }
  return any || prefix === '' ? out : undefined;
}

function readValue(r: Reader, ref: ShapeRef, key: string): unknown {
  const shape = shapeOf(r.model, ref);
  switch (shape.type) {
    case 'structure':
      return r.has(`${key}.`) ? readStructure(r, shape, key) : undefined;
    case 'list': {
      if (r.params.get(key) === '') return [];
      const member = shape.member!;
      const base = listBase(r, ref, member, key);
      const items: unknown[] = [];
      for (let i = 1; r.params.has(`${base}.${i}`) || r.has(`${base}.${i}.`); i++)
        items.push(readValue(r, member, `${base}.${i}`));
      return items.length ? items : undefined;
    }
    case 'map': {
      const base = refTrait(r.model, ref, 'flattened') ? key : `${key}.entry`;
      const keyName = r.dialect.serializedName(r.model, shape.key!, 'key');
      const valueName = r.dialect.serializedName(r.model, shape.value!, 'value');
      const map: Record<string, unknown> = {};
      let any = false;
      for (let i = 1; r.params.has(`${base}.${i}.${keyName}`); i++) {
        setOwn(map, r.params.get(`${base}.${i}.${keyName}`)!, readValue(r, shape.value!, `${base}.${i}.${valueName}`));
        any = true;
      }
      return any ? map : undefined;
    }
    default: {
      const text = r.params.get(key);
      return text === undefined ? undefined : scalarFromText(r.model, ref, text, 'iso8601');
    }
  }
}

/** Where a list's items are: `Name.member.N`, or for a flattened list `Name.N` (named by its member's locationName when only that has one). */
function listBase(r: Reader, ref: ShapeRef, member: ShapeRef, key: string): string {
  if (r.dialect.listsAlwaysFlattened) return key;
  if (!refTrait(r.model, ref, 'flattened')) return `${key}.${refTrait(r.model, member, 'locationName') ?? 'member'}`;
  if (ref.locationName !== undefined || refTrait(r.model, member, 'locationName') === undefined) return key;
  const dot = key.lastIndexOf('.');
  const name = r.dialect.serializedName(r.model, member, '');
  return dot < 0 ? name : `${key.slice(0, dot)}.${name}`;
}

/** A query service's answer: `<XResponse xmlns><XResult>…</XResult><ResponseMetadata>` (EC2: members at the root). */
export function writeQueryOutput(
  model: ServiceModel,
  operation: Operation,
  output: Record<string, unknown>,
  requestId: string,
  ec2: boolean,
): WireReply {
  const ns = namespace(model);
  let inner = '';
  if (operation.output) {
    const wrapper = refTrait(model, operation.output, 'resultWrapper') ?? `${operation.name}Result`;
    if (ec2) {
      inner = stripRoot(writeXml(model, operation.output, output, 'root'));
    } else {
      inner = writeXml(model, operation.output, output, wrapper);
    }
  }
  const body = ec2
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<${operation.name}Response xmlns="${ns}"><requestId>${requestId}</requestId>${inner}</${operation.name}Response>`
    : `<${operation.name}Response xmlns="${ns}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation.name}Response>`;
  return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: utf8Encode(escapeCarriageReturns(body)) };
}

function stripRoot(xml: string): string {
  return xml
    .replace(/^<root[^>]*>/, '')
    .replace(/<\/root>$/, '')
    .replace(/^<root\/>$/, '');
}

export function writeQueryError(model: ServiceModel, error: SandboxError, requestId: string, ec2: boolean): WireReply {
  const code = escapeXmlText(wireErrorCode(model, error.code));
  const message = escapeXmlText(error.message);
  const body = ec2
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
    : `<ErrorResponse xmlns="${namespace(model)}"><Error><Type>${error.statusCode >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { statusCode: error.statusCode, headers: { 'content-type': 'text/xml' }, body: utf8Encode(body) };
}

function namespace(model: ServiceModel): string {
  const { xmlNamespace, endpointPrefix, apiVersion } = model.metadata;
  return typeof xmlNamespace === 'string' ? xmlNamespace : `https://${endpointPrefix}.amazonaws.com/doc/${apiVersion}/`;
}

/**
 * The code an error goes by on the query wire: a handler names it by its shape, whose `error.code` may
 * differ (`InvalidParameterValueException` is `InvalidParameterValue`); a code that is no shape's is
 * already the wire's.
 */
export function wireErrorCode(model: ServiceModel, code: string): string {
  const shape = Object.hasOwn(model.shapes, code) ? model.shapes[code] : undefined;
  return shape?.error?.code ?? code;
}
