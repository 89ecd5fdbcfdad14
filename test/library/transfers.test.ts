/**
 * `aws.s3.upload` and `aws.s3.download` on the sandbox: every kind of body (bytes, text, a Blob, a
 * ReadableStream, an async iterable, a file of the host), multipart with parts in parallel above the
 * threshold, progress adding up to the size, a download into a file and as bytes, a cancelled upload
 * leaving no multipart upload behind, and bad parameters refused with a message.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { createClient } from '../../src/index.js';
import { AbortedError, IsoawsError } from '../../src/core/errors.js';
import type { S3Transfers } from '../../src/core/typed-client.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'isoaws-transfers-'));
const host = { ...createNodeHost({ env: {}, homeDir: dir }), cwd: dir };
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256);

/**
 * S3 with its transfers, as a program that names the service sees it. Typed by hand: the generated
 * declarations augment the built package (checked in test/package), and an augmentation here would
 * reach the engine's own calls, compiled in the same program.
 */
type S3 = S3Transfers & Record<string, (params?: object) => Promise<Record<string, unknown>>>;

async function bucket(name: string): Promise<{ s3: S3 }> {
  const aws = createClient({ host, sandbox: 'memory' });
  const s3 = aws.s3 as S3;
  await s3.createBucket!({ Bucket: name });
  return { s3 };
}

describe('aws.s3.upload and aws.s3.download', () => {
  it('uploads bytes, text, a Blob, a stream and an async iterable, and downloads them as bytes', async () => {
    const aws = await bucket('bodies');
    const data = bytes(1000);
    const bodies = {
      bytes: data,
      text: 'hello',
      blob: new Blob([data]),
      stream: new Blob([data]).stream(),
      iterable: (async function* () {
        yield data.subarray(0, 400);
        yield data.subarray(400);
      })(),
    };
    for (const [Key, Body] of Object.entries(bodies)) {
      const put = await aws.s3.upload({ Bucket: 'bodies', Key, Body, ContentType: 'application/x-test' });
      expect(put.Bucket).toBe('bodies');
      expect(put.ETag, Key).toMatch(/^"[0-9a-f]{32}"$/);
      expect(put.$metadata.httpStatusCode).toBe(200);
      const got = await aws.s3.download({ Bucket: 'bodies', Key });
      expect(got.Body, Key).toEqual(Key === 'text' ? new TextEncoder().encode('hello') : data);
    }
    const head = await aws.s3.headObject!({ Bucket: 'bodies', Key: 'blob' });
    expect(head.ContentType).toBe('application/x-test');
  });

  it('goes multipart above the threshold, parts in parallel, with progress adding up to the size', async () => {
    const aws = await bucket('big');
    const data = bytes(12 * MiB + 17);
    const seen: Array<{ loaded: number; total?: number }> = [];
    const put = await aws.s3.upload(
      { Bucket: 'big', Key: 'data.bin', Body: data },
      { partSize: 5 * MiB, multipartThreshold: 5 * MiB, concurrency: 3, onProgress: (p) => seen.push(p) },
    );
    expect(seen.at(-1)).toEqual({ loaded: data.length, total: data.length });
    const head = await aws.s3.headObject!({ Bucket: 'big', Key: 'data.bin' });
    // A multipart upload's ETag names its part count; the upload gives the one CompleteMultipartUpload gave.
    expect(head.ETag).toMatch(/-3"$/);
    expect(put).toMatchObject({ Bucket: 'big', Key: 'data.bin', size: data.length, ETag: head.ETag });
    const down: number[] = [];
    const got = await aws.s3.download(
      { Bucket: 'big', Key: 'data.bin' },
      { partSize: 5 * MiB, multipartThreshold: 5 * MiB, onProgress: (p) => down.push(p.loaded) },
    );
    expect(got.size).toBe(data.length);
    expect(Buffer.from(got.Body!).equals(Buffer.from(data))).toBe(true);
    expect(down.at(-1)).toBe(data.length);
  });

  it('uploads a file of the host and downloads into one', async () => {
    const aws = await bucket('files');
    writeFileSync(join(dir, 'in.bin'), bytes(6 * MiB));
    await aws.s3.upload(
      { Bucket: 'files', Key: 'in.bin', File: 'in.bin' },
      { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
    );
    const got = await aws.s3.download(
      { Bucket: 'files', Key: 'in.bin', File: 'out.bin' },
      { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
    );
    expect(got).toEqual({ Bucket: 'files', Key: 'in.bin', size: 6 * MiB });
    expect(readFileSync(join(dir, 'out.bin')).equals(readFileSync(join(dir, 'in.bin')))).toBe(true);
  });

  it('cancels: an aborted upload fails with AbortedError and leaves no multipart upload behind', async () => {
    const aws = await bucket('cancelled');
    const controller = new AbortController();
    const upload = aws.s3.upload(
      { Bucket: 'cancelled', Key: 'k', Body: bytes(15 * MiB) },
      {
        partSize: 5 * MiB,
        multipartThreshold: 5 * MiB,
        concurrency: 1,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    await expect(upload).rejects.toBeInstanceOf(AbortedError);
    const left = await aws.s3.listMultipartUploads!({ Bucket: 'cancelled' });
    expect(left.Uploads ?? []).toEqual([]);
  });

  it('refuses bad parameters with a message', async () => {
    const aws = await bucket('refused');
    await expect(aws.s3.upload({ Bucket: 'refused', Key: 'k' })).rejects.toThrow(
      new IsoawsError('upload takes either Body (the bytes) or File (a path), not both and not neither'),
    );
    await expect(aws.s3.upload({ Bucket: 'refused', Key: 'k', Body: 'x' }, { partSize: 1024 })).rejects.toThrow(
      'partSize must be at least 5 MiB',
    );
    await expect(aws.s3.upload({ Bucket: 'refused', Key: 'k', File: 'no-such-file' })).rejects.toThrow(
      'upload: no-such-file is not a file',
    );
  });
});
