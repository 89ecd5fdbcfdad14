/**
 * The library resolves a profile exactly as the CLI does: for each kind of profile (keys and region in
 * the files, assume-role with source_profile and MFA, web identity, the SSO token cache,
 * credential_process, container credentials, IMDSv2), `createClient({ profile })` and
 * `isoaws --profile … sts get-caller-identity` send the same requests, byte for byte and signed alike
 * (the memory host's clock stands still), to the same stand-ins.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest } from '../../src/core/host.js';
import { createCli, createClient, createShell } from '../../src/index.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const NOW = new Date('2024-01-02T03:04:05Z');
const XML = (name: string, inner: string) =>
  `<${name}Response><${name}Result>${inner}</${name}Result></${name}Response>`;
const STS_KEYS =
  '<Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2999-01-01T00:00:00Z</Expiration></Credentials>';
const JSON_KEYS = JSON.stringify({
  AccessKeyId: 'ASIAMACHINE',
  SecretAccessKey: 'machine-secret',
  Token: 'machine-token',
  Expiration: '2999-01-01T00:00:00Z',
});

/** Every stand-in the chain may call, by what the request asks for. */
function answer(req: HttpRequest) {
  const url = new URL(req.url);
  const body = req.body instanceof Uint8Array ? new TextDecoder().decode(req.body) : '';
  if (body.includes('Action=AssumeRoleWithWebIdentity')) return reply(200, XML('AssumeRoleWithWebIdentity', STS_KEYS));
  if (body.includes('Action=AssumeRole')) return reply(200, XML('AssumeRole', STS_KEYS));
  if (url.pathname === '/federation/credentials') {
    return reply(
      200,
      JSON.stringify({
        roleCredentials: {
          accessKeyId: 'ASIASSO',
          secretAccessKey: 'sso-secret',
          sessionToken: 'sso-token',
          expiration: 32503680000000,
        },
      }),
    );
  }
  if (url.pathname === '/latest/api/token') return reply(200, 'imds-token');
  if (url.pathname === '/latest/meta-data/iam/security-credentials/') return reply(200, 'the-role');
  if (url.pathname.startsWith('/latest/meta-data/iam/security-credentials/') || url.hostname === '169.254.170.2')
    return reply(200, JSON_KEYS);
  return reply(200, XML('GetCallerIdentity', '<Account>123456789012</Account>'));
}

const CONFIG = `
[default]
region = us-west-2

[profile keys]
region = eu-west-1

[profile role]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = keys
mfa_serial = arn:aws:iam::123456789012:mfa/me
region = eu-central-1

[profile web]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = /home/test/token.jwt
region = ap-south-1

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Dev
region = us-east-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile process]
credential_process = print-keys
region = ca-central-1

[profile container]
credential_source = EcsContainer
role_arn = arn:aws:iam::123456789012:role/from-container
region = sa-east-1

[profile instance]
credential_source = Ec2InstanceMetadata
role_arn = arn:aws:iam::123456789012:role/from-instance
region = eu-north-1
`;

/** A host with the same files, environment, prompt, program and stand-ins for each side. */
async function host(): Promise<MemoryHost> {
  const h = createMemoryHost(answer, { now: NOW, env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/creds' } });
  await h.fs.writeFile('/home/test/.aws/config', CONFIG);
  await h.fs.writeFile(
    '/home/test/.aws/credentials',
    '[keys]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = keys-secret\n',
  );
  await h.fs.writeFile('/home/test/token.jwt', 'a.jwt.token');
  // The token `sso login` caches for the session (named by the SHA-1 of the session's name).
  await h.fs.writeFile(
    `/home/test/.aws/sso/cache/${createHash('sha1').update('corp').digest('hex')}.json`,
    JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'sso-access',
      expiresAt: '2999-01-01T00:00:00Z',
    }),
  );
  h.prompt = { ask: async () => '123456' };
  h.run = async (argv) => ({
    status: argv[0] === 'print-keys' ? 0 : 1,
    stdout: JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS', SecretAccessKey: 'process-secret' }),
    stderr: '',
  });
  h.machineCredentials = true;
  return h;
}

const wire = (h: MemoryHost) =>
  h.requests.map((r) => ({
    method: r.method,
    url: r.url,
    headers: r.headers,
    body: r.body instanceof Uint8Array ? new TextDecoder().decode(r.body) : r.body,
  }));

describe('createClient({ profile }) and isoaws --profile', () => {
  it.each(['keys', 'role', 'web', 'sso', 'process', 'container', 'instance'])(
    'send the same signed requests for the %s profile',
    async (profile) => {
      const cli = await host();
      expect(await runCli(['--profile', profile, 'sts', 'get-caller-identity'], cli)).toBe(0);
      const lib = await host();
      const out = await createClient({ host: lib, profile }).send('sts', 'GetCallerIdentity', {});
      expect(out.Account).toBe('123456789012');
      expect(wire(lib)).toEqual(wire(cli));
      // The call itself went to the profile's region, signed by the credentials of the profile's source.
      expect(cli.requests.at(-1)!.headers.authorization).toMatch(
        /Credential=A\w+\/20240102\/[a-z]+-[a-z]+-\d\/sts\/aws4_request/,
      );
    },
  );

  it('follows AWS_PROFILE, and options given in code win over the profile', async () => {
    const lib = await host();
    lib.env = { ...lib.env, AWS_PROFILE: 'keys' };
    await createClient({ host: lib }).send('sts', 'GetCallerIdentity', {});
    expect(lib.requests[0]!.headers.authorization).toContain('Credential=AKIDKEYS/20240102/eu-west-1/sts/');
    const given = await host();
    await createClient({
      host: given,
      profile: 'keys',
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'AKIDCODE', secretAccessKey: 'code-secret' },
    }).send('sts', 'GetCallerIdentity', {});
    expect(given.requests[0]!.headers.authorization).toContain('Credential=AKIDCODE/20240102/ap-northeast-1/sts/');
  });

  it('resolves a role once for every service of the client', async () => {
    const lib = await host();
    const aws = createClient({ host: lib, profile: 'role' });
    await aws.send('sts', 'GetCallerIdentity', {});
    await aws.send('iam', 'ListUsers', {}).catch(() => undefined);
    expect(
      lib.requests.filter(
        (r) => r.body instanceof Uint8Array && new TextDecoder().decode(r.body).includes('Action=AssumeRole'),
      ),
    ).toHaveLength(1);
  });
});

describe('createCli', () => {
  it('runs command lines on a host as the terminal does, from the Node entry and the browser entry', async () => {
    const { createCli: createWebCli } = await import('../../src/index.web.js');
    for (const make of [createCli, createWebCli]) {
      const h = await host();
      expect(
        await make({ host: h }).run([
          '--profile',
          'keys',
          'sts',
          'get-caller-identity',
          '--query',
          'Account',
          '--output',
          'text',
        ]),
      ).toBe(0);
      expect(h.out.join('')).toBe('123456789012\n');
      expect(h.requests[0]!.headers.authorization).toContain('Credential=AKIDKEYS/20240102/eu-west-1/sts/');
    }
  });
});

describe('createShell', () => {
  it('is the shell without a terminal, from the Node entry and the browser entry', async () => {
    const { createShell: createWebShell } = await import('../../src/index.web.js');
    for (const make of [createShell, createWebShell]) {
      const h = await host();
      const shell = await make({ host: h });
      expect(await shell.prompt()).toBe('isoaws default@us-west-2> ');
      // A session command applies to the lines after it, as the global option would.
      expect(await shell.session('profile', 'keys')).toEqual({ code: 0, changed: true });
      expect(await shell.prompt()).toBe('isoaws keys@eu-west-1> ');
      expect(shell.classify('sts get-caller-identity --query Account')).toEqual({
        kind: 'cli',
        args: ['sts', 'get-caller-identity', '--query', 'Account'],
      });
      expect(shell.classify('$.Account.length')).toMatchObject({ kind: 'js' });
      expect(await shell.run(['sts', 'get-caller-identity', '--query', 'Account', '--output', 'text'])).toBe(0);
      expect(h.out.join('')).toBe('123456789012\n');
      expect(h.requests[0]!.headers.authorization).toContain('Credential=AKIDKEYS/20240102/eu-west-1/sts/');
      // `$` is what the command printed, as data; `aws` calls with the session's profile.
      expect(shell.lastResult()).toBe('123456789012');
      await shell.client.send('sts', 'GetCallerIdentity', {});
      expect(h.requests.at(-1)!.headers.authorization).toContain('Credential=AKIDKEYS/20240102/eu-west-1/sts/');
      // A refused setting is reported as the option would be, and changes nothing.
      expect(await shell.session('region', 'Not A Region')).toEqual({ code: 252, changed: false });
      expect(h.err.join('')).toContain("Provided region_name 'Not A Region' doesn't match a supported format.");
      expect((await shell.complete('s3 c'))!.candidates.map((c) => c.value)).toEqual(['cp']);
      expect((await shell.complete('.profile ro'))!.candidates.map((c) => c.value)).toEqual(['role']);
      expect(await shell.complete('const x = [1, 2].ma')).toBeUndefined();
      expect(await shell.describe(['sso', 'login'], 80)).toContain('--no-browser');
      shell.close();
    }
  });
});
