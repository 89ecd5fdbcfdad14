import { describe, expect, it } from 'vitest';
import type { ConditionalCheckFailed } from '../../src/sandbox/services/dynamodb/items.js';
import { fails, withTables } from './dynamodb-support.js';

const DUNE = { isbn: { S: '1' }, title: { S: 'Dune' }, pages: { N: '412' } };

describe('PutItem and GetItem', () => {
  it('writes and reads an item, projected or whole', async () => {
    const h = await withTables();
    expect((await h.call('PutItem', { TableName: 'Books', Item: DUNE })).output).toEqual({});
    expect((await h.call('GetItem', { TableName: 'Books', Key: { isbn: { S: '1' } } })).output).toEqual({ Item: DUNE });
    const projected = await h.call('GetItem', {
      TableName: 'Books',
      Key: { isbn: { S: '1' } },
      ProjectionExpression: '#t',
      ExpressionAttributeNames: { '#t': 'title' },
    });
    expect(projected.output).toEqual({ Item: { title: { S: 'Dune' } } });
    expect((await h.call('GetItem', { TableName: 'Books', Key: { isbn: { S: '9' } } })).output).toEqual({});
  });

  it('keeps binary values and canonical numbers', async () => {
    const h = await withTables();
    const bytes = new Uint8Array([0, 255, 7]);
    await h.call('PutItem', {
      TableName: 'Books',
      Item: { isbn: { S: 'b' }, data: { B: bytes }, many: { BS: [bytes] }, price: { N: '9.50' }, ok: { BOOL: false } },
    });
    const { output } = await h.call('GetItem', { TableName: 'Books', Key: { isbn: { S: 'b' } } });
    expect(output.Item).toEqual({
      isbn: { S: 'b' },
      data: { B: bytes },
      many: { BS: [bytes] },
      price: { N: '9.5' },
      ok: { BOOL: false },
    });
  });

  it('reports consumed capacity as DynamoDB computes it', async () => {
    const h = await withTables();
    const put = await h.call('PutItem', {
      TableName: 'MusicCollection',
      Item: {
        Artist: { S: 'No One You Know' },
        SongTitle: { S: 'Call Me Today' },
        AlbumTitle: { S: 'Somewhat Famous' },
      },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(put.output).toEqual({ ConsumedCapacity: { TableName: 'MusicCollection', CapacityUnits: 1 } });
    const big = { isbn: { S: 'big' }, text: { S: 'x'.repeat(5000) } };
    const write = await h.call('PutItem', { TableName: 'Books', Item: big, ReturnConsumedCapacity: 'INDEXES' });
    expect(write.output.ConsumedCapacity).toEqual({
      TableName: 'Books',
      CapacityUnits: 5,
      Table: { CapacityUnits: 5 },
    });
    const key = { isbn: { S: 'big' } };
    const eventual = await h.call('GetItem', { TableName: 'Books', Key: key, ReturnConsumedCapacity: 'TOTAL' });
    expect(eventual.output.ConsumedCapacity).toEqual({ TableName: 'Books', CapacityUnits: 1 });
    const strong = await h.call('GetItem', {
      TableName: 'Books',
      Key: key,
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(strong.output.ConsumedCapacity).toEqual({ TableName: 'Books', CapacityUnits: 2 });
    const none = await h.call('GetItem', {
      TableName: 'Books',
      Key: { isbn: { S: 'x' } },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(none.output.ConsumedCapacity).toEqual({ TableName: 'Books', CapacityUnits: 0.5 });
  });

  it('returns the old item and puts under condition', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: DUNE });
    const replaced = await h.call('PutItem', {
      TableName: 'Books',
      Item: { isbn: { S: '1' }, title: { S: 'Dune Messiah' } },
      ReturnValues: 'ALL_OLD',
    });
    expect(replaced.output).toEqual({ Attributes: DUNE });
    const error = (await fails(
      h.call('PutItem', {
        TableName: 'Books',
        Item: DUNE,
        ConditionExpression: 'attribute_not_exists(isbn)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
      'ConditionalCheckFailedException',
      'The conditional request failed',
    )) as unknown as ConditionalCheckFailed;
    expect(error.item).toEqual({ isbn: { S: '1' }, title: { S: 'Dune Messiah' } });
    await h.call('PutItem', {
      TableName: 'Books',
      Item: { isbn: { S: '2' } },
      ConditionExpression: 'attribute_not_exists(isbn)',
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'a missing key',
      { TableName: 'Books', Item: { title: { S: 'x' } } },
      'ValidationException',
      'One or more parameter values were invalid: Missing the key isbn in the item',
    ],
    [
      'a key of the wrong type',
      { TableName: 'Books', Item: { isbn: { N: '1' } } },
      'ValidationException',
      'One or more parameter values were invalid: Type mismatch for key isbn expected: S actual: N',
    ],
    [
      'an empty key',
      { TableName: 'Books', Item: { isbn: { S: '' } } },
      'ValidationException',
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: isbn',
    ],
    [
      'an empty value',
      { TableName: 'Books', Item: { isbn: { S: '1' }, x: {} } },
      'ValidationException',
      'One or more parameter values were invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    ],
    [
      'an item over 400 KB',
      { TableName: 'Books', Item: { isbn: { S: '1' }, text: { S: 'x'.repeat(400 * 1024) } } },
      'ValidationException',
      'Item size has exceeded the maximum allowed size',
    ],
    [
      'an unknown table',
      { TableName: 'Nope', Item: DUNE },
      'ResourceNotFoundException',
      'Requested resource not found',
    ],
    [
      'ReturnValues ALL_NEW',
      { TableName: 'Books', Item: DUNE, ReturnValues: 'ALL_NEW' },
      'ValidationException',
      'ReturnValues can only be ALL_OLD or NONE',
    ],
    [
      'an unused value',
      { TableName: 'Books', Item: DUNE, ExpressionAttributeValues: { ':x': { S: 'x' } } },
      'ValidationException',
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}',
    ],
    [
      'an undefined value',
      { TableName: 'Books', Item: DUNE, ConditionExpression: 'pages < :p' },
      'ValidationException',
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :p',
    ],
  ])('PutItem refuses %s', async (_what, input, code, message) => {
    const h = await withTables();
    await fails(h.call('PutItem', input), code, message);
  });

  it('refuses a key that does not match the schema', async () => {
    const h = await withTables();
    for (const Key of [{ isbn: { N: '1' } }, { isbn: { S: '1' }, title: { S: 'x' } }, { title: { S: 'x' } }])
      await fails(
        h.call('GetItem', { TableName: 'Books', Key }),
        'ValidationException',
        'The provided key element does not match the schema',
      );
  });
});

describe('UpdateItem', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['NONE', 'NONE', {}],
    ['ALL_OLD', 'ALL_OLD', { Attributes: DUNE }],
    ['UPDATED_OLD', 'UPDATED_OLD', { Attributes: { pages: { N: '412' } } }],
    ['ALL_NEW', 'ALL_NEW', { Attributes: { ...DUNE, pages: { N: '413' }, year: { N: '1965' } } }],
    ['UPDATED_NEW', 'UPDATED_NEW', { Attributes: { pages: { N: '413' }, year: { N: '1965' } } }],
  ])('returns %s', async (_name, mode, expected) => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: DUNE });
    const { output } = await h.call('UpdateItem', {
      TableName: 'Books',
      Key: { isbn: { S: '1' } },
      UpdateExpression: 'SET pages = pages + :n, #y = :y',
      ExpressionAttributeNames: { '#y': 'year' },
      ExpressionAttributeValues: { ':n': { N: '1' }, ':y': { N: '1965' } },
      ReturnValues: mode,
    });
    expect(output).toEqual(expected);
  });

  it('creates an item from its key, and refuses to touch the key', async () => {
    const h = await withTables();
    await h.call('UpdateItem', {
      TableName: 'Books',
      Key: { isbn: { S: '5' } },
      UpdateExpression: 'ADD copies :one SET tags = :t',
      ExpressionAttributeValues: { ':one': { N: '1' }, ':t': { SS: ['sf'] } },
    });
    expect((await h.call('GetItem', { TableName: 'Books', Key: { isbn: { S: '5' } } })).output.Item).toEqual({
      isbn: { S: '5' },
      copies: { N: '1' },
      tags: { SS: ['sf'] },
    });
    await h.call('UpdateItem', { TableName: 'Books', Key: { isbn: { S: '6' } } });
    expect((await h.call('GetItem', { TableName: 'Books', Key: { isbn: { S: '6' } } })).output.Item).toEqual({
      isbn: { S: '6' },
    });
    await fails(
      h.call('UpdateItem', {
        TableName: 'Books',
        Key: { isbn: { S: '5' } },
        UpdateExpression: 'SET isbn = :v',
        ExpressionAttributeValues: { ':v': { S: '7' } },
      }),
      'ValidationException',
      'One or more parameter values were invalid: Cannot update attribute isbn. This attribute is part of the key',
    );
  });

  it('checks its condition against the stored item', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: DUNE });
    const update = (pages: string) =>
      h.call('UpdateItem', {
        TableName: 'Books',
        Key: { isbn: { S: '1' } },
        UpdateExpression: 'SET pages = :p',
        ConditionExpression: 'pages = :old',
        ExpressionAttributeValues: { ':p': { N: pages }, ':old': { N: '412' } },
      });
    await update('500');
    await fails(update('600'), 'ConditionalCheckFailedException', 'The conditional request failed');
    expect((await h.call('GetItem', { TableName: 'Books', Key: { isbn: { S: '1' } } })).output.Item).toMatchObject({
      pages: { N: '500' },
    });
  });

  it('refuses an update that refers to a missing attribute', async () => {
    const h = await withTables();
    await fails(
      h.call('UpdateItem', {
        TableName: 'Books',
        Key: { isbn: { S: '2' } },
        UpdateExpression: 'SET pages = pages + :n',
        ExpressionAttributeValues: { ':n': { N: '1' } },
      }),
      'ValidationException',
      'The provided expression refers to an attribute that does not exist in the item',
    );
    await fails(
      h.call('UpdateItem', { TableName: 'Books', Key: { isbn: { S: '2' } }, UpdateExpression: 'SET x' }),
      'ValidationException',
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "x"',
    );
  });
});

describe('DeleteItem', () => {
  it('deletes under condition, returning the old item', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: DUNE });
    await fails(
      h.call('DeleteItem', {
        TableName: 'Books',
        Key: { isbn: { S: '1' } },
        ConditionExpression: 'pages < :p',
        ExpressionAttributeValues: { ':p': { N: '100' } },
      }),
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
    const { output } = await h.call('DeleteItem', {
      TableName: 'Books',
      Key: { isbn: { S: '1' } },
      ReturnValues: 'ALL_OLD',
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(output).toEqual({ Attributes: DUNE, ConsumedCapacity: { TableName: 'Books', CapacityUnits: 1 } });
    expect((await h.call('DeleteItem', { TableName: 'Books', Key: { isbn: { S: '1' } } })).output).toEqual({});
  });
});
