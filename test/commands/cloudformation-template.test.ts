/**
 * Templates read and written back as `cloudformation package` does, against the AWS CLI's own
 * yamlhelper: every case in cloudformation-template-cases.json was recorded from aws-cli 2.9.19
 * (scripts/record-template-cases.py) — a template in, the YAML `yaml_dump` writes and the JSON
 * `json.dumps(indent=4, ensure_ascii=False)` writes. The strings that must be quoted (`'123'`, `'yes'`,
 * `'null'`, `'a: b'`, `'- a'`…), double-quoted (a `'` with a line break, tabs, escapes), folded past
 * column 80, keys too long to be simple, intrinsic short forms, timestamps, ints and floats in every
 * spelling, merge keys and aliases all come from there. Then the reader's errors in ruamel's words.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplate, parseTemplate, type TemplateMap } from '../../src/commands/cloudformation/template.js';
import { dumpTemplateJson } from '../../src/commands/cloudformation/template-json.js';
import { dumpTemplateYaml } from '../../src/commands/cloudformation/template-yaml.js';

const recorded = JSON.parse(readFileSync(new URL('./cloudformation-template-cases.json', import.meta.url), 'utf8')) as {
  cases: Array<{ input: string; yaml: string; json: string | null }>;
};

const load = (text: string) => loadTemplate(text) as TemplateMap;

describe('a template written back as the AWS CLI writes it', () => {
  it.each(recorded.cases.map((c) => [c.input, c.yaml]))('YAML of %j', (input, yaml) => {
    expect(dumpTemplateYaml(load(input!))).toBe(yaml);
  });

  it.each(recorded.cases.filter((c) => c.json !== null).map((c) => [c.input, c.json]))('JSON of %j', (input, json) => {
    expect(dumpTemplateJson(load(input!))).toBe(json);
  });

  it('writes a timestamp into JSON as its text, where the CLI fails', () => {
    const cliFails = recorded.cases.filter((c) => c.json === null).map((c) => c.input);
    expect(cliFails).toContain('AWSTemplateFormatVersion: 2010-09-09\nDescription: plain text\n');
    expect(dumpTemplateJson(load('AWSTemplateFormatVersion: 2010-09-09\nT: 2001-12-14t21:59:43.10-05:00\n'))).toBe(
      '{\n    "AWSTemplateFormatVersion": "2010-09-09",\n    "T": "2001-12-15 02:59:43.100000"\n}',
    );
  });
});

describe('reading a template', () => {
  it('keeps what Python keeps: key types and order, ints apart from floats, aliases shared', () => {
    const template = load('b: 1\n10: 2.0\nyes: [x]\nc: &a {k: v}\nd: *a\n');
    expect([...template.keys()]).toEqual(['b', 10n, true, 'c', 'd']);
    expect([template.get('b'), template.get(10n)]).toEqual([1n, 2]);
    expect(template.get('c')).toBe(template.get('d'));
  });

  it('gives deploy plain values: keys as text, ints as numbers, timestamps as text', () => {
    expect(parseTemplate('Parameters:\n  A: {Type: String, Default: 5}\nV: 2012-10-17\n')).toEqual({
      Parameters: { A: { Type: 'String', Default: 5 } },
      V: '2012-10-17',
    });
  });

  it.each([
    [
      'a tab where indentation goes',
      'Resources:\n\tA: 1\n',
      'while scanning for the next token\nfound character \'\\t\' that cannot start any token\n  in "<unicode string>", line 2, column 1:\n    \tA: 1\n    ^ (line: 2)',
    ],
    [
      'a reserved character starting a value',
      'k: @x\n',
      'while scanning for the next token\nfound character \'@\' that cannot start any token\n  in "<unicode string>", line 1, column 4:\n    k: @x\n       ^ (line: 1)',
    ],
    [
      'a long line, cut around the column',
      `A:\n  B: \`cmd\` ${'x'.repeat(60)}\n`,
      'while scanning for the next token\nfound character \'`\' that cannot start any token\n  in "<unicode string>", line 2, column 6:\n      B: `cmd` xxxxxxxxxxxxxxxxxxxxxxxxxx ... \n         ^ (line: 2)',
    ],
    ['a month out of range', 'A: 2001-13-01\n', 'month must be in 1..12'],
    ['a day out of range', 'A: 2001-02-30\n', 'day is out of range for month'],
  ])('refuses %s in the CLI’s words', (_, text, message) => {
    expect(() => loadTemplate(text)).toThrow(expect.objectContaining({ message }));
  });

  it('names the line and column of any other syntax error', () => {
    expect(() => loadTemplate('Resources:\n  A: [1\n  B: 2\n')).toThrow(/at line 3, column 3/);
  });
});
