/**
 * SSO profiles: the cached token of `sso login` exchanged for role credentials (GetRoleCredentials),
 * a token near expiry refreshed with its refresh token (CreateToken) and written back, and the CLI's
 * message when the session has expired.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const CONFIG = [
  '[profile dev]',
  'sso_session = corp',
  'sso_account_id = 111122223333',
  'sso_role_name = Developer',
  'region = us-west-2',
  '[profile legacy]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = us-east-1',
  'sso_account_id = 111122223333',
  'sso_role_name = ReadOnly',
  '[profile broken]',
  'sso_session = nowhere',
  'sso_account_id = 1',
  'sso_role_name = x',
  '[profile partial]',
  'sso_account_id = 1',
  '[profile odd]',
  'sso_session = corp',
  'sso_region = eu-west-1',
  'sso_account_id = 1',
  'sso_role_name = x',
  '[profile start-only]',
  'sso_start_url = https://corp.awsapps.com/start',
  '[sso-session corp]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = us-east-1',
  'sso_registration_scopes = sso:account:access',
  '',
].join('\n');
const NOW = new Date('2024-01-02T03:04:05Z');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

async function run(profile: string, token: Record<string, unknown> | undefined, cacheKey = 'corp') {
  const seen: string[] = [];
  const host = createMemoryHost(
    (req) => {
      seen.push(
        `${req.method} ${req.url.replace(/^https?:\/\/[^/]+/, '')} ${req.headers['x-amz-sso_bearer_token'] ?? ''}`,
      );
      if (req.url.includes('/federation/credentials')) {
        return reply(
          200,
          JSON.stringify({
            roleCredentials: {
              accessKeyId: 'ASIASSO',
              secretAccessKey: 's',
              sessionToken: 't',
              expiration: NOW.getTime() + 3600_000,
            },
          }),
          { 'content-type': 'application/json' },
        );
      }
      if (req.url.endsWith('/token'))
        return reply(
          200,
          JSON.stringify({
            accessToken: 'refreshed-token',
            expiresIn: 28800,
            refreshToken: 'rt2',
            tokenType: 'Bearer',
          }),
          { 'content-type': 'application/json' },
        );
      return reply(
        200,
        '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
      );
    },
    { now: NOW, env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_DEFAULT_REGION: 'us-east-1' } },
  );
  await host.fs.writeFile('/home/test/.aws/config', CONFIG);
  const cacheFile = `/home/test/.aws/sso/cache/${sha1(cacheKey)}.json`;
  if (token) await host.fs.writeFile(cacheFile, JSON.stringify(token));
  const code = await runCli(['sts', 'get-caller-identity', '--profile', profile], host);
  const auth = host.requests.at(-1)?.headers.authorization ?? '';
  const cached = token ? JSON.parse(new TextDecoder().decode(await host.fs.readFile(cacheFile))) : undefined;
  return { code, err: host.err.join(''), seen, auth, cached };
}

describe('SSO credentials', () => {
  it("exchanges the cached token for the role's credentials", async () => {
    const r = await run('dev', {
      accessToken: 'cached-token',
      expiresAt: '2024-01-02T10:00:00Z',
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    });
    expect(r.code).toBe(0);
    expect(r.seen[0]).toBe('GET /federation/credentials?role_name=Developer&account_id=111122223333 cached-token');
    expect(r.auth).toContain('Credential=ASIASSO/');
  });

  it("finds a legacy profile's token by its start URL", async () => {
    const r = await run(
      'legacy',
      { accessToken: 'legacy-token', expiresAt: '2024-01-02T10:00:00Z' },
      'https://corp.awsapps.com/start',
    );
    expect(r.code).toBe(0);
    expect(r.seen[0]).toBe('GET /federation/credentials?role_name=ReadOnly&account_id=111122223333 legacy-token');
  });

  it('refreshes a token about to expire and writes it back', async () => {
    const r = await run('dev', {
      accessToken: 'old-token',
      expiresAt: '2024-01-02T03:10:00Z',
      refreshToken: 'rt1',
      clientId: 'cid',
      clientSecret: 'csecret',
      registrationExpiresAt: '2024-03-01T00:00:00Z',
    });
    expect(r.code).toBe(0);
    expect(r.seen[0]).toBe('POST /token ');
    expect(r.seen[1]).toContain('refreshed-token');
    expect(r.cached).toMatchObject({
      accessToken: 'refreshed-token',
      refreshToken: 'rt2',
      expiresAt: '2024-01-02T11:04:05Z',
    });
  });

  it('says to log in again when the token has expired (exit 255), and names a missing sso-session', async () => {
    expect(await run('dev', { accessToken: 'x', expiresAt: '2024-01-01T00:00:00Z' })).toMatchObject({
      code: 255,
      err: '\nThe SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.\n',
    });
    expect((await run('broken', undefined)).err).toBe('\nThe specified sso-session does not exist: "nowhere"\n');
  });

  it('words a missing token, missing keys and a profile at odds with its session as botocore (checked with aws-cli 2.9)', async () => {
    expect(await run('legacy', undefined)).toMatchObject({
      code: 255,
      err: '\nError loading SSO Token: Token for https://corp.awsapps.com/start does not exist\n',
    });
    expect((await run('dev', undefined)).err).toBe('\nError loading SSO Token: Token for corp does not exist\n');
    expect((await run('partial', undefined)).err).toBe(
      '\nThe profile "partial" is configured to use SSO but is missing required configuration: sso_role_name, sso_start_url, sso_region\n',
    );
    expect((await run('odd', undefined)).err).toBe(
      '\nThe value for sso_region is inconsistent between profile (eu-west-1) and sso-session (us-east-1).\n',
    );
    // sso_start_url alone does not make an SSO profile: the chain goes on and finds nothing (253).
    expect(await run('start-only', undefined)).toMatchObject({
      code: 253,
      err: '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
    });
  });
});

describe('sso login’s authorization code flow, where the browser never comes back', () => {
  it('gives up after ten minutes with the CLI’s message, and stops its server', async () => {
    const host = createMemoryHost(() =>
      reply(200, '{"clientId":"cid","clientSecret":"cs","clientSecretExpiresAt":1893456000}'),
    );
    await host.fs.writeFile('/home/test/.aws/config', CONFIG);
    let closed = false;
    host.serveLoopback = async () => ({
      port: 4321,
      close: async () => {
        closed = true;
      },
    });
    const code = await runCli(['sso', 'login', '--profile', 'dev'], host);
    expect(code).toBe(255);
    expect(host.err.join('')).toBe(
      '\nThe pending authorization to retrieve an SSO token has expired. The login flow to retrieve an SSO token must be restarted.\n',
    );
    // The memory host's sleep records the wait it was asked for.
    expect(host.sleeps).toEqual([600_000]);
    expect(closed).toBe(true);
    expect(host.out.join('')).toContain(
      'http://127.0.0.1:4321/oauth/callback'.replace(/[:/]/g, (c) => encodeURIComponent(c)),
    );
  });
});
