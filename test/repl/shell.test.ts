/**
 * The shell through its input and output streams: CLI lines (same bytes as the CLI), JavaScript lines
 * with top-level await, `$`, session commands, scripts (stop at the first failure, --keep-going),
 * multi-line input, `?`, and, with a terminal-mode REPL on the streams, the prompt, an error followed by
 * a good command, Ctrl-C during a request held by a slow stub, Tab, and the history file.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { openSession, runScript, startStsStub, type StsStub } from './harness.js';

let stub: StsStub;
let env: Record<string, string>;
beforeAll(async () => {
  stub = await startStsStub();
  env = {
    AWS_ACCESS_KEY_ID: 'AKIDENV',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: stub.url,
  };
});
afterAll(() => stub.close());

const PROFILES = {
  '.aws/credentials': '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s2\n',
  '.aws/config': '[profile dev]\nregion = eu-west-3\n',
};

/** What `isoaws <args>` prints, run by the CLI driver in this process with the same environment. */
async function cliOutput(args: string[], extraEnv: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const host = createNodeHost({
    env: {
      HOME: '/nonexistent',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
      ...extraEnv,
    },
    stdout: {
      write: (t) => {
        out += String(t);
      },
    },
    stderr: {
      write: (t) => {
        err += String(t);
      },
    },
  });
  const status = await runCli(args, host);
  return { status, out, err };
}

describe('a script of lines', () => {
  it('runs each CLI line as isoaws would, with or without the leading aws', async () => {
    const lines = [
      'sts get-caller-identity',
      'aws sts get-caller-identity --output text',
      'isoaws sts get-caller-identity --query Account',
    ];
    const r = await runScript(lines, env);
    const expected = [
      await cliOutput(['sts', 'get-caller-identity']),
      await cliOutput(['sts', 'get-caller-identity', '--output', 'text']),
      await cliOutput(['sts', 'get-caller-identity', '--query', 'Account']),
    ];
    expect(expected.map((e) => e.status)).toEqual([0, 0, 0]);
    expect(r).toMatchObject({ status: 0, err: '', out: expected.map((e) => e.out).join('') });
    expect(r.out).toContain('"Arn": "arn:aws:iam::123456789012:user/AKIDENV"');
  });

  it('answers a mistyped command as the CLI does (invalid choice, close matches, exit 252), not with a SyntaxError', async () => {
    const r = await runScript(['dynamdb list-tables'], env);
    const cli = await cliOutput(['dynamdb', 'list-tables']);
    expect(r).toMatchObject({ status: 252, out: '', err: cli.err });
    expect(r.err).toContain("Invalid choice: 'dynamdb', maybe you meant:\n\n  * dynamodb");
    expect(r.err).not.toContain('SyntaxError');
  });

  it('runs JavaScript with top-level await; aws is the JS API, $ the last CLI result as its JSON showed it', async () => {
    const r = await runScript(
      [
        'sts get-caller-identity --output table',
        '$.Arn.split("/").pop()',
        'const who = await aws.sts.getCallerIdentity()',
        'who.Account + "!"',
        '(await aws.send("sts", "GetCallerIdentity", {})).UserId',
        'let n = 0',
        '{',
        '  n += 41',
        '}',
        'n + 1',
      ],
      env,
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const results = r.out.split('\n').filter((l) => l.startsWith("'") || /^\d+$/.test(l));
    expect(results).toEqual(["'AKIDENV'", "'123456789012!'", "'AIDAAKIDENV'", '41', '42']);
    expect(stub.requests.slice(-3).map((q) => q.keyId)).toEqual(['AKIDENV', 'AKIDENV', 'AKIDENV']);
  });

  it('applies .region, .output, .profile and .debug as the global options would', async () => {
    const before = stub.requests.length;
    const r = await runScript(
      [
        '.region eu-west-1',
        'sts get-caller-identity --query Account',
        '.output text',
        'sts get-caller-identity --query Account',
        '.profile dev',
        'sts get-caller-identity --query Arn --region ap-south-1',
        '(await aws.sts.getCallerIdentity()).Arn',
        '.profile',
        '.region',
        '.debug on',
        'sts get-caller-identity --query Account',
      ],
      env,
      { files: PROFILES },
    );
    expect(r.status).toBe(0);
    expect(r.out).toBe(
      '"123456789012"\n123456789012\narn:aws:iam::123456789012:user/AKIDDEV\n\'arn:aws:iam::123456789012:user/AKIDDEV\'\ndev\neu-west-1\n123456789012\n',
    );
    // --profile hides the environment's keys, as in botocore; an option on the line beats the session's.
    expect(stub.requests.slice(before).map((q) => `${q.keyId}@${q.region}`)).toEqual([
      'AKIDENV@eu-west-1',
      'AKIDENV@eu-west-1',
      'AKIDDEV@ap-south-1',
      'AKIDDEV@eu-west-1',
      'AKIDDEV@eu-west-1',
    ]);
    expect(r.err).toContain('Calling sts.GetCallerIdentity with parameters');
  });

  it('stops at the first failing line with its exit code; --keep-going runs on and exits with the last failure', async () => {
    const lines = [
      'sts get-caller-identity --query Account',
      'sts get-caller-identityy',
      'sts get-caller-identity --query UserId',
      '.profile nowhere',
      'sts get-caller-identity --query Arn',
    ];
    const stopped = await runScript(lines, env);
    expect(stopped.status).toBe(252);
    expect(stopped.out).toBe('"123456789012"\n');
    expect(stopped.err).toBe((await cliOutput(['sts', 'get-caller-identityy'])).err);

    const all = await runScript(lines, env, { keepGoing: true });
    expect(all.status).toBe(255);
    expect(all.out).toBe('"123456789012"\n"AIDAAKIDENV"\n"arn:aws:iam::123456789012:user/AKIDENV"\n');
    expect(all.err).toContain('The config profile (nowhere) could not be found');
    const failing = await runScript(
      ['sts get-caller-identityy', 'throw new TypeError("no")', 'sts get-caller-identity --query Account'],
      env,
      { keepGoing: true },
    );
    expect(failing.status).toBe(255);
    expect(failing.err).toMatch(/Uncaught TypeError: no\n$/);
    expect(failing.out).toBe('"123456789012"\n');
  });

  it('reads a JSON argument over several lines, as one command', async () => {
    const r = await runScript(
      ['sts get-caller-identity --query "{', '  who: Arn,', '  acct: Account', '}" --output json'],
      env,
    );
    expect(r).toMatchObject({ status: 0, err: '' });
    expect(JSON.parse(r.out)).toEqual({ who: 'arn:aws:iam::123456789012:user/AKIDENV', acct: '123456789012' });
    const open = await runScript(['sts get-caller-identity --query "Arn'], env);
    expect(open.status).toBe(252);
    expect(open.err).toContain('The script ended inside a command');
  });

  it("shows a command's synopsis and options after ?, without running it", async () => {
    const before = stub.requests.length;
    const r = await runScript(['dynamodb get-item ?', 'sts ?'], env);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^dynamodb get-item --table-name <value> --key <value> \[/);
    expect(r.out).toMatch(/\n {2}--table-name +required \(string\) The name of the table/);
    expect(r.out).toContain('--return-consumed-capacity');
    expect(r.out).toContain('sts: AWS Security Token Service\n  assume-role');
    expect(stub.requests.length).toBe(before);
  });
});

describe('at a terminal', () => {
  const prompt = 'isoaws default@us-east-1> ';

  it('shows profile and region in the prompt, survives errors, and runs the next command', async () => {
    const s = await openSession(env, { interactive: true, files: PROFILES });
    await s.until(() => s.screen().includes(prompt), 'the first prompt');
    s.input.write('sts get-caller-identityy\r');
    await s.until(() => s.err().includes('Invalid choice'), 'the usage error');
    s.input.write('throw new Error("boom")\r');
    await s.until(() => s.err().includes('Uncaught Error: boom'), 'the JS error');
    s.input.write('sts get-caller-identity --query "Arn\r');
    s.input.write('"\r');
    await s.until(() => s.screen().includes('"arn:aws:iam::123456789012:user/AKIDENV"'), 'the good command after them');
    s.input.write('.profile dev\r');
    // AWS_REGION is set: it beats the profile's region, as for a command.
    await s.until(() => s.screen().includes('isoaws dev@us-east-1> '), 'the prompt of profile dev');
    s.input.write('.region sa-east-1\r');
    await s.until(() => s.screen().includes('isoaws dev@sa-east-1> '), 'the prompt with the region');
    s.input.end();
    expect(await s.shell.done).toBe(0);
    expect(s.err()).not.toMatch(/\n\s+at /);
  });

  it('cancels the running request on Ctrl-C and returns to the prompt', async () => {
    const s = await openSession(env, { interactive: true });
    await s.until(() => s.screen().includes(prompt), 'the first prompt');
    stub.hold = true;
    const before = stub.requests.length;
    try {
      s.input.write('sts get-caller-identity\r');
      await s.until(() => stub.requests.length > before, 'the request to reach the stub');
      s.input.write('\x03');
      await s.until(() => s.screen().split(prompt).length === 3, 'the prompt after Ctrl-C');
      await s.until(() => stub.requests[before]!.closedEarly, 'the request to be abandoned');
      s.input.write('await aws.sts.getCallerIdentity()\r');
      await s.until(() => stub.requests.length > before + 1, 'the JS call to reach the stub');
      s.input.write('\x03');
      await s.until(() => s.screen().split(prompt).length === 4, 'the prompt after the second Ctrl-C');
      await s.until(() => stub.requests[before + 1]!.closedEarly, 'the JS call to be abandoned');
    } finally {
      stub.hold = false;
    }
    s.input.write('sts get-caller-identity --query Account\r');
    await s.until(() => s.screen().includes('"123456789012"'), 'the next command');
    s.input.write('.exit\r');
    expect(await s.shell.done).toBe(0);
  });

  it('completes on Tab and keeps history in ~/.isoaws/repl_history, readable by the user alone', async () => {
    const s = await openSession(env, { interactive: true, history: true });
    await s.until(() => s.screen().includes(prompt), 'the first prompt');
    // Keys one at a time: readline takes a Tab arriving with other keys as pasted text.
    for (const key of ['sts get-caller-id', '\t']) {
      s.input.write(key);
      await new Promise((r) => setTimeout(r, 20));
    }
    await s.until(() => s.screen().includes('sts get-caller-identity '), 'the completed operation');
    s.input.write('--query Account\r');
    await s.until(() => s.screen().includes('"123456789012"'), "the completed command's output");
    s.input.write('1 + 1\r');
    await s.until(() => s.screen().includes('\n2\n'), 'the JS result');
    s.input.end();
    await s.shell.done;
    const history = join(s.home, '.isoaws/repl_history');
    await s.until(() => {
      try {
        return readFileSync(history, 'utf8').includes('1 + 1');
      } catch {
        return false;
      }
    }, 'the history file');
    expect(readFileSync(history, 'utf8').split('\n').slice(0, 2)).toEqual([
      '1 + 1',
      'sts get-caller-identity --query Account',
    ]);
    expect(statSync(history).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.home, '.isoaws')).mode & 0o777).toBe(0o700);
  });

  it('starts without credentials or a region and says how to configure them', async () => {
    const s = await openSession({ AWS_ENDPOINT_URL: stub.url }, { interactive: true });
    await s.until(() => s.screen().includes('isoaws default> '), 'the prompt');
    expect(s.screen()).toContain(
      'No credentials are configured for profile "default". To set them: type "configure" here',
    );
    expect(s.screen()).toContain('No region is configured: type ".region us-east-1"');
    s.input.write('sts get-caller-identity\r');
    await s.until(() => s.err().includes('You must specify a region'), "the command's own message");
    s.input.end();
    expect(await s.shell.done).toBe(0);
  });
});
