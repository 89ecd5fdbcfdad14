/**
 * JMESPath lexer: expression text → tokens. Token names, the accepted characters and the errors are python
 * jmespath 1.1.0's (the AWS CLI's `--query` engine), so error messages match the CLI's.
 *
 * Derived from jmespath.js 0.16.0 (Copyright 2014 James Saryerwinnie, Apache-2.0) and changed to follow
 * python jmespath 1.1.0 (Copyright (c) 2013 Amazon.com, Inc. or its affiliates, MIT); see LICENSES.md.
 */
import { emptyExpressionError, lexerError } from './jmespath-error.js';

export type TokenType =
  | 'eof'
  | 'unquoted_identifier'
  | 'quoted_identifier'
  | 'literal'
  | 'number'
  | 'dot'
  | 'star'
  | 'rbracket'
  | 'comma'
  | 'colon'
  | 'current'
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'lbracket'
  | 'flatten'
  | 'filter'
  | 'pipe'
  | 'or'
  | 'and'
  | 'expref'
  | 'not'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte';

export interface Token {
  readonly type: TokenType;
  /** The identifier name, the literal's value, the number, or the operator text. */
  readonly value: unknown;
  /** UTF-16 offset of the token's first character. */
  readonly start: number;
}

/** Splits `expression` into tokens, ending with an `eof` token. */
export function tokenize(expression: string): Token[] {
  if (expression === '') throw emptyExpressionError();
  const tokens: Token[] = [];
  const length = expression.length;
  let pos = 0;
  while (pos < length) {
    const char = expression[pos]!;
    const simple = SIMPLE_TOKENS[char];
    if (simple !== undefined) {
      tokens.push({ type: simple, value: char, start: pos });
      pos++;
    } else if (isIdentifierStart(char)) {
      let end = pos + 1;
      while (end < length && isIdentifierPart(expression[end]!)) end++;
      tokens.push({ type: 'unquoted_identifier', value: expression.slice(pos, end), start: pos });
      pos = end;
    } else if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      pos++;
    } else if (char === '[') {
      const next = expression[pos + 1];
      if (next === ']') tokens.push({ type: 'flatten', value: '[]', start: pos });
      else if (next === '?') tokens.push({ type: 'filter', value: '[?', start: pos });
      else tokens.push({ type: 'lbracket', value: '[', start: pos });
      pos += next === ']' || next === '?' ? 2 : 1;
    } else if (char === "'") {
      const end = delimitedEnd(expression, pos);
      // Only an escaped quote loses its backslash; every other backslash stays (raw string).
      tokens.push({ type: 'literal', value: expression.slice(pos + 1, end).replaceAll("\\'", "'"), start: pos });
      pos = end + 1;
    } else if (char === '`') {
      const end = delimitedEnd(expression, pos);
      tokens.push({ type: 'literal', value: jsonLiteral(expression, pos, expression.slice(pos + 1, end)), start: pos });
      pos = end + 1;
    } else if (char === '"') {
      const end = delimitedEnd(expression, pos);
      tokens.push({
        type: 'quoted_identifier',
        value: quotedIdentifier(expression, pos, expression.slice(pos, end + 1)),
        start: pos,
      });
      pos = end + 1;
    } else if (isDigit(char) || char === '-') {
      let end = pos + 1;
      while (end < length && isDigit(expression[end]!)) end++;
      if (char === '-' && end === pos + 1) throw lexerError(expression, pos, "Unknown token '-'");
      tokens.push({ type: 'number', value: Number(expression.slice(pos, end)), start: pos });
      pos = end;
    } else if (char in PAIRED_OPERATORS) {
      const [second, longType, shortType] = PAIRED_OPERATORS[char]!;
      const long = expression[pos + 1] === second;
      tokens.push({ type: long ? longType : shortType, value: long ? char + second : char, start: pos });
      pos += long ? 2 : 1;
    } else if (char === '=') {
      if (expression[pos + 1] !== '=') throw lexerError(expression, pos, "Unknown token '='");
      tokens.push({ type: 'eq', value: '==', start: pos });
      pos += 2;
    } else {
      throw lexerError(expression, pos, `Unknown token ${String.fromCodePoint(expression.codePointAt(pos)!)}`);
    }
  }
  tokens.push({ type: 'eof', value: '', start: length });
  return tokens;
}

const SIMPLE_TOKENS: Readonly<Record<string, TokenType>> = {
  '.': 'dot',
  '*': 'star',
  ']': 'rbracket',
  ',': 'comma',
  ':': 'colon',
  '@': 'current',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
};

/** One-character operators that become another token when followed by a given character. */
const PAIRED_OPERATORS: Readonly<Record<string, readonly [string, TokenType, TokenType]>> = {
  '|': ['|', 'or', 'pipe'],
  '&': ['&', 'and', 'expref'],
  '<': ['=', 'lte', 'lt'],
  '>': ['=', 'gte', 'gt'],
  '!': ['=', 'ne', 'not'],
};

function isIdentifierStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}

function isIdentifierPart(char: string): boolean {
  return isIdentifierStart(char) || isDigit(char);
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/**
 * The offset of the delimiter closing the token opened at `start`. A backslash escapes whatever follows
 * it, so `\'`, `\`` and `\"` do not close; the text between the delimiters is returned untouched.
 */
function delimitedEnd(expression: string, start: number): number {
  const delimiter = expression[start]!;
  let pos = start + 1;
  for (;;) {
    let char = expression[pos];
    if (char === delimiter) return pos;
    if (char === '\\') char = expression[++pos];
    if (char === undefined) throw lexerError(expression, start, `Unclosed ${delimiter} delimiter`);
    pos++;
  }
}

/**
 * A `` `literal` ``: JSON, or else (the deprecated JEP-12 form) the text as a JSON string's contents
 * after its leading whitespace, as python jmespath reads it.
 */
function jsonLiteral(expression: string, start: number, text: string): unknown {
  const lexeme = text.replaceAll('\\`', '`');
  const parsed = parsePyJson(lexeme);
  if (parsed.ok) return parsed.value;
  const asString = parsePyJson(`"${lexeme.replace(/^\s+/, '')}"`);
  if (asString.ok) return asString.value;
  throw lexerError(expression, start, `Bad token ${lexeme}`);
}

/** A `"quoted identifier"`: the JSON string it spells; a bad escape is reported in Python's words. */
function quotedIdentifier(expression: string, start: number, lexeme: string): string {
  const parsed = parsePyJson(lexeme);
  if (parsed.ok) return parsed.value as string;
  throw lexerError(expression, start, jsonStringProblem(lexeme));
}

/** Python's `json.loads`, which also reads the bare constants NaN, Infinity and -Infinity. */
function parsePyJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const constant = text.trim();
    if (constant === 'NaN') return { ok: true, value: Number.NaN };
    if (constant === 'Infinity' || constant === '-Infinity')
      return { ok: true, value: constant === 'Infinity' ? Infinity : -Infinity };
    return { ok: false };
  }
}

/** The head of Python's json error message for a bad JSON string (the part python jmespath keeps). */
function jsonStringProblem(lexeme: string): string {
  for (let i = 1; i < lexeme.length - 1; i++) {
    const char = lexeme[i]!;
    if (char === '\\') {
      const escape = lexeme[++i];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(lexeme.slice(i + 1, i + 5))) return 'Invalid \\uXXXX escape';
        i += 4;
      } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
        return 'Invalid \\escape';
      }
    } else if (char < ' ') {
      return 'Invalid control character at';
    }
  }
  return 'Expecting value';
}
