/**
 * The browser build in real Chromium: the Vite build of web/ is served locally and the page, through
 * `window.isoaws.createClient`, makes signed s3 and dynamodb calls to moto_server (S3 through a CORS
 * gateway, see test/support/cors-gateway.ts), and `window.isoaws.treeHash` computes the upstream
 * Glacier tree-hash vectors.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FIXTURES, REPO_ROOT } from '../conformance/fixtures.js';
import { launchChromium } from '../support/browser.js';
import { startMoto } from '../support/moto.js';
import { serveDirectory } from '../../scripts/static-server.js';
import { treeHash } from '../../src/core/checksums/tree-hash.js';
import { startCorsGateway } from '../support/cors-gateway.js';

const moto = await startMoto();
const browser: Browser | undefined = moto ? await launchChromium() : undefined;
// With every test skipped Vitest runs no hooks, so a moto_server started for nothing is stopped here.
if (!browser) await moto?.stop();
let site: Awaited<ReturnType<typeof serveDirectory>> | undefined;
let page: Page | undefined;
let gateway: Awaited<ReturnType<typeof startCorsGateway>> | undefined;

if (browser) {
  gateway = await startCorsGateway(moto!.endpoint);
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  site = await serveDirectory(join(REPO_ROOT, 'web-dist'));
  page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => 'isoaws' in window);
}

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await gateway?.close();
  await moto?.stop();
});

describe.skipIf(!browser)('browser build against moto_server', () => {
  it('signs and sends s3 calls: CreateBucket, PutObject, GetObject, ListObjectsV2', async () => {
    const result = await page!.evaluate(async (endpointUrl) => {
      const aws = window.isoaws.createClient({
        region: 'us-east-1',
        endpointUrl,
        credentials: { accessKeyId: 'AKIDBROWSER', secretAccessKey: 'browser-secret' },
      });
      await aws.send('s3', 'CreateBucket', { Bucket: 'from-the-browser' });
      await aws.send('s3', 'PutObject', {
        Bucket: 'from-the-browser',
        Key: 'hello.txt',
        Body: new TextEncoder().encode('hello from chromium'),
        ContentType: 'text/plain',
      });
      const got = await aws.send('s3', 'GetObject', { Bucket: 'from-the-browser', Key: 'hello.txt' });
      const listed = await aws.send('s3', 'ListObjectsV2', { Bucket: 'from-the-browser' });
      return {
        text: await (got.Body as unknown as { text(): Promise<string> }).text(),
        contentType: got.ContentType,
        keys: (listed.Contents as Array<{ Key: string }>).map((c) => c.Key),
        modifiedIsDate: (listed.Contents as Array<{ LastModified: unknown }>)[0]!.LastModified instanceof Date,
      };
    }, gateway!.url);
    expect(result).toEqual({
      text: 'hello from chromium',
      contentType: 'text/plain',
      keys: ['hello.txt'],
      modifiedIsDate: true,
    });
  });

  it('computes the upstream Glacier tree-hash vectors, as Node does', async () => {
    const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'glacier/treehash.json'), 'utf8')) as {
      cases: Array<{ size: number; treeHash: string }>;
    };
    const hashes = await page!.evaluate(
      async (sizes) =>
        Promise.all(
          sizes.map((size) => {
            const bytes = new Uint8Array(size);
            for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 251;
            return window.isoaws.treeHash(bytes);
          }),
        ),
      cases.map((c) => c.size),
    );
    expect(hashes).toEqual(cases.map((c) => c.treeHash));
  });

  it('signs and sends dynamodb calls: CreateTable, PutItem, GetItem', async () => {
    const item = await page!.evaluate(async (endpointUrl) => {
      const aws = window.isoaws.createClient({
        region: 'us-east-1',
        endpointUrl,
        credentials: { accessKeyId: 'AKIDBROWSER', secretAccessKey: 'browser-secret' },
      });
      await aws.send('dynamodb', 'CreateTable', {
        TableName: 'web',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
      await aws.send('dynamodb', 'PutItem', {
        TableName: 'web',
        Item: { id: { S: 'a' }, n: { N: '42' }, b: { B: new Uint8Array([1, 2, 3]) } },
      });
      const got = await aws.send('dynamodb', 'GetItem', { TableName: 'web', Key: { id: { S: 'a' } } });
      const it = got.Item as Record<string, Record<string, unknown>>;
      return { id: it.id, n: it.n, b: Array.from(it.b!.B as Uint8Array) };
    }, moto!.endpoint);
    expect(item).toEqual({ id: { S: 'a' }, n: { N: '42' }, b: [1, 2, 3] });
  });
});

describe.skipIf(!browser)('the sandbox in the page', () => {
  it('answers the library and the CLI from IndexedDB, and keeps its state across a reload', async () => {
    const before = await page!.evaluate(async () => {
      const aws = window.isoaws.createClient({ sandbox: true });
      const who = await aws.send('sts', 'GetCallerIdentity');
      await aws.send('s3', 'CreateBucket', { Bucket: 'page-bucket' });
      await aws.send('s3', 'PutObject', { Bucket: 'page-bucket', Key: 'note.txt', Body: 'kept in IndexedDB' });
      await aws.send('iam', 'CreateUser', { UserName: 'page-user' });
      await aws.send('glacier', 'CreateVault', { vaultName: 'page-vault' });
      const archive = await aws.send('glacier', 'UploadArchive', {
        vaultName: 'page-vault',
        body: new TextEncoder().encode('archived'),
      });
      return { account: who.Account, checksum: archive.checksum };
    });
    expect(before).toEqual({ account: '123456789012', checksum: await treeHash(new TextEncoder().encode('archived')) });

    await page!.reload();
    await page!.waitForFunction(() => 'isoaws' in window);
    const after = await page!.evaluate(async () => {
      const aws = window.isoaws.createClient({ sandbox: true });
      const got = await aws.send('s3', 'GetObject', { Bucket: 'page-bucket', Key: 'note.txt' });
      const users = await aws.send('iam', 'ListUsers');
      const vault = await aws.send('glacier', 'DescribeVault', { vaultName: 'page-vault' });
      let out = '';
      const host = window.isoaws.createWebHost({ backend: 'sandbox', stdout: { write: (t) => (out += String(t)) } });
      const code = await window.isoaws.createCli({ host }).run(['s3', 'ls', 's3://page-bucket']);
      return {
        text: await (got.Body as unknown as { text(): Promise<string> }).text(),
        users: (users.Users as Array<{ UserName: string }>).map((u) => u.UserName),
        archives: vault.NumberOfArchives,
        code,
        listed: out.trim().slice(19).trim(),
      };
    });
    expect(after).toEqual({
      text: 'kept in IndexedDB',
      users: ['page-user'],
      archives: 1,
      code: 0,
      listed: '17 note.txt',
    });
  });
});

describe.skipIf(!browser)('the sandbox in the page: DynamoDB, SNS into SQS, EC2', () => {
  it('answers from IndexedDB, delivering a published message into a queue', async () => {
    const result = await page!.evaluate(async () => {
      const aws = window.isoaws.createClient({ sandbox: true });
      await aws.send('dynamodb', 'CreateTable', {
        TableName: 'page-table',
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
      for (const sk of ['1', '2', '3'])
        await aws.send('dynamodb', 'PutItem', { TableName: 'page-table', Item: { pk: { S: 'a' }, sk: { N: sk } } });
      const query = await aws.send('dynamodb', 'Query', {
        TableName: 'page-table',
        KeyConditionExpression: 'pk = :p AND sk > :s',
        ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { N: '1' } },
      });
      const { QueueUrl } = await aws.send('sqs', 'CreateQueue', { QueueName: 'page-queue' });
      const { TopicArn } = await aws.send('sns', 'CreateTopic', { Name: 'page-topic' });
      await aws.send('sns', 'Subscribe', {
        TopicArn,
        Protocol: 'sqs',
        Endpoint: 'arn:aws:sqs:us-east-1:123456789012:page-queue',
      });
      await aws.send('sns', 'Publish', { TopicArn, Message: 'from the page', Subject: 'hi' });
      const received = await aws.send('sqs', 'ReceiveMessage', { QueueUrl, WaitTimeSeconds: 1 });
      const messages = received.Messages as Array<{ Body: string }>;
      const reservation = await aws.send('ec2', 'RunInstances', {
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't2.micro',
      });
      return {
        items: (query.Items as Array<{ sk: { N: string } }>).map((i) => i.sk.N),
        envelope: JSON.parse(messages[0]!.Body) as { Type: string; Message: string; Subject: string; TopicArn: string },
        state: (reservation.Instances as Array<{ State: { Name: string } }>)[0]!.State.Name,
      };
    });
    expect(result.items).toEqual(['2', '3']);
    expect(result.envelope).toMatchObject({
      Type: 'Notification',
      Message: 'from the page',
      Subject: 'hi',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:page-topic',
    });
    expect(result.state).toBe('pending');
  });
});
