/**
 * DynamoDB's expression language, parsed as the service parses it: a tokenizer and a recursive-descent
 * parser for condition (filter, key condition), update and projection expressions into an AST, with `#name`
 * and `:value` placeholders resolved as they are met (so each unknown one is reported in DynamoDB's words)
 * and the placeholders used recorded for the "unused" check across a request's expressions.
 */
import { SandboxError } from '../../service.js';
import { RESERVED_WORDS } from './reserved.js';
import { typeOf, valueProblem, type AttributeValue } from './values.js';

/** A document path: attribute names and list indexes (`a.b[2].c` is `['a', 'b', 2, 'c']`). */
export type Path = Array<string | number>;

export type Operand =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'size'; path: Path }
  | { kind: 'if_not_exists'; path: Path; fallback: Operand }
  | { kind: 'list_append'; left: Operand; right: Operand }
  | { kind: 'arithmetic'; op: '+' | '-'; left: Operand; right: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type ConditionFunction =
  'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'function'; name: ConditionFunction; args: Operand[] };

export type UpdateAction =
  | { kind: 'SET'; path: Path; value: Operand }
  | { kind: 'REMOVE'; path: Path }
  | { kind: 'ADD' | 'DELETE'; path: Path; value: AttributeValue };

/** What an expression's placeholders stand for, and which of them a request's expressions used. */
export class Placeholders {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(
    readonly names: Record<string, string> | undefined,
    readonly values: Record<string, AttributeValue> | undefined,
  ) {
    for (const [key, value] of Object.entries(values ?? {})) {
      const problem = valueProblem(value);
      if (problem) throw validation(`ExpressionAttributeValues contains invalid value: ${problem} for key ${key}`);
    }
  }

  /** Called once every expression of the request has been parsed: what was given and not used is an error. */
  checkAllUsed(): void {
    const names = Object.keys(this.names ?? {}).filter((n) => !this.usedNames.has(n));
    if (names.length)
      throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${names.join(', ')}}`);
    const values = Object.keys(this.values ?? {}).filter((v) => !this.usedValues.has(v));
    if (values.length)
      throw validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${values.join(', ')}}`,
      );
  }
}

export function validation(message: string): SandboxError {
  return new SandboxError('ValidationException', message, 400);
}

// ---- tokens ----

type TokenKind = 'word' | 'name' | 'value' | 'number' | 'punct' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
}

const PUNCTUATION = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-'];

function tokenize(source: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i]!)) i++;
      kind = 'word';
    } else if (/[0-9]/.test(c)) {
      while (i < source.length && /[0-9]/.test(source[i]!)) i++;
      kind = 'number';
    } else if (c === '#' || c === ':') {
      i++;
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i]!)) i++;
      if (i === start + 1) throw syntaxError(what, source, tokens, { kind: 'punct', text: c, start });
      kind = c === '#' ? 'name' : 'value';
    } else {
      const p = PUNCTUATION.find((q) => source.startsWith(q, i));
      if (!p) throw validation(`Invalid ${what}: Invalid character encountered; character: ${c}`);
      i += p.length;
      kind = 'punct';
    }
    tokens.push({ kind, text: source.slice(start, i), start });
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: source.length });
  return tokens;
}

function syntaxError(what: string, source: string, before: Token[], token: Token): SandboxError {
  // DynamoDB quotes the offending token and the source from the token before it through this one.
  const previous = before[before.length - 1];
  const near = source.slice(
    previous?.start ?? token.start,
    token.kind === 'eof' ? source.length : token.start + token.text.length,
  );
  return validation(`Invalid ${what}: Syntax error; token: "${token.text}", near: "${near}"`);
}

const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
]);
const TYPE_NAMES: Record<string, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  SS: 'STRING SET',
  NS: 'NUMBER SET',
  BS: 'BINARY SET',
  M: 'MAP',
  L: 'LIST',
  NULL: 'NULL',
  BOOL: 'BOOLEAN',
};

export function typeName(value: AttributeValue): string {
  return TYPE_NAMES[typeOf(value)]!;
}

// ---- the parser ----

class Parser {
  private readonly tokens: Token[];
  private at = 0;

  constructor(
    private readonly source: string,
    /** `ConditionExpression`, `UpdateExpression`…: how errors name the expression. */
    readonly what: string,
    private readonly placeholders: Placeholders,
  ) {
    if (source.trim() === '') throw validation(`Invalid ${what}: The expression can not be empty;`);
    this.tokens = tokenize(source, what);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.at++;
    return t;
  }

  fail(): never {
    throw syntaxError(this.what, this.source, this.tokens.slice(0, this.at), this.peek());
  }

  error(message: string): SandboxError {
    return validation(`Invalid ${this.what}: ${message}`);
  }

  isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }

  expect(text: string): void {
    if (!this.isPunct(text)) this.fail();
    this.next();
  }

  end(): void {
    if (this.peek().kind !== 'eof') this.fail();
  }

  // path := element ('.' element | '[' number ']')*
  path(): Path {
    const path: Path = [this.element()];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        path.push(this.element());
      } else if (this.isPunct('[')) {
        this.next();
        const t = this.peek();
        if (t.kind !== 'number') this.fail();
        this.next();
        path.push(Number(t.text));
        this.expect(']');
      } else return path;
    }
  }

  element(): string {
    const t = this.peek();
    if (t.kind === 'word') {
      if (RESERVED_WORDS.has(t.text.toUpperCase()))
        throw this.error(`Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
      this.next();
      return t.text;
    }
    if (t.kind === 'name') {
      this.next();
      const name = this.placeholders.names?.[t.text];
      if (name === undefined)
        throw this.error(
          `An expression attribute name used in the document path is not defined; attribute name: ${t.text}`,
        );
      this.placeholders.usedNames.add(t.text);
      return name;
    }
    this.fail();
  }

  value(): AttributeValue {
    const t = this.next();
    const value = this.placeholders.values?.[t.text];
    if (value === undefined)
      throw this.error(`An expression attribute value used in expression is not defined; attribute value: ${t.text}`);
    this.placeholders.usedValues.add(t.text);
    return value;
  }

  // ---- conditions ----

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', operand: this.negation() };
    }
    return this.predicate();
  }

  predicate(): Condition {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const t = this.peek();
    if (t.kind === 'word' && this.peek(1).text === '(' && CONDITION_FUNCTIONS.has(t.text))
      return this.conditionFunction();
    const operand = this.operand();
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.operand();
      if (!this.isKeyword('AND')) this.fail();
      this.next();
      return { kind: 'between', operand, low, high: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expect('(');
      const list = [this.operand()];
      while (this.isPunct(',')) {
        this.next();
        list.push(this.operand());
      }
      this.expect(')');
      return { kind: 'in', operand, list };
    }
    const op = this.peek();
    if (op.kind !== 'punct' || !['=', '<>', '<', '<=', '>', '>='].includes(op.text)) this.fail();
    this.next();
    return { kind: 'compare', op: op.text as Comparator, left: operand, right: this.operand() };
  }

  conditionFunction(): Condition {
    const name = this.next().text as ConditionFunction;
    const args = this.arguments(() => this.operand());
    const arity = name === 'attribute_exists' || name === 'attribute_not_exists' ? 1 : 2;
    if (args.length !== arity)
      throw this.error(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    if (args[0]!.kind !== 'path')
      throw this.error(`Operator or function requires a document path; operator or function: ${name}`);
    // The developer guide: "The path and the operand must be distinct; contains (a, a) returns an error".
    const [first, second] = args;
    if (first?.kind === 'path' && second?.kind === 'path' && formatPath(second.path) === formatPath(first.path))
      throw this.error(
        `The first operand must be distinct from the remaining operands for this operator or function; operator: ${name}, first operand: ${formatPath(first.path)}`,
      );
    return { kind: 'function', name, args };
  }

  arguments<T>(one: () => T): T[] {
    this.expect('(');
    const args = [one()];
    while (this.isPunct(',')) {
      this.next();
      args.push(one());
    }
    this.expect(')');
    return args;
  }

  // operand := path | :value | size(path)
  operand(): Operand {
    const t = this.peek();
    if (t.kind === 'value') return { kind: 'value', value: this.value() };
    if (t.kind === 'word' && this.peek(1).text === '(') {
      if (t.text === 'size') {
        this.next();
        const args = this.arguments(() => this.operand());
        if (args.length !== 1)
          throw this.error(
            `Incorrect number of operands for operator or function; operator or function: size, number of operands: ${args.length}`,
          );
        const [arg] = args;
        if (arg!.kind !== 'path')
          throw this.error('Operator or function requires a document path; operator or function: size');
        return { kind: 'size', path: arg!.path };
      }
      if (CONDITION_FUNCTIONS.has(t.text) || t.text === 'if_not_exists' || t.text === 'list_append')
        throw this.error(`The function is not allowed to be used this way in an expression; function: ${t.text}`);
      throw this.error(`Invalid function name; function: ${t.text}`);
    }
    return { kind: 'path', path: this.path() };
  }

  // ---- updates ----

  update(): UpdateAction[] {
    const actions: UpdateAction[] = [];
    const seen = new Set<string>();
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      const clause = t.kind === 'word' ? t.text.toUpperCase() : '';
      if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(clause)) this.fail();
      if (seen.has(clause)) throw this.error(`The "${clause}" section can only be used once in an update expression;`);
      seen.add(clause);
      this.next();
      actions.push(this.action(clause as UpdateAction['kind']));
      while (this.isPunct(',')) {
        this.next();
        actions.push(this.action(clause as UpdateAction['kind']));
      }
    }
    checkOverlaps(
      this,
      actions.map((a) => a.path),
    );
    return actions;
  }

  action(clause: UpdateAction['kind']): UpdateAction {
    const path = this.path();
    switch (clause) {
      case 'REMOVE':
        return { kind: clause, path };
      case 'SET':
        this.expect('=');
        return { kind: clause, path, value: this.setValue() };
      default: {
        if (this.peek().kind !== 'value') this.fail();
        const value = this.value();
        const type = typeOf(value);
        const allowed = clause === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
        if (!allowed.includes(type))
          throw this.error(
            `Incorrect operand type for operator or function; operator: ${clause}, operand type: ${typeName(value)}`,
          );
        return { kind: clause, path, value };
      }
    }
  }

  // setValue := setOperand (('+' | '-') setOperand)?
  setValue(): Operand {
    const left = this.setOperand();
    if (!this.isPunct('+') && !this.isPunct('-')) return left;
    const op = this.next().text as '+' | '-';
    const right = this.setOperand();
    for (const side of [left, right])
      if (side.kind === 'value' && side.value.N === undefined)
        throw this.error(
          `Incorrect operand type for operator or function; operator: ${op}, operand type: ${typeName(side.value)}`,
        );
    return { kind: 'arithmetic', op, left, right };
  }

  // setOperand := path | :value | if_not_exists(path, setOperand) | list_append(setOperand, setOperand)
  setOperand(): Operand {
    const t = this.peek();
    if (t.kind === 'word' && this.peek(1).text === '(') {
      this.next();
      const args = this.arguments(() => this.setOperand());
      if (t.text === 'if_not_exists' || t.text === 'list_append') {
        if (args.length !== 2)
          throw this.error(
            `Incorrect number of operands for operator or function; operator or function: ${t.text}, number of operands: ${args.length}`,
          );
        const [a, b] = args as [Operand, Operand];
        if (t.text === 'if_not_exists') {
          if (a.kind !== 'path')
            throw this.error('Operator or function requires a document path; operator or function: if_not_exists');
          return { kind: 'if_not_exists', path: a.path, fallback: b };
        }
        // Here DynamoDB names the type by its code (`operand type: M`), not by name as for ADD and the rest.
        for (const side of [a, b])
          if (side.kind === 'value' && side.value.L === undefined)
            throw this.error(
              `Incorrect operand type for operator or function; operator or function: list_append, operand type: ${typeOf(side.value)}`,
            );
        return { kind: 'list_append', left: a, right: b };
      }
      if (CONDITION_FUNCTIONS.has(t.text) || t.text === 'size')
        throw this.error(`The function is not allowed in an update expression; function: ${t.text}`);
      throw this.error(`Invalid function name; function: ${t.text}`);
    }
    if (t.kind === 'value') return { kind: 'value', value: this.value() };
    return { kind: 'path', path: this.path() };
  }
}

function formatPath(path: Path): string {
  return `[${path.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}

/** DynamoDB refuses two paths of which one is (or lies inside) the other. */
function checkOverlaps(parser: Parser, paths: Path[]): void {
  for (let i = 0; i < paths.length; i++)
    for (let j = 0; j < i; j++) {
      const [a, b] = [paths[j]!, paths[i]!];
      const n = Math.min(a.length, b.length);
      if (a.slice(0, n).every((e, k) => e === b[k]))
        throw parser.error(
          `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${formatPath(a)}, path two: ${formatPath(b)}`,
        );
    }
}

export function parseCondition(source: string, what: string, placeholders: Placeholders): Condition {
  const parser = new Parser(source, what, placeholders);
  const condition = parser.condition();
  parser.end();
  return condition;
}

export function parseUpdate(source: string, placeholders: Placeholders): UpdateAction[] {
  const parser = new Parser(source, 'UpdateExpression', placeholders);
  return parser.update();
}

export function parseProjection(source: string, placeholders: Placeholders): Path[] {
  const parser = new Parser(source, 'ProjectionExpression', placeholders);
  const paths = [parser.path()];
  while (parser.isPunct(',')) {
    parser.next();
    paths.push(parser.path());
  }
  parser.end();
  checkOverlaps(parser, paths);
  return paths;
}
