import { describe, expect, it } from 'vitest';
import type { TransactionCanceled } from '../../src/sandbox/services/dynamodb/batches.js';
import { fails, withTables } from './dynamodb-support.js';

const book = (isbn: string, pages: string) => ({ isbn: { S: isbn }, pages: { N: pages } });
const key = (isbn: string) => ({ isbn: { S: isbn } });

describe('BatchWriteItem and BatchGetItem', () => {
  it('writes and reads across tables', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: book('old', '1') });
    const written = await h.call('BatchWriteItem', {
      RequestItems: {
        Books: [
          { PutRequest: { Item: book('1', '100') } },
          { PutRequest: { Item: book('2', '200') } },
          { DeleteRequest: { Key: key('old') } },
        ],
        MusicCollection: [{ PutRequest: { Item: { Artist: { S: 'A' }, SongTitle: { S: 'T' } } } }],
      },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(written.output).toEqual({
      UnprocessedItems: {},
      ConsumedCapacity: [
        { TableName: 'Books', CapacityUnits: 3 },
        { TableName: 'MusicCollection', CapacityUnits: 1 },
      ],
    });
    const read = await h.call('BatchGetItem', {
      RequestItems: {
        Books: {
          Keys: [key('1'), key('2'), key('old')],
          ProjectionExpression: '#p',
          ExpressionAttributeNames: { '#p': 'pages' },
        },
        MusicCollection: { Keys: [{ Artist: { S: 'A' }, SongTitle: { S: 'T' } }], ConsistentRead: true },
      },
    });
    expect(read.output).toEqual({
      Responses: {
        Books: [{ pages: { N: '100' } }, { pages: { N: '200' } }],
        MusicCollection: [{ Artist: { S: 'A' }, SongTitle: { S: 'T' } }],
      },
      UnprocessedKeys: {},
    });
  });

  it('refuses a whole batch for one bad request', async () => {
    const h = await withTables();
    await fails(
      h.call('BatchWriteItem', {
        RequestItems: {
          Books: [{ PutRequest: { Item: book('1', '1') } }, { PutRequest: { Item: { pages: { N: '1' } } } }],
        },
      }),
      'ValidationException',
      'One or more parameter values were invalid: Missing the key isbn in the item',
    );
    expect((await h.call('GetItem', { TableName: 'Books', Key: key('1') })).output).toEqual({});
    await fails(
      h.call('BatchWriteItem', {
        RequestItems: { Books: [{ PutRequest: { Item: book('1', '1') } }, { DeleteRequest: { Key: key('1') } }] },
      }),
      'ValidationException',
      'Provided list of item keys contains duplicates',
    );
    await fails(h.call('BatchGetItem', { RequestItems: { Nope: { Keys: [key('1')] } } }), 'ResourceNotFoundException');
  });
});

describe('TransactWriteItems and TransactGetItems', () => {
  it('applies every write when every condition holds', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: book('1', '100') });
    await h.call('PutItem', { TableName: 'Books', Item: book('gone', '5') });
    const { output } = await h.call('TransactWriteItems', {
      TransactItems: [
        { ConditionCheck: { TableName: 'Books', Key: key('1'), ConditionExpression: 'attribute_exists(isbn)' } },
        { Put: { TableName: 'Books', Item: book('2', '200'), ConditionExpression: 'attribute_not_exists(isbn)' } },
        {
          Update: {
            TableName: 'Books',
            Key: key('3'),
            UpdateExpression: 'ADD pages :n',
            ExpressionAttributeValues: { ':n': { N: '3' } },
          },
        },
        { Delete: { TableName: 'Books', Key: key('gone') } },
      ],
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(output).toEqual({ ConsumedCapacity: [{ TableName: 'Books', CapacityUnits: 8 }] });
    const got = await h.call('TransactGetItems', {
      TransactItems: [
        { Get: { TableName: 'Books', Key: key('2') } },
        { Get: { TableName: 'Books', Key: key('3') } },
        { Get: { TableName: 'Books', Key: key('gone') } },
      ],
    });
    expect(got.output).toEqual({ Responses: [{ Item: book('2', '200') }, { Item: book('3', '3') }, {}] });
  });

  it('applies nothing when one condition fails, with a reason for each item', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: book('1', '100') });
    const error = (await fails(
      h.call('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: 'Books', Item: book('2', '200') } },
          {
            Update: {
              TableName: 'Books',
              Key: key('1'),
              UpdateExpression: 'SET pages = :p',
              ConditionExpression: 'pages > :p',
              ExpressionAttributeValues: { ':p': { N: '500' } },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
      'TransactionCanceledException',
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    )) as unknown as TransactionCanceled;
    expect(error.reasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: book('1', '100') },
    ]);
    expect((await h.call('GetItem', { TableName: 'Books', Key: key('2') })).output).toEqual({});
  });

  it('refuses two operations on one item', async () => {
    const h = await withTables();
    await fails(
      h.call('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: 'Books', Item: book('1', '1') } },
          { Delete: { TableName: 'Books', Key: key('1') } },
        ],
      }),
      'ValidationException',
      'Transaction request cannot include multiple operations on one item',
    );
  });
});

describe('the public scenario and the user guide', () => {
  it('runs the Books scenario', async () => {
    const h = await withTables();
    await h.call('PutItem', {
      TableName: 'Books',
      Item: { isbn: { S: '1' }, title: { S: 'Dune' }, pages: { N: '412' } },
    });
    await h.call('PutItem', {
      TableName: 'Books',
      Item: { isbn: { S: '2' }, title: { S: 'Emma' }, pages: { N: '474' } },
    });
    const updated = await h.call('UpdateItem', {
      TableName: 'Books',
      Key: key('2'),
      UpdateExpression: 'SET pages = pages + :n',
      ExpressionAttributeValues: { ':n': { N: '1' } },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(updated.output).toEqual({ Attributes: { pages: { N: '475' } } });
    const scanned = await h.call('Scan', {
      TableName: 'Books',
      FilterExpression: 'pages > :p',
      ExpressionAttributeValues: { ':p': { N: '450' } },
    });
    expect(scanned.output.Items).toEqual([{ isbn: { S: '2' }, title: { S: 'Emma' }, pages: { N: '475' } }]);
    await fails(
      h.call('DeleteItem', {
        TableName: 'Books',
        Key: key('1'),
        ConditionExpression: 'pages < :p',
        ExpressionAttributeValues: { ':p': { N: '100' } },
      }),
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
  });

  it("queries the user guide's MusicCollection", async () => {
    const h = await withTables();
    await h.call('PutItem', {
      TableName: 'MusicCollection',
      Item: {
        Artist: { S: 'No One You Know' },
        SongTitle: { S: 'Call Me Today' },
        AlbumTitle: { S: 'Somewhat Famous' },
      },
    });
    const { output } = await h.call('Query', {
      TableName: 'MusicCollection',
      KeyConditionExpression: 'Artist = :v1 AND SongTitle = :v2',
      ExpressionAttributeValues: { ':v1': { S: 'No One You Know' }, ':v2': { S: 'Call Me Today' } },
    });
    expect(output).toEqual({
      Items: [
        { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' }, AlbumTitle: { S: 'Somewhat Famous' } },
      ],
      Count: 1,
      ScannedCount: 1,
    });
  });
});
