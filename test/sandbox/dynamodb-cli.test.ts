import { describe, expect, it } from 'vitest';
import { sandboxCli } from './cli-support.js';

describe('DynamoDB through the CLI and the wire', () => {
  it('runs the public Books scenario', async () => {
    const cli = sandboxCli();
    const created = await cli.json([
      'dynamodb',
      'create-table',
      '--table-name',
      'Books',
      '--attribute-definitions',
      'AttributeName=isbn,AttributeType=S',
      '--key-schema',
      'AttributeName=isbn,KeyType=HASH',
      '--billing-mode',
      'PAY_PER_REQUEST',
      '--query',
      'TableDescription.[TableName,BillingModeSummary.BillingMode]',
    ]);
    expect(created).toEqual(['Books', 'PAY_PER_REQUEST']);
    const put = async (item: string) =>
      expect((await cli.run(['dynamodb', 'put-item', '--table-name', 'Books', '--item', item])).code).toBe(0);
    await put('{"isbn":{"S":"1"},"title":{"S":"Dune"},"pages":{"N":"412"}}');
    await put('{"isbn":{"S":"2"},"title":{"S":"Emma"},"pages":{"N":"474"}}');
    const title = await cli.run([
      'dynamodb',
      'get-item',
      '--table-name',
      'Books',
      '--key',
      '{"isbn":{"S":"1"}}',
      '--query',
      'Item.title.S',
      '--output',
      'text',
    ]);
    expect(title.out).toBe('Dune\n');
    const updated = await cli.json([
      'dynamodb',
      'update-item',
      '--table-name',
      'Books',
      '--key',
      '{"isbn":{"S":"2"}}',
      '--update-expression',
      'SET pages = pages + :n',
      '--expression-attribute-values',
      '{":n":{"N":"1"}}',
      '--return-values',
      'UPDATED_NEW',
    ]);
    expect(updated).toEqual({ Attributes: { pages: { N: '475' } } });
    const titles = await cli.json([
      'dynamodb',
      'scan',
      '--table-name',
      'Books',
      '--filter-expression',
      'pages > :p',
      '--expression-attribute-values',
      '{":p":{"N":"450"}}',
      '--query',
      'Items[].title.S',
    ]);
    expect(titles).toEqual(['Emma']);
    const refused = await cli.run([
      'dynamodb',
      'delete-item',
      '--table-name',
      'Books',
      '--key',
      '{"isbn":{"S":"1"}}',
      '--condition-expression',
      'pages < :p',
      '--expression-attribute-values',
      '{":p":{"N":"100"}}',
    ]);
    expect(refused.code).toBe(254);
    expect(refused.err).toContain(
      'An error occurred (ConditionalCheckFailedException) when calling the DeleteItem operation: The conditional request failed',
    );
    expect(await cli.json(['dynamodb', 'list-tables', '--query', 'TableNames'])).toEqual(['Books']);
  });

  it("runs the user guide's MusicCollection walk-through", async () => {
    const cli = sandboxCli();
    const created = await cli.json([
      'dynamodb',
      'create-table',
      '--table-name',
      'MusicCollection',
      '--attribute-definitions',
      'AttributeName=Artist,AttributeType=S',
      'AttributeName=SongTitle,AttributeType=S',
      '--key-schema',
      'AttributeName=Artist,KeyType=HASH',
      'AttributeName=SongTitle,KeyType=RANGE',
      '--provisioned-throughput',
      'ReadCapacityUnits=1,WriteCapacityUnits=1',
    ]);
    expect(created.TableDescription).toMatchObject({ TableStatus: 'CREATING', ItemCount: 0 });
    expect(typeof created.TableDescription.CreationDateTime).toBe('string');
    cli.advance(3000);
    expect(
      await cli.json(['dynamodb', 'describe-table', '--table-name', 'MusicCollection', '--query', 'Table.TableStatus']),
    ).toBe('ACTIVE');
    const put = await cli.json([
      'dynamodb',
      'put-item',
      '--table-name',
      'MusicCollection',
      '--item',
      '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "AlbumTitle": {"S": "Somewhat Famous"}}',
      '--return-consumed-capacity',
      'TOTAL',
    ]);
    expect(put).toEqual({ ConsumedCapacity: { TableName: 'MusicCollection', CapacityUnits: 1.0 } });
    const found = await cli.json([
      'dynamodb',
      'query',
      '--table-name',
      'MusicCollection',
      '--key-condition-expression',
      'Artist = :v1 AND SongTitle = :v2',
      '--expression-attribute-values',
      '{":v1": {"S": "No One You Know"}, ":v2": {"S": "Call Me Today"}}',
      '--return-consumed-capacity',
      'TOTAL',
    ]);
    expect(found).toEqual({
      Items: [
        { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' }, AlbumTitle: { S: 'Somewhat Famous' } },
      ],
      Count: 1,
      ScannedCount: 1,
      ConsumedCapacity: { TableName: 'MusicCollection', CapacityUnits: 0.5 },
    });
  });
});
