/**
 * JMESPath parser: tokens → syntax tree, by top-down operator precedence (Pratt): each token has a binding
 * power, a "nud" (how it starts an expression) and possibly a "led" (how it continues one). The rules
 * and error messages are python jmespath 1.1.0's, including its quirks: `f(a b)` passes two arguments,
 * and `a[0][0:2]` extends the index expression instead of starting a projection.
 *
 * Derived from jmespath.js 0.16.0 (Copyright 2014 James Saryerwinnie, Apache-2.0) and changed to follow
 * python jmespath 1.1.0 (Copyright (c) 2013 Amazon.com, Inc. or its affiliates, MIT); see LICENSES.md.
 */
import { IDENTITY, type ComparatorName, type KeyValuePair, type Node } from './ast.js';
import { incompleteExpressionError, parseError } from './jmespath-error.js';
import { tokenize, type Token, type TokenType } from './lexer.js';
import { pyStr } from './python-text.js';

/** Parses a whole expression; throws JmespathError (kind `syntax`) for anything malformed. */
export function parse(expression: string): Node {
  const parser = new Parser(expression, tokenize(expression));
  const node = parser.expression(0);
  const token = parser.token(0);
  if (token.type !== 'eof') throw parser.error(token, `Unexpected token: ${pyStr(token.value)}`);
  deepFreezeLiterals(node);
  return node;
}

/** How tightly each token binds the expression to its left; format.ts reads it to place parentheses. */
export const BINDING_POWER: Readonly<Record<TokenType, number>> = {
  eof: 0,
  unquoted_identifier: 0,
  quoted_identifier: 0,
  literal: 0,
  rbracket: 0,
  rparen: 0,
  comma: 0,
  rbrace: 0,
  number: 0,
  current: 0,
  expref: 0,
  colon: 0,
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  gt: 5,
  lt: 5,
  gte: 5,
  lte: 5,
  ne: 5,
  flatten: 9,
  // Everything above stops a projection.
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
};

/** Tokens with a binding power below this end the right-hand side of a projection. */
export const PROJECTION_STOP = 10;

const COMPARATORS: ReadonlySet<TokenType> = new Set<ComparatorName>(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']);

/** The parser's cursor over one token list; a class because it is a genuinely stateful walk. */
class Parser {
  private index = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  token(offset: number): Token {
    return this.tokens[this.index + offset]!;
  }

  error(token: Token, reason: string): Error {
    return parseError(this.source, token.start, token.value, token.type, reason);
  }

  // expression = nud-expression *(led-operator expression), while the operator binds tighter than `bindingPower`
  expression(bindingPower: number): Node {
    const start = this.token(0);
    this.index++;
    let left = this.nud(start);
    let current = this.token(0).type;
    while (bindingPower < BINDING_POWER[current]) {
      this.index++;
      left = this.led(current, left);
      current = this.token(0).type;
    }
    return left;
  }

  private nud(token: Token): Node {
    switch (token.type) {
      case 'literal':
        return { type: 'literal', value: token.value };
      case 'unquoted_identifier':
        return { type: 'field', name: token.value as string };
      case 'quoted_identifier':
        if (this.token(0).type === 'lparen') {
          // python reports column 0 here, whatever the position; kept for identical messages.
          const paren = this.token(0);
          throw parseError(
            this.source,
            0,
            paren.value,
            paren.type,
            'Quoted identifier not allowed for function names.',
          );
        }
        return { type: 'field', name: token.value as string };
      case 'star':
        // `*` alone, or `[a, *]`: a projection of the current object's values.
        return {
          type: 'value_projection',
          left: IDENTITY,
          right: this.token(0).type === 'rbracket' ? IDENTITY : this.projectionRhs(BINDING_POWER.star),
        };
      case 'filter':
        return this.filter(IDENTITY);
      case 'lbrace':
        return this.multiSelectHash();
      case 'lparen': {
        const inner = this.expression(0);
        this.match('rparen');
        return inner;
      }
      case 'flatten':
        return {
          type: 'projection',
          left: { type: 'flatten', child: IDENTITY },
          right: this.projectionRhs(BINDING_POWER.flatten),
        };
      case 'not':
        return { type: 'not', child: this.expression(BINDING_POWER.not) };
      case 'lbracket': {
        const next = this.token(0).type;
        if (next === 'number' || next === 'colon') return this.projectIfSlice(IDENTITY, this.indexExpression());
        if (next === 'star' && this.token(1).type === 'rbracket') {
          this.index += 2;
          return { type: 'projection', left: IDENTITY, right: this.projectionRhs(BINDING_POWER.star) };
        }
        return this.multiSelectList();
      }
      case 'current':
        return { type: 'current' };
      case 'expref':
        return { type: 'expref', child: this.expression(BINDING_POWER.expref) };
      case 'eof':
        throw incompleteExpressionError(this.source);
      default:
        throw this.error(token, 'invalid token');
    }
  }

  private led(type: TokenType, left: Node): Node {
    switch (type) {
      case 'dot': {
        if (this.token(0).type === 'star') {
          this.index++;
          return { type: 'value_projection', left, right: this.projectionRhs(BINDING_POWER.dot) };
        }
        const right = this.dotRhs(BINDING_POWER.dot);
        if (left.type === 'subexpression') {
          left.children.push(right);
          return left;
        }
        return { type: 'subexpression', children: [left, right] };
      }
      case 'pipe':
        return { type: 'pipe', left, right: this.expression(BINDING_POWER.pipe) };
      case 'or':
        return { type: 'or', left, right: this.expression(BINDING_POWER.or) };
      case 'and':
        return { type: 'and', left, right: this.expression(BINDING_POWER.and) };
      case 'lparen':
        return this.functionCall(left);
      case 'filter':
        return this.filter(left);
      case 'flatten':
        return {
          type: 'projection',
          left: { type: 'flatten', child: left },
          right: this.projectionRhs(BINDING_POWER.flatten),
        };
      case 'lbracket': {
        const next = this.token(0).type;
        if (next === 'number' || next === 'colon') {
          const right = this.indexExpression();
          if (left.type === 'index_expression') {
            // python extends the chain even with a slice, so `a[0][0:2].b` does not project.
            left.children.push(right);
            return left;
          }
          return this.projectIfSlice(left, right);
        }
        this.match('star');
        this.match('rbracket');
        return { type: 'projection', left, right: this.projectionRhs(BINDING_POWER.star) };
      }
      default:
        if (COMPARATORS.has(type)) {
          return {
            type: 'comparator',
            name: type as ComparatorName,
            left,
            right: this.expression(BINDING_POWER[type]),
          };
        }
        // star, not and lbrace bind but cannot continue an expression.
        throw this.error(this.token(-1), 'invalid token');
    }
  }

  // function-expression = unquoted-string "(" [ expression *( "," expression ) ] ")"
  private functionCall(left: Node): Node {
    if (left.type !== 'field') {
      const name = this.token(-2);
      throw this.error(name, `Invalid function name '${pyStr(name.value)}'`);
    }
    const args: Node[] = [];
    while (this.token(0).type !== 'rparen') {
      const arg = this.expression(0);
      if (this.token(0).type === 'comma') this.match('comma');
      args.push(arg);
    }
    this.match('rparen');
    return { type: 'function', name: left.name, args };
  }

  // filter-expression = "[?" expression "]"
  private filter(left: Node): Node {
    const condition = this.expression(0);
    this.match('rbracket');
    const right = this.token(0).type === 'flatten' ? IDENTITY : this.projectionRhs(BINDING_POWER.filter);
    return { type: 'filter_projection', left, right, condition };
  }

  // index = "[" number "]";  slice = "[" [number] ":" [number] [ ":" [number] ] "]"
  private indexExpression(): Node {
    if (this.token(0).type === 'colon' || this.token(1).type === 'colon') return this.slice();
    const node: Node = { type: 'index', index: this.token(0).value as number };
    this.index++;
    this.match('rbracket');
    return node;
  }

  private slice(): Node {
    const parts: Array<number | null> = [null, null, null];
    let part = 0;
    let current = this.token(0);
    while (current.type !== 'rbracket' && part < 3) {
      if (current.type === 'colon') {
        part++;
        if (part === 3) throw this.error(current, 'syntax error');
      } else if (current.type === 'number') {
        parts[part] = current.value as number;
      } else {
        throw this.error(current, 'syntax error');
      }
      this.index++;
      current = this.token(0);
    }
    this.match('rbracket');
    return { type: 'slice', start: parts[0]!, stop: parts[1]!, step: parts[2]! };
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexed: Node = { type: 'index_expression', children: [left, right] };
    if (right.type !== 'slice') return indexed;
    return { type: 'projection', left: indexed, right: this.projectionRhs(BINDING_POWER.star) };
  }

  // multi-select-list = "[" expression *( "," expression ) "]"
  private multiSelectList(): Node {
    const children: Node[] = [];
    for (;;) {
      children.push(this.expression(0));
      if (this.token(0).type === 'rbracket') break;
      this.match('comma');
    }
    this.match('rbracket');
    return { type: 'multi_select_list', children };
  }

  // multi-select-hash = "{" keyval-expr *( "," keyval-expr ) "}";  keyval-expr = identifier ":" expression
  private multiSelectHash(): Node {
    const pairs: KeyValuePair[] = [];
    for (;;) {
      const keyToken = this.token(0);
      if (keyToken.type !== 'quoted_identifier' && keyToken.type !== 'unquoted_identifier') {
        throw this.expected("['quoted_identifier', 'unquoted_identifier']", keyToken);
      }
      this.index++;
      this.match('colon');
      pairs.push({ key: keyToken.value as string, value: this.expression(0) });
      if (this.token(0).type === 'comma') {
        this.match('comma');
      } else if (this.token(0).type === 'rbrace') {
        this.match('rbrace');
        break;
      }
    }
    return { type: 'multi_select_hash', pairs };
  }

  /** What follows a projection: nothing (a stopping token), `[...]`, `[?...]` or `.rhs`. */
  private projectionRhs(bindingPower: number): Node {
    const next = this.token(0).type;
    if (BINDING_POWER[next] < PROJECTION_STOP) return IDENTITY;
    if (next === 'lbracket' || next === 'filter') return this.expression(bindingPower);
    if (next === 'dot') {
      this.match('dot');
      return this.dotRhs(bindingPower);
    }
    throw this.error(this.token(0), 'syntax error');
  }

  /** After a dot: an identifier (or function call), `*`, a multi-select list or a multi-select hash. */
  private dotRhs(bindingPower: number): Node {
    const next = this.token(0).type;
    if (next === 'quoted_identifier' || next === 'unquoted_identifier' || next === 'star')
      return this.expression(bindingPower);
    if (next === 'lbracket') {
      this.match('lbracket');
      return this.multiSelectList();
    }
    if (next === 'lbrace') {
      this.match('lbrace');
      return this.multiSelectHash();
    }
    throw this.error(
      this.token(0),
      `Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: ${next}`,
    );
  }

  private match(type: TokenType): void {
    const token = this.token(0);
    if (token.type !== type) throw this.expected(type, token);
    this.index++;
  }

  private expected(what: string, token: Token): Error {
    if (token.type === 'eof') return incompleteExpressionError(this.source);
    return this.error(token, `Expecting: ${what}, got: ${token.type}`);
  }
}

/** Literal values are shared by every evaluation of a cached tree, so no caller may change them. */
function deepFreezeLiterals(node: Node): void {
  switch (node.type) {
    case 'literal':
      deepFreeze(node.value);
      return;
    case 'subexpression':
    case 'index_expression':
    case 'multi_select_list':
      node.children.forEach(deepFreezeLiterals);
      return;
    case 'function':
      node.args.forEach(deepFreezeLiterals);
      return;
    case 'multi_select_hash':
      node.pairs.forEach((pair) => deepFreezeLiterals(pair.value));
      return;
    case 'projection':
    case 'value_projection':
    case 'comparator':
    case 'or':
    case 'and':
    case 'pipe':
      deepFreezeLiterals(node.left);
      deepFreezeLiterals(node.right);
      return;
    case 'filter_projection':
      deepFreezeLiterals(node.left);
      deepFreezeLiterals(node.right);
      deepFreezeLiterals(node.condition);
      return;
    case 'flatten':
    case 'not':
    case 'expref':
      deepFreezeLiterals(node.child);
      return;
    case 'field':
    case 'index':
    case 'slice':
    case 'identity':
    case 'current':
      return;
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}
