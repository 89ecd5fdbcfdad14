/**
 * A CloudFormation template as the AWS CLI reads one (its yamlhelper.py `yaml_parse`): JSON when it parses
 * as JSON (Python's json.loads), else YAML read by ruamel's safe loader, whose short-form intrinsics become
 * their long form (`!Ref X` → `{Ref: X}`, `!GetAtt R.Arn` → `{'Fn::GetAtt': [R, Arn]}`, `!Sub …` →
 * `{'Fn::Sub': …}`), with YAML 1.1's yes/no/on/off read as booleans, as CloudFormation reads them.
 *
 * `package` writes the template back out, so the value keeps what Python kept: mappings are Maps (key
 * order as written, keys of any scalar type, `80` and `true` included), ints are bigints and floats
 * numbers (`1.0` stays a float), timestamps stay timestamps (yaml-scalars.ts), aliases share one value.
 * A mapping written with a tag (`!Transform {…}`) is built as ruamel builds it, a plain dict (PlainDict).
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import { IsoawsError } from '../../core/errors.js';
import { plainKind, yamlFloat, yamlInt, yamlTimestamp, YamlTimestamp } from './yaml-scalars.js';

export type TemplateKey = string | bigint | number | boolean | null | YamlTimestamp;
export type TemplateValue = TemplateKey | TemplateValue[] | TemplateMap;
export type TemplateMap = Map<TemplateKey, TemplateValue>;

/** The template in `text` (JSON or YAML); a YAML syntax error is reported as the CLI reports it where it can. */
export function loadTemplate(text: string): TemplateValue {
  const json = readPythonJson(text);
  if (json.ok) return json.value;
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  const error = doc.errors[0];
  if (error) throw new IsoawsError(yamlErrorMessage(error, text));
  return doc.contents ? new YamlReader(doc).value(doc.contents as Node) : null;
}

/** The template as plain JavaScript (keys as text), for `deploy`, which reads only its parameters. */
export function parseTemplate(text: string): unknown {
  return toPlain(loadTemplate(text));
}

export function isTemplateMap(value: TemplateValue | undefined): value is TemplateMap {
  return value instanceof Map;
}

/**
 * A Python dict rather than the ordered mappings the reader makes: a mapping written with a tag
 * (`!Transform {…}`), or one the CLI builds (`{Bucket, Key}`). JSON keeps its order; ruamel's dumper
 * writes its keys sorted (template-yaml.ts).
 */
export class PlainDict extends Map<TemplateKey, TemplateValue> {}

function toPlain(value: TemplateValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [plainKey(k), toPlain(v)]));
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof YamlTimestamp) return value.text;
  return value;
}

function plainKey(key: TemplateKey): string {
  if (key === null) return 'null';
  if (key instanceof YamlTimestamp) return key.text;
  return String(key);
}

/** Turns the YAML library's nodes into template values with ruamel's safe loader's meaning. */
class YamlReader {
  /** Values already built for a node, so an alias shares its anchor's value, as Python's does. */
  private readonly built = new Map<Node, TemplateValue>();

  constructor(private readonly doc: Document) {}

  value(node: Node | null): TemplateValue {
    if (node === null) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new IsoawsError(`found undefined alias '${node.source}'`);
      return this.value(target as Node);
    }
    const known = this.built.get(node);
    if (known !== undefined) return known;
    const value = this.build(node);
    this.built.set(node, value);
    return value;
  }

  private build(node: Node): TemplateValue {
    const tag = node.tag;
    // A local tag (`!Ref`, `!Sub`, `!GetAtt`…) is an intrinsic function, its value unresolved text.
    if (tag?.startsWith('!')) return this.intrinsic(tag.slice(1), node);
    if (isMap(node)) {
      const map: TemplateMap = new Map();
      for (const [key, value] of this.flattenedPairs(node)) map.set(this.key(key), this.value(value));
      return map;
    }
    if (isSeq(node)) return node.items.map((item) => this.value(item as Node | null));
    if (!isScalar(node)) return null;
    const text = String(node.value ?? '');
    if (tag !== undefined) return standardTagged(tag, text);
    return node.type === 'PLAIN' ? plainValue(text) : text;
  }

  /** `!Name value` → `{Fn::Name: value}` (`Ref` and `Condition` keep their names); `!GetAtt A.B` → `[A, B]`. */
  private intrinsic(name: string, node: Node): TemplateMap {
    const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    if (isScalar(node)) {
      const text = String(node.value ?? '');
      if (name !== 'GetAtt') return new Map([[key, text]]);
      const dot = text.indexOf('.');
      return new Map([[key, dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)]]]);
    }
    if (isSeq(node)) return new Map([[key, node.items.map((item) => this.value(item as Node | null))]]);
    const entries = this.flattenedPairs(node).map(([k, v]): [TemplateKey, TemplateValue] => [
      this.key(k),
      this.value(v),
    ]);
    return new Map([[key, new PlainDict(entries)]]);
  }

  private key(node: Node | null): TemplateKey {
    const key = this.value(node);
    if (key instanceof Map || Array.isArray(key))
      throw new IsoawsError(`found unhashable key (a ${key instanceof Map ? 'mapping' : 'sequence'}) in the template`);
    return key;
  }

  /**
   * A mapping's pairs with its merge key (`<<: *base` or a list of them) flattened as ruamel does: the
   * merged pairs first, a later list entry before an earlier one, so the mapping's own keys, then the
   * earlier entries, win.
   */
  private flattenedPairs(node: Node): Array<[Node | null, Node | null]> {
    const own: Array<[Node | null, Node | null]> = [];
    let merged: Array<[Node | null, Node | null]> = [];
    if (!isMap(node)) return own;
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!(isScalar(key) && key.type === 'PLAIN' && key.tag === undefined && String(key.value) === '<<')) {
        own.push([key, pair.value as Node | null]);
        continue;
      }
      const source = this.resolved(pair.value as Node | null);
      if (isMap(source)) merged = merged.concat(this.flattenedPairs(source));
      else if (isSeq(source))
        for (const item of [...source.items].reverse()) {
          const map = this.resolved(item as Node | null);
          if (!isMap(map)) throw new IsoawsError('expected a mapping for merging in the template');
          merged = merged.concat(this.flattenedPairs(map));
        }
      else throw new IsoawsError('expected a mapping or list of mappings for merging in the template');
    }
    return [...merged, ...own];
  }

  private resolved(node: Node | null): Node | null {
    return node && isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? null) : node;
  }
}

/** A plain scalar as ruamel resolves and constructs it. */
function plainValue(text: string): TemplateValue {
  switch (plainKind(text)) {
    case 'null':
      return null;
    case 'bool':
      return /^(?:true|yes|on)$/i.test(text);
    case 'int':
      return yamlInt(text);
    case 'float':
      return yamlFloat(text);
    case 'timestamp':
      return yamlTimestamp(text);
    default:
      return text;
  }
}

/** A scalar with a standard tag (`!!str 2010-09-09`, `!!int "8"`): built as that type. */
function standardTagged(tag: string, text: string): TemplateValue {
  switch (tag) {
    case 'tag:yaml.org,2002:str':
      return text;
    case 'tag:yaml.org,2002:int':
      return yamlInt(text);
    case 'tag:yaml.org,2002:float':
      return yamlFloat(text);
    case 'tag:yaml.org,2002:null':
      return null;
    case 'tag:yaml.org,2002:bool': {
      const value = { yes: true, no: false, y: true, n: false, true: true, false: false, on: true, off: false }[
        text.toLowerCase()
      ];
      if (value === undefined) throw new IsoawsError(`'${text.toLowerCase()}' is not a YAML boolean`);
      return value;
    }
    case 'tag:yaml.org,2002:timestamp':
      return yamlTimestamp(text);
    default:
      throw new IsoawsError(`could not determine a constructor for the tag '${tag}'`);
  }
}

export type JsonResult = { ok: true; value: TemplateValue } | { ok: false };

/**
 * Python's `json.loads` with ordered pairs: ints (any size) as bigints, other numbers as floats, NaN and
 * ±Infinity accepted, control characters in strings refused, a repeated key keeping its first place.
 */
export function readPythonJson(text: string): JsonResult {
  let at = 0;
  const fail = (): never => {
    throw JSON_FAILURE;
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const string = (): string => {
    let out = '';
    at++;
    for (;;) {
      const c = text[at++];
      if (c === undefined || c < ' ') fail();
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[at++];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e ?? ''];
      if (simple !== undefined) out += simple;
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at, at + 4))) {
        out += String.fromCharCode(parseInt(text.slice(at, at + 4), 16));
        at += 4;
      } else fail();
    }
  };
  const value = (): TemplateValue => {
    space();
    const c = text[at];
    if (c === '"') return string();
    if (c === '{') {
      const map: TemplateMap = new Map();
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return map;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        const key = string();
        space();
        if (text[at++] !== ':') fail();
        map.set(key, value());
        space();
        const next = text[at++];
        if (next === '}') return map;
        if (next !== ',') fail();
      }
    }
    if (c === '[') {
      const list: TemplateValue[] = [];
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return list;
      }
      for (;;) {
        list.push(value());
        space();
        const next = text[at++];
        if (next === ']') return list;
        if (next !== ',') fail();
      }
    }
    for (const [word, literal] of JSON_LITERALS)
      if (text.startsWith(word, at)) {
        at += word.length;
        return literal;
      }
    const number = /^(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(at, at + 400));
    if (!number) return fail();
    at += number[0].length;
    return number[2] === undefined && number[3] === undefined ? BigInt(number[1]!) : Number(number[0]);
  };
  try {
    const result = value();
    space();
    return at === text.length ? { ok: true, value: result } : { ok: false };
  } catch (err) {
    if (err === JSON_FAILURE) return { ok: false };
    throw err;
  }
}

const JSON_FAILURE = new Error('not JSON');
const JSON_LITERALS: Array<[string, TemplateValue]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

/**
 * The message for a YAML syntax error. A tab or a reserved character that starts a token is reported in
 * ruamel's words and layout (the CLI's message for the commonest mistakes); any other error in the YAML
 * library's, which names the line and column too.
 */
function yamlErrorMessage(error: YAMLError, text: string): string {
  const at = error.linePos?.[0];
  const char = at ? text.split('\n')[at.line - 1]?.[at.col - 1] : undefined;
  const scannerError =
    at &&
    char !== undefined &&
    ((error.code === 'TAB_AS_INDENT' && char === '\t') ||
      (error.code === 'BAD_SCALAR_START' && (char === '@' || char === '`')));
  if (!scannerError) return error.message.trimEnd();
  const shown = char === '\t' ? '\\t' : char;
  return `while scanning for the next token\nfound character '${shown}' that cannot start any token\n${ruamelMark(text, at.line, at.col)}`;
}

/** Where ruamel says an error is: the line, cut to 75 characters around the column, and a caret under it. */
function ruamelMark(text: string, line: number, col: number): string {
  const chars = Array.from(text.split('\n')[line - 1] ?? '');
  const pointer = col - 1;
  let start = pointer;
  let head = '';
  while (start > 0) {
    start--;
    if (pointer - start > 75 / 2 - 1) {
      head = ' ... ';
      start += 5;
      break;
    }
  }
  let end = pointer;
  let tail = '';
  while (end < chars.length) {
    end++;
    if (end - pointer > 75 / 2 - 1) {
      tail = ' ... ';
      end -= 5;
      break;
    }
  }
  const snippet = chars.slice(start, end).join('');
  const caret = ' '.repeat(4 + pointer - start + head.length);
  return `  in "<unicode string>", line ${line}, column ${col}:\n    ${head}${snippet}${tail}\n${caret}^ (line: ${line})`;
}
