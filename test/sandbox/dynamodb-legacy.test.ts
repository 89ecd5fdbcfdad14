import { describe, expect, it } from 'vitest';
import { fails, withTables } from './dynamodb-support.js';

const DUNE = { isbn: { S: '1' }, title: { S: 'Dune' }, pages: { N: '412' } };
const KEY = { isbn: { S: '1' } };

describe('the non-expression parameters', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['Value', { pages: { Value: { N: '412' } } }, true],
    ['Value that differs', { pages: { Value: { N: '1' } } }, false],
    ['Exists false', { isbn: { Exists: false } }, false],
    ['Exists false on a missing attribute', { year: { Exists: false } }, true],
    ['GT', { pages: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '400' }] } }, true],
    ['BETWEEN', { pages: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] } }, false],
    ['IN', { title: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'Emma' }, { S: 'Dune' }] } }, true],
    ['NOT_NULL', { title: { ComparisonOperator: 'NOT_NULL' } }, true],
    ['BEGINS_WITH', { title: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'Du' }] } }, true],
    ['NOT_CONTAINS', { title: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'un' }] } }, false],
  ])('Expected with %s', async (_what, expected, holds) => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: DUNE });
    const put = h.call('PutItem', { TableName: 'Books', Item: DUNE, Expected: expected });
    if (holds) await put;
    else await fails(put, 'ConditionalCheckFailedException', 'The conditional request failed');
  });

  it('joins Expected entries with ConditionalOperator', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: DUNE });
    await h.call('DeleteItem', {
      TableName: 'Books',
      Key: KEY,
      Expected: { pages: { Value: { N: '1' } }, title: { Value: { S: 'Dune' } } },
      ConditionalOperator: 'OR',
    });
    expect((await h.call('GetItem', { TableName: 'Books', Key: KEY })).output).toEqual({});
  });

  it('updates with AttributeUpdates and reads with AttributesToGet', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: { ...DUNE, tags: { SS: ['a', 'b'] } } });
    await h.call('UpdateItem', {
      TableName: 'Books',
      Key: KEY,
      AttributeUpdates: {
        pages: { Action: 'ADD', Value: { N: '8' } },
        title: { Value: { S: 'Dune!' } },
        tags: { Action: 'DELETE', Value: { SS: ['a'] } },
        year: { Action: 'DELETE' },
      },
    });
    const { output } = await h.call('GetItem', {
      TableName: 'Books',
      Key: KEY,
      AttributesToGet: ['pages', 'title', 'tags'],
    });
    expect(output.Item).toEqual({ pages: { N: '420' }, title: { S: 'Dune!' }, tags: { SS: ['b'] } });
  });

  it('queries with KeyConditions and QueryFilter, and scans with ScanFilter', async () => {
    const h = await withTables();
    for (const title of ['A', 'B', 'C'])
      await h.call('PutItem', {
        TableName: 'MusicCollection',
        Item: { Artist: { S: 'x' }, SongTitle: { S: title }, Plays: { N: String(title.charCodeAt(0)) } },
      });
    const queried = await h.call('Query', {
      TableName: 'MusicCollection',
      KeyConditions: {
        Artist: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'x' }] },
        SongTitle: { ComparisonOperator: 'GE', AttributeValueList: [{ S: 'B' }] },
      },
      QueryFilter: { Plays: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '67' }] } },
    });
    expect(queried.output).toMatchObject({ Count: 1, ScannedCount: 2 });
    const scanned = await h.call('Scan', {
      TableName: 'MusicCollection',
      ScanFilter: { Plays: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '65' }] } },
    });
    expect(scanned.output).toMatchObject({ Count: 2, ScannedCount: 3 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'mixed styles',
      { Expected: { pages: { Exists: false } }, ConditionExpression: 'attribute_exists(isbn)' },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
    ],
    [
      'a wrong argument count',
      { Expected: { pages: { ComparisonOperator: 'EQ' } } },
      'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
    ],
    [
      'Value with Exists false',
      { Expected: { pages: { Exists: false, Value: { N: '1' } } } },
      'One or more parameter values were invalid: Value cannot be used when Exists is false',
    ],
  ])('refuses %s', async (_what, extra, message) => {
    const h = await withTables();
    await fails(h.call('PutItem', { TableName: 'Books', Item: DUNE, ...extra }), 'ValidationException', message);
  });
});

describe('key limits', () => {
  it('limits partition keys to 2048 bytes and sort keys to 1024', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: { isbn: { S: 'x'.repeat(2048) } } });
    await fails(
      h.call('PutItem', { TableName: 'Books', Item: { isbn: { S: 'x'.repeat(2049) } } }),
      'ValidationException',
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes',
    );
    await fails(
      h.call('PutItem', {
        TableName: 'MusicCollection',
        Item: { Artist: { S: 'a' }, SongTitle: { S: 'x'.repeat(1025) } },
      }),
      'ValidationException',
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
  });
});
