/**
 * A template written as YAML the way `cloudformation package` writes it: the AWS CLI's yamlhelper
 * `yaml_dump`, which is ruamel.yaml's pure-Python safe dumper with `default_flow_style = False`, aliases
 * flattened, and the YAML 1.1 booleans (`yes`, `off`…) added to what must be quoted. Byte for byte, as
 * the nested stacks it uploads are named by the MD5 of this text:
 *
 * - block style throughout, key order as held, sequences under a key not indented (`Key:\n- item`),
 *   empty collections as `{}` and `[]`;
 * - a string is plain unless it would read back as something else (`'123'`, `'yes'`, `'null'`,
 *   `'2010-09-09'`) or YAML forbids it (`': '`, a leading `- `, `#`, quotes…); then single-quoted, or
 *   double-quoted when it holds a `'` or a line break or a character that needs an escape;
 * - non-ASCII text as it is (ruamel's `YAML()` allows unicode), but characters beyond the Basic
 *   Multilingual Plane escaped (`\U0001F600`) inside double quotes, as ruamel writes them;
 * - long scalars folded at a space past column 80, double-quoted ones with ruamel's `\` continuation.
 *
 * The state machine below is ruamel 0.17's Emitter reduced to these cases (no flow collections with
 * content, anchors, tags or comments); each writer keeps its column and whitespace bookkeeping, on which
 * the folding depends. Strings are walked by code point, as Python indexes them.
 */
import { pyFloatRepr } from '../../cli/output/py-values.js';
import { isTemplateMap, PlainDict, type TemplateKey, type TemplateMap, type TemplateValue } from './template.js';
import { plainKind, YamlTimestamp } from './yaml-scalars.js';

/** The template as `yaml_dump` writes it. */
export function dumpTemplateYaml(template: TemplateMap): string {
  const emitter = new Emitter();
  emitter.node(template, { root: true });
  emitter.writeIndent();
  return emitter.text();
}

const BEST_WIDTH = 80;
const MAX_SIMPLE_KEY_LENGTH = 128;
const BREAKS = '\n\x85\u2028\u2029';
const SPACE_OR_BREAK = `\0 \t\r${BREAKS}`;

interface Context {
  root?: boolean;
  sequence?: boolean;
  mapping?: boolean;
  simpleKey?: boolean;
}

/**
 * A scalar as the representer makes it: its text, whether that text may stand unquoted for it, and the
 * length of its tag as ruamel would write it (`!!str`), which counts toward the 128 of a simple key.
 */
interface Scalar {
  chars: string[];
  implicit: boolean;
  tagLength: number;
}

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

type Style = 'plain' | 'single' | 'double';

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent: number | null = null;
  private readonly indents: Array<number | null> = [];

  text(): string {
    return this.out.join('');
  }

  node(value: TemplateValue, ctx: Context): void {
    if (isTemplateMap(value)) {
      if (value.size === 0) return this.emptyFlow('{', '}');
      this.blockMapping(value);
    } else if (Array.isArray(value)) {
      if (value.length === 0) return this.emptyFlow('[', ']');
      this.blockSequence(value, ctx);
    } else this.scalar(represent(value), ctx);
  }

  /** An empty collection, written in flow style and ending its line (ruamel's expect_first_flow_*_item). */
  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true);
    this.writeIndicator(close, false);
    this.writeLineBreak();
  }

  private blockMapping(map: TemplateMap): void {
    this.increaseIndent(false);
    for (const [key, value] of map instanceof PlainDict ? sortedEntries(map) : map) {
      this.writeIndent();
      const keyScalar = represent(key);
      const analysis = analyze(keyScalar.chars);
      if (keyScalar.tagLength + keyScalar.chars.length < MAX_SIMPLE_KEY_LENGTH && !analysis.multiline) {
        this.scalar(keyScalar, { mapping: true, simpleKey: true }, analysis);
        this.writeIndicator(':', false);
      } else {
        // A long or multi-line key goes after `? `, its value on its own line after `: `.
        this.writeIndicator('?', true, false, true);
        this.scalar(keyScalar, { mapping: true }, analysis);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { mapping: true });
    }
    this.indent = this.indents.pop()!;
  }

  private blockSequence(items: TemplateValue[], ctx: Context): void {
    // Under a key (the line ends with `Key:`), items start at the key's own column.
    const indentless = !!ctx.mapping && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { sequence: true });
    }
    this.indent = this.indents.pop()!;
  }

  private scalar(scalar: Scalar, ctx: Context, analysis = analyze(scalar.chars)): void {
    this.increaseIndent(true);
    const style = chooseStyle(scalar, analysis, !!ctx.simpleKey);
    const split = !ctx.simpleKey;
    if (ctx.sequence) this.writeIndent();
    if (style === 'double') this.writeDoubleQuoted(scalar.chars, split);
    else if (style === 'single') this.writeSingleQuoted(scalar.chars, split);
    else this.writePlain(scalar.chars, split);
    this.indent = this.indents.pop()!;
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? null : 0;
    else if (!indentless) this.indent += 2;
  }

  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.out.push(data);
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  /** Text of `n` code points' width (all writes go through here, so the column stays right). */
  private write(data: string, width = Array.from(data).length): void {
    this.column += width;
    this.out.push(data);
  }

  private writeChars(chars: string[], start: number, end: number): void {
    this.write(chars.slice(start, end).join(''), end - start);
  }

  private writePlain(chars: string[], split: boolean): void {
    if (!chars.length) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch !== ' ') {
          // A single space past the width becomes a line break.
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.writeChars(chars, start, end);
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.writeChars(chars, start, end);
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }

  private writeSingleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split && start !== 0 && end !== chars.length)
            this.writeIndent();
          else this.writeChars(chars, start, end);
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          // A line break inside single quotes is written doubled: one of them folds away when read.
          if (chars[start] === '\n') this.writeLineBreak();
          for (const br of chars.slice(start, end)) this.writeLineBreak(br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ch === ' ' || BREAKS.includes(ch) || ch === "'") {
        if (start < end) {
          this.writeChars(chars, start, end);
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (ch === undefined || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !printableInDouble(ch)) {
        if (start < end) {
          this.writeChars(chars, start, end);
          start = end;
        }
        if (ch !== undefined) {
          this.write(escape(ch));
          start = end + 1;
        }
      }
      if (
        end > 0 &&
        end < chars.length - 1 &&
        (ch === ' ' || start >= end) &&
        this.column + (end - start) > BEST_WIDTH &&
        split
      ) {
        // Folded with a trailing `\`, so the break adds nothing; a space that starts the next line is escaped.
        this.write(`${chars.slice(start, end).join('')}\\`, Math.max(0, end - start) + 1);
        if (start < end) start = end;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === ' ') this.write('\\');
      }
    }
    this.writeIndicator('"', false);
  }
}

/** What the representer makes of a value: its text, whether it reads back unquoted, its tag's length. */
function represent(value: TemplateKey): Scalar {
  if (typeof value === 'string')
    return { chars: Array.from(value), implicit: plainKind(value) === 'str', tagLength: '!!str'.length };
  return { chars: Array.from(scalarText(value)), implicit: true, tagLength: `!!${tagName(value)}`.length };
}

function tagName(value: Exclude<TemplateKey, string>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  return value instanceof YamlTimestamp ? 'timestamp' : 'float';
}

/**
 * A Python dict's items as ruamel's represent_mapping orders them: sorted when the keys compare (all
 * text, by code point, or all numbers), as they are otherwise (Python's sort raises and ruamel keeps them).
 */
function sortedEntries(map: PlainDict): Array<[TemplateKey, TemplateValue]> {
  const entries = [...map];
  const keys = entries.map(([k]) => k);
  if (keys.every((k) => typeof k === 'string'))
    return entries.sort(([a], [b]) => compareCodePoints(a as string, b as string));
  if (keys.every((k) => typeof k === 'bigint' || typeof k === 'number'))
    return entries.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return entries;
}

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function scalarText(value: Exclude<TemplateKey, string>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof YamlTimestamp) return value.text;
  // ruamel's represent_float: .nan and ±.inf, else Python's repr.
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  return pyFloatRepr(value);
}

/** ruamel's choose_scalar_style for a block context, the representer having asked for no style. */
function chooseStyle(scalar: Scalar, analysis: Analysis, simpleKey: boolean): Style {
  if (scalar.implicit && !(simpleKey && (analysis.empty || analysis.multiline)) && analysis.allowBlockPlain)
    return 'plain';
  if (scalar.chars.includes("'") || scalar.chars.includes('\n')) return 'double';
  if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline)) return 'single';
  return 'double';
}

/** ruamel's analyze_scalar, keeping what the block-context style choice reads. */
function analyze(chars: string[]): Analysis {
  if (!chars.length) return { empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  const text = chars.join('');
  if (text.startsWith('---') || text.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  let followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.includes(chars[1]!);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index]!;
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ('?:'.includes(ch) && followedByWhitespace) blockIndicators = true;
      if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (ch >= '\x20' && ch <= '\x7e')) && !printableUnicode(ch)) special = true;
    if (ch === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = SPACE_OR_BREAK.includes(ch);
    followedByWhitespace = index + 2 >= chars.length || SPACE_OR_BREAK.includes(chars[index + 2]!);
  }
  let allowBlockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let allowSingleQuoted = true;
  if (breakSpace || special || spaceBreak) allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks || blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowBlockPlain, allowSingleQuoted };
}

/** Characters written as they are with `allow_unicode` (ruamel's test in analyze_scalar). */
function printableUnicode(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (
    code !== 0xfeff &&
    (code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000)
  );
}

/** Characters written as they are inside double quotes: no escapes beyond the Basic Multilingual Plane. */
function printableInDouble(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd);
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xA0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function escape(ch: string): string {
  const named = ESCAPES[ch];
  if (named) return `\\${named}`;
  const code = ch.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}
