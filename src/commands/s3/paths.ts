/**
 * The two kinds of path the s3 commands take: `s3://bucket/key` and local paths (POSIX, resolved against
 * the host's working directory, shown relative to it as the AWS CLI shows them: `./notes.txt`).
 */
import { resolveLocal } from '../../core/local-paths.js';

export interface S3Location {
  bucket: string;
  key: string;
}

export function isS3Uri(path: string): boolean {
  return path.startsWith('s3://');
}

/** `s3://bucket/key/parts` → bucket and key (everything after the first `/`, possibly empty). */
export function parseS3Uri(uri: string): S3Location {
  const rest = uri.slice('s3://'.length);
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
