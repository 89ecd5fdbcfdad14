/** The s3 commands' pure pieces, each table checked against the AWS CLI's own functions (awscli 2.9, Python fnmatch). */
import { describe, expect, it } from 'vitest';
import { parseSize, partSizeFor, MiB } from '../../core/transfer/settings.js';
import { filtersFrom, fnmatchRegex, pathFilter } from './filters.js';
import { humanReadableSize } from './ls.js';
import { displayLocal, parseS3Uri, resolveLocal } from './paths.js';

describe('human_readable_size', () => {
  it.each([[0, '0 Bytes'], [1, '1 Byte'], [2, '2 Bytes'], [1023, '1023 Bytes'], [1024, '1.0 KiB'], [1280, '1.2 KiB'], [1536, '1.5 KiB'],
    [1048575, '1.0 MiB'], [1048576, '1.0 MiB'], [1572864, '1.5 MiB'], [1e9, '953.7 MiB'], [1099511627776, '1.0 TiB'], [5629499534213120, '5.0 PiB'],
    [3458764513820540928, '3.0 EiB']])('%d → %s', (value, text) => {
    expect(humanReadableSize(value)).toBe(text);
  });
});

describe('human_readable_to_int and part sizes', () => {
  it.each([['10', 10], ['8MB', 8388608], ['8mb', 8388608], ['16MiB', 16777216], ['1GB', 1073741824], ['1gib', 1073741824], ['5 kb', 5120]])('%s → %d', (text, value) => {
    expect(parseSize(text)).toBe(value);
  });

  it('refuses what the CLI refuses', () => {
    expect(parseSize('1.5GB')).toBeUndefined();
    expect(parseSize('eight')).toBeUndefined();
  });

  it('keeps parts within 10,000 and S3\'s 5 MiB floor', () => {
    expect(partSizeFor(100 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(undefined, 1 * MiB)).toBe(5 * MiB);
    expect(partSizeFor(200_000 * MiB, 8 * MiB)).toBe(32 * MiB);
  });
});

describe('filters', () => {
  it.each([['*.txt', 'a/b.txt', true], ['a/*', 'a/b/c', true], ['a/?.txt', 'a/b.txt', true], ['[ab]*', 'c', false], ['[!ab]*', 'c', true],
    ['[]]x', ']x', true], ['[!]]x', 'ax', true], ['x[', 'x[', true], ['*.[ch]', 'm.c', true]])('fnmatch(%s) on %s is %s', (pattern, path, matches) => {
    expect(fnmatchRegex(pattern).test(path)).toBe(matches);
  });

  it('the last matching filter decides, patterns rooted at the source', () => {
    const keep = pathFilter(filtersFrom(['--exclude', '*', '--include', '*.txt', '--exclude=tmp/*']), '/src');
    expect(['/src/a.txt', '/src/a.bin', '/src/tmp/b.txt', '/src/sub/c.txt'].filter(keep)).toEqual(['/src/a.txt', '/src/sub/c.txt']);
  });
});

describe('paths', () => {
  it('splits s3 URIs and shows local paths as the CLI does', () => {
    expect(parseS3Uri('s3://bucket')).toEqual({ bucket: 'bucket', key: '' });
    expect(parseS3Uri('s3://bucket/a/b/')).toEqual({ bucket: 'bucket', key: 'a/b/' });
    expect(resolveLocal('/work', '../x/./y')).toBe('/x/y');
    expect(displayLocal('/work', '/work/notes.txt')).toBe('./notes.txt');
    expect(displayLocal('/work', '/work/tree/a.txt')).toBe('tree/a.txt');
    expect(displayLocal('/work/sub', '/work/other/a.txt')).toBe('../other/a.txt');
  });
});
