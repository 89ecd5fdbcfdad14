/**
 * Multipart uploads. An upload is a document of what the object will be; each part a document and a
 * blob. Completing links the listed parts' blobs, in order, as the new object's body: no byte is
 * copied, however large the object.
 */
import { randomId, SandboxError, type Handler, type SandboxCall } from '../../service.js';
import { linkVersion, readParts, storeBody } from './bodies.js';
import {
  checksumMember,
  checksumOutput,
  combineCrcs,
  compositeChecksum,
  readChecksumRequest,
  supportsFullObject,
  toAlgorithm,
} from './checksums.js';
import {
  type Algorithm,
  type ChecksumType,
  type StoredChecksum,
  deleteBlobs,
  invalidArgument,
  invalidRequest,
  isoSeconds,
  malformedXml,
  MAX_PUT_SIZE,
  MiB,
  noSuchKey,
  noSuchUpload,
  num,
  ownerOf,
  partDoc,
  partsPrefix,
  quoteEtag,
  reportedVersionId,
  requireBucket,
  requireString,
  str,
  unquoteEtag,
  uploadDoc,
  uploadsPrefix,
  type ObjectVersion,
} from './common.js';
import { checkWriteConditions, invalidRange } from './conditions.js';
import { contentAttributes, copySource, encryptionOutput, storageAttributes, versionIdFor } from './objects.js';
import { md5 } from '../../../core/checksums/md5.js';
import { toHex } from '../../../core/hex.js';

const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10000;

interface UploadRecord {
  uploadId: string;
  key: string;
  initiated: string;
  /** The object-to-be's attributes, from CreateMultipartUpload. */
  object: Partial<ObjectVersion>;
  checksumAlgorithm?: Algorithm;
  checksumType?: ChecksumType;
}

interface PartRecord {
  partNumber: number;
  blob: string;
  size: number;
  /** Hex MD5, unquoted. */
  md5: string;
  lastModified: string;
  /** Base64, of the upload's checksum algorithm. */
  checksum?: string;
}

/** The upload, or NoSuchUpload (also when the id belongs to another key). */
async function requireUpload(call: SandboxCall, bucket: string, key: string, uploadId: string): Promise<UploadRecord> {
  const upload = await call.store.get<UploadRecord>(uploadDoc(bucket, uploadId));
  if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

async function partsOf(call: SandboxCall, bucket: string, uploadId: string): Promise<PartRecord[]> {
  const parts: PartRecord[] = [];
  for (const key of await call.store.keys(partsPrefix(bucket, uploadId))) {
    const part = await call.store.get<PartRecord>(key);
    if (part) parts.push(part);
  }
  return parts;
}

function partNumberOf(call: SandboxCall): number {
  const n = num(call.input, 'PartNumber');
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > MAX_PARTS)
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', n);
  return n;
}

const createMultipartUpload: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  await requireBucket(call.store, bucket);
  const named = str(call.input, 'ChecksumAlgorithm');
  const algorithm = named !== undefined ? toAlgorithm(named) : undefined;
  const requestedType = str(call.input, 'ChecksumType');
  if (requestedType !== undefined && algorithm === undefined)
    throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  // CRC64NVME can only be FULL_OBJECT; the others default to COMPOSITE; SHAs cannot be combined.
  const type: ChecksumType | undefined =
    algorithm === undefined
      ? undefined
      : ((requestedType as ChecksumType | undefined) ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE'));
  if (algorithm && type === 'FULL_OBJECT' && !supportsFullObject(algorithm))
    throw invalidRequest(
      `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  if (algorithm === 'CRC64NVME' && type === 'COMPOSITE')
    throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  const upload: UploadRecord = {
    uploadId: randomId(call.random, 86, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-'),
    key,
    initiated: isoSeconds(call.now),
    object: { ...contentAttributes(call.input), ...storageAttributes(call) },
    checksumAlgorithm: algorithm,
    checksumType: type,
  };
  await call.store.exclusive(async () => {
    await requireBucket(call.store, bucket);
    await call.store.put(uploadDoc(bucket, upload.uploadId), upload);
  });
  return {
    Bucket: bucket,
    Key: key,
    UploadId: upload.uploadId,
    ChecksumAlgorithm: algorithm,
    ChecksumType: type,
    ServerSideEncryption: upload.object.serverSideEncryption,
    SSEKMSKeyId: upload.object.sseKmsKeyId,
    BucketKeyEnabled: upload.object.bucketKeyEnabled,
  };
};

/**
 * Links a part's stored blob into its upload under the lock, replacing (and freeing) an earlier upload of it.
 * If that fails, the part's own blob is deleted, as nothing else will refer to it.
 */
async function savePart(call: SandboxCall, bucket: string, key: string, uploadId: string, part: PartRecord) {
  try {
    const replaced = await call.store.exclusive(async () => {
      await requireUpload(call, bucket, key, uploadId);
      const previous = await call.store.get<PartRecord>(partDoc(bucket, uploadId, part.partNumber));
      await call.store.put(partDoc(bucket, uploadId, part.partNumber), part);
      return previous?.blob;
    });
    if (replaced !== undefined) await call.store.deleteBlob(replaced);
  } catch (e) {
    await call.store.deleteBlob(part.blob);
    throw e;
  }
}

const uploadPart: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const uploadId = requireString(call.input, 'UploadId');
  const partNumber = partNumberOf(call);
  await requireBucket(call.store, bucket);
  const upload = await requireUpload(call, bucket, key, uploadId);
  const request = readChecksumRequest(call, upload.checksumAlgorithm);
  const { blob, digest } = await storeBody(call, call.input.Body, request, MAX_PUT_SIZE);
  await savePart(call, bucket, key, uploadId, {
    partNumber,
    blob,
    size: digest.size,
    md5: digest.md5,
    lastModified: isoSeconds(call.now),
    checksum: upload.checksumAlgorithm ? digest.checksum?.value : undefined,
  });
  return {
    ETag: quoteEtag(digest.md5),
    ...(digest.checksum ? { [checksumMember(digest.checksum.algorithm)]: digest.checksum.value } : {}),
    ServerSideEncryption: upload.object.serverSideEncryption,
    SSEKMSKeyId: upload.object.sseKmsKeyId,
    BucketKeyEnabled: upload.object.bucketKeyEnabled,
  };
};

/** `bytes=first-last` within the source, as x-amz-copy-source-range must be. */
function copyRange(header: string | undefined, size: number): { start: number; end: number } {
  if (header === undefined) return { start: 0, end: size };
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!match)
    throw invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      header,
    );
  const start = Number(match[1]);
  const last = Number(match[2]);
  if (last < start || last >= size) throw invalidRange(header, size);
  return { start, end: last + 1 };
}

const uploadPartCopy: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const uploadId = requireString(call.input, 'UploadId');
  const partNumber = partNumberOf(call);
  await requireBucket(call.store, bucket);
  const upload = await requireUpload(call, bucket, key, uploadId);
  const source = await copySource(call);
  const { start, end } = copyRange(str(call.input, 'CopySourceRange'), source.version.size);
  if (end - start > MAX_PUT_SIZE)
    throw invalidRequest(
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
    );
  const body = readParts(call.store, source.version.parts, start, end);
  const { blob, digest } = await storeBody(call, body, { algorithm: upload.checksumAlgorithm });
  const lastModified = isoSeconds(call.now);
  await savePart(call, bucket, key, uploadId, {
    partNumber,
    blob,
    size: digest.size,
    md5: digest.md5,
    lastModified,
    checksum: digest.checksum?.value,
  });
  return {
    CopySourceVersionId: reportedVersionId(source.bucket, source.version),
    CopyPartResult: {
      ETag: quoteEtag(digest.md5),
      LastModified: new Date(lastModified),
      ...(digest.checksum ? { [checksumMember(digest.checksum.algorithm)]: digest.checksum.value } : {}),
    },
    ServerSideEncryption: upload.object.serverSideEncryption,
  };
};

function partOutput(upload: UploadRecord, part: PartRecord): Record<string, unknown> {
  return {
    PartNumber: part.partNumber,
    LastModified: new Date(part.lastModified),
    ETag: quoteEtag(part.md5),
    Size: part.size,
    ...(upload.checksumAlgorithm && part.checksum !== undefined
      ? { [checksumMember(upload.checksumAlgorithm)]: part.checksum }
      : {}),
  };
}

const listParts: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const uploadId = requireString(call.input, 'UploadId');
  await requireBucket(call.store, bucket);
  const upload = await requireUpload(call, bucket, key, uploadId);
  const marker = num(call.input, 'PartNumberMarker') ?? 0;
  const max = Math.min(num(call.input, 'MaxParts') ?? 1000, 1000);
  if (max < 0)
    throw invalidArgument('Argument max-parts must be an integer between 0 and 2147483647', 'max-parts', max);
  const after = (await partsOf(call, bucket, uploadId)).filter((p) => p.partNumber > marker);
  const page = after.slice(0, max);
  const owner = ownerOf(call);
  return {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length ? page[page.length - 1]!.partNumber : undefined,
    MaxParts: max,
    IsTruncated: after.length > page.length,
    Parts: page.length ? page.map((p) => partOutput(upload, p)) : undefined,
    Initiator: owner,
    Owner: owner,
    StorageClass: upload.object.storageClass ?? 'STANDARD',
    ChecksumAlgorithm: upload.checksumAlgorithm,
    ChecksumType: upload.checksumType,
  };
};

const listMultipartUploads: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  await requireBucket(call.store, bucket);
  const prefix = str(call.input, 'Prefix') ?? '';
  const delimiter = str(call.input, 'Delimiter') || undefined;
  const keyMarker = str(call.input, 'KeyMarker') ?? '';
  const uploadIdMarker = str(call.input, 'UploadIdMarker');
  const max = Math.min(num(call.input, 'MaxUploads') ?? 1000, 1000);
  const uploads: UploadRecord[] = [];
  for (const doc of await call.store.keys(uploadsPrefix(bucket))) {
    const upload = await call.store.get<UploadRecord>(doc);
    if (upload?.key.startsWith(prefix)) uploads.push(upload);
  }
  // By key, then by when each was initiated, as S3 lists them.
  uploads.sort((a, b) =>
    a.key !== b.key
      ? a.key < b.key
        ? -1
        : 1
      : a.initiated.localeCompare(b.initiated) || a.uploadId.localeCompare(b.uploadId),
  );
  let start = 0;
  if (keyMarker !== '') {
    const markerAt =
      uploadIdMarker !== undefined
        ? uploads.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker)
        : -1;
    start =
      markerAt >= 0
        ? markerAt + 1
        : uploads.findIndex((u) => u.key > keyMarker) < 0
          ? uploads.length
          : uploads.findIndex((u) => u.key > keyMarker);
  }
  const entries: (UploadRecord | { prefix: string })[] = [];
  let truncated = false;
  for (const upload of uploads.slice(start)) {
    const at = delimiter ? upload.key.indexOf(delimiter, prefix.length) : -1;
    const group = at >= 0 ? upload.key.slice(0, at + delimiter!.length) : undefined;
    const previous = entries[entries.length - 1];
    if (group !== undefined && (group <= keyMarker || (previous && 'prefix' in previous && previous.prefix === group)))
      continue;
    if (entries.length === max) {
      truncated = true;
      break;
    }
    entries.push(group !== undefined ? { prefix: group } : upload);
  }
  const last = entries[entries.length - 1];
  const owner = ownerOf(call);
  const listed = entries.flatMap((e) =>
    'uploadId' in e
      ? [
          {
            UploadId: e.uploadId,
            Key: e.key,
            Initiated: new Date(e.initiated),
            StorageClass: e.object.storageClass ?? 'STANDARD',
            Owner: owner,
            Initiator: owner,
            ChecksumAlgorithm: e.checksumAlgorithm,
            ChecksumType: e.checksumType,
          },
        ]
      : [],
  );
  const prefixes = entries.flatMap((e) => ('prefix' in e ? [{ Prefix: e.prefix }] : []));
  return {
    Bucket: bucket,
    KeyMarker: keyMarker,
    UploadIdMarker: uploadIdMarker ?? '',
    NextKeyMarker: truncated && last ? ('prefix' in last ? last.prefix : last.key) : undefined,
    NextUploadIdMarker: truncated && last && 'uploadId' in last ? last.uploadId : undefined,
    Prefix: prefix,
    Delimiter: delimiter,
    MaxUploads: max,
    IsTruncated: truncated,
    Uploads: listed.length ? listed : undefined,
    CommonPrefixes: prefixes.length ? prefixes : undefined,
    EncodingType: str(call.input, 'EncodingType'),
  };
};

const invalidPart = (uploadId: string, partNumber: number, etag: string) =>
  new SandboxError(
    'InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
    400,
    { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
  );

/** The multipart object's checksum from its parts', checked against a full-object value the request gives. */
async function objectChecksum(
  call: SandboxCall,
  upload: UploadRecord,
  parts: PartRecord[],
): Promise<StoredChecksum | undefined> {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm || !upload.checksumType) return undefined;
  const values = parts.map((p) => p.checksum);
  if (values.some((v) => v === undefined)) return undefined;
  const value =
    upload.checksumType === 'FULL_OBJECT'
      ? combineCrcs(
          algorithm,
          parts.map((p) => ({ value: p.checksum!, size: p.size })),
        )
      : await compositeChecksum(algorithm, values as string[]);
  const given = str(call.input, checksumMember(algorithm));
  if (given !== undefined && given !== value && given !== value.replace(/-\d+$/, ''))
    throw new SandboxError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
  return { algorithm, type: upload.checksumType, value };
}

const completeMultipartUpload: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const uploadId = requireString(call.input, 'UploadId');
  await requireBucket(call.store, bucket);
  const listed = (call.input.MultipartUpload as { Parts?: Record<string, unknown>[] } | undefined)?.Parts;
  if (!Array.isArray(listed) || listed.length === 0) throw malformedXml();
  let unused: string[] = [];
  const { bucketRecord, version } = await call.store.exclusive(async () => {
    const upload = await requireUpload(call, bucket, key, uploadId);
    const stored = new Map((await partsOf(call, bucket, uploadId)).map((p) => [p.partNumber, p]));
    const chosen: PartRecord[] = [];
    for (const [i, item] of listed.entries()) {
      const n = typeof item.PartNumber === 'number' ? item.PartNumber : NaN;
      const previous = chosen[i - 1];
      if (previous && n <= previous.partNumber)
        throw new SandboxError(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
          400,
          { UploadId: uploadId },
        );
      const etag = typeof item.ETag === 'string' ? item.ETag : '';
      const part = stored.get(n);
      if (!part || unquoteEtag(etag) !== part.md5) throw invalidPart(uploadId, n, etag);
      const sentChecksum = upload.checksumAlgorithm ? item[checksumMember(upload.checksumAlgorithm)] : undefined;
      if (sentChecksum !== undefined && sentChecksum !== part.checksum) throw invalidPart(uploadId, n, etag);
      chosen.push(part);
    }
    chosen.forEach((part, i) => {
      if (i < chosen.length - 1 && part.size < MIN_PART_SIZE)
        throw new SandboxError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
          ProposedSize: String(part.size),
          MinSizeAllowed: String(MIN_PART_SIZE),
          PartNumber: String(part.partNumber),
          ETag: quoteEtag(part.md5),
        });
    });
    const size = chosen.reduce((n, p) => n + p.size, 0);
    const declared = num(call.input, 'MpuObjectSize');
    if (declared !== undefined && declared !== size)
      throw invalidRequest(
        `The provided 'x-amz-mp-object-size' header value ${declared} does not match what was computed: ${size}`,
      );
    const checksum = await objectChecksum(call, upload, chosen);
    // S3's multipart ETag: the MD5 of the parts' binary MD5s, then the number of parts.
    const joined = new Uint8Array(chosen.length * 16);
    chosen.forEach((p, i) => joined.set(fromHex(p.md5), i * 16));
    const etag = quoteEtag(`${toHex(md5(joined))}-${chosen.length}`);
    const result = await linkVersion(
      call,
      bucket,
      key,
      (bucketRecord) => ({
        ...upload.object,
        versionId: versionIdFor(call, bucketRecord),
        lastModified: isoSeconds(call.now),
        size,
        etag,
        parts: chosen.map((p) => ({ blob: p.blob, size: p.size, checksum: p.checksum })),
        multipart: true,
        checksum,
      }),
      (record) => checkWriteConditions(call.input, record, key, noSuchKey),
    );
    const used = new Set(chosen.map((p) => p.blob));
    unused = [...result.obsolete, ...[...stored.values()].filter((p) => !used.has(p.blob)).map((p) => p.blob)];
    for (const part of stored.values()) await call.store.delete(partDoc(bucket, uploadId, part.partNumber));
    await call.store.delete(uploadDoc(bucket, uploadId));
    return { bucketRecord: result.bucket, version: result.version };
  });
  await deleteBlobs(call.store, unused);
  return {
    Location: `https://${bucket}.s3.${call.region}.amazonaws.com/${key.split('/').map(encodeURIComponent).join('/')}`,
    Bucket: bucket,
    Key: key,
    ETag: version.etag,
    ...checksumOutput(version.checksum),
    VersionId: reportedVersionId(bucketRecord, version),
    ...encryptionOutput(version),
  };
};

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const abortMultipartUpload: Handler = async (call) => {
  const bucket = requireString(call.input, 'Bucket');
  const key = requireString(call.input, 'Key');
  const uploadId = requireString(call.input, 'UploadId');
  await requireBucket(call.store, bucket);
  const blobs = await call.store.exclusive(async () => {
    await requireUpload(call, bucket, key, uploadId);
    const parts = await partsOf(call, bucket, uploadId);
    for (const part of parts) await call.store.delete(partDoc(bucket, uploadId, part.partNumber));
    await call.store.delete(uploadDoc(bucket, uploadId));
    return parts.map((p) => p.blob);
  });
  await deleteBlobs(call.store, blobs);
  return {};
};

export const multipartHandlers = {
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
};
