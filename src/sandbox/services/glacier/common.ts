/**
 * What Glacier's handlers share: where its state lives, the records kept there, the errors as AWS words
 * them, and the streaming tree hash. Vaults belong to one account in one region, so every key starts
 * with `glacier/<region>/<account>/`.
 */
import { glacierHashes, TREE_HASH_LEAF_SIZE } from '../../../core/checksums/tree-hash.js';
import { randomId, SandboxError, type SandboxCall } from '../../service.js';
import type { SandboxStore } from '../../store.js';

export interface VaultRecord {
  name: string;
  creationDate: string;
  /**
   * AWS refreshes these only at the vault's next daily inventory; the sandbox counts at once, so that a
   * learner sees an upload or a delete in DescribeVault (and DeleteVault refuses only a vault that holds archives).
   */
  numberOfArchives: number;
  sizeInBytes: number;
  /** When inventory jobs complete (the latest past one is LastInventoryDate); later ones are still pending. */
  inventoryDates: string[];
  tags: Record<string, string>;
  notifications?: { SNSTopic?: string; Events?: string[] };
  accessPolicy?: string;
}

/** A stored piece of an archive: a multipart archive keeps its parts' blobs rather than copying them. */
export interface Piece {
  blob: string;
  size: number;
}

export interface ArchiveRecord {
  id: string;
  description?: string;
  creationDate: string;
  size: number;
  treeHash: string;
  pieces: Piece[];
}

/** A multipart upload in progress: its parts by their first byte. */
export interface UploadRecord {
  id: string;
  description?: string;
  partSize: number;
  creationDate: string;
  parts: Record<string, { size: number; treeHash: string; blob: string }>;
}

/** The caller's account (or, for `-`, the account that signed) in the call's region. */
export interface Scope {
  account: string;
  region: string;
  /** `glacier/<region>/<account>`: the root of the scope's keys. */
  root: string;
}

export const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * An id in the form AWS gives archives (138 characters), uploads and jobs (92). It never starts with `-`:
 * `--upload-id -x…` would read as an option on the command line (the AWS CLI's argparse refuses it too).
 */
export function newId(call: SandboxCall, length: number): string {
  return randomId(call.random, 1, ID_ALPHABET.slice(0, -2)) + randomId(call.random, length - 1, ID_ALPHABET);
}

/**
 * The account a call is about. `-` is the signer's own; another account id would need that account's
 * vault access policy, which the sandbox (one account) never grants.
 */
export function scopeOf(call: SandboxCall): Scope {
  const given = call.input.accountId;
  const account = call.caller.account;
  if (given !== '-' && given !== account) {
    const vault = typeof call.input.vaultName === 'string' ? `vaults/${call.input.vaultName}` : '*';
    throw new SandboxError(
      'AccessDeniedException',
      `User: ${call.caller.arn} is not authorized to perform: glacier:${call.operation} on resource: ` +
        `arn:aws:glacier:${call.region}:${String(given)}:${vault}`,
      403,
      { type: 'Client' },
    );
  }
  return { account, region: call.region, root: `glacier/${call.region}/${account}` };
}

export function vaultArn(scope: Scope, name: string): string {
  return `arn:aws:glacier:${scope.region}:${scope.account}:vaults/${name}`;
}

export const keys = {
  vault: (s: Scope, vault: string) => `${s.root}/vaults/${vault}`,
  vaults: (s: Scope) => `${s.root}/vaults/`,
  archive: (s: Scope, vault: string, id: string) => `${s.root}/archives/${vault}/${id}`,
  archives: (s: Scope, vault: string) => `${s.root}/archives/${vault}/`,
  upload: (s: Scope, vault: string, id: string) => `${s.root}/uploads/${vault}/${id}`,
  uploads: (s: Scope, vault: string) => `${s.root}/uploads/${vault}/`,
  job: (s: Scope, vault: string, id: string) => `${s.root}/jobs/${vault}/${id}`,
  jobs: (s: Scope, vault: string) => `${s.root}/jobs/${vault}/`,
  retrievalPolicy: (s: Scope) => `${s.root}/data-retrieval-policy`,
  capacity: (s: Scope, id: string) => `${s.root}/provisioned-capacity/${id}`,
  capacities: (s: Scope) => `${s.root}/provisioned-capacity/`,
};

// Glacier's errors carry `type` beside `code` and `message` in their JSON body.
export function invalidParameter(message: string): SandboxError {
  return new SandboxError('InvalidParameterValueException', message, 400, { type: 'Client' });
}

export function missingParameter(message: string): SandboxError {
  return new SandboxError('MissingParameterValueException', message, 400, { type: 'Client' });
}

export function notFound(message: string): SandboxError {
  return new SandboxError('ResourceNotFoundException', message, 404, { type: 'Client' });
}

export function limitExceeded(message: string): SandboxError {
  return new SandboxError('LimitExceededException', message, 400, { type: 'Client' });
}

export function vaultNotFound(scope: Scope, name: string): SandboxError {
  return notFound(`Vault not found for ARN: ${vaultArn(scope, name)}`);
}

export function vaultName(call: SandboxCall): string {
  const name = call.input.vaultName;
  if (typeof name !== 'string' || name === '') throw missingParameter('Required parameter missing: vaultName');
  return name;
}

export async function loadVault(store: SandboxStore, scope: Scope, name: string): Promise<VaultRecord> {
  const vault = await store.get<VaultRecord>(keys.vault(scope, name));
  if (!vault) throw vaultNotFound(scope, name);
  return vault;
}

/** A record kept under `vault` (an upload, a job): a missing vault is reported before a missing record. */
export async function loadInVault<T>(
  store: SandboxStore,
  scope: Scope,
  vault: string,
  key: string,
  missing: () => Error,
): Promise<T> {
  await loadVault(store, scope, vault);
  const record = await store.get<T>(key);
  if (!record) throw missing();
  return record;
}

/** An optional string member, checked. */
export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`Invalid value for ${member}`);
  return value;
}

/** Archive and job descriptions: up to 1,024 printable ASCII characters. */
export function checkDescription(description: string | undefined, what: string): void {
  if (description !== undefined && (description.length > 1024 || !/^[\x20-\x7e]*$/.test(description)))
    throw invalidParameter(`Invalid ${what}: it must be at most 1024 printable ASCII characters`);
}

/** A list page: from the item whose marker is `marker` (the one a previous page handed back), `limit` items. */
export function page<T>(
  items: T[],
  markerOf: (item: T) => string,
  input: Record<string, unknown>,
  defaultLimit: number,
): { items: T[]; marker?: string } {
  const limit = parseLimit(input.limit, defaultLimit);
  const marker = optionalString(input, 'marker');
  let start = 0;
  if (marker !== undefined) {
    start = items.findIndex((item) => markerOf(item) === marker);
    if (start < 0) throw invalidParameter(`Invalid marker: ${marker}`);
  }
  const next = items[start + limit];
  return { items: items.slice(start, start + limit), marker: next === undefined ? undefined : markerOf(next) };
}

function parseLimit(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const text = String(value);
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > 1000)
    throw invalidParameter(`Invalid limit: ${text} (it must be an integer from 1 to 1000)`);
  return limit;
}

/** Compares a client's tree hash with the one worked out: the message is AWS's. */
export function checkTreeHash(given: string, computed: string): void {
  if (given.toLowerCase() !== computed)
    throw invalidParameter(`Checksum mismatch: expected ${given} (calculated ${computed})`);
}

export function requireChecksum(input: Record<string, unknown>): string {
  const checksum = optionalString(input, 'checksum');
  if (checksum === undefined || checksum === '')
    throw missingParameter('Required header missing: x-amz-sha256-tree-hash');
  return checksum;
}

/**
 * Streams `body` into the blob `key` and works out its tree hash on the way, in one pass: each chunk goes
 * to the hasher, then to the store, so no more than a chunk (and the hasher's leaf) is held at a time. A
 * failure on either side leaves no blob.
 */
export async function storeHashed(
  store: SandboxStore,
  key: string,
  body: AsyncIterable<Uint8Array>,
): Promise<{ size: number; treeHash: string }> {
  const relay = handOver();
  const hashing = glacierHashes(relay.chunks);
  // A hasher that fails must stop the copy, which would otherwise wait for it for ever.
  const hashFailed = hashing.then(() => new Promise<never>(() => undefined));
  hashFailed.catch(() => undefined);
  async function* copy(): AsyncIterable<Uint8Array> {
    let ended = false;
    try {
      for await (const chunk of body) {
        await Promise.race([relay.push(chunk), hashFailed]);
        yield chunk;
      }
      ended = true;
      relay.end();
    } finally {
      // The store stopped reading (or the body failed): the hasher must not wait for more.
      if (!ended) relay.end(new Error('The body was not read to its end.'));
    }
  }
  let size: number;
  try {
    size = await store.putBlob(key, copy());
  } catch (e) {
    await hashing.catch(() => undefined);
    throw e;
  }
  try {
    return { size, treeHash: (await hashing).treeHash };
  } catch (e) {
    await store.deleteBlob(key);
    throw e;
  }
}

/**
 * A one-slot hand-over from a producer to an async-iterating consumer: `push` resolves once the consumer
 * has asked for the next chunk, that is, once it is done with this one.
 */
function handOver(): {
  chunks: AsyncIterable<Uint8Array>;
  push(chunk: Uint8Array): Promise<void>;
  end(error?: Error): void;
} {
  type Slot = { chunk: Uint8Array } | { done: true } | { error: Error };
  let deliver!: (slot: Slot) => void;
  let arrival = new Promise<Slot>((resolve) => (deliver = resolve));
  let release: () => void = () => undefined;
  return {
    chunks: (async function* () {
      for (;;) {
        const slot = await arrival;
        if ('error' in slot) throw slot.error;
        if ('done' in slot) return;
        yield slot.chunk;
        arrival = new Promise<Slot>((resolve) => (deliver = resolve));
        release();
      }
    })(),
    push(chunk) {
      const taken = new Promise<void>((resolve) => (release = resolve));
      deliver({ chunk });
      return taken;
    },
    end(error) {
      deliver(error ? { error } : { done: true });
    },
  };
}

/** Bytes `[start, end)` of an archive, read across its pieces. */
export async function* readArchive(
  store: SandboxStore,
  archive: ArchiveRecord,
  start: number,
  end: number,
): AsyncIterable<Uint8Array> {
  let offset = 0;
  for (const piece of archive.pieces) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, piece.size);
    if (from < to) yield* store.getBlob(piece.blob, { start: from, end: to });
    offset += piece.size;
    if (offset >= end) break;
  }
}

/**
 * Whether bytes `[start, end)` of a stream of `size` bytes are tree-hash aligned: their own tree hash is a
 * node of the whole stream's tree, so it can be checked against it. That holds when the range is an aligned
 * run of 2^n leaves, the last one cut short only by the end of the stream.
 */
export function treeHashAligned(start: number, end: number, size: number): boolean {
  if (start % TREE_HASH_LEAF_SIZE !== 0 || end <= start) return false;
  for (let block = TREE_HASH_LEAF_SIZE; block < 2 * Math.max(size, TREE_HASH_LEAF_SIZE); block *= 2) {
    if (start % block === 0 && end === Math.min(start + block, size)) return true;
  }
  return false;
}

export function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** A `bytes=a-b` (or `bytes=a-`) request range over `size` bytes, as `[start, end)`. */
export function parseRange(range: string, size: number): { start: number; end: number } {
  const match = /^bytes=(\d+)-(\d*)$/.exec(range.trim());
  const start = match ? Number(match[1]) : NaN;
  const last = match?.[2] ? Number(match[2]) : size - 1;
  if (!match || start > last || start >= size)
    throw invalidParameter(`Invalid range: ${range} (the output holds ${size} bytes)`);
  return { start, end: Math.min(last + 1, size) };
}
