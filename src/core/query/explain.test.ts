/**
 * formatNode and explainQuery against the vendored JMESPath compliance suite (test/fixtures/jmespath): every
 * expression that parses must format back to an equal tree, and every case that evaluates must give search()'s
 * result. Then the exact steps the playground's inspector shows for typical AWS CLI queries.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/conformance/fixtures.js';
import { formatNode } from './format.js';
import { explainQuery, JmespathError, search, type QueryStep } from './index.js';
import { parse } from './parser.js';

interface Suite {
  given: unknown;
  cases: Array<{ expression: string }>;
}

const ROOT = join(FIXTURES, 'jmespath');
const cases = readdirSync(ROOT)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Suite[])
  .flatMap((suite) => suite.cases.map(({ expression }) => ({ expression, given: suite.given })));

/** The value `run` returns, or the kind of JmespathError it throws. */
function outcome<T>(run: () => T): { value: T } | { kind: string } {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof JmespathError) return { kind: error.kind };
    throw error;
  }
}

describe('formatNode', () => {
  it('formats every compliance expression that parses back to an equal tree', () => {
    const failures: string[] = [];
    let parsed = 0;
    for (const { expression } of cases) {
      const tree = outcome(() => parse(expression));
      if (!('value' in tree)) continue;
      parsed++;
      const text = formatNode(tree.value);
      const again = outcome(() => parse(text));
      if (!('value' in again) || !isDeepStrictEqual(again.value, tree.value))
        failures.push(`${expression}  =>  ${text}`);
    }
    expect(failures).toEqual([]);
    expect(parsed).toBe(837);
  });

  it.each([
    ['Reservations[*].Instances[*].[InstanceId,State.Name]', 'Reservations[*].Instances[*].[InstanceId, State.Name]'],
    ["Buckets[?starts_with(Name,'a')].Name|sort(@)", "Buckets[?starts_with(Name, 'a')].Name | sort(@)"],
    ['"my-key".a', '"my-key".a'],
    ['(a.b)[0]', '(a.b)[0]'],
    ['(a[*]).b', '(a[*]).b'],
    ['a[*][*]', 'a[*][*]'],
    ['(a[*])[*]', '(a[*])[*]'],
    ['a[*].b[]', 'a[*].b[]'],
    ['a.*.b.c', 'a.*.b.c'],
    ['!(a == b)', '!(a == b)'],
    ['!a.b', '!a.b'],
    ['!(a.b)', '!(a.b)'],
    ['a | (b | c)', 'a | (b | c)'],
    ['(a || b) && c', '(a || b) && c'],
    ['a || b && c', 'a || b && c'],
    ['(&a) == b', '(&a) == b'],
    ['&(&a)', '&(&a)'],
    ['[(*)]', '[(*)]'],
    ['a[1:2][0]', 'a[1:2][0]'],
    ['a[0][1:2]', 'a[0][1:2]'],
    ['a[::-1]', 'a[::-1]'],
    ['[-0]', '[-0]'],
    ['`-0`', '`-0`'],
    ['`NaN`', '`NaN`'],
    ["'it\\'s'", "'it\\'s'"],
    ["'a\\b'", '`"a\\\\b"`'],
    ['`"x\\`y"`', "'x`y'"],
    ['`["x\\`y"]`', '`["x\\`y"]`'],
    ['`"a\\\\\\`b"`', '`"a\\\\\\`b"`'],
    ['`{"a": [1, true, null]}`', '`{"a":[1,true,null]}`'],
    ['{"a b": c, d: e}', '{"a b": c, d: e}'],
  ])('%s reads back as %s', (expression, formatted) => {
    expect(formatNode(parse(expression))).toBe(formatted);
    expect(parse(formatted)).toEqual(parse(expression));
  });
});

describe('explainQuery', () => {
  it('gives search() result, or error, for every compliance case, and ends on that result', () => {
    const failures: string[] = [];
    let evaluated = 0;
    for (const { expression, given } of cases) {
      const expected = outcome(() => search(expression, given));
      const explained = outcome(() => explainQuery(expression, given));
      if ('kind' in expected) {
        if (!('kind' in explained) || explained.kind !== expected.kind)
          failures.push(`${expression}: not ${expected.kind}`);
        continue;
      }
      evaluated++;
      if (!('value' in explained)) {
        failures.push(`${expression}: threw ${explained.kind}`);
        continue;
      }
      const { steps, result } = explained.value;
      if (!isDeepStrictEqual(result, expected.value)) failures.push(`${expression}: result`);
      if (!isDeepStrictEqual(steps.at(-1)?.value, expected.value)) failures.push(`${expression}: last step`);
    }
    expect(failures).toEqual([]);
    expect(evaluated).toBe(789);
  });

  const reservations = {
    Reservations: [
      {
        Instances: [
          { InstanceId: 'i-1', State: { Name: 'running' } },
          { InstanceId: 'i-2', State: { Name: 'stopped' } },
        ],
      },
      { Instances: [{ InstanceId: 'i-3', State: { Name: 'running' } }] },
    ],
  };
  const buckets = { Buckets: [{ Name: 'beta' }, { Name: 'apple' }, { Name: 'avocado' }] };

  it.each<[string, unknown, QueryStep[]]>([
    [
      'Reservations[*].Instances[*].[InstanceId,State.Name]',
      reservations,
      [
        { expression: 'Reservations', action: 'select field Reservations', value: reservations.Reservations },
        { expression: '[*]', action: 'project each of 2 elements', value: reservations.Reservations },
        {
          expression: '.Instances[*].[InstanceId, State.Name]',
          action: 'project each element through .Instances[*].[InstanceId, State.Name]',
          value: [
            [
              ['i-1', 'running'],
              ['i-2', 'stopped'],
            ],
            [['i-3', 'running']],
          ],
        },
      ],
    ],
    [
      "Reservations[].Instances[?State.Name=='running'].InstanceId",
      reservations,
      [
        { expression: 'Reservations', action: 'select field Reservations', value: reservations.Reservations },
        { expression: '[]', action: 'flatten 2 elements into 2', value: reservations.Reservations },
        {
          expression: ".Instances[?State.Name == 'running'].InstanceId",
          action: "project each element through .Instances[?State.Name == 'running'].InstanceId",
          value: [['i-1'], ['i-3']],
        },
      ],
    ],
    [
      "Buckets[?starts_with(Name, 'a')].Name | sort(@)",
      buckets,
      [
        { expression: 'Buckets', action: 'select field Buckets', value: buckets.Buckets },
        {
          expression: "[?starts_with(Name, 'a')]",
          action: "keep elements where starts_with(Name, 'a') (2 of 3)",
          value: [{ Name: 'apple' }, { Name: 'avocado' }],
        },
        { expression: '.Name', action: 'project each element through .Name', value: ['apple', 'avocado'] },
        { expression: '| sort(@)', action: 'call sort', value: ['apple', 'avocado'] },
      ],
    ],
    ['length(Users)', { Users: [{}, {}] }, [{ expression: 'length(Users)', action: 'call length', value: 2 }]],
    [
      'TableNames[0]',
      { TableNames: ['orders', 'users'] },
      [
        { expression: 'TableNames', action: 'select field TableNames', value: ['orders', 'users'] },
        { expression: '[0]', action: 'take element 0', value: 'orders' },
      ],
    ],
    [
      'Tags[?Key==`Name`] | [0].Value',
      { Tags: [{ Key: 'Name', Value: 'web' }] },
      [
        { expression: 'Tags', action: 'select field Tags', value: [{ Key: 'Name', Value: 'web' }] },
        {
          expression: "[?Key == 'Name']",
          action: "keep elements where Key == 'Name' (1 of 1)",
          value: [{ Key: 'Name', Value: 'web' }],
        },
        { expression: '| [0]', action: 'take element 0', value: { Key: 'Name', Value: 'web' } },
        { expression: '.Value', action: 'select field Value', value: 'web' },
      ],
    ],
    [
      'Stacks[*].Outputs.* | [0]',
      { Stacks: [{ Outputs: { a: 1, b: null } }, { Outputs: 'none' }] },
      [
        {
          expression: 'Stacks',
          action: 'select field Stacks',
          value: [{ Outputs: { a: 1, b: null } }, { Outputs: 'none' }],
        },
        {
          expression: '[*]',
          action: 'project each of 2 elements',
          value: [{ Outputs: { a: 1, b: null } }, { Outputs: 'none' }],
        },
        {
          expression: '.Outputs.*',
          action: 'project each element through .Outputs.* (1 null result dropped)',
          value: [[1]],
        },
        { expression: '| [0]', action: 'take element 0', value: [1] },
      ],
    ],
    [
      'Items[1:3].id',
      { Items: [{ id: 1 }, { id: 2 }, { id: 3 }] },
      [
        { expression: 'Items', action: 'select field Items', value: [{ id: 1 }, { id: 2 }, { id: 3 }] },
        { expression: '[1:3]', action: 'project elements [1:3] (2 of 3)', value: [{ id: 2 }, { id: 3 }] },
        { expression: '.id', action: 'project each element through .id', value: [2, 3] },
      ],
    ],
    [
      'Config.*',
      { Config: { a: 1, b: null } },
      [
        { expression: 'Config', action: 'select field Config', value: { a: 1, b: null } },
        { expression: '.*', action: 'project each of 2 object values (1 null result dropped)', value: [1] },
      ],
    ],
    [
      'Missing[*].a',
      {},
      [
        { expression: 'Missing', action: 'select field Missing', value: null },
        { expression: '[*]', action: 'not an array, so null', value: null },
        { expression: '.a', action: 'project each element through .a', value: null },
      ],
    ],
  ])('%s', (expression, data, steps) => {
    const explained = explainQuery(expression, data);
    expect(explained.steps).toEqual(steps);
    expect(explained.result).toEqual(search(expression, data));
  });

  it('throws the syntax error compile() throws', () => {
    expect(() => explainQuery('a[', {})).toThrow(JmespathError);
  });
});
