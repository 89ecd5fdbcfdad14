/** What the DynamoDB handler tests share: tables made as the user guide makes them, and expected failures. */
import { expect } from 'vitest';
import { handlers } from '../../src/sandbox/services/dynamodb/index.js';
import { harness, type Harness } from './support.js';

export async function fails(promise: Promise<unknown>, code: string, message?: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; statusCode: number; message: string } & Record<string, unknown>,
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(error).toMatchObject({ code, statusCode: 400 });
  if (message !== undefined) expect(error!.message).toMatch(message);
  return error!;
}

/** A harness with the user guide's MusicCollection (Artist, SongTitle; 1/1 provisioned) and Books (isbn; on demand). */
export async function withTables(): Promise<Harness> {
  const h = harness('dynamodb', handlers);
  await h.call('CreateTable', {
    TableName: 'MusicCollection',
    AttributeDefinitions: [
      { AttributeName: 'Artist', AttributeType: 'S' },
      { AttributeName: 'SongTitle', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'Artist', KeyType: 'HASH' },
      { AttributeName: 'SongTitle', KeyType: 'RANGE' },
    ],
    ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
  });
  await h.call('CreateTable', {
    TableName: 'Books',
    AttributeDefinitions: [{ AttributeName: 'isbn', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'isbn', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  return h;
}
