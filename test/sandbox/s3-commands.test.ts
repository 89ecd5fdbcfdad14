/**
 * The high-level s3 commands against the sandbox with what the walk-through does not cover: a file
 * large enough for multipart both ways, `presign` (the URL then fetched from the sandbox), `website`, and
 * a recursive copy between buckets.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostSandbox } from '../../src/sandbox/host.js';
import { fileStore } from '../../src/sandbox/store.js';
import { createNodeFs } from '../../src/adapters/node/fs.js';
import { sandboxCli } from './cli-support.js';

describe('s3 commands on the sandbox', () => {
  const cli = sandboxCli();

  it('copies a 20 MiB file up in parts and back, byte for byte', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 123);
    writeFileSync(join(cli.work, 'big.bin'), data);
    await cli.run(['s3', 'mb', 's3://big-bucket']);
    expect((await cli.run(['s3', 'cp', 'big.bin', 's3://big-bucket/big.bin'])).code).toBe(0);
    const etag = await cli.run([
      's3api',
      'head-object',
      '--bucket',
      'big-bucket',
      '--key',
      'big.bin',
      '--query',
      'ETag',
    ]);
    expect(etag.out).toMatch(/^"\\"[0-9a-f]{32}-3\\""\n$/);
    expect((await cli.run(['s3', 'cp', 's3://big-bucket/big.bin', 'back.bin'])).code).toBe(0);
    expect(readFileSync(join(cli.work, 'back.bin')).equals(data)).toBe(true);
    expect((await cli.run(['s3', 'cp', 's3://big-bucket/', 's3://copy-bucket/', '--recursive'])).code).toBe(1);
    await cli.run(['s3', 'mb', 's3://copy-bucket']);
    const copied = await cli.run(['s3', 'cp', 's3://big-bucket/', 's3://copy-bucket/', '--recursive']);
    expect(copied.out).toBe('copy: s3://big-bucket/big.bin to s3://copy-bucket/big.bin\n');
    const size = await cli.run([
      's3api',
      'head-object',
      '--bucket',
      'copy-bucket',
      '--key',
      'big.bin',
      '--query',
      'ContentLength',
    ]);
    expect(size.out).toBe(`${data.length}\n`);
  });

  it('presigns a URL the sandbox then serves, and sets a website', async () => {
    writeFileSync(join(cli.work, 'page.html'), '<h1>hi</h1>');
    await cli.run(['s3', 'mb', 's3://site-bucket']);
    await cli.run(['s3', 'cp', 'page.html', 's3://site-bucket/index.html']);
    const url = (await cli.run(['s3', 'presign', 's3://site-bucket/index.html', '--expires-in', '300'])).out.trim();
    expect(url).toMatch(
      /^https:\/\/site-bucket\.s3\.us-east-1\.amazonaws\.com\/index\.html\?X-Amz-Algorithm=AWS4-HMAC-SHA256&/,
    );
    const sandbox = hostSandbox(cli.host(), fileStore(createNodeFs(), cli.stateDir));
    const res = await sandbox.send({ method: 'GET', url, headers: {} });
    const parts: Uint8Array[] = [];
    for await (const chunk of res.body) parts.push(chunk);
    expect([res.statusCode, Buffer.concat(parts).toString()]).toEqual([200, '<h1>hi</h1>']);

    expect(
      (
        await cli.run([
          's3',
          'website',
          's3://site-bucket/',
          '--index-document',
          'index.html',
          '--error-document',
          'error.html',
        ])
      ).code,
    ).toBe(0);
    expect(await cli.json(['s3api', 'get-bucket-website', '--bucket', 'site-bucket'])).toEqual({
      IndexDocument: { Suffix: 'index.html' },
      ErrorDocument: { Key: 'error.html' },
    });
  });
});
