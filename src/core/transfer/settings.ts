/**
 * How transfers are cut up, from the profile's `s3` block as the AWS CLI reads it (s3transfer's
 * defaults): when an upload goes multipart, the part size, how many requests run at once. Sizes accept
 * the CLI's suffixes (`8MB`, `16MiB`, `1GB` are binary, as the CLI treats them).
 */
export interface TransferSettings {
  multipartThreshold: number;
  multipartChunksize: number;
  maxConcurrentRequests: number;
}

export const MiB = 1024 * 1024;
export const DEFAULT_TRANSFER_SETTINGS: TransferSettings = { multipartThreshold: 8 * MiB, multipartChunksize: 8 * MiB, maxConcurrentRequests: 10 };

/** S3's limits on multipart uploads. */
export const MAX_PARTS = 10_000;
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * 1024 * MiB;

const SUFFIXES: Record<string, number> = { kb: 1024, mb: MiB, gb: 1024 * MiB, tb: 1024 * 1024 * MiB, kib: 1024, mib: MiB, gib: 1024 * MiB, tib: 1024 * 1024 * MiB };

/** `8MB`, `10485760`, `16MiB` → bytes (the CLI's human_readable_to_int); undefined when it is none of these. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([kmgt]i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]) * (m[2] ? SUFFIXES[m[2].toLowerCase()]! : 1);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The part size for an object of `size` bytes (or unknown): the configured chunk size, doubled until the
 * parts number at most 10,000, kept within S3's 5 MiB–5 GiB (s3transfer's ChunksizeAdjuster).
 */
export function partSizeFor(size: number | undefined, chunksize: number): number {
  let part = Math.min(Math.max(chunksize, MIN_PART_SIZE), MAX_PART_SIZE);
  if (size !== undefined) while (Math.ceil(size / part) > MAX_PARTS) part *= 2;
  return Math.min(part, MAX_PART_SIZE);
}
