import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/protocols/shared.js';
import { createCrc32 } from '../../src/core/checksums/crc.js';
import { bodyOf, readBody } from './support.js';
import { expectError, hexMd5, put, text, withBucket, type S3 } from './s3-helpers.js';

const MiB = 1024 * 1024;
const part1 = new Uint8Array(5 * MiB).fill(1);
const part2 = new Uint8Array(3).fill(2);

async function start(h: S3, extra: Record<string, unknown> = {}) {
  return (await h.call('CreateMultipartUpload', { Bucket: 'bkt', Key: 'big', ...extra })).output.UploadId as string;
}

async function upload(
  h: S3,
  UploadId: string,
  PartNumber: number,
  data: Uint8Array,
  extra: Record<string, unknown> = {},
) {
  return (await h.call('UploadPart', { Bucket: 'bkt', Key: 'big', UploadId, PartNumber, Body: bodyOf(data), ...extra }))
    .output;
}

const crc32 = (data: Uint8Array) => {
  const c = createCrc32();
  c.update(data);
  return toBase64(c.digest());
};

describe('multipart uploads', () => {
  it('uploads, lists and completes; the ETag is the MD5 of the part MD5s with the part count', async () => {
    const h = await withBucket();
    const id = await start(h, { ContentType: 'video/mp4', Metadata: { m: '1' } });
    expect(id.length).toBeGreaterThan(60);
    const p1 = await upload(h, id, 1, part1);
    const p2 = await upload(h, id, 2, part2);
    expect(p1.ETag).toBe(`"${await hexMd5(part1)}"`);
    const parts = (await h.call('ListParts', { Bucket: 'bkt', Key: 'big', UploadId: id })).output;
    expect((parts.Parts as Record<string, unknown>[]).map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 5 * MiB, p1.ETag],
      [2, 3, p2.ETag],
    ]);
    const uploads = (await h.call('ListMultipartUploads', { Bucket: 'bkt' })).output;
    expect(uploads.Uploads).toMatchObject([{ UploadId: id, Key: 'big', StorageClass: 'STANDARD' }]);
    const done = (
      await h.call('CompleteMultipartUpload', {
        Bucket: 'bkt',
        Key: 'big',
        UploadId: id,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      })
    ).output;
    const md5s = new Uint8Array(32);
    md5s.set(hexToBytes(await hexMd5(part1)), 0);
    md5s.set(hexToBytes(await hexMd5(part2)), 16);
    expect(done.ETag).toBe(`"${await hexMd5(md5s)}-2"`);
    expect(done).toMatchObject({ Bucket: 'bkt', Key: 'big', Location: expect.stringContaining('/big') });
    const head = (await h.call('HeadObject', { Bucket: 'bkt', Key: 'big' })).output;
    expect(head).toMatchObject({
      ETag: done.ETag,
      ContentLength: 5 * MiB + 3,
      ContentType: 'video/mp4',
      Metadata: { m: '1' },
    });
    // A range across the two part blobs.
    const ranged = (
      await h.call('GetObject', { Bucket: 'bkt', Key: 'big', Range: `bytes=${5 * MiB - 2}-${5 * MiB + 1}` })
    ).output;
    expect([...(await readBody(ranged.Body))]).toEqual([1, 1, 2, 2]);
    const second = await h.call('GetObject', { Bucket: 'bkt', Key: 'big', PartNumber: 2 });
    expect(second.output).toMatchObject({
      ContentLength: 3,
      PartsCount: 2,
      ContentRange: `bytes ${5 * MiB}-${5 * MiB + 2}/${5 * MiB + 3}`,
    });
    expect((await h.call('ListMultipartUploads', { Bucket: 'bkt' })).output.Uploads).toBeUndefined();
    expect(await h.store.keys('s3/parts/')).toEqual([]);
  });

  it.each([
    ['parts out of order', [2, 1], 'InvalidPartOrder'],
    ['a part never uploaded', [1, 4], 'InvalidPart'],
    ['a wrong ETag', [1, -2], 'InvalidPart'],
    ['a small part before the last', [2, 3], 'EntityTooSmall'],
  ])('refuses %s', async (_what, numbers, code) => {
    const h = await withBucket();
    const id = await start(h);
    const etags: Record<number, string> = {};
    etags[1] = (await upload(h, id, 1, part1)).ETag as string;
    etags[2] = (await upload(h, id, 2, part2)).ETag as string;
    etags[3] = (await upload(h, id, 3, part2)).ETag as string;
    const Parts = numbers.map((n) =>
      n < 0 ? { PartNumber: -n, ETag: '"00"' } : { PartNumber: n, ETag: etags[n] ?? '"00"' },
    );
    await expectError(
      h.call('CompleteMultipartUpload', { Bucket: 'bkt', Key: 'big', UploadId: id, MultipartUpload: { Parts } }),
      code,
      400,
    );
  });

  it('a re-uploaded part replaces the earlier one', async () => {
    const h = await withBucket();
    const id = await start(h);
    await upload(h, id, 1, new Uint8Array([1]));
    const again = await upload(h, id, 1, new Uint8Array([9]));
    await h.call('CompleteMultipartUpload', {
      Bucket: 'bkt',
      Key: 'big',
      UploadId: id,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: again.ETag }] },
    });
    expect([...(await readBody((await h.call('GetObject', { Bucket: 'bkt', Key: 'big' })).output.Body))]).toEqual([9]);
  });

  it.each([0, 10001])('part number %i is InvalidArgument', async (n) => {
    const h = await withBucket();
    const id = await start(h);
    await expectError(upload(h, id, n, part2), 'InvalidArgument', 400, {
      message: 'Part number must be an integer between 1 and 10000, inclusive',
    });
  });

  it('aborts; a missing upload is NoSuchUpload everywhere', async () => {
    const h = await withBucket();
    const id = await start(h);
    await upload(h, id, 1, part2);
    await h.call('AbortMultipartUpload', { Bucket: 'bkt', Key: 'big', UploadId: id });
    const noSuch = {
      message:
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      fields: { UploadId: id },
    };
    await expectError(
      h.call('AbortMultipartUpload', { Bucket: 'bkt', Key: 'big', UploadId: id }),
      'NoSuchUpload',
      404,
      noSuch,
    );
    await expectError(upload(h, id, 1, part2), 'NoSuchUpload', 404);
    await expectError(h.call('ListParts', { Bucket: 'bkt', Key: 'big', UploadId: id }), 'NoSuchUpload', 404);
    await expectError(
      h.call('CompleteMultipartUpload', {
        Bucket: 'bkt',
        Key: 'big',
        UploadId: id,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] },
      }),
      'NoSuchUpload',
      404,
    );
    expect(await h.store.keys('s3/')).toEqual(['s3/buckets/bkt']);
  });

  it('pages ListParts and ListMultipartUploads', async () => {
    const h = await withBucket();
    const id = await start(h);
    for (const n of [1, 2, 3]) await upload(h, id, n, part2);
    const page = (await h.call('ListParts', { Bucket: 'bkt', Key: 'big', UploadId: id, MaxParts: 2 })).output;
    expect(page).toMatchObject({ IsTruncated: true, NextPartNumberMarker: 2 });
    const rest = (await h.call('ListParts', { Bucket: 'bkt', Key: 'big', UploadId: id, PartNumberMarker: 2 })).output;
    expect((rest.Parts as { PartNumber: number }[]).map((p) => p.PartNumber)).toEqual([3]);

    await h.call('CreateMultipartUpload', { Bucket: 'bkt', Key: 'dir/a' });
    await h.call('CreateMultipartUpload', { Bucket: 'bkt', Key: 'other' });
    const first = (await h.call('ListMultipartUploads', { Bucket: 'bkt', MaxUploads: 1 })).output;
    expect(first).toMatchObject({ IsTruncated: true, NextKeyMarker: 'big', NextUploadIdMarker: id });
    const next = (await h.call('ListMultipartUploads', { Bucket: 'bkt', KeyMarker: 'big', UploadIdMarker: id })).output;
    expect((next.Uploads as { Key: string }[]).map((u) => u.Key)).toEqual(['dir/a', 'other']);
    const grouped = (await h.call('ListMultipartUploads', { Bucket: 'bkt', Delimiter: '/' })).output;
    expect(grouped.CommonPrefixes).toEqual([{ Prefix: 'dir/' }]);
    const prefixed = (await h.call('ListMultipartUploads', { Bucket: 'bkt', Prefix: 'ot' })).output;
    expect((prefixed.Uploads as { Key: string }[]).map((u) => u.Key)).toEqual(['other']);
  });

  it('UploadPartCopy copies a byte range of another object', async () => {
    const h = await withBucket();
    await put(h, 'src', 'abcdefghij');
    const id = await start(h);
    const out = (
      await h.call('UploadPartCopy', {
        Bucket: 'bkt',
        Key: 'big',
        UploadId: id,
        PartNumber: 1,
        CopySource: 'bkt/src',
        CopySourceRange: 'bytes=2-4',
      })
    ).output;
    const result = out.CopyPartResult as { ETag: string };
    expect(result.ETag).toBe(`"${await hexMd5('cde')}"`);
    await expectError(
      h.call('UploadPartCopy', {
        Bucket: 'bkt',
        Key: 'big',
        UploadId: id,
        PartNumber: 2,
        CopySource: 'bkt/src',
        CopySourceRange: 'bytes=5-20',
      }),
      'InvalidRange',
      416,
    );
    await expectError(
      h.call('UploadPartCopy', {
        Bucket: 'bkt',
        Key: 'big',
        UploadId: id,
        PartNumber: 2,
        CopySource: 'bkt/src',
        CopySourceRange: '5-20',
      }),
      'InvalidArgument',
      400,
    );
    await h.call('CompleteMultipartUpload', {
      Bucket: 'bkt',
      Key: 'big',
      UploadId: id,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: result.ETag }] },
    });
    expect(await text((await h.call('GetObject', { Bucket: 'bkt', Key: 'big' })).output.Body)).toBe('cde');
  });

  it('COMPOSITE CRC32: the checksum of the part checksums, with the part count', async () => {
    const h = await withBucket();
    const id = await start(h, { ChecksumAlgorithm: 'CRC32' });
    const p1 = await upload(h, id, 1, part1);
    const p2 = await upload(h, id, 2, part2, { ChecksumCRC32: crc32(part2) });
    expect(p1.ChecksumCRC32).toBe(crc32(part1));
    const done = (
      await h.call('CompleteMultipartUpload', {
        Bucket: 'bkt',
        Key: 'big',
        UploadId: id,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag, ChecksumCRC32: p1.ChecksumCRC32 },
            { PartNumber: 2, ETag: p2.ETag, ChecksumCRC32: p2.ChecksumCRC32 },
          ],
        },
      })
    ).output;
    const joined = new Uint8Array(8);
    joined.set(
      Uint8Array.from(atob(p1.ChecksumCRC32 as string), (c) => c.charCodeAt(0)),
      0,
    );
    joined.set(
      Uint8Array.from(atob(p2.ChecksumCRC32 as string), (c) => c.charCodeAt(0)),
      4,
    );
    expect(done).toMatchObject({ ChecksumCRC32: `${crc32(joined)}-2`, ChecksumType: 'COMPOSITE' });
    const head = (await h.call('HeadObject', { Bucket: 'bkt', Key: 'big', ChecksumMode: 'ENABLED' })).output;
    expect(head.ChecksumCRC32).toBe(`${crc32(joined)}-2`);
  });

  it('FULL_OBJECT CRC32: the CRC of the whole body, combined from the parts', async () => {
    const h = await withBucket();
    const id = await start(h, { ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' });
    const p1 = await upload(h, id, 1, part1);
    const p2 = await upload(h, id, 2, part2);
    const whole = new Uint8Array(part1.length + part2.length);
    whole.set(part1);
    whole.set(part2, part1.length);
    const done = (
      await h.call('CompleteMultipartUpload', {
        Bucket: 'bkt',
        Key: 'big',
        UploadId: id,
        ChecksumCRC32: crc32(whole),
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      })
    ).output;
    expect(done).toMatchObject({ ChecksumCRC32: crc32(whole), ChecksumType: 'FULL_OBJECT' });
  });

  it('refuses a part whose checksum algorithm differs from the upload’s, and a bad checksum type', async () => {
    const h = await withBucket();
    const id = await start(h, { ChecksumAlgorithm: 'CRC32' });
    await expectError(upload(h, id, 1, part2, { ChecksumAlgorithm: 'SHA256' }), 'InvalidRequest', 400);
    await expectError(
      h.call('CreateMultipartUpload', {
        Bucket: 'bkt',
        Key: 'k',
        ChecksumAlgorithm: 'SHA256',
        ChecksumType: 'FULL_OBJECT',
      }),
      'InvalidRequest',
      400,
    );
  });
});

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (b) => Number.parseInt(b, 16));
}
