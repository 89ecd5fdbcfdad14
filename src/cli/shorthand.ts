/**
 * The AWS CLI's shorthand syntax (`--tags Key=a,Value=b`, `Ebs={VolumeSize=20}`, `Values=[a,b]`), in two
 * steps as the CLI does it: a purely syntactic parse, then a model-aware pass that turns numbers and
 * booleans into their types and single values into one-element lists where the model has a list.
 *
 * Grammar (the CLI's shorthand.py, also what its error messages name):
 *   parameter = keyval *("," keyval)
 *   keyval    = key "=" [values]          key = [A-Za-z0-9_.#/:-]*
 *   values    = csv-value / explicit-list / hash-literal
 *   csv-value = first-value *("," second-value)   (a list when there is more than one)
 *   explicit-list = "[" [explicit-value *("," explicit-value)] "]"
 *   hash-literal  = "{" [key "=" explicit-value *("," key "=" explicit-value)] "}"
 *   values may be single- or double-quoted (`\'`/`\"` and `\\` escapes); `\,` escapes a comma.
 * One addition from newer CLI releases: `key@=file://path` (or `fileb://`) reads the value from a file.
 */
import { IsoawsError } from '../core/errors.js';
import type { ServiceModel, Shape, ShapeRef } from '../core/model/types.js';
import { setOwn } from '../core/own.js';

export type ShorthandValue = string | FileReference | ShorthandValue[] | { [key: string]: ShorthandValue };

/** `key@=file://path`: the value is the file's contents, read by the caller (files are read asynchronously). */
export class FileReference {
  constructor(readonly reference: string) {}
}

/** A syntax error; the message ends with the input and a caret under the position, as the CLI prints it. */
export class ShorthandSyntaxError extends Error {
  override name = 'ShorthandSyntaxError';
}

// Character classes of the CLI's value regexes (code points up to U+FFFF).
const START_WORD = '!#-&(-+\\--<>-Z\\\\-z|-\\uffff';
const FIRST_FOLLOW = '\\s!#-&(-+\\--\\\\^-|~-\\uffff';
const SECOND_FOLLOW = '\\s!#-&(-+\\--<>-\\uffff';
const FIRST_VALUE = new RegExp(`(?:\\\\,|[${START_WORD}])(?:\\\\,|[${FIRST_FOLLOW}])*`, 'y');
const SECOND_VALUE = new RegExp(`(?:\\\\,|[${START_WORD}])(?:\\\\,|[${SECOND_FOLLOW}])*`, 'y');
const KEY_CHAR = /[A-Za-z0-9_.#/:-]/;
const WHITESPACE = /\s/;

/**
 * Where the quoted string opening at `start` ends (after its closing quote), or -1: what the regular
 * expression `'(?:\\\\|\\'|[^'])*'` of the AWS CLI matches there, without its backtracking, which is
 * exponential in the backslashes of a string never closed (40 took 12 s). Its first match is the walk
 * that takes `\\\\` and `\\'` as pairs and stops at a bare quote; a walk that runs off the end backtracks
 * to the last quote that every quote before it, each preceded by a backslash, lets close.
 */
export function quotedEnd(text: string, start: number, quote: string): number {
  for (let p = start + 1; p < text.length;) {
    if (text[p] === '\\' && (text[p + 1] === '\\' || text[p + 1] === quote)) p += 2;
    else if (text[p] !== quote) p += 1;
    else return p + 1;
  }
  let end = -1;
  for (let r = start + 1; r < text.length; r++) {
    if (text[r] !== quote) continue;
    end = r + 1;
    if (text[r - 1] !== '\\' || r - 1 <= start) break;
  }
  return end;
}

/** Parses one shorthand string into nested objects, lists and strings (no model applied). */
export function parseShorthand(input: string): Record<string, ShorthandValue> {
  return new Parser(input).parameter();
}

class Parser {
  private i = 0;

  constructor(private readonly text: string) {}

  parameter(): Record<string, ShorthandValue> {
    const params: Record<string, ShorthandValue> = {};
    const [key, value] = this.keyval();
    setOwn(params, key, value);
    let lastIndex = this.i;
    while (this.i < this.text.length) {
      this.expect(',', true);
      const [k, v] = this.keyval();
      if (Object.hasOwn(params, k)) {
        throw new ShorthandSyntaxError(
          `Second instance of key "${k}" encountered for input:\n${errorLocation(this.text, lastIndex + 1)}\nThis is often because there is a preceding "," instead of a space.`,
        );
      }
      setOwn(params, k, v);
      lastIndex = this.i;
    }
    return params;
  }

  private keyval(): [string, ShorthandValue] {
    const key = this.key();
    this.whitespace();
    if (this.text[this.i] === '@' && this.text[this.i + 1] === '=') {
      this.i += 2;
      this.whitespace();
      return [key, new FileReference(this.firstValue())];
    }
    this.expect('=', true);
    return [key, this.values()];
  }

  private key(): string {
    const start = this.i;
    while (this.i < this.text.length && KEY_CHAR.test(this.text[this.i]!)) this.i++;
    return this.text.slice(start, this.i);
  }

  private values(): ShorthandValue {
    if (this.eof()) return '';
    if (this.text[this.i] === '[') return this.explicitList();
    if (this.text[this.i] === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): ShorthandValue {
    const first = this.firstValue();
    this.whitespace();
    if (this.eof() || this.text[this.i] !== ',') return first;
    this.expect(',', true);
    const list: string[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.whitespace();
        if (this.eof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (err) {
        if (!(err instanceof ShorthandSyntaxError) || this.eof()) throw err;
        // What followed the comma was the next key=value pair, not a list item: step back to the comma.
        while (this.i >= 0 && this.text[this.i] !== ',') this.i--;
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private explicitList(): ShorthandValue[] {
    this.expect('[', true);
    const values: ShorthandValue[] = [];
    while (this.current() !== ']') {
      values.push(this.explicitValue());
      this.whitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.whitespace();
      }
    }
    this.expect(']');
    return values;
  }

  private hashLiteral(): Record<string, ShorthandValue> {
    this.expect('{', true);
    const out: Record<string, ShorthandValue> = {};
    while (this.current() !== '}') {
      const key = this.key();
      this.expect('=', true);
      const value = this.explicitValue();
      this.whitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.whitespace();
      }
      setOwn(out, key, value);
    }
    this.expect('}');
    return out;
  }

  private explicitValue(): ShorthandValue {
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private firstValue(): string {
    const c = this.current();
    if (c === "'" || c === '"') return this.quoted(c);
    const m = this.match(FIRST_VALUE);
    return m === undefined ? '' : m.replaceAll('\\,', ',').trimEnd();
  }

  private secondValue(): string {
    const c = this.current();
    if (c === "'" || c === '"') return this.quoted(c);
    return this.mustMatch(SECOND_VALUE, 'second').replaceAll('\\,', ',').trimEnd();
  }

  /** A quoted value: what the CLI's `'(?:\\\\|\\'|[^'])*'` matches (its escapes undone), found in linear time. */
  private quoted(quote: string): string {
    const end = quotedEnd(this.text, this.i, quote);
    if (end === -1)
      throw syntaxError(this.text, `<${quote === "'" ? 'singled quoted' : 'double quoted'}>`, '<none>', this.i);
    const raw = this.text.slice(this.i + 1, end - 1);
    this.i = end;
    return raw.replaceAll(`\\${quote}`, quote).replaceAll('\\\\', '\\');
  }

  private match(regex: RegExp): string | undefined {
    regex.lastIndex = this.i;
    const m = regex.exec(this.text);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  private mustMatch(regex: RegExp, name: string): string {
    const m = this.match(regex);
    if (m === undefined) throw syntaxError(this.text, `<${name}>`, '<none>', this.i);
    return m;
  }

  private expect(char: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.whitespace();
    if (this.eof()) throw syntaxError(this.text, char, 'EOF', this.i);
    const actual = this.text[this.i]!;
    if (actual !== char) throw syntaxError(this.text, char, actual, this.i);
    this.i++;
    if (consumeWhitespace) this.whitespace();
  }

  private whitespace(): void {
    while (this.i < this.text.length && WHITESPACE.test(this.text[this.i]!)) this.i++;
  }

  private current(): string | undefined {
    return this.text[this.i];
  }

  private eof(): boolean {
    return this.i >= this.text.length;
  }
}

function syntaxError(text: string, expected: string, actual: string, index: number): ShorthandSyntaxError {
  return new ShorthandSyntaxError(
    `Expected: '${expected}', received: '${actual}' for input:\n${errorLocation(text, index)}`,
  );
}

/** The input with a caret under `index` (on the line the index is in, for multi-line input). */
function errorLocation(text: string, index: number): string {
  let consumed = text;
  let remaining = '';
  let spaces = index;
  const before = text.slice(0, index);
  if (before.includes('\n')) spaces = index - before.lastIndexOf('\n') - 1;
  const nextNewline = text.indexOf('\n', index);
  if (nextNewline !== -1) {
    consumed = text.slice(0, nextNewline);
    remaining = text.slice(nextNewline);
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
}

/**
 * The model-aware pass (the CLI's BackCompatVisitor): integers, floats and booleans converted, a
 * single value where the model has a list wrapped in a list. Document members cannot be written in
 * shorthand. Mutates and returns `value`.
 */
export function applyShorthandModel(model: ServiceModel, shape: Shape, value: unknown): unknown {
  return visit(model, shape, value);
}

function visit(model: ServiceModel, shape: Shape, value: unknown): unknown {
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) return value;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (!Object.hasOwn(value, name)) continue;
        const target = shapeOf(model, ref);
        if (target.document) {
          throw new ShorthandSyntaxError(
            `Shorthand syntax does not support document types. Use JSON input for top-level argument to specify nested parameter: ${name}`,
          );
        }
        value[name] = visit(model, target, value[name]);
      }
      return value;
    }
    case 'list': {
      if (!Array.isArray(value))
        return value === undefined ? value : [visit(model, shapeOf(model, shape.member!), value)];
      const member = shapeOf(model, shape.member!);
      return value.map((v) => visit(model, member, v));
    }
    case 'map': {
      if (!isPlainObject(value)) return value;
      const valueShape = shapeOf(model, shape.value!);
      for (const k of Object.keys(value)) value[k] = visit(model, valueShape, value[k]);
      return value;
    }
    case 'integer':
    case 'long':
      return typeof value === 'string' ? pyInt(value) : value;
    case 'float':
    case 'double':
      return typeof value === 'string' ? pyFloat(value) : value;
    case 'boolean': {
      if (typeof value !== 'string') return value;
      const lower = value.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : value;
    }
    default:
      return value;
  }
}

/**
 * Python's `int(text)`: optional sign, digits and underscores between digits, surrounding whitespace.
 * A failure is the CLI's uncaught ValueError (exit 255), not a parameter error.
 */
export function pyInt(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(t)) throw new IsoawsError(`invalid literal for int() with base 10: '${text}'`);
  return Number(t.replaceAll('_', ''));
}

/** Python's `float(text)`. */
export function pyFloat(text: string): number {
  const t = text.trim().toLowerCase().replaceAll('_', '');
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t))
    throw new IsoawsError(`could not convert string to float: '${text}'`);
  return Number(t);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof FileReference);
}

function shapeOf(model: ServiceModel, ref: ShapeRef): Shape {
  return model.shapes[ref.shape]!;
}
