/**
 * DynamoDB's document mode on the sandbox: plain JS values in every operation that carries
 * AttributeValues (items, keys, expression values, batches, transactions, pagination keys), numbers
 * kept exact, sets as Sets, and values DynamoDB cannot store refused with the place they were.
 */
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { createClient, NumberValue } from '../../src/index.js';
import { ParamValidationError } from '../../src/core/errors.js';
import { fromAttributeValue, toAttributeValue } from '../../src/core/dynamodb-document.js';

const host = createNodeHost({ env: {}, homeDir: '/nonexistent-home' });

async function table() {
  const aws = createClient({ host, sandbox: 'memory', dynamodb: { document: true } });
  await aws.send('dynamodb', 'CreateTable', {
    TableName: 'docs',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  });
  return aws;
}

describe('DynamoDB document mode', () => {
  it('puts and gets plain values: strings, numbers, booleans, null, bytes, lists, maps and sets', async () => {
    const aws = await table();
    const item = {
      pk: 'a',
      sk: 1,
      name: 'Ada',
      ratio: 1.5,
      big: new NumberValue('12345678901234567890.000000000000000001'),
      ok: true,
      none: null,
      bytes: new Uint8Array([1, 2, 3]),
      list: ['x', 2, { deep: [true] }],
      map: { a: { b: 'c' } },
      tags: new Set(['red', 'blue']),
      scores: new Set([3, 1.25]),
      blobs: new Set([new Uint8Array([9])]),
    };
    await aws.send('dynamodb', 'PutItem', { TableName: 'docs', Item: item });
    const got = await aws.send('dynamodb', 'GetItem', { TableName: 'docs', Key: { pk: 'a', sk: 1 } });
    expect(got.Item).toEqual(item);
    expect((got.Item as { big: unknown }).big).toBeInstanceOf(NumberValue);
  });

  it('converts expression values, update results, queries with pagination, batches and transactions', async () => {
    const aws = await table();
    for (let sk = 1; sk <= 5; sk++)
      await aws.send('dynamodb', 'PutItem', { TableName: 'docs', Item: { pk: 'q', sk, n: sk * 10 } });
    const updated = await aws.send('dynamodb', 'UpdateItem', {
      TableName: 'docs',
      Key: { pk: 'q', sk: 1 },
      UpdateExpression: 'SET n = n + :inc, tags = :tags',
      ExpressionAttributeValues: { ':inc': 5, ':tags': new Set(['new']) },
      ReturnValues: 'ALL_NEW',
    });
    expect(updated.Attributes).toEqual({ pk: 'q', sk: 1, n: 15, tags: new Set(['new']) });
    const pages = [];
    for await (const page of aws.paginate('dynamodb', 'Query', {
      TableName: 'docs',
      KeyConditionExpression: 'pk = :p AND sk >= :s',
      ExpressionAttributeValues: { ':p': 'q', ':s': 2 },
      Limit: 2,
    }))
      pages.push(page);
    expect(pages.flatMap((p) => (p.Items as Array<{ sk: number }>).map((i) => i.sk))).toEqual([2, 3, 4, 5]);
    expect(pages[0]!.LastEvaluatedKey).toEqual({ pk: 'q', sk: 3 });
    await aws.send('dynamodb', 'BatchWriteItem', {
      RequestItems: {
        docs: [{ PutRequest: { Item: { pk: 'b', sk: 1 } } }, { DeleteRequest: { Key: { pk: 'q', sk: 5 } } }],
      },
    });
    await aws.send('dynamodb', 'TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'docs', Item: { pk: 't', sk: 1, v: 'x' } } },
        {
          Update: {
            TableName: 'docs',
            Key: { pk: 'b', sk: 1 },
            UpdateExpression: 'SET v = :v',
            ExpressionAttributeValues: { ':v': 'y' },
          },
        },
      ],
    });
    const batch = await aws.send('dynamodb', 'BatchGetItem', {
      RequestItems: {
        docs: {
          Keys: [
            { pk: 'b', sk: 1 },
            { pk: 't', sk: 1 },
            { pk: 'q', sk: 5 },
          ],
        },
      },
    });
    const found = (batch.Responses as { docs: Array<{ pk: string; v: string }> }).docs.map((i) => `${i.pk}=${i.v}`);
    expect(found.sort()).toEqual(['b=y', 't=x']);
  });

  it('keeps numbers exact: those a double holds come back as numbers, others as NumberValue', () => {
    for (const text of ['0', '-7', '1.5', '0.1', '123456789012345', '1E+2', '-0.000001'])
      expect(typeof fromAttributeValue({ N: text }), text).toBe('number');
    for (const text of ['1234567890123456', '9007199254740993', '0.12345678901234567', '99999999999999999999'])
      expect(fromAttributeValue({ N: text }), text).toEqual(new NumberValue(text));
    expect(toAttributeValue(10n ** 30n, 'x')).toEqual({ N: '1000000000000000000000000000000' });
  });

  it('refuses what DynamoDB cannot store, naming where it was', async () => {
    const aws = await table();
    const put = (Item: Record<string, unknown>) => aws.send('dynamodb', 'PutItem', { TableName: 'docs', Item });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ pk: 'a', sk: 1, gone: undefined }, 'Invalid value at Item.gone: undefined has no DynamoDB type'],
      [
        { pk: 'a', sk: 1, when: new Date(0) },
        'Invalid value at Item.when: a Date (store it as an ISO string or a number) has no DynamoDB type',
      ],
      [{ pk: 'a', sk: 1, s: new Set() }, 'Invalid value at Item.s: an empty Set cannot be stored'],
      [
        { pk: 'a', sk: 1, s: new Set(['a', 1]) },
        'Invalid value at Item.s: a Set must hold only strings, only numbers or only bytes',
      ],
      [{ pk: 'a', sk: 1, l: [1, Number.NaN] }, 'Invalid value at Item.l[1]: NaN is not a number DynamoDB can store'],
    ];
    for (const [item, message] of cases) {
      const failure = put(item);
      await expect(failure).rejects.toBeInstanceOf(ParamValidationError);
      await expect(failure).rejects.toThrow(message);
    }
  });
});
