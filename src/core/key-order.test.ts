import { describe, expect, it } from 'vitest';
import { KEY_ORDER, orderedKeys, parseJsonKeepingOrder } from './key-order.js';

describe('parseJsonKeepingOrder', () => {
  it('keeps the received order of objects with integer-like keys, at any depth', () => {
    const value = parseJsonKeepingOrder(
      '{"Item": {"b": {"S": "x"}, "2": {"N": "2"}, "a": {"S": "y"}, "10": {"N": "1"}}, "list": [{"1": 1, "0": 0}]}',
    ) as Record<string, Record<string, unknown>>;
    expect(orderedKeys(value.Item!)).toEqual(['b', '2', 'a', '10']);
    expect(value.Item).toEqual({ b: { S: 'x' }, 2: { N: '2' }, a: { S: 'y' }, 10: { N: '1' } });
    expect(orderedKeys((value.list as unknown as Array<Record<string, number>>)[0]!)).toEqual(['1', '0']);
    expect(Object.keys(value)).toEqual(['Item', 'list']);
  });

  it('leaves strings that look like keys alone, and plain documents untouched', () => {
    const value = parseJsonKeepingOrder('{"s": "\\"1\\": x", "3": "a\\"2\\":b"}') as Record<string, string>;
    expect(value).toEqual({ s: '"1": x', 3: 'a"2":b' });
    expect(orderedKeys(value)).toEqual(['s', '3']);
    const plain = parseJsonKeepingOrder('{"a": 1}') as object;
    expect(KEY_ORDER in plain).toBe(false);
  });
});
