/**
 * `s3 ls`: buckets; a prefix's objects and sub-prefixes (`PRE x/`); everything under it with
 * `--recursive`; sizes in IEC units with `--human-readable`; totals with `--summarize`. Laid out as the
 * AWS CLI lays it out, times in the local time zone. Exit 1 when a key or prefix was named and nothing
 * matched. An improvement: with `print` (`--output json` and the other data formats given on the command
 * line) the listing is data instead, as ListBuckets and ListObjectsV2 name it, with the totals as
 * `TotalObjects` and `TotalSize` under --summarize.
 */
import type { Client } from '../../core/client.js';
import type { Writer } from '../../core/host.js';

export interface LsOptions {
  bucket: string;
  key: string;
  recursive: boolean;
  pageSize?: number;
  humanReadable: boolean;
  summarize: boolean;
  requestPayer?: string;
  /** Buckets listed: only those whose names begin with this, or in this region. */
  bucketNamePrefix?: string;
  bucketRegion?: string;
  signal?: AbortSignal;
  /** Prints the listing as data: the operation whose output shape it has, and the value. */
  print?(operation: 'ListBuckets' | 'ListObjectsV2', value: Record<string, unknown>): void;
}

export async function listCommand(client: Client, out: Writer, o: LsOptions): Promise<number> {
  if (!o.bucket) {
    // Paged as the CLI pages it (--page-size is MaxBuckets); an empty prefix or region is not sent.
    const params = {
      ...(o.bucketNamePrefix ? { Prefix: o.bucketNamePrefix } : {}),
      ...(o.bucketRegion ? { BucketRegion: o.bucketRegion } : {}),
    };
    const Buckets: Array<{ Name: string; CreationDate: Date }> = [];
    for await (const page of client.paginate('s3', 'ListBuckets', params, { pageSize: o.pageSize, signal: o.signal }))
      Buckets.push(...((page.Buckets ?? []) as typeof Buckets));
    if (o.print) {
      o.print('ListBuckets', { Buckets });
      return 0;
    }
    for (const b of Buckets) out.write(`${localTime(b.CreationDate)} ${b.Name}\n`);
    if (o.summarize) summary(out, 0, 0, o.humanReadable);
    return 0;
  }
  let objects = 0;
  let bytes = 0;
  let firstPageEmpty = false;
  let page = 0;
  const listed: { CommonPrefixes: unknown[]; Contents: unknown[] } | undefined = o.print
    ? { CommonPrefixes: [], Contents: [] }
    : undefined;
  const params: Record<string, unknown> = {
    Bucket: o.bucket,
    Prefix: o.key,
    ...(o.recursive ? {} : { Delimiter: '/' }),
    ...(o.requestPayer ? { RequestPayer: o.requestPayer } : {}),
  };
  for await (const result of client.paginate('s3', 'ListObjectsV2', params, {
    pageSize: o.pageSize,
    signal: o.signal,
  })) {
    const prefixes = (result.CommonPrefixes ?? []) as Array<{ Prefix: string }>;
    const contents = (result.Contents ?? []) as Array<{ Key: string; Size: number; LastModified: Date }>;
    if (!prefixes.length && !contents.length) {
      if (page === 0) firstPageEmpty = true;
      continue;
    }
    page++;
    if (listed) {
      listed.CommonPrefixes.push(...prefixes);
      listed.Contents.push(...contents);
      for (const c of contents) {
        objects++;
        bytes += c.Size;
      }
      continue;
    }
    let text = '';
    for (const p of prefixes) {
      const parts = p.Prefix.split('/');
      text += `${'PRE'.padStart(30)} ${parts[parts.length - 2]}/\n`;
    }
    for (const c of contents) {
      objects++;
      bytes += c.Size;
      const size = (o.humanReadable ? humanReadableSize(c.Size) : String(c.Size)).padStart(10);
      text += `${localTime(c.LastModified)} ${size} ${o.recursive ? c.Key : c.Key.slice(c.Key.lastIndexOf('/') + 1)}\n`;
    }
    out.write(text);
  }
  if (listed) o.print!('ListObjectsV2', o.summarize ? { ...listed, TotalObjects: objects, TotalSize: bytes } : listed);
  else if (o.summarize) summary(out, objects, bytes, o.humanReadable);
  return o.key && firstPageEmpty ? 1 : 0;
}

function summary(out: Writer, objects: number, bytes: number, human: boolean): void {
  out.write(`\nTotal Objects: ${objects}\n   Total Size: ${human ? humanReadableSize(bytes) : bytes}\n`);
}

/** `YYYY-MM-DD HH:MM:SS` in the local time zone, as the CLI prints modification times. */
export function localTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

const SUFFIXES = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** The CLI's human_readable_size: `1 Byte`, `10 Bytes`, `1.0 KiB`, `1.5 MiB`. */
export function humanReadableSize(value: number): string {
  if (value === 1) return '1 Byte';
  if (value < 1024) return `${Math.trunc(value)} Bytes`;
  for (let i = 0; i < SUFFIXES.length; i++) {
    const unit = 1024 ** (i + 2);
    if (Math.round((value / unit) * 1024) < 1024) return `${pyFixed1((1024 * value) / unit)} ${SUFFIXES[i]}`;
  }
  return `${pyFixed1((1024 * value) / 1024 ** (SUFFIXES.length + 1))} ${SUFFIXES[SUFFIXES.length - 1]}`;
}

/**
 * Python's `'%.1f' % x`: correctly rounded, an exact tie to the even digit (1280 bytes is `1.2 KiB`),
 * where toFixed rounds ties up. Sizes over powers of two are exact binary values, so ties are exact.
 */
function pyFixed1(x: number): string {
  const tenths = x * 10;
  if (tenths % 1 === 0.5) {
    const down = Math.floor(tenths);
    return ((down % 2 === 0 ? down : down + 1) / 10).toFixed(1);
  }
  return x.toFixed(1);
}
