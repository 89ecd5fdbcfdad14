import { describe, expect, it } from 'vitest';
import { parseCopySource } from '../../src/sandbox/services/s3/objects.js';
import { parseRange } from '../../src/sandbox/services/s3/conditions.js';
import { bodyOf } from './support.js';
import { expectError, hexMd5, put, text, withBucket } from './s3-helpers.js';

describe('PutObject and GetObject', () => {
  it('stores a body with its headers and metadata and returns them', async () => {
    const h = await withBucket();
    const out = await put(h, 'docs/hello.txt', 'hello world', {
      ContentType: 'text/plain',
      Metadata: { Colour: 'blue' },
      CacheControl: 'max-age=60',
      ContentDisposition: 'inline',
      ContentEncoding: 'identity',
      ContentLanguage: 'en',
      Expires: new Date('2030-01-01T00:00:00Z'),
      ServerSideEncryption: 'AES256',
      Tagging: 'a=1&b=two%20words',
    });
    expect(out).toMatchObject({ ETag: `"${await hexMd5('hello world')}"`, ServerSideEncryption: 'AES256' });
    expect(out.VersionId).toBeUndefined();
    const { output, reply } = await h.call('GetObject', { Bucket: 'bkt', Key: 'docs/hello.txt' });
    expect(reply.statusCode).toBeUndefined();
    expect(await text(output.Body)).toBe('hello world');
    expect(output).toMatchObject({
      ContentLength: 11,
      ContentType: 'text/plain',
      ETag: out.ETag,
      LastModified: h.clock.now,
      Metadata: { colour: 'blue' },
      CacheControl: 'max-age=60',
      ContentDisposition: 'inline',
      ContentEncoding: 'identity',
      ContentLanguage: 'en',
      Expires: new Date('2030-01-01T00:00:00Z'),
      ServerSideEncryption: 'AES256',
      AcceptRanges: 'bytes',
      TagCount: 2,
    });
    expect(output.StorageClass).toBeUndefined();
    const tags = (await h.call('GetObjectTagging', { Bucket: 'bkt', Key: 'docs/hello.txt' })).output.TagSet;
    expect(tags).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'two words' },
    ]);
  });

  it('defaults the content type to binary/octet-stream and drops aws-chunked from Content-Encoding', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x', { ContentEncoding: 'aws-chunked' });
    const head = (await h.call('HeadObject', { Bucket: 'bkt', Key: 'k' })).output;
    expect(head.ContentType).toBe('binary/octet-stream');
    expect(head.ContentEncoding).toBeUndefined();
    expect(head.Body).toBeUndefined();
  });

  it('reports a non-STANDARD storage class and refuses to GET an archived object', async () => {
    const h = await withBucket();
    await put(h, 'ia', 'x', { StorageClass: 'STANDARD_IA' });
    expect((await h.call('HeadObject', { Bucket: 'bkt', Key: 'ia' })).output.StorageClass).toBe('STANDARD_IA');
    await put(h, 'cold', 'x', { StorageClass: 'GLACIER' });
    await expectError(h.call('GetObject', { Bucket: 'bkt', Key: 'cold' }), 'InvalidObjectState', 403);
  });

  it('refuses a body over 5 GiB by its declared length', async () => {
    const h = await withBucket();
    await expectError(put(h, 'big', 'x', { ContentLength: 5 * 1024 ** 3 + 1 }), 'EntityTooLarge', 400);
  });

  it('NoSuchKey for a missing key, also on HEAD', async () => {
    const h = await withBucket();
    for (const op of ['GetObject', 'HeadObject', 'GetObjectTagging', 'GetObjectAcl'])
      await expectError(h.call(op, { Bucket: 'bkt', Key: 'moved.txt' }), 'NoSuchKey', 404, {
        message: 'The specified key does not exist.',
        fields: { Key: 'moved.txt' },
      });
  });

  it('applies Response* overrides', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x', { ContentType: 'text/plain' });
    const out = (
      await h.call('GetObject', {
        Bucket: 'bkt',
        Key: 'k',
        ResponseContentType: 'application/json',
        ResponseCacheControl: 'no-cache',
        ResponseContentDisposition: 'attachment',
        ResponseContentEncoding: 'gzip',
        ResponseContentLanguage: 'fr',
        ResponseExpires: new Date('2031-01-01T00:00:00Z'),
      })
    ).output;
    expect(out).toMatchObject({
      ContentType: 'application/json',
      CacheControl: 'no-cache',
      ContentDisposition: 'attachment',
      ContentEncoding: 'gzip',
      ContentLanguage: 'fr',
      Expires: new Date('2031-01-01T00:00:00Z'),
    });
  });

  it('conditional puts: If-None-Match * and If-Match', async () => {
    const h = await withBucket();
    const first = await put(h, 'k', 'one', { IfNoneMatch: '*' });
    await expectError(put(h, 'k', 'two', { IfNoneMatch: '*' }), 'PreconditionFailed', 412);
    await expectError(put(h, 'k', 'two', { IfMatch: '"0000"' }), 'PreconditionFailed', 412);
    await put(h, 'k', 'two', { IfMatch: first.ETag });
    await expectError(put(h, 'new', 'x', { IfMatch: first.ETag }), 'NoSuchKey', 404);
    expect(await text((await h.call('GetObject', { Bucket: 'bkt', Key: 'k' })).output.Body)).toBe('two');
    // A refused put leaves no body behind: one blob per stored object.
    expect((await h.call('GetObject', { Bucket: 'bkt', Key: 'k' })).output.ContentLength).toBe(3);
  });
});

describe('ranges', () => {
  it.each([
    ['bytes=0-9', 0, 10],
    ['bytes=5-', 5, 26],
    ['bytes=-3', 23, 26],
    ['bytes=20-100', 20, 26],
    ['bytes=-100', 0, 26],
  ])('%s', (header, start, end) => {
    expect(parseRange(header, 26)).toEqual({ start, end });
  });

  it.each(['items=0-1', 'bytes=0-1,3-4', 'bytes=5-2', 'bytes=-'])('ignores %s', (header) => {
    expect(parseRange(header, 26)).toBeUndefined();
  });

  it.each(['bytes=26-', 'bytes=30-40', 'bytes=-0'])('%s is unsatisfiable', (header) => {
    expect(() => parseRange(header, 26)).toThrow('The requested range is not satisfiable');
  });

  it('serves a range as 206 with Content-Range, and refuses one past the end with 416', async () => {
    const h = await withBucket();
    await put(h, 'abc', 'abcdefghijklmnopqrstuvwxyz');
    const { output, reply } = await h.call('GetObject', { Bucket: 'bkt', Key: 'abc', Range: 'bytes=0-9' });
    expect(reply.statusCode).toBe(206);
    expect(output).toMatchObject({ ContentLength: 10, ContentRange: 'bytes 0-9/26' });
    expect(await text(output.Body)).toBe('abcdefghij');
    await expectError(h.call('GetObject', { Bucket: 'bkt', Key: 'abc', Range: 'bytes=26-' }), 'InvalidRange', 416, {
      fields: { RangeRequested: 'bytes=26-', ActualObjectSize: '26' },
    });
  });

  it('PartNumber 1 of a single-part object is all of it; 2 is InvalidPartNumber; with a Range it is refused', async () => {
    const h = await withBucket();
    await put(h, 'k', 'hello');
    const { output, reply } = await h.call('GetObject', { Bucket: 'bkt', Key: 'k', PartNumber: 1 });
    expect(reply.statusCode).toBe(206);
    expect(output).toMatchObject({ ContentLength: 5, ContentRange: 'bytes 0-4/5' });
    await expectError(h.call('GetObject', { Bucket: 'bkt', Key: 'k', PartNumber: 2 }), 'InvalidPartNumber', 416);
    await expectError(
      h.call('GetObject', { Bucket: 'bkt', Key: 'k', PartNumber: 1, Range: 'bytes=0-1' }),
      'InvalidRequest',
      400,
    );
  });
});

describe('conditional reads', () => {
  const before = new Date('2026-11-30T00:00:00Z');
  const after = new Date('2026-12-02T00:00:00Z');
  it.each([
    [{ IfMatch: 'ETAG' }, undefined],
    [{ IfMatch: '"nope"' }, ['PreconditionFailed', 412]],
    [{ IfMatch: '*' }, undefined],
    [{ IfNoneMatch: 'ETAG' }, ['NotModified', 304]],
    [{ IfNoneMatch: '"nope"' }, undefined],
    [{ IfModifiedSince: after }, ['NotModified', 304]],
    [{ IfModifiedSince: before }, undefined],
    [{ IfUnmodifiedSince: before }, ['PreconditionFailed', 412]],
    [{ IfUnmodifiedSince: after }, undefined],
    // If-Match wins over If-Unmodified-Since, If-None-Match over If-Modified-Since.
    [{ IfMatch: 'ETAG', IfUnmodifiedSince: before }, undefined],
    [{ IfNoneMatch: '"nope"', IfModifiedSince: after }, undefined],
  ] as [Record<string, unknown>, [string, number] | undefined][])('%o', async (conditions, error) => {
    const h = await withBucket();
    const { ETag } = await put(h, 'k', 'x');
    const input = { Bucket: 'bkt', Key: 'k', ...conditions };
    for (const [k, v] of Object.entries(input)) if (v === 'ETAG') (input as Record<string, unknown>)[k] = ETag;
    for (const op of ['GetObject', 'HeadObject']) {
      if (error) await expectError(h.call(op, input), error[0], error[1]);
      else await h.call(op, input);
    }
  });
});

describe('CopyObject', () => {
  it.each([
    ['bkt/src%20key.txt', { bucket: 'bkt', key: 'src key.txt' }],
    ['/bkt/a/b/c', { bucket: 'bkt', key: 'a/b/c' }],
    ['bkt/k?versionId=abc', { bucket: 'bkt', key: 'k', versionId: 'abc' }],
  ])('parses %s', (source, expected) => {
    expect(parseCopySource(source)).toMatchObject(expected);
  });

  it('refuses a copy source without a key', () => {
    expect(() => parseCopySource('bkt')).toThrow();
  });

  it('copies body and metadata (COPY) or takes new ones (REPLACE)', async () => {
    const h = await withBucket();
    const src = await put(h, 'docs/hello.txt', 'hello', {
      ContentType: 'text/plain',
      Metadata: { a: '1' },
      Tagging: 't=1',
    });
    const out = (await h.call('CopyObject', { Bucket: 'bkt', Key: 'docs/again.txt', CopySource: 'bkt/docs/hello.txt' }))
      .output;
    expect(out.CopyObjectResult).toEqual({ ETag: src.ETag, LastModified: h.clock.now });
    const copy = (await h.call('GetObject', { Bucket: 'bkt', Key: 'docs/again.txt' })).output;
    expect(await text(copy.Body)).toBe('hello');
    expect(copy).toMatchObject({ ContentType: 'text/plain', Metadata: { a: '1' }, TagCount: 1 });

    await h.call('CopyObject', {
      Bucket: 'bkt',
      Key: 'docs/replaced.txt',
      CopySource: 'bkt/docs/hello.txt',
      MetadataDirective: 'REPLACE',
      Metadata: { b: '2' },
      TaggingDirective: 'REPLACE',
    });
    const replaced = (await h.call('HeadObject', { Bucket: 'bkt', Key: 'docs/replaced.txt' })).output;
    expect(replaced).toMatchObject({ ContentType: 'binary/octet-stream', Metadata: { b: '2' } });
    expect(replaced.TagCount).toBeUndefined();
  });

  it('refuses copying an object onto itself unchanged, but allows it with REPLACE', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x');
    await expectError(h.call('CopyObject', { Bucket: 'bkt', Key: 'k', CopySource: 'bkt/k' }), 'InvalidRequest', 400, {
      message:
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
    await h.call('CopyObject', {
      Bucket: 'bkt',
      Key: 'k',
      CopySource: 'bkt/k',
      MetadataDirective: 'REPLACE',
      Metadata: { n: '1' },
    });
    expect((await h.call('HeadObject', { Bucket: 'bkt', Key: 'k' })).output.Metadata).toEqual({ n: '1' });
  });

  it('reports a missing source key or bucket, and checks copy-source conditions', async () => {
    const h = await withBucket();
    await expectError(h.call('CopyObject', { Bucket: 'bkt', Key: 'k', CopySource: 'bkt/none' }), 'NoSuchKey', 404);
    await expectError(
      h.call('CopyObject', { Bucket: 'bkt', Key: 'k', CopySource: 'other/none' }),
      'NoSuchBucket',
      404,
      {
        fields: { BucketName: 'other' },
      },
    );
    await put(h, 'src', 'x');
    await expectError(
      h.call('CopyObject', { Bucket: 'bkt', Key: 'k', CopySource: 'bkt/src', CopySourceIfMatch: '"other"' }),
      'PreconditionFailed',
      412,
    );
    await expectError(
      h.call('CopyObject', {
        Bucket: 'bkt',
        Key: 'k',
        CopySource: 'bkt/src',
        CopySourceIfModifiedSince: new Date('2030-01-01'),
      }),
      'PreconditionFailed',
      412,
    );
  });
});

describe('DeleteObject and DeleteObjects', () => {
  it('deletes, and deleting what is not there succeeds', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x');
    expect((await h.call('DeleteObject', { Bucket: 'bkt', Key: 'k' })).output).toEqual({});
    await h.call('DeleteObject', { Bucket: 'bkt', Key: 'k' });
    await expectError(h.call('GetObject', { Bucket: 'bkt', Key: 'k' }), 'NoSuchKey', 404);
    expect((await h.store.keys('s3/objects/')).length).toBe(0);
  });

  it('deletes many, reporting each (or, Quiet, only errors)', async () => {
    const h = await withBucket();
    for (const k of ['a', 'b', 'c']) await put(h, k, k);
    const out = (
      await h.call('DeleteObjects', { Bucket: 'bkt', Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }, { Key: 'zz' }] } })
    ).output;
    expect(out.Deleted).toEqual([{ Key: 'a' }, { Key: 'b' }, { Key: 'zz' }]);
    const quiet = (
      await h.call('DeleteObjects', {
        Bucket: 'bkt',
        Delete: { Objects: [{ Key: 'c' }, { Key: 'd', VersionId: 'bad' }], Quiet: true },
      })
    ).output;
    expect(quiet.Deleted).toBeUndefined();
    expect(quiet.Errors).toEqual([
      { Key: 'd', VersionId: 'bad', Code: 'InvalidArgument', Message: 'Invalid version id specified' },
    ]);
    await expectError(h.call('DeleteObjects', { Bucket: 'bkt', Delete: { Objects: [] } }), 'MalformedXML', 400);
  });
});

describe('versioning', () => {
  it('keeps versions, adds delete markers and reads by version id', async () => {
    const h = await withBucket();
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    const v1 = await put(h, 'k', 'one');
    const v2 = await put(h, 'k', 'two');
    expect(v1.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(v2.VersionId).not.toBe(v1.VersionId);
    expect(
      await text((await h.call('GetObject', { Bucket: 'bkt', Key: 'k', VersionId: v1.VersionId })).output.Body),
    ).toBe('one');
    const del = (await h.call('DeleteObject', { Bucket: 'bkt', Key: 'k' })).output;
    expect(del).toMatchObject({ DeleteMarker: true, VersionId: expect.any(String) });
    const missing = h.call('GetObject', { Bucket: 'bkt', Key: 'k' });
    await expectError(missing, 'NoSuchKey', 404);
    await expectError(
      h.call('GetObject', { Bucket: 'bkt', Key: 'k', VersionId: del.VersionId }),
      'MethodNotAllowed',
      405,
    );
    await expectError(
      h.call('GetObject', { Bucket: 'bkt', Key: 'k', VersionId: 'x'.repeat(32) }),
      'NoSuchVersion',
      404,
    );
    await expectError(h.call('GetObject', { Bucket: 'bkt', Key: 'k', VersionId: 'short' }), 'InvalidArgument', 400);
    // Removing the marker brings the object back.
    expect((await h.call('DeleteObject', { Bucket: 'bkt', Key: 'k', VersionId: del.VersionId })).output).toMatchObject({
      DeleteMarker: true,
    });
    expect(await text((await h.call('GetObject', { Bucket: 'bkt', Key: 'k' })).output.Body)).toBe('two');
  });

  it('suspended versioning replaces the null version', async () => {
    const h = await withBucket();
    await put(h, 'k', 'plain');
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    await put(h, 'k', 'versioned');
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Suspended' } });
    expect((await put(h, 'k', 'suspended')).VersionId).toBe('null');
    const versions = (await h.call('ListObjectVersions', { Bucket: 'bkt' })).output.Versions as { VersionId: string }[];
    expect(versions.map((v) => v.VersionId)).toEqual(['null', expect.stringMatching(/^.{32}$/)]);
  });
});

describe('object tagging, ACL and attributes', () => {
  it('puts, gets and deletes tags; more than 10 is BadRequest', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x');
    await h.call('PutObjectTagging', { Bucket: 'bkt', Key: 'k', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } });
    expect((await h.call('GetObjectTagging', { Bucket: 'bkt', Key: 'k' })).output.TagSet).toEqual([
      { Key: 'a', Value: 'b' },
    ]);
    await h.call('DeleteObjectTagging', { Bucket: 'bkt', Key: 'k' });
    expect((await h.call('GetObjectTagging', { Bucket: 'bkt', Key: 'k' })).output.TagSet).toEqual([]);
    const many = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expectError(
      h.call('PutObjectTagging', { Bucket: 'bkt', Key: 'k', Tagging: { TagSet: many } }),
      'BadRequest',
      400,
      {
        message: 'Object tags cannot be greater than 10',
      },
    );
  });

  it('GetObjectAcl gives the owner FULL_CONTROL; PutObjectAcl changes it', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x');
    const acl = (await h.call('GetObjectAcl', { Bucket: 'bkt', Key: 'k' })).output;
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ...(acl.Owner as object) }, Permission: 'FULL_CONTROL' },
    ]);
    await h.call('PutObjectAcl', { Bucket: 'bkt', Key: 'k', ACL: 'authenticated-read' });
    expect(((await h.call('GetObjectAcl', { Bucket: 'bkt', Key: 'k' })).output.Grants as unknown[]).length).toBe(2);
  });

  it('GetObjectAttributes reports what is asked', async () => {
    const h = await withBucket();
    await put(h, 'k', 'hello', { ChecksumAlgorithm: 'CRC32' });
    const out = (
      await h.call('GetObjectAttributes', {
        Bucket: 'bkt',
        Key: 'k',
        ObjectAttributes: ['ETag', 'ObjectSize', 'StorageClass', 'Checksum'],
      })
    ).output;
    expect(out).toMatchObject({
      ETag: await hexMd5('hello'),
      ObjectSize: 5,
      StorageClass: 'STANDARD',
      Checksum: { ChecksumCRC32: 'NhCmhg==', ChecksumType: 'FULL_OBJECT' },
    });
  });
});

describe('streaming', () => {
  it('reads a body in many chunks', async () => {
    const h = await withBucket();
    async function* chunks() {
      for (let i = 0; i < 100; i++) yield new Uint8Array(1000).fill(i);
    }
    const out = (await h.call('PutObject', { Bucket: 'bkt', Key: 'k', Body: chunks() })).output;
    const all = new Uint8Array(100_000);
    for (let i = 0; i < 100; i++) all.fill(i, i * 1000, (i + 1) * 1000);
    expect(out.ETag).toBe(`"${await hexMd5(all)}"`);
    const got = (await h.call('GetObject', { Bucket: 'bkt', Key: 'k', Range: 'bytes=999-1000' })).output;
    expect([...(await (await import('./support.js')).readBody(got.Body))]).toEqual([0, 1]);
  });

  it('takes a body given as bytes', async () => {
    const h = await withBucket();
    await h.call('PutObject', { Bucket: 'bkt', Key: 'k', Body: new TextEncoder().encode('raw') });
    expect(await text((await h.call('GetObject', { Bucket: 'bkt', Key: 'k' })).output.Body)).toBe('raw');
    await h.call('PutObject', { Bucket: 'bkt', Key: 'empty', Body: bodyOf('') });
    expect((await h.call('HeadObject', { Bucket: 'bkt', Key: 'empty' })).output.ContentLength).toBe(0);
  });
});
