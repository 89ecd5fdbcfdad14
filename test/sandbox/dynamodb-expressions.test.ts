import { describe, expect, it } from 'vitest';
import {
  parseCondition,
  parseProjection,
  parseUpdate,
  Placeholders,
} from '../../src/sandbox/services/dynamodb/expressions.js';
import { applyUpdate, evaluate, project } from '../../src/sandbox/services/dynamodb/evaluate.js';
import {
  canonicalNumber,
  itemSize,
  valueProblem,
  type AttributeValue,
  type Item,
} from '../../src/sandbox/services/dynamodb/values.js';

const ITEM: Item = {
  id: { S: 'a1' },
  n: { N: '10' },
  s: { S: 'hello world' },
  b: { B: new Uint8Array([1, 2, 3]) },
  ok: { BOOL: true },
  nothing: { NULL: true },
  tags: { SS: ['red', 'blue'] },
  nums: { NS: ['1', '2'] },
  arr: { L: [{ N: '1' }, { S: 'two' }, { M: { c: { N: '3' } } }] },
  obj: { M: { part: { M: { deep: { S: 'x' } } }, 'dotted.name': { N: '7' } } },
};

const VALUES: Record<string, AttributeValue> = {
  ':n10': { N: '10' },
  ':n5': { N: '5' },
  ':n20': { N: '20' },
  ':s': { S: 'hello' },
  ':world': { S: 'world' },
  ':red': { S: 'red' },
  ':S': { S: 'S' },
  ':SS': { S: 'SS' },
  ':one': { N: '1' },
  ':b12': { B: new Uint8Array([1, 2]) },
  ':list': { L: [{ N: '4' }] },
  ':x': { S: 'x' },
};
const NAMES = { '#n': 'n', '#dotted': 'dotted.name', '#map': 'obj' };

function check(source: string, item: Item = ITEM): boolean {
  const placeholders = new Placeholders(NAMES, VALUES);
  return evaluate(item, parseCondition(source, 'ConditionExpression', placeholders), 'ConditionExpression');
}

describe('condition expressions', () => {
  it.each([
    ['n = :n10', true],
    ['#n = :n10', true],
    ['n <> :n10', false],
    ['gone <> :n10', true],
    ['gone = :n10', false],
    ['n < :n20', true],
    ['n <= :n10', true],
    ['n > :n10', false],
    ['n >= :n5', true],
    ['s > :s', true],
    ['n > :s', false],
    ['n BETWEEN :n5 AND :n20', true],
    ['n between :n5 and :n10', true],
    ['n BETWEEN :one AND :n5', false],
    ['n IN (:n5, :n10)', true],
    ['n IN (:n5, :n20)', false],
    ['attribute_exists(n)', true],
    ['attribute_exists(gone)', false],
    ['attribute_not_exists(gone)', true],
    ['attribute_type(tags, :SS)', true],
    ['attribute_type(s, :S)', true],
    ['attribute_type(n, :S)', false],
    ['begins_with(s, :s)', true],
    ['begins_with(s, :world)', false],
    ['begins_with(b, :b12)', true],
    ['contains(s, :world)', true],
    ['contains(tags, :red)', true],
    ['contains(nums, :one)', true],
    ['contains(arr, :one)', true],
    ['contains(tags, :s)', false],
    ['size(s) = :n10', false],
    ['size(s) > :n10', true],
    ['size(tags) < :n5', true],
    ['size(arr[2]) = :one', true],
    ['obj.part.deep = :x', true],
    ['#map.#dotted = :list', false],
    ['attribute_exists(#map.#dotted)', true],
    ['arr[2].c = :n5', false],
    ['arr[0] = :one', true],
    ['NOT n = :n5', true],
    ['n = :n5 OR n = :n10', true],
    ['n = :n5 OR n = :n10 AND s = :s', false],
    ['(n = :n5 OR n = :n10) AND attribute_exists(s)', true],
    ['NOT (n = :n5 OR n = :n10)', false],
    ['n = :n10 AND NOT attribute_exists(gone)', true],
  ])('%s → %s', (source, expected) => {
    expect(check(source)).toBe(expected);
  });

  it('compares numbers exactly, beyond a double', () => {
    const placeholders = new Placeholders(undefined, { ':v': { N: '12345678901234567890123456789012345678' } });
    const item = { n: { N: '12345678901234567890123456789012345677' } };
    expect(evaluate(item, parseCondition('n < :v', 'ConditionExpression', placeholders), 'x')).toBe(true);
  });

  it.each([
    ['n =', 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'],
    ['n = = :n5', 'Invalid ConditionExpression: Syntax error; token: "=", near: "= ="'],
    ['n :n5', 'Invalid ConditionExpression: Syntax error; token: ":n5", near: "n :n5"'],
    ['(n = :n5', 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":n5"'],
    ['n = :n5 extra', 'Invalid ConditionExpression: Syntax error; token: "extra", near: ":n5 extra"'],
    ['n BETWEEN :n5 :n10', 'Invalid ConditionExpression: Syntax error; token: ":n10", near: ":n5 :n10"'],
    [
      'n = :p',
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :p',
    ],
    [
      '#nope = :n5',
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope',
    ],
    ['foo(n)', 'Invalid ConditionExpression: Invalid function name; function: foo'],
    [
      'begins_with(s)',
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1',
    ],
    [
      'attribute_exists(:s)',
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    ],
    [
      'if_not_exists(n, :n5) = :n5',
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: if_not_exists',
    ],
    ['n = $', 'Invalid ConditionExpression: Invalid character encountered; character: $'],
    ['  ', 'Invalid ConditionExpression: The expression can not be empty;'],
    [
      'n BETWEEN :n20 AND :n5',
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:20}, upper bound operand: AttributeValue: {N:5}',
    ],
  ])('%s fails: %s', (source, message) => {
    expect(() => check(source)).toThrow(message);
  });

  it('reports placeholders that no expression used', () => {
    const unusedValue = new Placeholders(undefined, { ':a': { S: 'a' }, ':x': { S: 'x' } });
    parseCondition('n = :a', 'ConditionExpression', unusedValue);
    expect(() => unusedValue.checkAllUsed()).toThrow(
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}',
    );
    const unusedName = new Placeholders({ '#a': 'a', '#b': 'b' }, undefined);
    parseCondition('attribute_exists(#a)', 'ConditionExpression', unusedName);
    expect(() => unusedName.checkAllUsed()).toThrow(
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}',
    );
  });

  it('refuses invalid values up front', () => {
    expect(() => new Placeholders(undefined, { ':v': {} as AttributeValue })).toThrow(
      'ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :v',
    );
    expect(() => new Placeholders(undefined, { ':v': { N: 'abc' } })).toThrow(
      'ExpressionAttributeValues contains invalid value: A value provided cannot be converted into a number for key :v',
    );
  });
});

function update(source: string, item: Item = ITEM, values: Record<string, AttributeValue> = VALUES): Item {
  return applyUpdate(item, parseUpdate(source, new Placeholders(NAMES, values)));
}

describe('update expressions', () => {
  it.each<[string, Item]>([
    ['SET n = n + :one', { n: { N: '11' } }],
    ['SET n = n - :n20', { n: { N: '-10' } }],
    ['SET n = :n5 + :one', { n: { N: '6' } }],
    ['SET fresh = if_not_exists(fresh, :n5)', { fresh: { N: '5' } }],
    ['SET n = if_not_exists(n, :n5)', { n: { N: '10' } }],
    ['SET arr = list_append(arr, :list)', { arr: { L: [...ITEM.arr!.L!, { N: '4' }] } }],
    ['SET arr = list_append(:list, arr)', { arr: { L: [{ N: '4' }, ...ITEM.arr!.L!] } }],
    ['SET obj.part.deep = :s', { obj: { M: { ...ITEM.obj!.M!, part: { M: { deep: { S: 'hello' } } } } } }],
    ['SET arr[1] = :s', { arr: { L: [{ N: '1' }, { S: 'hello' }, ITEM.arr!.L![2]!] } }],
    ['SET arr[9] = :s', { arr: { L: [...ITEM.arr!.L!, { S: 'hello' }] } }],
    ['SET a = :s, b = :x', { a: { S: 'hello' }, b: { S: 'x' } }],
    ['REMOVE s, #n', { s: undefined, n: undefined } as unknown as Item],
    ['REMOVE arr[0], arr[2]', { arr: { L: [{ S: 'two' }] } }],
    ['REMOVE gone', {}],
    ['ADD n :n5', { n: { N: '15' } }],
    ['ADD tally :one', { tally: { N: '1' } }],
    ['ADD tags :SSset', { tags: { SS: ['red', 'blue', 'green'] } }],
    ['DELETE tags :SSset', { tags: { SS: ['blue'] } }],
    ['DELETE tags :redset', { tags: { SS: ['blue'] } }],
    ['DELETE nums :nums', { nums: undefined } as unknown as Item],
    ['SET a = :s REMOVE s ADD n :one', { a: { S: 'hello' }, s: undefined, n: { N: '11' } } as unknown as Item],
    ['set a = :s remove s', { a: { S: 'hello' }, s: undefined } as unknown as Item],
  ])('%s', (source, changes) => {
    const values = {
      ...VALUES,
      ':SSset': { SS: ['green', 'red'] },
      ':redset': { SS: ['red'] },
      ':nums': { NS: ['1', '2.0'] },
    };
    const expected: Item = { ...ITEM };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete expected[k];
      else expected[k] = v;
    }
    expect(update(source, ITEM, values)).toEqual(expected);
  });

  it('leaves the original item alone', () => {
    const before = structuredClone(ITEM);
    update('SET obj.part.deep = :s REMOVE arr[0]');
    expect(ITEM).toEqual(before);
  });

  it('keeps decimals exact', () => {
    const values = { ':a': { N: '0.1' }, ':b': { N: '0.2' } };
    expect(update('SET x = :a + :b', {}, values)).toEqual({ x: { N: '0.3' } });
    expect(canonicalNumber('1.50')).toBe('1.5');
    expect(canonicalNumber('-0.00120e3')).toBe('-1.2');
    expect(canonicalNumber('12e2')).toBe('1200');
  });

  it.each([
    ['SET', 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'],
    ['SET x', 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "x"'],
    ['SET x x', 'Invalid UpdateExpression: Syntax error; token: "x", near: "x x"'],
    ['PUT x = :s', 'Invalid UpdateExpression: Syntax error; token: "PUT", near: "PUT"'],
    [
      'SET a = :s SET b = :s',
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    ],
    [
      'SET a = :s, a = :x',
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    ],
    [
      'SET a = :s REMOVE a.b',
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    ],
    [
      'ADD n :s',
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    ],
    [
      'DELETE tags :one',
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER',
    ],
    [
      'SET n = n + :s',
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: +, operand type: STRING',
    ],
    [
      'SET l = list_append(l, :s)',
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S',
    ],
    ['SET n = foo(n)', 'Invalid UpdateExpression: Invalid function name; function: foo'],
    [
      'SET n = size(n)',
      'Invalid UpdateExpression: The function is not allowed in an update expression; function: size',
    ],
    [
      'SET n = :nope',
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope',
    ],
    ['SET missing2 = gone + :one', 'The provided expression refers to an attribute that does not exist in the item'],
    ['SET s = s + :one', 'An operand in the update expression has an incorrect data type'],
    ['ADD s :one', 'An operand in the update expression has an incorrect data type'],
    ['SET nope.deep = :s', 'The document path provided in the update expression is invalid for update'],
  ])('%s fails: %s', (source, message) => {
    expect(() => update(source)).toThrow(message);
  });
});

describe('projection expressions', () => {
  it.each<[string, Item]>([
    ['id, n', { id: ITEM.id!, n: ITEM.n! }],
    ['obj.part.deep', { obj: { M: { part: { M: { deep: { S: 'x' } } } } } }],
    ['arr[2].c, arr[0]', { arr: { L: [{ N: '1' }, { M: { c: { N: '3' } } }] } }],
    ['#map.#dotted, gone', { obj: { M: { 'dotted.name': { N: '7' } } } }],
  ])('%s', (source, expected) => {
    expect(project(ITEM, parseProjection(source, new Placeholders(NAMES, undefined)))).toEqual(expected);
  });

  it.each([
    ['a,', 'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","'],
    ['a[x]', 'Invalid ProjectionExpression: Syntax error; token: "x", near: "[x"'],
    ['a, a.b', 'Invalid ProjectionExpression: Two document paths overlap with each other'],
  ])('%s fails: %s', (source, message) => {
    expect(() => parseProjection(source, new Placeholders(undefined, undefined))).toThrow(message);
  });
});

describe('reserved words', () => {
  const placeholders = () => new Placeholders({ '#s': 'status' }, { ':v': { S: 'x' } });

  it.each([
    ['ConditionExpression', 'attribute_exists(Status)', 'Status'],
    ['ConditionExpression', 'a = :v AND data = :v', 'data'],
    ['KeyConditionExpression', 'pk = :v AND begins_with(name, :v)', 'name'],
  ])('%s %s fails', (what, source, word) => {
    expect(() => parseCondition(source, what, placeholders())).toThrow(
      `Invalid ${what}: Attribute name is a reserved keyword; reserved keyword: ${word}`,
    );
  });

  it('is refused in every part of a document path, in updates and projections too', () => {
    expect(() => parseUpdate('SET meta.nested.depth = :v', placeholders())).toThrow(
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: depth',
    );
    expect(() => parseUpdate('REMOVE temp', placeholders())).toThrow('reserved keyword: temp');
    expect(() => parseProjection('id, size', placeholders())).toThrow(
      'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size',
    );
  });

  it('is accepted through a #name placeholder, and functions and clause words are not attribute names', () => {
    expect(parseCondition('#s = :v AND size(tags) > :v', 'ConditionExpression', placeholders()).kind).toBe('and');
    expect(parseUpdate('SET #s = :v', placeholders())).toEqual([
      { kind: 'SET', path: ['status'], value: { kind: 'value', value: { S: 'x' } } },
    ]);
  });
});

describe('values', () => {
  it.each<[unknown, string | undefined]>([
    [{ S: '' }, undefined],
    [{ N: '1e3' }, undefined],
    [{ N: 'x' }, 'A value provided cannot be converted into a number'],
    [{ N: '1'.repeat(39) }, 'Attempting to store more than 38 significant digits in a Number'],
    [{ N: '1e126' }, 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    [{ SS: [] }, 'One or more parameter values were invalid: An string set  may not be empty'],
    [{ SS: ['a', 'a'] }, 'One or more parameter values were invalid: Input collection [a, a] contains duplicates.'],
    [
      { S: 'a', N: '1' },
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    ],
    [{ NULL: false }, 'Null attribute value types must have the value of true'],
    [{ L: [{}] }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
  ])('%j → %s', (value, problem) => {
    expect(valueProblem(value)).toBe(problem);
  });

  it('sizes items as DynamoDB bills them', () => {
    // Names count as their UTF-8 bytes; a number about one byte for two digits plus one.
    expect(itemSize({ isbn: { S: '1' } })).toBe(5);
    expect(itemSize({ n: { N: '412' } })).toBe(1 + 3);
    expect(itemSize({ l: { L: [{ S: 'ab' }, { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemSize({ é: { S: 'é' } })).toBe(4);
  });
});
