/** The public CLI scenarios, as the handler calls the CLI makes for them. */
import { describe, expect, it } from 'vitest';
import { createCrc32 } from '../../src/core/checksums/crc.js';
import { toBase64 } from '../../src/core/protocols/shared.js';
import { bodyOf } from './support.js';
import { expectError, hexMd5, s3 } from './s3-helpers.js';

describe('CLI scenarios', () => {
  it('cp, ls, mv, rm and rb', async () => {
    const h = s3();
    await h.call('CreateBucket', { Bucket: 'pub-one' });
    await h.call('PutObject', {
      Bucket: 'pub-one',
      Key: 'docs/hello.txt',
      Body: bodyOf('hello\n'),
      ContentType: 'text/plain',
    });
    const listed = (await h.call('ListObjectsV2', { Bucket: 'pub-one', EncodingType: 'url' })).output;
    expect(listed.Contents).toMatchObject([{ Key: 'docs/hello.txt', Size: 6, StorageClass: 'STANDARD' }]);
    const got = (await h.call('GetObject', { Bucket: 'pub-one', Key: 'docs/hello.txt' })).output;
    expect([got.ContentLength, got.ContentType]).toEqual([6, 'text/plain']);
    await h.call('CopyObject', { Bucket: 'pub-one', Key: 'docs/again.txt', CopySource: 'pub-one/docs/hello.txt' });
    const ls = (
      await h.call('ListObjectsV2', { Bucket: 'pub-one', Prefix: 'docs/', Delimiter: '/', EncodingType: 'url' })
    ).output;
    expect((ls.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['docs/again.txt', 'docs/hello.txt']);
    await h.call('CopyObject', { Bucket: 'pub-one', Key: 'moved.txt', CopySource: 'pub-one/docs/again.txt' });
    await h.call('DeleteObject', { Bucket: 'pub-one', Key: 'docs/again.txt' });
    const v1 = (await h.call('ListObjects', { Bucket: 'pub-one' })).output;
    expect((v1.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['docs/hello.txt', 'moved.txt']);
    await h.call('DeleteObject', { Bucket: 'pub-one', Key: 'moved.txt' });
    await expectError(h.call('GetObject', { Bucket: 'pub-one', Key: 'moved.txt' }), 'NoSuchKey', 404);
    await expectError(h.call('DeleteBucket', { Bucket: 'pub-one' }), 'BucketNotEmpty', 409);
    await h.call('DeleteObjects', { Bucket: 'pub-one', Delete: { Objects: [{ Key: 'docs/hello.txt' }] } });
    await h.call('DeleteBucket', { Bucket: 'pub-one' });
    expect((await h.call('ListBuckets')).output.Buckets).toEqual([]);
  });

  it('a 12 MiB file in 8 MiB parts with CRC32 checksums, then ranged reads', async () => {
    const h = s3();
    await h.call('CreateBucket', { Bucket: 'pub-large' });
    const MiB = 1024 * 1024;
    const file = Uint8Array.from({ length: 12 * MiB }, (_, i) => i % 253);
    const pieces = [file.subarray(0, 8 * MiB), file.subarray(8 * MiB)];
    const UploadId = (
      await h.call('CreateMultipartUpload', { Bucket: 'pub-large', Key: 'big', ChecksumAlgorithm: 'CRC32' })
    ).output.UploadId;
    const Parts = [];
    for (const [i, piece] of pieces.entries()) {
      const crc = createCrc32();
      crc.update(piece);
      const out = (
        await h.call(
          'UploadPart',
          {
            Bucket: 'pub-large',
            Key: 'big',
            UploadId,
            PartNumber: i + 1,
            Body: bodyOf(piece),
            ChecksumAlgorithm: 'CRC32',
          },
          {
            headers: { 'x-amz-trailer': 'x-amz-checksum-crc32' },
            trailers: { 'x-amz-checksum-crc32': toBase64(crc.digest()) },
          },
        )
      ).output;
      Parts.push({ PartNumber: i + 1, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 });
    }
    await h.call('CompleteMultipartUpload', { Bucket: 'pub-large', Key: 'big', UploadId, MultipartUpload: { Parts } });
    const head = (await h.call('HeadObject', { Bucket: 'pub-large', Key: 'big' })).output;
    const md5s = new Uint8Array(32);
    for (const [i, piece] of pieces.entries())
      md5s.set(
        Uint8Array.from((await hexMd5(piece)).match(/../g)!, (b) => Number.parseInt(b, 16)),
        i * 16,
      );
    expect(head.ETag).toBe(`"${await hexMd5(md5s)}-2"`);
    const { output, reply } = await h.call('GetObject', { Bucket: 'pub-large', Key: 'big', Range: 'bytes=0-9' });
    expect([output.ContentLength, output.ContentRange, reply.statusCode]).toEqual([10, `bytes 0-9/${12 * MiB}`, 206]);
  });

  it('many files: MaxKeys 5 truncates', async () => {
    const h = s3();
    await h.call('CreateBucket', { Bucket: 'pub-many' });
    for (let i = 0; i < 8; i++)
      await h.call('PutObject', { Bucket: 'pub-many', Key: `f${i}.txt`, Body: bodyOf(String(i)) });
    const out = (await h.call('ListObjectsV2', { Bucket: 'pub-many', MaxKeys: 5 })).output;
    expect([out.KeyCount, out.IsTruncated]).toEqual([5, true]);
  });
});
