/**
 * ListObjects, ListObjectsV2 and ListObjectVersions: a walk over the bucket's key documents in key
 * order (the store lists them), rolling keys up into CommonPrefixes at the delimiter and reading only
 * the documents a page needs.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import { fromBase64, toBase64 } from '../../../core/protocols/shared.js';
import {
  invalidArgument,
  num,
  objectsPrefix,
  ownerOf,
  requireBucket,
  requireString,
  str,
  type ObjectRecord,
  type ObjectVersion,
} from './common.js';

/** S3's `encoding-type=url`: percent-encoding (space as `+`) that leaves `/` readable. */
export function urlEncode(text: string): string {
  return encodeURIComponent(text).replaceAll('%2F', '/').replaceAll('%20', '+');
}

/** Encodes a value for the response when the request asked for `EncodingType=url`. */
function encoder(call: SandboxCall): (text: string | undefined) => string | undefined {
  const encoding = str(call.input, 'EncodingType');
  if (encoding !== undefined && encoding !== 'url')
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encoding);
  return (text) => (text === undefined || encoding === undefined ? text : urlEncode(text));
}

function maxKeys(call: SandboxCall, name = 'MaxKeys', argument = 'max-keys'): number {
  const max = num(call.input, name) ?? 1000;
  if (!Number.isInteger(max) || max < 0)
    throw invalidArgument(`Argument ${argument} must be an integer between 0 and 2147483647`, argument, max);
  // S3 never returns more than 1000 entries a page, whatever is asked.
  return Math.min(max, 1000);
}

/** The common prefix `key` rolls up into, if any. */
function groupOf(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** The bucket's keys under `prefix`, in order. */
async function keysUnder(call: SandboxCall, bucket: string, prefix: string): Promise<string[]> {
  const base = objectsPrefix(bucket);
  return (await call.store.keys(base + prefix)).map((k) => k.slice(base.length));
}

type Entry = { key: string; version: ObjectVersion } | { prefix: string };

/**
 * One page of live objects (latest version not a delete marker) and common prefixes after `after`:
 * a key, or a prefix already returned, at or before `after` is skipped.
 */
async function listLatest(
  call: SandboxCall,
  bucket: string,
  options: { prefix: string; delimiter?: string; after: string; max: number },
): Promise<{ entries: Entry[]; truncated: boolean }> {
  const entries: Entry[] = [];
  if (options.max === 0) return { entries, truncated: false };
  let lastGroup: string | undefined;
  for (const key of await keysUnder(call, bucket, options.prefix)) {
    if (key <= options.after) continue;
    const group = groupOf(key, options.prefix, options.delimiter);
    if (group !== undefined && (group <= options.after || group === lastGroup)) continue;
    const record = await call.store.get<ObjectRecord>(`${objectsPrefix(bucket)}${key}`);
    const latest = record?.versions[0];
    if (!latest || latest.deleteMarker) continue;
    if (entries.length === options.max) return { entries, truncated: true };
    if (group !== undefined) {
      entries.push({ prefix: group });
      lastGroup = group;
    } else entries.push({ key, version: latest });
  }
  return { entries, truncated: false };
}

function entryName(entry: Entry): string {
  return 'prefix' in entry ? entry.prefix : entry.key;
}

/** The checksum members listings carry (a list of one algorithm, and its type). */
function listedChecksum(version: ObjectVersion): Record<string, unknown> {
  return version.checksum
    ? { ChecksumAlgorithm: [version.checksum.algorithm], ChecksumType: version.checksum.type }
    : {};
}

function splitEntries(
  call: SandboxCall,
  entries: Entry[],
  withOwner: boolean,
  encode: (text: string | undefined) => string | undefined,
) {
  const contents = entries.flatMap((e) =>
    'key' in e
      ? [
          {
            Key: encode(e.key),
            LastModified: new Date(e.version.lastModified),
            ETag: e.version.etag,
            ...listedChecksum(e.version),
            Size: e.version.size,
            StorageClass: e.version.storageClass ?? 'STANDARD',
            Owner: withOwner ? ownerOf(call) : undefined,
          },
        ]
      : [],
  );
  const prefixes = entries.flatMap((e) => ('prefix' in e ? [{ Prefix: encode(e.prefix) }] : []));
  return {
    Contents: contents.length ? contents : undefined,
    CommonPrefixes: prefixes.length ? prefixes : undefined,
  };
}

const listObjects: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  await requireBucket(call.store, bucket);
  const encode = encoder(call);
  const prefix = str(call.input, 'Prefix') ?? '';
  const delimiter = str(call.input, 'Delimiter') || undefined;
  const marker = str(call.input, 'Marker') ?? '';
  const max = maxKeys(call);
  const { entries, truncated } = await listLatest(call, bucket, { prefix, delimiter, after: marker, max });
  const last = entries[entries.length - 1];
  return {
    IsTruncated: truncated,
    Marker: encode(marker),
    // Without a delimiter the client continues from its last key; S3 names a NextMarker only with one.
    NextMarker: truncated && delimiter && last ? encode(entryName(last)) : undefined,
    ...splitEntries(call, entries, true, encode),
    Name: bucket,
    Prefix: encode(prefix),
    Delimiter: encode(delimiter),
    MaxKeys: max,
    EncodingType: str(call.input, 'EncodingType'),
  };
};

/** V2's continuation token: the last entry returned, opaque to the client. */
const encodeToken = (after: string) => toBase64(`v2:${after}`);

function decodeToken(token: string): string {
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(token));
  } catch {
    text = undefined;
  }
  if (!text?.startsWith('v2:'))
    throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return text.slice(3);
}

const listObjectsV2: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  await requireBucket(call.store, bucket);
  const encode = encoder(call);
  const prefix = str(call.input, 'Prefix') ?? '';
  const delimiter = str(call.input, 'Delimiter') || undefined;
  const token = str(call.input, 'ContinuationToken');
  const startAfter = str(call.input, 'StartAfter');
  const after = token !== undefined ? decodeToken(token) : (startAfter ?? '');
  const max = maxKeys(call);
  const { entries, truncated } = await listLatest(call, bucket, { prefix, delimiter, after, max });
  const last = entries[entries.length - 1];
  return {
    IsTruncated: truncated,
    ...splitEntries(call, entries, call.input.FetchOwner === true, encode),
    Name: bucket,
    Prefix: encode(prefix),
    Delimiter: encode(delimiter),
    MaxKeys: max,
    EncodingType: str(call.input, 'EncodingType'),
    KeyCount: entries.length,
    ContinuationToken: token,
    NextContinuationToken: truncated && last ? encodeToken(entryName(last)) : undefined,
    StartAfter: encode(startAfter),
  };
};

type VersionEntry = { key: string; version: ObjectVersion; latest: boolean } | { prefix: string };

const listObjectVersions: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  await requireBucket(call.store, bucket);
  const encode = encoder(call);
  const prefix = str(call.input, 'Prefix') ?? '';
  const delimiter = str(call.input, 'Delimiter') || undefined;
  const keyMarker = str(call.input, 'KeyMarker') ?? '';
  const versionIdMarker = str(call.input, 'VersionIdMarker');
  if (versionIdMarker !== undefined && keyMarker === '')
    throw invalidArgument(
      'A version-id marker cannot be specified without a key marker.',
      'version-id-marker',
      versionIdMarker,
    );
  const max = maxKeys(call);
  const entries: VersionEntry[] = [];
  let truncated = false;
  let lastGroup: string | undefined;
  walk: for (const key of await keysUnder(call, bucket, prefix)) {
    // The key marker's own versions continue after the version-id marker; without one, it is done.
    if (key < keyMarker || (key === keyMarker && versionIdMarker === undefined)) continue;
    const group = groupOf(key, prefix, delimiter);
    if (group !== undefined) {
      if (group <= keyMarker || group === lastGroup) continue;
      if (entries.length === max) {
        truncated = true;
        break;
      }
      entries.push({ prefix: group });
      lastGroup = group;
      continue;
    }
    const record = await call.store.get<ObjectRecord>(`${objectsPrefix(bucket)}${key}`);
    let versions = record?.versions.map((version, i) => ({ key, version, latest: i === 0 })) ?? [];
    if (key === keyMarker) {
      const at = versions.findIndex((v) => v.version.versionId === versionIdMarker);
      if (at < 0)
        throw new SandboxError('InvalidArgument', 'Invalid version id specified', 400, {
          ArgumentName: 'version-id-marker',
          ArgumentValue: versionIdMarker ?? '',
        });
      versions = versions.slice(at + 1);
    }
    for (const entry of versions) {
      if (entries.length === max) {
        truncated = true;
        break walk;
      }
      entries.push(entry);
    }
  }
  const last = entries[entries.length - 1];
  const owner = ownerOf(call);
  const versions = entries.flatMap((e) =>
    'key' in e && !e.version.deleteMarker
      ? [
          {
            ETag: e.version.etag,
            ...listedChecksum(e.version),
            Size: e.version.size,
            StorageClass: e.version.storageClass ?? 'STANDARD',
            Key: encode(e.key),
            VersionId: e.version.versionId,
            IsLatest: e.latest,
            LastModified: new Date(e.version.lastModified),
            Owner: owner,
          },
        ]
      : [],
  );
  const markers = entries.flatMap((e) =>
    'key' in e && e.version.deleteMarker
      ? [
          {
            Owner: owner,
            Key: encode(e.key),
            VersionId: e.version.versionId,
            IsLatest: e.latest,
            LastModified: new Date(e.version.lastModified),
          },
        ]
      : [],
  );
  const prefixes = entries.flatMap((e) => ('prefix' in e ? [{ Prefix: encode(e.prefix) }] : []));
  return {
    IsTruncated: truncated,
    KeyMarker: encode(keyMarker),
    VersionIdMarker: versionIdMarker ?? '',
    NextKeyMarker: truncated && last ? encode('prefix' in last ? last.prefix : last.key) : undefined,
    NextVersionIdMarker: truncated && last && 'key' in last ? last.version.versionId : undefined,
    Versions: versions.length ? versions : undefined,
    DeleteMarkers: markers.length ? markers : undefined,
    Name: bucket,
    Prefix: encode(prefix),
    Delimiter: encode(delimiter),
    MaxKeys: max,
    CommonPrefixes: prefixes.length ? prefixes : undefined,
    EncodingType: str(call.input, 'EncodingType'),
  };
};

export const listingHandlers = {
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
};
