/** Python's json.loads / json.dumps over the history's records, against what Python 3.11 gives. */
import { describe, expect, it } from 'vitest';
import { PyFloat } from '../output/py-values.js';
import { pyJsonDumps, pyJsonLoads } from './py-json.js';

describe('pyJsonLoads then pyJsonDumps round-trips as Python does', () => {
  it.each([
    [
      '{"a": 1.0, "b": 10, "c": 1e400, "d": -0, "e": 0.1, "f": 12345678901234567890}',
      '{"a":1.0,"b":10,"c":Infinity,"d":0,"e":0.1,"f":12345678901234567890}',
    ],
    ['[1, "\u00e9", true, null, "\\ud83d\\ude00"]', '[1,"\\u00e9",true,null,"\\ud83d\\ude00"]'],
    ['{"k": 1, "k": 2}', '{"k":2}'],
    [' {"__proto__": {"x": 1}} ', '{"__proto__":{"x":1}}'],
    ['[NaN, -Infinity, 2E3]', '[NaN,-Infinity,2000.0]'],
  ])('%s', (text, dumped) => {
    expect(pyJsonDumps(pyJsonLoads(text))).toBe(dumped);
  });

  it('keeps a whole float a float', () => {
    expect(pyJsonLoads('[1.0, 1]')).toEqual([new PyFloat(1), 1]);
  });

  it.each([
    ['{"a" 1}', "Expecting ':' delimiter at character 5"],
    ['[1,]', 'Expecting value at character 3'],
    ['{"a": 1} x', 'Extra data at character 9'],
    ['"\u0001"', 'Invalid control character at character 1'],
    ['', 'Expecting value at character 0'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => pyJsonLoads(text)).toThrow(new SyntaxError(message));
  });

  it('dumps sorted and indented as history show prints a dictionary', () => {
    expect(pyJsonDumps({ b: [], a: { z: new PyFloat(2.5), y: {} } }, { indent: 4, sortKeys: true })).toBe(
      '{\n    "a": {\n        "y": {},\n        "z": 2.5\n    },\n    "b": []\n}',
    );
  });
});
