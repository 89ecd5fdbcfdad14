/**
 * What every S3 module shares: where documents live in the store, the shapes of the stored bucket and
 * object records, S3's common errors as S3 words them, and small readers of the plain input.
 */
import { randomId, SandboxError, type SandboxCall } from '../../service.js';
import type { SandboxStore } from '../../store.js';

export type Algorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** An object's checksum: base64, and for a COMPOSITE one `-<parts>` after it, as S3 reports it. */
export interface StoredChecksum {
  algorithm: Algorithm;
  type: ChecksumType;
  value: string;
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
/** The largest object a single PutObject (or a part) may carry. */
export const MAX_PUT_SIZE = 5 * GiB;

// Documents: one per bucket, one per object key (all its versions), one per upload and one per part,
// so writing an object never rewrites its bucket's other objects.
export const bucketDoc = (bucket: string) => `s3/buckets/${bucket}`;
export const BUCKETS = 's3/buckets/';
export const objectsPrefix = (bucket: string) => `s3/objects/${bucket}/`;
export const objectDoc = (bucket: string, key: string) => `${objectsPrefix(bucket)}${key}`;
export const uploadsPrefix = (bucket: string) => `s3/uploads/${bucket}/`;
export const uploadDoc = (bucket: string, uploadId: string) => `${uploadsPrefix(bucket)}${uploadId}`;
export const partsPrefix = (bucket: string, uploadId: string) => `s3/parts/${bucket}/${uploadId}/`;
/** Zero-padded so that the store's key order is part-number order. */
export const partDoc = (bucket: string, uploadId: string, part: number) =>
  `${partsPrefix(bucket, uploadId)}${String(part).padStart(5, '0')}`;

/** A fresh, never reused blob key: bodies are written before the metadata that links them exists. */
export function newBlobKey(call: SandboxCall): string {
  return `s3/blobs/${call.now.getTime().toString(36)}-${randomId(call.random, 24, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
}

export interface Grant {
  Grantee: { Type: string; ID?: string; DisplayName?: string; URI?: string; EmailAddress?: string };
  Permission: string;
}

export interface BucketRecord {
  name: string;
  account: string;
  region: string;
  /** As given at creation (`EU` stays `EU`); absent in us-east-1. */
  locationConstraint?: string;
  created: string;
  versioning?: 'Enabled' | 'Suspended';
  mfaDelete?: string;
  tags?: { Key: string; Value: string }[];
  policy?: string;
  cors?: unknown[];
  lifecycle?: unknown[];
  website?: Record<string, unknown>;
  grants?: Grant[];
}

/** One blob of an object's body, in order; a multipart object has one per part. */
export interface BodyPart {
  blob: string;
  size: number;
  /** A multipart object's part checksums (for GetObjectAttributes and GetObject with PartNumber). */
  checksum?: string;
}

/** One version of an object (the only one, `null`, while the bucket is unversioned), or a delete marker. */
export interface ObjectVersion {
  versionId: string;
  lastModified: string;
  deleteMarker?: boolean;
  size: number;
  etag: string;
  parts: BodyPart[];
  /** Set for an object made by CompleteMultipartUpload: GetObject's PartNumber addresses its parts. */
  multipart?: boolean;
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: string;
  websiteRedirectLocation?: string;
  metadata?: Record<string, string>;
  storageClass?: string;
  serverSideEncryption?: string;
  sseKmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  tags?: { Key: string; Value: string }[];
  grants?: Grant[];
  checksum?: StoredChecksum;
}

/** All versions of a key, newest first. */
export interface ObjectRecord {
  versions: ObjectVersion[];
}

export const noSuchBucket = (bucket: string) =>
  new SandboxError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });

export const noSuchKey = (key: string) =>
  new SandboxError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });

export const noSuchUpload = (uploadId: string) =>
  new SandboxError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: uploadId },
  );

export const malformedXml = () =>
  new SandboxError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

export const invalidArgument = (message: string, name: string, value: unknown) =>
  new SandboxError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: String(value ?? '') });

export const invalidRequest = (message: string) => new SandboxError('InvalidRequest', message);

/** The bucket's record, or NoSuchBucket. */
export async function requireBucket(store: SandboxStore, bucket: string): Promise<BucketRecord> {
  const record = await store.get<BucketRecord>(bucketDoc(bucket));
  if (!record) throw noSuchBucket(bucket);
  return record;
}

/**
 * The account's canonical user, as S3 names owners and grantees. The sandbox has one account; its
 * canonical id and display name are the ones AWS's documentation shows.
 */
export function ownerOf(_call: Pick<SandboxCall, 'caller'>): { DisplayName: string; ID: string } {
  return { DisplayName: 'webfile', ID: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a' };
}

export function str(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

export function num(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}

export function requireString(input: Record<string, unknown>, name: string): string {
  const value = str(input, name);
  if (value === undefined) throw invalidArgument(`${name} is required`, name, value);
  return value;
}

/** Timestamps are stored as ISO strings to whole seconds: HTTP dates cannot say more, and S3 keeps no more. */
export function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

export const quoteEtag = (hex: string) => `"${hex}"`;
export const unquoteEtag = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

/** The version a read addresses: the latest, or the one named; undefined when there is none. */
export function findVersion(record: ObjectRecord | undefined, versionId?: string): ObjectVersion | undefined {
  if (!record) return undefined;
  return versionId === undefined ? record.versions[0] : record.versions.find((v) => v.versionId === versionId);
}

/** The version id a response reports: only buckets that have (ever) had versioning report one. */
export function reportedVersionId(bucket: BucketRecord, version: ObjectVersion): string | undefined {
  return bucket.versioning || version.versionId !== 'null' ? version.versionId : undefined;
}

/** A new version id: S3's are 32 URL-safe characters. */
export function newVersionId(call: SandboxCall): string {
  return randomId(call.random, 32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._');
}

/**
 * Adds `version` as the key's newest, as the bucket's versioning decides: a versioned bucket keeps
 * every version; otherwise the `null` version is replaced. Returns the blobs no version uses any more.
 */
export function addVersion(record: ObjectRecord, version: ObjectVersion): string[] {
  const replaced = version.versionId === 'null' ? record.versions.filter((v) => v.versionId === 'null') : [];
  record.versions = [version, ...record.versions.filter((v) => v.versionId !== version.versionId)];
  return replaced.flatMap((v) => v.parts.map((p) => p.blob));
}

/** Deletes blobs after the metadata that used them has changed; a blob already gone is no matter. */
export async function deleteBlobs(store: SandboxStore, blobs: readonly string[]): Promise<void> {
  for (const blob of blobs) await store.deleteBlob(blob);
}

/** Tags as S3 checks them (`limit`: 10 for an object, 50 for a bucket). */
export function checkTags(tags: unknown, limit: number): { Key: string; Value: string }[] {
  if (!Array.isArray(tags)) throw malformedXml();
  const out: { Key: string; Value: string }[] = [];
  const seen = new Set<string>();
  for (const tag of tags as { Key?: unknown; Value?: unknown }[]) {
    const key = typeof tag.Key === 'string' ? tag.Key : undefined;
    const value = typeof tag.Value === 'string' ? tag.Value : '';
    if (key === undefined || key.length === 0 || key.length > 128)
      throw new SandboxError('InvalidTag', 'The TagKey you have provided is invalid');
    if (value.length > 256) throw new SandboxError('InvalidTag', 'The TagValue you have provided is invalid');
    if (key.toLowerCase().startsWith('aws:'))
      throw new SandboxError('InvalidTag', 'System tags cannot be added/updated by requester');
    if (seen.has(key)) throw new SandboxError('InvalidTag', 'Cannot provide multiple Tags with the same key');
    seen.add(key);
    out.push({ Key: key, Value: value });
  }
  if (out.length > limit)
    throw limit === 10
      ? new SandboxError('BadRequest', 'Object tags cannot be greater than 10')
      : new SandboxError('InvalidTag', `Bucket tag count cannot be greater than ${limit}`);
  return out;
}

/** The `x-amz-tagging` header: a URL query string of tags. */
export function parseTaggingHeader(text: string): { Key: string; Value: string }[] {
  return checkTags(
    [...new URLSearchParams(text)].map(([Key, Value]) => ({ Key, Value })),
    10,
  );
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** The grants a canned ACL stands for: the owner's FULL_CONTROL and what the name adds. */
export function cannedGrants(call: Pick<SandboxCall, 'caller'>, acl: string | undefined): Grant[] {
  const owner = ownerOf(call);
  const grants: Grant[] = [{ Grantee: { Type: 'CanonicalUser', ...owner }, Permission: 'FULL_CONTROL' }];
  const group = (URI: string, Permission: string) => grants.push({ Grantee: { Type: 'Group', URI }, Permission });
  switch (acl) {
    case undefined:
    case 'private':
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
    case 'aws-exec-read':
      break;
    case 'public-read':
      group(ALL_USERS, 'READ');
      break;
    case 'public-read-write':
      group(ALL_USERS, 'READ');
      group(ALL_USERS, 'WRITE');
      break;
    case 'authenticated-read':
      group(AUTHENTICATED_USERS, 'READ');
      break;
    case 'log-delivery-write':
      group(LOG_DELIVERY, 'WRITE');
      group(LOG_DELIVERY, 'READ_ACP');
      break;
    default:
      throw invalidArgument('Invalid canned ACL', 'x-amz-acl', acl);
  }
  return grants;
}

/** The grants of a PutBucketAcl/PutObjectAcl: a canned ACL or an AccessControlPolicy. */
export function grantsOf(call: SandboxCall): Grant[] {
  const policy = call.input.AccessControlPolicy as { Grants?: Grant[] } | undefined;
  const acl = str(call.input, 'ACL');
  if (policy && acl !== undefined) throw new SandboxError('UnexpectedContent', 'This request does not support content');
  if (!policy) return cannedGrants(call, acl);
  if (!Array.isArray(policy.Grants)) throw malformedXml();
  for (const grant of policy.Grants)
    if (!['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP'].includes(grant.Permission)) throw malformedXml();
  return policy.Grants;
}
