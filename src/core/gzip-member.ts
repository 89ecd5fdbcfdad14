/**
 * The first member of a gzip file (RFC 1952) inflated (RFC 1951) as zlib's inflate reads it with
 * `windowBits` 31, which is what Python's `zlib.decompressobj(MAX_WBITS | 16)` and
 * `zlib.decompress(data, MAX_WBITS | 16)` give the AWS CLI: the member's bytes, whether the member was
 * read to its end (its CRC-32 and length checked), and the bytes after it (`unused_data`), never read.
 * Input that ends early is not an error here, as it is not for zlib's streaming reader: what could be
 * decoded is given and `complete` is false.
 *
 * Why not the runtime's `DecompressionStream('gzip')`: what follows the first member is the point for
 * `cloudtrail validate-logs` (a second member or any trailing bytes make a log file invalid), and the
 * runtimes differ exactly there — Node's reads on into further members and ignores some trailing bytes,
 * Chromium's refuses any — while none of them says where the member ended. So the inflating is done here,
 * the same in a page and in Node; output is handed on in chunks, so a file's bytes need not all be held.
 */
import { createCrc32 } from './checksums/crc.js';
import { IsoawsError } from './errors.js';

/** The data is not a gzip member zlib would accept (bad header, bad deflate data, wrong CRC or length). */
export class GzipFormatError extends IsoawsError {
  override name = 'GzipFormatError';
}

export interface GzipMemberEnd {
  /** The member was read to its end and its trailer matched. */
  complete: boolean;
  /** The bytes after the member (empty unless `complete`). */
  rest: Uint8Array;
}

/**
 * Inflates the gzip member at the start of `input`, handing its bytes to `onData` in order (each chunk
 * a copy the receiver may keep). Throws GzipFormatError where zlib reports a data error.
 */
export function inflateGzipMember(input: Uint8Array, onData: (chunk: Uint8Array) => void): GzipMemberEnd {
  const reader = new BitReader(input);
  const out = new Output(onData);
  try {
    const headerEnd = readHeader(input);
    reader.pos = headerEnd;
    inflateBlocks(reader, out);
    out.flush();
    const trailer = reader.alignedRest();
    if (trailer.length < 8) return { complete: false, rest: new Uint8Array(0) };
    const view = new DataView(trailer.buffer, trailer.byteOffset, 8);
    if (view.getUint32(0, true) !== out.crc()) throw new GzipFormatError('incorrect data check');
    if (view.getUint32(4, true) !== out.total % 2 ** 32) throw new GzipFormatError('incorrect length check');
    return { complete: true, rest: trailer.subarray(8) };
  } catch (err) {
    if (err !== TRUNCATED) throw err;
    out.flush();
    return { complete: false, rest: new Uint8Array(0) };
  }
}

/** Thrown inside when the input ends before what is being read; never escapes. */
const TRUNCATED = Symbol('truncated');

const FLAG = { hcrc: 0x02, extra: 0x04, name: 0x08, comment: 0x10, reserved: 0xe0 } as const;

/** The member header's length, after zlib's checks (magic, method, reserved flags, header CRC). */
function readHeader(input: Uint8Array): number {
  if (input.length < 2) throw TRUNCATED;
  if (input[0] !== 0x1f || input[1] !== 0x8b) throw new GzipFormatError('incorrect header check');
  if (input.length < 4) throw TRUNCATED;
  if (input[2] !== 8) throw new GzipFormatError('unknown compression method');
  const flags = input[3]!;
  if (flags & FLAG.reserved) throw new GzipFormatError('unknown header flags set');
  let at = 10; // magic, method, flags, mtime (4), extra flags, OS
  if (flags & FLAG.extra) {
    if (input.length < at + 2) throw TRUNCATED;
    at += 2 + (input[at]! | (input[at + 1]! << 8));
  }
  for (const flag of [FLAG.name, FLAG.comment]) {
    if (!(flags & flag)) continue;
    const zero = input.indexOf(0, at);
    if (zero === -1) throw TRUNCATED;
    at = zero + 1;
  }
  if (flags & FLAG.hcrc) {
    if (input.length < at + 2) throw TRUNCATED;
    const crc = createCrc32();
    crc.update(input.subarray(0, at));
    const d = crc.digest();
    if (input[at] !== d[3] || input[at + 1] !== d[2]) throw new GzipFormatError('header crc mismatch');
    at += 2;
  }
  if (input.length < at) throw TRUNCATED;
  return at;
}

/** Reads bits least significant first, as deflate packs them. */
class BitReader {
  pos = 0;
  private buf = 0;
  private count = 0;

  constructor(private readonly input: Uint8Array) {}

  /** The next `n` bits (n ≤ 16). */
  bits(n: number): number {
    while (this.count < n) {
      if (this.pos >= this.input.length) throw TRUNCATED;
      this.buf |= this.input[this.pos++]! << this.count;
      this.count += 8;
    }
    const value = this.buf & ((1 << n) - 1);
    this.buf >>>= n;
    this.count -= n;
    return value;
  }

  /** The next Huffman-coded symbol; near the end of the input, a short code needs only its own bits. */
  decode(code: HuffmanTable): number {
    while (this.count < code.maxLength && this.pos < this.input.length) {
      this.buf |= this.input[this.pos++]! << this.count;
      this.count += 8;
    }
    const entry = code.table[this.buf & ((1 << code.maxLength) - 1)]!;
    const length = entry & 15;
    if (length === 0 || length > this.count) {
      if (this.count < code.maxLength) throw TRUNCATED;
      throw new GzipFormatError(`invalid ${code.kind} code`);
    }
    this.buf >>>= length;
    this.count -= length;
    return entry >> 4;
  }

  /** Drops the bits left in the current byte and hands back whole buffered bytes to the input. */
  align(): void {
    this.pos -= this.count >> 3;
    this.buf = 0;
    this.count = 0;
  }

  /** The input from the next whole byte on. */
  alignedRest(): Uint8Array {
    this.align();
    return this.input.subarray(this.pos);
  }

  /** Up to `n` whole bytes from the input (after align). */
  take(n: number): Uint8Array {
    const bytes = this.input.subarray(this.pos, this.pos + n);
    this.pos += bytes.length;
    return bytes;
  }
}

/** The output so far: the last 32 KiB kept for back-references, the rest handed on. */
class Output {
  total = 0;
  private readonly buf = new Uint8Array(OUT_SIZE);
  private at = 0;
  private handed = 0;
  private readonly check = createCrc32();

  constructor(private readonly onData: (chunk: Uint8Array) => void) {}

  /** Room for `n` more bytes (n ≤ the longest match), handing on what is not needed any more. */
  reserve(n: number): void {
    if (this.at + n <= OUT_SIZE) return;
    this.flush();
    this.buf.copyWithin(0, this.at - WINDOW, this.at);
    this.at = WINDOW;
    this.handed = WINDOW;
  }

  byte(value: number): void {
    this.buf[this.at++] = value;
    this.total++;
  }

  /** Copies `length` bytes from `distance` back; they may overlap what is being written. */
  copy(distance: number, length: number): void {
    if (distance > this.total) throw new GzipFormatError('invalid distance too far back');
    const buf = this.buf;
    let from = this.at - distance;
    for (let i = 0; i < length; i++) buf[this.at++] = buf[from++]!;
    this.total += length;
  }

  bytes(data: Uint8Array): void {
    for (let done = 0; done < data.length;) {
      this.reserve(Math.min(MAX_MATCH, data.length - done));
      const n = Math.min(OUT_SIZE - this.at, data.length - done);
      this.buf.set(data.subarray(done, done + n), this.at);
      this.at += n;
      this.total += n;
      done += n;
    }
  }

  flush(): void {
    if (this.at === this.handed) return;
    const chunk = this.buf.slice(this.handed, this.at);
    this.handed = this.at;
    this.check.update(chunk);
    this.onData(chunk);
  }

  crc(): number {
    const d = this.check.digest();
    return ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
  }
}

const WINDOW = 32_768;
const MAX_MATCH = 258;
const OUT_SIZE = 4 * WINDOW;

/** Blocks until the one marked final (RFC 1951 §3.2.3). */
function inflateBlocks(reader: BitReader, out: Output): void {
  let final = 0;
  while (!final) {
    final = reader.bits(1);
    const type = reader.bits(2);
    if (type === 0) storedBlock(reader, out);
    else if (type === 1) codedBlock(reader, out, fixedCodes());
    else if (type === 2) codedBlock(reader, out, dynamicCodes(reader));
    else throw new GzipFormatError('invalid block type');
  }
}

/** A stored block: LEN, its complement NLEN, then LEN bytes as they are. */
function storedBlock(reader: BitReader, out: Output): void {
  reader.align();
  const length = reader.bits(16);
  if (reader.bits(16) !== (~length & 0xffff)) throw new GzipFormatError('invalid stored block lengths');
  reader.align();
  const data = reader.take(length);
  out.bytes(data);
  if (data.length < length) throw TRUNCATED;
}

interface Codes {
  literals: HuffmanTable;
  distances: HuffmanTable;
}

/** Literals, and lengths with distances, until the end-of-block symbol (256). */
function codedBlock(reader: BitReader, out: Output, codes: Codes): void {
  for (;;) {
    out.reserve(MAX_MATCH);
    const symbol = reader.decode(codes.literals);
    if (symbol < 256) {
      out.byte(symbol);
      continue;
    }
    if (symbol === 256) return;
    const index = symbol - 257;
    if (index >= 29) throw new GzipFormatError('invalid literal/length code');
    const length = LENGTH_BASE[index]! + reader.bits(LENGTH_EXTRA[index]!);
    const code = reader.decode(codes.distances);
    if (code >= 30) throw new GzipFormatError('invalid distance code');
    out.copy(DISTANCE_BASE[code]! + reader.bits(DISTANCE_EXTRA[code]!), length);
  }
}

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** The order the code-length code's lengths are sent in. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

let fixed: Codes | undefined;

/** The fixed codes of block type 1 (RFC 1951 §3.2.6); 286, 287 and distances 30, 31 are invalid when met. */
function fixedCodes(): Codes {
  if (fixed) return fixed;
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  fixed = {
    literals: huffmanTable(lengths, 'literal/length'),
    distances: huffmanTable(new Uint8Array(32).fill(5), 'distance'),
  };
  return fixed;
}

/** The codes a dynamic block sends first (RFC 1951 §3.2.7), with zlib's checks on them. */
function dynamicCodes(reader: BitReader): Codes {
  const literalCount = reader.bits(5) + 257;
  const distanceCount = reader.bits(5) + 1;
  const codeLengthCount = reader.bits(4) + 4;
  if (literalCount > 286 || distanceCount > 30) throw new GzipFormatError('too many length or distance symbols');
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = reader.bits(3);
  const lengthCode = huffmanTable(codeLengths, 'code lengths');
  const lengths = new Uint8Array(literalCount + distanceCount);
  for (let i = 0; i < lengths.length;) {
    const symbol = reader.decode(lengthCode);
    if (symbol < 16) {
      lengths[i++] = symbol;
      continue;
    }
    let value = 0;
    let repeat: number;
    if (symbol === 16) {
      if (i === 0) throw new GzipFormatError('invalid bit length repeat');
      value = lengths[i - 1]!;
      repeat = 3 + reader.bits(2);
    } else {
      repeat = symbol === 17 ? 3 + reader.bits(3) : 11 + reader.bits(7);
    }
    if (i + repeat > lengths.length) throw new GzipFormatError('invalid bit length repeat');
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  if (lengths[256] === 0) throw new GzipFormatError('invalid code -- missing end-of-block');
  return {
    literals: huffmanTable(lengths.subarray(0, literalCount), 'literal/length'),
    distances: huffmanTable(lengths.subarray(literalCount), 'distance'),
  };
}

type CodeKind = 'code lengths' | 'literal/length' | 'distance';

/** A canonical Huffman code as a lookup table: indexed by the next `maxLength` bits, `symbol << 4 | length`. */
interface HuffmanTable {
  kind: CodeKind;
  maxLength: number;
  table: Uint16Array;
}

/**
 * The table for code lengths `lengths` (0: the symbol is unused). As zlib's inflate_table: an
 * over-subscribed code is an error, and so is an incomplete one, except a literal or distance code of one
 * symbol of one bit; a code with no symbols at all is accepted, and fails only if it is used.
 */
function huffmanTable(lengths: Uint8Array, kind: CodeKind): HuffmanTable {
  const counts = new Uint16Array(16);
  let maxLength = 0;
  for (const length of lengths) {
    counts[length]!++;
    if (length > maxLength) maxLength = length;
  }
  if (maxLength === 0) return { kind, maxLength: 1, table: new Uint16Array(2) };
  let left = 1;
  for (let length = 1; length <= 15; length++) {
    left = left * 2 - counts[length]!;
    if (left < 0) throw new GzipFormatError(`invalid ${kind} set`);
  }
  if (left > 0 && (kind === 'code lengths' || maxLength !== 1)) throw new GzipFormatError(`invalid ${kind} set`);
  // The first code of each length (RFC 1951 §3.2.2), unused symbols left out of the counts.
  counts[0] = 0;
  const next = new Uint16Array(16);
  for (let length = 1, code = 0; length <= 15; length++) {
    code = (code + counts[length - 1]!) << 1;
    next[length] = code;
  }
  const size = 1 << maxLength;
  const table = new Uint16Array(size);
  lengths.forEach((length, symbol) => {
    if (length === 0) return;
    const reversed = reverseBits(next[length]!++, length);
    for (let i = reversed; i < size; i += 1 << length) table[i] = (symbol << 4) | length;
  });
  return { kind, maxLength, table };
}

function reverseBits(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) {
    out = (out << 1) | (code & 1);
    code >>= 1;
  }
  return out;
}
