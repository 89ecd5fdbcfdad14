/** credential_process through the Node host: keys from the program, and botocore's wording when it fails (exit 255). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { splitShellWords } from '../../src/core/shell-words.js';
import { reply } from '../support/memory-host.js';

const dir = mkdtempSync(join(tmpdir(), 'isoaws-process-'));
const node = JSON.stringify(process.execPath);
const program = (code: string) => `${node} -e ${JSON.stringify(code)}`;
writeFileSync(
  join(dir, 'config'),
  [
    '[profile ok]',
    `credential_process = ${program('console.log(JSON.stringify({Version: 1, AccessKeyId: "AKIDPROC", SecretAccessKey: "s", SessionToken: "tok", Expiration: "2999-01-01T00:00:00Z"}))')}`,
    '[profile fails]',
    `credential_process = ${program('process.stderr.write("oops\\n"); process.exit(3)')}`,
    '[profile v2]',
    `credential_process = ${program('console.log(JSON.stringify({Version: 2}))')}`,
    '[profile notjson]',
    `credential_process = ${program('console.log("notjson")')}`,
    '[profile brokenjson]',
    `credential_process = ${program('console.log(\'{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": wJalrXUtnFEMISECRET}\')')}`,
    '[profile cutjson]',
    `credential_process = ${program('console.log(\'{"Version": 1, "SecretAccessKey": "wJalrXUtnFEMISECRET"\')')}`,
    '[profile null]',
    `credential_process = ${program('console.log("null")')}`,
    '[profile nokey]',
    `credential_process = ${program('console.log(JSON.stringify({Version: 1, SecretAccessKey: "s"}))')}`,
    '[profile missing]',
    'credential_process = /nonexistent/prog --x',
    '[profile keysfirst]',
    'credential_process = /nonexistent/prog',
    'aws_access_key_id = AKIDCONFIG',
    'aws_secret_access_key = x',
    '',
  ].join('\n'),
);
writeFileSync(join(dir, 'credentials'), '[keysfirst]\naws_access_key_id = AKIDFILE\naws_secret_access_key = y\n');

async function run(profile: string) {
  let err = '';
  const requests: Array<Record<string, string>> = [];
  const host = createNodeHost({
    env: {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_DEFAULT_REGION: 'us-east-1',
    },
    homeDir: dir,
    stdout: { write() {} },
    stderr: {
      write: (t) => {
        err += t;
      },
    },
  });
  host.send = async (req) => {
    requests.push(req.headers);
    return reply(
      200,
      '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
    );
  };
  const code = await runCli(['sts', 'get-caller-identity', '--profile', profile], host);
  return { code, err, auth: requests[0]?.authorization, token: requests[0]?.['x-amz-security-token'] };
}

describe('credential_process', () => {
  it('signs with the keys and token the program prints', async () => {
    const r = await run('ok');
    expect(r.code).toBe(0);
    expect(r.auth).toContain('Credential=AKIDPROC/');
    expect(r.token).toBe('tok');
  });

  it.each([
    ['fails', '\nError when retrieving credentials from custom-process: oops\n\n'],
    [
      'v2',
      "\nError when retrieving credentials from custom-process: Unsupported version '2' for credential process provider, supported versions: 1\n",
    ],
    ['notjson', '\nExpecting value: line 1 column 1 (char 0)\n'],
    // Never the output itself: it holds the secret key.
    ['brokenjson', '\nInvalid JSON from credential_process: the output is not valid JSON\n'],
    ['cutjson', '\nInvalid JSON from credential_process: the output is not valid JSON at line 2 column 1 (char 56)\n'],
    ['null', '\nError when retrieving credentials from custom-process: the output is JSON, but not an object\n'],
    [
      'nokey',
      '\nError when retrieving credentials from custom-process: Missing required key in response: AccessKeyId\n',
    ],
    ['missing', "\n[Errno 2] No such file or directory: '/nonexistent/prog'\n"],
  ])("%s: exit 255 with the CLI's message", async (profile, message) => {
    expect(await run(profile)).toMatchObject({ code: 255, err: message });
  });

  it('comes after the credentials file and before keys in the config file', async () => {
    expect((await run('keysfirst')).auth).toContain('Credential=AKIDFILE/');
  });

  it('splits the command line as shlex does', () => {
    expect(splitShellWords(`prog --a 'one two' "th\\"ree" four\\ five`)).toEqual([
      'prog',
      '--a',
      'one two',
      'th"ree',
      'four five',
    ]);
  });
});
