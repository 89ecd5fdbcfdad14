/** Lower-case hex of bytes, as hash digests are written in headers, cache file names and signatures. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
