/**
 * One engine, three front ends: a command typed in the playground, at the isoaws shell or in a terminal
 * must print the same bytes and exit with the same code. This module holds the commands that prove it
 * (30 lines against a sandbox that starts empty, each one's output free of clocks and random ids, so
 * two runs on fresh sandboxes agree byte for byte) and the two Node runners: the real program in a child
 * process per line, as a terminal runs it, and one shell session (createShell) on the Node host. The
 * browser half types the same lines into the playground and compares with these.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { splitShellWords } from '../../src/core/shell-words.js';
import { createShell } from '../../src/shell/shell.js';
import { REPO_ROOT } from '../conformance/fixtures.js';

/**
 * As typed, in order, on an empty sandbox. `--query` keeps what is stable where a response carries a
 * time or an id; the errors are the CLI's own (usage, invalid choice, --query, JSON) and the service's.
 * The malformed JSON ends early on purpose: for any other syntax error the message is the JavaScript
 * engine's JSON.parse message, which differs between V8 versions (Chromium adds "(line 1 column N)").
 */
export const THREE_WAY_COMMANDS: readonly string[] = [
  'sts get-caller-identity',
  's3 mb s3://tw-bucket',
  "s3api list-buckets --query 'Buckets[].Name'",
  's3api put-object --bucket tw-bucket --key empty.txt',
  "s3api head-object --bucket tw-bucket --key empty.txt --query '{Size: ContentLength, ETag: ETag, Type: ContentType}'",
  's3api head-bucket --bucket tw-missing-bucket',
  'dynamodb create-table --table-name tw-table' +
    ' --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=N' +
    ' --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE --billing-mode PAY_PER_REQUEST' +
    " --query 'TableDescription.{Name: TableName, Status: TableStatus, Keys: KeySchema, Billing: BillingModeSummary.BillingMode}'",
  `dynamodb put-item --table-name tw-table --item '{"pk": {"S": "a"}, "sk": {"N": "1"}, "note": {"S": "first"}}'`,
  `dynamodb put-item --table-name tw-table --item '{"pk": {"S": "a"}, "sk": {"N": "2"}, "note": {"S": "second"}}'`,
  `dynamodb get-item --table-name tw-table --key '{"pk": {"S": "a"}, "sk": {"N": "1"}}'`,
  "dynamodb query --table-name tw-table --key-condition-expression 'pk = :p AND sk > :s'" +
    ` --expression-attribute-values '{":p": {"S": "a"}, ":s": {"N": "1"}}'`,
  'dynamodb scan --table-name tw-table --output table',
  'dynamodb scan --table-name tw-table --output text',
  'dynamodb scan --table-name tw-table --output yaml',
  'dynamodb describe-table --table-name tw-missing-table',
  "iam create-user --user-name tw-user --query 'User.{Name: UserName, Arn: Arn, Path: Path}'",
  "iam create-group --group-name tw-group --query 'Group.[GroupName, Arn]' --output text",
  'iam add-user-to-group --group-name tw-group --user-name tw-user',
  "iam get-group --group-name tw-group --query '{Group: Group.GroupName, Users: Users[].UserName}'",
  'sqs create-queue --queue-name tw-queue',
  'sqs get-queue-url --queue-name tw-queue --output text',
  'sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/tw-queue --message-body hello' +
    ' --query MD5OfMessageBody',
  'sns create-topic --name tw-topic',
  "sns list-topics --query 'Topics[].TopicArn' --output text",
  "ec2 describe-regions --query 'Regions[?RegionName==`us-east-1`].RegionName'",
  "ec2 describe-regions --region-names us-east-1 eu-west-1 --query 'Regions[].[RegionName, OptInStatus]' --output table",
  's3api head-bucket',
  'dynamodb frobnicate-table',
  "s3api list-buckets --query 'Buckets[?'",
  `dynamodb put-item --table-name tw-table --item '{"pk": {"S": "b"}, "sk": {"N":'`,
];

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh HOME and sandbox directory (ISOAWS_SANDBOX_DIR), and an environment with nothing of AWS in it. */
function freshMachine(): { root: string; home: string; env: Record<string, string> } {
  const root = mkdtempSync(join(tmpdir(), 'isoaws-three-way-'));
  const home = join(root, 'home');
  const sandbox = join(root, 'sandbox');
  mkdirSync(home);
  mkdirSync(sandbox);
  return { root, home, env: { HOME: home, ISOAWS_SANDBOX_DIR: sandbox } };
}

/** Each line as `isoaws --sandbox <words>` in a process of its own (the built program, stdout a pipe), on one sandbox. */
export async function runInTerminal(lines: readonly string[]): Promise<Outcome[]> {
  const machine = freshMachine();
  const env = { PATH: process.env.PATH ?? '', ...machine.env };
  const outcomes: Outcome[] = [];
  for (const line of lines) {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/isoaws.js'), '--sandbox', ...splitShellWords(line)], {
      cwd: machine.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status, signal) =>
        status === null ? reject(new Error(`${line}: killed by ${signal}`)) : resolve(status),
      );
    });
    outcomes.push({
      code,
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
    });
  }
  return outcomes;
}

/** Each line run by one shell session on the sandbox, as the REPL runs a command line (stdout not a terminal). */
export async function runInShell(lines: readonly string[]): Promise<Outcome[]> {
  const machine = freshMachine();
  let stdout: Uint8Array[] = [];
  let stderr: Uint8Array[] = [];
  const bytes = (t: string | Uint8Array) => (typeof t === 'string' ? new TextEncoder().encode(t) : t);
  const host = createNodeHost({
    env: machine.env,
    homeDir: machine.home,
    stdout: { write: (t) => stdout.push(bytes(t)) },
    stderr: { write: (t) => stderr.push(bytes(t)) },
  });
  const shell = await createShell(host, { sandbox: true });
  const outcomes: Outcome[] = [];
  try {
    for (const line of lines) {
      const classified = shell.classify(line);
      if (classified.kind !== 'cli') throw new Error(`not a command line to the shell (${classified.kind}): ${line}`);
      stdout = [];
      stderr = [];
      const code = await shell.run(classified.args, { stdoutIsTty: false });
      outcomes.push({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    }
  } finally {
    shell.close();
  }
  return outcomes;
}
