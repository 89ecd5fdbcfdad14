/**
 * Behaviour of the JMESPath engine that the compliance suite (test/conformance/jmespath.test.ts) does not
 * pin down: python jmespath 1.1.0's error messages (the AWS CLI prints them), its quirks, values that are
 * not JSON, and the compiled-expression cache. Every expected value was produced by python jmespath 1.1.0.
 */
import { describe, expect, it } from 'vitest';
import { compile, createExpressionCache, JmespathError, search } from './index.js';

describe('error messages match python jmespath', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['foo[#]', {}, 'syntax', 'Bad jmespath expression: Unknown token #:\nfoo[#]\n    ^'],
    ["'unclosed", {}, 'syntax', "Bad jmespath expression: Unclosed ' delimiter:\n'unclosed\n^"],
    ['"\\q"', {}, 'syntax', 'Bad jmespath expression: Invalid \\escape:\n"\\q"\n^'],
    ['`"\\u"`', {}, 'syntax', 'Bad jmespath expression: Bad token "\\u":\n`"\\u"`\n^'],
    [
      'a.',
      {},
      'syntax',
      `Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 2, token "" (EOF), for expression:\n"a."\n   ^`,
    ],
    ['', {}, 'syntax', 'Invalid JMESPath expression: cannot be empty.'],
    ['abs(`1`, `2`)', {}, 'invalid-arity', 'Expected 1 argument for function abs(), received 2'],
    ['not_null()', {}, 'invalid-arity', 'Expected at least 1 argument for function not_null(), received 0'],
    [
      'length(`1`)',
      {},
      'invalid-type',
      `In function length(), invalid type for value: 1, expected one of: ['string', 'array', 'object'], received: "number"`,
    ],
    [
      'avg(`[1, "x"]`)',
      {},
      'invalid-type',
      `In function avg(), invalid type for value: x, expected one of: ['array-number'], received: "str"`,
    ],
    [
      'sort_by(@, &v)',
      [{ v: null }],
      'invalid-type',
      `In function sort_by(), invalid type for value: {'v': None}, expected one of: ['string', 'number'], received: "null"`,
    ],
    [
      'keys(@)',
      ['tab\t', 'é\u00a0', null, true, 1.5, 1e-7],
      'invalid-type',
      `In function keys(), invalid type for value: ['tab\\t', 'é\\xa0', None, True, 1.5, 1e-07], expected one of: ['object'], received: "array"`,
    ],
    [
      'keys(@)',
      ["it's", 'a"b', 'both\'"', '\u0000\u200b😀\u{e0001}'],
      'invalid-type',
      `In function keys(), invalid type for value: ["it's", 'a"b', 'both\\'"', '\\x00\\u200b😀\\U000e0001'], expected one of: ['object'], received: "array"`,
    ],
    ['nope(@)', {}, 'unknown-function', 'Unknown function: nope()'],
    ['[::0]', [1], 'invalid-value', 'slice step cannot be zero'],
    // Python lets its own TypeError escape here; we keep the text and type it.
    ['max_by(@, &v)', [{ v: 1 }, { v: 'a' }], 'invalid-type', "'>' not supported between instances of 'str' and 'int'"],
    [
      'min_by(@, &v)',
      [{ v: 'a' }, { v: 2.5 }],
      'invalid-type',
      "'<' not supported between instances of 'float' and 'str'",
    ],
  ];
  it.each(cases)('%s', (expression, data, kind, message) => {
    let thrown: unknown;
    try {
      search(expression, data);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JmespathError);
    expect((thrown as JmespathError).kind).toBe(kind);
    expect((thrown as JmespathError).message).toBe(message);
  });
});

describe('python jmespath semantics', () => {
  const cases: Array<[string, unknown, unknown]> = [
    [
      'to_string(@)',
      [1.5, 1e-7, 'é😀\n\u007f', { k: null, b: false }],
      '[1.5,1e-07,"\\u00e9\\ud83d\\ude00\\n\\u007f",{"k":null,"b":false}]',
    ],
    [
      "[to_number(`\" 42 \"`), to_number('1_000'), to_number('.5'), to_number('5.'), to_number('0x10'), to_number('-inf')]",
      {},
      [42, 1000, 0.5, 5, null, -Infinity],
    ],
    // python extends the index chain, so this slice does not project.
    ['a[0][0:2].b', { a: [[{ b: 1 }]] }, null],
    ['missing.to_string(@)', {}, 'null'],
    ["'😀' > @", '\uffff', true],
    ['sort(@)', ['\uffff', '😀', 'a'], ['a', '\uffff', '😀']],
    ["[`1` == `1.0`, `0` == `false`, `1` < 'a', 'b' >= 'a']", {}, [true, false, null, true]],
    ['[avg(`[]`), max_by(`[]`, &a), sum(`[]`), ceil(`-0.5`)]', {}, [null, null, 0, 0]],
    ["[?a < 'b'].a", [{ a: 'a' }, { a: 'c' }, { a: 1 }], ['a']],
    ['[length(@), reverse(@)]', 'a😀b', [3, 'b😀a']],
    ["'a\\'b\\'c'", {}, "a'b'c"],
  ];
  it.each(cases)('%s', (expression, data, expected) => {
    expect(search(expression, data)).toEqual(expected);
  });
});

describe('data that is not plain JSON', () => {
  it('reads own fields only', () => {
    expect(search('[constructor, toString, a]', { a: 1 })).toEqual([null, null, 1]);
  });

  it('keeps a __proto__ key as data', () => {
    const made = search('{"__proto__": a}', { a: 1 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(Object.keys(made)).toEqual(['__proto__']);
    const merged = search('merge(@, `{"x": 2}`)', JSON.parse('{"__proto__": {"polluted": true}}')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(merged)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('treats a Date or bytes as a foreign object, like python does', () => {
    const data = { when: new Date(0), blob: new Uint8Array([1]) };
    expect(search('[type(when), when.year, when > `1`]', data)).toEqual([null, null, null]);
    expect(() => search('length(blob)', data)).toThrow(`received: "unknown"`);
  });

  it('treats undefined as null', () => {
    expect(search('[a, type(a), a == `null`]', { a: undefined })).toEqual([null, 'null', true]);
  });
});

describe('compiled expressions', () => {
  it('evaluates one parse many times, and literals cannot be changed through a result', () => {
    const compiled = compile('to_array(`[1]`)');
    const first = compiled.search(null) as number[];
    expect(() => first.push(2)).toThrow(TypeError);
    expect(compiled.search(null)).toEqual([1]);
  });

  it('reports syntax errors at compile time and function errors at evaluation', () => {
    expect(() => compile('a[')).toThrow(JmespathError);
    const compiled = compile('abs(@)');
    expect(() => compiled.search('x')).toThrow(JmespathError);
  });

  it('caches the most recently used expressions up to its limit', () => {
    const cached = createExpressionCache(2);
    const a = cached('a');
    expect(cached('a')).toBe(a);
    const b = cached('b');
    cached('a');
    cached('c'); // evicts b, the least recently used
    expect(cached('a')).toBe(a);
    expect(cached('b')).not.toBe(b);
    expect(cached('a').search({ a: 1 })).toBe(1);
  });
});
