import { describe, expect, it } from 'vitest';
import { crc32 } from './checksums/crc.js';
import { readZip } from '../../test/support/zip-reader.js';
import { isZipArchive, zipArchive } from './zip.js';

/**
 * What the AWS CLI's make_zip (Python 3.11 zipfile, ZIP_DEFLATED) wrote for a folder holding
 * `index.py` ("print(42)\n", mode 0644, modified 2020-01-02 03:04:06) and `lib/é.txt` (empty, mode
 * 0755, modified 2021-06-30 23:59:59), times local. Content with no repeated run deflates to the same
 * bytes in every zlib (there is no match to find), so the archive must match byte for byte.
 */
const PYTHON_ZIP =
  'UEsDBBQAAAAIAIMYIlB6iYxCDAAAAAoAAAAIAAAAaW5kZXgucHkrKMrMK9EwMdLkAgBQSwMEFAAACAgAfb/eUgAAAAACAAAAAAAAAAoAAABsaWIvw6kudHh0AwBQSwECFAMUAAAACACDGCJQeomMQgwAAAAKAAAACAAAAAAAAAAAAAAApIEAAAAAaW5kZXgucHlQSwECFAMUAAAICAB9v95SAAAAAAIAAAAAAAAACgAAAAAAAAAAAAAA7YEyAAAAbGliL8OpLnR4dFBLBQYAAAAAAgACAG4AAABcAAAAAAA=';

const text = (s: string) => new TextEncoder().encode(s);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('zipArchive', () => {
  it('writes what Python’s zipfile writes: headers, times, modes, a UTF-8 name', async () => {
    const zip = await zipArchive([
      {
        name: 'index.py',
        data: text('print(42)\n'),
        modified: new Date(2020, 0, 2, 3, 4, 6),
        mode: 0o100644,
      },
      // Permission bits alone (a file system without st_mode's type bits) are a regular file's.
      { name: 'lib/é.txt', data: new Uint8Array(), modified: new Date(2021, 5, 30, 23, 59, 59), mode: 0o755 },
    ]);
    expect(base64(zip)).toBe(PYTHON_ZIP);
  });

  it('holds each file whole: what the central directory names inflates to the file, CRC and sizes agree', async () => {
    const big = text('Lorem ipsum dolor sit amet, '.repeat(5000) + 'end\n');
    const zip = await zipArchive([
      { name: 'a.txt', data: big, modified: new Date(2024, 1, 29, 12, 0, 0), mode: 0o100600 },
      {
        name: 'dir/b.bin',
        data: new Uint8Array([0, 1, 2, 255]),
        modified: new Date(2024, 1, 29, 12, 0, 1),
        mode: 0o100644,
      },
    ]);
    const files = await readZip(zip);
    expect(files.map((f) => f.name)).toEqual(['a.txt', 'dir/b.bin']);
    expect(files[0]!.data).toEqual(big);
    expect(files[1]!.data).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(files[0]!.crc).toBe(crc32(big));
    // 12:00:01 is stored as 12:00:00: DOS times count two-second steps.
    expect(files[1]!.time).toBe(12 << 11);
    expect(files[0]!.externalAttributes >>> 16).toBe(0o100600);
  });

  it('refuses a time before 1980, in zipfile’s words', async () => {
    await expect(
      zipArchive([{ name: 'old', data: text('x'), modified: new Date(1979, 11, 31), mode: 0o644 }]),
    ).rejects.toThrow('ZIP does not support timestamps before 1980');
  });
});

describe('isZipArchive', () => {
  it.each([
    ['a zip', Buffer.from(PYTHON_ZIP, 'base64'), true],
    ['an empty zip (its end record only)', new Uint8Array([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]), true],
    ['text', text('print(42)\n'), false],
    ['nothing', new Uint8Array(), false],
  ])('%s: %s', (_, bytes, expected) => {
    expect(isZipArchive(bytes)).toBe(expected);
  });
});
