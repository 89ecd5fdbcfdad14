/**
 * What the shell's history keeps: never a line that hands over a secret, never an answer typed at a
 * command's question; every other line, as before. Checked on the rule's table and in a terminal-mode
 * shell writing ~/.isoaws/repl_history.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdsSecret } from '../../src/shell/history.js';
import { openSession, startStsStub, type StsStub } from './harness.js';

describe('lines that hold a secret', () => {
  it.each([
    'configure set aws_secret_access_key wJalrXUtnFEMI',
    'configure set profile.dev.aws_session_token IQoJb3',
    'aws configure set aws_secret_access_key x --profile dev',
    's3 cp a s3://b/a --sse-c AES256 --sse-c-key 01234567890123456789012345678901',
    'secretsmanager create-secret --name db --secret-string hunter2',
    'rds create-db-instance --db-instance-identifier d --master-user-password hunter2',
    'cognito-idp initiate-auth --auth-parameters USERNAME=u,PASSWORD=hunter2',
    'iam create-login-profile --cli-input-json \'{"UserName": "u", "Password": "hunter2"}\'',
    'await aws.secretsmanager.putSecretValue({ SecretId: "db", SecretString: "hunter2" })',
    'const c = { secretAccessKey: "x" }',
  ])('keeps out %s', (line) => {
    expect(holdsSecret(line)).toBe(true);
  });

  it.each([
    'configure set region us-east-1',
    'configure set aws_access_key_id AKIDEXAMPLE',
    'secretsmanager get-secret-value --secret-id db',
    'secretsmanager list-secrets --max-items 5',
    'logs filter-log-events --log-group-name g --next-token abc',
    's3 cp a s3://b/a --sse AES256',
    'ec2 describe-key-pairs --key-names mine',
    '$.map(s => s.Name)',
  ])('keeps %s', (line) => {
    expect(holdsSecret(line)).toBe(false);
  });
});

describe('the history file', () => {
  let stub: StsStub;
  beforeAll(async () => {
    stub = await startStsStub();
  });
  afterAll(() => stub.close());

  it("holds neither the answers to configure's questions nor a line that sets a secret, and says so", async () => {
    const s = await openSession(
      { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: stub.url },
      { interactive: true, history: true },
    );
    await s.until(() => s.screen().includes('isoaws default'), 'the first prompt');
    const type = async (line: string, until: () => boolean, what: string) => {
      s.input.write(`${line}\r`);
      await s.until(until, what);
    };
    await type('configure', () => s.screen().includes('AWS Access Key ID [None]: '), 'the first question');
    await type('AKIDTYPED', () => s.screen().includes('AWS Secret Access Key [None]: '), 'the second question');
    await type('typed-secret-answer', () => s.screen().includes('Default region name'), 'the third question');
    await type('', () => s.screen().includes('Default output format'), 'the last question');
    await type('', () => s.screen().split('isoaws default@us-east-1> ').length === 3, 'the prompt after configure');
    await type(
      'configure set aws_secret_access_key set-secret-value',
      () => s.err().includes('not kept in the history'),
      'the note',
    );
    await type(
      'sts get-caller-identity --query Account',
      () => s.screen().includes('"123456789012"'),
      "the command's output",
    );
    s.input.end();
    await s.shell.done;
    const path = join(s.home, '.isoaws/repl_history');
    await s.until(() => {
      try {
        return readFileSync(path, 'utf8').includes('sts get-caller-identity');
      } catch {
        return false;
      }
    }, 'the history file');
    expect(readFileSync(path, 'utf8').split('\n')).toEqual(['sts get-caller-identity --query Account', 'configure']);
    expect(s.err()).toBe('(This line holds a secret: it is not kept in the history.)\n');
    expect(readFileSync(join(s.home, '.aws/credentials'), 'utf8')).toContain(
      'aws_secret_access_key = set-secret-value',
    );
  });
});
