/**
 * The two kinds of path the s3 commands take: `s3://bucket/key` and local paths (POSIX, resolved against
 * the host's working directory, shown relative to it as the AWS CLI shows them: `./notes.txt`).
 */
import { ArgumentError } from '../../cli/usage.js';
import { resolveLocal } from '../../core/local-paths.js';

export interface S3Location {
  bucket: string;
  key: string;
}

export function isS3Uri(path: string): boolean {
  return path.startsWith('s3://');
}

// An access point's ARN stands where a bucket name would, slashes and all (the CLI's find_bucket_key).
const ACCESS_POINT = /^(arn:aws.*:s3:[a-z\-0-9]*:[0-9]{12}:accesspoint[:/][^/]+)\/?(.*)$/s;
const OUTPOST_ACCESS_POINT =
  /^(arn:aws.*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9-]{1,63})[/:]?(.*)$/s;
const OUTPOST_BUCKET = /^arn:aws.*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9-]{1,63}[/:]bucket[/:]/s;
const OBJECT_LAMBDA = /^arn:aws.*:s3-object-lambda:[a-z\-0-9]+:[0-9]{12}:accesspoint[/:][a-zA-Z0-9-]{1,63}/s;

/**
 * `s3://bucket/key/parts` → bucket and key (everything after the first `/`, possibly empty); an access
 * point ARN (`s3://arn:aws:s3:…:accesspoint/name/key`) is the bucket. Resources the s3 commands cannot
 * reach are refused with the CLI's words.
 */
export function parseS3Uri(uri: string): S3Location {
  const rest = uri.startsWith('s3://') ? uri.slice('s3://'.length) : uri;
  if (OBJECT_LAMBDA.test(rest))
    throw new ArgumentError('s3 commands do not support S3 Object Lambda resources. Use s3api commands instead.');
  if (OUTPOST_BUCKET.test(rest))
    throw new ArgumentError('s3 commands do not support Outpost Bucket ARNs. Use s3control commands instead.');
  const arn = ACCESS_POINT.exec(rest) ?? OUTPOST_ACCESS_POINT.exec(rest);
  if (arn) return { bucket: arn[1]!, key: arn[2]! };
  const slash = rest.indexOf('/');
  return slash === -1 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** How the CLI prints a local file: its directory relative to the working directory, then its name. */
export function displayLocal(cwd: string, absolute: string): string {
  const slash = absolute.lastIndexOf('/');
  return `${relativeDir(resolveLocal(cwd, '.'), absolute.slice(0, slash) || '/')}/${absolute.slice(slash + 1)}`;
}

function relativeDir(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => '..');
  const rel = [...up, ...b.slice(common)].join('/');
  return rel || '.';
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
