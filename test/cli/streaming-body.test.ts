/**
 * A streaming blob argument (`s3api put-object --body FILE`, `glacier upload-archive --body FILE`)
 * reaches the request as a Blob over the file, never read whole by the CLI: its checksum header and
 * signed payload hash come from one pass over it, and a retried request sends the same bytes again.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/core/checksums/crc.js';
import type { HttpRequest } from '../../src/core/host.js';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' };

/** The SHA-256 of what a request would send (comparing digests: a deep equality of megabytes is slow). */
async function sentDigest(req: HttpRequest): Promise<string> {
  expect(req.body).toBeInstanceOf(Blob);
  return createHash('sha256')
    .update(new Uint8Array(await (req.body as Blob).arrayBuffer()))
    .digest('hex');
}

function fileHost(responder: Parameters<typeof createMemoryHost>[0], data: Uint8Array) {
  const host = createMemoryHost(responder, { env: ENV });
  const { readFile } = host.fs;
  // Reading the whole body file would defeat streaming: only ranged reads are allowed.
  host.fs.readFile = (path, range) =>
    path === '/data/big.bin' && !range ? Promise.reject(new Error('read whole')) : readFile(path, range);
  return { host, ready: host.fs.writeFile('/data/big.bin', data) };
}

describe('a --body file is streamed', () => {
  const data = new Uint8Array(3 << 20).map((_, i) => (i * 31) & 255);
  const sha256 = createHash('sha256').update(data).digest('hex');

  it('put-object: checksum and payload hash from one pass; the throttled first attempt is sent again whole', async () => {
    const { host, ready } = fileHost(
      (_req, i) =>
        i === 0
          ? reply(503, '<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>')
          : reply(200, '', { etag: '"abc"' }),
      data,
    );
    await ready;
    const code = await runCli(
      [
        's3api',
        'put-object',
        '--bucket',
        'b',
        '--key',
        'k',
        '--body',
        '/data/big.bin',
        '--endpoint-url',
        'http://127.0.0.1:1',
      ],
      host,
    );
    expect({ code, err: host.err.join('') }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(host.out.join(''))).toEqual({ ETag: '"abc"' });
    expect(host.requests).toHaveLength(2);
    const crc = crc32(data);
    const crcBase64 = Buffer.from([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255]).toString('base64');
    for (const req of host.requests) {
      expect(await sentDigest(req)).toBe(sha256);
      expect(req.headers['x-amz-content-sha256']).toBe(sha256);
      expect(req.headers['x-amz-checksum-crc32']).toBe(crcBase64);
      expect(req.headers['Content-Encoding']).toBeUndefined();
    }
  });

  it('glacier upload-archive: the linear and tree hashes computed from the file', async () => {
    const { host, ready } = fileHost(
      () =>
        reply(201, '', {
          'x-amz-archive-id': 'id-1',
          'x-amz-sha256-tree-hash': 't',
          location: '/-/vaults/v/archives/id-1',
        }),
      data,
    );
    await ready;
    const code = await runCli(
      [
        'glacier',
        'upload-archive',
        '--account-id',
        '-',
        '--vault-name',
        'v',
        '--body',
        '/data/big.bin',
        '--endpoint-url',
        'http://127.0.0.1:1',
      ],
      host,
    );
    expect({ code, err: host.err.join('') }).toEqual({ code: 0, err: '' });
    const [req] = host.requests;
    expect(await sentDigest(req!)).toBe(sha256);
    expect(req!.headers['x-amz-content-sha256']).toBe(sha256);
    // Three 1 MiB leaves: the tree hash differs from the linear one.
    expect(req!.headers['x-amz-sha256-tree-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(req!.headers['x-amz-sha256-tree-hash']).not.toBe(sha256);
  });

  it('a --body that is not a file is refused before any request', async () => {
    const { host } = fileHost(() => reply(200), data);
    const code = await runCli(
      ['s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--body', '/data/missing.bin'],
      host,
    );
    expect(code).toBe(252);
    expect(host.err.join('')).toContain('Blob values must be a path to a file.');
    expect(host.requests).toHaveLength(0);
  });
});
