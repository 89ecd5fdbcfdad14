/**
 * Where the sandbox keeps its state. Services see documents (JSON values under a key such as
 * `iam/users/alice`) and blobs (object bodies, streamed in and out, never held whole by the store's
 * users). Two implementations live here, over nothing but memory and the Host's file system; the
 * browser's IndexedDB store lives with the web adapter.
 */
import { IsoawsError } from '../core/errors.js';
import type { HostFs } from '../core/host.js';

export interface SandboxStore {
  /** The document under `key`, or undefined. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** The keys of the documents whose key starts with `prefix`, in code-unit order. */
  keys(prefix: string): Promise<string[]>;
  /** Stores a blob from its chunks; resolves to its size. A failure leaves no blob behind. */
  putBlob(key: string, chunks: AsyncIterable<Uint8Array>): Promise<number>;
  /** Bytes `[start, end)` of a blob (all of it by default), as a stream. */
  getBlob(key: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array>;
  deleteBlob(key: string): Promise<void>;
  /**
   * Runs `fn` alone: no other `exclusive` call of this store (nor, for a store on files, of another
   * process sharing its directory) runs meanwhile. A read-modify-write of documents goes in here.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Forgets everything (`isoaws sandbox reset`). */
  clear(): Promise<void>;
  /** Where the state lives, for `isoaws sandbox status`. */
  readonly location: string;
}

/** Runs promises one after another: the in-process half of `exclusive`. */
function serialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk.slice());
  return parts;
}

/** State in memory: for tests and `createClient({ sandbox: 'memory' })`; gone with the process. */
export function memoryStore(): SandboxStore {
  const docs = new Map<string, string>();
  const blobs = new Map<string, Uint8Array[]>();
  const queue = serialQueue();
  return {
    location: 'memory',
    async get<T>(key: string) {
      const text = docs.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async put(key, value) {
      // Stored as text so a caller that keeps mutating its object cannot change the state behind the store's back.
      docs.set(key, JSON.stringify(value));
    },
    async delete(key) {
      docs.delete(key);
    },
    async keys(prefix) {
      return [...docs.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys);
    },
    async putBlob(key, chunks) {
      const parts = await collect(chunks);
      blobs.set(key, parts);
      return parts.reduce((n, p) => n + p.length, 0);
    },
    async *getBlob(key, range) {
      const parts = blobs.get(key);
      if (!parts) throw new SandboxStateError(`The sandbox has lost a stored body (${key}).`);
      let offset = 0;
      const start = range?.start ?? 0;
      const end = range?.end ?? Infinity;
      for (const part of parts) {
        const from = Math.max(start - offset, 0);
        const to = Math.min(end - offset, part.length);
        if (from < to) yield part.subarray(from, to);
        offset += part.length;
        if (offset >= end) break;
      }
    },
    async deleteBlob(key) {
      blobs.delete(key);
    },
    exclusive: queue,
    async clear() {
      docs.clear();
      blobs.clear();
    },
  };
}

/** Code-unit order, as S3 lists keys (UTF-8 byte order agrees with it outside surrogate pairs). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The state cannot be used as it is: damaged, foreign, or from another version. Not an answer of a
 * service but the sandbox's own trouble, so it is thrown from `send` and reported as it is (with the
 * way out), never retried as a server error would be.
 */
export class SandboxStateError extends IsoawsError {
  override name = 'SandboxStateError';
}

const MARKER = 'isoaws-sandbox.json';
const FORMAT = 'isoaws-sandbox';
const VERSION = 1;

/**
 * State in files under `dir` (Node: `~/.isoaws/sandbox`, or ISOAWS_SANDBOX_DIR), over the Host's file
 * system: documents as JSON files, blobs as files written in pieces and renamed into place, every write
 * atomic. The directory carries a marker file; a directory that exists without it (someone else's) or
 * with a document that does not parse is reported, never overwritten or deleted.
 */
export function fileStore(fs: HostFs, dir: string): SandboxStore {
  const queue = serialQueue();
  const docPath = (key: string) => `${dir}/docs/${encodeKey(key)}${DOC}`;
  const blobPath = (key: string) => `${dir}/blobs/${encodeKey(key)}${BLOB}`;
  let ready: Promise<void> | undefined;
  const open = () => (ready ??= openDir(fs, dir));

  async function listDocs(base: string, prefix: string): Promise<string[]> {
    const names = await fs.readDir(base).catch(() => [] as string[]);
    const out: string[] = [];
    for (const name of names) {
      const path = `${base}/${name}`;
      if (name.endsWith(DOC)) {
        const key = decodeKey(path.slice(`${dir}/docs/`.length, -DOC.length));
        if (key.startsWith(prefix)) out.push(key);
      } else if (!name.startsWith('.')) {
        // (A name starting with a dot is a write in progress: encoded names never start with one.)
        out.push(...(await listDocs(path, prefix)));
      }
    }
    return out;
  }

  return {
    location: dir,
    async get<T>(key: string) {
      await open();
      const path = docPath(key);
      let bytes: Uint8Array;
      try {
        bytes = await fs.readFile(path);
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return undefined;
        throw e;
      }
      try {
        return JSON.parse(new TextDecoder().decode(bytes)) as T;
      } catch {
        throw new SandboxStateError(damaged(dir, `${path} is not valid JSON`));
      }
    },
    async put(key, value) {
      await open();
      const path = docPath(key);
      await mkdirFor(fs, path);
      await fs.writeFile(path, JSON.stringify(value));
    },
    async delete(key) {
      await open();
      await removeIfPresent(fs, docPath(key));
    },
    async keys(prefix) {
      await open();
      // Only the directories the prefix can reach are walked: keys are stored by their own path segments.
      const encoded = encodeKey(prefix);
      const slash = encoded.lastIndexOf('/');
      const base = slash < 0 ? `${dir}/docs` : `${dir}/docs/${encoded.slice(0, slash)}`;
      return (await listDocs(base, prefix)).sort(compareKeys);
    },
    async putBlob(key, chunks) {
      await open();
      const path = blobPath(key);
      await mkdirFor(fs, path);
      const file = await fs.openForWrite(path);
      let size = 0;
      try {
        for await (const chunk of chunks) {
          await file.write([chunk], size);
          size += chunk.length;
        }
        await file.commit();
      } catch (e) {
        await file.abort();
        throw e;
      }
      return size;
    },
    async *getBlob(key, range) {
      await open();
      const path = blobPath(key);
      if (!(await fs.stat(path))) throw new SandboxStateError(damaged(dir, `the stored body ${path} is missing`));
      yield* fs.readStream(path, range);
    },
    async deleteBlob(key) {
      await open();
      await removeIfPresent(fs, blobPath(key));
    },
    exclusive: (fn) =>
      queue(async () => {
        await open();
        const release = await fs.lock(`${dir}/lock`, { waitMs: 30_000 });
        if (!release)
          throw new SandboxStateError(`Another process has held the sandbox's lock (${dir}/lock) for 30 s.`);
        try {
          return await fn();
        } finally {
          await release();
        }
      }),
    async clear() {
      await open();
      // Only what the sandbox wrote: its two trees. The marker stays, so the directory is still known as ours.
      for (const sub of ['docs', 'blobs']) await removeFiles(fs, `${dir}/${sub}`);
    },
  };
}

/** Checks (or, for a new or empty directory, writes) the marker that makes the directory the sandbox's. */
async function openDir(fs: HostFs, dir: string): Promise<void> {
  const stat = await fs.stat(dir);
  if (stat && !stat.isDirectory)
    throw new SandboxStateError(`The sandbox's state directory ${dir} is not a directory.`);
  const entries = stat ? await fs.readDir(dir) : [];
  if (!entries.includes(MARKER)) {
    if (entries.length > 0)
      throw new SandboxStateError(
        `${dir} holds files that are not the sandbox's (it has no ${MARKER}); the sandbox will not use it. ` +
          'Point ISOAWS_SANDBOX_DIR at an empty or new directory.',
      );
    await fs.mkdir(dir, { mode: 0o700 });
    await fs.writeFile(`${dir}/${MARKER}`, JSON.stringify({ format: FORMAT, version: VERSION }) + '\n');
    return;
  }
  let marker: { format?: unknown; version?: unknown };
  try {
    marker = JSON.parse(new TextDecoder().decode(await fs.readFile(`${dir}/${MARKER}`))) as typeof marker;
  } catch {
    throw new SandboxStateError(damaged(dir, `${dir}/${MARKER} is not valid JSON`));
  }
  if (marker?.format !== FORMAT || marker.version !== VERSION)
    throw new SandboxStateError(damaged(dir, `${dir}/${MARKER} is not an isoaws sandbox marker of version ${VERSION}`));
}

function damaged(dir: string, what: string): string {
  return `The sandbox's state in ${dir} is damaged: ${what}. Run \`isoaws sandbox reset\` to start afresh (it removes only the sandbox's own files).`;
}

async function mkdirFor(fs: HostFs, path: string): Promise<void> {
  await fs.mkdir(path.slice(0, path.lastIndexOf('/')), { mode: 0o700 });
}

async function removeIfPresent(fs: HostFs, path: string): Promise<void> {
  if (await fs.stat(path)) await fs.remove(path);
}

/** Removes every file under `path`; the (then empty) directories stay, as HostFs removes files only. */
async function removeFiles(fs: HostFs, path: string): Promise<void> {
  const stat = await fs.stat(path);
  if (!stat) return;
  if (!stat.isDirectory) return fs.remove(path);
  for (const name of await fs.readDir(path)) await removeFiles(fs, `${path}/${name}`);
}

/**
 * `~` never occurs in an encoded segment, so it marks what a name is: a document (`~doc`), a blob
 * (`~blob`), or a segment cut because it was too long for a file name (`~`, continued one level down);
 * any other name is a directory of keys.
 */
const CONTINUED = '~';
const DOC = '~doc';
const BLOB = '~blob';
/** File names stay well under the 255 bytes most file systems allow, `.json` included. */
const SEGMENT = 200;

/**
 * A document or blob key as a relative path: `/` separates directories, every byte outside
 * `[A-Za-z0-9._-]` is `%XX` (so odd characters cannot collide or escape), a leading dot too (so no name
 * is `.`, `..` or hidden, and temporary files, which start with a dot, stand apart), and a long segment is
 * cut into directories marked `~`.
 */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => {
      let out = '';
      for (const byte of new TextEncoder().encode(segment)) {
        const c = String.fromCharCode(byte);
        out += /[A-Za-z0-9_-]/.test(c) || (c === '.' && out !== '') ? c : `%${hex2(byte)}`;
      }
      if (out === '') out = '%';
      const pieces: string[] = [];
      for (let i = 0; i < out.length; i += SEGMENT) pieces.push(out.slice(i, i + SEGMENT));
      return pieces.map((p, i) => (i < pieces.length - 1 ? p + CONTINUED : p)).join('/');
    })
    .join('/');
}

/** The key `encodeKey` made a path of. */
export function decodeKey(path: string): string {
  const joined = path.replaceAll(`${CONTINUED}/`, '');
  return joined
    .split('/')
    .map((segment) => (segment === '%' ? '' : decodeBytes(segment)))
    .join('/');
}

function decodeBytes(segment: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] === '%') {
      bytes.push(Number.parseInt(segment.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(segment.charCodeAt(i));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function hex2(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
