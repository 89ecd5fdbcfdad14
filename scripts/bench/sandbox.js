// The sandbox (issue: the embedded AWS), three figures, each against its reference in the same run:
// - 1,000 S3 PutObject and 1,000 GetObject of 1 KiB through the whole wire path in one process (the JS
//   API on `sandbox: 'memory'`), against the same calls from isoaws to moto_server. Target: ≥ 5× faster.
// - `isoaws --sandbox s3 cp` of a 1 GiB file into the Node sandbox (files) and back: peak RSS of each
//   run. Target: ≤ 200 MB.
// - cold `isoaws --sandbox sts get-caller-identity` against the same command sent to a local stub.
//   Target: within 20 ms.
// - DynamoDB: 1,000 PutItem then 1,000 Query calls on a 10,000-item table, in-process against moto_server
//   (target ≥ 5×); a Scan of the 10,000 items with a filter, in sandbox time (target ≤ 100 ms).
// - SQS: 1,000 send/receive/delete round trips, in-process against moto_server (target ≥ 5×).
// Needs `npm run build` (dist/ and dist-node/). BENCH_SANDBOX_CALLS sets the number of calls (default 1000).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianOf, peakRss, sparseFile, startMoto, startStub, timeRun } from './lib.js';

const bin = fileURLToPath(new URL('../../bin/isoaws.js', import.meta.url));
const calls = Number(process.env.BENCH_SANDBOX_CALLS ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 15);
const GiB = 1024 ** 3;

/** 1 KiB puts then gets, timed after 100 of each untimed: both sides are measured warm, as in a long-lived process. */
async function putsAndGets(aws) {
  await aws.send('s3', 'CreateBucket', { Bucket: 'bench-sandbox' });
  const body = new Uint8Array(1024).fill(7);
  for (let i = 0; i < 100; i++) {
    await aws.send('s3', 'PutObject', { Bucket: 'bench-sandbox', Key: `warm${i}`, Body: body });
    await (await aws.send('s3', 'GetObject', { Bucket: 'bench-sandbox', Key: `warm${i}` })).Body.bytes();
  }
  const start = performance.now();
  for (let i = 0; i < calls; i++)
    await aws.send('s3', 'PutObject', { Bucket: 'bench-sandbox', Key: `k${i}`, Body: body });
  const put = performance.now();
  for (let i = 0; i < calls; i++) {
    const got = await aws.send('s3', 'GetObject', { Bucket: 'bench-sandbox', Key: `k${i}` });
    await got.Body.bytes();
  }
  const get = performance.now();
  return { putMs: Math.round(put - start), getMs: Math.round(get - put) };
}

/** A 10,000-item table (100 partitions of 100 items), loaded untimed; then 1,000 puts and 1,000 queries timed. */
async function dynamodbCalls(aws) {
  await aws.send('dynamodb', 'CreateTable', {
    TableName: 'bench',
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
  const item = (i) => ({
    pk: { S: `p${i % 100}` },
    sk: { N: String(i) },
    n: { N: String(i % 7) },
    s: { S: 'x'.repeat(20) },
  });
  for (let i = 0; i < 10_000; i += 25) {
    const batch = Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item(i + j) } }));
    await aws.send('dynamodb', 'BatchWriteItem', { RequestItems: { bench: batch } });
  }
  const start = performance.now();
  for (let i = 0; i < calls; i++) await aws.send('dynamodb', 'PutItem', { TableName: 'bench', Item: item(10_000 + i) });
  const put = performance.now();
  for (let i = 0; i < calls; i++)
    await aws.send('dynamodb', 'Query', {
      TableName: 'bench',
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':p': { S: `p${i % 100}` }, ':a': { N: '0' }, ':b': { N: '2000' } },
    });
  const query = performance.now();
  return { putMs: Math.round(put - start), queryMs: Math.round(query - put) };
}

/** 1,000 send, receive, delete round trips on one queue. */
async function sqsRoundTrips(aws) {
  const { QueueUrl } = await aws.send('sqs', 'CreateQueue', { QueueName: 'bench-queue' });
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    await aws.send('sqs', 'SendMessage', { QueueUrl, MessageBody: `message ${i}` });
    const { Messages } = await aws.send('sqs', 'ReceiveMessage', { QueueUrl });
    await aws.send('sqs', 'DeleteMessage', { QueueUrl, ReceiptHandle: Messages[0].ReceiptHandle });
  }
  return Math.round(performance.now() - start);
}

/** The DynamoDB and SQS figures: the in-process sandbox against moto_server, and a filtered Scan's sandbox time. */
export async function sandboxServices() {
  const { createClient } = await import('../../dist/index.js');
  const local = createClient({ sandbox: 'memory', region: 'us-east-1' });
  const result = { dynamodb: { sandbox: await dynamodbCalls(local) }, sqs: { sandboxMs: await sqsRoundTrips(local) } };
  const scans = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const page = await local.send('dynamodb', 'Scan', {
      TableName: 'bench',
      FilterExpression: 'n = :n',
      ExpressionAttributeValues: { ':n': { N: '3' } },
      Select: 'COUNT',
    });
    scans.push(performance.now() - start);
    if (page.ScannedCount < 10_000) throw new Error(`the scan read ${page.ScannedCount} items, not all`);
  }
  result.dynamodb.scan10kFilteredMs = +scans.sort((a, b) => a - b)[2].toFixed(1);
  const moto = await startMoto();
  if (moto) {
    try {
      const remote = createClient({
        region: 'us-east-1',
        endpointUrl: moto.url,
        credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
      });
      result.dynamodb.moto = await dynamodbCalls(remote);
      result.dynamodb.ratioPut = +(result.dynamodb.moto.putMs / result.dynamodb.sandbox.putMs).toFixed(2);
      result.dynamodb.ratioQuery = +(result.dynamodb.moto.queryMs / result.dynamodb.sandbox.queryMs).toFixed(2);
      result.sqs.motoMs = await sqsRoundTrips(remote);
      result.sqs.ratio = +(result.sqs.motoMs / result.sqs.sandboxMs).toFixed(2);
    } finally {
      moto.stop();
    }
  }
  return result;
}

export async function sandbox() {
  const { createClient } = await import('../../dist/index.js');
  const result = {};
  const moto = await startMoto();
  const inProcess = await putsAndGets(createClient({ sandbox: 'memory', region: 'us-east-1' }));
  result.api1KiB = { calls, sandbox: inProcess };
  if (moto) {
    try {
      const remote = await putsAndGets(
        createClient({
          region: 'us-east-1',
          endpointUrl: moto.url,
          credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
        }),
      );
      result.api1KiB.moto = remote;
      result.api1KiB.ratioPut = +(remote.putMs / inProcess.putMs).toFixed(2);
      result.api1KiB.ratioGet = +(remote.getMs / inProcess.getMs).toFixed(2);
    } finally {
      moto.stop();
    }
  }
  process.stderr.write(`sandbox api1KiB: ${JSON.stringify(result.api1KiB)}\n`);

  const dir = mkdtempSync(join(tmpdir(), 'isoaws-bench-sandbox-'));
  const env = { ...process.env, HOME: dir, ISOAWS_SANDBOX_DIR: join(dir, 'state'), AWS_PAGER: '' };
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[k];
  try {
    const big = join(dir, 'big.bin');
    sparseFile(big, GiB);
    await timeRun(process.execPath, [bin, '--sandbox', 's3', 'mb', 's3://bench-big'], env);
    const cpIn = performance.now();
    const upRss = await peakRss(
      process.execPath,
      [bin, '--sandbox', 's3', 'cp', big, 's3://bench-big/big.bin', '--quiet'],
      env,
    );
    const cpOut = performance.now();
    const downRss = await peakRss(
      process.execPath,
      [bin, '--sandbox', 's3', 'cp', 's3://bench-big/big.bin', join(dir, 'back.bin'), '--quiet'],
      env,
    );
    const done = performance.now();
    if (statSync(join(dir, 'back.bin')).size !== GiB) throw new Error('the 1 GiB download came back short');
    result.cp1GiB = {
      uploadPeakRssMB: upRss,
      downloadPeakRssMB: downRss,
      uploadMs: Math.round(cpOut - cpIn),
      downloadMs: Math.round(done - cpOut),
    };
    process.stderr.write(`sandbox cp1GiB: ${JSON.stringify(result.cp1GiB)}\n`);

    const stub = await startStub();
    try {
      const stubEnv = {
        ...env,
        AWS_ACCESS_KEY_ID: 'AKIDBENCH',
        AWS_SECRET_ACCESS_KEY: 'bench-secret',
        AWS_DEFAULT_REGION: 'us-east-1',
      };
      const sandboxMs = await medianOf(runs, () =>
        timeRun(process.execPath, [bin, '--sandbox', 'sts', 'get-caller-identity'], env),
      );
      const stubMs = await medianOf(runs, () =>
        timeRun(process.execPath, [bin, '--endpoint-url', stub.url, 'sts', 'get-caller-identity'], stubEnv),
      );
      result.coldGetCallerIdentity = { sandboxMs, stubMs, differenceMs: +(sandboxMs - stubMs).toFixed(1) };
    } finally {
      await stub.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv[2];
  const report = only === 'services' ? await sandboxServices() : { ...(await sandbox()), ...(await sandboxServices()) };
  console.log(JSON.stringify(report, null, 2));
}
