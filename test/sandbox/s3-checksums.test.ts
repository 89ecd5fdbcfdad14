import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/protocols/shared.js';
import { md5 } from '../../src/core/checksums/md5.js';
import { combineCrcs, createHasher } from '../../src/sandbox/services/s3/checksums.js';
import type { Algorithm } from '../../src/sandbox/services/s3/common.js';
import { bodyOf } from './support.js';
import { expectError, put, withBucket } from './s3-helpers.js';

const data = new TextEncoder().encode('hello world');

async function digest(algorithm: Algorithm, bytes: Uint8Array): Promise<string> {
  const h = await createHasher(algorithm);
  h.update(bytes);
  return toBase64(h.digest());
}

describe('flexible checksums on PutObject', () => {
  it.each(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as Algorithm[])(
    '%s given as a member: kept and returned',
    async (alg) => {
      const h = await withBucket();
      const value = await digest(alg, data);
      const out = await put(h, 'k', data, { [`Checksum${alg}`]: value });
      expect(out).toMatchObject({ [`Checksum${alg}`]: value, ChecksumType: 'FULL_OBJECT' });
      const plain = (await h.call('HeadObject', { Bucket: 'bkt', Key: 'k' })).output;
      expect(plain[`Checksum${alg}`]).toBeUndefined();
      const withMode = (await h.call('GetObject', { Bucket: 'bkt', Key: 'k', ChecksumMode: 'ENABLED' })).output;
      expect(withMode).toMatchObject({ [`Checksum${alg}`]: value, ChecksumType: 'FULL_OBJECT' });
    },
  );

  it.each([
    ['CRC32', 'CRC32'],
    ['SHA256', 'SHA256'],
  ])('a wrong %s is BadDigest and stores nothing', async (alg, name) => {
    const h = await withBucket();
    const wrong = await digest(alg as Algorithm, new TextEncoder().encode('other'));
    await expectError(put(h, 'k', data, { [`Checksum${alg}`]: wrong }), 'BadDigest', 400, {
      message: `The ${name} you specified did not match the calculated checksum.`,
    });
    await expectError(h.call('HeadObject', { Bucket: 'bkt', Key: 'k' }), 'NoSuchKey', 404);
  });

  it('checks a checksum that arrives as an aws-chunked trailer', async () => {
    const h = await withBucket();
    const trailers: Record<string, string> = {};
    const good = await digest('CRC32', data);
    async function* body() {
      yield data;
      // The front fills the trailers in once the body has been read to its end.
      trailers['x-amz-checksum-crc32'] = good;
    }
    const headers = { 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-sdk-checksum-algorithm': 'CRC32' };
    const out = (await h.call('PutObject', { Bucket: 'bkt', Key: 'k', Body: body() }, { headers, trailers })).output;
    expect(out.ChecksumCRC32).toBe(good);

    const badTrailers: Record<string, string> = {};
    async function* badBody() {
      yield data;
      badTrailers['x-amz-checksum-crc32'] = 'AAAAAA==';
    }
    await expectError(
      h.call('PutObject', { Bucket: 'bkt', Key: 'k2', Body: badBody() }, { headers, trailers: badTrailers }),
      'BadDigest',
      400,
    );
  });

  it('computes the algorithm ChecksumAlgorithm names when no value is sent', async () => {
    const h = await withBucket();
    const out = await put(h, 'k', data, { ChecksumAlgorithm: 'CRC32C' });
    expect(out.ChecksumCRC32C).toBe(await digest('CRC32C', data));
  });

  it.each([
    [{ ChecksumCRC32: 'not base64!' }, 'InvalidRequest'],
    [{ ChecksumCRC32: toBase64(new Uint8Array(8)) }, 'InvalidRequest'],
    [{ ChecksumCRC32: 'AAAAAA==', ChecksumSHA1: toBase64(new Uint8Array(20)) }, 'InvalidRequest'],
    [{ ChecksumAlgorithm: 'SHA256', ChecksumCRC32: 'AAAAAA==' }, 'InvalidRequest'],
    [{ ChecksumAlgorithm: 'XXHASH3' }, 'InvalidRequest'],
  ])('refuses %o', async (input, code) => {
    const h = await withBucket();
    await expectError(put(h, 'k', data, input), code, 400);
  });
});

describe('Content-MD5', () => {
  it('accepts the right one', async () => {
    const h = await withBucket();
    await put(h, 'k', data, { ContentMD5: toBase64(md5(data)) });
  });

  it('a malformed one is InvalidDigest, a wrong one BadDigest', async () => {
    const h = await withBucket();
    await expectError(put(h, 'k', data, { ContentMD5: 'abc' }), 'InvalidDigest', 400, {
      message: 'The Content-MD5 you specified was invalid.',
    });
    await expectError(put(h, 'k', data, { ContentMD5: toBase64(md5(new Uint8Array(1))) }), 'BadDigest', 400, {
      message: 'The Content-MD5 you specified did not match what we received.',
    });
  });

  it('applies to UploadPart too', async () => {
    const h = await withBucket();
    const UploadId = (await h.call('CreateMultipartUpload', { Bucket: 'bkt', Key: 'k' })).output.UploadId;
    await expectError(
      h.call('UploadPart', {
        Bucket: 'bkt',
        Key: 'k',
        UploadId,
        PartNumber: 1,
        Body: bodyOf(data),
        ContentMD5: toBase64(md5(new Uint8Array(1))),
      }),
      'BadDigest',
      400,
    );
  });
});

describe('combining CRCs', () => {
  const whole = Uint8Array.from({ length: 10_007 }, (_, i) => (i * 31 + 5) % 251);
  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as Algorithm[])(
    '%s of the parts combines to that of the whole',
    async (alg) => {
      const cuts = [0, 1, 4096, 9000, whole.length];
      const parts = [];
      for (let i = 0; i < cuts.length - 1; i++) {
        const piece = whole.subarray(cuts[i], cuts[i + 1]);
        parts.push({ value: await digest(alg, piece), size: piece.length });
      }
      expect(combineCrcs(alg, parts)).toBe(await digest(alg, whole));
    },
  );
});
