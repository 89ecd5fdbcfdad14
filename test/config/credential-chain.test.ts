/**
 * The credential chain as the AWS CLI walks it: environment keys over the files (the signature proves
 * which secret signed), what the environment does not configure (a lone secret, AWS_ROLE_ARN without a
 * token file, AWS_SSO_* variables), profile selection by AWS_DEFAULT_PROFILE and AWS_PROFILE, the
 * AssumeRole parameters a role profile sends and the cache that spares the next command the call,
 * credential_process run again by every command, temporary credentials refreshed in a long-lived
 * client, container credentials, unsigned requests, and SSO profiles (a role_arn refused, one token
 * shared by the profiles of a session, the portal in sso_region). Behaviour checked against aws-cli
 * 2.9.19 (and 1.45 where 2.9 cannot be pointed at a stand-in).
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { createClient } from '../../src/core/client.js';
import type { Credentials } from '../../src/core/credentials/types.js';
import type { HttpRequest } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';
import { localServers } from '../support/local-servers.js';

const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
const ASSUMED =
  '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2999-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>';
const NOW = new Date('2024-01-02T03:04:05Z');

const text = (body: HttpRequest['body']) => (body instanceof Uint8Array ? new TextDecoder().decode(body) : '');
const keyOf = (req: HttpRequest | undefined) => /Credential=(\w+)\//.exec(req?.headers.authorization ?? '')?.[1];
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * An independent SigV4 signature of a recorded request with `secret`: the scope and signed headers are
 * taken from its Authorization header, everything else is computed here from the request itself.
 */
function signatureFor(req: HttpRequest, secret: string): string {
  const [, scope, signedHeaders] = /Credential=\w+\/([^,]+), SignedHeaders=([^,]+), Signature=/.exec(
    req.headers.authorization!,
  )!;
  const [date, region, service] = scope!.split('/');
  const url = new URL(req.url);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = signedHeaders!
    .split(';')
    .map((name) => `${name}:${(name === 'host' ? (headers.host ?? url.host) : headers[name]!).trim()}\n`)
    .join('');
  const query = [...url.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join('&');
  const canonical = [
    req.method,
    url.pathname,
    query,
    canonicalHeaders,
    signedHeaders,
    sha256(req.body instanceof Uint8Array ? req.body : ''),
  ].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', headers['x-amz-date'], scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  return hmac(key, toSign).toString('hex');
}

async function memoryRun(
  argv: string[],
  files: { config?: string; credentials?: string },
  env: Record<string, string> = {},
) {
  const host = createMemoryHost(
    (req) => reply(200, text(req.body).includes('Action=AssumeRole') ? ASSUMED : IDENTITY),
    { now: NOW, env },
  );
  if (files.config !== undefined) await host.fs.writeFile('/home/test/.aws/config', files.config);
  if (files.credentials !== undefined) await host.fs.writeFile('/home/test/.aws/credentials', files.credentials);
  const code = await runCli(argv, host);
  return {
    code,
    host,
    out: host.out.join(''),
    err: host.err.join(''),
    bodies: host.requests.map((r) => text(r.body)),
    keys: host.requests.map(keyOf),
  };
}

const NO_CREDENTIALS = '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n';

describe('the environment in the chain', () => {
  const credentials = '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n';
  const config = '[default]\nregion = us-east-1\n';

  it("signs with the environment's secret, not the file's", async () => {
    const r = await memoryRun(
      ['sts', 'get-caller-identity'],
      { config, credentials },
      { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' },
    );
    expect(r.code).toBe(0);
    const req = r.host.requests[0]!;
    const signature = /Signature=([0-9a-f]{64})$/.exec(req.headers.authorization!)![1];
    expect(signature).toBe(signatureFor(req, 'env-secret'));
    expect(signature).not.toBe(signatureFor(req, 'file-secret'));
  });

  it("ignores a secret alone in the environment: the file's pair signs", async () => {
    const r = await memoryRun(
      ['sts', 'get-caller-identity'],
      { config, credentials },
      { AWS_SECRET_ACCESS_KEY: 'env-secret' },
    );
    expect(r.code).toBe(0);
    const req = r.host.requests[0]!;
    expect(keyOf(req)).toBe('AKIDFILE');
    expect(/Signature=(\w+)$/.exec(req.headers.authorization!)![1]).toBe(signatureFor(req, 'file-secret'));
  });

  it('AWS_ROLE_ARN without a token file configures nothing (253, no request)', async () => {
    const r = await memoryRun(
      ['sts', 'get-caller-identity'],
      { config },
      { AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/x', AWS_EC2_METADATA_DISABLED: 'true' },
    );
    expect(r).toMatchObject({ code: 253, err: NO_CREDENTIALS });
    expect(r.host.requests).toHaveLength(0);
  });

  it('AWS_SSO_* variables configure nothing: SSO needs a profile (253, no request)', async () => {
    const r = await memoryRun(
      ['sts', 'get-caller-identity'],
      { config },
      {
        AWS_SSO_START_URL: 'https://corp.awsapps.com/start',
        AWS_SSO_REGION: 'us-east-1',
        AWS_SSO_ACCOUNT_ID: '111122223333',
        AWS_SSO_ROLE_NAME: 'Dev',
        AWS_SSO_SESSION: 'corp',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    );
    expect(r).toMatchObject({ code: 253, err: NO_CREDENTIALS });
    expect(r.host.requests).toHaveLength(0);
  });

  it('AWS_DEFAULT_PROFILE selects a profile; AWS_PROFILE wins over it, as in aws-cli v2', async () => {
    const files = {
      config: '[default]\nregion = us-east-1\n[profile one]\nregion = eu-west-1\n[profile two]\nregion = ap-south-1\n',
      credentials:
        '[one]\naws_access_key_id = AKIDONE\naws_secret_access_key = s1\n[two]\naws_access_key_id = AKIDTWO\naws_secret_access_key = s2\n',
    };
    const byDefault = await memoryRun(['sts', 'get-caller-identity'], files, { AWS_DEFAULT_PROFILE: 'one' });
    expect(byDefault.code).toBe(0);
    expect(byDefault.host.requests[0]!.url).toBe('https://sts.eu-west-1.amazonaws.com/');
    expect(byDefault.keys).toEqual(['AKIDONE']);
    const both = await memoryRun(['sts', 'get-caller-identity'], files, {
      AWS_DEFAULT_PROFILE: 'one',
      AWS_PROFILE: 'two',
    });
    expect(both.host.requests[0]!.url).toBe('https://sts.ap-south-1.amazonaws.com/');
    expect(both.keys).toEqual(['AKIDTWO']);
  });

  it('environment keys outrank a role profile chosen by AWS_PROFILE: one request, no AssumeRole', async () => {
    const r = await memoryRun(
      ['sts', 'get-caller-identity'],
      {
        config:
          '[profile admin]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n',
        credentials: '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n',
      },
      { AWS_PROFILE: 'admin', AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'e' },
    );
    expect(r.code).toBe(0);
    expect(r.keys).toEqual(['AKIDENV']);
    expect(r.bodies).toEqual(['Action=GetCallerIdentity&Version=2011-06-15']);
  });
});

describe('assume-role profiles', () => {
  const CREDENTIALS = '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n';
  const ROLE =
    '[profile admin]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n';

  it('sends duration_seconds and external_id, and a generated session name when none is set', async () => {
    const r = await memoryRun(['sts', 'get-caller-identity', '--profile', 'admin'], {
      config: `${ROLE}duration_seconds = 900\nexternal_id = ext-123\n`,
      credentials: CREDENTIALS,
    });
    expect(r.code).toBe(0);
    expect(r.keys).toEqual(['AKIDBASE', 'ASIAROLE']);
    const params = new URLSearchParams(r.bodies[0]);
    expect(params.get('Action')).toBe('AssumeRole');
    expect(params.get('DurationSeconds')).toBe('900');
    expect(params.get('ExternalId')).toBe('ext-123');
    // botocore's name: botocore-session-<Unix seconds>.
    expect(params.get('RoleSessionName')).toMatch(/^botocore-session-\d+$/);
  });

  it('calls AssumeRole again once the cache file is deleted', async () => {
    const first = await memoryRun(['sts', 'get-caller-identity', '--profile', 'admin'], {
      config: ROLE,
      credentials: CREDENTIALS,
    });
    const host = first.host;
    const cacheDir = '/home/test/.aws/cli/cache';
    const files = await host.fs.readDir(cacheDir);
    expect(files).toHaveLength(1);
    const assumeCalls = () => host.requests.filter((r) => text(r.body).includes('Action=AssumeRole')).length;
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'admin'], host)).toBe(0);
    expect(assumeCalls()).toBe(1);
    await host.fs.remove(`${cacheDir}/${files[0]}`);
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'admin'], host)).toBe(0);
    expect(assumeCalls()).toBe(2);
    expect(host.requests.map(keyOf)).toEqual(['AKIDBASE', 'ASIAROLE', 'ASIAROLE', 'AKIDBASE', 'ASIAROLE']);
  });
});

describe('credential_process', () => {
  it('runs the program again for every command: nothing is cached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-chain-process-'));
    const counter = join(dir, 'runs');
    const script = `require("fs").appendFileSync(${JSON.stringify(counter)}, "x"); console.log(JSON.stringify({Version: 1, AccessKeyId: "AKIDPROC", SecretAccessKey: "s", Expiration: "2999-01-01T00:00:00Z"}))`;
    writeFileSync(
      join(dir, 'config'),
      `[default]\nregion = us-east-1\ncredential_process = ${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}\n`,
    );
    const command = async () => {
      const seen: string[] = [];
      const host = createNodeHost({
        env: {
          AWS_CONFIG_FILE: join(dir, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        homeDir: dir,
        stdout: { write() {} },
        stderr: { write() {} },
      });
      host.send = async (req) => {
        seen.push(keyOf(req) ?? '-');
        return reply(200, IDENTITY);
      };
      return { code: await runCli(['sts', 'get-caller-identity'], host), seen };
    };
    expect(await command()).toEqual({ code: 0, seen: ['AKIDPROC'] });
    expect(await command()).toEqual({ code: 0, seen: ['AKIDPROC'] });
    expect(readFileSync(counter, 'utf8')).toBe('xx');
    expect(existsSync(join(dir, '.aws/cli/cache'))).toBe(false);
  });
});

describe('temporary credentials in a long-lived client', () => {
  it('are fetched again once within 15 minutes of expiry, and not before', async () => {
    let clock = new Date('2024-01-02T00:00:00Z');
    const host = createMemoryHost(() => reply(200, IDENTITY));
    host.now = () => clock;
    let fetched = 0;
    const client = createClient(host, {
      region: 'us-east-1',
      credentials: async (): Promise<Credentials> => {
        fetched += 1;
        return {
          accessKeyId: `AKID${fetched}`,
          secretAccessKey: 's',
          expiration: new Date(clock.getTime() + 60 * 60_000),
        };
      },
    });
    await client.send('sts', 'GetCallerIdentity');
    clock = new Date('2024-01-02T00:44:00Z'); // 16 minutes left
    await client.send('sts', 'GetCallerIdentity');
    clock = new Date('2024-01-02T00:46:00Z'); // 14 minutes left
    await client.send('sts', 'GetCallerIdentity');
    expect(fetched).toBe(2);
    expect(host.requests.map(keyOf)).toEqual(['AKID1', 'AKID1', 'AKID2']);
  });
});

describe('container credentials', () => {
  const { listen } = localServers();
  const serve = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    return listen(createServer(handler));
  };

  it('sign the call when nothing else is configured', async () => {
    const asked: string[] = [];
    const endpoint = await serve((req, res) => {
      asked.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          AccessKeyId: 'ASIACONTAINER',
          SecretAccessKey: 's',
          Token: 'container-token',
          Expiration: '2999-01-01T00:00:00Z',
        }),
      );
    });
    const api = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${keyOf({ headers: req.headers as Record<string, string> } as HttpRequest)} ${req.headers['x-amz-security-token']}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      });
    });
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-chain-container-'));
    let out = '';
    let err = '';
    const host = createNodeHost({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint}/creds`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer abc',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      },
      homeDir: dir,
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
      await runCli(
        ['sts', 'get-caller-identity', '--endpoint-url', api, '--query', 'Account', '--output', 'text'],
        host,
      ),
    ).toBe(0);
    expect({ out, err }).toEqual({ out: 'ASIACONTAINER container-token\n', err: '' });
    expect(asked).toEqual(['GET /creds Bearer abc']);
  });
});

describe('--no-sign-request', () => {
  it('needs no credentials and sends no Authorization header', async () => {
    const host = createMemoryHost(
      () => reply(200, '<ListBucketResult><Name>b</Name></ListBucketResult>', { 'content-type': 'application/xml' }),
      { env: { AWS_EC2_METADATA_DISABLED: 'true' } },
    );
    const code = await runCli(
      [
        's3api',
        'list-objects',
        '--bucket',
        'b',
        '--no-sign-request',
        '--region',
        'us-east-1',
        '--endpoint-url',
        'http://127.0.0.1:4567',
      ],
      host,
    );
    expect({ code, err: host.err.join('') }).toEqual({ code: 0, err: '' });
    expect(host.requests).toHaveLength(1);
    expect(host.requests[0]!.headers).not.toHaveProperty('authorization');
    expect(host.requests[0]!.headers).not.toHaveProperty('Authorization');
  });
});

describe('SSO profiles', () => {
  const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
  const CONFIG = [
    '[default]',
    'sso_session = corp',
    'sso_account_id = 111122223333',
    'sso_role_name = Dev',
    'region = us-west-2',
    '[profile user1]',
    'sso_session = corp',
    'sso_account_id = 444455556666',
    'sso_role_name = Dev',
    'region = us-west-2',
    '[profile with-role]',
    'sso_session = corp',
    'sso_account_id = 111122223333',
    'sso_role_name = Dev',
    'role_arn = arn:aws:iam::123456789012:role/x',
    'region = us-west-2',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    '',
  ].join('\n');

  async function ssoHost() {
    const host = createMemoryHost(
      (req) =>
        req.url.includes('/federation/credentials')
          ? reply(
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
            )
          : reply(200, IDENTITY),
      { now: NOW, env: { AWS_EC2_METADATA_DISABLED: 'true' } },
    );
    await host.fs.writeFile('/home/test/.aws/config', CONFIG);
    await host.fs.writeFile(
      `/home/test/.aws/sso/cache/${sha1('corp')}.json`,
      JSON.stringify({
        accessToken: 'shared-token',
        expiresAt: '2024-01-02T10:00:00Z',
        region: 'us-east-1',
        startUrl: 'https://corp.awsapps.com/start',
      }),
    );
    return host;
  }

  it('refuses a role_arn without a source before any request (255)', async () => {
    const host = await ssoHost();
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'with-role'], host)).toBe(255);
    expect(host.err.join('')).toBe(
      '\nPartial credentials found in assume-role, missing: source_profile or credential_source\n',
    );
    expect(host.requests).toHaveLength(0);
  });

  it("profiles on one sso-session share its token; the portal is in sso_region, the call in the profile's region", async () => {
    const host = await ssoHost();
    expect(await runCli(['sts', 'get-caller-identity'], host)).toBe(0);
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'user1'], host)).toBe(0);
    expect(host.requests.map((r) => `${r.method} ${r.url} ${r.headers['x-amz-sso_bearer_token'] ?? '-'}`)).toEqual([
      'GET https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=Dev&account_id=111122223333 shared-token',
      'POST https://sts.us-west-2.amazonaws.com/ -',
      'GET https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=Dev&account_id=444455556666 shared-token',
      'POST https://sts.us-west-2.amazonaws.com/ -',
    ]);
    expect(host.requests.map(keyOf)).toEqual([undefined, 'ASIASSO', undefined, 'ASIASSO']);
  });
});
