/**
 * Runs the JMESPath compliance suite and the AWS CLI extras (test/fixtures/jmespath) through
 * src/core/query. Results compare as JSON values (1 equals 1.0, key order ignored). An error case must
 * fail with a JmespathError of the expected kind, and syntax errors must already fail at compile time
 * (the AWS CLI compiles `--query` before calling the service). Benchmark cases must evaluate.
 * Every case passes, so there is no ignore list; the summary line prints the counts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, JmespathError } from '../../src/core/query/index.js';
import { FIXTURES } from './fixtures.js';

const ROOT = join(FIXTURES, 'jmespath');

interface Case {
  expression: string;
  result?: unknown;
  error?: string;
  bench?: string;
  comment?: string;
}
interface Suite {
  given: unknown;
  cases: Case[];
  comment?: string;
}

const files = readdirSync(ROOT)
  .filter((f) => f.endsWith('.json'))
  .sort();
const tally = { result: 0, error: 0, bench: 0, passed: 0 };

for (const file of files) {
  const suites: Suite[] = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
  describe(file, () => {
    suites.forEach((suite, si) => {
      suite.cases.forEach((testCase, ci) => {
        it(`${si}.${ci} ${testCase.expression}`, () => {
          if ('error' in testCase) {
            tally.error++;
            expectError(testCase.expression, testCase.error!, suite.given);
          } else if ('bench' in testCase) {
            tally.bench++;
            compile(testCase.expression).search(suite.given);
          } else {
            tally.result++;
            const actual = compile(testCase.expression).search(suite.given);
            if (!sameJson(actual, testCase.result)) {
              expect.fail(
                `${testCase.expression}\n  got      ${JSON.stringify(actual)}\n  expected ${JSON.stringify(testCase.result)}`,
              );
            }
          }
          tally.passed++;
        });
      });
    });
  });
}

afterAll(() => {
  const total = tally.result + tally.error + tally.bench;
  console.log(
    `jmespath conformance: ${tally.passed}/${total} passed ` +
      `(${tally.result} result, ${tally.error} error, ${tally.bench} bench cases), ${total - tally.passed} failed`,
  );
});

function expectError(expression: string, kind: string, given: unknown): void {
  let thrown: unknown;
  try {
    const compiled = compile(expression);
    if (kind === 'syntax') expect.fail(`${expression} compiled, expected a syntax error`);
    compiled.search(given);
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof JmespathError))
    expect.fail(`${expression}: expected JmespathError (${kind}), got ${String(thrown)}`);
  expect(thrown.kind, `${expression}: ${thrown.message}`).toBe(kind);
}

/** JSON-value equality: numbers by value, objects by key set; anything that is not JSON never matches. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== 'object') return a === b && a !== undefined;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (Object.getPrototypeOf(a) !== Object.prototype || b === null || typeof b !== 'object' || Array.isArray(b))
    return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(
      (key) =>
        Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}
