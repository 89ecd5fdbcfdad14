/**
 * `configure sso` and `configure sso-session` over real sockets: a fake IAM Identity Center (OIDC device
 * flow and the portal's account, role and credential calls) answers while the answers to the prompts
 * come from a script; the config file written must then serve a signed call with the role's keys.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { localServers } from '../support/local-servers.js';

const { listen } = localServers();

const ACCOUNTS = [
  { accountId: '111122223333', accountName: 'dev', emailAddress: 'dev@example.com' },
  { accountId: '444455556666', accountName: 'prod' },
];

/** The fake service; `accounts` sets how many accounts the user has (the first n of ACCOUNTS). */
async function identityCenter(accounts: number) {
  const calls: string[] = [];
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      calls.push(`${req.method} ${url.pathname}${url.search}`);
      if (url.pathname === '/client/register')
        return json(res, 200, { clientId: 'cid', clientSecret: 'cs', clientSecretExpiresAt: 1893456000 });
      if (url.pathname === '/device_authorization') {
        return json(res, 200, {
          deviceCode: 'dc',
          userCode: 'WXYZ-1234',
          verificationUri: 'https://device.sso/',
          verificationUriComplete: 'https://device.sso/?user_code=WXYZ-1234',
          interval: 1,
          expiresIn: 60,
        });
      }
      if (url.pathname === '/token') return json(res, 200, { accessToken: 'at', expiresIn: 3600, tokenType: 'Bearer' });
      // The signed call the new profile makes (STS, answered with the access key it was signed with).
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        return res.end(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${/Credential=(\w+)/.exec(req.headers.authorization ?? '')?.[1]}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      }
      if (req.headers['x-amz-sso_bearer_token'] !== 'at')
        return json(res, 401, { message: 'bad token' }, { 'x-amzn-errortype': 'UnauthorizedException' });
      if (url.pathname === '/assignment/accounts') return json(res, 200, { accountList: ACCOUNTS.slice(0, accounts) });
      if (url.pathname === '/assignment/roles')
        return json(res, 200, { roleList: [{ roleName: 'ReadOnly', accountId: url.searchParams.get('account_id') }] });
      if (url.pathname === '/federation/credentials') {
        return json(res, 200, {
          roleCredentials: {
            accessKeyId: `ASIA${url.searchParams.get('account_id')}`,
            secretAccessKey: 's',
            sessionToken: 't',
            expiration: Date.now() + 3600_000,
          },
        });
      }
      return json(res, 404, {});
    });
  });
  return { url: await listen(server), calls };
}

async function session(accounts: number, config?: string) {
  const fake = await identityCenter(accounts);
  const home = mkdtempSync(join(tmpdir(), 'isoaws-configure-sso-'));
  if (config !== undefined) writeFileSync(join(home, 'config'), config);
  const run = async (argv: string[], answers: string[] = []) => {
    let out = '';
    let err = '';
    const questions: string[] = [];
    const host = createNodeHost({
      env: {
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
        AWS_ENDPOINT_URL_SSO: fake.url,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      homeDir: home,
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
    host.prompt = {
      ask: async (q) => {
        questions.push(q);
        return answers.shift() ?? '';
      },
    };
    host.openUrl = undefined;
    return { code: await runCli(argv, host), out, err, questions };
  };
  return { run, calls: fake.calls, api: fake.url, config: () => readFileSync(join(home, 'config'), 'utf8') };
}

describe('configure sso', () => {
  it('creates an sso-session and a profile: account chosen from two, the only role taken, defaults offered', async () => {
    const s = await session(2, '# my settings\n[default]\nregion = us-west-2\n');
    const r = await s.run(
      ['configure', 'sso', '--use-device-code'],
      ['corp', 'https://corp.awsapps.com/start', 'us-east-1', '', '2', 'eu-west-1', 'json', ''],
    );
    expect(r.code).toBe(0);
    expect(r.questions.map((q) => q.split('\n').at(-1))).toEqual([
      'SSO session name (Recommended): ',
      'SSO start URL [None]: ',
      'SSO region [None]: ',
      'SSO registration scopes [sso:account:access]: ',
      'Choose the account [1-2]: ',
      'CLI default client Region [None]: ',
      'CLI default output format [None]: ',
      'CLI profile name [ReadOnly-444455556666]: ',
    ]);
    expect(r.questions[4]).toBe(
      '  1. dev, dev@example.com (111122223333)\n  2. prod (444455556666)\nChoose the account [1-2]: ',
    );
    // Where to sign in comes first on stdout, as the CLI prints it.
    expect(r.out).toContain('Then enter the code:\n\nWXYZ-1234\n');
    expect(r.out.slice(r.out.indexOf('There are'))).toBe(
      'There are 2 AWS accounts available to you.\nUsing the account ID 444455556666\nThe only role available to you is: ReadOnly\nUsing the role name "ReadOnly"\n' +
        '\nTo use this profile, specify the profile name using --profile, as shown:\n\naws s3 ls --profile ReadOnly-444455556666\n',
    );
    expect(s.config()).toBe(
      '# my settings\n[default]\nregion = us-west-2\n' +
        '[profile ReadOnly-444455556666]\nsso_session = corp\nsso_account_id = 444455556666\nsso_role_name = ReadOnly\nregion = eu-west-1\noutput = json\n' +
        '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n',
    );
    expect(s.calls).toContain('GET /assignment/roles?account_id=444455556666');
    const call = await s.run([
      'sts',
      'get-caller-identity',
      '--profile',
      'ReadOnly-444455556666',
      '--endpoint-url',
      s.api,
      '--query',
      'Account',
      '--output',
      'text',
    ]);
    expect(call).toMatchObject({ err: '', code: 0, out: 'ASIA444455556666\n' });
  });

  it('uses an existing sso-session without asking for it again, for the profile named by --profile', async () => {
    const s = await session(
      1,
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const r = await s.run(
      ['configure', 'sso', '--profile', 'dev', '--no-browser', '--use-device-code'],
      ['corp', '', ''],
    );
    expect(r.code).toBe(0);
    expect(r.questions).toEqual([
      'SSO session name (Recommended): ',
      'CLI default client Region [None]: ',
      'CLI default output format [None]: ',
    ]);
    expect(r.out).toContain(
      'The only AWS account available to you is: 111122223333\nUsing the account ID 111122223333\n',
    );
    expect(r.out).toContain('aws s3 ls --profile dev\n');
    expect(s.config()).toBe(
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n' +
        '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n',
    );
  });

  it("writes the legacy keys into the profile when no session name is given, with the CLI's warning", async () => {
    const s = await session(1);
    const r = await s.run(
      ['configure', 'sso', '--profile', 'old'],
      ['', 'not a url', 'https://corp.awsapps.com/start', 'us-east-1', 'us-east-1', 'text'],
    );
    expect(r.code).toBe(0);
    expect(
      r.out.startsWith(
        'WARNING: Configuring using legacy format (e.g. without an SSO session).\nConsider re-running "configure sso" command and providing a session name.\n',
      ),
    ).toBe(true);
    expect(s.config()).toBe(
      '[profile old]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-east-1\noutput = text\n',
    );
  });

  it("fails with the CLI's message when no account is available", async () => {
    const s = await session(0);
    const r = await s.run(
      ['configure', 'sso', '--profile', 'x', '--use-device-code'],
      ['corp', 'https://corp.awsapps.com/start', 'us-east-1', ''],
    );
    expect(r).toMatchObject({ code: 255, err: expect.stringContaining('\nNo AWS accounts are available to you.\n') });
  });
});

describe('configure sso-session', () => {
  it('asks for the session and writes it, telling how to sign in', async () => {
    const s = await session(1);
    const r = await s.run(
      ['configure', 'sso-session'],
      ['corp', 'https://corp.awsapps.com/start', 'eu-west-1', 'sso:account:access,codewhisperer:completions'],
    );
    expect(r.code).toBe(0);
    expect(r.questions).toEqual([
      'SSO session name: ',
      'SSO start URL [None]: ',
      'SSO region [None]: ',
      'SSO registration scopes [sso:account:access]: ',
    ]);
    expect(r.out).toBe(
      '\nCompleted configuring SSO session: corp\nRun the following to login and refresh access token for this session:\n\naws sso login --sso-session corp\n',
    );
    expect(s.config()).toBe(
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access,codewhisperer:completions\n',
    );
  });
});
