/**
 * Network settings through real sockets and the Node host: which CA bundle verifies an https stand-in
 * with a self-signed certificate (--ca-bundle over AWS_CA_BUNDLE over the profile's ca_bundle, the
 * losing settings naming another certificate that does not verify it), NO_PROXY keeping
 * instance-metadata requests off the proxy while the service call still goes through it, and a proxy
 * variable written without a scheme. Each environment is given in full:
 * this machine's own AWS_CA_BUNDLE or proxy variables must not leak in. Checked against aws-cli 2.9.19.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { proxyFor } from '../../src/adapters/node/proxy.js';
import { runCli } from '../../src/cli-app.js';
import { startRecordingProxy } from '../support/recording-proxy.js';

/** Answers GetCallerIdentity with the signing key ID as the account, so the output shows who signed. */
const answer = (req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  req.on('end', () => {
    const key = /Credential=(\w+)\//.exec(req.headers.authorization ?? '')?.[1];
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${key}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    );
  });
};

const dir = mkdtempSync(join(tmpdir(), 'isoaws-network-'));
const certificate = (name: string) =>
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, `${name}-key.pem`),
      '-out',
      join(dir, `${name}.pem`),
    ],
    { stdio: 'ignore' },
  );
certificate('server');
certificate('other');
const SERVER_CA = join(dir, 'server.pem');
const OTHER_CA = join(dir, 'other.pem');

const secure = createHttpsServer(
  { key: readFileSync(join(dir, 'server-key.pem')), cert: readFileSync(SERVER_CA) },
  answer,
);
const plain = createHttpServer(answer);
const imdsSeen: string[] = [];
const imds = createHttpServer((req, res) => {
  imdsSeen.push(`${req.method} ${req.url}`);
  if (req.url === '/latest/api/token') {
    res.writeHead(200);
    return res.end('TOKEN');
  }
  if (req.url === '/latest/meta-data/iam/security-credentials/') {
    res.writeHead(200);
    return res.end('role\n');
  }
  if (req.url === '/latest/meta-data/iam/security-credentials/role') {
    res.writeHead(200);
    return res.end(
      JSON.stringify({
        Code: 'Success',
        AccessKeyId: 'ASIAIMDS',
        SecretAccessKey: 's',
        Token: 't',
        Expiration: '2999-01-01T00:00:00Z',
      }),
    );
  }
  res.writeHead(404);
  res.end();
});
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const port = (server: { address(): unknown }) => (server.address() as { port: number }).port;

beforeAll(async () => {
  proxy = await startRecordingProxy('user', 'pass');
  await Promise.all([secure, plain, imds].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
});
afterAll(async () => {
  for (const s of [secure, plain, imds]) s.closeAllConnections();
  await Promise.all([proxy.close(), ...[secure, plain, imds].map((s) => new Promise((r) => s.close(r)))]);
});

async function aws(env: Record<string, string>, config: string, ...argv: string[]) {
  let out = '';
  let err = '';
  writeFileSync(join(dir, 'config'), config);
  const host = createNodeHost({
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_MAX_ATTEMPTS: '1',
      ...env,
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
  return { code: await runCli(argv, host), out, err };
}

describe('CA bundles', () => {
  const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDTLS', AWS_SECRET_ACCESS_KEY: 's' };
  const call = () => [
    'sts',
    'get-caller-identity',
    '--query',
    'Account',
    '--output',
    'text',
    '--endpoint-url',
    `https://localhost:${port(secure)}`,
  ];
  const ok = { code: 0, out: 'AKIDTLS\n', err: '' };

  it("the profile's ca_bundle, or AWS_CA_BUNDLE, trusts the stand-in", async () => {
    expect(await aws(KEYS, `[default]\nca_bundle = ${SERVER_CA}\n`, ...call())).toEqual(ok);
    expect(await aws({ ...KEYS, AWS_CA_BUNDLE: SERVER_CA }, '', ...call())).toEqual(ok);
  });

  it("--ca-bundle beats AWS_CA_BUNDLE, which beats the profile's ca_bundle", async () => {
    // The losers' certificate really does not verify the stand-in (checked with Node's own TLS).
    const verifies = (ca: string) =>
      new Promise<boolean>((resolve) => {
        const req = httpsRequest(
          { host: 'localhost', port: port(secure), method: 'POST', ca: readFileSync(ca) },
          (res) => {
            res.resume();
            resolve(true);
          },
        );
        req.on('error', () => resolve(false));
        req.end();
      });
    expect([await verifies(OTHER_CA), await verifies(SERVER_CA)]).toEqual([false, true]);
    expect(
      await aws(
        { ...KEYS, AWS_CA_BUNDLE: OTHER_CA },
        `[default]\nca_bundle = ${OTHER_CA}\n`,
        ...call(),
        '--ca-bundle',
        SERVER_CA,
      ),
    ).toEqual(ok);
    expect(await aws({ ...KEYS, AWS_CA_BUNDLE: SERVER_CA }, `[default]\nca_bundle = ${OTHER_CA}\n`, ...call())).toEqual(
      ok,
    );
  });

  it('a certificate nothing vouches for fails with the CLI\'s "SSL validation failed" (255)', async () => {
    const url = `https://localhost:${port(secure)}/`;
    expect(await aws({ ...KEYS, AWS_CA_BUNDLE: OTHER_CA }, '', ...call())).toEqual({
      code: 255,
      out: '',
      err: `\nSSL validation failed for ${url} [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate\n`,
    });
  });
});

describe('proxies and instance metadata', () => {
  it('NO_PROXY naming the metadata address keeps its requests off the proxy; the service call still uses it', async () => {
    proxy.records.length = 0;
    imdsSeen.length = 0;
    const r = await aws(
      {
        HTTP_PROXY: `http://user:pass@127.0.0.1:${proxy.port}`,
        NO_PROXY: '127.0.0.1',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${port(imds)}`,
      },
      '',
      'sts',
      'get-caller-identity',
      '--query',
      'Account',
      '--output',
      'text',
      '--endpoint-url',
      `http://localhost:${port(plain)}`,
    );
    expect(r).toEqual({ code: 0, out: 'ASIAIMDS\n', err: '' });
    expect(imdsSeen).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/role',
    ]);
    expect(proxy.records.map((x) => `${x.method} ${x.target}`)).toEqual([`POST http://localhost:${port(plain)}/`]);
  });

  it('the instance metadata addresses are never proxied, whatever NO_PROXY says (seed PRX-05; botocore proxies them unless NO_PROXY names them)', () => {
    const env = { HTTP_PROXY: 'http://user:pass@127.0.0.1:3128', NO_PROXY: '' };
    expect(proxyFor(new URL('http://169.254.169.254/latest/api/token'), env)).toBeUndefined();
    expect(proxyFor(new URL('http://[fd00:ec2::254]/latest/api/token'), env)).toBeUndefined();
    expect(proxyFor(new URL('http://169.254.169.253/'), env)?.url.host).toBe('127.0.0.1:3128');
  });

  it('a proxy written without a scheme, with user:password@, is used as http:// with Basic credentials', async () => {
    proxy.records.length = 0;
    const r = await aws(
      { AWS_ACCESS_KEY_ID: 'AKIDPROXY', AWS_SECRET_ACCESS_KEY: 's', HTTP_PROXY: `user:pass@127.0.0.1:${proxy.port}` },
      '',
      'sts',
      'get-caller-identity',
      '--query',
      'Account',
      '--output',
      'text',
      '--endpoint-url',
      `http://localhost:${port(plain)}`,
    );
    expect(r).toEqual({ code: 0, out: 'AKIDPROXY\n', err: '' });
    expect(proxy.records).toEqual([
      {
        method: 'POST',
        target: `http://localhost:${port(plain)}/`,
        authorization: `Basic ${Buffer.from('user:pass').toString('base64')}`,
      },
    ]);
  });
});
