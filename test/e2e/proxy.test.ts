/**
 * Proxies and TLS through real sockets: a recording proxy that requires Basic credentials, an http
 * STS stand-in and an https one with a self-signed certificate (trusted with --ca-bundle). Plain http
 * goes to the proxy in absolute form, https through an authenticated CONNECT tunnel; NO_PROXY exempts
 * hosts; a proxy that refuses is named without its password.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { startRecordingProxy } from '../support/recording-proxy.js';

const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
const answer = (req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(IDENTITY);
  });
};

const dir = mkdtempSync(join(tmpdir(), 'isoaws-tls-'));
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
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ],
  { stdio: 'ignore' },
);

let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const plain = createHttpServer(answer);
const secure = createHttpsServer(
  { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
  answer,
);
let plainPort = 0;
let securePort = 0;

beforeAll(async () => {
  proxy = await startRecordingProxy('proxy user', 'p@ss:word');
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
  plainPort = (plain.address() as { port: number }).port;
  securePort = (secure.address() as { port: number }).port;
});
afterAll(async () => {
  plain.closeAllConnections();
  secure.closeAllConnections();
  await Promise.all([proxy.close(), new Promise((r) => plain.close(r)), new Promise((r) => secure.close(r))]);
});

async function aws(env: Record<string, string>, ...argv: string[]) {
  let out = '';
  let err = '';
  const full = {
    AWS_ACCESS_KEY_ID: 'a',
    AWS_SECRET_ACCESS_KEY: 'b',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
    HOME: dir,
    ...env,
  };
  const host = createNodeHost({
    env: full,
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

const proxyUrl = () => `http://proxy%20user:p%40ss%3Aword@127.0.0.1:${proxy.port}`;

describe('proxies', () => {
  it('sends http in absolute form to HTTP_PROXY with percent-decoded Basic credentials', async () => {
    proxy.records.length = 0;
    const r = await aws(
      { HTTP_PROXY: proxyUrl() },
      'sts',
      'get-caller-identity',
      '--query',
      'Account',
      '--output',
      'text',
      '--endpoint-url',
      `http://localhost:${plainPort}`,
    );
    expect(r).toEqual({ code: 0, out: '123456789012\n', err: '' });
    expect(proxy.records).toEqual([
      {
        method: 'POST',
        target: `http://localhost:${plainPort}/`,
        authorization: `Basic ${Buffer.from('proxy user:p@ss:word').toString('base64')}`,
      },
    ]);
  });

  it('tunnels https through HTTPS_PROXY with CONNECT, trusting --ca-bundle', async () => {
    proxy.records.length = 0;
    const r = await aws(
      { HTTPS_PROXY: proxyUrl() },
      'sts',
      'get-caller-identity',
      '--query',
      'Account',
      '--output',
      'text',
      '--endpoint-url',
      `https://localhost:${securePort}`,
      '--ca-bundle',
      join(dir, 'cert.pem'),
    );
    expect(r).toEqual({ code: 0, out: '123456789012\n', err: '' });
    expect(proxy.records.map((x) => [x.method, x.target])).toEqual([['CONNECT', `localhost:${securePort}`]]);
  });

  it("refuses a self-signed certificate without the bundle; --no-verify-ssl takes it with urllib3's warning", async () => {
    const env = { HTTPS_PROXY: proxyUrl() };
    const args = [
      'sts',
      'get-caller-identity',
      '--query',
      'Account',
      '--output',
      'text',
      '--endpoint-url',
      `https://localhost:${securePort}`,
    ];
    expect((await aws(env, ...args)).code).toBe(255);
    expect(await aws(env, ...args, '--no-verify-ssl')).toEqual({
      code: 0,
      out: '123456789012\n',
      err: "InsecureRequestWarning: Unverified HTTPS request is being made to host 'localhost'. Adding certificate verification is strongly advised.\n",
    });
  });

  it('lower-case variables win, NO_PROXY exempts hosts (suffixes, CIDR, ports)', async () => {
    proxy.records.length = 0;
    const args = [
      'sts',
      'get-caller-identity',
      '--query',
      'Account',
      '--output',
      'text',
      '--endpoint-url',
      `http://localhost:${plainPort}`,
    ];
    expect((await aws({ HTTP_PROXY: 'http://127.0.0.1:1', http_proxy: proxyUrl() }, ...args)).code).toBe(0);
    expect(proxy.records).toHaveLength(1);
    for (const noProxy of ['localhost', '.localhost', `localhost:${plainPort}`, 'example.com, localhost', '*']) {
      expect((await aws({ HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: noProxy }, ...args)).code).toBe(0);
    }
    expect(
      (
        await aws(
          { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '127.0.0.0/8' },
          ...args.slice(0, -1),
          `http://127.0.0.1:${plainPort}`,
        )
      ).code,
    ).toBe(0);
    expect(proxy.records).toHaveLength(1);
  });

  it('names a proxy that refuses, without its password', async () => {
    const wrong = `http://proxy%20user:wrong@127.0.0.1:${proxy.port}`;
    const r = await aws(
      { HTTPS_PROXY: wrong },
      'sts',
      'get-caller-identity',
      '--endpoint-url',
      `https://localhost:${securePort}`,
    );
    expect(r).toMatchObject({
      code: 255,
      err: `\nFailed to connect to proxy URL: "http://***:***@127.0.0.1:${proxy.port}"\n`,
    });
    const down = await aws(
      { HTTP_PROXY: 'http://127.0.0.1:1' },
      'sts',
      'get-caller-identity',
      '--endpoint-url',
      `http://localhost:${plainPort}`,
    );
    expect(down).toMatchObject({ code: 255, err: '\nFailed to connect to proxy URL: "http://127.0.0.1:1"\n' });
  });
});
