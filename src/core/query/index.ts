/**
 * JMESPath for `--query`, paginators (`result_key`, `output_token`, `more_results`) and waiters (`path`
 * matchers), with the semantics of python jmespath 1.1.0 — the AWS CLI's engine — rather than the
 * JMESPath spec alone. It is jmespath.js 0.16.0 ported to TypeScript (licences in LICENSES.md) and changed:
 *
 * - `<` `<=` `>` `>=` order two strings by Unicode code point (`[?CreationDate > '2024']`); any pair other
 *   than two numbers or two strings gives null (python raises a TypeError for number against string; we
 *   give null there too).
 * - Strings are code-point sequences for `length`, `reverse`, `sort`, `max`/`min`, `sort_by`, `max_by`/
 *   `min_by` (the last two now accept string keys); jmespath.js used UTF-16 units and `localeCompare`,
 *   and `sort` ordered numbers as text.
 * - `0`/`1` never equal `false`/`true`; `avg([])`, `max_by([], ..)`, `min_by([], ..)` are null; ties in
 *   `max`/`min`/`*_by` keep the first element; `ceil`/`floor` never give -0; `type(&x)` is null.
 * - `to_number` is Python's `int()`/`float()` (`''` and `'0x10'` are null; `' 42 '`, `'1_000'`, `'inf'`
 *   parse); `to_string` is Python's compact, ASCII-escaped `json.dumps` (`1e-05`, `"\u00e9"`).
 * - Tokens, grammar and messages are python's: `\r` is whitespace, a lone `-` or `=` and unclosed quotes or
 *   backticks are errors, every `\'` in a raw string is unescaped, a backtick literal that is not JSON is
 *   read as a string, `(a b)` is an error but `f(a b)` passes two arguments, `a[0][0:2]` does not project,
 *   `missing.fn(@)` still calls `fn`, and only own properties of plain objects are fields.
 * - Errors are one typed class, JmespathError, whose `kind` is the compliance-suite category and whose
 *   message is python's text. Where python lets a bare Python exception escape (`max_by` over string and
 *   number keys, `merge` with a non-object after the first argument) we raise a typed `invalid-type`;
 *   `contains('abc', 1)` is false instead of a crash.
 *
 * Not reproduced: Python's `True == 1` inside arrays and `contains` (`contains([0], false)` is true in
 * python, false here); integral floats print as ints (`to_string(\`1.0\`)` is `"1"`, python says
 * `"1.0"`): JS has one number type and parsed service data has already lost the difference.
 */
import type { Node } from './ast.js';
import { evaluate } from './interpreter.js';
import { parse } from './parser.js';

export { explainQuery, type QueryStep } from './explain.js';
export { JmespathError, type JmespathErrorKind } from './jmespath-error.js';

/** A parsed expression, evaluated as often as needed without parsing again. */
export interface CompiledExpression {
  readonly expression: string;
  search(data: unknown): unknown;
}

/** Parses `expression` once; throws JmespathError (kind `syntax`) if it is malformed. */
export function compile(expression: string): CompiledExpression {
  const tree: Node = parse(expression);
  return { expression, search: (data) => evaluate(tree, data) };
}

/** Evaluates `expression` against `data` (parsing it each time: hold a compiled one for repeated use). */
export function search(expression: string, data: unknown): unknown {
  return compile(expression).search(data);
}

/**
 * A compile function that remembers the last `limit` expressions it parsed (least recently used goes
 * first). Hold one per client or CLI session; there is deliberately no module-wide cache.
 */
export function createExpressionCache(limit = 128): (expression: string) => CompiledExpression {
  const cache = new Map<string, CompiledExpression>();
  return (expression) => {
    let compiled = cache.get(expression);
    if (compiled) {
      cache.delete(expression);
    } else {
      compiled = compile(expression);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    }
    cache.set(expression, compiled);
    return compiled;
  };
}
