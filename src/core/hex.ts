/** Each byte's two hex digits: a lookup, where formatting each byte anew costs a signature a fair share of its time. */
const DIGITS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes, as hash digests are written in headers, cache file names and signatures. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += DIGITS[bytes[i]!]!;
  return out;
}
