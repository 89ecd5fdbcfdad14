/**
 * The sandbox through the library (`createClient({ sandbox })`) and on the raw wire: each service
 * answers the engine's own requests; signatures, dates, keys and bodies are checked as AWS checks them;
 * and whatever arrives, the answer is AWS's error, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createNodeHost } from '../../src/adapters/node/host.js';
import type { Host, HttpRequest, HttpResponse } from '../../src/core/host.js';
import { ServiceError } from '../../src/core/errors.js';
import { signRequest } from '../../src/core/signing/sigv4.js';
import { treeHash } from '../../src/core/checksums/tree-hash.js';
import { createSandbox } from '../../src/sandbox/sandbox.js';
import { withSandbox } from '../../src/sandbox/host.js';
import { ROOT_KEYS } from '../../src/sandbox/identity.js';
import { memoryStore } from '../../src/sandbox/store.js';

const nodeHost = createNodeHost({ env: {}, homeDir: '/nonexistent-home' });

/** A sandbox on a fresh memory store, and a host that talks to it with its own (possibly skewed) clock. */
function setup(skewMs = 0) {
  const sandbox = createSandbox({
    store: memoryStore(),
    models: nodeHost.models,
    now: () => new Date(),
    random: Math.random,
  });
  const host: Host = withSandbox({ ...nodeHost, now: () => new Date(Date.now() + skewMs) }, sandbox);
  return { sandbox, host, client: (extra = {}) => createClient({ host, ...extra }) };
}

async function text(res: HttpResponse): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of res.body) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** A request signed with the sandbox's root keys, as a client other than isoaws might send it. */
async function signed(req: HttpRequest & { body?: Uint8Array }, service: string): Promise<HttpRequest> {
  return signRequest(req, {
    credentials: ROOT_KEYS,
    region: 'us-east-1',
    service,
    now: new Date(),
    s3: service === 's3',
  });
}

describe('the library on the sandbox', () => {
  it('answers STS, IAM, S3 and Glacier with the sandbox account and nothing configured', async () => {
    const aws = setup().client();
    expect(await aws.send('sts', 'GetCallerIdentity')).toMatchObject({ Account: '123456789012' });
    await aws.send('iam', 'CreateUser', { UserName: 'ada' });
    expect(((await aws.send('iam', 'ListUsers')).Users as Array<{ UserName: string }>).map((u) => u.UserName)).toEqual([
      'ada',
    ]);
    await aws.send('s3', 'CreateBucket', { Bucket: 'lib-bucket' });
    await aws.send('s3', 'PutObject', {
      Bucket: 'lib-bucket',
      Key: 'a b/ü.txt',
      Body: 'hello',
      ContentType: 'text/plain',
    });
    const got = await aws.send('s3', 'GetObject', { Bucket: 'lib-bucket', Key: 'a b/ü.txt' });
    expect(await (got.Body as { text(): Promise<string> }).text()).toBe('hello');
    expect(got).toMatchObject({
      ContentType: 'text/plain',
      ContentLength: 5,
      ETag: '"5d41402abc4b2a76b9719d911017c592"',
    });
    await aws.send('glacier', 'CreateVault', { vaultName: 'v' });
    const archive = await aws.send('glacier', 'UploadArchive', {
      vaultName: 'v',
      body: new TextEncoder().encode('data'),
    });
    expect(archive.checksum).toBe(await treeHash(new TextEncoder().encode('data')));
  });

  it('answers DynamoDB, SQS, SNS (delivering into a queue, raw) and EC2', async () => {
    const aws = setup().client();
    await aws.send('dynamodb', 'CreateTable', {
      TableName: 'lib-table',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await aws.send('dynamodb', 'PutItem', { TableName: 'lib-table', Item: { id: { S: 'x' }, n: { N: '1' } } });
    const updated = await aws.send('dynamodb', 'UpdateItem', {
      TableName: 'lib-table',
      Key: { id: { S: 'x' } },
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': { N: '41' } },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(updated.Attributes).toEqual({ n: { N: '42' } });
    const { QueueUrl } = (await aws.send('sqs', 'CreateQueue', { QueueName: 'lib-queue' })) as unknown as {
      QueueUrl: string;
    };
    const { TopicArn } = (await aws.send('sns', 'CreateTopic', { Name: 'lib-topic' })) as unknown as {
      TopicArn: string;
    };
    const { SubscriptionArn } = (await aws.send('sns', 'Subscribe', {
      TopicArn,
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:us-east-1:123456789012:lib-queue',
      Attributes: { RawMessageDelivery: 'true' },
      ReturnSubscriptionArn: true,
    })) as unknown as { SubscriptionArn: string };
    expect(SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:lib-topic:[0-9a-f-]{36}$/);
    await aws.send('sns', 'Publish', {
      TopicArn,
      Message: 'raw body',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
    });
    const got = await aws.send('sqs', 'ReceiveMessage', { QueueUrl, MessageAttributeNames: ['All'] });
    expect(got.Messages).toMatchObject([{ Body: 'raw body', MessageAttributes: { kind: { StringValue: 'test' } } }]);
    const described = await aws.send('ec2', 'DescribeVpcs', { Filters: [{ Name: 'is-default', Values: ['true'] }] });
    expect(described.Vpcs).toMatchObject([{ CidrBlock: '172.31.0.0/16', IsDefault: true }]);
  });

  it('keeps a streamed upload with its aws-chunked trailer checksum, and refuses one that does not match', async () => {
    const { client } = setup();
    const aws = client();
    await aws.send('s3', 'CreateBucket', { Bucket: 'chunked' });
    async function* body() {
      yield new TextEncoder().encode('streamed ');
      yield new TextEncoder().encode('body');
    }
    await aws.send('s3', 'PutObject', { Bucket: 'chunked', Key: 'k', Body: body(), ContentLength: 13 });
    const head = await aws.send('s3', 'HeadObject', { Bucket: 'chunked', Key: 'k', ChecksumMode: 'ENABLED' });
    expect(head).toMatchObject({ ContentLength: 13, ChecksumCRC32: expect.any(String) });
    const bad = await failure(
      aws.send('s3', 'PutObject', { Bucket: 'chunked', Key: 'k2', Body: 'abc', ChecksumCRC32: 'AAAAAA==' }),
    );
    expect(bad.code).toBe('BadDigest');
  });

  it('signs with keys IAM creates and credentials STS hands out', async () => {
    const { client } = setup();
    const root = client();
    await root.send('iam', 'CreateUser', { UserName: 'bob' });
    const { AccessKey } = (await root.send('iam', 'CreateAccessKey', { UserName: 'bob' })) as unknown as {
      AccessKey: { AccessKeyId: string; SecretAccessKey: string };
    };
    const bob = client({
      credentials: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey },
    });
    expect((await bob.send('sts', 'GetCallerIdentity')).Arn).toBe('arn:aws:iam::123456789012:user/bob');
    const { Credentials } = (await bob.send('sts', 'GetSessionToken')) as unknown as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    };
    const session = client({
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
      },
    });
    expect((await session.send('sts', 'GetCallerIdentity')).Arn).toBe('arn:aws:iam::123456789012:user/bob');
    const forged = client({
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: 'x',
      },
    });
    expect((await failure(forged.send('sts', 'GetCallerIdentity'))).code).toBe('InvalidClientTokenId');
  });

  it('serves presigned GET and PUT URLs and refuses an expired one', async () => {
    const { client, sandbox } = setup();
    const aws = client();
    await aws.send('s3', 'CreateBucket', { Bucket: 'presigned' });
    const put = await aws.presign('s3', 'PutObject', { Bucket: 'presigned', Key: 'up.txt' });
    const up = await sandbox.send({ method: 'PUT', url: put, headers: {}, body: new TextEncoder().encode('via url') });
    expect(up.statusCode).toBe(200);
    const get = await aws.presign('s3', 'GetObject', { Bucket: 'presigned', Key: 'up.txt' }, { expiresIn: 60 });
    const res = await sandbox.send({ method: 'GET', url: get, headers: {} });
    expect([res.statusCode, await text(res)]).toEqual([200, 'via url']);
    const tampered = await sandbox.send({ method: 'GET', url: get.replace('up.txt', 'other.txt'), headers: {} });
    expect(tampered.statusCode).toBe(403);
    expect(await text(tampered)).toContain('<Code>SignatureDoesNotMatch</Code>');
    const stale = setup(-2 * 3600_000);
    await stale
      .client()
      .send('s3', 'CreateBucket', { Bucket: 'presigned' })
      .catch(() => {});
    const old = await stale
      .client()
      .presign('s3', 'GetObject', { Bucket: 'presigned', Key: 'up.txt' }, { expiresIn: 60 });
    const expired = await sandbox.send({ method: 'GET', url: old, headers: {} });
    expect(expired.statusCode).toBe(403);
    expect(await text(expired)).toContain('<Message>Request has expired</Message>');
  });
});

describe('errors with modeled members', () => {
  it("carry DynamoDB's CancellationReasons and the item of a failed condition to the client", async () => {
    const aws = setup().client();
    await aws.send('dynamodb', 'CreateTable', {
      TableName: 'members',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await aws.send('dynamodb', 'PutItem', { TableName: 'members', Item: { id: { S: 'a' }, n: { N: '1' } } });
    const failed = await failure(
      aws.send('dynamodb', 'PutItem', {
        TableName: 'members',
        Item: { id: { S: 'a' } },
        ConditionExpression: 'attribute_not_exists(id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    expect([failed.code, failed.data.Item]).toEqual([
      'ConditionalCheckFailedException',
      { id: { S: 'a' }, n: { N: '1' } },
    ]);
    const cancelled = await failure(
      aws.send('dynamodb', 'TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: 'members', Item: { id: { S: 'b' } } } },
          { Put: { TableName: 'members', Item: { id: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(id)' } },
        ],
      }),
    );
    expect(cancelled.code).toBe('TransactionCanceledException');
    expect(cancelled.data.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
  });
});

describe('signatures, keys and dates, checked as AWS checks them', () => {
  it('refuses a wrong secret: S3 shows the canonical request and string to sign it computed', async () => {
    const { host, sandbox } = setup();
    const wrong = createClient({ host, credentials: { accessKeyId: ROOT_KEYS.accessKeyId, secretAccessKey: 'wrong' } });
    const iam = await failure(wrong.send('iam', 'ListUsers'));
    expect([iam.code, iam.statusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    const s3 = await failure(wrong.send('s3', 'ListBuckets'));
    expect([s3.code, s3.statusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    const req = await signRequest(
      { method: 'GET', url: 'https://s3.us-east-1.amazonaws.com/', headers: {} },
      {
        credentials: { ...ROOT_KEYS, secretAccessKey: 'wrong' },
        region: 'us-east-1',
        service: 's3',
        now: new Date(),
        s3: true,
      },
    );
    const body = await text(await sandbox.send(req));
    expect(body).toContain('<CanonicalRequest>GET\n/\n\nhost:s3.us-east-1.amazonaws.com\n');
    expect(body).toMatch(
      /<StringToSign>AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}<\/StringToSign>/,
    );
    expect(body).toContain(`<AWSAccessKeyId>${ROOT_KEYS.accessKeyId}</AWSAccessKeyId>`);
  });

  it('refuses an unknown key and a clock 20 minutes off', async () => {
    const { host } = setup();
    const stranger = createClient({ host, credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' } });
    expect((await failure(stranger.send('sts', 'GetCallerIdentity'))).code).toBe('InvalidClientTokenId');
    expect((await failure(stranger.send('s3', 'ListBuckets'))).code).toBe('InvalidAccessKeyId');
    const skewed = setup(20 * 60_000).client({ maxAttempts: 1 });
    const s3 = await failure(skewed.send('s3', 'ListBuckets'));
    expect(s3.code).toBe('RequestTimeTooSkewed');
    const iam = await failure(skewed.send('iam', 'ListUsers'));
    expect(iam.code).toBe('SignatureDoesNotMatch');
    expect(iam.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  it('refuses unsigned requests, a missing payload hash, a changed body and bodies not in the protocol', async () => {
    const { sandbox } = setup();
    const anonymous = await sandbox.send({ method: 'GET', url: 'https://s3.us-east-1.amazonaws.com/', headers: {} });
    expect([anonymous.statusCode, await text(anonymous)]).toEqual([
      403,
      expect.stringContaining('<Code>AccessDenied</Code>'),
    ]);
    const iamAnonymous = await sandbox.send({
      method: 'POST',
      url: 'https://iam.amazonaws.com/',
      headers: {},
      body: new TextEncoder().encode('Action=ListUsers&Version=2010-05-08'),
    });
    expect(await text(iamAnonymous)).toContain('<Code>MissingAuthenticationToken</Code>');

    const noHash = await signRequest(
      { method: 'GET', url: 'https://s3.us-east-1.amazonaws.com/', headers: {} },
      { credentials: ROOT_KEYS, region: 'us-east-1', service: 's3', now: new Date() },
    );
    const missing = await sandbox.send(noHash);
    expect(await text(missing)).toContain('Missing required header for this request: x-amz-content-sha256');

    const form = await signed(
      {
        method: 'POST',
        url: 'https://iam.amazonaws.com/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new TextEncoder().encode('Action=ListUsers&Version=2010-05-08'),
      },
      'iam',
    );
    const changed = await sandbox.send({
      ...form,
      body: new TextEncoder().encode('Action=ListRoles&Version=2010-05-08'),
    });
    expect([changed.statusCode, await text(changed)]).toEqual([
      403,
      expect.stringContaining('<Code>SignatureDoesNotMatch</Code>'),
    ]);
    const noAction = await sandbox.send(
      await signed(
        {
          method: 'POST',
          url: 'https://iam.amazonaws.com/',
          headers: {},
          body: new TextEncoder().encode('Version=2010-05-08'),
        },
        'iam',
      ),
    );
    expect(await text(noAction)).toContain('<Code>MissingAction</Code>');
    const badAction = await sandbox.send(
      await signed(
        {
          method: 'POST',
          url: 'https://iam.amazonaws.com/',
          headers: {},
          body: new TextEncoder().encode('Action=Nope&Version=2010-05-08'),
        },
        'iam',
      ),
    );
    expect(await text(badAction)).toContain('<Code>InvalidAction</Code>');
    const invalid = await sandbox.send(
      await signed(
        {
          method: 'POST',
          url: 'https://iam.amazonaws.com/',
          headers: {},
          body: new TextEncoder().encode('Action=CreateUser&Version=2010-05-08'),
        },
        'iam',
      ),
    );
    expect([invalid.statusCode, await text(invalid)]).toEqual([
      400,
      expect.stringContaining('<Code>ValidationError</Code>'),
    ]);

    await setupBucket(sandbox);
    const xml = await sandbox.send(
      await signed(
        {
          method: 'PUT',
          url: 'https://s3.us-east-1.amazonaws.com/raw-bucket?tagging',
          headers: {},
          body: new TextEncoder().encode('<Tagging><TagSet>'),
        },
        's3',
      ),
    );
    expect([xml.statusCode, await text(xml)]).toEqual([400, expect.stringContaining('<Code>MalformedXML</Code>')]);
    const json = await sandbox.send(
      await signed(
        {
          method: 'POST',
          url: 'https://glacier.us-east-1.amazonaws.com/-/vaults/v/tags?operation=add',
          headers: {},
          body: new TextEncoder().encode('{not json'),
        },
        'glacier',
      ),
    );
    expect([json.statusCode, json.headers['x-amzn-errortype']]).toEqual([400, 'SerializationException']);
    const chunked = await sandbox.send(
      await signed(
        {
          method: 'PUT',
          url: 'https://s3.us-east-1.amazonaws.com/raw-bucket/k',
          headers: { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
          body: new TextEncoder().encode('zz\r\nnot hex'),
        },
        's3',
      ),
    );
    expect([chunked.statusCode, await text(chunked)]).toEqual([
      400,
      expect.stringContaining('<Code>IncompleteBody</Code>'),
    ]);
  });

  it('says which operations it does not simulate, with HTTP 501', async () => {
    const aws = setup().client({ maxAttempts: 1 });
    const lambda = await failure(aws.send('lambda', 'ListFunctions'));
    expect([lambda.code, lambda.statusCode]).toEqual(['NotImplemented', 501]);
    expect(lambda.message).toContain('The sandbox does not simulate Lambda (ListFunctions)');
    await aws.send('s3', 'CreateBucket', { Bucket: 'not-simulated' });
    const s3 = await failure(aws.send('s3', 'GetBucketAnalyticsConfiguration', { Bucket: 'not-simulated', Id: 'x' }));
    expect([s3.code, s3.statusCode, s3.message]).toEqual([
      'NotImplemented',
      501,
      "The sandbox does not simulate S3 GetBucketAnalyticsConfiguration; it answers S3's other operations.",
    ]);
  });
});

async function setupBucket(sandbox: ReturnType<typeof createSandbox>) {
  const res = await sandbox.send(
    await signed(
      {
        method: 'PUT',
        url: 'https://s3.us-east-1.amazonaws.com/raw-bucket',
        headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      },
      's3',
    ),
  );
  expect(res.statusCode).toBe(200);
}
