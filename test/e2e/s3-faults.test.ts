/**
 * Transfers when things go wrong, against a stand-in S3 on a real socket that injects the fault: a
 * connection reset in the middle of a part and a throttled part (both retried, the upload completes),
 * a 500 on CompleteMultipartUpload (the upload is aborted, exit 1), an unwritable download target and an
 * unreadable file in a recursive upload (a warning, the others go on, exit 2). Nothing is left behind.
 * And another program's unfinished upload of the key, left alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';

const MiB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'isoaws-faults-'));

/** What the stand-in saw, and the faults it is to inject next. */
const seen: string[] = [];
const faults = { resetPart: 0, throttlePart: 0, completeStatus: 0 };
/** An unfinished upload of big.bin left by an earlier run: its id and the parts it holds. */
let prior: { uploadId: string; parts: Array<{ number: number; size: number; etag: string }> } | undefined;

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url!, 'http://x');
  const q = url.searchParams;
  const part = Number(q.get('partNumber') ?? 0);
  const what = `${req.method} ${url.pathname}${q.has('uploads') ? '?uploads' : part ? `?part=${part}` : q.has('uploadId') ? `?uploadId=${q.get('uploadId')}` : ''}`;
  seen.push(what);
  if (req.method === 'GET' && q.has('uploads')) {
    res.writeHead(200, { 'content-type': 'application/xml' });
    return res.end(
      `<ListMultipartUploadsResult>${prior ? `<Upload><Key>big.bin</Key><UploadId>${prior.uploadId}</UploadId><Initiated>2024-05-01T12:00:00.000Z</Initiated></Upload>` : ''}</ListMultipartUploadsResult>`,
    );
  }
  if (req.method === 'GET' && q.has('uploadId')) {
    res.writeHead(200, { 'content-type': 'application/xml' });
    return res.end(
      `<ListPartsResult><IsTruncated>false</IsTruncated>${(prior?.parts ?? []).map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>"${p.etag}"</ETag><Size>${p.size}</Size></Part>`).join('')}</ListPartsResult>`,
    );
  }
  if (req.method === 'PUT' && part && faults.resetPart === part) {
    faults.resetPart = 0;
    // Part of the body arrives, then the connection drops.
    req.once('data', () => req.socket.destroy());
    return;
  }
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
  });
  req.on('end', () => {
    const xml = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/xml', ...headers });
      res.end(body);
    };
    if (req.method === 'PUT' && part && faults.throttlePart === part) {
      faults.throttlePart = 0;
      return xml(503, '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
    }
    if (req.method === 'PUT') return xml(200, '', { etag: `"etag-${part}-${size}"` });
    if (req.method === 'POST' && q.has('uploads'))
      return xml(200, '<InitiateMultipartUploadResult><UploadId>U1</UploadId></InitiateMultipartUploadResult>');
    if (req.method === 'POST' && q.has('uploadId')) {
      if (faults.completeStatus)
        return xml(
          faults.completeStatus,
          '<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
        );
      return xml(200, '<CompleteMultipartUploadResult><ETag>"done-3"</ETag></CompleteMultipartUploadResult>');
    }
    if (req.method === 'DELETE') return xml(204, '');
    if (req.method === 'HEAD') {
      res.writeHead(200, {
        'content-length': String(3 * MiB),
        etag: '"e"',
        'last-modified': 'Wed, 01 May 2024 12:00:00 GMT',
      });
      return res.end();
    }
    res.writeHead(200, { 'content-length': '5', 'content-type': 'text/plain' });
    res.end('hello');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

beforeEach(() => {
  seen.length = 0;
  prior = undefined;
  Object.assign(faults, { resetPart: 0, throttlePart: 0, completeStatus: 0 });
});

async function aws(...argv: string[]) {
  let out = '';
  let err = '';
  writeFileSync(
    join(work, 'config'),
    '[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n  max_concurrent_requests = 2\n',
  );
  const host = createNodeHost({
    env: {
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(work, 'config'),
      AWS_RETRY_MODE: 'standard',
      HOME: work,
    },
    homeDir: work,
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
  const code = await runCli(['--endpoint-url', endpoint, ...argv], { ...host, cwd: work });
  return { code, out, err };
}

const bigFile = join(work, 'big.bin');
writeFileSync(bigFile, new Uint8Array(12 * MiB));

describe('transfer faults', () => {
  it('retries a part whose connection is reset mid-body, and one that is throttled, then completes', async () => {
    faults.resetPart = 2;
    faults.throttlePart = 3;
    expect(await aws('s3', 'cp', bigFile, 's3://b/big.bin')).toMatchObject({
      code: 0,
      out: 'upload: ./big.bin to s3://b/big.bin\n',
      err: '',
    });
    expect(seen.filter((s) => s === 'PUT /b/big.bin?part=2')).toHaveLength(2);
    expect(seen.filter((s) => s === 'PUT /b/big.bin?part=3')).toHaveLength(2);
    expect(seen.at(-1)).toBe('POST /b/big.bin?uploadId=U1');
  });

  it('leaves alone an unfinished upload this machine did not start: neither resumed nor aborted', async () => {
    // Another program's upload of the key, its first part matching the file (resume.test.ts resumes this machine's own).
    const first = createHash('md5')
      .update(new Uint8Array(5 * MiB))
      .digest('hex');
    prior = { uploadId: 'U0', parts: [{ number: 1, size: 5 * MiB, etag: first }] };
    expect(await aws('s3', 'cp', bigFile, 's3://b/big.bin')).toMatchObject({
      code: 0,
      out: 'upload: ./big.bin to s3://b/big.bin\n',
    });
    expect(seen.filter((s) => s.includes('U0'))).toEqual([]);
    expect(seen.filter((s) => s.startsWith('PUT') || s.startsWith('POST')).sort()).toEqual([
      'POST /b/big.bin?uploadId=U1',
      'POST /b/big.bin?uploads',
      'PUT /b/big.bin?part=1',
      'PUT /b/big.bin?part=2',
      'PUT /b/big.bin?part=3',
    ]);
  });

  it('aborts the upload when CompleteMultipartUpload keeps failing, and says so (exit 1)', async () => {
    faults.completeStatus = 500;
    const r = await aws('s3', 'cp', bigFile, 's3://b/big.bin');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      // Retried until no attempt was left (3 in standard mode), which botocore's words say.
      'upload failed: ./big.bin to s3://b/big.bin An error occurred (InternalError) when calling the CompleteMultipartUpload operation (reached max retries: 2): We encountered an internal error. Please try again.\n',
    );
    expect(seen.at(-1)).toBe('DELETE /b/big.bin?uploadId=U1');
  });

  it('reports a download whose target cannot be written, leaving nothing behind (exit 1)', async () => {
    // A directory in the way that is a file: no one, root included, can write below it.
    writeFileSync(join(work, 'blocked'), 'not a directory');
    const r = await aws('s3', 'cp', 's3://b/small.txt', 'blocked/small.txt');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^download failed: s3:\/\/b\/small\.txt to blocked\/small\.txt .*(EEXIST|ENOTDIR)/);
    expect(readdirSync(work).filter((f) => f.includes('small'))).toEqual([]);
  });

  it('skips an unreadable entry of a recursive upload with a warning, uploads the rest (exit 2)', async () => {
    const tree = join(work, 'tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(tree, 'a.txt'), 'a');
    writeFileSync(join(tree, 'b.txt'), 'b');
    // A dangling link: listed by the directory, but there is no file behind it.
    if (!existsSync(join(tree, 'gone'))) symlinkSync(join(work, 'nowhere'), join(tree, 'gone'));
    const r = await aws('s3', 'cp', 'tree', 's3://b/tree/', '--recursive');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`warning: Skipping file ${join(tree, 'gone')}. File does not exist.\n`);
    expect(r.out.split('\n').filter(Boolean).sort()).toEqual([
      'upload: tree/a.txt to s3://b/tree/a.txt',
      'upload: tree/b.txt to s3://b/tree/b.txt',
    ]);
  });
});
