/**
 * Objects: PutObject, GetObject, HeadObject, CopyObject, DeleteObject(s), object tagging, ACLs and
 * attributes. An object's versions live in one document per key; its body in blobs the version lists.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import { commitVersion, readParts, storeBody } from './bodies.js';
import {
  checksumMember,
  checksumOutput,
  entityTooLarge,
  readChecksumRequest,
  toAlgorithm,
  type BodyDigest,
  type ChecksumRequest,
} from './checksums.js';
import {
  checkTags,
  cannedGrants,
  deleteBlobs,
  findVersion,
  grantsOf,
  invalidArgument,
  invalidRequest,
  isoSeconds,
  malformedXml,
  MAX_PUT_SIZE,
  newVersionId,
  noSuchKey,
  num,
  objectDoc,
  ownerOf,
  parseTaggingHeader,
  quoteEtag,
  reportedVersionId,
  requireBucket,
  requireString,
  str,
  unquoteEtag,
  type BucketRecord,
  type ObjectRecord,
  type ObjectVersion,
} from './common.js';
import {
  checkReadConditions,
  checkWriteConditions,
  contentRange,
  parseRange,
  type ByteRange,
  type ReadConditions,
} from './conditions.js';

/** The content headers and user metadata a new object takes from its request. */
export function contentAttributes(input: Record<string, unknown>): Partial<ObjectVersion> {
  const metadata: Record<string, string> = {};
  // User metadata travels as HTTP headers, whose names S3 keeps lower-cased.
  for (const [k, v] of Object.entries((input.Metadata as Record<string, string> | undefined) ?? {}))
    metadata[k.toLowerCase()] = v;
  // `aws-chunked` describes the request's framing, not the object: S3 drops it.
  const encoding = str(input, 'ContentEncoding')
    ?.split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked')
    .join(',');
  return {
    contentType: str(input, 'ContentType') ?? 'binary/octet-stream',
    cacheControl: str(input, 'CacheControl'),
    contentDisposition: str(input, 'ContentDisposition'),
    contentEncoding: encoding || undefined,
    contentLanguage: str(input, 'ContentLanguage'),
    expires: input.Expires instanceof Date ? input.Expires.toISOString() : undefined,
    metadata,
  };
}

/** Storage class, encryption, redirect, tags and ACL of a new object from its request. */
export function storageAttributes(call: SandboxCall): Partial<ObjectVersion> {
  const { input } = call;
  const tagging = str(input, 'Tagging');
  const acl = str(input, 'ACL');
  return {
    storageClass: str(input, 'StorageClass') ?? 'STANDARD',
    serverSideEncryption: str(input, 'ServerSideEncryption'),
    sseKmsKeyId: str(input, 'SSEKMSKeyId'),
    bucketKeyEnabled: typeof input.BucketKeyEnabled === 'boolean' ? input.BucketKeyEnabled : undefined,
    websiteRedirectLocation: str(input, 'WebsiteRedirectLocation'),
    tags: tagging !== undefined ? parseTaggingHeader(tagging) : undefined,
    grants: acl !== undefined ? cannedGrants(call, acl) : undefined,
  };
}

/** The id of a new version: a fresh one while versioning is Enabled, `null` otherwise. */
export const versionIdFor = (call: SandboxCall, bucket: BucketRecord) =>
  bucket.versioning === 'Enabled' ? newVersionId(call) : 'null';

/** What a version written whole from one stored body records of it (PutObject, CopyObject). */
function storedBodyVersion(call: SandboxCall, bucket: BucketRecord, blob: string, digest: BodyDigest): ObjectVersion {
  return {
    versionId: versionIdFor(call, bucket),
    lastModified: isoSeconds(call.now),
    size: digest.size,
    etag: quoteEtag(digest.md5),
    parts: [{ blob, size: digest.size }],
    checksum: digest.checksum && { ...digest.checksum, type: 'FULL_OBJECT' },
  };
}

/** The encryption members every write and read echoes. */
export function encryptionOutput(version: ObjectVersion): Record<string, unknown> {
  return {
    ServerSideEncryption: version.serverSideEncryption,
    SSEKMSKeyId: version.sseKmsKeyId,
    BucketKeyEnabled: version.bucketKeyEnabled,
  };
}

const putObject: Handler = async (call) => {
  const bucketName = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  await requireBucket(call.store, bucketName);
  const declared = num(call.input, 'ContentLength');
  if (declared !== undefined && declared > MAX_PUT_SIZE) throw entityTooLarge(declared, MAX_PUT_SIZE);
  const attributes = { ...contentAttributes(call.input), ...storageAttributes(call) };
  const request = readChecksumRequest(call);
  const { blob, digest } = await storeBody(call, call.input.Body, request);
  try {
    const { bucket, version } = await commitVersion(
      call,
      bucketName,
      key,
      (bucket) => ({ ...attributes, ...storedBodyVersion(call, bucket, blob, digest) }),
      (record) => checkWriteConditions(call.input, record, key, noSuchKey),
    );
    return {
      ETag: version.etag,
      VersionId: reportedVersionId(bucket, version),
      ...checksumOutput(version.checksum),
      ...encryptionOutput(version),
    };
  } catch (e) {
    await call.store.deleteBlob(blob);
    throw e;
  }
};

const VERSION_ID = /^(null|[A-Za-z0-9._]{32})$/;

/**
 * The version a read of `key` addresses, as S3 answers when there is none: NoSuchKey (a delete
 * marker as the latest adds `x-amz-delete-marker`), NoSuchVersion, or 405 for a delete marker by id.
 */
export async function readableVersion(
  call: SandboxCall,
  bucketName: string,
  key: string,
  versionId: string | undefined,
): Promise<{ bucket: BucketRecord; version: ObjectVersion }> {
  const bucket = await requireBucket(call.store, bucketName);
  if (versionId !== undefined && !VERSION_ID.test(versionId))
    throw invalidArgument('Invalid version id specified', 'versionId', versionId);
  const record = await call.store.get<ObjectRecord>(objectDoc(bucketName, key));
  const version = findVersion(record, versionId);
  if (!version) {
    if (versionId === undefined) throw noSuchKey(key);
    throw new SandboxError('NoSuchVersion', 'The specified version does not exist.', 404, {
      Key: key,
      VersionId: versionId,
    });
  }
  if (version.deleteMarker) {
    call.reply.headers['x-amz-delete-marker'] = 'true';
    call.reply.headers['x-amz-version-id'] = version.versionId;
    if (versionId === undefined) throw noSuchKey(key);
    throw new SandboxError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
      Method: call.operation === 'HeadObject' ? 'HEAD' : 'GET',
      ResourceType: 'DeleteMarker',
    });
  }
  return { bucket, version };
}

function readConditions(input: Record<string, unknown>, prefix = ''): ReadConditions {
  const date = (name: string) => {
    const value = input[`${prefix}${name}`];
    return value instanceof Date ? value : undefined;
  };
  return {
    ifMatch: str(input, `${prefix}IfMatch`),
    ifNoneMatch: str(input, `${prefix}IfNoneMatch`),
    ifModifiedSince: date('IfModifiedSince'),
    ifUnmodifiedSince: date('IfUnmodifiedSince'),
  };
}

/** The bytes GetObject/HeadObject serve: a Range, a PartNumber, or all of it. */
function selectBytes(call: SandboxCall, version: ObjectVersion): { range?: ByteRange; partsCount?: number } {
  const rangeHeader = str(call.input, 'Range');
  const partNumber = num(call.input, 'PartNumber');
  if (partNumber === undefined)
    return { range: rangeHeader !== undefined ? parseRange(rangeHeader, version.size) : undefined };
  if (rangeHeader !== undefined)
    throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000)
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', partNumber);
  const count = version.multipart ? version.parts.length : 1;
  if (partNumber > count)
    throw new SandboxError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, {
      PartNumberRequested: String(partNumber),
      ActualPartCount: String(count),
    });
  let start = 0;
  for (let i = 0; i < partNumber - 1; i++) start += version.parts[i]!.size;
  const size = version.multipart ? version.parts[partNumber - 1]!.size : version.size;
  return { range: { start, end: start + size }, partsCount: version.multipart ? count : undefined };
}

/** GetObject and HeadObject: the object's headers, and for GET its body as a stream. */
async function readObject(call: SandboxCall, withBody: boolean) {
  const bucketName = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const { bucket, version } = await readableVersion(call, bucketName, key, str(call.input, 'VersionId'));
  checkReadConditions(readConditions(call.input), version.etag, new Date(version.lastModified));
  if (withBody && (version.storageClass === 'GLACIER' || version.storageClass === 'DEEP_ARCHIVE'))
    throw new SandboxError('InvalidObjectState', "The operation is not valid for the object's storage class", 403, {
      StorageClass: version.storageClass,
    });
  const { range, partsCount } = selectBytes(call, version);
  if (range) call.reply.statusCode = 206;
  const start = range?.start ?? 0;
  const end = range?.end ?? version.size;
  const partNumber = num(call.input, 'PartNumber');
  // A checksum describes the whole object (or, by PartNumber, a part): a plain range has none.
  const checksum =
    str(call.input, 'ChecksumMode') !== 'ENABLED'
      ? {}
      : partNumber !== undefined && version.multipart
        ? partChecksum(version, partNumber)
        : range
          ? {}
          : checksumOutput(version.checksum);
  const responseExpires = call.input.ResponseExpires;
  return {
    Body: withBody ? readParts(call.store, version.parts, start, end) : undefined,
    AcceptRanges: 'bytes',
    LastModified: new Date(version.lastModified),
    ContentLength: end - start,
    ETag: version.etag,
    ...checksum,
    VersionId: reportedVersionId(bucket, version),
    CacheControl: str(call.input, 'ResponseCacheControl') ?? version.cacheControl,
    ContentDisposition: str(call.input, 'ResponseContentDisposition') ?? version.contentDisposition,
    ContentEncoding: str(call.input, 'ResponseContentEncoding') ?? version.contentEncoding,
    ContentLanguage: str(call.input, 'ResponseContentLanguage') ?? version.contentLanguage,
    ContentType: str(call.input, 'ResponseContentType') ?? version.contentType,
    ContentRange: range ? contentRange(range, version.size) : undefined,
    Expires:
      responseExpires instanceof Date ? responseExpires : version.expires ? new Date(version.expires) : undefined,
    WebsiteRedirectLocation: version.websiteRedirectLocation,
    ...encryptionOutput(version),
    Metadata: version.metadata ?? {},
    // S3 names the storage class only when it is not STANDARD.
    StorageClass: version.storageClass !== 'STANDARD' ? version.storageClass : undefined,
    PartsCount: partsCount,
    TagCount: version.tags?.length ? version.tags.length : undefined,
  };
}

function partChecksum(version: ObjectVersion, partNumber: number): Record<string, string> {
  const part = version.parts[partNumber - 1];
  if (!version.checksum || part?.checksum === undefined) return {};
  return { [checksumMember(version.checksum.algorithm)]: part.checksum, ChecksumType: version.checksum.type };
}

const getObject: Handler = (call) => readObject(call, true);
const headObject: Handler = (call) => readObject(call, false);

/** `bucket/key` (URL-encoded, optionally with a leading `/` and `?versionId=`), as x-amz-copy-source says. */
export function parseCopySource(source: string): { bucket: string; key: string; versionId?: string } {
  const [path = '', query] = source.replace(/^\//, '').split('?', 2);
  const slash = path.indexOf('/');
  const versionId = query !== undefined ? (new URLSearchParams(query).get('versionId') ?? undefined) : undefined;
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(path.slice(0, slash));
    key = decodeURIComponent(path.slice(slash + 1));
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', source);
  }
  if (slash <= 0 || key === '') throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', source);
  return { bucket, key, versionId };
}

/**
 * The source of a copy (CopyObject, UploadPartCopy): its version after the `CopySource…` conditions;
 * a delete marker named by id is refused as S3 refuses it.
 */
export async function copySource(call: SandboxCall) {
  const source = parseCopySource(requireString(call.input, 'CopySource'));
  let found;
  try {
    found = await readableVersion(call, source.bucket, source.key, source.versionId);
  } catch (e) {
    if (e instanceof SandboxError && e.code === 'MethodNotAllowed')
      throw invalidRequest('The source of a copy request may not specifically refer to a delete marker by version id.');
    throw e;
  } finally {
    delete call.reply.headers['x-amz-delete-marker'];
    delete call.reply.headers['x-amz-version-id'];
  }
  checkReadConditions(
    readConditions(call.input, 'CopySource'),
    found.version.etag,
    new Date(found.version.lastModified),
    true,
  );
  return { bucketName: source.bucket, key: source.key, bucket: found.bucket, version: found.version };
}

const copyObject: Handler = async (call) => {
  const bucketName = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  await requireBucket(call.store, bucketName);
  const source = await copySource(call);
  const directive = str(call.input, 'MetadataDirective') ?? 'COPY';
  const taggingDirective = str(call.input, 'TaggingDirective') ?? 'COPY';
  if (!['COPY', 'REPLACE'].includes(directive))
    throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  if (!['COPY', 'REPLACE'].includes(taggingDirective))
    throw invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', taggingDirective);
  const changes = ['StorageClass', 'WebsiteRedirectLocation', 'ServerSideEncryption', 'SSEKMSKeyId'].some(
    (m) => call.input[m] !== undefined,
  );
  if (source.bucketName === bucketName && source.key === key && directive === 'COPY' && !changes)
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  if (source.version.size > MAX_PUT_SIZE)
    throw invalidRequest(
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
    );
  const named = str(call.input, 'ChecksumAlgorithm');
  // A copy keeps its source's checksum algorithm unless the request names another.
  const request: ChecksumRequest = {
    algorithm: named !== undefined ? toAlgorithm(named) : source.version.checksum?.algorithm,
  };
  const src = source.version;
  const { blob, digest } = await storeBody(call, readParts(call.store, src.parts, 0, src.size), request);
  const storage = storageAttributes(call);
  const attributes: Partial<ObjectVersion> =
    directive === 'REPLACE'
      ? contentAttributes(call.input)
      : {
          contentType: src.contentType,
          cacheControl: src.cacheControl,
          contentDisposition: src.contentDisposition,
          contentEncoding: src.contentEncoding,
          contentLanguage: src.contentLanguage,
          expires: src.expires,
          metadata: src.metadata,
        };
  try {
    const { bucket, version } = await commitVersion(
      call,
      bucketName,
      key,
      (bucket) => ({
        ...attributes,
        ...storage,
        tags: taggingDirective === 'REPLACE' ? storage.tags : src.tags,
        ...storedBodyVersion(call, bucket, blob, digest),
      }),
      (record) => checkWriteConditions(call.input, record, key, noSuchKey),
    );
    return {
      CopyObjectResult: {
        ETag: version.etag,
        LastModified: new Date(version.lastModified),
        ...checksumOutput(version.checksum),
      },
      CopySourceVersionId: reportedVersionId(source.bucket, source.version),
      VersionId: reportedVersionId(bucket, version),
      ...encryptionOutput(version),
    };
  } catch (e) {
    await call.store.deleteBlob(blob);
    throw e;
  }
};

interface DeleteResult {
  VersionId?: string;
  DeleteMarker?: boolean;
  DeleteMarkerVersionId?: string;
}

/**
 * Deletes a key (a delete marker when the bucket is versioned) or one version of it; runs under the
 * lock and returns the blobs to delete once the record is written. Deleting what is not there succeeds.
 */
async function deleteOne(
  call: SandboxCall,
  bucket: BucketRecord,
  key: string,
  versionId: string | undefined,
  ifMatch: string | undefined,
): Promise<{ result: DeleteResult; obsolete: string[] }> {
  const doc = objectDoc(bucket.name, key);
  const record = (await call.store.get<ObjectRecord>(doc)) ?? { versions: [] };
  const latest = record.versions[0];
  if (ifMatch !== undefined) {
    if (!latest || latest.deleteMarker) throw noSuchKey(key);
    checkReadConditions({ ifMatch }, latest.etag, new Date(latest.lastModified));
  }
  let removed: ObjectVersion[];
  let result: DeleteResult;
  if (versionId !== undefined) {
    if (!VERSION_ID.test(versionId)) throw invalidArgument('Invalid version id specified', 'versionId', versionId);
    removed = record.versions.filter((v) => v.versionId === versionId);
    record.versions = record.versions.filter((v) => v.versionId !== versionId);
    result = { VersionId: versionId, DeleteMarker: removed[0]?.deleteMarker ? true : undefined };
  } else if (!bucket.versioning) {
    removed = record.versions;
    record.versions = [];
    result = {};
  } else {
    const marker: ObjectVersion = {
      versionId: versionIdFor(call, bucket),
      lastModified: isoSeconds(call.now),
      deleteMarker: true,
      size: 0,
      etag: '',
      parts: [],
    };
    // Suspended versioning replaces the `null` version with the marker.
    removed = record.versions.filter((v) => v.versionId === marker.versionId);
    record.versions = [marker, ...record.versions.filter((v) => v.versionId !== marker.versionId)];
    result = { DeleteMarker: true, VersionId: marker.versionId };
  }
  if (record.versions.length === 0) await call.store.delete(doc);
  else await call.store.put(doc, record);
  return { result, obsolete: removed.flatMap((v) => v.parts.map((p) => p.blob)) };
}

const deleteObject: Handler = async (call) => {
  const bucketName = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const { result, obsolete } = await call.store.exclusive(async () =>
    deleteOne(
      call,
      await requireBucket(call.store, bucketName),
      key,
      str(call.input, 'VersionId'),
      str(call.input, 'IfMatch'),
    ),
  );
  await deleteBlobs(call.store, obsolete);
  return { DeleteMarker: result.DeleteMarker, VersionId: result.VersionId };
};

const deleteObjects: Handler = async (call) => {
  const bucketName = requireString(call.input, 'Bucket');
  const del = call.input.Delete as { Objects?: { Key?: string; VersionId?: string; ETag?: string }[]; Quiet?: boolean };
  const objects = del?.Objects;
  if (!Array.isArray(objects) || objects.length === 0 || objects.length > 1000) throw malformedXml();
  const deleted: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  const obsolete: string[] = [];
  await call.store.exclusive(async () => {
    const bucket = await requireBucket(call.store, bucketName);
    for (const object of objects) {
      const key = object.Key ?? '';
      try {
        const done = await deleteOne(call, bucket, key, object.VersionId, object.ETag);
        obsolete.push(...done.obsolete);
        deleted.push({
          Key: key,
          VersionId: object.VersionId,
          DeleteMarker: done.result.DeleteMarker,
          DeleteMarkerVersionId: done.result.DeleteMarker ? done.result.VersionId : undefined,
        });
      } catch (e) {
        if (!(e instanceof SandboxError)) throw e;
        errors.push({ Key: key, VersionId: object.VersionId, Code: e.code, Message: e.message });
      }
    }
  });
  await deleteBlobs(call.store, obsolete);
  // Quiet mode reports only the failures.
  return { Deleted: del.Quiet ? undefined : deleted, Errors: errors.length ? errors : undefined };
};

/** The version a tagging/ACL/attributes operation addresses, with the record to write it back into. */
async function versionFor(call: SandboxCall) {
  const bucketName = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  return readableVersion(call, bucketName, key, str(call.input, 'VersionId'));
}

/** Changes one version's metadata under the lock. */
async function updateVersion(
  call: SandboxCall,
  change: (version: ObjectVersion) => void,
): Promise<Record<string, unknown>> {
  const bucketName = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const versionId = str(call.input, 'VersionId');
  return call.store.exclusive(async () => {
    const { bucket, version } = await readableVersion(call, bucketName, key, versionId);
    const doc = objectDoc(bucketName, key);
    const record = (await call.store.get<ObjectRecord>(doc))!;
    const stored = record.versions.find((v) => v.versionId === version.versionId)!;
    change(stored);
    await call.store.put(doc, record);
    return { VersionId: reportedVersionId(bucket, stored) };
  });
}

const getObjectTagging: Handler = async (call) => {
  const { bucket, version } = await versionFor(call);
  return { TagSet: version.tags ?? [], VersionId: reportedVersionId(bucket, version) };
};

const putObjectTagging: Handler = async (call) => {
  const tags = checkTags((call.input.Tagging as { TagSet?: unknown } | undefined)?.TagSet, 10);
  return updateVersion(call, (v) => {
    v.tags = tags;
  });
};

const deleteObjectTagging: Handler = (call) =>
  updateVersion(call, (v) => {
    delete v.tags;
  });

const getObjectAcl: Handler = async (call) => {
  const { version } = await versionFor(call);
  return { Owner: ownerOf(call), Grants: version.grants ?? cannedGrants(call, undefined) };
};

const putObjectAcl: Handler = async (call) => {
  const grants = grantsOf(call);
  await updateVersion(call, (v) => {
    v.grants = grants;
  });
  return {};
};

const getObjectAttributes: Handler = async (call) => {
  const { bucket, version } = await versionFor(call);
  const wanted = new Set(
    ((call.input.ObjectAttributes as string[] | undefined) ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()),
  );
  if (wanted.size === 0)
    throw invalidRequest(
      'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty',
    );
  const out: Record<string, unknown> = {
    LastModified: new Date(version.lastModified),
    VersionId: reportedVersionId(bucket, version),
  };
  if (wanted.has('ETag')) out.ETag = unquoteEtag(version.etag);
  if (wanted.has('StorageClass')) out.StorageClass = version.storageClass ?? 'STANDARD';
  if (wanted.has('ObjectSize')) out.ObjectSize = version.size;
  if (wanted.has('Checksum') && version.checksum) out.Checksum = checksumOutput(version.checksum);
  if (wanted.has('ObjectParts') && version.multipart) {
    const marker = num(call.input, 'PartNumberMarker') ?? 0;
    const max = num(call.input, 'MaxParts') ?? 1000;
    const numbered = version.parts.map((p, i) => ({ n: i + 1, p })).filter(({ n }) => n > marker);
    const page = numbered.slice(0, max);
    const algorithm = version.checksum?.algorithm;
    out.ObjectParts = {
      TotalPartsCount: version.parts.length,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length ? page[page.length - 1]!.n : marker,
      MaxParts: max,
      IsTruncated: numbered.length > page.length,
      Parts: page.map(({ n, p }) => ({
        PartNumber: n,
        Size: p.size,
        ...(algorithm && p.checksum !== undefined ? { [checksumMember(algorithm)]: p.checksum } : {}),
      })),
    };
  }
  return out;
};

export const objectHandlers = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  GetObjectTagging: getObjectTagging,
  PutObjectTagging: putObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
  GetObjectAttributes: getObjectAttributes,
};
