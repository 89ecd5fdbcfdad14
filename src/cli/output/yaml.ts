/**
 * `--output yaml` as AWS CLI v2 writes it with ruamel.yaml's safe dumper in block style: mapping keys
 * sorted, sequences not indented under their key, `[]`/`{}` for empty collections, YAML 1.2 scalar
 * resolution deciding when a string needs quotes ('123', 'true', '2024-01-01'), single quotes where
 * possible and double quotes for control characters, and long plain or single-quoted strings folded
 * at spaces past column 80. A scalar result is written as JSON, as the CLI does.
 *
 * `ddb`'s values add three kinds the operations never give (YamlPlain, YamlBinary, YamlSet), and its
 * set members make keys of any length: a key longer than libyaml's 128 for a simple key, or one that
 * spans lines, is written as a complex key (`? key` then `: value`).
 */
import { formatJson } from './json.js';
import { base64, isoTimestamp, isScalar, pyFloatRepr, PyFloat } from './py-values.js';
import { pyCompare } from './keys.js';

const WIDTH = 80;
/** libyaml's longest simple key, counted in UTF-8 bytes with its tag. */
const MAX_SIMPLE_KEY = 128;

/** A scalar written as its text, unquoted and untagged: an exact number (`ddb`'s Decimals, `1.50`). */
export class YamlPlain {
  constructor(readonly text: string) {}
}

/** Bytes as `ddb` prints them: `!!binary "<base64>"` (operations print blobs as base64 text). */
export class YamlBinary {
  constructor(readonly bytes: Uint8Array) {}
}

/** A set: `!!set` over a mapping of its members to null, in the order given. */
export class YamlSet {
  constructor(readonly members: readonly unknown[]) {}
}

export function formatYaml(value: unknown): string {
  if (isScalar(value)) return `${formatJson(value)}\n`;
  // A lone Decimal is printed as str() gives it (the ddb dumper's own case); a lone Binary is YAML.
  if (value instanceof YamlPlain) return `${value.text}\n`;
  const out = new Writer();
  if (value instanceof YamlBinary) {
    scalar(out, value, 0);
    out.write('\n');
  } else {
    node(out, value, 0, 'document');
  }
  return out.text();
}

function isLeaf(value: unknown): boolean {
  return isScalar(value) || value instanceof YamlPlain || value instanceof YamlBinary;
}

/** A collection's entries: a set's members map to null. */
function entries(value: object): Array<[unknown, unknown]> {
  if (value instanceof YamlSet) return value.members.map((m) => [m, null]);
  const obj = value as Record<string, unknown>;
  return Object.keys(obj)
    .sort(pyCompare)
    .map((k) => [k, obj[k]]);
}

type Context = 'document' | 'mapping-value' | 'sequence-item';

class Writer {
  private parts: string[] = [];
  column = 0;
  write(text: string): void {
    this.parts.push(text);
    const nl = text.lastIndexOf('\n');
    this.column = nl === -1 ? this.column + text.length : text.length - nl - 1;
  }
  text(): string {
    return this.parts.join('');
  }
}

function node(out: Writer, value: unknown, indent: number, context: Context): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.write(context === 'document' ? '[]\n' : ' []\n');
      return;
    }
    if (context === 'mapping-value') out.write('\n');
    value.forEach((item, i) => {
      if (i > 0 || context !== 'sequence-item') out.write(' '.repeat(indent));
      out.write('-');
      if (isLeaf(item)) {
        out.write(' ');
        scalar(out, item, indent + 2);
        out.write('\n');
      } else if (isEmpty(item)) {
        out.write(Array.isArray(item) ? ' []\n' : ' {}\n');
      } else {
        out.write(' ');
        node(out, item, indent + 2, 'sequence-item');
      }
    });
    return;
  }
  const pairs = entries(value as object);
  if (pairs.length === 0) {
    out.write(context === 'document' ? '{}\n' : ' {}\n');
    return;
  }
  // A tagged mapping starts on a line of its own, even as a sequence's item.
  if (value instanceof YamlSet) {
    out.write(context === 'mapping-value' ? ' !!set\n' : '!!set\n');
    context = 'document';
  } else if (context === 'mapping-value') {
    out.write('\n');
  }
  pairs.forEach(([key, v], i) => {
    if (i > 0 || context !== 'sequence-item') out.write(' '.repeat(indent));
    if (isSimpleKey(key)) {
      scalar(out, key, indent + 2, false);
      out.write(':');
    } else {
      out.write('? ');
      scalar(out, key, indent + 2);
      out.write(`\n${' '.repeat(indent)}:`);
    }
    if (isLeaf(v)) {
      out.write(' ');
      scalar(out, v, indent + 2);
      out.write('\n');
    } else if (Array.isArray(v)) {
      // Block sequences sit at the key's own indentation.
      node(out, v, indent, 'mapping-value');
    } else {
      node(out, v, indent + 2, 'mapping-value');
    }
  });
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return !(value instanceof YamlSet) && Object.keys(value as object).length === 0;
}

/** libyaml's check_simple_key: one line, and at most 128 bytes with an explicit tag. */
function isSimpleKey(key: unknown): boolean {
  if (!(typeof key === 'string' || key instanceof YamlPlain || key instanceof YamlBinary)) return true;
  const text = key instanceof YamlBinary ? `!!binary${base64(key.bytes)}` : key instanceof YamlPlain ? key.text : key;
  return !/[\n\r\u0085\u2028\u2029]/.test(text) && new TextEncoder().encode(text).length <= MAX_SIMPLE_KEY;
}

/** A scalar; `fold` false for a simple key, which libyaml never breaks. */
function scalar(out: Writer, value: unknown, indent: number, fold = true): void {
  if (value === null || value === undefined) return out.write('null');
  if (value === true || value === false) return out.write(String(value));
  if (value instanceof PyFloat) return out.write(yamlFloat(value.value));
  if (value instanceof YamlPlain) return out.write(value.text);
  if (value instanceof YamlBinary) return out.write(`!!binary ${doubleQuoted(base64(value.bytes))}`);
  if (typeof value === 'number')
    return out.write(Number.isInteger(value) ? BigInt(value).toString() : yamlFloat(value));
  const text =
    value instanceof Uint8Array ? base64(value) : value instanceof Date ? isoTimestamp(value) : String(value);
  const style = chooseStyle(text);
  const width = fold ? WIDTH : Infinity;
  if (style === 'plain') writeFolded(out, text, indent, false, width);
  else if (style === 'single') writeSingleQuoted(out, text, indent, width);
  else out.write(doubleQuoted(text));
}

function yamlFloat(v: number): string {
  if (Number.isNaN(v)) return '.nan';
  if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
  return pyFloatRepr(v);
}

/** Strings a YAML 1.2 loader would read as something else (ruamel's implicit resolvers). */
const IMPLICIT = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)$/,
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$/,
  /^(?:=|<<)$/,
];

/** ruamel's analyze_scalar, for block context: which styles can carry this text. */
function chooseStyle(text: string): 'plain' | 'single' | 'double' {
  if (text === '') return 'single';
  let special = false;
  let lineBreaks = false;
  let blockIndicators = false;
  if (text.startsWith('---') || text.startsWith('...')) blockIndicators = true;
  const chars = [...text];
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const followedBySpace = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    const preceded = i > 0 && /[\s]/.test(chars[i - 1]!);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':') && followedBySpace) blockIndicators = true;
      if (ch === '-' && followedBySpace) blockIndicators = true;
    } else {
      if (ch === ':' && followedBySpace) blockIndicators = true;
      if (ch === '#' && preceded) blockIndicators = true;
    }
    if (ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029') lineBreaks = true;
    else if (!isPrintable(ch)) special = true;
  });
  const leadingSpace = text[0] === ' ';
  const trailingSpace = text[text.length - 1] === ' ';
  const leadingBreak = text[0] === '\n';
  const trailingBreak = text[text.length - 1] === '\n';
  if (special) return 'double';
  let allowPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockIndicators);
  if (allowPlain && IMPLICIT.some((re) => re.test(text))) allowPlain = false;
  if (allowPlain) return 'plain';
  // Trailing spaces before a break, or a leading/trailing break, rule out single quotes too.
  if (/ \n|\n /.test(text) && (leadingBreak || trailingBreak)) return 'double';
  return 'single';
}

function isPrintable(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if (cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000)
    return cp !== 0xfeff;
  return false;
}

/** Plain text, folded: a single space becomes a line break once the line has passed the width. */
function writeFolded(out: Writer, text: string, indent: number, quoted: boolean, width: number): void {
  const words = text.split(/( +)/);
  for (const [i, part] of words.entries()) {
    if (part.startsWith(' ')) {
      const atEdge = quoted ? i > 0 && i < words.length - 1 : true;
      if (part.length === 1 && out.column > width && atEdge) out.write(`\n${' '.repeat(indent)}`);
      else out.write(part);
    } else {
      out.write(part);
    }
  }
}

function writeSingleQuoted(out: Writer, text: string, indent: number, width: number): void {
  out.write("'");
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (i > 0) {
      // Each break is written as an empty line, then the text resumes at the indentation.
      out.write(i === 1 || lines[i - 1] !== '' ? '\n\n' : '\n');
      out.write(' '.repeat(indent));
    }
    writeFolded(out, line.replaceAll("'", "''"), indent, true, width);
  });
  out.write("'");
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\x0b': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ESCAPES[ch] !== undefined) out += `\\${ESCAPES[ch]}`;
    else if (isPrintable(ch) && cp !== 0xfeff) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}
