/**
 * Assume-role profiles: against moto_server (AssumeRole, then GetCallerIdentity as the role), and with
 * a recording stand-in for the chain rules — source profiles followed, loops refused, the MFA code
 * asked through the host, results cached in ~/.aws/cli/cache and reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const CONFIG = [
  '[default]',
  'region = us-east-1',
  '[profile base]',
  'region = us-east-1',
  '[profile admin]',
  'role_arn = arn:aws:iam::123456789012:role/admin',
  'source_profile = base',
  'role_session_name = tester',
  'region = us-east-1',
  '[profile chained]',
  'role_arn = arn:aws:iam::123456789012:role/deeper',
  'source_profile = admin',
  '[profile loop-a]',
  'role_arn = arn:aws:iam::123456789012:role/a',
  'source_profile = loop-b',
  '[profile loop-b]',
  'role_arn = arn:aws:iam::123456789012:role/b',
  'source_profile = loop-a',
  '[profile both]',
  'role_arn = arn:aws:iam::123456789012:role/x',
  'source_profile = base',
  'credential_source = Environment',
  '[profile from-env]',
  'role_arn = arn:aws:iam::123456789012:role/env',
  'credential_source = Environment',
  '[profile from-container]',
  'role_arn = arn:aws:iam::123456789012:role/c',
  'credential_source = EcsContainer',
  '[profile from-imds]',
  'role_arn = arn:aws:iam::123456789012:role/i',
  'credential_source = ec2instancemetadata',
  '[profile bad-source]',
  'role_arn = arn:aws:iam::123456789012:role/x',
  'credential_source = Laptop',
  '[profile mfa]',
  'role_arn = arn:aws:iam::123456789012:role/mfa',
  'source_profile = base',
  'mfa_serial = arn:aws:iam::123456789012:mfa/me',
  '',
].join('\n');
const CREDENTIALS = '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n';

describe.skipIf(!moto)('assume role against moto_server', () => {
  it("assumes the role with the source profile's keys and calls as the role", async () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-role-'));
    writeFileSync(join(home, 'config'), CONFIG);
    writeFileSync(join(home, 'credentials'), CREDENTIALS);
    let out = '';
    let err = '';
    const host = createNodeHost({
      env: {
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_ENDPOINT_URL: moto!.endpoint,
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
    expect(
      await runCli(['sts', 'get-caller-identity', '--profile', 'admin', '--query', 'Arn', '--output', 'text'], host),
    ).toBe(0);
    expect(err).toBe('');
    expect(out).toBe('arn:aws:sts::123456789012:assumed-role/admin/tester\n');
    const cached = readdirSync(join(home, '.aws/cli/cache')).filter((f) => f.endsWith('.json'));
    expect(cached).toHaveLength(1);
    const entry = JSON.parse(readFileSync(join(home, '.aws/cli/cache', cached[0]!), 'utf8'));
    expect(entry.Credentials.AccountId).toBe('123456789012');

    // The AWS CLI's own code finds the entry under the same name and uses it without calling STS (its
    // endpoint here is a closed port): botocore's assume-role provider with the CLI's JSON file cache.
    const python = spawnSync(
      'python3',
      [
        '-c',
        [
          'import sys, botocore.session',
          'from botocore.utils import JSONFileCache',
          "s = botocore.session.Session(profile='admin')",
          "s.get_component('credential_provider').get_provider('assume-role').cache = JSONFileCache(sys.argv[1])",
          'c = s.get_credentials().get_frozen_credentials()',
          'print(c.access_key)',
        ].join('\n'),
        join(home, '.aws/cli/cache'),
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
          AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
        },
      },
    );
    expect(python.stderr).toBe('');
    expect(python.stdout.trim()).toBe(entry.Credentials.AccessKeyId);
  });
});

describe('assume-role chains', () => {
  const ASSUMED = (n: number) =>
    `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA${n}</AccessKeyId><SecretAccessKey>s${n}</SecretAccessKey><SessionToken>t${n}</SessionToken><Expiration>2999-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
  const IDENTITY =
    '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';

  const MACHINE = (id: string) =>
    JSON.stringify({
      Code: 'Success',
      AccessKeyId: id,
      SecretAccessKey: 's',
      Token: 't',
      Expiration: '2999-01-01T00:00:00Z',
    });

  async function run(
    profile: string,
    env: Record<string, string> = {},
    answers: string[] = [],
    machineCredentials = false,
  ) {
    let assumed = 0;
    const host = createMemoryHost(
      (req) => {
        // The machine's credential services: a container endpoint and IMDSv2 (token, role, credentials).
        if (req.url.startsWith('http://169.254.170.2/')) return reply(200, MACHINE('CONTAINER'));
        if (req.url.endsWith('/latest/api/token')) return reply(200, 'tok');
        if (req.url.endsWith('/security-credentials/')) return reply(200, 'role');
        if (req.url.endsWith('/security-credentials/role')) return reply(200, MACHINE('IMDS'));
        const body = typeof req.body === 'object' ? new TextDecoder().decode(req.body as Uint8Array) : '';
        if (body.includes('Action=AssumeRole')) return reply(200, ASSUMED(++assumed));
        return reply(200, IDENTITY);
      },
      { env: { AWS_DEFAULT_REGION: 'us-east-1', ...env } },
    );
    host.prompt = { ask: async () => answers.shift() ?? '' };
    host.machineCredentials = machineCredentials;
    await host.fs.writeFile('/home/test/.aws/config', CONFIG);
    await host.fs.writeFile('/home/test/.aws/credentials', CREDENTIALS);
    const code = await runCli(['sts', 'get-caller-identity', '--profile', profile], host);
    const bodies = host.requests.map((r) => new TextDecoder().decode(r.body as Uint8Array));
    return {
      code,
      err: host.err.join(''),
      bodies,
      auth: host.requests.map((r) => /Credential=(\w+)/.exec(r.headers.authorization ?? '')?.[1]),
      host,
    };
  }

  it('follows a chain of source profiles, each AssumeRole signed by the previous credentials', async () => {
    const r = await run('chained');
    expect(r.code).toBe(0);
    expect(r.auth).toEqual(['AKIDBASE', 'ASIA1', 'ASIA2']);
    expect(r.bodies[0]).toContain('RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin');
    expect(r.bodies[0]).toContain('RoleSessionName=tester');
    expect(r.bodies[1]).toContain('role%2Fdeeper');
  });

  it('refuses a loop, and a profile with both sources (exit 255)', async () => {
    expect(await run('loop-a')).toMatchObject({
      code: 255,
      err: '\nInfinite loop in profile chain: loop-a -> loop-b -> loop-a\n',
    });
    expect(await run('both')).toMatchObject({
      code: 255,
      err: '\nThe profile "both" contains both source_profile and credential_source.\n',
    });
  });

  it('uses the environment as credential_source', async () => {
    const r = await run('from-env', { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'e' });
    expect(r.auth).toEqual(['AKIDENV', 'ASIA1']);
  });

  it('uses the container endpoint and instance metadata as credential_source (names in any case)', async () => {
    const container = await run('from-container', { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }, [], true);
    expect(container.code).toBe(0);
    expect(container.host.requests[0]!.url).toBe('http://169.254.170.2/v2/creds');
    // The credential services' requests are not signed; AssumeRole is signed with their keys, then the call with the role's.
    expect(container.auth).toEqual([undefined, 'CONTAINER', 'ASIA1']);
    const imds = await run('from-imds', {}, [], true);
    expect(imds.code).toBe(0);
    expect(imds.host.requests.map((r) => r.method).slice(0, 3)).toEqual(['PUT', 'GET', 'GET']);
    expect(imds.auth).toEqual([undefined, undefined, undefined, 'IMDS', 'ASIA1']);
  });

  it('names a credential_source that is unknown, unreachable from the host, or empty', async () => {
    expect(await run('bad-source')).toMatchObject({
      code: 255,
      err: '\nThe credential source "Laptop" referenced in profile "bad-source" is not valid.\n',
    });
    expect(await run('from-imds')).toMatchObject({
      code: 255,
      err: '\nThe credential source "ec2instancemetadata" referenced in profile "from-imds" needs the machine\'s credential service, which cannot be reached from here.\n',
    });
    expect(await run('from-container', {}, [], true)).toMatchObject({
      code: 255,
      err: '\nNo credentials found in credential_source referenced in profile from-container\n',
    });
  });

  it('asks for the MFA code and sends it with the serial number', async () => {
    const r = await run('mfa', {}, ['123456']);
    expect(r.code).toBe(0);
    expect(r.bodies[0]).toContain('SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme');
    expect(r.bodies[0]).toContain('TokenCode=123456');
  });

  it('caches the role credentials and reuses them on the next command', async () => {
    const first = await run('admin');
    const files = await first.host.fs.readDir('/home/test/.aws/cli/cache');
    expect(files).toHaveLength(1);
    const host = first.host;
    host.requests.length = 0;
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'admin'], host)).toBe(0);
    expect(host.requests.map((r) => /Credential=(\w+)/.exec(r.headers.authorization ?? '')?.[1])).toEqual(['ASIA1']);
    expect(existsSync('/home/test/.aws/cli/cache')).toBe(false);
  });
});

describe.skipIf(!moto)('web identity against moto_server', () => {
  it('exchanges the token file for role credentials, from the environment (EKS) and from a profile', async () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-webid-'));
    writeFileSync(join(home, 'token'), 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2ln\n');
    writeFileSync(
      join(home, 'config'),
      `[profile web]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = ${join(home, 'token')}\nrole_session_name = pod\n`,
    );
    const call = async (env: Record<string, string>, ...argv: string[]) => {
      let out = '';
      let err = '';
      const host = createNodeHost({
        env: {
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
          AWS_ENDPOINT_URL: moto!.endpoint,
          AWS_EC2_METADATA_DISABLED: 'true',
          ...env,
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
      return {
        code: await runCli(['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text', ...argv], host),
        out,
        err,
      };
    };
    expect(
      await call({
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'),
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/eks',
        AWS_ROLE_SESSION_NAME: 'app',
      }),
    ).toEqual({ code: 0, out: 'arn:aws:sts::123456789012:assumed-role/eks/app\n', err: '' });
    expect(await call({}, '--profile', 'web')).toEqual({
      code: 0,
      out: 'arn:aws:sts::123456789012:assumed-role/web/pod\n',
      err: '',
    });
  });
});
