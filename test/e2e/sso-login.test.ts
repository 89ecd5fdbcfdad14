/**
 * `sso login` end to end over real sockets: a fake SSO OIDC service (client registration, device
 * authorization, a token that is pending once, then granted) and a fake portal that swaps the token
 * for role credentials, which then sign a call; `sso logout` signs the token out and removes it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';

const servers: Server[] = [];
afterAll(() =>
  Promise.all(
    servers.map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections();
          s.close(r);
        }),
    ),
  ),
);

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('sso login', () => {
  it('runs the device flow, caches the token, signs with the role credentials, and logs out', async () => {
    const calls: string[] = [];
    const registered: unknown[] = [];
    let polls = 0;
    const json = (
      res: import('node:http').ServerResponse,
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const oidc = await listen(
      createServer((req, res) => {
        let body = '';
        req.on('data', (d) => {
          body += d;
        });
        req.on('end', () => {
          calls.push(`${req.method} ${req.url}`);
          const input = JSON.parse(body || '{}');
          if (req.url === '/client/register') registered.push(input);
          if (req.url === '/client/register')
            return json(res, 200, { clientId: 'cid', clientSecret: 'csecret', clientSecretExpiresAt: 1893456000 });
          if (req.url === '/device_authorization') {
            expect(input).toMatchObject({
              clientId: 'cid',
              clientSecret: 'csecret',
              startUrl: 'https://corp.awsapps.com/start',
            });
            return json(res, 200, {
              deviceCode: 'dev-code',
              userCode: 'ABCD-EFGH',
              verificationUri: 'https://device.sso/',
              verificationUriComplete: 'https://device.sso/?user_code=ABCD-EFGH',
              interval: 1,
              expiresIn: 60,
            });
          }
          if (req.url === '/token') {
            expect(input.grantType).toBe('urn:ietf:params:oauth:grant-type:device_code');
            if (++polls === 1)
              return json(
                res,
                400,
                { error: 'authorization_pending' },
                { 'x-amzn-errortype': 'AuthorizationPendingException' },
              );
            return json(res, 200, {
              accessToken: 'sso-access-token',
              expiresIn: 3600,
              refreshToken: 'rt',
              tokenType: 'Bearer',
            });
          }
          return json(res, 404, {});
        });
      }),
    );
    const portal = await listen(
      createServer((req, res) => {
        calls.push(`${req.method} ${req.url} ${req.headers['x-amz-sso_bearer_token']}`);
        json(res, 200, {
          roleCredentials: {
            accessKeyId: 'ASIAFROMSSO',
            secretAccessKey: 's',
            sessionToken: 't',
            expiration: Date.now() + 3600_000,
          },
        });
      }),
    );
    const api = await listen(
      createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(
            `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${/Credential=(\w+)/.exec(req.headers.authorization ?? '')?.[1]}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
          );
        });
      }),
    );
    const home = mkdtempSync(join(tmpdir(), 'isoaws-sso-'));
    writeFileSync(
      join(home, 'config'),
      '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\nregion = us-east-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access, codewhisperer:completions\n',
    );
    const run = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const host = createNodeHost({
        env: {
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
          AWS_ENDPOINT_URL_SSO_OIDC: oidc,
          AWS_ENDPOINT_URL_SSO: portal,
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
      return { code: await runCli(argv, host), out, err };
    };

    const login = await run('sso', 'login', '--profile', 'dev', '--no-browser');
    expect(login.code).toBe(0);
    expect(login.out).toBe('Successfully logged into Start URL: https://corp.awsapps.com/start\n');
    expect(login.err).toContain(
      'Please visit the following URL:\n\nhttps://device.sso/\n\nThen enter the code:\n\nABCD-EFGH\n',
    );
    expect(calls).toEqual(['POST /client/register', 'POST /device_authorization', 'POST /token', 'POST /token']);
    // The session's registration scopes, split on commas, go with the client registration.
    expect(registered).toMatchObject([
      { clientType: 'public', scopes: ['sso:account:access', 'codewhisperer:completions'] },
    ]);
    expect(readdirSync(join(home, '.aws/sso/cache'))).toHaveLength(1);

    const identity = await run(
      'sts',
      'get-caller-identity',
      '--profile',
      'dev',
      '--endpoint-url',
      api,
      '--query',
      'Account',
      '--output',
      'text',
    );
    expect(identity).toEqual({ code: 0, out: 'ASIAFROMSSO\n', err: '' });
    expect(calls.at(-1)).toBe('GET /federation/credentials?role_name=Dev&account_id=111122223333 sso-access-token');

    // Role credentials the AWS CLI cached from SSO go with the token; other cached credentials stay.
    mkdirSync(join(home, '.aws/cli/cache'), { recursive: true });
    writeFileSync(
      join(home, '.aws/cli/cache/from-sso.json'),
      JSON.stringify({ ProviderType: 'sso', Credentials: { AccessKeyId: 'ASIA' } }),
    );
    writeFileSync(
      join(home, '.aws/cli/cache/from-role.json'),
      JSON.stringify({ Credentials: { AccessKeyId: 'ASIA' } }),
    );
    expect((await run('sso', 'logout')).code).toBe(0);
    expect(calls.at(-1)).toBe('POST /logout sso-access-token');
    expect(readdirSync(join(home, '.aws/sso/cache'))).toHaveLength(0);
    expect(existsSync(join(home, '.aws/sso/cache'))).toBe(true);
    expect(readdirSync(join(home, '.aws/cli/cache'))).toEqual(['from-role.json']);
  });
});
