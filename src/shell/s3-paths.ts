/**
 * S3 paths for completion after `s3://`: the buckets, then the keys and common prefixes of one
 * "directory" (`s3://b/photos/2024/` lists `photos/2024/` with delimiter `/`, so typing further into it
 * reuses the same listing). Listings are made by running the CLI command itself (`s3api list-buckets`,
 * `s3api list-objects-v2`) with the shell's settings and the line's own global options, so they go to
 * the endpoint, with the credentials, a command on that line would use.
 *
 * A Tab never waits long: a listing not back within `waitMs` answers nothing this time and keeps going
 * in the background (up to `limitMs`) into the cache, where the next Tab finds it. Listings, failed ones
 * included, are kept for `ttlMs`.
 */

/** Runs a CLI command quietly and hands over its result (runCli with onResult, in the shell). */
export type ListCommand = (argv: string[], signal: AbortSignal) => Promise<unknown>;

export interface S3PathOptions {
  waitMs?: number;
  limitMs?: number;
  ttlMs?: number;
  now?: () => number;
}

export function createS3PathLister(
  list: ListCommand,
  opts: S3PathOptions = {},
): (path: string, globals: readonly string[]) => Promise<string[]> {
  const { waitMs = 800, limitMs = 10_000, ttlMs = 30_000, now = Date.now } = opts;
  const cache = new Map<string, { at: number; paths: Promise<string[]> }>();
  return async (path, globals) => {
    const rest = path.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? undefined : rest.slice(0, slash);
    const prefix = slash === -1 ? '' : rest.slice(slash + 1, rest.lastIndexOf('/') + 1);
    const key = JSON.stringify([globals, bucket ?? null, prefix]);
    let entry = cache.get(key);
    if (!entry || now() - entry.at > ttlMs) {
      const argv =
        bucket === undefined
          ? ['s3api', 'list-buckets']
          : [
              's3api',
              'list-objects-v2',
              '--bucket',
              bucket,
              '--prefix',
              prefix,
              '--delimiter',
              '/',
              '--max-items',
              '1000',
            ];
      const paths = list([...globals, ...argv, '--output', 'json'], AbortSignal.timeout(limitMs))
        .then((result) => (bucket === undefined ? bucketPaths(result) : keyPaths(bucket, result)))
        .catch(() => []);
      entry = { at: now(), paths };
      cache.set(key, entry);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<string[]>((resolve) => {
      timer = setTimeout(() => resolve([]), waitMs);
    });
    try {
      return await Promise.race([entry.paths, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

function bucketPaths(result: unknown): string[] {
  const buckets = (result as { Buckets?: Array<{ Name?: string }> } | undefined)?.Buckets ?? [];
  return buckets.map((b) => `s3://${b.Name}/`);
}

function keyPaths(bucket: string, result: unknown): string[] {
  const r = result as { CommonPrefixes?: Array<{ Prefix?: string }>; Contents?: Array<{ Key?: string }> } | undefined;
  return [
    ...(r?.CommonPrefixes ?? []).map((p) => `s3://${bucket}/${p.Prefix}`),
    ...(r?.Contents ?? []).map((o) => `s3://${bucket}/${o.Key}`),
  ];
}
