/**
 * `cli_timestamp_format = wire` against moto_server, in process over the real Node host: what the CLI
 * prints for a timestamp is what moto sent, byte for byte — IAM's query XML, DynamoDB's JSON epoch
 * seconds, S3's list XML and Last-Modified header — where the default prints ISO 8601 with `+00:00`.
 * What moto sent is read with a plain request of our own to the same resource.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-wire-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
const WIRE = '[default]\ncli_timestamp_format = wire\n';
const ISO = '[default]\n';

async function aws(config: string, ...argv: string[]): Promise<string> {
  const r = await run(argv, { config });
  expect([r.code, r.err]).toEqual([0, '']);
  return r.out;
}

/** moto's answer to a request of our own (moto does not check signatures; the key names the account). */
async function raw(path: string, init: RequestInit & { service: string }): Promise<Response> {
  const auth = `AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/${init.service}/aws4_request, SignedHeaders=host, Signature=0`;
  return fetch(`${moto!.endpoint}${path}`, { ...init, headers: { ...(init.headers as object), authorization: auth } });
}

describe.skipIf(!moto)('cli_timestamp_format = wire against moto_server', () => {
  it("IAM (query): CreateDate is the element's text", async () => {
    await aws(ISO, 'iam', 'create-user', '--user-name', 'wire-bob', '--output', 'off');
    const body = await (
      await raw('/', {
        service: 'iam',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetUser&Version=2010-05-08&UserName=wire-bob',
      })
    ).text();
    const sent = /<CreateDate>([^<]+)<\/CreateDate>/.exec(body)![1]!;
    const query = ['iam', 'get-user', '--user-name', 'wire-bob', '--query', 'User.CreateDate', '--output', 'text'];
    expect(await aws(WIRE, ...query)).toBe(`${sent}\n`);
    expect(await aws(ISO, ...query)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00\n$/);
  });

  it('DynamoDB (json): CreationDateTime is the number moto wrote, as Python prints it', async () => {
    await aws(
      ISO,
      ...['dynamodb', 'create-table', '--table-name', 'wire-table', '--billing-mode', 'PAY_PER_REQUEST'],
      ...['--attribute-definitions', 'AttributeName=k,AttributeType=S', '--key-schema', 'AttributeName=k,KeyType=HASH'],
      ...['--output', 'off'],
    );
    const body = await (
      await raw('/', {
        service: 'dynamodb',
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.DescribeTable' },
        body: '{"TableName": "wire-table"}',
      })
    ).text();
    const sent = /"CreationDateTime":\s*([-0-9.eE+]+)/.exec(body)![1]!;
    const printed = await aws(WIRE, 'dynamodb', 'describe-table', '--table-name', 'wire-table', '--output', 'yaml');
    expect(printed).toContain(`  CreationDateTime: ${sent}\n`);
  });

  it('S3 (rest-xml): LastModified of a listing and of a HEAD, each as sent', async () => {
    await aws(ISO, 's3api', 'create-bucket', '--bucket', 'wire-bucket', '--output', 'off');
    await aws(ISO, 's3api', 'put-object', '--bucket', 'wire-bucket', '--key', 'k', '--output', 'off');
    const listing = await (await raw('/wire-bucket?list-type=2', { service: 's3' })).text();
    const listed = /<LastModified>([^<]+)<\/LastModified>/.exec(listing)![1]!;
    const head = (await raw('/wire-bucket/k', { service: 's3', method: 'HEAD' })).headers.get('last-modified')!;
    const list = ['s3api', 'list-objects-v2', '--bucket', 'wire-bucket', '--query', 'Contents[0].LastModified'];
    expect(JSON.parse(await aws(WIRE, ...list))).toBe(listed);
    const headed = ['s3api', 'head-object', '--bucket', 'wire-bucket', '--key', 'k', '--output', 'table'];
    const row = (await aws(WIRE, ...headed)).split('\n').find((line) => line.includes('LastModified'));
    expect(row?.split('|').map((cell) => cell.trim())).toEqual(['', 'LastModified', head, '']);
  });
});
