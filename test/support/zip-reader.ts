/**
 * A small zip reader for tests, independent of src/core/zip.ts: the central directory's entries, each
 * inflated from where its local header says, with the fields a test checks.
 */
export interface ZipFile {
  name: string;
  data: Uint8Array;
  crc: number;
  /** DOS time and date, as stored. */
  time: number;
  date: number;
  externalAttributes: number;
}

export async function readZip(zip: Uint8Array): Promise<ZipFile[]> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  if (view.getUint32(end, true) !== 0x06054b50) throw new Error('no end-of-central-directory record');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: ZipFile[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`no central directory entry at ${at}`);
    const nameLength = view.getUint16(at + 28, true);
    const compressedSize = view.getUint32(at + 20, true);
    const offset = view.getUint32(at + 42, true);
    const local = offset + 30 + view.getUint16(offset + 26, true);
    const inflated = new Blob([zip.subarray(local, local + compressedSize) as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('deflate-raw'));
    const data = new Uint8Array(await new Response(inflated).arrayBuffer());
    if (data.length !== view.getUint32(at + 24, true)) throw new Error('size differs from the directory’s');
    out.push({
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
      data,
      crc: view.getUint32(at + 16, true),
      time: view.getUint16(at + 12, true),
      date: view.getUint16(at + 14, true),
      externalAttributes: view.getUint32(at + 38, true),
    });
    at += 46 + nameLength;
  }
  return out;
}
