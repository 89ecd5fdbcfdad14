/**
 * XML for the query, ec2 and rest-xml protocols: a small strict parser, a writer, and the model-driven
 * conversions between XML trees and plain values that the three protocols share.
 *
 * The parser is hand-written rather than fast-xml-parser because the readers only need an element
 * tree with local names (namespace prefixes dropped, as botocore's ElementTree-based parser compares
 * them), and a single `indexOf`-driven pass over the decoded string is several times faster than a
 * general-purpose parser (ListObjectsV2 pages are the hot case). It is strict where it matters to
 * tell a service's XML from a proxy's HTML page: one root, balanced tags, known entities.
 *
 * The readers follow botocore's parsers.py (BaseXMLResponseParser): children grouped by tag, lists
 * wrapped or flattened, maps of `entry`/`key`/`value`, empty elements read as empty strings.
 * Spec: https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings
 */
import { keepOrder } from '../key-order.js';
import { ResponseParseError } from '../errors.js';
import { refTrait, shapeOf } from '../model/shapes.js';
import type { ServiceModel, Shape, ShapeRef } from '../model/types.js';
import { getOwn, setOwn } from '../own.js';
import type { ProtocolResponse, TimestampReader } from './types.js';
import { fromBase64, parseTimestamp, scalarToText, utf8Decode } from './shared.js';

/** One element of a parsed document. */
export interface XmlNode {
  /** Local name: any `prefix:` is removed. */
  name: string;
  /** Attributes by their name as written (`xmlns:x`, `xsi:type`, …); undefined when there are none. */
  attrs: Record<string, string> | undefined;
  children: XmlNode[];
  /** Character data before the first child element (entities decoded, CDATA included, comments dropped). */
  text: string;
}

/** The text is not well-formed XML. */
export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

/** Parses a whole document and returns its root element; throws XmlSyntaxError when it is not XML. */
export function parseXml(src: string): XmlNode {
  const n = src.length;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlNode[] = [];
  const rawNames: string[] = [];
  let root: XmlNode | undefined;
  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) addText(stack, src, i, textEnd, false);
    if (lt === -1) break;
    const c = src.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = src.indexOf('>', lt + 2);
      if (gt === -1) throw syntax('unterminated end tag', lt);
      const open = rawNames.pop();
      // Compared in place: slicing every end tag's name costs a string per element.
      if (open === undefined || !src.startsWith(open, lt + 2) || !isBlank(src, lt + 2 + open.length, gt)) {
        const raw = src.slice(lt + 2, gt).trimEnd();
        throw syntax(
          open === undefined ? `unexpected end tag </${raw}>` : `mismatched tag </${raw}>, expected </${open}>`,
          lt,
        );
      }
      stack.pop();
      i = gt + 1;
    } else if (c === 33 /* ! */) {
      if (src.startsWith('<!--', lt)) {
        const end = src.indexOf('-->', lt + 4);
        if (end === -1) throw syntax('unterminated comment', lt);
        i = end + 3;
      } else if (src.startsWith('<![CDATA[', lt)) {
        const end = src.indexOf(']]>', lt + 9);
        if (end === -1) throw syntax('unterminated CDATA section', lt);
        if (stack.length === 0) throw syntax('CDATA outside the root element', lt);
        addText(stack, src, lt + 9, end, true);
        i = end + 3;
      } else if (src.startsWith('<!DOCTYPE', lt) && stack.length === 0 && root === undefined) {
        i = skipDoctype(src, lt);
      } else {
        throw syntax('unexpected markup declaration', lt);
      }
    } else if (c === 63 /* ? */) {
      const end = src.indexOf('?>', lt + 2);
      if (end === -1) throw syntax('unterminated processing instruction', lt);
      i = end + 2;
    } else {
      if (stack.length === 0 && root !== undefined) throw syntax('junk after document element', lt);
      const node = readStartTag(src, lt);
      const parent = stack[stack.length - 1];
      if (parent) {
        if (parent.children === NO_CHILDREN) parent.children = [node];
        else parent.children.push(node);
      } else {
        root = node;
      }
      if (!tagState.selfClosing) {
        stack.push(node);
        rawNames.push(tagState.raw);
      }
      i = tagState.end;
    }
  }
  if (stack.length) throw syntax(`unclosed element <${rawNames[rawNames.length - 1]}>`, n);
  if (root === undefined) throw syntax('no element found', n);
  return root;
}

/** Escapes character data for an element's text, as ElementTree does (`&`, `<`, `>`). */
export function escapeXmlText(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, (c) => XML_TEXT_ESCAPES[c]!) : text;
}

/** Escapes an attribute value (quotes and whitespace control characters too, as ElementTree does). */
export function escapeXmlAttribute(text: string): string {
  return /[&<>"\n\r\t]/.test(text) ? text.replace(/[&<>"\n\r\t]/g, (c) => XML_ATTR_ESCAPES[c]!) : text;
}

/**
 * Serializes `value` as the element `name` (rest-xml bodies): structures by member, lists wrapped or
 * flattened, maps as `entry`/`key`/`value`, `xmlAttribute` members as attributes, `xmlNamespace` as `xmlns`.
 */
export function writeXml(model: ServiceModel, ref: ShapeRef, value: unknown, name: string): string {
  const out: string[] = [];
  writeValue(model, ref, value, name, out);
  return out.join('');
}

/**
 * Reads the value of `ref` from its element, or from the run of repeated elements of a flattened
 * list or map. Timestamps become Dates (or what `readTimestamp` makes of their text) and blobs Uint8Arrays.
 */
export function readXmlValue(
  model: ServiceModel,
  ref: ShapeRef,
  node: XmlNode | XmlNode[],
  readTimestamp?: TimestampReader,
): unknown {
  return createReader(model, readTimestamp).value(ref, shapeOf(model, ref), node);
}

/**
 * Reads a structure's body members from an element's children (and `xmlAttribute` members from its
 * attributes), in the model's member order. Members bound to headers or the status code are left to
 * the caller.
 */
export function readXmlStructure(
  model: ServiceModel,
  shape: Shape,
  node: XmlNode,
  readTimestamp?: TimestampReader,
): Record<string, unknown> {
  return createReader(model, readTimestamp).structure(shape, node);
}
/**
 * A dictionary of an element's children, the way botocore reads error bodies: a leaf becomes its
 * text, an element with children a nested dictionary; of repeated names the first counts.
 */
export function xmlToDict(node: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of node.children) {
    if (!Object.hasOwn(out, child.name)) setOwn(out, child.name, child.children.length ? xmlToDict(child) : child.text);
  }
  return out;
}

/** The body of a buffered response as text (protocols that never stream take only bytes). */
export function bodyText(response: ProtocolResponse): string {
  if (!(response.body instanceof Uint8Array)) throw new TypeError('Expected a buffered response body');
  return utf8Decode(response.body);
}

/**
 * Parses a success body. A body that is not XML, or is an HTML page (a proxy's or a captive portal's),
 * is a ResponseParseError carrying the status and the start of the body.
 */
export function parseResponseXml(response: ProtocolResponse, text: string, requestId?: string): XmlNode {
  let root: XmlNode;
  try {
    root = parseXml(text);
  } catch (err) {
    throw new ResponseParseError({
      statusCode: response.statusCode,
      requestId,
      body: response.body as Uint8Array,
      reason: (err as Error).message,
      cause: err,
    });
  }
  if (root.name.toLowerCase() === 'html') {
    throw new ResponseParseError({
      statusCode: response.statusCode,
      requestId,
      body: response.body as Uint8Array,
      reason: "an HTML page instead of the service's XML",
    });
  }
  return root;
}

/**
 * Parses an error body, or returns undefined when botocore would fall back to a generic error made
 * from the status code: an empty body, a 5xx HTML page, or anything that is not XML.
 */
export function parseErrorXml(statusCode: number, text: string): XmlNode | undefined {
  const trimmed = text.trim();
  if (!trimmed || (statusCode >= 500 && trimmed.startsWith('<html>'))) return undefined;
  try {
    const root = parseXml(text);
    return root.name.toLowerCase() === 'html' ? undefined : root;
  } catch {
    return undefined;
  }
}

/** The first child element called `name`. */
export function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

// ---------------------------------------------------------------------------------------------
// helpers

const XML_TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const XML_ATTR_ESCAPES: Record<string, string> = {
  ...XML_TEXT_ESCAPES,
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#09;',
};
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function syntax(message: string, offset: number): XmlSyntaxError {
  return new XmlSyntaxError(`${message} at offset ${offset}`);
}

/** Character data: only whitespace is allowed outside the root; inside, text before the first child is kept. */
function addText(stack: XmlNode[], src: string, start: number, end: number, cdata: boolean): void {
  const top = stack[stack.length - 1];
  if (top === undefined) {
    for (let k = start; k < end; k++) {
      const ch = src.charCodeAt(k);
      if (ch !== 32 && ch !== 10 && ch !== 13 && ch !== 9) throw syntax('text outside the root element', k);
    }
    return;
  }
  if (top.children.length) return;
  let text = src.slice(start, end);
  if (!cdata) {
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    if (text.includes('&')) text = decodeEntities(text, start);
  }
  top.text = top.text ? top.text + text : text;
}

/**
 * Leaf elements share one empty children array until a child arrives: a large page has hundreds of
 * thousands of leaves, and an array each is most of the parser's garbage. Never mutated.
 */
const NO_CHILDREN: XmlNode[] = [];

/** What readStartTag found besides the node, in one reused record (no allocation per tag). */
const tagState = { raw: '', selfClosing: false, end: 0 };

/** STag ::= '<' Name (S Attribute)* S? ('>' | '/>'); the rest of the tag's facts go to tagState. */
function readStartTag(src: string, lt: number): XmlNode {
  const n = src.length;
  let i = lt + 1;
  while (i < n && !isNameEnd(src.charCodeAt(i))) i++;
  const raw = src.slice(lt + 1, i);
  if (!raw || raw.includes('<')) throw syntax('invalid element name', lt);
  const colon = raw.indexOf(':');
  const node: XmlNode = {
    name: colon === -1 ? raw : raw.slice(colon + 1),
    attrs: undefined,
    children: NO_CHILDREN,
    text: '',
  };
  tagState.raw = raw;
  for (;;) {
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    if (i >= n) throw syntax(`unterminated start tag <${raw}>`, lt);
    const c = src.charCodeAt(i);
    if (c === 62 /* > */) {
      i++;
      break;
    }
    if (c === 47 /* / */) {
      if (src.charCodeAt(i + 1) !== 62) throw syntax(`malformed start tag <${raw}>`, i);
      tagState.selfClosing = true;
      tagState.end = i + 2;
      return node;
    }
    const nameStart = i;
    while (i < n && !isNameEnd(src.charCodeAt(i))) i++;
    const attrName = src.slice(nameStart, i);
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    if (!attrName || src.charCodeAt(i) !== 61 /* = */) throw syntax(`malformed attribute in <${raw}>`, i);
    i++;
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    const quote = src.charCodeAt(i);
    if (quote !== 34 && quote !== 39) throw syntax(`unquoted attribute value in <${raw}>`, i);
    const close = src.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close === -1) throw syntax(`unterminated attribute value in <${raw}>`, i);
    let value = src.slice(i + 1, close);
    if (value.includes('<')) throw syntax(`'<' in attribute value of <${raw}>`, i);
    if (value.includes('&')) value = decodeEntities(value, i + 1);
    setOwn((node.attrs ??= {}), attrName, value.replace(/[\t\n\r]/g, ' '));
    i = close + 1;
  }
  tagState.selfClosing = false;
  tagState.end = i;
  return node;
}

function isBlank(src: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (!isSpace(src.charCodeAt(k))) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 62 || c === 47 || c === 61;
}

/** `<!DOCTYPE …>` with an optional internal subset in brackets; we only skip it. */
function skipDoctype(src: string, lt: number): number {
  let depth = 0;
  for (let i = lt + 9; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93) depth--;
    else if (c === 62 && depth <= 0) return i + 1;
  }
  throw syntax('unterminated DOCTYPE', lt);
}

/** Replaces the five predefined entities and character references; anything else is an error, as in expat. */
function decodeEntities(text: string, offset: number): string {
  let out = '';
  let last = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', last)) {
    const semi = text.indexOf(';', amp + 1);
    if (semi === -1) throw syntax('unterminated entity reference', offset + amp);
    const ref = text.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (/^#(x[0-9a-fA-F]+|X[0-9a-fA-F]+|[0-9]+)$/.test(ref) && code <= 0x10ffff) ch = String.fromCodePoint(code);
    } else {
      ch = getOwn(NAMED_ENTITIES, ref);
    }
    if (ch === undefined) throw syntax(`undefined entity &${ref};`, offset + amp);
    out += text.slice(last, amp) + ch;
    last = semi + 1;
  }
  return out + text.slice(last);
}

interface MemberPlan {
  name: string;
  ref: ShapeRef;
  shape: Shape;
  /** Flattened lists and maps take every element of their name, the others the first. */
  repeated: boolean;
  /** The attribute an `xmlAttribute` member is read from. */
  attribute?: string;
}

interface StructurePlan {
  members: MemberPlan[];
  /** Element name → member index; `alternates` holds the fallback names, used when the first is absent. */
  byElement: Map<string, number>;
  alternates: Map<string, number>;
  /** The primary element name of each member, by index (for the direct reader's in-place checks). */
  elementNames: Array<string | undefined>;
  union: boolean;
  /** Some member is read from an attribute. */
  attributes: boolean;
  /** The direct reader's element lookup, made on first use. */
  direct?: DirectLookup;
  /** Result templates by the set of members present (see memberRecord). */
  templates?: Map<number, RecordTemplate[]>;
}

interface Reader {
  value(ref: ShapeRef, shape: Shape, node: XmlNode | XmlNode[]): unknown;
  structure(shape: Shape, node: XmlNode): Record<string, unknown>;
}

/** The tree reader: values from parsed elements, following botocore's XML parsers. */
const planCache = new WeakMap<ServiceModel, Map<Shape, StructurePlan>>();

/**
 * Which element feeds which member of a structure, worked out once per shape and model, so a page of
 * a thousand `<Contents>` costs one plan, not a thousand (ListObjectsV2 is the case that sets the
 * throughput bar).
 */
function structurePlan(model: ServiceModel, shape: Shape): StructurePlan {
  let plans = planCache.get(model);
  if (!plans) planCache.set(model, (plans = new Map()));
  let plan = plans.get(shape);
  if (plan) return plan;
  plan = {
    members: [],
    byElement: new Map(),
    alternates: new Map(),
    elementNames: [],
    union: shape.union === true,
    attributes: false,
  };
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const location = refTrait(model, ref, 'location');
    if (
      location === 'header' ||
      location === 'headers' ||
      location === 'statusCode' ||
      refTrait(model, ref, 'eventheader')
    )
      continue;
    const target = shapeOf(model, ref);
    const repeated = (target.type === 'list' || target.type === 'map') && refTrait(model, ref, 'flattened') === true;
    const index = plan.members.length;
    const member: MemberPlan = { name, ref, shape: target, repeated };
    if (refTrait(model, ref, 'xmlAttribute')) {
      member.attribute = refTrait(model, ref, 'locationName') ?? name;
      plan.attributes = true;
    }
    plan.members.push(member);
    const primary = memberKeyName(model, ref, target, name);
    if (!plan.byElement.has(primary)) {
      plan.byElement.set(primary, index);
      plan.elementNames[index] = primary;
    }
    // The Smithy suites name a flattened list after the member even when its items have a
    // locationName; botocore only looks for the items' name. Both are accepted.
    const alternate = ref.locationName ?? name;
    if (alternate !== primary && !plan.alternates.has(alternate)) plan.alternates.set(alternate, index);
  }
  plans.set(shape, plan);
  return plan;
}

interface RecordTemplate {
  indices: number[];
  template: Record<string, null>;
  make?: RecordMaker;
}

/** Builds one record shape from the values at `indices`: an object literal, the fastest way V8 makes an object. */
type RecordMaker = (values: unknown[], indices: number[]) => Record<string, unknown>;

/**
 * A record maker for these member names, compiled once per member set; undefined where code cannot be
 * compiled (a page whose Content-Security-Policy forbids eval), and the template is copied instead.
 */
function recordMaker(names: string[]): RecordMaker | undefined {
  // A `__proto__` key in a literal would set the prototype, not a property.
  if (names.includes('__proto__')) return undefined;
  try {
    return new Function(
      'v',
      'i',
      `return {${names.map((name, k) => `${JSON.stringify(name)}: v[i[${k}]]`).join(', ')}};`,
    ) as RecordMaker;
  } catch {
    return undefined;
  }
}

/** Templates kept per structure shape: enough for the few member sets a response's items come in. */
const MAX_TEMPLATES = 64;

/**
 * The members present in `values` (by plan index; undefined is absent) as an object in model order.
 * V8 turns an object that gains more than about sixteen properties under computed names into a hash
 * table, and every later read of it (the formatters, --query, JSON output) pays for that; so the
 * object is a copy of a template made by JSON.parse (which builds the fast layout) with exactly those
 * keys, one template per set of members present.
 */
function memberRecord(
  plan: StructurePlan,
  values: unknown[],
  presence: number,
  count: number,
): Record<string, unknown> {
  const templates = (plan.templates ??= new Map<number, RecordTemplate[]>());
  let candidates = templates.get(presence);
  let entry: RecordTemplate | undefined;
  if (candidates) {
    for (const c of candidates) {
      if (c.indices.length === count && c.indices.every((k) => values[k] !== undefined)) {
        entry = c;
        break;
      }
    }
  }
  if (!entry) {
    const indices: number[] = [];
    for (let k = 0; k < values.length; k++) if (values[k] !== undefined) indices.push(k);
    if (templates.size >= MAX_TEMPLATES) {
      const out: Record<string, unknown> = {};
      for (const k of indices) out[plan.members[k]!.name] = values[k];
      return out;
    }
    const names = indices.map((k) => plan.members[k]!.name);
    const template = JSON.parse(JSON.stringify(Object.fromEntries(names.map((name) => [name, null])))) as Record<
      string,
      null
    >;
    entry = { indices, template, make: recordMaker(names) };
    if (!candidates) templates.set(presence, (candidates = []));
    candidates.push(entry);
  }
  const { indices } = entry;
  if (entry.make) return entry.make(values, indices);
  const out: Record<string, unknown> = { ...entry.template };
  for (let n = 0; n < indices.length; n++) out[plan.members[indices[n]!]!.name] = values[indices[n]!];
  return out;
}

/** A member's share of a record's presence hash: a sum over the members present, so it can be kept while reading in any order. */
function presenceMark(index: number): number {
  return Math.imul(index + 1, 0x9e3779b1);
}

function createReader(model: ServiceModel, readTimestamp: TimestampReader = parseTimestamp): Reader {
  const planFor = (shape: Shape) => structurePlan(model, shape);

  const structure = (shape: Shape, node: XmlNode): Record<string, unknown> => {
    const plan = planFor(shape);
    const found: Array<XmlNode | XmlNode[] | undefined> = new Array(plan.members.length);
    let fallback: Array<XmlNode | XmlNode[] | undefined> | undefined;
    for (const child of node.children) {
      let index = plan.byElement.get(child.name);
      let slots = found;
      if (index === undefined) {
        index = plan.alternates.get(child.name);
        if (index === undefined) continue;
        slots = fallback ??= new Array(plan.members.length);
      }
      const member = plan.members[index]!;
      const seen = slots[index];
      if (!member.repeated) {
        if (seen === undefined) slots[index] = child;
      } else if (seen === undefined) {
        slots[index] = [child];
      } else {
        (seen as XmlNode[]).push(child);
      }
    }
    if (plan.union) {
      const tags = new Set(node.children.map((c) => c.name));
      const [tag] = tags;
      if (tags.size === 1 && !plan.byElement.has(tag!) && !plan.alternates.has(tag!))
        return { SDK_UNKNOWN_MEMBER: { name: tag } };
    }
    const values: unknown[] = new Array(plan.members.length);
    let presence = 0;
    let count = 0;
    for (let i = 0; i < plan.members.length; i++) {
      const member = plan.members[i]!;
      const nodes = found[i] ?? fallback?.[i];
      if (nodes !== undefined) values[i] = value(member.ref, member.shape, nodes);
      else if (member.attribute !== undefined && node.attrs) values[i] = readAttribute(node.attrs, member.attribute);
      if (values[i] !== undefined) {
        presence = (presence + presenceMark(i)) | 0;
        count++;
      }
    }
    return memberRecord(plan, values, presence, count);
  };

  const value = (ref: ShapeRef, shape: Shape, node: XmlNode | XmlNode[]): unknown => {
    switch (shape.type) {
      case 'structure':
        return structure(shape, first(node));
      case 'list': {
        const memberRef = shape.member!;
        const memberShape = shapeOf(model, memberRef);
        const items = refTrait(model, ref, 'flattened') ? (Array.isArray(node) ? node : [node]) : first(node).children;
        const out = new Array<unknown>(items.length);
        for (let i = 0; i < items.length; i++) out[i] = value(memberRef, memberShape, items[i]!);
        return out;
      }
      case 'map': {
        const keyRef = shape.key!;
        const valueRef = shape.value!;
        const keyShape = shapeOf(model, keyRef);
        const valueShape = shapeOf(model, valueRef);
        const keyName = refTrait(model, keyRef, 'locationName') ?? 'key';
        const valueName = refTrait(model, valueRef, 'locationName') ?? 'value';
        const entries = refTrait(model, ref, 'flattened')
          ? Array.isArray(node)
            ? node
            : [node]
          : first(node).children;
        const out: Record<string, unknown> = {};
        const order: string[] = [];
        for (const entry of entries) {
          let key: unknown;
          let val: unknown;
          for (const part of entry.children) {
            if (part.name === keyName) key = value(keyRef, keyShape, part);
            else if (part.name === valueName) val = value(valueRef, valueShape, part);
          }
          if (key !== undefined) {
            if (!Object.hasOwn(out, String(key))) order.push(String(key));
            setOwn(out, String(key), val);
          }
        }
        return keepOrder(out, order);
      }
      default:
        return readScalar(ref, shape, first(node).text, readTimestamp);
    }
  };

  return { value, structure };
}

/**
 * The element name of a member: a flattened list whose member has a locationName repeats that name
 * (botocore's `_member_key_name`); otherwise the member's locationName or its name.
 */
function memberKeyName(model: ServiceModel, ref: ShapeRef, shape: Shape, memberName: string): string {
  if (shape.type === 'list' && refTrait(model, ref, 'flattened')) {
    const itemName = refTrait(model, shape.member!, 'locationName');
    if (itemName !== undefined) return itemName;
  }
  return refTrait(model, ref, 'locationName') ?? memberName;
}

function first(node: XmlNode | XmlNode[]): XmlNode {
  return Array.isArray(node) ? node[0]! : node;
}

/** A leaf's value. An empty element's text is `''`, which a timestamp reader gets as botocore's does. */
function readScalar(ref: ShapeRef, shape: Shape, text: string, readTimestamp: TimestampReader): unknown {
  switch (shape.type) {
    case 'boolean':
      return text === 'true';
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'biginteger':
      return parseInteger(text);
    case 'float':
    case 'double':
    case 'bigdecimal':
      return parseFloatText(text);
    case 'timestamp':
      return readTimestamp(text, false);
    case 'blob':
      return fromBase64(text);
    default:
      if ((ref.jsonvalue ?? shape.jsonvalue) === true) return text ? JSON.parse(text) : text;
      return text;
  }
}

function parseInteger(text: string): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value)) throw new TypeError(`Invalid integer: ${JSON.stringify(text)}`);
  return value;
}

/** Python's float() accepts NaN, Infinity and inf in any case. */
function parseFloatText(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'infinity' || t === 'inf' || t === '+infinity' || t === '+inf') return Infinity;
  if (t === '-infinity' || t === '-inf') return -Infinity;
  const value = Number(t);
  if (!t || Number.isNaN(value)) throw new TypeError(`Invalid number: ${JSON.stringify(text)}`);
  return value;
}

/** An attribute by its written name, or by local name when the document bound another prefix. */
function readAttribute(attrs: Record<string, string>, name: string): string | undefined {
  const own = getOwn(attrs, name);
  if (own !== undefined) return own;
  const local = name.slice(name.indexOf(':') + 1);
  for (const [k, v] of Object.entries(attrs))
    if (k.slice(k.indexOf(':') + 1) === local && !k.startsWith('xmlns')) return v;
  return undefined;
}

function writeValue(model: ServiceModel, ref: ShapeRef, value: unknown, name: string, out: string[]): void {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure': {
      const members = shape.members ?? {};
      let attrs = namespaceAttr(model, ref);
      const body: string[] = [];
      for (const [key, memberValue] of Object.entries(value as Record<string, unknown>)) {
        const memberRef = getOwn(members, key);
        if (!memberRef || memberValue === undefined || memberValue === null) continue;
        // A member element is named by the member (its own locationName or its name); a locationName on
        // the target shape names only a root element (Smithy's xmlName rule; no bundled model differs).
        const memberName = memberRef.locationName ?? key;
        if (refTrait(model, memberRef, 'xmlAttribute')) {
          attrs += ` ${memberName}="${escapeXmlAttribute(scalarToText(model, memberRef, memberValue, 'iso8601'))}"`;
        } else {
          writeValue(model, memberRef, memberValue, memberName, body);
        }
      }
      out.push(`<${name}${attrs}>`, ...body, `</${name}>`);
      return;
    }
    case 'list': {
      const member = shape.member!;
      if (refTrait(model, ref, 'flattened')) {
        for (const item of value as unknown[]) writeValue(model, member, item, name, out);
        return;
      }
      const itemName = refTrait(model, member, 'locationName') ?? 'member';
      out.push(`<${name}${namespaceAttr(model, ref)}>`);
      for (const item of value as unknown[]) writeValue(model, member, item, itemName, out);
      out.push(`</${name}>`);
      return;
    }
    case 'map': {
      const keyName = refTrait(model, shape.key!, 'locationName') ?? 'key';
      const valueName = refTrait(model, shape.value!, 'locationName') ?? 'value';
      const flat = refTrait(model, ref, 'flattened');
      if (!flat) out.push(`<${name}${namespaceAttr(model, ref)}>`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out.push(flat ? `<${name}>` : '<entry>');
        writeValue(model, shape.key!, k, keyName, out);
        writeValue(model, shape.value!, v, valueName, out);
        out.push(flat ? `</${name}>` : '</entry>');
      }
      if (!flat) out.push(`</${name}>`);
      return;
    }
    default:
      out.push(
        `<${name}${namespaceAttr(model, ref)}>${escapeXmlText(scalarToText(model, ref, value, 'iso8601'))}</${name}>`,
      );
  }
}

function namespaceAttr(model: ServiceModel, ref: ShapeRef): string {
  const ns = refTrait(model, ref, 'xmlNamespace') as ShapeRef['xmlNamespace'] | string | undefined;
  if (ns === undefined) return '';
  if (typeof ns === 'string') return ` xmlns="${escapeXmlAttribute(ns)}"`;
  return ` xmlns${ns.prefix ? `:${ns.prefix}` : ''}="${escapeXmlAttribute(ns.uri)}"`;
}

/** Thrown inside the direct reader when a document needs the tree reader; never escapes. */
const USE_TREE: unique symbol = Symbol('use the tree reader');

/**
 * Reads a response whose root element is `shape` straight from the text, without building an element
 * tree: the common case of large EC2 and S3 pages, where the tree is most of the time and garbage. It
 * covers plain elements, entities, flattened and wrapped lists; anything else — attributes the model
 * reads, maps, unions, comments, CDATA, a DOCTYPE, an `Error` or `html` root, or anything not
 * well-formed — returns undefined and the caller uses the tree reader, which has the full rules and
 * the error messages. `capture` names a child that is not a member whose text is wanted (EC2's
 * `requestId`).
 */
export function readXmlDocumentDirect(
  model: ServiceModel,
  shape: Shape,
  src: string,
  capture?: string,
  readTimestamp: TimestampReader = parseTimestamp,
): { output: Record<string, unknown>; captured?: string } | undefined {
  try {
    const direct = new DirectReader(model, src, capture, readTimestamp);
    return direct.read(shape);
  } catch (err) {
    if (err === USE_TREE) return undefined;
    throw err;
  }
}

class DirectReader {
  private pos = 0;
  captured: string | undefined;

  constructor(
    private readonly model: ServiceModel,
    private readonly src: string,
    private readonly capture: string | undefined,
    private readonly readTimestamp: TimestampReader,
  ) {}

  read(shape: Shape): { output: Record<string, unknown>; captured?: string } {
    const { src } = this;
    let lt = this.skipMisc(src.charCodeAt(0) === 0xfeff ? 1 : 0);
    if (lt >= src.length || src.charCodeAt(lt) !== 60) throw USE_TREE;
    scanStartTag(src, lt);
    const { nameStart, nameLen, localStart, selfClosing, end } = scan;
    const local = src.slice(localStart, nameStart + nameLen);
    if (local === 'Error' || local.toLowerCase() === 'html') throw USE_TREE;
    let output: Record<string, unknown> = {};
    if (selfClosing) this.pos = end;
    else output = this.structure(shape, nameStart, nameLen, end, true);
    lt = this.skipMisc(this.pos);
    if (lt < src.length) throw USE_TREE;
    return { output, captured: this.captured };
  }

  /** Past whitespace, the XML declaration and processing instructions; a comment or DOCTYPE needs the tree. */
  private skipMisc(i: number): number {
    const { src } = this;
    for (;;) {
      while (i < src.length && isSpace(src.charCodeAt(i))) i++;
      if (src.startsWith('<?', i)) {
        const end = src.indexOf('?>', i + 2);
        if (end === -1) throw USE_TREE;
        i = end + 2;
      } else if (src.startsWith('<!', i)) {
        throw USE_TREE;
      } else {
        return i;
      }
    }
  }

  /**
   * The members of a structure element (name at nameStart, nameLen long) whose start tag ended at
   * `start`; leaves pos after its end tag. Child names are matched by a hash of their local part
   * and checked in place, so no string is made for an element name.
   */
  private structure(
    shape: Shape,
    nameStart: number,
    nameLen: number,
    start: number,
    root = false,
  ): Record<string, unknown> {
    const plan = structurePlan(this.model, shape);
    if (plan.union || plan.attributes) throw USE_TREE;
    const lookup = directLookup(plan);
    const found: unknown[] = new Array(plan.members.length);
    let presence = 0;
    let count = 0;
    const { src } = this;
    let i = start;
    while (this.nextChild(nameStart, nameLen, i)) {
      const childStart = scan.nameStart;
      const childLen = scan.nameLen;
      const localStart = scan.localStart;
      const localLen = childStart + childLen - localStart;
      const selfClosing = scan.selfClosing;
      const afterTag = scan.end;
      let index = lookup.byHash.get(scan.hash);
      if (index !== undefined) {
        const expected = plan.elementNames[index]!;
        if (expected.length !== localLen || !src.startsWith(expected, localStart)) index = undefined;
      }
      if (index === undefined) {
        if (lookup.alternateHashes.has(scan.hash)) throw USE_TREE;
        const capture = this.capture;
        if (
          root &&
          capture !== undefined &&
          this.captured === undefined &&
          capture.length === localLen &&
          src.startsWith(capture, localStart)
        ) {
          if (selfClosing) {
            this.captured = '';
            this.pos = afterTag;
          } else {
            this.captured = this.text(childStart, childLen, afterTag);
          }
        } else {
          this.pos = selfClosing ? afterTag : this.skip(childStart, childLen, afterTag);
        }
        i = this.pos;
        continue;
      }
      const member = plan.members[index]!;
      if (member.repeated) {
        if (member.shape.type !== 'list') throw USE_TREE;
        const item = this.value(
          member.shape.member!,
          shapeOf(this.model, member.shape.member!),
          childStart,
          childLen,
          selfClosing,
          afterTag,
        );
        const items = found[index] as unknown[] | undefined;
        if (items) {
          items.push(item);
        } else {
          found[index] = [item];
          presence = (presence + presenceMark(index)) | 0;
          count++;
        }
      } else if (found[index] === undefined) {
        const value = this.value(member.ref, member.shape, childStart, childLen, selfClosing, afterTag);
        found[index] = value;
        if (value !== undefined) {
          presence = (presence + presenceMark(index)) | 0;
          count++;
        }
      } else {
        this.pos = selfClosing ? afterTag : this.skip(childStart, childLen, afterTag);
      }
      i = this.pos;
    }
    return memberRecord(plan, found, presence, count);
  }

  private value(
    ref: ShapeRef,
    shape: Shape,
    nameStart: number,
    nameLen: number,
    selfClosing: boolean,
    start: number,
  ): unknown {
    switch (shape.type) {
      case 'structure':
        if (selfClosing) {
          this.pos = start;
          return {};
        }
        return this.structure(shape, nameStart, nameLen, start);
      case 'list': {
        if (selfClosing) {
          this.pos = start;
          return [];
        }
        const memberRef = shape.member!;
        const memberShape = shapeOf(this.model, memberRef);
        const items: unknown[] = [];
        let i = start;
        while (this.nextChild(nameStart, nameLen, i)) {
          items.push(this.value(memberRef, memberShape, scan.nameStart, scan.nameLen, scan.selfClosing, scan.end));
          i = this.pos;
        }
        return items;
      }
      case 'map':
        throw USE_TREE;
      default: {
        if (selfClosing) {
          this.pos = start;
          return readScalar(ref, shape, '', this.readTimestamp);
        }
        return readScalar(ref, shape, this.text(nameStart, nameLen, start), this.readTimestamp);
      }
    }
  }

  /**
   * Moves to the next child element of the element named at nameStart, from `i`: true with the child's
   * start tag in `scan`, or false after consuming the element's end tag (pos is then past it).
   */
  private nextChild(nameStart: number, nameLen: number, i: number): boolean {
    const { src } = this;
    const lt = src.indexOf('<', i);
    if (lt === -1) throw USE_TREE;
    const c = src.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      this.pos = this.endTag(nameStart, nameLen, lt);
      return false;
    }
    if (c === 33 || c === 63) throw USE_TREE;
    scanStartTag(src, lt);
    return true;
  }

  /** The text of a leaf element; an element inside it, a comment or CDATA needs the tree reader. */
  private text(nameStart: number, nameLen: number, start: number): string {
    const { src } = this;
    const lt = src.indexOf('<', start);
    if (lt === -1 || src.charCodeAt(lt + 1) !== 47) throw USE_TREE;
    this.pos = this.endTag(nameStart, nameLen, lt);
    let text = src.slice(start, lt);
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    if (text.includes('&')) text = decodeEntities(text, start);
    return text;
  }

  /** Checks that the end tag at `lt` names the element whose name is at nameStart; returns the index after it. */
  private endTag(nameStart: number, nameLen: number, lt: number): number {
    const { src } = this;
    const from = lt + 2;
    for (let k = 0; k < nameLen; k++) if (src.charCodeAt(from + k) !== src.charCodeAt(nameStart + k)) throw USE_TREE;
    let i = from + nameLen;
    while (isSpace(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) !== 62 /* > */) throw USE_TREE;
    return i + 1;
  }

  /** Skips an element the model does not read (its whole subtree); returns the index after its end tag. */
  private skip(nameStart: number, nameLen: number, start: number): number {
    const { src } = this;
    let depth = 1;
    let i = start;
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt === -1) throw USE_TREE;
      const c = src.charCodeAt(lt + 1);
      if (c === 47) {
        depth--;
        if (depth === 0) return this.endTag(nameStart, nameLen, lt);
        const gt = src.indexOf('>', lt + 2);
        if (gt === -1) throw USE_TREE;
        i = gt + 1;
      } else if (c === 33 || c === 63) {
        throw USE_TREE;
      } else {
        scanStartTag(src, lt);
        if (!scan.selfClosing) depth++;
        i = scan.end;
      }
    }
  }
}

/** What scanStartTag found, in one reused record: the name's range, its local part's hash, the tag's end. */
const scan = { nameStart: 0, nameLen: 0, localStart: 0, hash: 0, selfClosing: false, end: 0 };

/** A start tag's name (as a range and a hash of the part after any prefix), its end and whether it closes itself; attributes are skipped. */
function scanStartTag(src: string, lt: number): void {
  const n = src.length;
  let i = lt + 1;
  let hash = 0;
  let localStart = i;
  for (; i < n; i++) {
    const c = src.charCodeAt(i);
    if (isNameEnd(c)) break;
    if (c === 58 /* : */) {
      hash = 0;
      localStart = i + 1;
    } else {
      hash = (Math.imul(hash, 31) + c) | 0;
    }
  }
  if (i === lt + 1) throw USE_TREE;
  scan.nameStart = lt + 1;
  scan.nameLen = i - lt - 1;
  scan.localStart = localStart;
  scan.hash = hash;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 62 /* > */) {
      scan.selfClosing = false;
      scan.end = i + 1;
      return;
    }
    if (c === 47 /* / */ && src.charCodeAt(i + 1) === 62) {
      scan.selfClosing = true;
      scan.end = i + 2;
      return;
    }
    if (c === 34 || c === 39) {
      const close = src.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close === -1) throw USE_TREE;
      i = close + 1;
    } else if (i >= n || c === 60 /* < */) {
      throw USE_TREE;
    } else {
      i++;
    }
  }
}

function nameHash(name: string): number {
  let hash = 0;
  for (let k = 0; k < name.length; k++) hash = (Math.imul(hash, 31) + name.charCodeAt(k)) | 0;
  return hash;
}

interface DirectLookup {
  byHash: Map<number, number>;
  alternateHashes: Set<number>;
}

/** A plan's element names by hash (a hash two names share maps to neither, and the name is checked anyway). */
function directLookup(plan: StructurePlan): DirectLookup {
  let lookup = plan.direct;
  if (!lookup) {
    const byHash = new Map<number, number>();
    const clashing = new Set<number>();
    plan.elementNames.forEach((name, index) => {
      if (name === undefined) return;
      const h = nameHash(name);
      if (byHash.has(h) && byHash.get(h) !== index) clashing.add(h);
      else byHash.set(h, index);
    });
    const alternateHashes = new Set([...plan.alternates.keys()].map(nameHash));
    for (const h of clashing) {
      byHash.delete(h);
      alternateHashes.add(h);
    }
    plan.direct = lookup = { byHash, alternateHashes };
  }
  return lookup;
}
