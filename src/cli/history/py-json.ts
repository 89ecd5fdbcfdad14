/**
 * JSON as Python's `json` module reads and writes it, for the command history: the AWS CLI keeps each
 * record's payload as `json.dumps` text and `history show` prints it again with
 * `json.dumps(value, sort_keys=True, indent=4)`, so a float stays a float (`1.0`), an integer keeps
 * every digit, and text outside ASCII is escaped (`ensure_ascii`). JavaScript's JSON keeps none of that.
 *
 * Floats are read as PyFloat and integers as numbers (bigints beyond 2^53); objects are made with
 * setOwn, so a `__proto__` key is an ordinary key. Python's json also takes NaN, Infinity and -Infinity.
 */
import { pyJsonDumps as pyJsonText } from '../../core/query/python-text.js';
import { setOwn } from '../../core/own.js';
import { pyCompare } from '../output/keys.js';
import { pyFloatRepr, PyFloat } from '../output/py-values.js';

/** `json.loads(text)`; throws SyntaxError naming the position of what is not JSON. */
export function pyJsonLoads(text: string): unknown {
  const reader = new Reader(text);
  reader.space();
  const value = reader.value();
  reader.space();
  if (reader.pos < text.length) reader.fail('Extra data');
  return value;
}

/**
 * `json.dumps(value, ensure_ascii=True)`: compact (`,` and `:`) without `indent`; with it, each member
 * on its own line, keys sorted by code point when `sortKeys` (what `history show` prints).
 */
export function pyJsonDumps(value: unknown, opts: { indent?: number; sortKeys?: boolean } = {}): string {
  return dump(value, opts.indent === undefined ? undefined : ' '.repeat(opts.indent), '', opts.sortKeys === true);
}

function dump(value: unknown, step: string | undefined, pad: string, sortKeys: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof PyFloat) return floatText(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : floatText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pyJsonText(value);
  const inner = step === undefined ? '' : `${pad}${step}`;
  const open = step === undefined ? '' : `\n${inner}`;
  const close = step === undefined ? '' : `\n${pad}`;
  const comma = step === undefined ? ',' : `,\n${inner}`;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${open}${value.map((v) => dump(v, step, inner, sortKeys)).join(comma)}${close}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  if (sortKeys) keys.sort(pyCompare);
  if (!keys.length) return '{}';
  const colon = step === undefined ? ':' : ': ';
  return `{${open}${keys.map((k) => `${pyJsonText(k)}${colon}${dump(record[k], step, inner, sortKeys)}`).join(comma)}${close}}`;
}

/** A float as json.dumps spells it: repr, and NaN / Infinity as JavaScript does. */
function floatText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(value);
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A recursive-descent reader of one JSON text (Python's scanner: the grammar of RFC 8259 plus NaN and Infinity). */
class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at character ${this.pos}`);
  }

  space(): void {
    while (/[ \t\n\r]/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  /** value = object | array | string | number | true | false | null | NaN | Infinity | -Infinity */
  value(): unknown {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('Expecting value');
    this.pos += m[0].length;
    if (m[1] !== undefined || m[2] !== undefined) return new PyFloat(Number(m[0]));
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : BigInt(m[0]);
  }

  /** object = '{' [ string ':' value { ',' string ':' value } ] '}' — a repeated key keeps its last value. */
  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      this.space();
      if (this.text[this.pos] !== ':') this.fail("Expecting ':' delimiter");
      this.pos++;
      this.space();
      setOwn(out, key, this.value());
      this.space();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail("Expecting ',' delimiter");
      this.space();
    }
  }

  /** array = '[' [ value { ',' value } ] ']' */
  array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.space();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail("Expecting ',' delimiter");
      this.space();
    }
  }

  /** string = '"' { unescaped | '\' escape } '"' — control characters must be escaped (strict mode). */
  string(): string {
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail('Unterminated string');
      if (c === '"') return out;
      if (c < ' ') {
        this.pos--;
        this.fail('Invalid control character');
      }
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++] ?? '';
      if (e === 'u') {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\uXXXX escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else if (Object.hasOwn(ESCAPES, e)) out += ESCAPES[e];
      else this.fail('Invalid \\escape');
    }
  }
}

const WORDS: ReadonlyArray<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', new PyFloat(Number.NaN)],
  ['Infinity', new PyFloat(Infinity)],
  ['-Infinity', new PyFloat(-Infinity)],
];
