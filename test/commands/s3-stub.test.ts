/**
 * The s3 commands against a recording stand-in for S3, for what moto cannot show or check:
 * - customer-provided keys (SSE-C; moto accepts the headers but neither checks nor stores them): every
 *   request on an encrypted object carries the key — uploads (PutObject, each step of a multipart upload),
 *   downloads (HeadObject, GetObject) and copies (the source's key on HeadObject and as CopySource* on
 *   CopyObject, the target's as SSECustomer*);
 * - part checksums with --checksum-algorithm, pacing to max_bandwidth (the waits, on the memory host's
 *   clock), the progress line on a terminal, the options with fixed choices, and Ctrl-C during a multipart
 *   upload (the upload aborted, exit 130).
 * Header values and messages checked against aws-cli 2.9.19 (clidiff, stub mode).
 */
import { describe, expect, it } from 'vitest';
import { AbortedError } from '../../src/core/errors.js';
import type { HttpRequest } from '../../src/core/host.js';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const KEY = '01234567890123456789012345678901';
const SSE_HEADERS = {
  'x-amz-server-side-encryption-customer-algorithm': 'AES256',
  'x-amz-server-side-encryption-customer-key': 'MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=',
  'x-amz-server-side-encryption-customer-key-md5': 'KYvwGXoFFJ42a2u2GDWhwQ==',
};
const OTHER_KEY = '98765432109876543210987654321098';

/** A stand-in S3 answering what the transfer commands ask, by method and query. */
function s3Reply(req: HttpRequest) {
  const url = new URL(req.url);
  if (req.method === 'HEAD')
    return reply(200, '', { 'content-length': '11', etag: '"e"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
  if (req.method === 'GET' && url.searchParams.has('uploads'))
    return reply(200, '<ListMultipartUploadsResult><Bucket>b</Bucket></ListMultipartUploadsResult>');
  if (req.method === 'GET') return reply(200, 'hello ssec\n', { 'content-length': '11', etag: '"e"' });
  if (req.method === 'POST' && url.searchParams.has('uploads')) {
    return reply(
      200,
      '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>',
    );
  }
  if (req.method === 'POST')
    return reply(200, '<CompleteMultipartUploadResult><ETag>"m-2"</ETag></CompleteMultipartUploadResult>');
  if (req.headers['x-amz-copy-source']) return reply(200, '<CopyObjectResult><ETag>"c"</ETag></CopyObjectResult>');
  return reply(200, '', {
    etag: '"p"',
    ...(req.headers['x-amz-checksum-crc32'] ? { 'x-amz-checksum-crc32': req.headers['x-amz-checksum-crc32'] } : {}),
  });
}

async function run(argv: string[], config = '', files: Record<string, string> = {}, stdoutIsTty = false) {
  const host = createMemoryHost(s3Reply, {
    env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' },
  });
  await host.fs.writeFile('/home/test/.aws/config', config);
  await host.fs.writeFile('/data/notes.txt', 'hello ssec\n');
  await host.fs.writeFile('/data/big.bin', new Uint8Array(12 << 20));
  await host.fs.writeFile('/data/key.bin', KEY);
  for (const [path, text] of Object.entries(files)) await host.fs.writeFile(path, text);
  const code = await runCli(['--endpoint-url', 'http://127.0.0.1:1', 's3', ...argv], host, { stdoutIsTty });
  const calls = host.requests.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests, calls, sleeps: host.sleeps };
}

/** The request's headers that start with `prefix`, names lower-cased (the model spells some `…-key-MD5`). */
const sseOf = (req: HttpRequest, prefix = 'x-amz-server-side-encryption-customer-') =>
  Object.fromEntries(
    Object.entries(req.headers)
      .map(([k, v]) => [k.toLowerCase(), v])
      .filter(([k]) => k!.startsWith(prefix)),
  );
const copySseOf = (req: HttpRequest) => sseOf(req, 'x-amz-copy-source-server-side-encryption-customer-');

describe('s3 cp with SSE-C', () => {
  it('an upload sends the key, base64-encoded with its MD5; --sse-c alone means AES256 and fileb:// reads the key', async () => {
    for (const argv of [
      ['--sse-c', 'AES256', '--sse-c-key', KEY],
      ['--sse-c', '--sse-c-key', 'fileb:///data/key.bin'],
    ]) {
      const r = await run(['cp', '/data/notes.txt', 's3://b/notes.txt', ...argv]);
      expect({ code: r.code, out: r.out, err: r.err }).toEqual({
        code: 0,
        out: 'upload: data/notes.txt to s3://b/notes.txt\n',
        err: '',
      });
      expect(r.calls).toEqual(['PUT /b/notes.txt']);
      expect(sseOf(r.requests[0]!)).toEqual(SSE_HEADERS);
    }
  });

  it('every step of a multipart upload carries the key', async () => {
    const r = await run(['cp', '/data/big.bin', 's3://b/big.bin', '--sse-c', '--sse-c-key', KEY]);
    expect(r.code).toBe(0);
    // The look for an upload to resume (ListMultipartUploads) is about the bucket, not the object.
    const steps = r.requests.filter((q) => new URL(q.url).pathname === '/b/big.bin');
    expect(steps.map((q) => q.method)).toEqual(['POST', 'PUT', 'PUT', 'POST']);
    for (const step of steps) expect(sseOf(step)).toEqual(SSE_HEADERS);
  });

  it('a download sends the key on HeadObject and GetObject', async () => {
    const r = await run(['cp', 's3://b/notes.txt', '/data/back.txt', '--sse-c', '--sse-c-key', KEY]);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.calls).toEqual(['HEAD /b/notes.txt', 'GET /b/notes.txt']);
    for (const req of r.requests) expect(sseOf(req)).toEqual(SSE_HEADERS);
  });

  it('a copy reads the source with its own key and writes the target with the other', async () => {
    const r = await run([
      'cp',
      's3://b/notes.txt',
      's3://b/copy.txt',
      '--sse-c-copy-source',
      '--sse-c-copy-source-key',
      KEY,
      '--sse-c',
      '--sse-c-key',
      OTHER_KEY,
    ]);
    expect({ code: r.code, out: r.out, err: r.err }).toEqual({
      code: 0,
      out: 'copy: s3://b/notes.txt to s3://b/copy.txt\n',
      err: '',
    });
    expect(r.calls).toEqual(['HEAD /b/notes.txt', 'PUT /b/copy.txt']);
    const [head, copy] = r.requests;
    expect(sseOf(head!)).toEqual(SSE_HEADERS);
    expect(copySseOf(copy!)).toEqual({
      'x-amz-copy-source-server-side-encryption-customer-algorithm': 'AES256',
      'x-amz-copy-source-server-side-encryption-customer-key': SSE_HEADERS['x-amz-server-side-encryption-customer-key'],
      'x-amz-copy-source-server-side-encryption-customer-key-md5':
        SSE_HEADERS['x-amz-server-side-encryption-customer-key-md5'],
    });
    expect(sseOf(copy!)['x-amz-server-side-encryption-customer-key']).toBe(btoa(OTHER_KEY));
  });

  it.each([
    [['--sse-c'], 'If --sse-c is specified, --sse-c-key must be specified as well.'],
    [['--sse-c-key', 'abc'], 'If --sse-c-key is specified, --sse-c must be specified as well.'],
    [
      ['--sse-c-copy-source'],
      'If --sse-c-copy-source is specified, --sse-c-copy-source-key must be specified as well.',
    ],
    [
      ['--sse-c-copy-source', '--sse-c-copy-source-key', KEY],
      '--sse-c-copy-source is only supported for copy operations.',
    ],
  ])('%j is refused before any request, as the CLI words it (252)', async (argv, message) => {
    const r = await run(['cp', '/data/notes.txt', 's3://b/n.txt', ...argv]);
    expect({ code: r.code, err: r.err, calls: r.calls }).toEqual({ code: 252, err: `\n${message}\n`, calls: [] });
  });

  it('--sse takes AES256 when given no value, and only the algorithms S3 has', async () => {
    const r = await run(['cp', '/data/notes.txt', 's3://b/n.txt', '--sse']);
    expect(r.requests[0]!.headers['x-amz-server-side-encryption']).toBe('AES256');
    const bad = await run(['cp', '/data/notes.txt', 's3://b/n.txt', '--sse-c', 'aws:kms', '--sse-c-key', KEY]);
    expect(bad.code).toBe(252);
    expect(bad.err).toContain('aws: error: argument --sse-c: Invalid choice, valid choices are:\n\nAES256');
  });
});

describe('--checksum-algorithm on a multipart upload', () => {
  it("asks each part for the checksum and lists each part's in CompleteMultipartUpload, as s3transfer does", async () => {
    const r = await run(['cp', '/data/big.bin', 's3://b/big.bin', '--checksum-algorithm', 'CRC32']);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const steps = r.requests.filter((q) => new URL(q.url).pathname === '/b/big.bin');
    expect(
      steps.map((q) => q.headers['x-amz-checksum-algorithm'] ?? q.headers['x-amz-sdk-checksum-algorithm']),
    ).toEqual(['CRC32', 'CRC32', 'CRC32', undefined]);
    const parts = steps.slice(1, 3).map((q) => q.headers['x-amz-checksum-crc32']);
    const complete = new TextDecoder().decode(steps[3]!.body as Uint8Array);
    for (const [n, crc] of parts.entries())
      expect(complete).toContain(
        `<Part><PartNumber>${n + 1}</PartNumber><ETag>"p"</ETag><ChecksumCRC32>${crc}</ChecksumCRC32></Part>`,
      );
  });
});

describe('max_bandwidth', () => {
  const MiB = 1 << 20;
  const tree = Object.fromEntries(['a', 'b', 'c', 'd'].map((n) => [`/up/${n}.bin`, 'x'.repeat(MiB)]));

  it('holds uploads to the rate: a MiB a second over four files of a MiB, one at a time', async () => {
    const r = await run(
      ['cp', '/up', 's3://b/up', '--recursive'],
      '[default]\ns3 =\n  max_bandwidth = 1MB/s\n  max_concurrent_requests = 1\n',
      tree,
    );
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    // The memory host's clock stands still: each wait is measured from the same moment.
    expect(r.sleeps).toEqual([1000, 2000, 3000]);
  });

  it('does not wait without a cap, and a bad rate stops the command before any request (255)', async () => {
    expect((await run(['cp', '/up', 's3://b/up', '--recursive'], '', tree)).sleeps).toEqual([]);
    const bad = await run(
      ['cp', '/up', 's3://b/up', '--recursive'],
      '[default]\ns3 =\n  max_bandwidth = 1048576\n',
      tree,
    );
    expect({ code: bad.code, calls: bad.calls }).toEqual({ code: 255, calls: [] });
    expect(bad.err).toBe(
      '\nInvalid rate: 1048576. The value must be expressed as a rate in terms of bytes per second (e.g. 10MB/s or 800KB/s) or bits per second (e.g. 10Mb/s or 800Kb/s)\n',
    );
  });
});

describe('the progress line', () => {
  const files = { '/up/a.txt': 'aaaa', '/up/b.txt': 'bbbbbbbb' };

  it('on a terminal: drawn as bytes move, each result line padded over it, the line drawn again while files remain', async () => {
    const r = await run(
      ['cp', '/up', 's3://b/up', '--recursive'],
      '[default]\ns3 =\n  max_concurrent_requests = 1\n',
      files,
      true,
    );
    expect(r.code).toBe(0);
    // The memory host's clock stands still, so the rate is bytes per millisecond's worth (its floor).
    const first = 'Completed 4 Bytes/12 Bytes (3.9 KiB/s) with 2 file(s) remaining';
    expect(r.out).toBe(
      [
        `${first}\r`,
        `${'upload: up/a.txt to s3://b/up/a.txt'.padEnd(first.length)}\n`,
        'Completed 4 Bytes/12 Bytes (3.9 KiB/s) with 1 file(s) remaining\r',
        // Bytes alone redraw at most every 100 ms; the clock has not moved, so the next result draws it.
        `${'upload: up/b.txt to s3://b/up/b.txt'.padEnd(first.length)}\n`,
      ].join(''),
    );
  });

  it('not without a terminal, nor with --no-progress, --quiet or --only-show-errors', async () => {
    expect((await run(['cp', '/up', 's3://b/up', '--recursive'], '', files)).out).not.toContain('Completed');
    for (const flag of ['--no-progress', '--quiet', '--only-show-errors']) {
      expect((await run(['cp', '/up', 's3://b/up', '--recursive', flag], '', files, true)).out).not.toContain(
        'Completed',
      );
    }
  });
});

describe('object options with a fixed set of values', () => {
  it.each([
    ['--acl', 'private                                  | public-read'],
    ['--storage-class', 'STANDARD                                 | REDUCED_REDUNDANCY'],
    ['--metadata-directive', 'COPY                                     | REPLACE'],
    ['--request-payer', 'requester'],
  ])('%s bogus is refused before any request with the choices (252)', async (option, choices) => {
    const r = await run(['cp', '/data/notes.txt', 's3://b/n.txt', option, 'bogus']);
    expect({ code: r.code, calls: r.calls }).toEqual({ code: 252, calls: [] });
    expect(r.err).toContain(`aws: error: argument ${option}: Invalid choice, valid choices are:\n\n${choices}`);
  });

  it('--request-payer alone means requester; --acl and --storage-class reach the request', async () => {
    const r = await run([
      'cp',
      '/data/notes.txt',
      's3://b/n.txt',
      '--acl',
      'bucket-owner-full-control',
      '--storage-class',
      'GLACIER_IR',
      '--request-payer',
    ]);
    expect(r.code).toBe(0);
    expect(r.requests[0]!.headers).toMatchObject({
      'x-amz-acl': 'bucket-owner-full-control',
      'x-amz-storage-class': 'GLACIER_IR',
      'x-amz-request-payer': 'requester',
    });
  });
});

describe('Ctrl-C during a multipart upload', () => {
  it('cancels the parts in flight, aborts the upload (AbortMultipartUpload) and exits 130', async () => {
    const interrupt = new AbortController();
    const host = createMemoryHost(
      (req, _i, opts) => {
        const url = new URL(req.url);
        if (req.method === 'PUT' && url.searchParams.has('partNumber')) {
          // A part held until Ctrl-C, as a slow network would; the first one to arrive sends it.
          interrupt.abort();
          return new Promise((_resolve, reject) => {
            if (opts.signal?.aborted) reject(new AbortedError());
            opts.signal?.addEventListener('abort', () => reject(new AbortedError()), { once: true });
          });
        }
        return s3Reply(req);
      },
      { env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' } },
    );
    await host.fs.writeFile('/data/big.bin', new Uint8Array(12 << 20));
    const code = await runCli(
      ['--endpoint-url', 'http://127.0.0.1:1', 's3', 'cp', '/data/big.bin', 's3://b/big.bin'],
      host,
      { signal: interrupt.signal },
    );
    expect(code).toBe(130);
    const last = host.requests.at(-1)!;
    expect([last.method, new URL(last.url).pathname, new URL(last.url).searchParams.get('uploadId')]).toEqual([
      'DELETE',
      '/b/big.bin',
      'up-1',
    ]);
    expect(host.out.join('')).toBe('');
  });
});
