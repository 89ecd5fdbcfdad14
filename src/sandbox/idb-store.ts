/**
 * The sandbox's state in a browser: IndexedDB, so it survives a reload. Documents are JSON text in one
 * object store, bodies Blobs in another (the browser keeps large ones on disk, and a ranged read slices
 * the Blob without reading the rest). `exclusive` holds a Web Lock where the browser has them, so two
 * tabs of the page take turns; otherwise calls of this page take turns.
 */
import { compareKeys, SandboxStateError, type SandboxStore } from './store.js';

const DOCS = 'docs';
const BLOBS = 'blobs';

export function indexedDbStore(name = 'isoaws-sandbox'): SandboxStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = () =>
    (db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(DOCS);
        req.result.createObjectStore(BLOBS);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () =>
        reject(
          new SandboxStateError(`The sandbox cannot open its IndexedDB database "${name}": ${req.error?.message}`),
        );
    }));

  async function run<T>(
    store: string,
    mode: IDBTransactionMode,
    act: (s: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> {
    const tx = (await open()).transaction(store, mode);
    const req = act(tx.objectStore(store));
    return new Promise<T>((resolve, reject) => {
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(new SandboxStateError(`The sandbox's IndexedDB failed: ${tx.error?.message}`));
      tx.onabort = () =>
        reject(new SandboxStateError(`The sandbox's IndexedDB failed: ${tx.error?.message ?? 'aborted'}`));
    });
  }

  let tail: Promise<unknown> = Promise.resolve();
  const queue = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };

  return {
    location: `IndexedDB "${name}"`,
    async get<T>(key: string) {
      const text = await run<string | undefined>(DOCS, 'readonly', (s) => s.get(key));
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new SandboxStateError(
          `The sandbox's IndexedDB "${name}" holds a damaged entry (${key}); reset the sandbox to start afresh.`,
        );
      }
    },
    async put(key, value) {
      await run(DOCS, 'readwrite', (s) => s.put(JSON.stringify(value), key));
    },
    async delete(key) {
      await run(DOCS, 'readwrite', (s) => s.delete(key));
    },
    async keys(prefix) {
      const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
      const keys = await run(DOCS, 'readonly', (s) => s.getAllKeys(range));
      return (keys as string[]).filter((k) => k.startsWith(prefix)).sort(compareKeys);
    },
    async putBlob(key, chunks) {
      const parts: Uint8Array[] = [];
      for await (const chunk of chunks) parts.push(chunk.slice());
      const blob = new Blob(parts as BlobPart[]);
      await run(BLOBS, 'readwrite', (s) => s.put(blob, key));
      return blob.size;
    },
    async *getBlob(key, range) {
      const blob = await run<Blob | undefined>(BLOBS, 'readonly', (s) => s.get(key));
      if (!blob) throw new SandboxStateError(`The sandbox has lost a stored body (${key}).`);
      const reader = (range ? blob.slice(range.start, range.end) : blob).stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
    async deleteBlob(key) {
      await run(BLOBS, 'readwrite', (s) => s.delete(key));
    },
    exclusive: <T>(fn: () => Promise<T>) =>
      queue<T>(() =>
        typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks.request(name, fn) as Promise<T>) : fn(),
      ),
    async clear() {
      await run(DOCS, 'readwrite', (s) => s.clear());
      await run(BLOBS, 'readwrite', (s) => s.clear());
    },
  };
}
