import { describe, expect, it } from 'vitest';
import { urlEncode } from '../../src/sandbox/services/s3/listing.js';
import { expectError, put, withBucket } from './s3-helpers.js';

const KEYS = ['a.txt', 'docs/again.txt', 'docs/hello.txt', 'docs/sub/deep.txt', 'moved.txt', 'z/1', 'z/2'];

async function filled() {
  const h = await withBucket();
  for (const k of KEYS) await put(h, k, k);
  return h;
}

const keysOf = (out: Record<string, unknown>) =>
  ((out.Contents as { Key: string }[] | undefined) ?? []).map((c) => c.Key);
const prefixesOf = (out: Record<string, unknown>) =>
  ((out.CommonPrefixes as { Prefix: string }[] | undefined) ?? []).map((c) => c.Prefix);

describe('ListObjectsV2', () => {
  it('lists every key in order with size and storage class', async () => {
    const h = await filled();
    const out = (await h.call('ListObjectsV2', { Bucket: 'bkt' })).output;
    expect(keysOf(out)).toEqual(KEYS);
    expect(out).toMatchObject({ KeyCount: 7, IsTruncated: false, MaxKeys: 1000, Name: 'bkt', Prefix: '' });
    expect((out.Contents as Record<string, unknown>[])[0]).toEqual({
      Key: 'a.txt',
      LastModified: h.clock.now,
      ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      Size: 5,
      StorageClass: 'STANDARD',
      Owner: undefined,
    });
  });

  it.each([
    [{ Prefix: 'docs/' }, ['docs/again.txt', 'docs/hello.txt', 'docs/sub/deep.txt'], []],
    [{ Delimiter: '/' }, ['a.txt', 'moved.txt'], ['docs/', 'z/']],
    [{ Prefix: 'docs/', Delimiter: '/' }, ['docs/again.txt', 'docs/hello.txt'], ['docs/sub/']],
    [{ StartAfter: 'docs/hello.txt' }, ['docs/sub/deep.txt', 'moved.txt', 'z/1', 'z/2'], []],
    [{ Prefix: 'nothing' }, [], []],
  ])('%o', async (input, keys, prefixes) => {
    const h = await filled();
    const out = (await h.call('ListObjectsV2', { Bucket: 'bkt', ...input })).output;
    expect(keysOf(out)).toEqual(keys);
    expect(prefixesOf(out)).toEqual(prefixes);
    expect(out.KeyCount).toBe(keys.length + prefixes.length);
  });

  it('pages with an opaque continuation token, prefixes counting as entries', async () => {
    const h = await filled();
    const seen: string[] = [];
    let token: unknown;
    let pages = 0;
    do {
      const out = (
        await h.call('ListObjectsV2', {
          Bucket: 'bkt',
          Delimiter: '/',
          MaxKeys: 1,
          ...(token ? { ContinuationToken: token } : {}),
        })
      ).output;
      seen.push(...keysOf(out), ...prefixesOf(out));
      expect(out.KeyCount).toBe(1);
      token = out.NextContinuationToken;
      expect(out.IsTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(seen).toEqual(['a.txt', 'docs/', 'moved.txt', 'z/']);
    expect(pages).toBe(4);
  });

  it('truncates at MaxKeys', async () => {
    const h = await filled();
    const out = (await h.call('ListObjectsV2', { Bucket: 'bkt', MaxKeys: 5 })).output;
    expect([out.KeyCount, out.IsTruncated]).toEqual([5, true]);
  });

  it('FetchOwner adds the owner; a bad token is InvalidArgument', async () => {
    const h = await filled();
    const out = (await h.call('ListObjectsV2', { Bucket: 'bkt', FetchOwner: true, MaxKeys: 1 })).output;
    expect((out.Contents as { Owner: unknown }[])[0]!.Owner).toMatchObject({ ID: expect.any(String) });
    await expectError(h.call('ListObjectsV2', { Bucket: 'bkt', ContinuationToken: 'garbage' }), 'InvalidArgument', 400);
  });

  it('leaves out keys whose latest version is a delete marker', async () => {
    const h = await filled();
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    await h.call('DeleteObject', { Bucket: 'bkt', Key: 'z/1' });
    await h.call('DeleteObject', { Bucket: 'bkt', Key: 'z/2' });
    const out = (await h.call('ListObjectsV2', { Bucket: 'bkt', Delimiter: '/' })).output;
    expect(prefixesOf(out)).toEqual(['docs/']);
  });

  it('reports the checksum algorithm of objects that have one', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x', { ChecksumAlgorithm: 'SHA256' });
    const out = (await h.call('ListObjectsV2', { Bucket: 'bkt' })).output;
    expect((out.Contents as Record<string, unknown>[])[0]).toMatchObject({
      ChecksumAlgorithm: ['SHA256'],
      ChecksumType: 'FULL_OBJECT',
    });
  });
});

describe('ListObjects', () => {
  it('gives NextMarker only with a delimiter', async () => {
    const h = await filled();
    const plain = (await h.call('ListObjects', { Bucket: 'bkt', MaxKeys: 2 })).output;
    expect(keysOf(plain)).toEqual(['a.txt', 'docs/again.txt']);
    expect(plain).toMatchObject({ IsTruncated: true, Marker: '' });
    expect(plain.NextMarker).toBeUndefined();
    expect((plain.Contents as { Owner: unknown }[])[0]!.Owner).toBeDefined();
    const next = (await h.call('ListObjects', { Bucket: 'bkt', MaxKeys: 2, Marker: 'docs/again.txt' })).output;
    expect(keysOf(next)).toEqual(['docs/hello.txt', 'docs/sub/deep.txt']);
    const delimited = (await h.call('ListObjects', { Bucket: 'bkt', MaxKeys: 2, Delimiter: '/' })).output;
    expect(delimited.NextMarker).toBe('docs/');
    const rest = (await h.call('ListObjects', { Bucket: 'bkt', Delimiter: '/', Marker: 'docs/' })).output;
    expect([...keysOf(rest), ...prefixesOf(rest)]).toEqual(['moved.txt', 'z/']);
  });

  it('URL-encodes keys and prefixes with EncodingType=url', async () => {
    const h = await withBucket();
    await put(h, 'dir one/a+b é.txt', 'x');
    const out = (await h.call('ListObjects', { Bucket: 'bkt', EncodingType: 'url', Prefix: 'dir one/' })).output;
    expect(keysOf(out)).toEqual(['dir+one/a%2Bb+%C3%A9.txt']);
    expect(out).toMatchObject({ Prefix: 'dir+one/', EncodingType: 'url' });
    await expectError(h.call('ListObjects', { Bucket: 'bkt', EncodingType: 'base64' }), 'InvalidArgument', 400);
  });

  it('urlEncode leaves slashes and unreserved characters', () => {
    expect(urlEncode('a/b c+d~e_f.g-h')).toBe('a/b+c%2Bd~e_f.g-h');
  });

  it('refuses a negative MaxKeys', async () => {
    const h = await filled();
    await expectError(h.call('ListObjects', { Bucket: 'bkt', MaxKeys: -1 }), 'InvalidArgument', 400);
  });
});

describe('ListObjectVersions', () => {
  it('lists versions newest first with IsLatest, delete markers apart, and pages by key and version markers', async () => {
    const h = await withBucket();
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    const a1 = await put(h, 'a', '1');
    const a2 = await put(h, 'a', '2');
    const b1 = await put(h, 'b', '1');
    const marker = (await h.call('DeleteObject', { Bucket: 'bkt', Key: 'b' })).output;
    const all = (await h.call('ListObjectVersions', { Bucket: 'bkt' })).output;
    expect((all.Versions as Record<string, unknown>[]).map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([
      ['a', a2.VersionId, true],
      ['a', a1.VersionId, false],
      ['b', b1.VersionId, false],
    ]);
    expect((all.DeleteMarkers as Record<string, unknown>[]).map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([
      ['b', marker.VersionId, true],
    ]);
    const page = (await h.call('ListObjectVersions', { Bucket: 'bkt', MaxKeys: 1 })).output;
    expect(page).toMatchObject({ IsTruncated: true, NextKeyMarker: 'a', NextVersionIdMarker: a2.VersionId });
    const rest = (
      await h.call('ListObjectVersions', { Bucket: 'bkt', KeyMarker: 'a', VersionIdMarker: a2.VersionId, MaxKeys: 2 })
    ).output;
    expect((rest.Versions as { VersionId: string }[]).map((v) => v.VersionId)).toEqual([a1.VersionId]);
    expect((rest.DeleteMarkers as { VersionId: string }[]).map((v) => v.VersionId)).toEqual([marker.VersionId]);
    const afterKey = (await h.call('ListObjectVersions', { Bucket: 'bkt', KeyMarker: 'a' })).output;
    expect((afterKey.Versions as { Key: string }[]).map((v) => v.Key)).toEqual(['b']);
    await expectError(h.call('ListObjectVersions', { Bucket: 'bkt', VersionIdMarker: 'x' }), 'InvalidArgument', 400);
  });

  it('unversioned objects have the version id null', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x');
    const out = (await h.call('ListObjectVersions', { Bucket: 'bkt' })).output;
    expect(out.Versions).toMatchObject([{ Key: 'k', VersionId: 'null', IsLatest: true }]);
  });
});
