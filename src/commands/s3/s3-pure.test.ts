/** The s3 commands' pure pieces, each table checked against the AWS CLI's own functions (awscli 2.9, Python fnmatch). */
import { describe, expect, it } from 'vitest';
import { bandwidthPacer, parseSize, partSizeFor, readTransferSettings, MiB } from '../../core/transfer/settings.js';
import { filtersFrom, fnmatcher, pathFilter } from './filters.js';
import { humanReadableSize } from './ls.js';
import { displayLocal, parseS3Uri } from './paths.js';
import { resolveLocal } from '../../core/local-paths.js';

describe('human_readable_size', () => {
  it.each([
    [0, '0 Bytes'],
    [1, '1 Byte'],
    [2, '2 Bytes'],
    [1023, '1023 Bytes'],
    [1024, '1.0 KiB'],
    [1280, '1.2 KiB'],
    [1536, '1.5 KiB'],
    [1048575, '1.0 MiB'],
    [1048576, '1.0 MiB'],
    [1572864, '1.5 MiB'],
    [1e9, '953.7 MiB'],
    [1099511627776, '1.0 TiB'],
    [5629499534213120, '5.0 PiB'],
    [3458764513820540928, '3.0 EiB'],
  ])('%d → %s', (value, text) => {
    expect(humanReadableSize(value)).toBe(text);
  });
});

describe('human_readable_to_int and part sizes', () => {
  it.each([
    ['10', 10],
    ['8MB', 8388608],
    ['8mb', 8388608],
    ['16MiB', 16777216],
    ['1GB', 1073741824],
    ['1gib', 1073741824],
    ['5 kb', 5120],
  ])('%s → %d', (text, value) => {
    expect(parseSize(text)).toBe(value);
  });

  it('refuses what the CLI refuses', () => {
    expect(parseSize('1.5GB')).toBeUndefined();
    expect(parseSize('eight')).toBeUndefined();
  });

  it("keeps parts within 10,000 and S3's 5 MiB floor", () => {
    expect(partSizeFor(100 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(undefined, 1 * MiB)).toBe(5 * MiB);
    expect(partSizeFor(200_000 * MiB, 8 * MiB)).toBe(32 * MiB);
  });
});

describe('the s3 transfer settings, checked as the CLI checks them', () => {
  it('reads sizes, counts and rates in bytes or bits per second', () => {
    expect(readTransferSettings({})).toEqual({
      multipartThreshold: 8 * MiB,
      multipartChunksize: 8 * MiB,
      maxConcurrentRequests: 10,
    });
    expect(
      readTransferSettings({
        multipart_threshold: '64MB',
        multipart_chunksize: '16MiB',
        max_concurrent_requests: '20',
        max_queue_size: '1000',
        max_bandwidth: '50MB/s',
      }),
    ).toEqual({
      multipartThreshold: 64 * MiB,
      multipartChunksize: 16 * MiB,
      maxConcurrentRequests: 20,
      maxBandwidth: 50 * MiB,
    });
    expect(readTransferSettings({ max_bandwidth: '10Mb/s' }).maxBandwidth).toBe((10 * MiB) / 8);
    expect(readTransferSettings({ max_bandwidth: '800KB/s' }).maxBandwidth).toBe(800 * 1024);
  });

  it.each([
    [
      { max_bandwidth: '1048576' },
      'Invalid rate: 1048576. The value must be expressed as a rate in terms of bytes per second (e.g. 10MB/s or 800KB/s) or bits per second (e.g. 10Mb/s or 800Kb/s)',
    ],
    [
      { max_bandwidth: 'lots' },
      'Invalid rate: lots. The value must be expressed as a rate in terms of bytes per second (e.g. 10MB/s or 800KB/s) or bits per second (e.g. 10Mb/s or 800Kb/s)',
    ],
    [{ max_bandwidth: '100B/s' }, 'Invalid size value: 100b'],
    [{ max_queue_size: 'many' }, 'Value for max_queue_size must be a positive integer: many'],
    [{ max_queue_size: '0' }, 'Value for max_queue_size must be a positive integer: 0'],
    [{ max_concurrent_requests: '0' }, 'Value for max_concurrent_requests must be a positive integer: 0'],
    [{ multipart_chunksize: 'Big' }, 'Invalid size value: big'],
  ])('%j is refused: %s', (block, message) => {
    expect(() => readTransferSettings(block)).toThrow(message);
  });

  it('paces reservations at the rate, with no credit saved while idle', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const pace = bandwidthPacer(1000, {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    await pace(500);
    await pace(500);
    await pace(1000);
    expect({ sleeps, now }).toEqual({ sleeps: [500, 500], now: 1000 });
    now = 60_000;
    await pace(2000);
    await pace(1);
    expect(sleeps).toEqual([500, 500, 2000]);
  });
});

describe('filters', () => {
  it.each([
    ['*.txt', 'a/b.txt', true],
    ['a/*', 'a/b/c', true],
    ['a/?.txt', 'a/b.txt', true],
    ['[ab]*', 'c', false],
    ['[!ab]*', 'c', true],
    ['[]]x', ']x', true],
    ['[!]]x', 'ax', true],
    ['x[', 'x[', true],
    ['*.[ch]', 'm.c', true],
  ])('fnmatch(%s) on %s is %s', (pattern, path, matches) => {
    expect(fnmatcher(pattern)(path)).toBe(matches);
  });

  it('the last matching filter decides, patterns rooted at the source', () => {
    const keep = pathFilter(filtersFrom(['--exclude', '*', '--include', '*.txt', '--exclude=tmp/*']), '/src');
    expect(['/src/a.txt', '/src/a.bin', '/src/tmp/b.txt', '/src/sub/c.txt'].filter(keep)).toEqual([
      '/src/a.txt',
      '/src/sub/c.txt',
    ]);
  });
});

describe('paths', () => {
  it('splits s3 URIs and shows local paths as the CLI does', () => {
    expect(parseS3Uri('s3://bucket')).toEqual({ bucket: 'bucket', key: '' });
    expect(parseS3Uri('s3://bucket/a/b/')).toEqual({ bucket: 'bucket', key: 'a/b/' });
    // An access point ARN is the bucket, slashes and all (the CLI's find_bucket_key).
    const ap = 'arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap';
    expect(parseS3Uri(`s3://${ap}/logs/a.txt`)).toEqual({ bucket: ap, key: 'logs/a.txt' });
    expect(parseS3Uri(`s3://${ap}`)).toEqual({ bucket: ap, key: '' });
    const outpost = 'arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01ac5d28a6a232904/accesspoint/ap1';
    expect(parseS3Uri(`s3://${outpost}/k`)).toEqual({ bucket: outpost, key: 'k' });
    expect(() => parseS3Uri('s3://arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-1/bucket/b/k')).toThrow(
      's3 commands do not support Outpost Bucket ARNs. Use s3control commands instead.',
    );
    expect(resolveLocal('/work', '../x/./y')).toBe('/x/y');
    expect(displayLocal('/work', '/work/notes.txt')).toBe('./notes.txt');
    expect(displayLocal('/work', '/work/tree/a.txt')).toBe('tree/a.txt');
    expect(displayLocal('/work/sub', '/work/other/a.txt')).toBe('../other/a.txt');
  });
});
