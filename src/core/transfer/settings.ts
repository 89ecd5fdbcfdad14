/**
 * How transfers are cut up and paced, from the profile's `s3` block as the AWS CLI reads it
 * (transferconfig.py, s3transfer's defaults): when an upload goes multipart, the part size, how many
 * requests run at once, and the bandwidth cap. Sizes accept the CLI's suffixes (`8MB`, `16MiB`, `1GB`
 * are binary, as the CLI treats them); rates are sizes per second in bytes (`10MB/s`) or bits (`10Mb/s`).
 * Values are checked as the CLI checks them, with its words.
 */
import { IsoawsError } from '../errors.js';

export interface TransferSettings {
  multipartThreshold: number;
  multipartChunksize: number;
  maxConcurrentRequests: number;
  /** Bytes per second over all uploads and downloads of a command; absent for no cap. */
  maxBandwidth?: number;
}

export const MiB = 1024 * 1024;
export const DEFAULT_TRANSFER_SETTINGS: TransferSettings = {
  multipartThreshold: 8 * MiB,
  multipartChunksize: 8 * MiB,
  maxConcurrentRequests: 10,
};

/**
 * The `s3` block's transfer settings over the defaults. `max_queue_size` is checked but bounds nothing
 * here: the commands list their work before they start it and hold no submission queue.
 */
export function readTransferSettings(block: Readonly<Record<string, string>>): TransferSettings {
  const size = (key: string, fallback: number) => (block[key] === undefined ? fallback : sizeSetting(block[key]));
  const count = (key: string, fallback?: number) => {
    const text = block[key];
    if (text === undefined) return fallback;
    const value = Number(text.trim());
    if (!/^\s*[+-]?\d+\s*$/.test(text) || value <= 0)
      throw new IsoawsError(`Value for ${key} must be a positive integer: ${text}`);
    return value;
  };
  count('max_queue_size');
  return {
    multipartThreshold: size('multipart_threshold', DEFAULT_TRANSFER_SETTINGS.multipartThreshold),
    multipartChunksize: size('multipart_chunksize', DEFAULT_TRANSFER_SETTINGS.multipartChunksize),
    maxConcurrentRequests: count('max_concurrent_requests', DEFAULT_TRANSFER_SETTINGS.maxConcurrentRequests)!,
    ...(block.max_bandwidth !== undefined ? { maxBandwidth: rateSetting(block.max_bandwidth) } : {}),
  };
}

const SUFFIXES: Record<string, number> = {
  kb: 1024,
  mb: MiB,
  gb: 1024 * MiB,
  tb: 1024 * 1024 * MiB,
  kib: 1024,
  mib: MiB,
  gib: 1024 * MiB,
  tib: 1024 * 1024 * MiB,
};

/** `8MB`, `10485760`, `16MiB` → bytes (the CLI's human_readable_to_int); undefined when it is none of these. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([kmgt]i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]) * (m[2] ? SUFFIXES[m[2].toLowerCase()]! : 1);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A size setting, refused in the CLI's words (which show the value lower-cased). */
function sizeSetting(text: string): number {
  const value = parseSize(text);
  if (value === undefined) throw new IsoawsError(`Invalid size value: ${text.toLowerCase()}`);
  return value;
}

/** `max_bandwidth`: a size per second, `B/s` for bytes and `b/s` for bits; a bare number is no rate. */
function rateSetting(text: string): number {
  const t = text.trim();
  if (!/[Bb]\/s$/.test(t)) {
    throw new IsoawsError(
      `Invalid rate: ${text}. The value must be expressed as a rate in terms of bytes per second (e.g. 10MB/s or 800KB/s) or bits per second (e.g. 10Mb/s or 800Kb/s)`,
    );
  }
  const bits = t.endsWith('b/s');
  const bytes = sizeSetting(`${t.slice(0, -3)}B`);
  return bits ? bytes / 8 : bytes;
}

/**
 * Paces transfers to `bytesPerSecond`: each call reserves the next slot for `bytes` and waits until it
 * begins, so over any stretch the bytes moved stay within the rate (no credit builds up while idle).
 */
export function bandwidthPacer(
  bytesPerSecond: number,
  clock: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> },
) {
  let free = 0;
  return async (bytes: number, signal?: AbortSignal): Promise<void> => {
    const now = clock.now();
    const start = Math.max(free, now);
    free = start + (bytes / bytesPerSecond) * 1000;
    if (start > now) await clock.sleep(start - now, signal);
  };
}

/** S3's limits on multipart uploads. */
export const MAX_PARTS = 10_000;
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * 1024 * MiB;

/**
 * The part size for an object of `size` bytes (or unknown): the configured chunk size, doubled until the
 * parts number at most 10,000, kept within S3's 5 MiB–5 GiB (s3transfer's ChunksizeAdjuster).
 */
export function partSizeFor(size: number | undefined, chunksize: number): number {
  let part = Math.min(Math.max(chunksize, MIN_PART_SIZE), MAX_PART_SIZE);
  if (size !== undefined) while (Math.ceil(size / part) > MAX_PARTS) part *= 2;
  return Math.min(part, MAX_PART_SIZE);
}
