/**
 * The one error type of the JMESPath engine. `kind` is the category the JMESPath compliance suite uses; the
 * message is python jmespath 1.1.0's wording, because the AWS CLI prints it verbatim
 * (`Bad value for --query <expr>: <message>`). Columns count code points, as Python's do.
 */
import { IsoawsError } from '../errors.js';
import { pyRepr, pyStr } from './python-text.js';

export type JmespathErrorKind = 'syntax' | 'invalid-arity' | 'invalid-type' | 'invalid-value' | 'unknown-function';

export class JmespathError extends IsoawsError {
  override name = 'JmespathError';
  readonly kind: JmespathErrorKind;
  constructor(kind: JmespathErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** python's EmptyExpressionError. */
export function emptyExpressionError(): JmespathError {
  return new JmespathError('syntax', 'Invalid JMESPath expression: cannot be empty.');
}

/** python's LexerError: a character or delimited token the lexer cannot read. */
export function lexerError(expression: string, offset: number, reason: string): JmespathError {
  const column = codePointColumn(expression, offset);
  return new JmespathError('syntax', `Bad jmespath expression: ${reason}:\n${expression}\n${' '.repeat(column)}^`);
}

/** python's ParseError: an unexpected token. `tokenType` is the lexer's name (printed upper-cased). */
export function parseError(
  expression: string,
  offset: number,
  tokenValue: unknown,
  tokenType: string,
  reason: string,
): JmespathError {
  const column = codePointColumn(expression, offset);
  return new JmespathError(
    'syntax',
    `${reason}: Parse error at column ${column}, token "${pyStr(tokenValue)}" (${tokenType.toUpperCase()}), ` +
      `for expression:\n"${expression}"\n${' '.repeat(column + 1)}^`,
  );
}

/** python's IncompleteExpressionError: the expression ended where a token was required. */
export function incompleteExpressionError(expression: string): JmespathError {
  const column = codePointColumn(expression, expression.length);
  return new JmespathError(
    'syntax',
    `Invalid jmespath expression: Incomplete expression:\n"${expression}"\n${' '.repeat(column + 1)}^`,
  );
}

/** python's ArityError / VariadictArityError. */
export function arityError(name: string, expected: number, actual: number, variadic: boolean): JmespathError {
  const noun = expected === 1 ? 'argument' : 'arguments';
  return new JmespathError(
    'invalid-arity',
    `Expected ${variadic ? 'at least ' : ''}${expected} ${noun} for function ${name}(), received ${actual}`,
  );
}

/** python's JMESPathTypeError; `expected` prints as a Python list, `value` with `str()`. */
export function typeError(name: string, value: unknown, received: string, expected: readonly string[]): JmespathError {
  return new JmespathError(
    'invalid-type',
    `In function ${name}(), invalid type for value: ${pyStr(value)}, expected one of: ${pyRepr(expected)}, received: "${received}"`,
  );
}

/**
 * Python's own TypeError when `max`/`min` compare a string with a number (python jmespath lets it escape);
 * we keep its text but type it, so the CLI reports it like any other query error.
 */
export function unorderableError(operator: string, left: string, right: string): JmespathError {
  return new JmespathError('invalid-type', `'${operator}' not supported between instances of '${left}' and '${right}'`);
}

export function unknownFunctionError(name: string): JmespathError {
  return new JmespathError('unknown-function', `Unknown function: ${name}()`);
}

/** A slice step of 0, which Python's `slice` rejects when applied to a list. */
export function zeroSliceStepError(): JmespathError {
  return new JmespathError('invalid-value', 'slice step cannot be zero');
}

/** The code-point column of a UTF-16 offset (they differ after astral characters). */
function codePointColumn(text: string, offset: number): number {
  let column = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const before = text.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) continue;
    }
    column++;
  }
  return column;
}
