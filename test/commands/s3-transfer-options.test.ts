/**
 * The transfer options that moto and the reference CLI on this machine cannot show (test/clidiff/
 * s3-options.yaml has the ones they can), against a recording stand-in for S3 and S3 Control:
 * - `--no-overwrite` on cp and mv: conditional writes (If-None-Match on PutObject, CopyObject and
 *   CompleteMultipartUpload, never CreateMultipartUpload), a 412 skipped without a line, an existing
 *   file not downloaded (the current AWS CLI v2's, which 2.9.19 predates);
 * - `--copy-props default` with a tag set too long for the Tagging header: PutObjectTagging after the
 *   multipart copy, and the copy removed when that fails (the CLI's SetTagsSubscriber);
 * - `mv` between an access point and its bucket: `--validate-same-s3-paths` resolves the access point
 *   with S3 Control and refuses the move; without it, the CLI's warning;
 * - `--progress-frequency` and `--progress-multiline` on a terminal.
 */
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

type Stand = (req: HttpRequest, url: URL) => HttpResponse | undefined;

/** S3 answering what the transfer commands ask; `stand` may answer first. */
function s3(stand: Stand = () => undefined) {
  return (req: HttpRequest) => {
    const url = new URL(req.url);
    const own = stand(req, url);
    if (own) return own;
    if (req.method === 'HEAD')
      return reply(200, '', {
        'content-length': url.pathname.includes('big') ? String(9 << 20) : '5',
        etag: '"e"',
        'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT',
      });
    if (req.method === 'GET' && url.searchParams.has('tagging')) return reply(200, tagging(40));
    if (req.method === 'GET') return reply(200, 'hello', { 'content-length': '5', etag: '"e"' });
    if (req.method === 'POST' && url.searchParams.has('uploads'))
      return reply(200, '<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>');
    if (req.method === 'POST')
      return reply(200, '<CompleteMultipartUploadResult><ETag>"m"</ETag></CompleteMultipartUploadResult>');
    if (req.headers['x-amz-copy-source-range']) return reply(200, '<CopyPartResult><ETag>"p"</ETag></CopyPartResult>');
    if (req.headers['x-amz-copy-source']) return reply(200, '<CopyObjectResult><ETag>"c"</ETag></CopyObjectResult>');
    return reply(200, '', { etag: '"p"' });
  };
}

/** A GetObjectTagging answer with `n` tags of 60 bytes each when encoded. */
function tagging(n: number): string {
  const tags = Array.from(
    { length: n },
    (_, i) => `<Tag><Key>key-${String(i).padStart(3, '0')}</Key><Value>${'v'.repeat(48)}</Value></Tag>`,
  );
  return `<Tagging><TagSet>${tags.join('')}</TagSet></Tagging>`;
}

const preconditionFailed = () =>
  reply(
    412,
    '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
  );

async function run(
  argv: string[],
  stand?: Stand,
  opts: { tty?: boolean; files?: Record<string, string>; endpoint?: string; env?: Record<string, string> } = {},
) {
  const host = createMemoryHost(s3(stand), {
    env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1', ...opts.env },
  });
  await host.fs.writeFile('/data/a.txt', 'hello');
  await host.fs.writeFile('/data/big.bin', new Uint8Array(9 << 20));
  for (const [path, text] of Object.entries(opts.files ?? {})) await host.fs.writeFile(path, text);
  const code = await runCli(['--endpoint-url', opts.endpoint ?? 'http://127.0.0.1:1', 's3', ...argv], host, {
    stdoutIsTty: opts.tty ?? false,
  });
  const calls = host.requests.map((r) => {
    const url = new URL(r.url);
    return `${r.method} ${url.host === '127.0.0.1:1' ? '' : url.host}${url.pathname}${url.search}`;
  });
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests, calls, host };
}

const header = (req: HttpRequest | undefined, name: string) =>
  Object.entries(req?.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];

describe('--no-overwrite on cp and mv', () => {
  it('writes conditionally: If-None-Match on PutObject and CopyObject', async () => {
    const up = await run(['cp', '/data/a.txt', 's3://b/a.txt', '--no-overwrite']);
    expect(up.code).toBe(0);
    expect(
      header(
        up.requests.find((r) => r.method === 'PUT'),
        'if-none-match',
      ),
    ).toBe('*');
    const copy = await run(['cp', 's3://b/a.txt', 's3://b/c.txt', '--no-overwrite']);
    expect(
      header(
        copy.requests.find((r) => r.method === 'PUT'),
        'if-none-match',
      ),
    ).toBe('*');
  });

  it('a multipart upload carries the condition on CompleteMultipartUpload, not CreateMultipartUpload', async () => {
    const r = await run(['cp', '/data/big.bin', 's3://b/big.bin', '--no-overwrite']);
    expect(r.code).toBe(0);
    const create = r.requests.find((q) => q.method === 'POST' && q.url.includes('uploads'));
    const complete = r.requests.find((q) => q.method === 'POST' && q.url.includes('uploadId'));
    expect(header(create, 'if-none-match')).toBeUndefined();
    expect(header(complete, 'if-none-match')).toBe('*');
  });

  it('an object already there (412) is skipped without a line; a move then keeps its source', async () => {
    const refuse: Stand = (req) => (req.method === 'PUT' ? preconditionFailed() : undefined);
    const cp = await run(['cp', '/data/a.txt', 's3://b/a.txt', '--no-overwrite'], refuse);
    expect({ code: cp.code, out: cp.out, err: cp.err }).toEqual({ code: 0, out: '', err: '' });
    const mv = await run(['mv', '/data/a.txt', 's3://b/a.txt', '--no-overwrite'], refuse);
    expect({ code: mv.code, out: mv.out, err: mv.err }).toEqual({ code: 0, out: '', err: '' });
    expect(await mv.host.fs.stat('/data/a.txt')).toBeDefined();
  });

  it('a download to a file that is there asks for nothing more; another goes ahead', async () => {
    const r = await run(['cp', 's3://b/a.txt', '/data/a.txt', '--no-overwrite']);
    expect({ code: r.code, out: r.out, calls: r.calls }).toEqual({ code: 0, out: '', calls: ['HEAD /b/a.txt'] });
    const other = await run(['cp', 's3://b/a.txt', '/data/new.txt', '--no-overwrite']);
    expect(other.out).toBe('download: s3://b/a.txt to data/new.txt\n');
  });
});

describe('--copy-props default on a multipart copy', () => {
  it('reads the source (HeadObject, GetObjectTagging); tags too long for a header are put after the copy', async () => {
    const r = await run(['cp', 's3://b/big.bin', 's3://b/copy.bin']);
    expect(r.code).toBe(0);
    expect(r.calls.filter((c) => !c.includes('partNumber'))).toEqual([
      'HEAD /b/big.bin',
      'GET /b/big.bin?tagging',
      'POST /b/copy.bin?uploads',
      'POST /b/copy.bin?uploadId=up-1',
      'PUT /b/copy.bin?tagging',
    ]);
    const create = r.requests.find((q) => q.url.includes('uploads'));
    // 40 tags of 60 bytes do not fit the 2 KiB Tagging header.
    expect(header(create, 'x-amz-tagging')).toBeUndefined();
  });

  it('a short tag set goes in the Tagging header of CreateMultipartUpload', async () => {
    const r = await run(['cp', 's3://b/big.bin', 's3://b/copy.bin'], (req, url) =>
      req.method === 'GET' && url.searchParams.has('tagging') ? reply(200, tagging(2)) : undefined,
    );
    const create = r.requests.find((q) => q.url.includes('uploads'));
    expect(header(create, 'x-amz-tagging')).toBe(`key-000=${'v'.repeat(48)}&key-001=${'v'.repeat(48)}`);
    expect(r.calls).not.toContain('PUT /b/copy.bin?tagging');
  });

  it('a copy whose tags cannot be put is removed and reported as failed', async () => {
    const r = await run(['cp', 's3://b/big.bin', 's3://b/copy.bin'], (req, url) =>
      req.method === 'PUT' && url.searchParams.has('tagging')
        ? reply(403, '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>')
        : undefined,
    );
    expect(r.code).toBe(1);
    expect(r.calls.at(-1)).toBe('DELETE /b/copy.bin');
    expect(r.err).toContain('copy failed: s3://b/big.bin to s3://b/copy.bin An error occurred (AccessDenied)');
  });

  it('--metadata-directive leaves the properties to S3: no HeadObject or tags asked for the copy', async () => {
    const r = await run(['cp', 's3://b/big.bin', 's3://b/copy.bin', '--metadata-directive', 'COPY']);
    expect(r.calls.filter((c) => c.startsWith('HEAD') || c.includes('tagging'))).toEqual(['HEAD /b/big.bin']);
  });
});

describe('mv between an access point and a bucket', () => {
  const ap = 'arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap';
  // S3 Control puts the account in the host name, which an IP address cannot take.
  const endpoint = 'http://stand-in.test';
  const bucketOf =
    (bucket: string): Stand =>
    (_req, url) =>
      url.pathname.startsWith('/v20180820/accesspoint/')
        ? reply(200, `<GetAccessPointResult><Name>my-ap</Name><Bucket>${bucket}</Bucket></GetAccessPointResult>`)
        : undefined;
  const lookup = 'GET 123456789012.stand-in.test/v20180820/accesspoint/my-ap';

  it('--validate-same-s3-paths resolves the access point and refuses a move onto itself (252)', async () => {
    const argv = ['mv', `s3://${ap}/k.txt`, 's3://b/k.txt', '--validate-same-s3-paths'];
    const r = await run(argv, bucketOf('b'), { endpoint });
    expect({ code: r.code, err: r.err, calls: r.calls }).toEqual({
      code: 252,
      err: `\nCannot mv a file onto itself: s3://${ap}/k.txt - s3://b/k.txt\n`,
      calls: [lookup],
    });
  });

  it('AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS=true does the same; another bucket lets the move go on', async () => {
    const host = { AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS: 'True' };
    const same = await run(['mv', `s3://${ap}/k.txt`, 's3://b/k.txt'], bucketOf('b'), { endpoint, env: host });
    expect(same.code).toBe(252);
    const other = await run(['mv', `s3://${ap}/k.txt`, 's3://b/k.txt', '--validate-same-s3-paths'], bucketOf('c'), {
      endpoint,
    });
    expect(other.code).toBe(0);
    expect(other.calls[0]).toBe(lookup);
    expect(other.out).toBe(`move: s3://${ap}/k.txt to s3://b/k.txt\n`);
  });

  it('without it, warns that the two may be one object, and moves', async () => {
    const r = await run(['mv', `s3://${ap}/k.txt`, 's3://b/k.txt'], bucketOf('b'), { endpoint });
    expect(r.err).toContain(
      'warning: Provided s3 paths may resolve to same underlying s3 object(s) and result in deletion instead of being moved.',
    );
    expect(r.calls).not.toContain(lookup);
    expect(r.code).toBe(0);
  });
});

describe('the progress line’s layout on a terminal', () => {
  const files = { '/up/a.txt': 'aaaa', '/up/b.txt': 'bbbbbbbb' };
  const config = ['cp', '/up', 's3://b/up', '--recursive'];

  it('--progress-multiline: each update on a line of its own, results not padded over it', async () => {
    const r = await run([...config, '--progress-multiline'], undefined, { tty: true, files });
    expect(r.out.split('\n').filter((l) => l.startsWith('Completed')).length).toBeGreaterThanOrEqual(2);
    expect(r.out).not.toContain('\r');
    expect(r.out).toContain('upload: up/a.txt to s3://b/up/a.txt\n');
  });

  it('--progress-frequency: no redraw sooner than that after the last (the memory host’s clock stands still)', async () => {
    const r = await run([...config, '--progress-frequency', '5'], undefined, { tty: true, files });
    expect(r.out.match(/Completed/g)).toHaveLength(1);
    expect(r.out).toContain('upload: up/b.txt to s3://b/up/b.txt');
  });
});
