/**
 * The pure parts of `ddb` (src/commands/ddb/): the expression language's substitutions and error
 * messages, Python's Decimal as the DynamoDB context checks it, YAML items in, and the YAML writer's
 * ddb values out. Every expected text is what AWS CLI v2 2.9.19's own modules give for the same input.
 */
import { describe, expect, it } from 'vitest';
import { formatYaml, YamlBinary, YamlPlain, YamlSet } from '../../src/cli/output/yaml.js';
import { checkDynamoNumber, DdbNumber, parseDecimal } from '../../src/commands/ddb/decimal.js';
import { extractExpression } from '../../src/commands/ddb/extractor.js';
import { serialize, toYaml } from '../../src/commands/ddb/values.js';
import { loadItems } from '../../src/commands/ddb/yaml-input.js';

const n = (text: string) => parseDecimal(text);
/** An extraction with numbers and bytes shown as text, for comparing. */
const extract = (expression: string, offset = 3) => {
  const r = extractExpression(expression, offset);
  const show = (v: unknown): unknown =>
    v instanceof DdbNumber
      ? `Decimal('${v.toString()}')`
      : v instanceof Uint8Array
        ? [...v]
        : v instanceof Set
          ? [...v].map(show)
          : Array.isArray(v)
            ? v.map(show)
            : v;
  return { ...r, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, show(v)])) };
};

describe('ddb expressions', () => {
  it.each([
    [
      'a.b[1].c IN (1, "x") OR NOT (c BETWEEN 1 AND 2)',
      '#n3.#n4[1].#n5 IN (:n6, :n7) OR NOT ( #n8 BETWEEN :n9 AND :n10 )',
      { '#n3': 'a', '#n4': 'b', '#n5': 'c', '#n8': 'c' },
      { ':n6': "Decimal('1')", ':n7': 'x', ':n9': "Decimal('1')", ':n10': "Decimal('2')" },
      8,
    ],
    [
      '\'my name\' <> b"aGk=" AND begins_with(x, "y")',
      '#n3 <> :n4 AND begins_with(#n5, :n6)',
      { '#n3': 'my name', '#n5': 'x' },
      { ':n4': [104, 105], ':n6': 'y' },
      4,
    ],
    ['a, b.c, d[0]', '#n3, #n4.#n5, #n6[0]', { '#n3': 'a', '#n4': 'b', '#n5': 'c', '#n6': 'd' }, {}, 4],
    ['x = {1, 1.0, 2}', '#n3 = :n4', { '#n3': 'x' }, { ':n4': ["Decimal('1')", "Decimal('2')"] }, 2],
    ['x = [true, null, {"k": []}]', '#n3 = :n4', { '#n3': 'x' }, { ':n4': [true, null, { k: [] }] }, 2],
    ['x >= -1.5e3', '#n3 >= :n4', { '#n3': 'x' }, { ':n4': "Decimal('-1.5E+3')" }, 2],
  ])('substitutes %s', (expression, text, names, values, count) => {
    expect(extract(expression)).toEqual({ expression: text, names, values, count });
  });

  it.each([
    [
      'a <',
      "Unexpected token `` of type `eof`. Expected type: ['literal', 'lbracket', 'lbrace', 'identifier', 'unquoted_identiifer']\na <\n   ^",
    ],
    ['a[-1', 'Unexpected token `` of type `eof`. Expected type: rbracket\na[-1\n    ^'],
    ['"abc" = 1 1', 'Unexpected token `1` of type `literal`. Expected type: eof\n"abc" = 1 1\n          ^'],
    ['{a: 1}', 'Unexpected token `a` of type `unquoted_identifier`. Expected type: literal\n{a: 1}\n ^'],
    [
      'x = {true}',
      "Invalid token value: Sets may only contain numbers, strings, or bytes, but literal of type `<class 'str'>` was found\nx = {true}\n     ^^^^\n",
    ],
    [
      'x = {"a": 1, 2: 3}',
      'Invalid token value: Keys must be of type `str`, found `<class \'decimal.Decimal\'>`\nx = {"a": 1, 2: 3}\n             ^\n',
    ],
    ["a = 'unclosed", "Unclosed ' delimiter\na = 'unclosed\n    ^"],
    ['a = 1e-', 'Unknown token -\na = 1e-\n      ^'],
    [
      'a = b"a"',
      'Invalid base64 string b"a": Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4\na = b"a"\n    ^',
    ],
    ['', 'Expressions must not be empty'],
  ])('refuses %j as the CLI does', (expression, message) => {
    expect(() => extractExpression(expression)).toThrow(message);
  });

  it('decodes base64 leniently, skipping characters outside the alphabet as Python does', () => {
    expect(extract('a = b"aG!k="').values).toEqual({ ':n4': [104, 105] });
  });
});

describe('ddb numbers', () => {
  it.each([
    ['1.50', '1.50', false],
    ['1e5', '1E+5', true],
    ['0.0000001', '1E-7', false],
    ['-0.000001', '-0.000001', false],
    ['100E-2', '1.00', true],
    ['007', '7', true],
    ['1_000.5', '1000.5', false],
    ['5.', '5', true],
    ['+.5', '0.5', false],
  ])("Decimal('%s') prints as %s", (text, printed, whole) => {
    expect(n(text).toString()).toBe(printed);
    expect(n(text).isWhole()).toBe(whole);
  });

  it.each([
    ['1E+126', undefined],
    ['1E+127', 'Overflow, Inexact, Rounded'],
    ['9'.repeat(38) + 'E+89', undefined],
    ['1E-165', undefined],
    ['1E-166', 'Underflow, Inexact, Rounded, Clamped'],
    ['0E-200', 'Clamped'],
    ['1' + '0'.repeat(40), 'Rounded'],
    ['1' + '0'.repeat(39) + '1', 'Inexact, Rounded'],
    ['9'.repeat(39) + 'E+87', 'Inexact, Rounded'],
    ['9'.repeat(39) + 'E+88', 'Overflow, Inexact, Rounded'],
  ])('the DynamoDB context takes %s or raises %s', (text, signals) => {
    const check = () => checkDynamoNumber(n(text));
    if (signals === undefined) expect(check().toString()).toBe(n(text).toString());
    else
      expect(check).toThrow(
        `[${signals
          .split(', ')
          .map((s) => `<class 'decimal.${s}'>`)
          .join(', ')}]`,
      );
  });

  it('refuses what Decimal() cannot read', () => {
    expect(() => n('.inf')).toThrow("[<class 'decimal.ConversionSyntax'>]");
  });
});

describe('ddb items', () => {
  it('reads YAML 1.2 with exact numbers, bytes and sets', () => {
    const [item] = loadItems('{a: 0x1F, b: 0o17, c: 1_000, d: 1.50, e: !!binary aGk=, f: !!set {x, y}, g: yes, h: ~}');
    expect(serialize(item)).toEqual({
      M: {
        a: { N: '31' },
        b: { N: '15' },
        c: { N: '1000' },
        d: { N: '1.50' },
        e: { B: new Uint8Array([104, 105]) },
        f: { SS: ['x', 'y'] },
        g: { S: 'yes' },
        h: { NULL: true },
      },
    });
  });

  it('gives a list as it is and a single item as a list of one', () => {
    expect(loadItems('- {a: 1}\n- {a: 2}')).toHaveLength(2);
    expect(loadItems('{"a": 1}')).toHaveLength(1);
  });

  it('refuses a timestamp as a date, and a set of mixed kinds', () => {
    expect(() => serialize(loadItems('{d: 2024-01-31}')[0])).toThrow(
      'Unsupported type "<class \'datetime.date\'>" for value "2024-01-31"',
    );
    expect(() => serialize(loadItems('{s: !!set {a, 1}}')[0])).toThrow('Unsupported type "<class \'set\'>"');
  });
});

describe('ddb YAML output', () => {
  it('writes numbers plain, bytes tagged, sets as !!set with their members sorted', () => {
    const value = toYaml({
      n: new Set([n('10'), n('-1'), n('2.5')]),
      s: new Set(['b', 'a', '12']),
      l: [new Set(['x']), new Uint8Array([104, 105]), n('1.50')],
    });
    expect(formatYaml(value)).toBe(
      [
        'l:',
        '- !!set',
        '  x: null',
        '- !!binary "aGk="',
        '- 1.50',
        'n: !!set',
        '  -1: null',
        '  2.5: null',
        '  10: null',
        's: !!set',
        "  '12': null",
        '  a: null',
        '  b: null',
        '',
      ].join('\n'),
    );
  });

  it('writes a lone number as its text and lone bytes as a tagged scalar', () => {
    expect(formatYaml(new YamlPlain('1.50'))).toBe('1.50\n');
    expect(formatYaml(new YamlBinary(new Uint8Array([104, 105])))).toBe('!!binary "aGk="\n');
    expect(formatYaml(new YamlSet([new YamlBinary(new Uint8Array([120]))]))).toBe('!!set\n!!binary "eA==": null\n');
  });

  it('writes keys past 128 bytes or over lines as complex keys, and never folds a simple key', () => {
    expect(formatYaml({ ['k'.repeat(128)]: 1 })).toBe(`${'k'.repeat(128)}: 1\n`);
    expect(formatYaml({ ['k'.repeat(129)]: 1 })).toBe(`? ${'k'.repeat(129)}\n: 1\n`);
    const spaced = 'a b '.repeat(25).trim();
    expect(formatYaml({ [spaced]: 1 })).toBe(`${spaced}: 1\n`);
    expect(formatYaml({ x: new YamlSet(['a\nb']) })).toBe("x: !!set\n  ? 'a\n\n    b'\n  : null\n");
    const long = new YamlBinary(new Uint8Array(100));
    expect(formatYaml({ bs: new YamlSet([long]) })).toBe(`bs: !!set\n  ? !!binary "${'A'.repeat(134)}=="\n  : null\n`);
  });
});
