import { describe, expect, it } from 'vitest';
import { handlers } from '../../src/sandbox/services/dynamodb/index.js';
import type { Item } from '../../src/sandbox/services/dynamodb/values.js';
import { harness, type Harness } from './support.js';
import { fails } from './dynamodb-support.js';

/** Scores: player (S) HASH, game (N) RANGE; an LSI on level, a GSI on team (KEYS_ONLY). */
async function withScores(): Promise<Harness> {
  const h = harness('dynamodb', handlers);
  await h.call('CreateTable', {
    TableName: 'Scores',
    AttributeDefinitions: [
      { AttributeName: 'player', AttributeType: 'S' },
      { AttributeName: 'game', AttributeType: 'N' },
      { AttributeName: 'level', AttributeType: 'S' },
      { AttributeName: 'team', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'player', KeyType: 'HASH' },
      { AttributeName: 'game', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    LocalSecondaryIndexes: [
      {
        IndexName: 'ByLevel',
        KeySchema: [
          { AttributeName: 'player', KeyType: 'HASH' },
          { AttributeName: 'level', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'ByTeam',
        KeySchema: [{ AttributeName: 'team', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  });
  // Games 2, 10, 9, 100: numbers sort by value, not as text.
  for (const [player, game, level, team] of [
    ['ann', '10', 'b', 'red'],
    ['ann', '2', 'c', undefined],
    ['ann', '100', 'a', 'red'],
    ['ann', '9', undefined, 'blue'],
    ['bob', '1', 'a', 'red'],
  ] as const) {
    const item: Item = { player: { S: player }, game: { N: game }, score: { N: String(Number(game) * 3) } };
    if (level) item.level = { S: level };
    if (team) item.team = { S: team };
    await h.call('PutItem', { TableName: 'Scores', Item: item });
  }
  return h;
}

const games = (output: Record<string, unknown>) => (output.Items as Item[]).map((i) => i.game?.N);

async function queryGames(h: Harness, condition: string, values: Record<string, unknown>, extra = {}) {
  const { output } = await h.call('Query', {
    TableName: 'Scores',
    KeyConditionExpression: condition,
    ExpressionAttributeValues: { ':p': { S: 'ann' }, ...values },
    ...extra,
  });
  return output;
}

describe('Query', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['player = :p', {}, ['2', '9', '10', '100']],
    ['player = :p AND game = :g', { ':g': { N: '9' } }, ['9']],
    ['player = :p AND game < :g', { ':g': { N: '10' } }, ['2', '9']],
    ['player = :p AND game <= :g', { ':g': { N: '10' } }, ['2', '9', '10']],
    ['player = :p AND game > :g', { ':g': { N: '9' } }, ['10', '100']],
    ['player = :p AND game >= :g', { ':g': { N: '9' } }, ['9', '10', '100']],
    ['player = :p AND game BETWEEN :a AND :b', { ':a': { N: '3' }, ':b': { N: '10' } }, ['9', '10']],
    ['game > :g AND player = :p', { ':g': { N: '50' } }, ['100']],
    ['(player = :p) AND (game > :g)', { ':g': { N: '50' } }, ['100']],
  ])('%s', async (condition, values, expected) => {
    const h = await withScores();
    expect(games(await queryGames(h, condition, values))).toEqual(expected);
  });

  it('sorts strings by bytes and finds prefixes', async () => {
    const h = harness('dynamodb', handlers);
    await h.call('CreateTable', {
      TableName: 'Words',
      AttributeDefinitions: [
        { AttributeName: 'k', AttributeType: 'S' },
        { AttributeName: 'w', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'k', KeyType: 'HASH' },
        { AttributeName: 'w', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    for (const w of ['apple', 'Zebra', 'apricot', 'éclair', 'banana'])
      await h.call('PutItem', { TableName: 'Words', Item: { k: { S: 'x' }, w: { S: w } } });
    const all = await h.call('Query', {
      TableName: 'Words',
      KeyConditionExpression: 'k = :k',
      ExpressionAttributeValues: { ':k': { S: 'x' } },
    });
    expect((all.output.Items as Item[]).map((i) => i.w!.S)).toEqual(['Zebra', 'apple', 'apricot', 'banana', 'éclair']);
    const prefixed = await h.call('Query', {
      TableName: 'Words',
      KeyConditionExpression: 'k = :k AND begins_with(w, :ap)',
      ExpressionAttributeValues: { ':k': { S: 'x' }, ':ap': { S: 'ap' } },
    });
    expect((prefixed.output.Items as Item[]).map((i) => i.w!.S)).toEqual(['apple', 'apricot']);
  });

  it('filters, projects, counts and reverses', async () => {
    const h = await withScores();
    const filtered = await queryGames(h, 'player = :p', { ':s': { N: '28' } }, { FilterExpression: 'score > :s' });
    expect(games(filtered)).toEqual(['10', '100']);
    expect(filtered).toMatchObject({ Count: 2, ScannedCount: 4 });
    const reversed = await queryGames(h, 'player = :p', {}, { ScanIndexForward: false, ProjectionExpression: 'game' });
    expect(reversed.Items).toEqual([
      { game: { N: '100' } },
      { game: { N: '10' } },
      { game: { N: '9' } },
      { game: { N: '2' } },
    ]);
    expect(await queryGames(h, 'player = :p', {}, { Select: 'COUNT' })).toEqual({ Count: 4, ScannedCount: 4 });
  });

  it('pages with Limit and ExclusiveStartKey', async () => {
    const h = await withScores();
    const first = await queryGames(h, 'player = :p', {}, { Limit: 3 });
    expect(games(first)).toEqual(['2', '9', '10']);
    expect(first.LastEvaluatedKey).toEqual({ player: { S: 'ann' }, game: { N: '10' } });
    const second = await queryGames(h, 'player = :p', {}, { Limit: 3, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(games(second)).toEqual(['100']);
    expect(second.LastEvaluatedKey).toBeUndefined();
    const back = await queryGames(h, 'player = :p', {}, { ScanIndexForward: false, Limit: 2 });
    const rest = await queryGames(
      h,
      'player = :p',
      {},
      { ScanIndexForward: false, ExclusiveStartKey: back.LastEvaluatedKey },
    );
    expect(games(rest)).toEqual(['9', '2']);
  });

  it('queries local and global secondary indexes', async () => {
    const h = await withScores();
    const byLevel = await queryGames(
      h,
      'player = :p AND #l >= :l',
      { ':l': { S: 'b' } },
      {
        IndexName: 'ByLevel',
        ExpressionAttributeNames: { '#l': 'level' },
      },
    );
    expect(games(byLevel)).toEqual(['10', '2']);
    const byTeam = await h.call('Query', {
      TableName: 'Scores',
      IndexName: 'ByTeam',
      KeyConditionExpression: 'team = :t',
      ExpressionAttributeValues: { ':t': { S: 'red' } },
      Limit: 2,
    });
    // A KEYS_ONLY index holds the table's key and its own.
    expect(byTeam.output.Items).toEqual([
      { player: { S: 'ann' }, game: { N: '10' }, team: { S: 'red' } },
      { player: { S: 'ann' }, game: { N: '100' }, team: { S: 'red' } },
    ]);
    expect(byTeam.output.LastEvaluatedKey).toEqual({ team: { S: 'red' }, player: { S: 'ann' }, game: { N: '100' } });
    await fails(
      h.call('Query', {
        TableName: 'Scores',
        IndexName: 'ByTeam',
        KeyConditionExpression: 'team = :t',
        ExpressionAttributeValues: { ':t': { S: 'red' } },
        ConsistentRead: true,
      }),
      'ValidationException',
      'Consistent reads are not supported on global secondary indexes',
    );
    await fails(
      queryGames(h, 'player = :p', {}, { IndexName: 'Nope' }),
      'ValidationException',
      'The table does not have the specified index: Nope',
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['game = :g', { ':g': { N: '1' } }, 'Query condition missed key schema element: player'],
    ['player = :p OR game = :g', { ':g': { N: '1' } }, 'Invalid operator used in KeyConditionExpression: OR'],
    ['player = :p AND attribute_exists(game)', {}, 'Invalid operator used in KeyConditionExpression: attribute_exists'],
    ['player = :p AND game <> :g', { ':g': { N: '1' } }, 'Invalid operator used in KeyConditionExpression: <>'],
    ['player > :p', {}, 'Query key condition not supported'],
    ['player = :p AND score = :g', { ':g': { N: '1' } }, 'Query condition missed key schema element: game'],
    [
      'player = :p AND game = :g',
      { ':g': { S: '1' } },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    ['player = :p AND game > :g AND game < :g', { ':g': { N: '1' } }, 'Conditions can be of length 1 or 2 only'],
    ['player = :p AND game = score', {}, 'Invalid KeyConditionExpression: Query key condition not supported'],
  ])('refuses %s', async (condition, values, message) => {
    const h = await withScores();
    await fails(queryGames(h, condition, values), 'ValidationException', message);
  });

  it('refuses a filter on a key attribute', async () => {
    const h = await withScores();
    await fails(
      queryGames(h, 'player = :p', { ':g': { N: '1' } }, { FilterExpression: 'game > :g' }),
      'ValidationException',
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: game',
    );
  });

  it('reports the capacity of the items read', async () => {
    const h = await withScores();
    const output = await queryGames(h, 'player = :p', {}, { ReturnConsumedCapacity: 'TOTAL', ConsistentRead: true });
    expect(output.ConsumedCapacity).toEqual({ TableName: 'Scores', CapacityUnits: 1 });
  });
});

describe('Scan', () => {
  it('reads the whole table, filtered and projected', async () => {
    const h = await withScores();
    const all = await h.call('Scan', { TableName: 'Scores' });
    expect(all.output).toMatchObject({ Count: 5, ScannedCount: 5 });
    const filtered = await h.call('Scan', {
      TableName: 'Scores',
      FilterExpression: 'game > :g AND attribute_exists(team)',
      ProjectionExpression: 'player, game',
      ExpressionAttributeValues: { ':g': { N: '5' } },
    });
    expect(filtered.output.Items).toEqual([
      { player: { S: 'ann' }, game: { N: '9' } },
      { player: { S: 'ann' }, game: { N: '10' } },
      { player: { S: 'ann' }, game: { N: '100' } },
    ]);
    expect(filtered.output).toMatchObject({ Count: 3, ScannedCount: 5 });
    expect((await h.call('Scan', { TableName: 'Scores', Select: 'COUNT' })).output).toEqual({
      Count: 5,
      ScannedCount: 5,
    });
    const index = await h.call('Scan', { TableName: 'Scores', IndexName: 'ByTeam' });
    expect(index.output.Count).toBe(4);
  });

  it('pages and splits into segments', async () => {
    const h = await withScores();
    const seen: Item[] = [];
    let start: unknown;
    do {
      const { output } = await h.call('Scan', { TableName: 'Scores', Limit: 2, ExclusiveStartKey: start });
      seen.push(...(output.Items as Item[]));
      start = output.LastEvaluatedKey;
    } while (start);
    expect(seen).toHaveLength(5);
    const segments = [];
    for (const Segment of [0, 1, 2]) {
      const { output } = await h.call('Scan', { TableName: 'Scores', Segment, TotalSegments: 3 });
      segments.push(...(output.Items as Item[]));
    }
    expect(segments).toHaveLength(5);
    await fails(
      h.call('Scan', { TableName: 'Scores', Segment: 3, TotalSegments: 3 }),
      'ValidationException',
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less than TotalSegments: 3',
    );
  });
});
