/**
 * The `ddb` expression language's parser, as the CLI's: conditions (comparisons, BETWEEN, IN,
 * functions), joined by AND/OR from left to right with no precedence between them, NOT and
 * parentheses; or a comma-separated list of attribute paths (a projection). Literals are strings,
 * exact numbers, bytes, booleans, null, lists `[…]`, maps `{"k": …}` and sets `{…}`.
 */
import { DdbNumber } from './decimal.js';
import {
  emptyExpression,
  invalidLiteral,
  type Token,
  unexpectedToken,
  unknownExpression,
} from './expression-errors.js';
import { tokenize } from './lexer.js';

export type Node =
  | { type: 'literal'; value: unknown }
  | { type: 'identifier'; value: unknown }
  | { type: 'path_identifier'; children: [Node, Node] }
  | { type: 'index_identifier'; children: [Node]; value: DdbNumber }
  | { type: 'sequence'; children: Node[] }
  | { type: 'or_expression' | 'and_expression'; children: [Node, Node] }
  | { type: 'not_expression' | 'subexpression'; children: [Node] }
  | { type: 'function'; children: Node[]; value: unknown }
  | { type: 'in_expression'; children: [Node, Node] }
  | { type: 'between_expression'; children: [Node, Node, Node] }
  | { type: 'comparator'; children: [Node, Node]; value: string };

const COMPARATORS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'];
const IDENTIFIERS = ['identifier', 'unquoted_identifier'];

export function parseExpression(expression: string): Node {
  return new Parser(expression).parse();
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;
  /** Undefined once the parser has moved past the end. */
  private current: Token | undefined;

  constructor(private readonly expression: string) {
    this.tokens = tokenize(expression);
    this.current = this.tokens[0];
  }

  parse(): Node {
    const parsed = this.expressionNode();
    if (!this.match('eof')) throw unexpectedToken(this.current, 'eof', this.expression);
    return parsed;
  }

  private expressionNode(): Node {
    if (this.match('eof') || this.current === undefined) throw emptyExpression();
    const first = this.simple();
    if (['identifier', 'path_identifier', 'index_identifier'].includes(first.type) && this.match('comma')) {
      this.advance();
      return this.sequence(first);
    }
    let node = first;
    while (this.match(['and', 'or'])) {
      const type = this.current!.type === 'and' ? 'and_expression' : 'or_expression';
      this.advance();
      node = { type, children: [node, this.simple()] };
    }
    return node;
  }

  private simple(): Node {
    if (this.match('lparen')) {
      this.expect('lparen');
      const inner = this.expressionNode();
      this.expect('rparen');
      return { type: 'subexpression', children: [inner] };
    }
    if (this.match('not')) {
      this.expect('not');
      return { type: 'not_expression', children: [this.simple()] };
    }
    return this.condition();
  }

  private condition(): Node {
    // A function's name cannot be a literal or a path, so a `(` next means a function.
    if (this.matchNext('lparen')) return this.functionNode();
    if (!this.match(['literal', ...IDENTIFIERS, 'lbracket', 'lbrace']))
      throw unknownExpression(this.current!, this.expression);
    const left = this.operand();
    if (this.match('in')) {
      this.expect('in');
      this.expect('lparen');
      const right = this.sequence();
      this.expect('rparen');
      return { type: 'in_expression', children: [left, right] };
    }
    if (this.match('between')) {
      this.expect('between');
      const middle = this.operand();
      this.expect('and');
      return { type: 'between_expression', children: [left, middle, this.operand()] };
    }
    if (this.match(COMPARATORS)) {
      const comparator = this.current!.type;
      this.expect(COMPARATORS);
      return { type: 'comparator', children: [left, this.operand()], value: comparator };
    }
    return left;
  }

  private functionNode(): Node {
    const name = this.current!.value;
    this.expect(IDENTIFIERS);
    this.expect('lparen');
    const args = this.sequence().children;
    this.expect('rparen');
    return { type: 'function', children: args, value: name };
  }

  private sequence(first?: Node): { type: 'sequence'; children: Node[] } {
    const children = first ? [first] : [];
    for (;;) {
      children.push(this.operand());
      if (!this.match('comma')) break;
      this.advance();
    }
    return { type: 'sequence', children };
  }

  private operand(): Node {
    if (this.match(['literal', 'lbracket', 'lbrace'])) return this.literal();
    if (this.match(IDENTIFIERS)) return this.path();
    // The CLI's own spelling of the last type, as its message prints it.
    throw unexpectedToken(
      this.current,
      ['literal', 'lbracket', 'lbrace', 'identifier', 'unquoted_identiifer'],
      this.expression,
    );
  }

  private path(): Node {
    let node = this.identifier();
    while (this.match('dot')) {
      this.advance();
      node = { type: 'path_identifier', children: [node, this.identifier()] };
    }
    return node;
  }

  /** A name (whatever token follows a dot is taken for one, as the CLI takes it), maybe indexed. */
  private identifier(): Node {
    const node: Node = { type: 'identifier', value: this.current?.value };
    this.advance();
    if (!this.match('lbracket')) return node;
    this.advance();
    const index = this.literal();
    const value = index.type === 'literal' ? index.value : undefined;
    if (!(value instanceof DdbNumber) || !value.isWhole())
      throw invalidLiteral(this.current!, 'List indices must be whole numbers.', this.expression);
    this.expect('rbracket');
    return { type: 'index_identifier', children: [node], value };
  }

  private literal(): Node {
    let value: unknown;
    if (this.match('literal')) {
      value = this.current!.value;
      this.advance();
    } else if (this.match('lbracket')) {
      this.advance();
      value = this.match('rbracket') ? [] : this.literalList();
      this.expect('rbracket');
    } else if (this.match('lbrace')) {
      this.advance();
      value = this.matchNext('colon') || this.match('rbrace') ? this.literalMap() : this.literalSet();
      this.expect('rbrace');
    } else {
      throw unexpectedToken(this.current, ['literal', 'lbracket', 'lbrace'], this.expression);
    }
    return { type: 'literal', value };
  }

  private literalList(): unknown[] {
    const values: unknown[] = [];
    for (;;) {
      values.push(valueOf(this.literal()));
      if (!this.match('comma')) break;
      this.advance();
    }
    return values;
  }

  /** `{"a", "b"}`: strings, numbers or bytes, all of the first member's kind; equal members kept once. */
  private literalSet(): Set<unknown> {
    const firstType = pyClass(this.current?.value);
    const members = new Map<string, unknown>();
    for (;;) {
      const token = this.current;
      if (!this.match('literal')) throw unexpectedToken(token, 'literal', this.expression);
      const value = token!.value;
      const type = pyClass(value);
      // The CLI names the type of the token's type name (always str) in these two messages.
      if (!SET_CLASSES.includes(type))
        throw invalidLiteral(
          token!,
          "Sets may only contain numbers, strings, or bytes, but literal of type `<class 'str'>` was found",
          this.expression,
        );
      if (type !== firstType)
        throw invalidLiteral(
          token!,
          `Set values must all be of the same type. First type was \`${firstType}\`, but found value of type \`<class 'str'>\``,
          this.expression,
        );
      if (!members.has(memberKey(value))) members.set(memberKey(value), value);
      this.advance();
      if (!this.match('comma')) break;
      this.advance();
    }
    return new Set(members.values());
  }

  private literalMap(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    if (this.match('rbrace')) return map;
    for (;;) {
      const key = this.current?.value;
      if (typeof key !== 'string')
        throw invalidLiteral(this.current!, `Keys must be of type \`str\`, found \`${pyClass(key)}\``, this.expression);
      this.expect('literal');
      this.expect('colon');
      map[key] = valueOf(this.literal());
      if (!this.match('comma')) break;
      this.advance();
    }
    return map;
  }

  private advance(): void {
    if (this.position === this.tokens.length - 1) this.current = undefined;
    else this.current = this.tokens[++this.position];
  }

  private match(type: string | string[]): boolean {
    return matches(this.current, type);
  }

  private matchNext(type: string | string[]): boolean {
    return matches(this.tokens[this.position + 1], type);
  }

  private expect(type: string | string[]): void {
    if (!this.match(type)) throw unexpectedToken(this.current, type, this.expression);
    this.advance();
  }
}

function matches(token: Token | undefined, type: string | string[]): boolean {
  if (!token) return false;
  return Array.isArray(type) ? type.includes(token.type) : token.type === type;
}

function valueOf(node: Node): unknown {
  return (node as { value: unknown }).value;
}

const NUMBER_CLASS = "<class 'decimal.Decimal'>";
const BYTES_CLASS = "<class 'awscli.customizations.dynamodb.types.Binary'>";
const SET_CLASSES = ["<class 'str'>", NUMBER_CLASS, BYTES_CLASS];

/** The Python class of a literal's value, as the CLI's messages print it. */
function pyClass(value: unknown): string {
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (value instanceof DdbNumber) return NUMBER_CLASS;
  if (value instanceof Uint8Array) return BYTES_CLASS;
  return Array.isArray(value) ? "<class 'list'>" : value instanceof Set ? "<class 'set'>" : "<class 'dict'>";
}

/** Set members equal as Python compares them: numbers by value (1 and 1.0), bytes by content. */
function memberKey(value: unknown): string {
  if (value instanceof DdbNumber) return `n:${canonical(value)}`;
  if (value instanceof Uint8Array) return `b:${[...value].join(',')}`;
  return `s:${String(value)}`;
}

function canonical(n: DdbNumber): string {
  const digits = n.digits.replace(/0+$/, '');
  const exponent = n.exponent + (n.digits.length - digits.length);
  return digits === '' ? '0' : `${n.negative ? '-' : ''}${digits}e${exponent}`;
}
