/**
 * Container and instance-metadata credentials through the Node host against local stand-ins: a
 * container endpoint that checks its authorization token, and a fake IMDS with IMDSv2 tokens, a v1
 * fallback, v1 disabled, and an outage.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { fromContainer, fromInstanceMetadata } from '../../src/core/credentials/remote.js';
import { runCli } from '../../src/cli-app.js';
import { callerIdentityByKey, localServers } from '../support/local-servers.js';

const { listen } = localServers();

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  return listen(createServer(handler));
}

const CREDS = (id: string) =>
  JSON.stringify({
    Code: 'Success',
    AccessKeyId: id,
    SecretAccessKey: 's',
    Token: `token-${id}`,
    Expiration: '2999-01-01T00:00:00Z',
  });
const dir = mkdtempSync(join(tmpdir(), 'isoaws-remote-'));

function fakeImds(mode: 'v2' | 'v1-only') {
  const seen: string[] = [];
  const url = serve((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-aws-ec2-metadata-token'] ?? '-'}`);
    if (req.url === '/latest/api/token') {
      if (mode === 'v1-only') {
        res.writeHead(403);
        return res.end();
      }
      if (req.method !== 'PUT' || req.headers['x-aws-ec2-metadata-token-ttl-seconds'] !== '21600') {
        res.writeHead(400);
        return res.end();
      }
      res.writeHead(200);
      return res.end('TOKEN123');
    }
    if (mode === 'v2' && req.headers['x-aws-ec2-metadata-token'] !== 'TOKEN123') {
      res.writeHead(401);
      return res.end();
    }
    if (req.url === '/latest/meta-data/iam/security-credentials/') {
      res.writeHead(200);
      return res.end('web-role\n');
    }
    if (req.url === '/latest/meta-data/iam/security-credentials/web-role') {
      res.writeHead(200);
      return res.end(CREDS(`IMDS${mode}`));
    }
    res.writeHead(404);
    res.end();
  });
  return { url, seen };
}

const host = (env: Record<string, string>) => createNodeHost({ env, homeDir: dir });

describe('instance metadata', () => {
  it('gets an IMDSv2 token, the role and its credentials', async () => {
    const imds = fakeImds('v2');
    const creds = await fromInstanceMetadata(host({}), { endpoint: await imds.url })();
    expect(creds).toMatchObject({ accessKeyId: 'IMDSv2', sessionToken: 'token-IMDSv2', source: 'iam-role' });
    expect(imds.seen).toEqual([
      'PUT /latest/api/token -',
      'GET /latest/meta-data/iam/security-credentials/ TOKEN123',
      'GET /latest/meta-data/iam/security-credentials/web-role TOKEN123',
    ]);
  });

  it('falls back to IMDSv1 on a 403 for the token, unless v1 is disabled', async () => {
    const imds = fakeImds('v1-only');
    const endpoint = await imds.url;
    expect(await fromInstanceMetadata(host({}), { endpoint })()).toMatchObject({ accessKeyId: 'IMDSv1-only' });
    expect(await fromInstanceMetadata(host({}), { endpoint, v1Disabled: true })()).toBeUndefined();
  });

  it('gives nothing when disabled or unreachable (an outage), so the chain moves on', async () => {
    const imds = fakeImds('v2');
    expect(
      await fromInstanceMetadata(host({ AWS_EC2_METADATA_DISABLED: 'true' }), { endpoint: await imds.url })(),
    ).toBeUndefined();
    expect(
      await fromInstanceMetadata(host({}), { endpoint: 'http://127.0.0.1:1', timeoutSeconds: 0.5 })(),
    ).toBeUndefined();
  });

  it("is the chain's last resort on the command line", async () => {
    const imds = fakeImds('v2');
    const api = await serve(callerIdentityByKey);
    let out = '';
    const h = createNodeHost({
      env: {
        AWS_EC2_METADATA_SERVICE_ENDPOINT: await imds.url,
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
    });
    expect(
      await runCli(['sts', 'get-caller-identity', '--endpoint-url', api, '--query', 'Account', '--output', 'text'], h),
    ).toBe(0);
    expect(out).toBe('IMDSv2\n');
  });
});

describe('container credentials', () => {
  const endpoint = serve((req, res) => {
    if (req.headers.authorization !== 'Bearer secret-token') {
      res.writeHead(401);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        AccessKeyId: 'CONTAINER',
        SecretAccessKey: 's',
        Token: 't',
        Expiration: '2999-01-01T00:00:00Z',
      }),
    );
  });

  it('uses the full URI with the token from the environment or a token file', async () => {
    const url = `${await endpoint}/creds`;
    expect(
      await fromContainer(
        host({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer secret-token' }),
      )(),
    ).toMatchObject({ accessKeyId: 'CONTAINER', sessionToken: 't', source: 'container-role' });
    writeFileSync(join(dir, 'token'), 'Bearer secret-token\n');
    expect(
      await fromContainer(
        host({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(dir, 'token') }),
      )(),
    ).toMatchObject({ accessKeyId: 'CONTAINER' });
  });

  it('fails naming the endpoint when it refuses, and refuses hosts other than the container hosts over http', async () => {
    const url = `${await endpoint}/creds`;
    await expect(fromContainer(host({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url }))()).rejects.toThrow(
      `Error retrieving credentials from container metadata endpoint (${url}): HTTP 401`,
    );
    await expect(
      fromContainer(host({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://example.com/creds' }))(),
    ).rejects.toThrow("Unsupported host 'example.com'");
    expect(await fromContainer(host({}))()).toBeUndefined();
  });
});
