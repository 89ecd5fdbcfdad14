/**
 * `cli_timestamp_format = wire` through the CLI, per protocol: every timestamp printed as the response
 * carried it (XML and header text as written, JSON numbers as Python reads them: `1.7E9` a float that
 * prints `1700000000.0`, `1700000000` an int) in each output format and through --query, as AWS CLI v2
 * 2.9.19 prints them (test/clidiff/wire-timestamps.yaml holds isoaws to the reference itself). The default,
 * iso8601, is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpResponse } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const WIRE = '[default]\nregion = us-east-1\ncli_timestamp_format = wire\n';
const ISO = '[default]\nregion = us-east-1\n';

async function aws(config: string, argv: string[], answer: () => HttpResponse) {
  const host = createMemoryHost(answer, { env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' } });
  await host.fs.writeFile('/home/test/.aws/config', config);
  const code = await runCli(argv, host);
  return { code, out: host.out.join(''), err: host.err.join('') };
}

const TABLE = JSON.stringify({
  Table: {
    TableName: 'tbl',
    CreationDateTime: 1.7e9,
    ProvisionedThroughput: { LastIncreaseDateTime: 1700000000, LastDecreaseDateTime: 1700000000.123 },
    ArchivalSummary: { ArchivalDateTime: '2023-11-14T22:13:20Z' },
  },
})
  // JSON.stringify writes 1.7e9 as 1700000000; the service writes it as a float.
  .replace('"CreationDateTime":1700000000', '"CreationDateTime":1.7E9');
const describeTable = () => reply(200, TABLE, { 'content-type': 'application/x-amz-json-1.0' });

describe('cli_timestamp_format = wire, json protocol (dynamodb describe-table)', () => {
  const argv = ['dynamodb', 'describe-table', '--table-name', 'tbl'];

  it('prints a float as a Python float, an int as an int, text as text (json)', async () => {
    const { code, out } = await aws(WIRE, [...argv, '--output', 'json'], describeTable);
    expect(code).toBe(0);
    expect(out).toContain('"CreationDateTime": 1700000000.0,');
    expect(out).toContain('"LastIncreaseDateTime": 1700000000,');
    expect(out).toContain('"LastDecreaseDateTime": 1700000000.123');
    expect(out).toContain('"ArchivalDateTime": "2023-11-14T22:13:20Z"');
  });

  it('in text, table and yaml output', async () => {
    expect((await aws(WIRE, [...argv, '--output', 'text'], describeTable)).out).toBe(
      'TABLE\t1700000000.0\ttbl\n' +
        'ARCHIVALSUMMARY\t2023-11-14T22:13:20Z\n' +
        'PROVISIONEDTHROUGHPUT\t1700000000.123\t1700000000\n',
    );
    const table = (await aws(WIRE, [...argv, '--output', 'table'], describeTable)).out;
    expect(table).toContain('\n||  1700000000.0                |  tbl              ||\n');
    expect(table).toContain('\n|||  1700000000.123       |  1700000000            |||\n');
    const yaml = (await aws(WIRE, [...argv, '--output', 'yaml'], describeTable)).out;
    expect(yaml).toContain("    ArchivalDateTime: '2023-11-14T22:13:20Z'\n");
    expect(yaml).toContain('  CreationDateTime: 1700000000.0\n');
    expect(yaml).toContain('    LastIncreaseDateTime: 1700000000\n');
  });

  it('--query compares the wire numbers as numbers', async () => {
    const { out } = await aws(
      WIRE,
      [...argv, '--query', '[Table.ProvisionedThroughput.LastDecreaseDateTime, Table.CreationDateTime > `1600000000`]'],
      describeTable,
    );
    expect(JSON.parse(out)).toEqual([1700000000.123, true]);
  });

  it('iso8601 (the default) still prints ISO 8601', async () => {
    const { out } = await aws(
      ISO,
      [...argv, '--query', 'Table.[CreationDateTime, ArchivalSummary.ArchivalDateTime]'],
      describeTable,
    );
    expect(JSON.parse(out)).toEqual(['2023-11-14T22:13:20+00:00', '2023-11-14T22:13:20+00:00']);
  });
});

describe('cli_timestamp_format = wire, XML protocols', () => {
  it('query (iam get-user): the element text, offsets and all; an empty element as ""', async () => {
    const user = (created: string) =>
      reply(
        200,
        `<GetUserResponse><GetUserResult><User><UserId>AIDA</UserId><Path>/</Path><UserName>bob</UserName><Arn>a</Arn>${created}<PasswordLastUsed>2023-11-14T22:13:20.123+01:00</PasswordLastUsed></User></GetUserResult></GetUserResponse>`,
        { 'content-type': 'text/xml' },
      );
    const shown = await aws(WIRE, ['iam', 'get-user', '--output', 'text'], () =>
      user('<CreateDate>2023-11-14T22:13:20Z</CreateDate>'),
    );
    expect(shown.out).toBe('USER\ta\t2023-11-14T22:13:20Z\t2023-11-14T22:13:20.123+01:00\t/\tAIDA\tbob\n');
    const empty = await aws(WIRE, ['iam', 'get-user', '--query', 'User.CreateDate'], () => user('<CreateDate/>'));
    expect([empty.code, empty.out]).toEqual([0, '""\n']);
  });

  it('ec2 (describe-volumes, read without a tree): the text as sent', async () => {
    const { out } = await aws(WIRE, ['ec2', 'describe-volumes', '--query', 'Volumes[].CreateTime'], () =>
      reply(
        200,
        '<DescribeVolumesResponse><requestId>r</requestId><volumeSet><item><volumeId>vol-1</volumeId><createTime>2023-11-14T22:13:20.000Z</createTime></item><item><volumeId>vol-2</volumeId><createTime>2023-11-14T22:13:20.5Z</createTime></item></volumeSet></DescribeVolumesResponse>',
        { 'content-type': 'text/xml' },
      ),
    );
    expect(JSON.parse(out)).toEqual(['2023-11-14T22:13:20.000Z', '2023-11-14T22:13:20.5Z']);
  });

  it('rest-xml (s3api list-objects-v2 and head-object): body text and header text', async () => {
    const listed = await aws(
      WIRE,
      ['s3api', 'list-objects-v2', '--bucket', 'b', '--query', 'Contents[].LastModified'],
      () =>
        reply(
          200,
          '<ListBucketResult><Name>b</Name><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>k</Key><LastModified>2023-11-14T22:13:20.000Z</LastModified><Size>1</Size></Contents></ListBucketResult>',
          { 'content-type': 'application/xml' },
        ),
    );
    expect(JSON.parse(listed.out)).toEqual(['2023-11-14T22:13:20.000Z']);
    const head = await aws(WIRE, ['s3api', 'head-object', '--bucket', 'b', '--key', 'k', '--output', 'yaml'], () =>
      reply(200, '', {
        'last-modified': 'Tue, 14 Nov 2023 22:13:20 GMT',
        'content-length': '0',
        'x-amz-object-lock-retain-until-date': '2023-11-14T22:13:20.000Z',
      }),
    );
    expect(head.out).toContain('LastModified: Tue, 14 Nov 2023 22:13:20 GMT\n');
    expect(head.out).toContain("ObjectLockRetainUntilDate: '2023-11-14T22:13:20.000Z'\n");
  });
});

describe('cli_timestamp_format = wire, rest-json', () => {
  it('eks describe-cluster: epoch numbers as Python reads them', async () => {
    const { out } = await aws(WIRE, ['eks', 'describe-cluster', '--name', 'c', '--query', 'cluster.createdAt'], () =>
      reply(200, '{"cluster": {"name": "c", "createdAt": 1.700000000123E9}}', { 'content-type': 'application/json' }),
    );
    expect(out).toBe('1700000000.123\n');
    const whole = await aws(WIRE, ['eks', 'describe-cluster', '--name', 'c'], () =>
      reply(200, '{"cluster": {"name": "c", "createdAt": 1.7E9, "tags": {"n": "1.5E9"}}}', {
        'content-type': 'application/json',
      }),
    );
    expect(whole.out).toContain('"createdAt": 1700000000.0');
    expect(whole.out).toContain('"n": "1.5E9"');
  });
});

describe('cli_timestamp_format values', () => {
  it.each(['none', 'bogus', 'ISO8601'])('%s stops the command as v2 does (253)', async (value) => {
    const r = await aws(
      `[default]\nregion = us-east-1\ncli_timestamp_format = ${value}\n`,
      ['sts', 'get-caller-identity'],
      () => reply(200, '<R/>', { 'content-type': 'text/xml' }),
    );
    expect(r).toEqual({
      code: 253,
      out: '',
      err: `\nUnknown cli_timestamp_format value: ${value}, valid values are "wire" or "iso8601"\n`,
    });
  });
});
