/**
 * Zip archives as Python's zipfile writes them with ZIP_DEFLATED (the AWS CLI's `cloudformation package`
 * zips a Lambda function's folder this way, artifact_exporter.make_zip): one local header per file, no
 * data descriptors, a central directory and its end record, no zip64, no comments. Header fields are
 * zipfile's: version 2.0, made on Unix (create_system 3), the file's mode in the external attributes,
 * its modification time in DOS form (local time, two-second steps, 1980 at the earliest), bit 11 set
 * for a name that is not ASCII.
 *
 * The deflate stream is the runtime's (`CompressionStream('deflate-raw')`, zlib's default level as
 * Python's), so an archive is byte-identical to Python's only when both zlibs make the same stream:
 * Node's and the browsers' are Chromium's fork of zlib, which finds other matches in all but the
 * smallest files. Same content, same times give the same archive here, run after run.
 *
 * `isZipArchive` is zipfile.is_zipfile's test, used where the CLI checks for a zip (Lambda's
 * `--zip-file`, a Lambda function's code file).
 */
import { crc32 } from './checksums/crc.js';
import { IsoawsError } from './errors.js';
import { concatBytes } from './streaming-body.js';

export interface ZipEntry {
  /** The name inside the archive, `/`-separated. */
  name: string;
  data: Uint8Array;
  modified: Date;
  /** The file's `st_mode` (type and permission bits); permission bits alone are taken as a regular file's. */
  mode: number;
}

/** The largest file or archive without zip64 records. */
const ZIP32_LIMIT = 0xffffffff;
const S_IFREG = 0o100000;

/** The archive of `entries`, in their order. */
export async function zipArchive(entries: readonly ZipEntry[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const compressed = await deflateRaw(entry.data);
    if (entry.data.length > ZIP32_LIMIT || compressed.length > ZIP32_LIMIT || offset > ZIP32_LIMIT)
      throw new IsoawsError(`${entry.name} is too large to zip (4 GiB at most)`);
    const [time, date] = dosDateTime(entry.modified);
    const fields: HeaderFields = {
      flags: [...entry.name].every((c) => c.charCodeAt(0) < 0x80) ? 0 : 0x800,
      time,
      date,
      crc: crc32(entry.data),
      compressedSize: compressed.length,
      size: entry.data.length,
      name,
    };
    const local = new Uint8Array(30 + name.length);
    const view = new DataView(local.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint8(4, 20); // version needed to extract
    writeCommonFields(view, 6, fields);
    local.set(name, 30);
    const mode = entry.mode & 0o170000 ? entry.mode : entry.mode | S_IFREG;
    central.push(centralRecord(fields, ((mode & 0xffff) << 16) >>> 0, offset));
    parts.push(local, compressed);
    offset += local.length + compressed.length;
  }
  const directory = concatBytes(central);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, entries.length, true);
  view.setUint16(10, entries.length, true);
  view.setUint32(12, directory.length, true);
  view.setUint32(16, offset, true);
  return concatBytes([...parts, directory, end]);
}

/**
 * A zip archive, as Python's zipfile opens one: its end-of-central-directory record (PK\x05\x06) within
 * the last 64 KiB plus the record's own 22 bytes, where a trailing comment can push it.
 */
export function isZipArchive(bytes: Uint8Array): boolean {
  const earliest = Math.max(0, bytes.length - (22 + 0xffff));
  for (let i = bytes.length - 22; i >= earliest; i--)
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  return false;
}

interface HeaderFields {
  flags: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  name: Uint8Array;
}

/** Flags, method (8, deflate), time, date, CRC, sizes, name length, extra length (0): shared by both headers. */
function writeCommonFields(view: DataView, at: number, f: HeaderFields): void {
  view.setUint16(at, f.flags, true);
  view.setUint16(at + 2, 8, true);
  view.setUint16(at + 4, f.time, true);
  view.setUint16(at + 6, f.date, true);
  view.setUint32(at + 8, f.crc, true);
  view.setUint32(at + 12, f.compressedSize, true);
  view.setUint32(at + 16, f.size, true);
  view.setUint16(at + 20, f.name.length, true);
  view.setUint16(at + 22, 0, true);
}

function centralRecord(f: HeaderFields, externalAttributes: number, offset: number): Uint8Array {
  const record = new Uint8Array(46 + f.name.length);
  const view = new DataView(record.buffer);
  view.setUint32(0, 0x02014b50, true);
  view.setUint8(4, 20); // made by version 2.0
  view.setUint8(5, 3); // on Unix
  view.setUint8(6, 20); // version needed to extract
  writeCommonFields(view, 8, f);
  // comment length, disk number and internal attributes stay 0
  view.setUint32(38, externalAttributes, true);
  view.setUint32(42, offset, true);
  record.set(f.name, 46);
  return record;
}

/** zipfile's DOS time and date of a local time; it refuses times before 1980, with these words. */
function dosDateTime(at: Date): [number, number] {
  const year = at.getFullYear();
  if (year < 1980) throw new IsoawsError('ZIP does not support timestamps before 1980');
  const time = (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2);
  const date = ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
  return [time, date];
}

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return concatBytes(chunks);
}
