/**
 * isoaws's own Glacier commands against a recording stand-in (moto has no Glacier multipart):
 * `glacier tree-hash` agrees with the upstream vectors, and `glacier upload` sends every part with its
 * range and checksums, then completes with the archive's size and tree hash; a failure aborts the upload;
 * complete-multipart-upload --file works out the checksum and size it leaves out. `glacier help` lists the
 * walk-through's operations, and describe-vault prints the vault the stand-in describes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { glacierHashes } from '../../src/core/checksums/tree-hash.js';
import { FIXTURES } from '../conformance/fixtures.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const MiB = 1024 * 1024;
const input = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) % 251);
const header = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

describe('glacier tree-hash', () => {
  it('prints the tree hash of a file, as the upstream vectors give it', async () => {
    const { cases } = JSON.parse(readFileSync(`${FIXTURES}/glacier/treehash.json`, 'utf8')) as {
      cases: Array<{ size: number; treeHash: string }>;
    };
    const vector = cases.find((c) => c.size > 3 * MiB)!;
    const host = createMemoryHost(() => reply(500), {
      env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' },
    });
    await host.fs.writeFile('/archive.bin', input(vector.size));
    expect(await runCli(['glacier', 'tree-hash', '--file', '/archive.bin'], host)).toBe(0);
    expect(host.out.join('')).toBe(`${vector.treeHash}\n`);
    expect(host.requests).toHaveLength(0);
  });
});

describe('glacier upload', () => {
  const run = async (size: number, failPart?: number) => {
    const host = createMemoryHost(
      (req) => {
        const url = new URL(req.url);
        if (req.method === 'POST' && url.pathname.endsWith('/multipart-uploads')) {
          return reply(201, '', {
            'x-amz-multipart-upload-id': 'UPLOAD1',
            location: '/123456789012/vaults/photos/multipart-uploads/UPLOAD1',
          });
        }
        if (req.method === 'PUT') {
          const range = header(req.headers, 'content-range')!;
          if (failPart !== undefined && range.startsWith(`bytes ${failPart * MiB}-`))
            return reply(400, '{"code":"InvalidParameterValueException","message":"bad part"}', {
              'x-amzn-errortype': 'InvalidParameterValueException',
            });
          return reply(204, '', { 'x-amz-sha256-tree-hash': header(req.headers, 'x-amz-sha256-tree-hash')! });
        }
        if (req.method === 'DELETE') return reply(204);
        return reply(201, '', {
          location: '/123456789012/vaults/photos/archives/ARCHIVE1',
          'x-amz-archive-id': 'ARCHIVE1',
          'x-amz-sha256-tree-hash': header(req.headers, 'x-amz-sha256-tree-hash')!,
        });
      },
      { env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' } },
    );
    const data = input(size);
    await host.fs.writeFile('/archive.bin', data);
    const code = await runCli(
      [
        'glacier',
        'upload',
        '--vault-name',
        'photos',
        '--file',
        '/archive.bin',
        '--part-size',
        String(MiB),
        '--archive-description',
        'backup',
      ],
      host,
    );
    return { code, host, data };
  };

  it("sends each part with its range and checksums, then completes with the archive's size and tree hash", async () => {
    const size = 3 * MiB + 12345;
    const { code, host, data } = await run(size);
    expect(code).toBe(0);
    const [initiate, ...rest] = host.requests;
    expect(initiate!.url).toBe('https://glacier.us-east-1.amazonaws.com/-/vaults/photos/multipart-uploads');
    expect(header(initiate!.headers, 'x-amz-part-size')).toBe(String(MiB));
    expect(header(initiate!.headers, 'x-amz-archive-description')).toBe('backup');
    const parts = rest
      .filter((r) => r.method === 'PUT')
      .sort((a, b) =>
        header(a.headers, 'content-range')!.localeCompare(header(b.headers, 'content-range')!, 'en', { numeric: true }),
      );
    expect(parts.map((p) => header(p.headers, 'content-range'))).toEqual(
      [0, 1, 2, 3].map((n) => `bytes ${n * MiB}-${Math.min(size, (n + 1) * MiB) - 1}/*`),
    );
    for (const [n, part] of parts.entries()) {
      const bytes = data.subarray(n * MiB, Math.min(size, (n + 1) * MiB));
      const hashes = await glacierHashes([bytes]);
      expect(header(part.headers, 'x-amz-sha256-tree-hash')).toBe(hashes.treeHash);
      expect(header(part.headers, 'x-amz-content-sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(header(part.headers, 'x-amz-glacier-version')).toBe('2012-06-01');
    }
    const complete = rest.at(-1)!;
    expect(complete.method).toBe('POST');
    expect(header(complete.headers, 'x-amz-archive-size')).toBe(String(size));
    expect(header(complete.headers, 'x-amz-sha256-tree-hash')).toBe((await glacierHashes([data])).treeHash);
    expect(JSON.parse(host.out.join(''))).toEqual({
      location: '/123456789012/vaults/photos/archives/ARCHIVE1',
      checksum: (await glacierHashes([data])).treeHash,
      archiveId: 'ARCHIVE1',
    });
  });

  it('aborts the multipart upload when a part fails, and says why', async () => {
    const { code, host } = await run(3 * MiB, 1);
    expect(code).toBe(254);
    expect(host.requests.at(-1)!.method).toBe('DELETE');
    expect(host.err.join('')).toContain(
      'An error occurred (InvalidParameterValueException) when calling the UploadMultipartPart operation: bad part',
    );
  });

  it('refuses a part size Glacier does not take', async () => {
    const host = createMemoryHost(() => reply(500), {
      env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' },
    });
    await host.fs.writeFile('/a.bin', 'x');
    expect(
      await runCli(['glacier', 'upload', '--vault-name', 'v', '--file', '/a.bin', '--part-size', '3000000'], host),
    ).toBe(255);
    expect(host.err.join('')).toContain('--part-size must be 1 MiB times a power of two');
    expect(host.requests).toHaveLength(0);
  });
});

describe('glacier complete-multipart-upload --file', () => {
  const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };
  const complete = async (...extra: string[]) => {
    const host = createMemoryHost(
      (req) =>
        reply(201, '', {
          location: '/-/vaults/v/archives/A1',
          'x-amz-archive-id': 'A1',
          'x-amz-sha256-tree-hash': header(req.headers, 'x-amz-sha256-tree-hash') ?? '',
        }),
      { env: ENV },
    );
    await host.fs.writeFile('/archive.bin', input(2 * MiB + 5));
    const code = await runCli(
      ['glacier', 'complete-multipart-upload', '--account-id', '-', '--vault-name', 'v', '--upload-id', 'U1', ...extra],
      host,
    );
    return { code, host, request: host.requests[0] };
  };

  it('works out the checksum and the archive size from the file when they are left out', async () => {
    const { code, request } = await complete('--file', '/archive.bin');
    expect(code).toBe(0);
    expect(request!.url).toBe('https://glacier.us-east-1.amazonaws.com/-/vaults/v/multipart-uploads/U1');
    expect(header(request!.headers, 'x-amz-sha256-tree-hash')).toBe(
      (await glacierHashes([input(2 * MiB + 5)])).treeHash,
    );
    expect(header(request!.headers, 'x-amz-archive-size')).toBe(String(2 * MiB + 5));
  });

  it('keeps a --checksum and --archive-size given, and without --file is the plain operation', async () => {
    const given = await complete('--file=/archive.bin', '--checksum', 'abc', '--archive-size', '7');
    expect([
      header(given.request!.headers, 'x-amz-sha256-tree-hash'),
      header(given.request!.headers, 'x-amz-archive-size'),
    ]).toEqual(['abc', '7']);
    const plain = await complete('--checksum', 'abc');
    expect(plain.code).toBe(0);
    expect(header(plain.request!.headers, 'x-amz-archive-size')).toBeUndefined();
  });

  it('names a --file that is not there, before any request', async () => {
    const { code, host } = await complete('--file', '/missing.bin');
    expect(code).toBe(255);
    expect(host.err.join('')).toContain('The file /missing.bin does not exist.');
    expect(host.requests).toHaveLength(0);
  });
});

describe('glacier help and describe-vault', () => {
  const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };

  it('glacier help lists the operations of the walk-through (GLA-01)', async () => {
    const host = createMemoryHost(() => reply(500), { env: ENV });
    expect(await runCli(['glacier', 'help'], host)).toBe(0);
    const text = host.out.join('');
    expect(text).toMatch(/^NAME\n {7}glacier -\n/);
    for (const command of [
      'create-vault',
      'initiate-multipart-upload',
      'upload-multipart-part',
      'complete-multipart-upload',
      'describe-vault',
    ]) {
      expect(text).toContain(`       o ${command}\n`);
    }
    expect(host.requests).toHaveLength(0);
  });

  it('describe-vault --account-id - asks GET /-/vaults/myvault and prints the answer (GLA-11, WE-55)', async () => {
    const vault = {
      SizeInBytes: 3178496,
      VaultARN: 'arn:aws:glacier:us-west-2:123456789012:vaults/myvault',
      LastInventoryDate: '2018-12-07T00:26:19.028Z',
      NumberOfArchives: 1,
      CreationDate: '2018-12-06T21:23:45.708Z',
      VaultName: 'myvault',
    };
    const host = createMemoryHost(() => reply(200, JSON.stringify(vault), { 'content-type': 'application/json' }), {
      env: ENV,
    });
    expect(await runCli(['glacier', 'describe-vault', '--account-id', '-', '--vault-name', 'myvault'], host)).toBe(0);
    expect(host.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET https://glacier.us-east-1.amazonaws.com/-/vaults/myvault',
    ]);
    expect(header(host.requests[0]!.headers, 'x-amz-glacier-version')).toBe('2012-06-01');
    expect(JSON.parse(host.out.join(''))).toEqual(vault);
    expect(host.err.join('')).toBe('');
  });
});
