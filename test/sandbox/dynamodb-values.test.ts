/** The DynamoDB sandbox's value helpers that Query and Scan lean on for speed, against the slow, obvious forms. */
import { describe, expect, it } from 'vitest';
import { compareUtf8, keyText, utf8Length } from '../../src/sandbox/services/dynamodb/values.js';
import { harness } from './support.js';
import { handlers } from '../../src/sandbox/services/dynamodb/index.js';

const SAMPLES = [
  '',
  'a',
  'ab',
  'b',
  'é',
  'z',
  '\u{e000}',
  '\u{ffff}',
  '😀',
  '\u{10000}',
  'a😀',
  'a\u{ffff}',
  '中文',
  'x|y',
];
const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('values without encoding', () => {
  it.each(SAMPLES)('utf8Length(%j) is its UTF-8 byte length', (s) => {
    expect(utf8Length(s)).toBe(bytes(s).length);
  });

  it('compareUtf8 orders as the UTF-8 bytes do, surrogate pairs after U+E000–U+FFFF', () => {
    for (const a of SAMPLES)
      for (const b of SAMPLES) expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(bytes(a), bytes(b))));
  });

  it('keyText keeps keys apart that only a | would join', () => {
    expect(keyText({ S: 'a|S:b' })).not.toBe(keyText({ S: 'a' }));
    expect(`${keyText({ S: 'a|S:b' })}|${keyText({ S: 'c' })}`).not.toBe(
      `${keyText({ S: 'a' })}|${keyText({ S: 'b|S:c' })}`,
    );
  });
});

describe('items whose keys hold a |', () => {
  it('are two items, each found by its own key and by a query of its own partition', async () => {
    const { call } = harness('dynamodb', handlers);
    await call('CreateTable', {
      TableName: 'tbl',
      KeySchema: [
        { AttributeName: 'h', KeyType: 'HASH' },
        { AttributeName: 'r', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'h', AttributeType: 'S' },
        { AttributeName: 'r', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await call('PutItem', { TableName: 'tbl', Item: { h: { S: 'a|S:b' }, r: { S: 'c' }, v: { S: 'first' } } });
    await call('PutItem', { TableName: 'tbl', Item: { h: { S: 'a' }, r: { S: 'b|S:c' }, v: { S: 'second' } } });
    const first = await call('GetItem', { TableName: 'tbl', Key: { h: { S: 'a|S:b' }, r: { S: 'c' } } });
    expect(first.output.Item).toMatchObject({ v: { S: 'first' } });
    const query = await call('Query', {
      TableName: 'tbl',
      KeyConditionExpression: 'h = :h',
      ExpressionAttributeValues: { ':h': { S: 'a' } },
    });
    expect((query.output.Items as Array<{ v: { S: string } }>).map((i) => i.v.S)).toEqual(['second']);
  });
});
