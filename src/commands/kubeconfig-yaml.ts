/**
 * YAML as `eks update-kubeconfig` reads and writes it. The AWS CLI loads the kubeconfig with ruamel.yaml's
 * safe loader (YAML 1.2, mappings kept in file order) and dumps it back with ruamel's block-style emitter,
 * so what comes out is the loaded data re-emitted, not the file's text: comments and flow style go,
 * quoting follows ruamel's rules, and an object that appears twice is written once with an `&idNNN`
 * anchor and then as `*idNNN`. The `yaml` package does the parsing, with ruamel's 1.2 resolution of ints,
 * floats and timestamps; the emitter is ours, because no library option reproduces ruamel's quoting.
 *
 * Values: mappings are Maps (file order, keys of any scalar type), sequences arrays, ints bigint (no
 * precision lost), floats number, timestamps Timestamp, plus strings, booleans and null.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Alias,
  type Document,
  type Scalar,
  type ScalarTag,
  type Tags,
  type YAMLMap,
  type YAMLError,
  type YAMLSeq,
} from 'yaml';
import { IsoawsError } from '../core/errors.js';
import { pyFloatRepr } from '../cli/output/py-values.js';

/** A date or date-time as ruamel constructs it: its text is what ruamel's representer writes back. */
export class Timestamp {
  constructor(
    readonly text: string,
    readonly pyType: 'datetime.date' | 'datetime.datetime',
  ) {}
}

/** One statement of a YAML error and where it points (1-based), as ruamel pairs them. */
export interface YamlMark {
  text: string;
  line: number;
  column: number;
}

/** A document that is not YAML, or not one ruamel can build: what is wrong and where, for the caller to frame. */
export class YamlSyntaxError extends IsoawsError {
  override name = 'YamlSyntaxError';
  constructor(readonly marks: YamlMark[]) {
    super(marks.map((m) => `${m.text} (line ${m.line}, column ${m.column})`).join('; '));
  }
}

// ---------------------------------------------------------------------------------------------------
// Resolution: which plain scalars are not strings (ruamel's YAML 1.2 implicit resolvers).

const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const INT = /^[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)$/;
const FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP =
  /^(?:([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(?:Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)$/;
/** The merge key, the `=` value key and the indicators ruamel also resolves away from str. */
const OTHER = /^(?:<<|=|!|&|\*)$/;

/** Whether ruamel would read this text, written plain, back as the same string. */
function readsAsString(text: string): boolean {
  return ![BOOL, NULL, INT, FLOAT, TIMESTAMP, OTHER].some((re) => re.test(text));
}

/**
 * The int and float tags ruamel's 1.2 resolver has (underscores allowed, `0b`, `0o`, a leading zero
 * decimal), replacing the core schema's, and its timestamp tag. `fail` records a Python ValueError: ruamel
 * raises those from its constructors, outside its YAMLError family.
 */
function ruamelTags(tags: Tags, fail: (message: string) => never): Tags {
  const replaced = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);
  const int: ScalarTag = {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    test: INT,
    identify: (value) => typeof value === 'bigint',
    resolve: (text) => pythonInt(text, fail),
  };
  const float: ScalarTag = {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    test: FLOAT,
    identify: (value) => typeof value === 'number',
    resolve: pythonFloat,
  };
  const timestamp: ScalarTag = {
    tag: 'tag:yaml.org,2002:timestamp',
    default: true,
    test: TIMESTAMP,
    identify: (value) => value instanceof Timestamp,
    resolve: (text) => parseTimestamp(text, fail),
  };
  return [...tags.filter((t) => typeof t === 'string' || !replaced.has(t.tag)), int, float, timestamp];
}

function pythonInt(text: string, fail: (message: string) => never): bigint {
  const bare = text.replaceAll('_', '');
  const negative = bare.startsWith('-');
  const unsigned = /^[-+]/.test(bare) ? bare.slice(1) : bare;
  const [base, digits] = /^0[box]/.test(unsigned)
    ? [{ b: 2, o: 8, x: 16 }[unsigned[1] as 'b' | 'o' | 'x'], unsigned.slice(2)]
    : [10, unsigned];
  if (digits === '') fail(`invalid literal for int() with base ${base}: ''`);
  const prefix = { 2: '0b', 8: '0o', 16: '0x', 10: '' }[base]!;
  const magnitude = BigInt(`${prefix}${digits}`);
  return negative ? -magnitude : magnitude;
}

function pythonFloat(text: string): number {
  const bare = text.replaceAll('_', '').toLowerCase();
  const sign = bare.startsWith('-') ? -1 : 1;
  const unsigned = /^[-+]/.test(bare) ? bare.slice(1) : bare;
  if (unsigned === '.inf') return sign * Infinity;
  if (unsigned === '.nan') return NaN;
  return sign * Number(unsigned);
}

/**
 * A timestamp as ruamel 0.17 builds it: a date, or a naive date-time moved to UTC by its offset and
 * written back as `YYYY-MM-DD HH:MM:SS[.ffffff]`. A seventh fraction digit of 5 or more rounds up; when
 * that carries into the seconds, ruamel moves the time by a second (against the offset's direction when
 * there is one), and so does this.
 */
function parseTimestamp(text: string, fail: (message: string) => never): Timestamp {
  const m = TIMESTAMP.exec(text)!;
  if (m[1] !== undefined) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    checkFields(fail, y, mo, d);
    return new Timestamp(`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`, 'datetime.date');
  }
  const [y, mo, d, h, mi, s] = m.slice(4, 10).map(Number) as [number, number, number, number, number, number];
  checkFields(fail, y, mo, d, h, mi, s);
  const fraction = m[10];
  let micro = fraction ? Number(fraction.slice(0, 6).padEnd(6, '0')) : 0;
  if (fraction && fraction.length > 6 && Number(fraction[6]) > 4) micro += 1;
  const carried = micro > 999_999;
  if (carried) micro = 0;
  let shiftSeconds = 0;
  if (m[11] !== undefined) {
    shiftSeconds = Number(m[12]) * 3600 + Number(m[13] ?? 0) * 60 + (carried ? 1 : 0);
    if (m[11] === '-') shiftSeconds = -shiftSeconds;
  } else if (carried) {
    shiftSeconds = -1;
  }
  const at = new Date(0);
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(h, mi, s, 0);
  const utc = new Date(at.getTime() - shiftSeconds * 1000);
  const date = `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}`;
  const time = `${pad(utc.getUTCHours(), 2)}:${pad(utc.getUTCMinutes(), 2)}:${pad(utc.getUTCSeconds(), 2)}`;
  return new Timestamp(`${date} ${time}${micro ? `.${pad(micro, 6)}` : ''}`, 'datetime.datetime');
}

/** Python's datetime field checks, with its ValueError messages. */
function checkFields(fail: (message: string) => never, y: number, mo: number, d: number, ...clock: number[]): void {
  if (y < 1) fail(`year ${y} is out of range`);
  if (mo < 1 || mo > 12) fail('month must be in 1..12');
  if (d < 1 || d > new Date(Date.UTC(2000, mo, 0)).getUTCDate() || (mo === 2 && d === 29 && !leapYear(y)))
    fail('day is out of range for month');
  const [h = 0, mi = 0, s = 0] = clock;
  if (h > 23) fail('hour must be in 0..23');
  if (mi > 59) fail('minute must be in 0..59');
  if (s > 59) fail('second must be in 0..59');
}

const leapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------------
// Loading.

/**
 * The data of a YAML document, as ruamel's safe loader would give it: undefined for an empty one.
 * Syntax errors are YamlSyntaxError; what Python raises outside YAML (a bad date, a list as a mapping
 * key) is an IsoawsError with Python's message.
 */
export function loadYaml(text: string): unknown {
  let valueError: string | undefined;
  const fail = (message: string): never => {
    valueError ??= message;
    throw new Error(message);
  };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'core',
    customTags: (tags) => ruamelTags(tags, fail),
    intAsBigInt: true,
    merge: true,
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
  });
  if (valueError !== undefined) throw new IsoawsError(valueError);
  const mark = (text: string, offset: number): YamlMark => {
    const { line, col } = lineCounter.linePos(offset);
    return { text, line, column: col };
  };
  // ruamel has no constructor for a tag it does not know and fails; the yaml package only warns.
  const problem = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')][0];
  if (problem) throw new YamlSyntaxError(ruamelWords(problem, doc, mark));
  return doc.contents === null ? undefined : (new Constructor(doc, mark).value(doc.contents) ?? undefined);
}

/**
 * The parser's complaint, in ruamel's words where the two name the same fault: a tag nobody knows, a
 * second document. Otherwise the yaml package's own description, at its position.
 */
function ruamelWords(
  problem: YAMLError,
  doc: Document.Parsed,
  mark: (text: string, offset: number) => YamlMark,
): YamlMark[] {
  const tag = /^Unresolved tag: (.*)$/.exec(problem.message);
  if (problem.code === 'TAG_RESOLVE_FAILED' && tag)
    return [mark(`could not determine a constructor for the tag '${tag[1]}'`, problem.pos[0])];
  if (problem.code === 'MULTIPLE_DOCS')
    return [
      mark('expected a single document in the stream', doc.contents?.range[0] ?? 0),
      mark('but found another document', problem.pos[0]),
    ];
  return [mark(problem.message, problem.pos[0])];
}

type YamlNode = Alias | Scalar | YAMLMap | YAMLSeq;
type NodePair = [key: unknown, value: unknown];

/**
 * Builds the data from the parsed nodes as ruamel's constructor does: each node once (an alias is the
 * very object its anchor made), and merge keys (`<<`) flattened with the merged pairs first, an earlier
 * source winning over a later one and the mapping's own keys over all. `toJS` would copy what a merge
 * brings in, where ruamel shares it, and that sharing shows as anchors when the file is written back.
 */
class Constructor {
  private readonly made = new Map<unknown, unknown>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly mark: (text: string, offset: number) => YamlMark,
  ) {}

  value(node: unknown): unknown {
    const target = this.deref(node);
    if (this.made.has(target)) return this.made.get(target);
    if (isSeq(target)) {
      const list: unknown[] = [];
      this.made.set(target, list);
      for (const item of target.items) list.push(this.value(item));
      return list;
    }
    if (isMap(target)) {
      const map = new Map<unknown, unknown>();
      this.made.set(target, map);
      for (const [key, value] of this.pairs(target)) map.set(this.key(key), this.value(value));
      return map;
    }
    const scalar = isScalar(target) ? target.value : null;
    this.made.set(target, scalar);
    return scalar;
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  /** A mapping key: a scalar's value, as a Python dict can hold no list or mapping. */
  private key(node: unknown): unknown {
    const key = this.value(node);
    if (Array.isArray(key)) throw new IsoawsError("unhashable type: 'list'");
    if (key instanceof Map) throw new IsoawsError("unhashable type: 'collections.OrderedDict'");
    return key;
  }

  /** The mapping's pairs with its merge keys replaced by what they bring in, ahead of its own. */
  private pairs(map: YAMLMap): NodePair[] {
    const merged: NodePair[] = [];
    const own: NodePair[] = [];
    for (const pair of map.items) {
      if (!(isScalar(pair.key) && typeof pair.key.value === 'symbol')) {
        own.push([pair.key, pair.value]);
        continue;
      }
      const source = this.deref(pair.value);
      if (!isMap(source) && !isSeq(source))
        throw this.mergeError(map, 'expected a mapping or list of mappings for merging', source);
      const maps = isSeq(source) ? source.items.map((item) => this.deref(item)) : [source];
      // A later source's pairs go first, so that an earlier source's value wins.
      for (const part of maps.reverse()) {
        if (!isMap(part)) throw this.mergeError(map, 'expected a mapping for merging', part);
        merged.push(...this.pairs(part));
      }
    }
    return [...merged, ...own];
  }

  /** ruamel's ConstructorError: the mapping being built, then what was found where a mapping should be. */
  private mergeError(map: YAMLMap, expected: string, found: unknown): YamlSyntaxError {
    const kind = isMap(found) ? 'mapping' : isSeq(found) ? 'sequence' : 'scalar';
    const start = (node: unknown) => (node as YamlNode | undefined)?.range?.[0] ?? 0;
    return new YamlSyntaxError([
      this.mark('while constructing a mapping', start(map)),
      this.mark(`${expected}, but found ${kind}`, start(found)),
    ]);
  }
}

// ---------------------------------------------------------------------------------------------------
// Dumping.

type Collection = Map<unknown, unknown> | unknown[];

const isCollection = (value: unknown): value is Collection => value instanceof Map || Array.isArray(value);
/** What ruamel may write once and refer to again: its representer aliases all but str, bool, numbers and None. */
const isAnchorable = (value: unknown): value is object => isCollection(value) || value instanceof Timestamp;
const sizeOf = (value: Collection) => (value instanceof Map ? value.size : value.length);

/** ruamel writes a key longer than this, or one with a line break, as `? key` / `: value`. */
const MAX_SIMPLE_KEY = 128;
const BREAKS = '\n\u0085\u2028\u2029';
const SPACE_OR_BREAK = `\0 \t\r${BREAKS}`;

/** The YAML ruamel's safe dumper writes for `value` (block style, no line width, as the CLI sets it). */
export function dumpYaml(value: unknown): string {
  const emitter = new Emitter(anchorNames(value));
  emitter.node(value, 0, 'document');
  return emitter.text();
}

/**
 * Anchor names for the objects met more than once, numbered as ruamel's serializer numbers them: in
 * the order of their second meeting, walking the tree depth first.
 */
function anchorNames(root: unknown): Map<object, string> {
  const seen = new Set<object>();
  const names = new Map<object, string>();
  const visit = (value: unknown): void => {
    if (!isAnchorable(value)) return;
    if (seen.has(value)) {
      if (!names.has(value)) names.set(value, `id${pad(names.size + 1, 3)}`);
      return;
    }
    seen.add(value);
    if (value instanceof Map)
      for (const [k, v] of value) {
        visit(k);
        visit(v);
      }
    else if (Array.isArray(value)) value.forEach(visit);
  };
  visit(root);
  return names;
}

/**
 * Where a node starts: at the top of the document; after `key:` (a space, then the node; a collection on
 * the next lines); or after `- ` or `: ` of a complex key (a collection's first entry on the same line).
 */
type Place = 'document' | 'value' | 'compact';

class Emitter {
  private readonly parts: string[] = [];
  private readonly written = new Set<object>();

  constructor(private readonly anchors: Map<object, string>) {}

  text(): string {
    return this.parts.join('');
  }

  /** A node whose lines (after the first, in a compact place) are indented by `indent`. */
  node(value: unknown, indent: number, place: Place): void {
    const lead = place === 'value' ? ' ' : '';
    let anchor = '';
    if (isAnchorable(value)) {
      const name = this.anchors.get(value);
      if (name !== undefined && this.written.has(value)) return this.write(`${lead}*${name}\n`);
      this.written.add(value);
      if (name !== undefined) anchor = `&${name}`;
    }
    if (!isCollection(value) || sizeOf(value) === 0) {
      const text = isCollection(value) ? (value instanceof Map ? '{}' : '[]') : scalarText(value, false, indent);
      return this.write(`${lead}${anchor ? `${anchor} ` : ''}${text}\n`);
    }
    // An anchor stands alone on its line; otherwise a compact place takes the first entry on its own line.
    if (anchor) this.write(`${lead}${anchor}\n`);
    else if (place === 'value') this.write('\n');
    this.entries(value, indent, place === 'compact' && !anchor);
  }

  private entries(value: Collection, indent: number, firstInline: boolean): void {
    let first = true;
    const margin = () => {
      if (!(first && firstInline)) this.write(' '.repeat(indent));
      first = false;
    };
    if (Array.isArray(value)) {
      for (const item of value) {
        margin();
        this.write('- ');
        this.node(item, indent + 2, 'compact');
      }
      return;
    }
    for (const [key, item] of value) {
      margin();
      this.pair(key, item, indent);
    }
  }

  private pair(key: unknown, value: unknown, indent: number): void {
    if (typeof key === 'string' && ([...key].length >= MAX_SIMPLE_KEY || analyze(key).multiline)) {
      this.write(`? ${scalarText(key, false, indent + 2)}\n${' '.repeat(indent)}: `);
      return this.node(value, indent + 2, 'compact');
    }
    this.write(`${scalarText(key, true, indent)}:`);
    // A sequence under a key is not indented (ruamel's default); anything else is, by two.
    this.node(value, Array.isArray(value) ? indent : indent + 2, 'value');
  }

  private write(text: string): void {
    this.parts.push(text);
  }
}

/** A scalar as ruamel writes it; `indent` is where a line continues after a line break in quotes. */
function scalarText(value: unknown, simpleKey: boolean, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return floatText(value);
  if (value instanceof Timestamp) return value.text;
  const text = String(value);
  const style = chooseStyle(text, simpleKey);
  if (style === 'plain') return text;
  if (style === 'single') return singleQuoted(text, indent);
  return doubleQuoted(text);
}

/** Python's float repr, with YAML's spellings of infinity and NaN. */
function floatText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  return pyFloatRepr(value).toLowerCase();
}

interface Analysis {
  empty: boolean;
  multiline: boolean;
  plainAllowed: boolean;
  singleAllowed: boolean;
}

/** What ruamel's emitter finds in a string before choosing its style (block context only). */
function analyze(text: string): Analysis {
  if (text === '') return { empty: true, multiline: false, plainAllowed: true, singleAllowed: true };
  const chars = [...text];
  const last = chars.length - 1;
  const found = { indicators: text.startsWith('---') || text.startsWith('...'), breaks: false, special: false };
  const ws = { edges: false, breakSpace: false, spaceBreak: false };
  let previous: 'space' | 'break' | 'other' = 'other';
  chars.forEach((ch, i) => {
    const followedBySpace = i === last || SPACE_OR_BREAK.includes(chars[i + 1]!);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) found.indicators = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedBySpace) found.indicators = true;
    } else {
      if (ch === ':' && followedBySpace) found.indicators = true;
      if (ch === '#' && SPACE_OR_BREAK.includes(chars[i - 1]!)) found.indicators = true;
    }
    if (!(ch === '\n' || printableAscii(ch)) && !printableUnicode(ch)) found.special = true;
    const kind = ch === ' ' ? 'space' : BREAKS.includes(ch) ? 'break' : 'other';
    if (kind === 'break') found.breaks = true;
    if (kind !== 'other' && (i === 0 || i === last)) ws.edges = true;
    if (kind === 'space' && previous === 'break') ws.breakSpace = true;
    if (kind === 'break' && previous === 'space') ws.spaceBreak = true;
    previous = kind;
  });
  const quotedOnly = ws.breakSpace || ws.spaceBreak || found.special;
  return {
    empty: false,
    multiline: found.breaks,
    plainAllowed: !(ws.edges || quotedOnly || found.breaks || found.indicators),
    singleAllowed: !quotedOnly,
  };
}

const printableAscii = (ch: string) => ch >= ' ' && ch <= '~';

/** The characters ruamel writes as they are (allow_unicode), outside double quotes. */
function printableUnicode(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  const inRange = cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
  return inRange && cp !== 0xfeff;
}

/** Plain when it reads back as itself; double quotes for a `'` or a line break; else single if it can. */
function chooseStyle(text: string, simpleKey: boolean): 'plain' | 'single' | 'double' {
  const a = analyze(text);
  if (a.plainAllowed && readsAsString(text) && !(simpleKey && (a.empty || a.multiline))) return 'plain';
  if (text.includes("'") || text.includes('\n')) return 'double';
  if (a.singleAllowed && !(simpleKey && a.multiline)) return 'single';
  return 'double';
}

/** Single quotes never hold `'` or `\n` here (those go double); another line break is kept, then indented. */
function singleQuoted(text: string, indent: number): string {
  let out = "'";
  let breaking = false;
  for (const ch of text) {
    if (BREAKS.includes(ch)) {
      out += ch;
      breaking = true;
      continue;
    }
    if (breaking) out += ' '.repeat(indent);
    breaking = false;
    out += ch;
  }
  return `${out}${breaking ? ' '.repeat(indent) : ''}'`;
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** Double quotes, escaping what ruamel escapes: control characters, breaks, the BOM and anything past U+FFFF. */
function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const kept =
      !'"\\\u0085\u2028\u2029\ufeff'.includes(ch) &&
      (printableAscii(ch) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd));
    if (kept) out += ch;
    else if (ESCAPES[ch] !== undefined) out += `\\${ESCAPES[ch]}`;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const hex = (cp: number, width: number) => cp.toString(16).toUpperCase().padStart(width, '0');
