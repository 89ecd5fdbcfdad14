/**
 * The command line against moto_server, in process over the real Node host (network, files): tables
 * created and awaited with a waiter, items written from shorthand and JSON, output in every format,
 * auto-pagination with --max-items and --starting-token, a get-object outfile, and service errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-cli-'));

async function aws(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_DEFAULT_REGION: 'us-east-1',
    HOME: dir,
  };
  const host = createNodeHost({
    env,
    stdout: {
      write: (t) => {
        out += t;
      },
    },
    stderr: {
      write: (t) => {
        err += t;
      },
    },
  });
  const code = await runCli(['--endpoint-url', moto!.endpoint, ...argv], host);
  return { code, out, err };
}

describe.skipIf(!moto)('the CLI against moto_server', () => {
  it('creates a table, waits for it, writes and reads items in every output format', async () => {
    expect(
      await aws(
        'dynamodb',
        'create-table',
        '--table-name',
        'Music',
        '--attribute-definitions',
        'AttributeName=Artist,AttributeType=S',
        '--key-schema',
        'AttributeName=Artist,KeyType=HASH',
        '--billing-mode',
        'PAY_PER_REQUEST',
        '--output',
        'off',
      ),
    ).toMatchObject({ code: 0, err: '' });
    expect(await aws('dynamodb', 'wait', 'table-exists', '--table-name', 'Music')).toEqual({
      code: 0,
      out: '',
      err: '',
    });
    for (const artist of ['Acme Band', 'No One You Know', 'The Boring Band']) {
      const item = JSON.stringify({ Artist: { S: artist }, Plays: { N: String(artist.length) } });
      expect((await aws('dynamodb', 'put-item', '--table-name', 'Music', '--item', item)).code).toBe(0);
    }
    const scan = await aws(
      'dynamodb',
      'scan',
      '--table-name',
      'Music',
      '--query',
      'sort(Items[].Artist.S)',
      '--output',
      'text',
    );
    expect(scan).toEqual({ code: 0, out: 'Acme Band\tNo One You Know\tThe Boring Band\n', err: '' });
    const table = await aws(
      'dynamodb',
      'describe-table',
      '--table-name',
      'Music',
      '--query',
      'Table.{Name: TableName, Status: TableStatus}',
      '--output',
      'table',
    );
    // As the AWS CLI's formatter lays it out (checked against its TableFormatter).
    expect(table.out).toBe(
      [
        '---------------------',
        '|   DescribeTable   |',
        '+--------+----------+',
        '|  Name  | Status   |',
        '+--------+----------+',
        '|  Music |  ACTIVE  |',
        '+--------+----------+',
        '',
      ].join('\n'),
    );
    const yaml = await aws(
      'dynamodb',
      'get-item',
      '--table-name',
      'Music',
      '--key',
      'Artist={S=Acme Band}',
      '--output',
      'yaml',
    );
    expect(yaml.out).toBe("Item:\n  Artist:\n    S: Acme Band\n  Plays:\n    N: '9'\n");
  });

  it('pages with --max-items and resumes with the printed NextToken', async () => {
    for (const n of [1, 2, 3, 4, 5]) expect((await aws('iam', 'create-user', '--user-name', `user${n}`)).code).toBe(0);
    const first = JSON.parse(
      (await aws('iam', 'list-users', '--max-items', '2', '--query', '{names: Users[].UserName, next: NextToken}')).out,
    );
    expect(first.names).toEqual(['user1', 'user2']);
    const rest = JSON.parse(
      (await aws('iam', 'list-users', '--starting-token', first.next, '--query', 'Users[].UserName')).out,
    );
    expect(rest).toEqual(['user3', 'user4', 'user5']);
  });

  it('saves get-object to the outfile and prints the rest of the output', async () => {
    expect((await aws('s3api', 'create-bucket', '--bucket', 'files')).code).toBe(0);
    const body = join(dir, 'hello.txt');
    writeFileSync(body, 'hello from isoaws\n');
    expect((await aws('s3api', 'put-object', '--bucket', 'files', '--key', 'a/hello.txt', '--body', body)).code).toBe(
      0,
    );
    const target = join(dir, 'out.txt');
    const got = await aws('s3api', 'get-object', '--bucket', 'files', '--key', 'a/hello.txt', target);
    expect(got.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('hello from isoaws\n');
    expect(JSON.parse(got.out)).toMatchObject({ ContentLength: 18, ContentType: 'binary/octet-stream' });
    expect(JSON.parse(got.out).Body).toBeUndefined();
  });

  it('reports service errors with exit 254 and the CLI wording', async () => {
    expect(await aws('dynamodb', 'describe-table', '--table-name', 'nope')).toEqual({
      code: 254,
      out: '',
      err: '\nAn error occurred (ResourceNotFoundException) when calling the DescribeTable operation: Requested resource not found: Table: nope not found\n',
    });
  });
});
