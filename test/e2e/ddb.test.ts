/**
 * `ddb put` and `ddb select` in process over the real Node host against moto_server's DynamoDB: items
 * put from the command line, a file and stdin (one, a list, more than a batch of 25), read back by
 * Scan and Query with the expression language, paged with --max-items / --starting-token, and the
 * errors the CLI gives for bad expressions, items and options. The expected YAML is what AWS CLI v2
 * 2.9.19 prints for the same items against moto (test/clidiff/ddb.yaml runs the same comparisons).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/host.js';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-ddb-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
const text = (data: Uint8Array) => new TextDecoder().decode(data);
/** The JSON bodies of the DynamoDB requests sent. */
const bodies = (requests: HttpRequest[]) =>
  requests.map((r) => JSON.parse(text(r.body as Uint8Array)) as Record<string, unknown>);

async function createTable(name: string, extra: string[] = []): Promise<void> {
  const { code, err } = await run([
    'dynamodb',
    'create-table',
    '--table-name',
    name,
    '--attribute-definitions',
    'AttributeName=pk,AttributeType=S',
    'AttributeName=sk,AttributeType=N',
    '--key-schema',
    'AttributeName=pk,KeyType=HASH',
    'AttributeName=sk,KeyType=RANGE',
    '--billing-mode',
    'PAY_PER_REQUEST',
    ...extra,
  ]);
  expect(err).toBe('');
  expect(code).toBe(0);
}

describe.skipIf(!moto)('ddb against moto', () => {
  beforeAll(async () => {
    await createTable('values');
    await createTable('many');
  });

  it('puts an item of every type and selects it back exactly', async () => {
    const item =
      '{pk: a, sk: 1, n: 1.50, big: 12345678901234567890123456789012345678, neg: -0.000001, s: hello, ' +
      'b: !!binary aGVsbG8=, l: [1, two, null, true], m: {x: 12.0e3, "a b": ""}, ' +
      'ss: !!set {y, x}, ns: !!set {10, 2.5, -1}, bs: !!set {!!binary aGk=}, t: "123", d: "2024-01-01"}';
    expect(await run(['ddb', 'put', 'values', item])).toMatchObject({ code: 0, out: '', err: '' });
    const { code, out, err } = await run(['ddb', 'select', 'values']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'Count: 1',
        'Items:',
        '- b: !!binary "aGVsbG8="',
        '  big: 12345678901234567890123456789012345678',
        '  bs: !!set',
        '    !!binary "aGk=": null',
        "  d: '2024-01-01'",
        '  l:',
        '  - 1',
        '  - two',
        '  - null',
        '  - true',
        '  m:',
        "    a b: ''",
        '    x: 1.20E+4',
        '  n: 1.50',
        '  neg: -0.000001',
        '  ns: !!set',
        '    -1: null',
        '    2.5: null',
        '    10: null',
        '  pk: a',
        '  s: hello',
        '  sk: 1',
        '  ss: !!set',
        '    x: null',
        '    y: null',
        "  t: '123'",
        'ScannedCount: 1',
        '',
      ].join('\n'),
    );
  });

  it('sends numbers as typed, and exactly', async () => {
    const requests: HttpRequest[] = [];
    await run(['ddb', 'put', 'values', '{pk: exact, sk: 2, n: 0.1, i: 0x1F, u: 1_000, e: 1e5}'], { requests });
    expect(bodies(requests)[0]).toEqual({
      ReturnConsumedCapacity: 'NONE',
      TableName: 'values',
      Item: {
        pk: { S: 'exact' },
        sk: { N: '2' },
        n: { N: '0.1' },
        i: { N: '31' },
        u: { N: '1000' },
        e: { N: '1E+5' },
      },
    });
  });

  it('puts lists from a file and from stdin, in batches of 25', async () => {
    const list = Array.from({ length: 30 }, (_, i) => `- {pk: p${i % 3}, sk: ${i}, v: v${i}}`).join('\n');
    writeFileSync(join(dir, 'items.yaml'), list);
    const requests: HttpRequest[] = [];
    expect(await run(['ddb', 'put', 'many', 'file://items.yaml'], { requests })).toMatchObject({ code: 0, err: '' });
    const sent = bodies(requests).map((b) => (b.RequestItems as Record<string, unknown[]>).many!.length);
    expect(sent).toEqual([25, 5]);
    const json = new TextEncoder().encode('[{"pk": "q", "sk": 100}, {"pk": "q", "sk": 101.0}]');
    expect(await run(['ddb', 'put', 'many', '-'], { stdin: json })).toMatchObject({ code: 0, err: '' });
    const { out } = await run(['ddb', 'select', 'many', '--projection', 'sk', '--key-condition', 'pk = "q"']);
    expect(out).toBe('Count: 2\nItems:\n- sk: 100\n- sk: 101.0\nScannedCount: 2\n');
  });

  it('queries with a key condition, a filter and a projection, numbering the substitutions across them', async () => {
    const requests: HttpRequest[] = [];
    const { code, out, err } = await run(
      [
        'ddb',
        'select',
        'many',
        '--projection',
        'sk,',
        'v',
        '--filter',
        'sk',
        'BETWEEN 3 AND 20 AND NOT begins_with(v, "v1")',
        '--key-condition',
        'pk = "p0"',
        '--no-consistent-read',
      ],
      { requests },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(bodies(requests)[0]).toEqual({
      TableName: 'many',
      ConsistentRead: false,
      ProjectionExpression: '#n0, #n1',
      FilterExpression: '#n2 BETWEEN :n3 AND :n4 AND NOT begins_with(#n5, :n6)',
      KeyConditionExpression: '#n7 = :n8',
      ExpressionAttributeNames: { '#n0': 'sk', '#n1': 'v', '#n2': 'sk', '#n5': 'v', '#n7': 'pk' },
      ExpressionAttributeValues: { ':n3': { N: '3' }, ':n4': { N: '20' }, ':n6': { S: 'v1' }, ':n8': { S: 'p0' } },
      ReturnConsumedCapacity: 'NONE',
    });
    expect(out).toBe('Count: 3\nItems:\n- sk: 3\n  v: v3\n- sk: 6\n  v: v6\n- sk: 9\n  v: v9\nScannedCount: 10\n');
  });

  it('pages with --max-items and resumes from the NextToken it prints', async () => {
    const first = await run([
      'ddb',
      'select',
      'many',
      '--key-condition',
      'pk = "p1"',
      '--max-items',
      '3',
      '--page-size',
      '2',
    ]);
    expect(first.code).toBe(0);
    const token = /^NextToken: (\S+)$/m.exec(first.out)![1]!;
    // Count and ScannedCount add up the two pages read; the item cut short is where the token resumes.
    expect(
      first.out.startsWith(
        'Count: 4\nItems:\n- pk: p1\n  sk: 1\n  v: v1\n- pk: p1\n  sk: 4\n  v: v4\n- pk: p1\n  sk: 7\n',
      ),
    ).toBe(true);
    const rest = await run(['ddb', 'select', 'many', '--key-condition', 'pk = "p1"', '--starting-token', token]);
    // As botocore does, the page resumed in has its other result keys emptied: Count and ScannedCount 0.
    expect(rest.out.startsWith('Count: 0\nItems:\n- pk: p1\n  sk: 10\n')).toBe(true);
    expect(rest.out).not.toContain('NextToken');
  });

  it('prints the consumed capacity as the CLI does, and applies --query to the YAML', async () => {
    const { out } = await run(['ddb', 'select', 'many', '--filter', 'sk = 0', '--return-consumed-capacity']);
    expect(out).toContain('ConsumedCapacity:\n  CapacityUnits: ');
    expect(out).toMatch(/CapacityUnits: \d+\.\d/);
    expect((await run(['ddb', 'select', 'values', '--query', 'Items[0].n'])).out).toBe('1.50\n');
    expect((await run(['ddb', 'select', 'values', '--query', 'Items[0].b'])).out).toBe('!!binary "aGVsbG8="\n');
    expect((await run(['ddb', 'select', 'values', '--query', 'Items[0].pk'])).out).toBe('"a"\n');
  });

  it('guards a single put with --condition', async () => {
    const put = ['ddb', 'put', 'values', '{pk: once, sk: 1}', '--condition', 'attribute_not_exists(pk)'];
    expect((await run(put)).code).toBe(0);
    expect(await run(put)).toMatchObject({
      code: 254,
      err: '\nAn error occurred (ConditionalCheckFailedException) when calling the PutItem operation: The conditional request failed\n',
    });
  });

  it.each([
    [
      ['ddb', 'select', 'values', '--filter', 'pk = '],
      252,
      "Unexpected token `` of type `eof`. Expected type: ['literal', 'lbracket', 'lbrace', 'identifier', 'unquoted_identiifer']\npk = \n     ^",
    ],
    [
      ['ddb', 'select', 'values', '--filter', 'pk = "a" and'],
      252,
      'Unknown expression type starting at token ``\npk = "a" and\n            ^',
    ],
    [['ddb', 'select', 'values', '--filter', 'pk % 3'], 252, 'Unrecognized character %\npk % 3\n   ^'],
    [['ddb', 'select', 'values', '--filter', ''], 252, 'Expressions must not be empty'],
    [['ddb', 'select', 'values', '--output', 'json'], 252, 'json output format is not supported for ddb commands'],
    [
      ['ddb', 'select', 'values', '--no-paginate', '--max-items', '2'],
      252,
      'Cannot specify --no-paginate along with pagination arguments: --max-items',
    ],
    [
      ['ddb', 'put', 'values', '[{pk: c1, sk: 1}, {pk: c2, sk: 1}]', '--condition', 'attribute_not_exists(pk)'],
      252,
      '--condition is not supported for multiple items',
    ],
    [
      ['ddb', 'put', 'values', '{pk: big, sk: 123456789012345678901234567890123456789}'],
      255,
      "[<class 'decimal.Inexact'>, <class 'decimal.Rounded'>]",
    ],
    [['ddb', 'put', 'values', '{pk: inf, sk: .inf}'], 255, "[<class 'decimal.ConversionSyntax'>]"],
    [
      ['ddb', 'put', 'values', '{pk: d, sk: 1, d: 2024-01-01}'],
      255,
      'Unsupported type "<class \'datetime.date\'>" for value "2024-01-01"',
    ],
    [
      ['ddb', 'put', 'values', 'hello'],
      252,
      "Parameter validation failed:\nInvalid type for parameter Item, value: hello, type: <class 'str'>, valid types: <class 'dict'>",
    ],
    [
      ['ddb', 'put', 'values', 'file://nope.yaml'],
      252,
      "Error parsing parameter 'items': Unable to load paramfile file://nope.yaml: [Errno 2] No such file or directory: 'nope.yaml'",
    ],
  ])('refuses %j', async (argv, code, message) => {
    const requests: HttpRequest[] = [];
    const result = await run(argv, { requests });
    expect(result).toMatchObject({ code, out: '', err: `\n${message}\n` });
    expect(requests).toEqual([]);
  });

  it('writes nothing when any item of a list cannot be put', async () => {
    const items = Array.from({ length: 30 }, (_, i) => `- {pk: bad, sk: ${i}}`).concat('- {pk: bad, sk: 1.5e200}');
    const requests: HttpRequest[] = [];
    const { code, err } = await run(['ddb', 'put', 'values', items.join('\n')], { requests });
    expect(code).toBe(255);
    expect(err).toBe("\n[<class 'decimal.Overflow'>, <class 'decimal.Inexact'>, <class 'decimal.Rounded'>]\n");
    expect(requests).toEqual([]);
  });
});
