/**
 * `configure mfa-login` (the AWS CLI's configure/mfalogin.py, newer than the v2 reference here, so
 * checked against its source): the MFA code asked for, STS GetSessionToken signed with the profile's keys
 * (or keys asked for), the session written to a profile of the credentials file; and end to end against
 * moto, whose session keys then work under --profile.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';
import { startMoto } from '../support/moto.js';
import { cliRunner } from '../support/cli-runner.js';

const SESSION =
  '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult><Credentials>' +
  '<AccessKeyId>ASIATEMP</AccessKeyId><SecretAccessKey>tempsecret</SecretAccessKey><SessionToken>TOKEN</SessionToken>' +
  '<Expiration>2024-01-02T15:04:05Z</Expiration></Credentials></GetSessionTokenResult>' +
  '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSessionTokenResponse>';

function host(answers: string[], opts: { keys?: boolean; config?: string } = {}) {
  const h = createMemoryHost(() => reply(200, SESSION, { 'content-type': 'text/xml' }), {
    env: opts.keys === false ? {} : { AWS_ACCESS_KEY_ID: 'AKIDUSER', AWS_SECRET_ACCESS_KEY: 'usersecret' },
  });
  const asked: string[] = [];
  h.prompt = {
    ask: async (q) => {
      asked.push(q);
      return answers.shift() ?? '';
    },
  };
  return { h, asked };
}

const form = (h: MemoryHost) =>
  Object.fromEntries(new URLSearchParams(new TextDecoder().decode(h.requests[0]!.body as Uint8Array)));
const credentialsFile = async (h: MemoryHost) =>
  new TextDecoder().decode(await h.fs.readFile('/home/test/.aws/credentials'));

describe('configure mfa-login', () => {
  it('asks for the code, calls GetSessionToken with the profile’s keys and writes the session to a profile', async () => {
    const { h, asked } = host(['123456', '']);
    const arn = 'arn:aws:iam::123456789012:mfa/alice-phone';
    expect(await runCli(['configure', 'mfa-login', '--serial-number', arn], h)).toBe(0);
    expect(asked).toEqual(['MFA token code: ', 'Profile to update [123456789012-alice-phone]: ']);
    expect(form(h)).toEqual({
      Action: 'GetSessionToken',
      Version: '2011-06-15',
      DurationSeconds: '43200',
      SerialNumber: arn,
      TokenCode: '123456',
    });
    expect(h.requests[0]!.headers.authorization).toContain('Credential=AKIDUSER/');
    expect(await credentialsFile(h)).toBe(
      '[123456789012-alice-phone]\naws_access_key_id = ASIATEMP\naws_secret_access_key = tempsecret\naws_session_token = TOKEN\n',
    );
    expect(h.out.join('')).toBe(
      "Temporary credentials written to profile '123456789012-alice-phone'\n" +
        'Credentials will expire at 2024-01-02 15:04:05 UTC\n' +
        'To use these credentials, specify --profile 123456789012-alice-phone when running AWS CLI commands\n',
    );
  });

  it('takes the device from the profile’s mfa_serial, the profile from --update-profile, the duration given', async () => {
    const { h, asked } = host(['654321']);
    await h.fs.writeFile('/home/test/.aws/config', '[default]\nmfa_serial = GAHT12345678\n');
    const argv = ['configure', 'mfa-login', '--update-profile', 'dev-mfa', '--duration-seconds', '3600'];
    expect(await runCli(argv, h)).toBe(0);
    expect(asked).toEqual(['MFA token code: ']);
    expect(form(h)).toMatchObject({ SerialNumber: 'GAHT12345678', DurationSeconds: '3600', TokenCode: '654321' });
    expect(await credentialsFile(h)).toContain('[dev-mfa]\n');
  });

  it('asks for keys when the profile has none, and signs with them', async () => {
    const { h, asked } = host(['AKIDASKED', 'askedsecret', 'GAHT87654321', '111111', 'mine'], { keys: false });
    expect(await runCli(['configure', 'mfa-login'], h)).toBe(0);
    expect(h.out.join('')).toMatch(/^Please provide your AWS credentials:\n/);
    expect(asked).toEqual([
      'AWS Access Key ID: ',
      'AWS Secret Access Key: ',
      'MFA serial number or ARN: ',
      'MFA token code: ',
      'Profile to update [session-GAHT87654321]: ',
    ]);
    expect(h.requests[0]!.headers.authorization).toContain('Credential=AKIDASKED/');
    expect(await credentialsFile(h)).toContain('[mine]\naws_access_key_id = ASIATEMP\n');
  });

  it.each([
    [['', ''], { keys: true }, 'MFA serial number or MFA device ARN is required'],
    [['GAHT1', ''], { keys: true }, 'MFA token code is required'],
    [['AKID', ''], { keys: false }, 'AWS Secret Access Key is required'],
  ])('stops without a value it needs (%j): exit 1, nothing written', async (answers, opts, message) => {
    const { h } = host(answers, opts);
    expect(await runCli(['configure', 'mfa-login'], h)).toBe(1);
    expect(h.err.join('')).toBe(`\n${message}\n`);
    expect(h.requests).toHaveLength(0);
    expect(await h.fs.stat('/home/test/.aws/credentials')).toBeUndefined();
  });

  it('reports a refused code as the CLI does (exit 1), writing nothing', async () => {
    const { h } = host(['000000', 'p']);
    const denied =
      '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message></Error><RequestId>r</RequestId></ErrorResponse>';
    const refused = createMemoryHost(() => reply(403, denied, { 'content-type': 'text/xml' }), {
      env: { AWS_ACCESS_KEY_ID: 'AKIDUSER', AWS_SECRET_ACCESS_KEY: 'usersecret' },
    });
    refused.prompt = h.prompt;
    expect(await runCli(['configure', 'mfa-login', '--serial-number', 'GAHT12345678'], refused)).toBe(1);
    expect(refused.err.join('')).toBe(
      '\nAn error occurred: An error occurred (AccessDenied) when calling the GetSessionToken operation: MultiFactorAuthentication failed with invalid MFA one time pass code.\n',
    );
    expect(await refused.fs.stat('/home/test/.aws/credentials')).toBeUndefined();
  });
});

const moto = await startMoto();
afterAll(async () => moto?.stop());

describe.skipIf(!moto)('configure mfa-login against moto', () => {
  it('writes session keys that then sign calls under --profile', async () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-mfa-'));
    const run = cliRunner({ home, work: home, endpoint: () => moto!.endpoint });
    const login = await run(['configure', 'mfa-login', '--serial-number', 'arn:aws:iam::123456789012:mfa/bob'], {
      answers: ['123456', ''],
    });
    expect(login.code).toBe(0);
    expect(login.out).toContain("Temporary credentials written to profile '123456789012-bob'");
    const who = await run([
      'sts',
      'get-caller-identity',
      '--profile',
      '123456789012-bob',
      '--query',
      'Account',
      '--output',
      'text',
    ]);
    expect(who).toMatchObject({ code: 0, out: '123456789012\n' });
  });
});
