/**
 * End-to-end proof of the engine against moto_server: every protocol with state that round-trips,
 * through the public JS API (createClient) and the real Node host.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createClient, ServiceError, type Client } from '../../src/index.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const credentials = { accessKeyId: 'AKIDMOTOEXAMPLE00001', secretAccessKey: 'moto-secret-key' };
// Outside CI a machine without moto skips this file; in CI startMoto throws instead.
const moto: MotoServer | undefined = await startMoto();
const aws: Client = createClient({ region: 'us-east-1', endpointUrl: moto?.endpoint, credentials });
afterAll(async () => {
  await moto?.stop();
});

describe.skipIf(!moto)('engine against moto_server', () => {
  it('query: sts GetCallerIdentity', async () => {
    const out = await aws.send('sts', 'GetCallerIdentity', {});
    expect(out.Account).toMatch(/^\d{12}$/);
    expect(out.Arn).toContain('arn:aws:');
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it('query: iam CreateRole and ListRoles paginated with MaxItems', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    for (const n of [1, 2, 3])
      await aws.send('iam', 'CreateRole', { RoleName: `role-${n}`, AssumeRolePolicyDocument: policy });
    const pages = [];
    for await (const page of aws.paginate('iam', 'ListRoles', { MaxItems: 2 })) pages.push(page);
    const names = pages.flatMap((p) => (p.Roles as Array<{ RoleName: string }>).map((r) => r.RoleName));
    expect(names).toEqual(expect.arrayContaining(['role-1', 'role-2', 'role-3']));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect((pages[0]!.Roles as unknown[]).length).toBe(2);
    expect((pages[0]!.Roles as Array<{ CreateDate: unknown }>)[0]!.CreateDate).toBeInstanceOf(Date);
  });

  it('query: sns CreateTopic, Publish, ListTopics', async () => {
    const { TopicArn } = await aws.send('sns', 'CreateTopic', { Name: 'news' });
    expect(TopicArn).toMatch(/:news$/);
    const published = await aws.send('sns', 'Publish', { TopicArn, Message: 'hello ünïcode' });
    expect(published.MessageId).toBeTruthy();
    const { Topics } = await aws.send('sns', 'ListTopics', {});
    expect(Topics).toContainEqual({ TopicArn });
  });

  it('ec2: CreateKeyPair, DescribeKeyPairs, RunInstances, DescribeInstances with Filters', async () => {
    const key = await aws.send('ec2', 'CreateKeyPair', { KeyName: 'k1' });
    expect(key.KeyMaterial).toContain('PRIVATE KEY');
    const { KeyPairs } = await aws.send('ec2', 'DescribeKeyPairs', { KeyNames: ['k1'] });
    expect((KeyPairs as Array<{ KeyName: string }>).map((k) => k.KeyName)).toEqual(['k1']);
    const run = await aws.send('ec2', 'RunInstances', {
      ImageId: 'ami-12c6146b',
      MinCount: 2,
      MaxCount: 2,
      InstanceType: 't2.micro',
      KeyName: 'k1',
      UserData: 'echo hi',
    });
    const ids = (run.Instances as Array<{ InstanceId: string }>).map((i) => i.InstanceId);
    expect(ids).toHaveLength(2);
    const described = await aws.send('ec2', 'DescribeInstances', {
      Filters: [
        { Name: 'instance-type', Values: ['t2.micro'] },
        { Name: 'key-name', Values: ['k1'] },
      ],
    });
    const found = (
      described.Reservations as Array<{ Instances: Array<{ InstanceId: string; LaunchTime: unknown }> }>
    ).flatMap((r) => r.Instances);
    expect(found.map((i) => i.InstanceId).sort()).toEqual([...ids].sort());
    expect(found[0]!.LaunchTime).toBeInstanceOf(Date);
    const none = await aws.send('ec2', 'DescribeInstances', {
      Filters: [{ Name: 'instance-type', Values: ['m5.large'] }],
    });
    expect(none.Reservations).toEqual([]);
  });

  it('json 1.0: dynamodb CreateTable + TableExists waiter, items of every attribute type', async () => {
    await aws.send('dynamodb', 'CreateTable', {
      TableName: 'music',
      KeySchema: [
        { AttributeName: 'artist', KeyType: 'HASH' },
        { AttributeName: 'song', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'artist', AttributeType: 'S' },
        { AttributeName: 'song', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await aws.waitFor('dynamodb', 'TableExists', { TableName: 'music' });
    const item = {
      artist: { S: 'Nina' },
      song: { S: 'Sinnerman' },
      year: { N: '1965' },
      cover: { B: new Uint8Array([0, 1, 2, 255]) },
      tags: { SS: ['jazz', 'soul'] },
      plays: { NS: ['1', '2.5'] },
      blobs: { BS: [new Uint8Array([7]), new Uint8Array([8, 9])] },
      live: { BOOL: true },
      nothing: { NULL: true },
      credits: { L: [{ S: 'piano' }, { N: '1' }] },
      meta: { M: { label: { S: 'Philips' }, nested: { M: { deep: { BOOL: false } } } } },
    };
    await aws.send('dynamodb', 'PutItem', { TableName: 'music', Item: item });
    await aws.send('dynamodb', 'PutItem', {
      TableName: 'music',
      Item: { artist: { S: 'Nina' }, song: { S: 'Feeling Good' } },
    });
    const got = await aws.send('dynamodb', 'GetItem', {
      TableName: 'music',
      Key: { artist: { S: 'Nina' }, song: { S: 'Sinnerman' } },
    });
    const back = got.Item as Record<string, Record<string, unknown>>;
    expect(back.cover!.B).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(back.blobs!.BS).toEqual([new Uint8Array([7]), new Uint8Array([8, 9])]);
    expect(back.meta).toEqual(item.meta);
    expect(back.nothing).toEqual({ NULL: true });
    expect([...(back.tags!.SS as string[])].sort()).toEqual(['jazz', 'soul']);
    const q = await aws.send('dynamodb', 'Query', {
      TableName: 'music',
      KeyConditionExpression: 'artist = :a',
      ExpressionAttributeValues: { ':a': { S: 'Nina' } },
    });
    expect(q.Count).toBe(2);
    const s = await aws.send('dynamodb', 'Scan', {
      TableName: 'music',
      FilterExpression: 'attribute_exists(#y)',
      ExpressionAttributeNames: { '#y': 'year' },
    });
    expect(s.Count).toBe(1);
  });

  it('query: sqs CreateQueue, SendMessage, ReceiveMessage', async () => {
    const { QueueUrl } = await aws.send('sqs', 'CreateQueue', { QueueName: 'jobs' });
    expect(QueueUrl).toContain('jobs');
    const sent = await aws.send('sqs', 'SendMessage', {
      QueueUrl,
      MessageBody: 'payload ✓',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } },
    });
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('payload ✓').digest('hex'));
    const got = await aws.send('sqs', 'ReceiveMessage', {
      QueueUrl,
      MaxNumberOfMessages: 1,
      MessageAttributeNames: ['All'],
    });
    expect((got.Messages as Array<{ Body: string }>)[0]!.Body).toBe('payload ✓');
  });

  it('rest-json: glacier CreateVault, DescribeVault, UploadArchive', async () => {
    await aws.send('glacier', 'CreateVault', { vaultName: 'photos' });
    const d = await aws.send('glacier', 'DescribeVault', { vaultName: 'photos' });
    expect(d.VaultName).toBe('photos');
    const body = new TextEncoder().encode('archive bytes');
    // The tree-hash header is the transfer issue's; for one chunk under 1 MiB it equals the plain SHA-256.
    const checksum = createHash('sha256').update(body).digest('hex');
    const up = await aws.send('glacier', 'UploadArchive', { vaultName: 'photos', body, checksum });
    expect(up.archiveId).toBeTruthy();
  });

  it('rest-xml: s3 CreateBucket, PutObject, streaming GetObject, ListObjectsV2 paginated, DeleteObjects, NoSuchKey', async () => {
    await aws.send('s3', 'CreateBucket', { Bucket: 'isoaws-e2e' });
    const keys = ['a.txt', 'b/c.txt', 'd e+f.txt', 'ü.txt', 'z.txt'];
    for (const Key of keys)
      await aws.send('s3', 'PutObject', {
        Bucket: 'isoaws-e2e',
        Key,
        Body: new TextEncoder().encode(`body of ${Key}`),
      });
    const got = await aws.send('s3', 'GetObject', { Bucket: 'isoaws-e2e', Key: 'd e+f.txt' });
    expect(got.Body).toBeInstanceOf(ReadableStream);
    expect(await (got.Body as { text(): Promise<string> }).text()).toBe('body of d e+f.txt');
    expect(got.ContentLength).toBe('body of d e+f.txt'.length);
    const listed: string[] = [];
    let pages = 0;
    for await (const page of aws.paginate('s3', 'ListObjectsV2', { Bucket: 'isoaws-e2e', MaxKeys: 2 })) {
      pages++;
      listed.push(...((page.Contents as Array<{ Key: string }> | undefined) ?? []).map((c) => c.Key));
    }
    expect(pages).toBe(3);
    expect(listed).toEqual([...keys].sort());
    const del = await aws.send('s3', 'DeleteObjects', {
      Bucket: 'isoaws-e2e',
      Delete: { Objects: keys.slice(0, 2).map((Key) => ({ Key })) },
    });
    expect((del.Deleted as unknown[]).length).toBe(2);
    const err = await aws.send('s3', 'GetObject', { Bucket: 'isoaws-e2e', Key: 'a.txt' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe('NoSuchKey');
    expect((err as ServiceError).statusCode).toBe(404);
  });
});
