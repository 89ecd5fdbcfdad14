/**
 * Glacier's archives: uploaded whole or in parts, each checked against the client's SHA-256 tree hash,
 * and deleted. Bodies stream into the store's blobs; a multipart archive keeps its parts' blobs as its
 * pieces rather than copying them into one.
 */
import { treeHashOfLeaves, TREE_HASH_LEAF_SIZE } from '../../../core/checksums/tree-hash.js';
import { compareKeys, type SandboxStore } from '../../store.js';
import type { Handler, SandboxCall } from '../../service.js';
import {
  checkDescription,
  checkTreeHash,
  fromHex,
  invalidParameter,
  keys,
  loadInVault,
  loadVault,
  missingParameter,
  newId,
  notFound,
  optionalString,
  page,
  requireChecksum,
  scopeOf,
  storeHashed,
  vaultArn,
  vaultName,
  type ArchiveRecord,
  type Scope,
  type UploadRecord,
  type VaultRecord,
} from './common.js';

const MAX_PART_SIZE = 4 * 1024 * 1024 * 1024;

function archiveNotFound(id: string): Error {
  return notFound(`The archive ID was not found: ${id}`);
}

function uploadNotFound(id: string): Error {
  return notFound(`The upload ID was not found: ${id}`);
}

function uploadId(call: SandboxCall): string {
  const id = call.input.uploadId;
  if (typeof id !== 'string' || id === '') throw missingParameter('Required parameter missing: uploadId');
  return id;
}

/** The request's streaming payload, whichever form the front hands it in. */
function bodyStream(body: unknown): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array)
    return (async function* () {
      yield body;
    })();
  if (body === undefined || body === null) return (async function* () {})();
  return body as AsyncIterable<Uint8Array>;
}

/** Runs `fn`; if it fails, the blobs written for the request are removed before the error goes on. */
async function orDiscard<T>(store: SandboxStore, blobs: string[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    for (const blob of blobs) await store.deleteBlob(blob);
    throw e;
  }
}

/** Records a new archive in its vault (whose record the caller has just read, alone) and answers as AWS does. */
async function saveArchive(
  call: SandboxCall,
  scope: Scope,
  vault: VaultRecord,
  archive: ArchiveRecord,
): Promise<Record<string, unknown>> {
  vault.numberOfArchives += 1;
  vault.sizeInBytes += archive.size;
  await call.store.put(keys.archive(scope, vault.name, archive.id), archive);
  await call.store.put(keys.vault(scope, vault.name), vault);
  return {
    location: `/${scope.account}/vaults/${vault.name}/archives/${archive.id}`,
    checksum: archive.treeHash,
    archiveId: archive.id,
  };
}

const uploadArchive: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const description = optionalString(call.input, 'archiveDescription');
  checkDescription(description, 'archive description');
  const checksum = requireChecksum(call.input);
  await loadVault(call.store, scope, vault);
  const id = newId(call, 138);
  const blob = keys.archive(scope, vault, id);
  const { size, treeHash } = await storeHashed(call.store, blob, bodyStream(call.input.body));
  return orDiscard(call.store, [blob], async () => {
    checkTreeHash(checksum, treeHash);
    const archive: ArchiveRecord = {
      id,
      description,
      creationDate: call.now.toISOString(),
      size,
      treeHash,
      pieces: [{ blob, size }],
    };
    // The vault is read again: it may have been deleted while the body was read.
    return call.store.exclusive(async () =>
      saveArchive(call, scope, await loadVault(call.store, scope, vault), archive),
    );
  });
};

const deleteArchive: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const id = optionalString(call.input, 'archiveId');
  if (!id) throw missingParameter('Required parameter missing: archiveId');
  const archive = await call.store.exclusive(async () => {
    const record = await loadVault(call.store, scope, vault);
    const found = await call.store.get<ArchiveRecord>(keys.archive(scope, vault, id));
    if (!found) throw archiveNotFound(id);
    record.numberOfArchives -= 1;
    record.sizeInBytes -= found.size;
    await call.store.delete(keys.archive(scope, vault, id));
    await call.store.put(keys.vault(scope, vault), record);
    return found;
  });
  for (const piece of archive.pieces) await call.store.deleteBlob(piece.blob);
  return {};
};

/** Part sizes AWS takes: a power of two MiB, from 1 MiB to 4 GiB. */
function parsePartSize(value: string | undefined): number {
  if (value === undefined || value === '') throw missingParameter('Required header missing: x-amz-part-size');
  const size = Number(value);
  const mebibytes = size / TREE_HASH_LEAF_SIZE;
  if (
    !/^\d+$/.test(value) ||
    !Number.isInteger(mebibytes) ||
    mebibytes < 1 ||
    size > MAX_PART_SIZE ||
    (mebibytes & (mebibytes - 1)) !== 0
  )
    throw invalidParameter(
      `Invalid part size: ${value}. The part size must be a megabyte (1024 KB) multiplied by a power of 2, from 1 MB (1048576) to 4 GB (4294967296).`,
    );
  return size;
}

async function loadUpload(call: SandboxCall, scope: Scope, vault: string, id: string): Promise<UploadRecord> {
  return loadInVault<UploadRecord>(call.store, scope, vault, keys.upload(scope, vault, id), () => uploadNotFound(id));
}

const initiateMultipartUpload: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const description = optionalString(call.input, 'archiveDescription');
  checkDescription(description, 'archive description');
  const partSize = parsePartSize(optionalString(call.input, 'partSize'));
  const id = newId(call, 92);
  await call.store.exclusive(async () => {
    await loadVault(call.store, scope, vault);
    const upload: UploadRecord = { id, description, partSize, creationDate: call.now.toISOString(), parts: {} };
    await call.store.put(keys.upload(scope, vault, id), upload);
  });
  return { location: `/${scope.account}/vaults/${vault}/multipart-uploads/${id}`, uploadId: id };
};

const uploadMultipartPart: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const id = uploadId(call);
  const { partSize } = await loadUpload(call, scope, vault, id);
  const checksum = requireChecksum(call.input);
  const range = optionalString(call.input, 'range');
  if (!range) throw missingParameter('Required header missing: Content-Range');
  const match = /^bytes (\d+)-(\d+)\/\*$/.exec(range.trim());
  const start = Number(match?.[1]);
  const length = Number(match?.[2]) - start + 1;
  if (!match || !(length > 0))
    throw invalidParameter(`Invalid Content-Range: ${range} (expected bytes <first>-<last>/*)`);
  // Every part but the last is exactly the upload's part size; the last may be shorter (checked at completion).
  if (start % partSize !== 0 || length > partSize)
    throw invalidParameter(`Content-Range: ${range} is incompatible with the upload's part size ${partSize}`);
  const blob = `${keys.upload(scope, vault, id)}/${start}.${newId(call, 16)}`;
  const { size, treeHash } = await storeHashed(call.store, blob, bodyStream(call.input.body));
  const replaced = await orDiscard(call.store, [blob], async () => {
    if (size !== length)
      throw invalidParameter(`The part holds ${size} bytes, but its Content-Range ${range} says ${length}`);
    checkTreeHash(checksum, treeHash);
    return call.store.exclusive(async () => {
      const upload = await loadUpload(call, scope, vault, id);
      const previous = upload.parts[String(start)]?.blob;
      upload.parts[String(start)] = { size, treeHash, blob };
      await call.store.put(keys.upload(scope, vault, id), upload);
      return previous;
    });
  });
  // A part sent again replaces the first one's bytes.
  if (replaced) await call.store.deleteBlob(replaced);
  return { checksum: treeHash };
};

function sortedParts(upload: UploadRecord): Array<{ start: number; size: number; treeHash: string; blob: string }> {
  return Object.entries(upload.parts)
    .map(([start, part]) => ({ start: Number(start), ...part }))
    .sort((a, b) => a.start - b.start);
}

const listParts: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const upload = await loadUpload(call, scope, vault, uploadId(call));
  const listed = page(sortedParts(upload), (p) => String(p.start), call.input, 50);
  return {
    MultipartUploadId: upload.id,
    VaultARN: vaultArn(scope, vault),
    ArchiveDescription: upload.description,
    PartSizeInBytes: upload.partSize,
    CreationDate: upload.creationDate,
    Parts: listed.items.map((p) => ({
      RangeInBytes: `${p.start}-${p.start + p.size - 1}`,
      SHA256TreeHash: p.treeHash,
    })),
    Marker: listed.marker,
  };
};

const listMultipartUploads: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  await loadVault(call.store, scope, vault);
  const uploads: UploadRecord[] = [];
  for (const key of await call.store.keys(keys.uploads(scope, vault))) {
    const upload = await call.store.get<UploadRecord>(key);
    if (upload) uploads.push(upload);
  }
  uploads.sort((a, b) => compareKeys(a.creationDate, b.creationDate) || compareKeys(a.id, b.id));
  const listed = page(uploads, (u) => u.id, call.input, 50);
  return {
    UploadsList: listed.items.map((u) => ({
      MultipartUploadId: u.id,
      VaultARN: vaultArn(scope, vault),
      ArchiveDescription: u.description,
      PartSizeInBytes: u.partSize,
      CreationDate: u.creationDate,
    })),
    Marker: listed.marker,
  };
};

const completeMultipartUpload: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const id = uploadId(call);
  const sizeText = optionalString(call.input, 'archiveSize');
  if (!sizeText) throw missingParameter('Required header missing: x-amz-archive-size');
  if (!/^\d+$/.test(sizeText)) throw invalidParameter(`Invalid archive size: ${sizeText}`);
  const archiveSize = Number(sizeText);
  const checksum = requireChecksum(call.input);
  return call.store.exclusive(async () => {
    const upload = await loadUpload(call, scope, vault, id);
    const parts = sortedParts(upload);
    // The parts must tile the archive: each starts where the last ended, all but the last a full part.
    let offset = 0;
    for (const [i, part] of parts.entries()) {
      if (part.start !== offset) throw invalidParameter(`The upload has no part for the bytes from ${offset}`);
      if (part.size !== upload.partSize && i < parts.length - 1)
        throw invalidParameter(
          `The part at ${part.start} holds ${part.size} bytes, not the part size ${upload.partSize}`,
        );
      offset += part.size;
    }
    if (parts.length === 0 || offset !== archiveSize)
      throw invalidParameter(
        `The archive size ${archiveSize} does not match the ${offset} bytes of the uploaded parts`,
      );
    // Each part is an aligned power-of-two run of leaves, so its tree hash is a node of the archive's tree:
    // the archive's tree hash is the tree over the parts' hashes.
    const treeHash = await treeHashOfLeaves(parts.map((p) => fromHex(p.treeHash)));
    checkTreeHash(checksum, treeHash);
    const record: ArchiveRecord = {
      id: newId(call, 138),
      description: upload.description,
      creationDate: call.now.toISOString(),
      size: archiveSize,
      treeHash,
      pieces: parts.map((p) => ({ blob: p.blob, size: p.size })),
    };
    await call.store.delete(keys.upload(scope, vault, id));
    return saveArchive(call, scope, await loadVault(call.store, scope, vault), record);
  });
};

const abortMultipartUpload: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const id = uploadId(call);
  const upload = await call.store.exclusive(async () => {
    const found = await loadUpload(call, scope, vault, id);
    await call.store.delete(keys.upload(scope, vault, id));
    return found;
  });
  for (const part of Object.values(upload.parts)) await call.store.deleteBlob(part.blob);
  return {};
};

export const archiveHandlers = {
  UploadArchive: uploadArchive,
  DeleteArchive: deleteArchive,
  InitiateMultipartUpload: initiateMultipartUpload,
  UploadMultipartPart: uploadMultipartPart,
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
} satisfies Record<string, Handler>;
