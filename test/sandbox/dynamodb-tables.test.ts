import { describe, expect, it } from 'vitest';
import { handlers } from '../../src/sandbox/services/dynamodb/index.js';
import { harness } from './support.js';
import { fails, withTables } from './dynamodb-support.js';

const S = (name: string) => ({ AttributeName: name, AttributeType: 'S' });
const HASH = (name: string) => ({ AttributeName: name, KeyType: 'HASH' });
const RANGE = (name: string) => ({ AttributeName: name, KeyType: 'RANGE' });

describe('CreateTable and DescribeTable', () => {
  it('creates a table that is CREATING for two seconds, then ACTIVE', async () => {
    const h = harness('dynamodb', handlers);
    const { output } = await h.call('CreateTable', {
      TableName: 'Books',
      AttributeDefinitions: [S('isbn')],
      KeySchema: [HASH('isbn')],
      BillingMode: 'PAY_PER_REQUEST',
      Tags: [{ Key: 'team', Value: 'lib' }],
    });
    const table = output.TableDescription as Record<string, unknown>;
    expect(table).toMatchObject({
      TableName: 'Books',
      TableStatus: 'CREATING',
      TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Books',
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      ItemCount: 0,
      TableSizeBytes: 0,
      DeletionProtectionEnabled: false,
    });
    expect(table.TableId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(table.CreationDateTime).toEqual(h.clock.now);
    h.clock.now = new Date(h.clock.now.getTime() + 1999);
    expect((await h.call('DescribeTable', { TableName: 'Books' })).output.Table).toMatchObject({
      TableStatus: 'CREATING',
    });
    h.clock.now = new Date(h.clock.now.getTime() + 1);
    expect((await h.call('DescribeTable', { TableName: 'Books' })).output.Table).toMatchObject({
      TableStatus: 'ACTIVE',
    });
    const tags = await h.call('ListTagsOfResource', { ResourceArn: table.TableArn });
    expect(tags.output).toEqual({ Tags: [{ Key: 'team', Value: 'lib' }] });
  });

  it('describes provisioned tables and their indexes', async () => {
    const h = harness('dynamodb', handlers);
    await h.call('CreateTable', {
      TableName: 'Music',
      AttributeDefinitions: [S('Artist'), S('SongTitle'), S('Album'), S('Genre')],
      KeySchema: [HASH('Artist'), RANGE('SongTitle')],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
      LocalSecondaryIndexes: [
        {
          IndexName: 'ByAlbum',
          KeySchema: [HASH('Artist'), RANGE('Album')],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'ByGenre',
          KeySchema: [HASH('Genre')],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['Year'] },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    });
    await h.call('PutItem', {
      TableName: 'Music',
      Item: { Artist: { S: 'A' }, SongTitle: { S: 'T' }, Genre: { S: 'Rock' } },
    });
    const table = (await h.call('DescribeTable', { TableName: 'Music' })).output.Table as Record<string, unknown>;
    expect(table.BillingModeSummary).toBeUndefined();
    expect(table.ProvisionedThroughput).toEqual({
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 2,
    });
    expect(table.ItemCount).toBe(1);
    expect(table.TableSizeBytes).toBe(6 + 1 + 9 + 1 + 5 + 4);
    expect(table.LocalSecondaryIndexes).toEqual([
      {
        IndexName: 'ByAlbum',
        KeySchema: [HASH('Artist'), RANGE('Album')],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/index/ByAlbum',
      },
    ]);
    expect(table.GlobalSecondaryIndexes).toMatchObject([
      { IndexName: 'ByGenre', IndexStatus: 'ACTIVE', ItemCount: 1, ProvisionedThroughput: { ReadCapacityUnits: 1 } },
    ]);
    expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(table.LatestStreamArn).toMatch(/^arn:aws:dynamodb:us-east-1:123456789012:table\/Music\/stream\//);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'an existing table',
      {
        TableName: 'Books',
        AttributeDefinitions: [S('isbn')],
        KeySchema: [HASH('isbn')],
        BillingMode: 'PAY_PER_REQUEST',
      },
      'ResourceInUseException',
      'Table already exists: Books',
    ],
    [
      'an undefined key',
      { TableName: 'Tab', AttributeDefinitions: [S('a')], KeySchema: [HASH('b')], BillingMode: 'PAY_PER_REQUEST' },
      'ValidationException',
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [b], AttributeDefinitions: [a]',
    ],
    [
      'an unused definition',
      {
        TableName: 'Tab',
        AttributeDefinitions: [S('a'), S('b')],
        KeySchema: [HASH('a')],
        BillingMode: 'PAY_PER_REQUEST',
      },
      'ValidationException',
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    ],
    [
      'no throughput',
      { TableName: 'Tab', AttributeDefinitions: [S('a')], KeySchema: [HASH('a')] },
      'ValidationException',
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    ],
    [
      'throughput on demand',
      {
        TableName: 'Tab',
        AttributeDefinitions: [S('a')],
        KeySchema: [HASH('a')],
        BillingMode: 'PAY_PER_REQUEST',
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      },
      'ValidationException',
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    ],
    [
      'a RANGE first',
      { TableName: 'Tab', AttributeDefinitions: [S('a')], KeySchema: [RANGE('a')], BillingMode: 'PAY_PER_REQUEST' },
      'ValidationException',
      'Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
    ],
    [
      'a short name',
      { TableName: 'T', AttributeDefinitions: [S('a')], KeySchema: [HASH('a')], BillingMode: 'PAY_PER_REQUEST' },
      'ValidationException',
      "1 validation error detected: Value 'T' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      'an LSI without a table range key',
      {
        TableName: 'Tab',
        AttributeDefinitions: [S('a'), S('b')],
        KeySchema: [HASH('a')],
        BillingMode: 'PAY_PER_REQUEST',
        LocalSecondaryIndexes: [
          { IndexName: 'i', KeySchema: [HASH('a'), RANGE('b')], Projection: { ProjectionType: 'ALL' } },
        ],
      },
      'ValidationException',
      'One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex',
    ],
    [
      'a GSI without throughput',
      {
        TableName: 'Tab',
        AttributeDefinitions: [S('a'), S('b')],
        KeySchema: [HASH('a')],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        GlobalSecondaryIndexes: [{ IndexName: 'g', KeySchema: [HASH('b')], Projection: { ProjectionType: 'ALL' } }],
      },
      'ValidationException',
      'One or more parameter values were invalid: ProvisionedThroughput is not specified for index: g',
    ],
  ])('refuses %s', async (_what, input, code, message) => {
    const h = await withTables();
    await fails(h.call('CreateTable', input), code, message);
  });

  it('answers ResourceNotFoundException for a table that is not there', async () => {
    const h = harness('dynamodb', handlers);
    await fails(
      h.call('DescribeTable', { TableName: 'Nope' }),
      'ResourceNotFoundException',
      'Requested resource not found: Table: Nope not found',
    );
    await fails(h.call('DeleteTable', { TableName: 'Nope' }), 'ResourceNotFoundException');
  });
});

describe('ListTables, UpdateTable, DeleteTable', () => {
  it('lists tables in pages', async () => {
    const h = harness('dynamodb', handlers);
    for (const name of ['ccc', 'aaa', 'bbb'])
      await h.call('CreateTable', {
        TableName: name,
        AttributeDefinitions: [S('k')],
        KeySchema: [HASH('k')],
        BillingMode: 'PAY_PER_REQUEST',
      });
    expect((await h.call('ListTables')).output).toEqual({ TableNames: ['aaa', 'bbb', 'ccc'] });
    expect((await h.call('ListTables', { Limit: 2 })).output).toEqual({
      TableNames: ['aaa', 'bbb'],
      LastEvaluatedTableName: 'bbb',
    });
    expect((await h.call('ListTables', { ExclusiveStartTableName: 'bbb' })).output).toEqual({ TableNames: ['ccc'] });
    expect((await h.call('ListTables', {}, { region: 'eu-west-1' })).output).toEqual({ TableNames: [] });
  });

  it('switches billing, changes throughput and adds and drops indexes', async () => {
    const h = await withTables();
    await fails(
      h.call('UpdateTable', {
        TableName: 'MusicCollection',
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
      'ValidationException',
      /^The provisioned throughput for the table will not change/,
    );
    const updated = await h.call('UpdateTable', {
      TableName: 'MusicCollection',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    expect(updated.output.TableDescription).toMatchObject({
      TableStatus: 'UPDATING',
      ProvisionedThroughput: { ReadCapacityUnits: 5 },
    });
    await h.call('UpdateTable', {
      TableName: 'Books',
      AttributeDefinitions: [{ AttributeName: 'author', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [
        { Create: { IndexName: 'ByAuthor', KeySchema: [HASH('author')], Projection: { ProjectionType: 'ALL' } } },
      ],
    });
    let books = (await h.call('DescribeTable', { TableName: 'Books' })).output.Table as Record<string, unknown>;
    expect(books.GlobalSecondaryIndexes).toMatchObject([{ IndexName: 'ByAuthor' }]);
    await h.call('UpdateTable', {
      TableName: 'Books',
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'ByAuthor' } }],
    });
    books = (await h.call('DescribeTable', { TableName: 'Books' })).output.Table as Record<string, unknown>;
    expect(books.GlobalSecondaryIndexes).toBeUndefined();
    expect(books.AttributeDefinitions).toEqual([S('isbn')]);
    const switched = await h.call('UpdateTable', { TableName: 'MusicCollection', BillingMode: 'PAY_PER_REQUEST' });
    expect(switched.output.TableDescription).toMatchObject({
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: h.clock.now },
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    });
    await fails(h.call('UpdateTable', { TableName: 'Books' }), 'ValidationException', /^At least one of/);
  });

  it('deletes a table with its items, answering DELETING', async () => {
    const h = await withTables();
    await h.call('PutItem', { TableName: 'Books', Item: { isbn: { S: '1' } } });
    const { output } = await h.call('DeleteTable', { TableName: 'Books' });
    expect(output.TableDescription).toMatchObject({ TableName: 'Books', TableStatus: 'DELETING', ItemCount: 1 });
    expect((await h.call('ListTables')).output).toEqual({ TableNames: ['MusicCollection'] });
    await h.call('CreateTable', {
      TableName: 'Books',
      AttributeDefinitions: [S('isbn')],
      KeySchema: [HASH('isbn')],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect((await h.call('GetItem', { TableName: 'Books', Key: { isbn: { S: '1' } } })).output.Item).toBeUndefined();
  });

  it('keeps a protected table', async () => {
    const h = await withTables();
    await h.call('UpdateTable', { TableName: 'Books', DeletionProtectionEnabled: true });
    await fails(h.call('DeleteTable', { TableName: 'Books' }), 'ValidationException', /protected against deletion/);
  });
});

describe('tags, time to live, limits', () => {
  const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Books';

  it('tags and untags a table', async () => {
    const h = await withTables();
    await h.call('TagResource', {
      ResourceArn: ARN,
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    await h.call('UntagResource', { ResourceArn: ARN, TagKeys: ['a'] });
    expect((await h.call('ListTagsOfResource', { ResourceArn: ARN })).output).toEqual({
      Tags: [{ Key: 'b', Value: '2' }],
    });
    await fails(
      h.call('ListTagsOfResource', { ResourceArn: `${ARN}x` }),
      'ResourceNotFoundException',
      `Requested resource not found: ResourcArn: ${ARN}x not found`,
    );
  });

  it('stores the time-to-live setting', async () => {
    const h = await withTables();
    expect((await h.call('DescribeTimeToLive', { TableName: 'Books' })).output).toEqual({
      TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' },
    });
    const spec = { Enabled: true, AttributeName: 'expires' };
    expect((await h.call('UpdateTimeToLive', { TableName: 'Books', TimeToLiveSpecification: spec })).output).toEqual({
      TimeToLiveSpecification: spec,
    });
    expect((await h.call('DescribeTimeToLive', { TableName: 'Books' })).output).toEqual({
      TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' },
    });
    await fails(
      h.call('UpdateTimeToLive', { TableName: 'Books', TimeToLiveSpecification: spec }),
      'ValidationException',
      'TimeToLive is already enabled',
    );
  });

  it('describes the limits and the endpoint', async () => {
    const h = harness('dynamodb', handlers);
    expect((await h.call('DescribeLimits')).output).toMatchObject({ TableMaxReadCapacityUnits: 40000 });
    expect((await h.call('DescribeEndpoints')).output).toEqual({
      Endpoints: [{ Address: 'dynamodb.us-east-1.amazonaws.com', CachePeriodInMinutes: 1440 }],
    });
  });
});
