/**
 * The errors of the `ddb` expression language, worded as the CLI words them: the message, the
 * expression, and a caret line under the offending place. All are argument errors (exit 252).
 */
import { base64 } from '../../cli/output/py-values.js';
import { ArgumentError } from '../../cli/usage.js';
import { DdbNumber } from './decimal.js';

export interface Token {
  type: string;
  value: unknown;
  start: number;
  end: number;
}

export class ExpressionError extends ArgumentError {
  override name = 'ExpressionError';
}

export function emptyExpression(): ExpressionError {
  return new ExpressionError('Expressions must not be empty');
}

export function lexerError(message: string, expression: string, position: number): ExpressionError {
  return new ExpressionError(`${message}\n${expression}\n${' '.repeat(position)}^`);
}

function underline(token: Token): string {
  return ' '.repeat(token.start) + '^'.repeat(Math.max(token.end - token.start, 1));
}

/** `expected` as Python formats it: a name, or a list of names (`['literal', 'lbracket']`). */
export function unexpectedToken(token: Token | undefined, expected: string | string[], expression: string) {
  const t = token ?? { type: 'None', value: null, start: expression.length, end: expression.length };
  const wanted = Array.isArray(expected) ? `[${expected.map((e) => `'${e}'`).join(', ')}]` : expected;
  return new ExpressionError(
    `Unexpected token \`${pyText(t.value)}\` of type \`${t.type}\`. Expected type: ${wanted}\n${expression}\n${underline(t)}`,
  );
}

export function invalidLiteral(token: Token, message: string, expression: string): ExpressionError {
  return new ExpressionError(`Invalid token value: ${message}\n${expression}\n${underline(token)}\n`);
}

export function unknownExpression(token: Token, expression: string): ExpressionError {
  return new ExpressionError(
    `Unknown expression type starting at token \`${pyText(token.value)}\`\n${expression}\n${underline(token)}`,
  );
}

/** A token's value as Python's str() prints it in these messages. */
function pyText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true || value === false) return value ? 'True' : 'False';
  if (value instanceof DdbNumber) return value.toString();
  // Python fails to print a bytes literal here at all; it is shown as it is written.
  if (value instanceof Uint8Array) return `b"${base64(value)}"`;
  return String(value);
}
