/**
 * `sso login` end to end over real sockets: a fake SSO OIDC service (client registration, device
 * authorization, a token that is pending once, then granted) and a fake portal that swaps the token
 * for role credentials, which then sign a call; `sso logout` signs the token out and removes it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { callerIdentityByKey, localServers } from '../support/local-servers.js';

const { listen } = localServers();

describe('sso login', () => {
  it('runs the device flow (--use-device-code), caches the token, signs with the role credentials, and logs out', async () => {
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
    const api = await listen(createServer(callerIdentityByKey));
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

    const login = await run('sso', 'login', '--profile', 'dev', '--no-browser', '--use-device-code');
    expect(login.code).toBe(0);
    // Where to sign in goes to stdout, as the CLI's authorization handlers print it.
    expect(login.out).toBe(
      'Browser will not be automatically opened.\nPlease visit the following URL:\n\nhttps://device.sso/\n\nThen enter the code:\n\nABCD-EFGH\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\nhttps://device.sso/?user_code=ABCD-EFGH\nSuccessfully logged into Start URL: https://corp.awsapps.com/start\n',
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

describe('sso login with an sso-session: the authorization code flow with PKCE', () => {
  /** SSO OIDC's stand-in: registration, the authorize page (which sends the browser back with a code), the token. */
  async function oidcStandIn(answer: 'code' | 'error' | 'other-state') {
    const seen: Record<string, unknown> = {};
    const url = await listen(
      createServer((req, res) => {
        let body = '';
        req.on('data', (d) => {
          body += d;
        });
        req.on('end', () => {
          const at = new URL(req.url!, 'http://x');
          if (at.pathname === '/client/register') {
            seen.register = JSON.parse(body);
            res.writeHead(200, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ clientId: 'cid', clientSecret: 'cs', clientSecretExpiresAt: 1893456000 }));
          }
          if (at.pathname === '/authorize') {
            seen.authorize = Object.fromEntries(at.searchParams);
            const back = new URL(at.searchParams.get('redirect_uri')!);
            if (answer === 'error') back.searchParams.set('error', 'access_denied');
            else {
              back.searchParams.set('code', 'the-code');
              back.searchParams.set('state', answer === 'code' ? at.searchParams.get('state')! : 'forged');
            }
            res.writeHead(302, { location: back.toString() });
            return res.end();
          }
          if (at.pathname === '/token') {
            seen.token = JSON.parse(body);
            res.writeHead(200, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ accessToken: 'pkce-token', expiresIn: 3600, refreshToken: 'rt' }));
          }
          res.writeHead(404);
          res.end();
        });
      }),
    );
    return { url, seen };
  }

  async function login(answer: 'code' | 'error' | 'other-state') {
    const oidc = await oidcStandIn(answer);
    const home = mkdtempSync(join(tmpdir(), 'isoaws-pkce-'));
    writeFileSync(
      join(home, 'config'),
      '[default]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
    );
    let out = '';
    let err = '';
    const host = createNodeHost({
      env: { AWS_CONFIG_FILE: join(home, 'config'), AWS_ENDPOINT_URL_SSO_OIDC: oidc.url },
      homeDir: home,
      stdout: { write: (t) => void (out += t) },
      stderr: { write: (t) => void (err += t) },
    });
    // The browser: it opens the authorize page and follows its redirect to the loopback server.
    const browser = { ...host, openUrl: async (url: string) => void (await fetch(url)).text() };
    const code = await runCli(['sso', 'login'], browser);
    return { code, out, err, seen: oidc.seen, home };
  }

  it('registers for the code grant, sends the browser to authorize, and trades the code and verifier for a token', async () => {
    const r = await login('code');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.seen.register).toEqual({
      clientName: 'botocore-client-corp',
      clientType: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: 'https://corp.awsapps.com/start',
      scopes: ['sso:account:access'],
    });
    const authorize = r.seen.authorize as Record<string, string>;
    expect(authorize).toMatchObject({
      response_type: 'code',
      client_id: 'cid',
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
    });
    expect(authorize.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const token = r.seen.token as Record<string, string>;
    expect(token).toMatchObject({
      grantType: 'authorization_code',
      clientId: 'cid',
      clientSecret: 'cs',
      code: 'the-code',
      redirectUri: authorize.redirect_uri,
    });
    // PKCE: the challenge sent to authorize is the SHA-256 of the verifier sent for the token.
    expect(token.codeVerifier).toMatch(/^[A-Za-z0-9._~-]{64}$/);
    const challenge = createHash('sha256').update(token.codeVerifier!).digest('base64url');
    expect(authorize.code_challenge).toBe(challenge);
    // The page as printed: SSO OIDC's origin, the query in the CLI's order, the challenge last.
    expect(r.out).toMatch(
      new RegExp(
        `run this command again with the '--use-device-code' option\\.\\n\\nhttp://127\\.0\\.0\\.1:\\d+/authorize\\?response_type=code&client_id=cid&redirect_uri=http%3A%2F%2F127\\.0\\.0\\.1%3A\\d+%2Foauth%2Fcallback&state=[^&]+&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=${challenge}\\n\\n`,
      ),
    );
    expect(r.out.endsWith('Successfully logged into Start URL: https://corp.awsapps.com/start\n')).toBe(true);
    const [cached] = readdirSync(join(r.home, '.aws/sso/cache'));
    expect(JSON.parse(readFileSync(join(r.home, '.aws/sso/cache', cached!), 'utf8'))).toMatchObject({
      accessToken: 'pkce-token',
      refreshToken: 'rt',
      region: 'eu-west-1',
      clientId: 'cid',
    });
  });

  it('refuses a redirect with an error, or with a state it did not send, in the CLI’s words', async () => {
    const denied = await login('error');
    expect({ code: denied.code, err: denied.err }).toEqual({
      code: 255,
      err: '\nError loading authorization code: Failed to retrieve an authorization code.\n',
    });
    const forged = await login('other-state');
    expect(forged.err).toBe('\nError loading authorization code: State parameter does not match expected value.\n');
    expect(forged.seen.token).toBeUndefined();
  });
});
