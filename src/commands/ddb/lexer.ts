/**
 * The tokens of the `ddb` expression language (`--filter`, `--key-condition`, `--projection`,
 * `--condition`): names bare or in single quotes, string literals in double quotes, `b"…"` base64
 * bytes, exact numbers, `true`/`false`/`null`, punctuation and comparators. Positions follow the CLI's
 * lexer exactly, quirks included (a quoted token's `end` is its length, not its end; the position stops
 * on the last character), as they place the caret in error messages.
 */
import { parseDecimal } from './decimal.js';
import { emptyExpression, lexerError, type Token } from './expression-errors.js';

const SIMPLE: Record<string, string> = {
  '.': 'dot',
  ',': 'comma',
  ':': 'colon',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  '[': 'lbracket',
  ']': 'rbracket',
  '=': 'eq',
};
const OPERATIONS = new Set(['and', 'between', 'in', 'or', 'not']);
const LITERALS = new Map<string, unknown>([
  ['true', true],
  ['false', false],
  ['null', null],
]);
const isStart = (c: string | undefined) => c !== undefined && /^[A-Za-z_]$/.test(c);
const isNameChar = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isIntChar = (c: string | undefined) => isDigit(c) || c === '-';

export function tokenize(expression: string): Token[] {
  return new Lexer(expression).tokens();
}

class Lexer {
  private position = 0;
  private current: string | undefined;
  private readonly chars: string[];

  constructor(private readonly expression: string) {
    if (!expression) throw emptyExpression();
    // Python indexes a string by code point.
    this.chars = [...expression];
    this.current = this.chars[0];
  }

  tokens(): Token[] {
    const out: Token[] = [];
    while (this.current !== undefined) {
      const c = this.current;
      if (SIMPLE[c] !== undefined) {
        out.push({ type: SIMPLE[c], value: c, start: this.position, end: this.position + 1 });
        this.next();
      } else if (isStart(c)) out.push(this.name());
      else if (c === "'") out.push(this.quoted('identifier', "'"));
      else if (c === '"') out.push(this.quoted('literal', '"'));
      else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.next();
      else if (isIntChar(c)) out.push(this.number());
      else if (c === '<' || c === '>') out.push(this.comparator());
      else throw this.error(`Unrecognized character ${c}`, this.position);
    }
    const length = this.chars.length;
    out.push({ type: 'eof', value: '', start: length, end: length });
    return out;
  }

  /** Moves on a character; on the last one the position stays and the current character is gone. */
  private next(): string | undefined {
    if (this.position === this.chars.length - 1) this.current = undefined;
    else this.current = this.chars[++this.position];
    return this.current;
  }

  private error(message: string, position: number) {
    return lexerError(message, this.expression, position);
  }

  private name(): Token {
    const start = this.position;
    let buff = this.current!;
    if (buff === 'b' || buff === 'B') {
      if (this.next() === '"') return this.bytes();
      if (!isNameChar(this.current)) return { type: 'unquoted_identifier', value: buff, start, end: start + 1 };
      buff += this.current;
    }
    while (isNameChar(this.next())) buff += this.current;
    const lower = buff.toLowerCase();
    const end = start + buff.length;
    if (OPERATIONS.has(lower)) return { type: lower, value: buff, start, end };
    if (LITERALS.has(lower)) return { type: 'literal', value: LITERALS.get(lower), start, end };
    return { type: 'unquoted_identifier', value: buff, start, end };
  }

  private quoted(type: string, delimiter: string): Token {
    const start = this.position;
    const value = this.until(delimiter).replaceAll(`\\${delimiter}`, delimiter);
    return { type, value, start, end: this.position - start };
  }

  /** `b"…"`: base64 that must start with a base64 character, decoded as Python's lenient decoder does. */
  private bytes(): Token {
    const start = this.position - 1;
    const token = this.quoted('literal', '"');
    const text = token.value as string;
    if (text && !/^[A-Za-z0-9+/=]/.test(text)) throw this.error(`Invalid base64 string b"${text}"`, start);
    const decoded = lenientBase64(text);
    if (typeof decoded === 'string') throw this.error(`Invalid base64 string b"${text}": ${decoded}`, start);
    return { ...token, value: decoded, start };
  }

  private number(): Token {
    const start = this.position;
    let buff = this.integer();
    if (this.current === '.') {
      buff += '.';
      if (!isDigit(this.next()))
        throw this.error(`Invalid fractional character ${pyChar(this.current)}`, this.position);
      buff += this.integer();
    }
    if (this.current !== undefined && this.current.toLowerCase() === 'e') {
      buff += this.current;
      if (!isIntChar(this.next()) && this.current !== '+')
        throw this.error(`Invalid exponential character ${pyChar(this.current)}`, this.position);
      buff += this.integer();
    }
    // `1e+` gets past the lexer and fails as Python's Decimal() fails on it.
    return { type: 'literal', value: parseDecimal(buff), start, end: start + buff.length };
  }

  private integer(): string {
    let buff = this.current!;
    while (isDigit(this.next())) buff += this.current;
    if (buff.startsWith('-') && buff.length < 2) throw this.error(`Unknown token ${buff}`, this.position);
    return buff;
  }

  private comparator(): Token {
    const first = this.current!;
    const second = this.next();
    const pair = `${first}${second ?? ''}`;
    const two: Record<string, string> = { '<>': 'ne', '<=': 'lte', '>=': 'gte' };
    if (two[pair] !== undefined) {
      this.next();
      return { type: two[pair], value: pair, start: this.position - 2, end: this.position };
    }
    return { type: first === '<' ? 'lt' : 'gt', value: first, start: this.position - 1, end: this.position };
  }

  /** The text up to `delimiter`, a backslash keeping the character after it (and itself). */
  private until(delimiter: string): string {
    const start = this.position;
    let buff = '';
    this.next();
    while (this.current !== delimiter) {
      if (this.current === '\\') {
        buff += '\\';
        this.next();
      }
      if (this.current === undefined) throw this.error(`Unclosed ${delimiter} delimiter`, start);
      buff += this.current;
      this.next();
    }
    this.next();
    return buff;
  }
}

function pyChar(c: string | undefined): string {
  return c ?? 'None';
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Python's `b64decode` without validation (binascii's non-strict a2b_base64): characters outside the
 * alphabet are skipped, enough `=` ends the data. Gives the bytes, or binascii's error text.
 */
export function lenientBase64(text: string): Uint8Array | string {
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (const ch of text) {
    if (ch === '=') {
      if (quad >= 2 && quad + ++pads >= 4) return new Uint8Array(out);
      continue;
    }
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue;
    pads = 0;
    if (quad === 0) left = v;
    else if (quad === 1) {
      out.push(((left << 2) | (v >> 4)) & 0xff);
      left = v & 0x0f;
    } else if (quad === 2) {
      out.push(((left << 4) | (v >> 2)) & 0xff);
      left = v & 0x03;
    } else out.push(((left << 6) | v) & 0xff);
    quad = (quad + 1) % 4;
  }
  if (quad === 1)
    return `Invalid base64-encoded string: number of data characters (${Math.floor(out.length / 3) * 4 + 1}) cannot be 1 more than a multiple of 4`;
  if (quad !== 0) return 'Incorrect padding';
  return new Uint8Array(out);
}
