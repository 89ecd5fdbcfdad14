/**
 * The HTTP conditions S3 evaluates (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since,
 * and their `x-amz-copy-source-` forms) and the byte ranges it serves, as RFC 9110 and S3 order them.
 */
import { SandboxError } from '../../service.js';
import { unquoteEtag, type ObjectRecord } from './common.js';

export interface ReadConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
}

/** `*` or a comma-separated list of (quoted or bare) ETags. */
export function etagMatches(header: string, etag: string): boolean {
  return header
    .split(',')
    .some((candidate) => candidate.trim() === '*' || unquoteEtag(candidate) === unquoteEtag(etag));
}

export const preconditionFailed = (condition: string) =>
  new SandboxError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
    Condition: condition,
  });

/**
 * A read's conditions: If-Match wins over If-Unmodified-Since, If-None-Match over If-Modified-Since
 * (S3's documented precedence). A failed "none match"/"modified since" is 304 for GET and HEAD, 412 for a
 * copy source (`copy` names the header prefix then).
 */
export function checkReadConditions(conditions: ReadConditions, etag: string, lastModified: Date, copy = false): void {
  const name = (header: string) => (copy ? `x-amz-copy-source-${header}` : header);
  const notModified = (header: string) =>
    copy ? preconditionFailed(name(header)) : new SandboxError('NotModified', 'Not Modified', 304);
  // HTTP dates have whole seconds, as stored modification times do.
  const modified = lastModified.getTime();
  if (conditions.ifMatch !== undefined) {
    if (!etagMatches(conditions.ifMatch, etag)) throw preconditionFailed(name('If-Match'));
  } else if (conditions.ifUnmodifiedSince && modified > conditions.ifUnmodifiedSince.getTime()) {
    throw preconditionFailed(name('If-Unmodified-Since'));
  }
  if (conditions.ifNoneMatch !== undefined) {
    if (etagMatches(conditions.ifNoneMatch, etag)) throw notModified('If-None-Match');
  } else if (conditions.ifModifiedSince && modified <= conditions.ifModifiedSince.getTime()) {
    throw notModified('If-Modified-Since');
  }
}

/**
 * A conditional write's If-None-Match `*` (only if the key has no object) and If-Match (only over that
 * ETag; NoSuchKey when there is no object to match).
 */
export function checkWriteConditions(
  input: Record<string, unknown>,
  record: ObjectRecord,
  key: string,
  noSuchKey: (key: string) => Error,
): void {
  const latest = record.versions[0];
  const live = latest && !latest.deleteMarker ? latest : undefined;
  const ifNoneMatch = input.IfNoneMatch;
  if (typeof ifNoneMatch === 'string') {
    if (ifNoneMatch.trim() !== '*')
      throw new SandboxError(
        'NotImplemented',
        'A header you provided implies functionality that is not implemented',
        501,
        {
          Header: 'If-None-Match',
        },
      );
    if (live) throw preconditionFailed('If-None-Match');
  }
  const ifMatch = input.IfMatch;
  if (typeof ifMatch === 'string') {
    if (!live) throw noSuchKey(key);
    if (!etagMatches(ifMatch, live.etag)) throw preconditionFailed('If-Match');
  }
}

/** A satisfiable range as `[start, end)`; undefined for no range (or one S3 ignores). */
export interface ByteRange {
  start: number;
  end: number;
}

export const invalidRange = (requested: string, size: number) =>
  new SandboxError('InvalidRange', 'The requested range is not satisfiable', 416, {
    RangeRequested: requested,
    ActualObjectSize: String(size),
  });

/**
 * A `Range` header over an object of `size` bytes: `bytes=a-b`, `bytes=a-`, `bytes=-n`. S3 ignores what
 * it cannot parse (and multiple ranges), serving the whole object; a range that starts past the end is
 * InvalidRange.
 */
export function parseRange(header: string, size: number): ByteRange | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(size - suffix, 0), end: size };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end: last === '' ? size : Math.min(Number(last) + 1, size) };
}

export const contentRange = (range: ByteRange, size: number) => `bytes ${range.start}-${range.end - 1}/${size}`;
