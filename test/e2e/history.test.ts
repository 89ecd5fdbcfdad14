/**
 * The command history against moto_server over the real Node host: commands run with
 * `cli_history = enabled` (an s3 command of isoaws's own, modeled S3 and STS calls, a service error),
 * then `history list` and `history show` read back what the files on disk hold.
 */
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const home = mkdtempSync(join(tmpdir(), 'isoaws-history-home-'));
const work = mkdtempSync(join(tmpdir(), 'isoaws-history-work-'));
const aws = cliRunner({ home, work, endpoint: () => moto!.endpoint });
const ID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

describe.skipIf(!moto)('the command history against moto_server', () => {
  const ids: string[] = [];

  beforeAll(async () => {
    process.env.TZ = 'UTC';
    writeFileSync(join(work, 'note.txt'), 'a note\n');
    const config = '[default]\ncli_history = enabled\n';
    expect((await aws(['s3', 'mb', 's3://history-bucket'], { config })).code).toBe(0);
    expect(
      (await aws(['s3api', 'put-object', '--bucket', 'history-bucket', '--key', 'note.txt', '--body', 'note.txt']))
        .code,
    ).toBe(0);
    expect((await aws(['sts', 'get-caller-identity'])).code).toBe(0);
    expect((await aws(['s3api', 'get-object', '--bucket', 'no-such-bucket', '--key', 'x', 'out.bin'])).code).toBe(254);
    const list = await aws(['history', 'list']);
    expect([list.code, list.err]).toEqual([0, '']);
    ids.push(
      ...list.out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(0, 36)),
    );
  });

  it('lists the commands newest first, with what they were and how they ended', async () => {
    const { out } = await aws(['history', 'list']);
    const lines = out.split('\n').filter(Boolean);
    // `history list` itself is never recorded.
    expect(lines).toHaveLength(4);
    const row = (words: string, rc: number) =>
      new RegExp(`^${ID}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [AP]M  ${words} +${rc}$`);
    const expected = [
      row('--endpoint-url http://127\\.0\\.0\\.1:\\d+', 254),
      row('--endpoint-url http://127\\.0\\.0\\.1:\\d+', 0),
      row('--endpoint-url http://127\\.0\\.0\\.1:\\d+', 0),
      row('--endpoint-url http://127\\.0\\.0\\.1:\\d+', 0),
    ];
    lines.forEach((line, i) => expect(line).toMatch(expected[i]!));
  });

  it('shows the last command: its call, the request, the error answered and parsed, the exit code', async () => {
    const { code, out } = await aws(['history', 'show']);
    expect(code).toBe(0);
    const titles = out.split('\n').filter((l) => /^(\[\d\] )?[A-Z][A-Za-z ]+$/.test(l));
    expect(titles).toEqual([
      'AWS CLI command entered',
      '[0] API call made',
      '[0] HTTP request sent',
      '[0] HTTP response received',
      '[0] HTTP response parsed',
      'AWS CLI command exited',
    ]);
    expect(out).toMatch(
      /^\nAWS CLI command entered\nat time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\nwith AWS CLI version: isoaws\//,
    );
    expect(out).toContain(
      "with arguments: ['--endpoint-url', '" +
        moto!.endpoint +
        "', 's3api', 'get-object', '--bucket', 'no-such-bucket', '--key', 'x', 'out.bin']\n",
    );
    expect(out).toContain(
      'to service: s3\nusing operation: GetObject\nwith parameters: {\n    "Bucket": "no-such-bucket",\n    "Key": "x"\n}\n',
    );
    expect(out).toContain(`to URL: ${moto!.endpoint}/no-such-bucket/x\nwith method: GET\n`);
    expect(out).toMatch(/Signature=[0-9a-f]{4}\.\.\."/);
    expect(out).toContain('with status code: 404\n');
    expect(out).toContain('with body: The body is a stream and will not be displayed\n');
    expect(out).toMatch(
      /parsed to: \{\n {4}"Error": \{\n {8}"BucketName": "no-such-bucket",\n {8}"Code": "NoSuchBucket",\n {8}"Message": "The specified bucket does not exist"\n {4}\},\n {4}"ResponseMetadata": \{\n {8}"HTTPHeaders": \{\n/,
    );
    expect(out).toMatch(/"HTTPStatusCode": 404,\n {8}"RequestId": "\w+"\n {4}\}\n\}\n/);
    expect(out.endsWith('with return code: 254\n')).toBe(true);
  });

  it('shows a command by its id: STS’s XML body laid out, its parsed identity', async () => {
    const { out } = await aws(['history', 'show', ids[1]!, '--include', 'HTTP_RESPONSE', 'PARSED_RESPONSE']);
    expect(out).toMatch(
      /with body: <\?xml version="1\.0" \?>\n<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n {4}<GetCallerIdentityResult>\n {8}<UserId>\w+<\/UserId>\n/,
    );
    expect(out).toContain('    "Account": "123456789012",\n');
    expect(out).not.toContain('API call made');
  });

  it('shows what isoaws’s own s3 commands called, without parameters, and never an uploaded body', async () => {
    const mb = await aws(['history', 'show', ids[3]!, '--include', 'API_CALL']);
    expect(mb.out).toMatch(/^\n\[0\] API call made\nat time: [^\n]+\nto service: s3\nusing operation: CreateBucket\n$/);
    const put = await aws(['history', 'show', ids[2]!, '--include', 'HTTP_REQUEST', '--color', 'on']);
    expect(put.out).toContain('\x1b[36mwith body: \x1b[0mThe body is a stream and will not be displayed\n');
    expect(put.out).toContain('\x1b[1m[0] HTTP request sent\x1b[0m\n');
  });

  it('keeps one file per command, readable by its owner only', () => {
    const dir = join(home, '.aws/cli/history/isoaws');
    const names = readdirSync(dir);
    expect(names).toHaveLength(4);
    for (const name of names) {
      expect(name).toMatch(new RegExp(`^\\d{13}-${ID}\\.json$`));
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
  });
});
