/**
 * `Host.crc32` over zlib's CRC32 (Node ≥ 20.15): several GB/s, where the portable table loop manages
 * under one. zlib is fetched on the first checksum, so a command that sends none never loads it.
 */
import type * as Zlib from 'node:zlib';

let zlib: typeof Zlib | undefined;

export function nativeCrc32(data: Uint8Array, previous: number): number {
  zlib ??= process.getBuiltinModule('node:zlib') as typeof Zlib;
  return zlib.crc32(data, previous);
}
