/**
 * The real program against moto_server: a script of 50 CLI lines run by one `isoaws repl` process
 * prints, byte for byte, what the same lines print run one by one with `node bin/isoaws.js` (moto is
 * reset between the two runs, so both start from nothing); piped input stops at the first failure with
 * its exit code; and Tab completes S3 buckets and keys from the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitShellWords } from '../../src/core/shell-words.js';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { openSession } from './harness.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-repl-moto-'));
writeFileSync(join(dir, 'body.txt'), 'hello from the isoaws shell\n');
const env = () => ({
  PATH: process.env.PATH,
  HOME: dir,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: moto!.endpoint,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
});
const BIN = join(REPO_ROOT, 'bin/isoaws.js');

/** 50 lines: buckets and objects, s3 transfers, a table and its items, a queue, users, and three failures. */
function script(): string[] {
  const body = join(dir, 'body.txt');
  const queue = `${moto!.endpoint}/123456789012/repl-queue`;
  return [
    's3api create-bucket --bucket repl-a',
    'aws s3api create-bucket --bucket repl-b --output text',
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `s3api put-object --bucket repl-a --key dir/k${n} --body ${body}`),
    's3api list-objects-v2 --bucket repl-a --query "Contents[].[Key,Size]" --output text',
    's3api list-objects-v2 --bucket repl-a --max-items 3 --query "{keys: Contents[].Key, more: NextToken != null}"',
    `s3 cp ${body} s3://repl-b/copied.txt`,
    's3 cp s3://repl-b/copied.txt s3://repl-a/copied.txt',
    'dynamodb create-table --table-name Music --attribute-definitions AttributeName=Artist,AttributeType=S --key-schema AttributeName=Artist,KeyType=HASH --billing-mode PAY_PER_REQUEST --query TableDescription.TableName',
    'dynamodb wait table-exists --table-name Music',
    ...['Acme', 'Bolt', 'Cinder', 'Dusk', 'Ember', 'Flint'].map(
      (a, i) => `dynamodb put-item --table-name Music --item '{"Artist": {"S": "${a}"}, "Plays": {"N": "${i + 1}"}}'`,
    ),
    'dynamodb scan --table-name Music --query "sort(Items[].Artist.S)" --output text',
    'dynamodb get-item --table-name Music --key "Artist={S=Ember}" --output yaml',
    'dynamodb get-item --table-name Music --key "Artist={S=Flint}" --output table',
    'dynamodb describe-table --table-name nope',
    'sqs create-queue --queue-name repl-queue',
    ...[1, 2, 3, 4].map(
      (n) => `sqs send-message --queue-url ${queue} --message-body m${n} --query MD5OfMessageBody --output text`,
    ),
    `sqs get-queue-attributes --queue-url ${queue} --attribute-names ApproximateNumberOfMessages`,
    ...[1, 2, 3, 4, 5].map((n) => `iam create-user --user-name user${n} --query User.UserName --output text`),
    'iam list-users --query "Users[].UserName" --output text',
    'iam list-users --max-items 2 --query "Users[].UserName"',
    'sts get-caller-identity',
    'sts get-caller-identityy',
    's3api head-object --bucket repl-a --key missing',
    's3api delete-object --bucket repl-a --key dir/k1',
    's3api list-objects-v2 --bucket repl-a --prefix dir/ --query "length(Contents)"',
    'ec2 describe-regions --region-names eu-west-1 --query "Regions[].RegionName" --output text',
    'sqs list-queues --output json',
    's3 rm s3://repl-b/copied.txt',
    's3api list-buckets --query "Buckets[].Name" --output text',
    'iam get-user --user-name user3 --query User.UserName',
    'sts get-caller-identity --query Arn --output text',
  ];
}

describe.skipIf(!moto)('isoaws repl against moto_server', () => {
  // 51 processes, about 12 s here; room for a busy 2-core machine.
  it('prints, for a script of 50 CLI lines, exactly what the lines print run one by one', async () => {
    const lines = script();
    expect(lines.length).toBe(50);
    writeFileSync(join(dir, 'script.txt'), `${lines.join('\n')}\n`);
    const shell = await run(['repl', '--keep-going', join(dir, 'script.txt')]);

    await fetch(`${moto!.endpoint}/moto-api/reset`, { method: 'POST' });
    let out = '';
    let err = '';
    let lastFailure = 0;
    for (const line of lines) {
      // `isoaws <line>`, without the program name the shell lets a line start with.
      const r = await run(splitShellWords(line).filter((w, i) => i > 0 || w !== 'aws'));
      out += r.stdout;
      err += r.stderr;
      if (r.status !== 0) lastFailure = r.status;
    }
    expect(lastFailure).toBe(254);
    expect(shell.stdout).toBe(out);
    expect(shell.stderr).toBe(err);
    expect(shell.status).toBe(lastFailure);
    // The script did what it says: spot checks of its output.
    expect(out).toContain('dir/k8\t28\n');
    expect(out).toContain('upload: ');
    expect(out).toContain('Acme\tBolt\tCinder\tDusk\tEmber\tFlint\n');
    expect(err).toContain('An error occurred (ResourceNotFoundException) when calling the DescribeTable operation');
  }, 180_000);

  it('stops a piped script at the first failure, with its exit code', () => {
    const r = spawnSync(process.execPath, [BIN, 'repl'], {
      input:
        'sts get-caller-identity --query Account\ns3api head-object --bucket nowhere --key x\nsts get-caller-identity\n',
      encoding: 'utf8',
      env: env(),
    });
    expect(r.stdout).toBe('"123456789012"\n');
    expect(r.stderr).toBe('\nAn error occurred (404) when calling the HeadObject operation: Not Found\n');
    expect(r.status).toBe(254);
  });

  it("completes s3:// paths from the server: buckets, then a prefix's keys and common prefixes", async () => {
    const s = await openSession({
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto!.endpoint,
    });
    expect(await s.shell.complete('s3 ls s3://repl-')).toEqual([['s3://repl-a/', 's3://repl-b/'], 's3://repl-']);
    expect(await s.shell.complete('s3 cp s3://repl-a/')).toEqual([
      ['s3://repl-a/copied.txt', 's3://repl-a/dir/'],
      's3://repl-a/',
    ]);
    expect(await s.shell.complete('s3 cp s3://repl-a/dir/k')).toEqual([
      [
        's3://repl-a/dir/k2',
        's3://repl-a/dir/k3',
        's3://repl-a/dir/k4',
        's3://repl-a/dir/k5',
        's3://repl-a/dir/k6',
        's3://repl-a/dir/k7',
        's3://repl-a/dir/k8',
      ],
      's3://repl-a/dir/k',
    ]);
    expect(await s.shell.complete('s3 rm s3://nowhere/')).toEqual([[], 's3://nowhere/']);
    s.input.end();
    await s.shell.done;
  });
});

function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}
