/**
 * Golden outputs: each dataset in output-goldens.json was formatted by the AWS CLI v2's own json,
 * text, table and yaml formatters (scripts/record-output-goldens.py); isoaws must print the same bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeOutput, type FormatOptions } from '../../src/cli/output/index.js';
import { isoTimestamp, PyFloat, pyFloatRepr } from '../../src/cli/output/py-values.js';
import { textLength } from '../../src/cli/output/table.js';

const goldens = JSON.parse(readFileSync(new URL('./output-goldens.json', import.meta.url), 'utf8')) as {
  cases: Array<{ name: string; data: unknown; outputs: Record<'json' | 'text' | 'table' | 'yaml', string> }>;
};

/** `{"$float": 1}` in the recording is a Python float with a whole value. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (Object.keys(obj).length === 1 && '$float' in obj) return new PyFloat(obj.$float as number);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

function formatOutput(format: Parameters<typeof writeOutput>[0], value: unknown, opts: FormatOptions): string {
  const chunks: string[] = [];
  writeOutput(format, value, opts, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

describe.each(['json', 'text', 'table', 'yaml'] as const)('--output %s', (format) => {
  it.each(goldens.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    const title = c.name === 'nested' ? 'DescribeInstances' : 'Title';
    expect(formatOutput(format, revive(c.data), { title, terminalWidth: 80, color: false })).toBe(c.outputs[format]);
  });
});

describe('large outputs', () => {
  it.each(['text', 'table'] as const)('--output %s is written in whole-line pieces as it is made', (format) => {
    const items = Array.from({ length: 5000 }, (_, i) => ({
      Id: `i-${i}`,
      State: { Name: 'running', Code: 16 },
      Tags: [{ Key: 'n', Value: String(i) }],
    }));
    const chunks: string[] = [];
    writeOutput(format, { Items: items }, { title: 'List', terminalWidth: 80, color: false }, (chunk) =>
      chunks.push(chunk),
    );
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    const lines = chunks.join('').split('\n');
    expect(lines.filter((l) => l.includes('i-4999')).length).toBe(1);
  });
});

describe("timestamps as Python's isoformat()", () => {
  it('agrees with the ISO form for any instant, before 1970 and at the ends of the range included', () => {
    const python = (d: Date) =>
      `${d.toISOString().slice(0, 19)}${d.getUTCMilliseconds() ? `.${String(d.getUTCMilliseconds()).padStart(3, '0')}000` : ''}+00:00`;
    const instants = [
      0,
      1,
      999,
      1000,
      86_399_999,
      86_400_000,
      -1,
      -86_400_001,
      253_402_300_799_999,
      Date.UTC(2024, 1, 29, 23, 59, 59, 5),
    ];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push((seed / 2 ** 31) * 4e12 - 1e12);
    }
    for (const t of instants.map(Math.floor)) expect(isoTimestamp(new Date(t))).toBe(python(new Date(t)));
    expect(isoTimestamp(new Date(Date.UTC(2024, 4, 1, 12, 34, 56)))).toBe('2024-05-01T12:34:56+00:00');
    expect(isoTimestamp(new Date(Date.UTC(2024, 4, 1, 12, 34, 56, 70)))).toBe('2024-05-01T12:34:56.070000+00:00');
  });
});

describe('Python number spelling', () => {
  it.each([
    [1, '1.0'],
    [0.1, '0.1'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345.6, '123456789012345.6'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [-2.5e-7, '-2.5e-07'],
    [1e22, '1e+22'],
  ])('%d → %s', (value, text) => {
    expect(pyFloatRepr(value)).toBe(text);
  });
});

describe('table column widths', () => {
  it('counts East Asian wide and ambiguous characters as two columns', () => {
    expect(textLength('abc')).toBe(3);
    expect(textLength('東京')).toBe(4);
    expect(textLength('é')).toBe(2);
    expect(textLength('ö☃')).toBe(2);
  });
});

describe('key order as received', () => {
  it('prints integer-like keys where the service put them (a DynamoDB item)', async () => {
    const { runCli } = await import('../../src/cli-app.js');
    const { createMemoryHost, reply } = await import('../support/memory-host.js');
    const host = createMemoryHost(
      () =>
        reply(200, '{"Item": {"b": {"S": "x"}, "2": {"N": "2"}, "a": {"S": "y"}, "1": {"N": "1"}}}', {
          'content-type': 'application/x-amz-json-1.0',
        }),
      { env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_DEFAULT_REGION: 'us-east-1' } },
    );
    expect(await runCli(['dynamodb', 'get-item', '--table-name', 't', '--key', '{"id": {"S": "1"}}'], host)).toBe(0);
    expect(host.out.join('')).toBe(
      '{\n    "Item": {\n        "b": {\n            "S": "x"\n        },\n        "2": {\n            "N": "2"\n        },\n        "a": {\n            "S": "y"\n        },\n        "1": {\n            "N": "1"\n        }\n    }\n}\n',
    );
  });
});
