/**
 * Reading zip archives (zip.ts writes them): the central directory's entries with the sizes they declare,
 * so a caller can refuse an archive before inflating anything, and each entry's bytes, inflated with the
 * runtime's `DecompressionStream('deflate-raw')` and checked as Python's zipfile checks them on read: the
 * size the directory declares and the CRC-32. Inflating stops as soon as an entry grows past its declared
 * size, so an archive that lies about its sizes cannot fill memory. Stored (0) and deflated (8) entries
 * only, no zip64 and no encryption: what zipfile and every common zip tool write for small archives.
 */
import { crc32 } from './checksums/crc.js';
import { IsoawsError } from './errors.js';
import { concatBytes } from './streaming-body.js';

/** An entry of the central directory. */
export interface ZipDirectoryEntry {
  /** The name inside the archive, as stored (`/`-separated; a directory's ends with `/`). */
  name: string;
  /** The uncompressed size the directory declares (zipfile's `file_size`). */
  size: number;
  compressedSize: number;
  method: number;
  crc: number;
  /** Where its local header starts. */
  offset: number;
}

/** An archive that cannot be read, in zipfile's words where it has them (`File is not a zip file`). */
export class BadZipError extends IsoawsError {
  override name = 'BadZipError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of the archive's central directory, in its order. */
export function zipDirectory(zip: Uint8Array): ZipDirectoryEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = endRecord(view);
  const count = view.getUint16(end + 10, true);
  const at0 = view.getUint32(end + 16, true);
  if (count === 0xffff || at0 === 0xffffffff) throw new BadZipError('zip64 archives are not supported');
  const entries: ZipDirectoryEntry[] = [];
  let at = at0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL)
      throw new BadZipError('Bad magic number for central directory');
    const flags = view.getUint16(at + 8, true);
    if (flags & 1) throw new BadZipError('encrypted zip entries are not supported');
    const nameLength = view.getUint16(at + 28, true);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    entries.push({
      // Bit 11: UTF-8; otherwise code page 437, whose ASCII half is all a sane name uses.
      name: new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** The entry's bytes, checked against the size and CRC-32 its directory entry declares. */
export async function readZipEntry(zip: Uint8Array, entry: ZipDirectoryEntry): Promise<Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.offset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL)
    throw new BadZipError('Bad magic number for file header');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stored = zip.subarray(start, start + entry.compressedSize);
  if (stored.length !== entry.compressedSize) throw new BadZipError(`Truncated file header for ${entry.name}`);
  let data: Uint8Array;
  if (entry.method === 0) data = stored;
  else if (entry.method === 8) data = await inflateAtMost(stored, entry);
  else throw new BadZipError(`That compression method is not supported (${entry.method})`);
  if (data.length !== entry.size) throw new BadZipError(`Bad size for file ${entry.name}`);
  if (crc32(data) !== entry.crc) throw new BadZipError(`Bad CRC-32 for file ${entry.name}`);
  return data;
}

/** The end-of-central-directory record's offset: in the last 64 KiB and 22 bytes, where a comment can push it. */
function endRecord(view: DataView): number {
  const earliest = Math.max(0, view.byteLength - (22 + 0xffff));
  for (let i = view.byteLength - 22; i >= earliest; i--) if (view.getUint32(i, true) === EOCD) return i;
  throw new BadZipError('File is not a zip file');
}

async function inflateAtMost(stored: Uint8Array, entry: ZipDirectoryEntry): Promise<Uint8Array> {
  const stream = new Blob([stored as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > entry.size) throw new BadZipError(`Bad size for file ${entry.name}`);
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof BadZipError) throw err;
    throw new BadZipError(`Bad compressed data for file ${entry.name}`, { cause: err });
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return concatBytes(chunks);
}
