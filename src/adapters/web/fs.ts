/**
 * An in-memory file system for the browser host: the playground's `file://` arguments, `~/.aws/config`
 * and downloads live here for the life of the page. Paths are plain strings; directories are implied
 * by the files under them.
 */
import type { FileStat, HostFs } from '../../core/host.js';
import { resolveLocal } from '../../core/local-paths.js';

export function createMemoryFs(
  initial: Record<string, Uint8Array | string> = {},
  /** Where relative paths start (`copy.txt`, `./x`, `file://x.json`), as a process's working directory. */
  cwd = '/',
): HostFs & { files: Map<string, { data: Uint8Array; mtimeMs: number; mode: number }> } {
  const files = new Map<string, { data: Uint8Array; mtimeMs: number; mode: number }>();
  const dirs = new Set<string>(['/']);
  const locks = new Map<string, Promise<void>>();
  const enc = new TextEncoder();
  const put = (path: string, data: Uint8Array | string, mode = 0o644) => {
    files.set(path, { data: typeof data === 'string' ? enc.encode(data) : data, mtimeMs: Date.now(), mode });
  };
  for (const [path, data] of Object.entries(initial)) put(path, data);
  const missing = (path: string) =>
    Object.assign(new Error(`ENOENT: no such file or directory, '${path}'`), { code: 'ENOENT' });
  const isDir = (path: string) =>
    dirs.has(path) || [...files.keys()].some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));

  const fs: HostFs & { files: typeof files } = {
    files,
    async readFile(path, range) {
      const f = files.get(path);
      if (!f) throw missing(path);
      if (!range) return f.data;
      if (!range.into) return f.data.subarray(range.start, range.end);
      range.into.set(f.data.subarray(range.start, range.end));
      return range.into.subarray(0, range.end - range.start);
    },
    async writeFile(path, data, opts) {
      put(path, data, opts?.mode);
    },
    async stat(path): Promise<FileStat | undefined> {
      const f = files.get(path);
      if (f) return { size: f.data.length, mtimeMs: f.mtimeMs, isFile: true, isDirectory: false, mode: f.mode };
      return isDir(path) ? { size: 0, mtimeMs: 0, isFile: false, isDirectory: true } : undefined;
    },
    async readDir(path) {
      const prefix = `${path.replace(/\/$/, '')}/`;
      const names = new Set<string>();
      for (const f of [...files.keys(), ...dirs])
        if (f.startsWith(prefix) && f.length > prefix.length) names.add(f.slice(prefix.length).split('/')[0]!);
      return [...names].sort();
    },
    async mkdir(path) {
      dirs.add(path.replace(/\/$/, '') || '/');
    },
    async openForWrite(path, opts) {
      const pieces: Array<{ data: Uint8Array; position: number }> = [];
      return {
        async write(chunks, position) {
          for (const data of chunks) {
            pieces.push({ data: data.slice(), position });
            position += data.length;
          }
        },
        async commit() {
          const size = pieces.reduce((n, p) => Math.max(n, p.position + p.data.length), 0);
          const all = new Uint8Array(size);
          for (const p of pieces) all.set(p.data, p.position);
          put(path, all, opts?.mode);
        },
        async abort() {
          pieces.length = 0;
        },
      };
    },
    async setMtime(path, mtimeMs) {
      const f = files.get(path);
      if (!f) throw missing(path);
      f.mtimeMs = mtimeMs;
    },
    async rename(from, to) {
      const f = files.get(from);
      if (f) {
        files.delete(from);
        files.set(to, f);
        return;
      }
      if (!isDir(from)) throw missing(from);
      // A directory: everything under it moves with it.
      const prefix = `${from}/`;
      for (const [path, file] of [...files]) {
        if (!path.startsWith(prefix)) continue;
        files.delete(path);
        files.set(to + path.slice(from.length), file);
      }
      for (const dir of [...dirs]) {
        if (dir !== from && !dir.startsWith(prefix)) continue;
        dirs.delete(dir);
        dirs.add(to + dir.slice(from.length));
      }
    },
    async remove(path) {
      files.delete(path);
    },
    async removeTree(path) {
      const prefix = `${path.replace(/\/$/, '')}/`;
      for (const file of [...files.keys()]) if (file.startsWith(prefix)) files.delete(file);
      for (const dir of [...dirs]) if (dir === path || dir.startsWith(prefix)) dirs.delete(dir);
    },
    // One page, one program: a lock only orders the page's own commands.
    async lock(path, opts) {
      const deadline = Date.now() + (opts?.waitMs ?? 10_000);
      while (locks.has(path)) {
        const timeLeft = deadline - Date.now();
        if (timeLeft <= 0) return undefined;
        await Promise.race([locks.get(path), new Promise((resolve) => setTimeout(resolve, timeLeft))]);
      }
      let release!: () => void;
      locks.set(
        path,
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      return async () => {
        locks.delete(path);
        release();
      };
    },
    async *readStream(path, range) {
      const f = files.get(path);
      if (!f) throw missing(path);
      yield f.data.subarray(range?.start ?? 0, range?.end ?? f.data.length);
    },
    async openBlob(path) {
      const f = files.get(path);
      if (!f) throw missing(path);
      return new Blob([f.data as Uint8Array<ArrayBuffer>]);
    },
  };
  const at =
    <A extends unknown[], R>(f: (path: string, ...rest: A) => R) =>
    (path: string, ...rest: A): R =>
      f(resolveLocal(cwd, path), ...rest);
  return {
    files,
    readFile: at(fs.readFile),
    writeFile: at(fs.writeFile),
    stat: at(fs.stat),
    readDir: at(fs.readDir),
    mkdir: at(fs.mkdir),
    openForWrite: at(fs.openForWrite),
    setMtime: at(fs.setMtime!),
    rename: (from, to) => fs.rename(resolveLocal(cwd, from), resolveLocal(cwd, to)),
    remove: at(fs.remove),
    removeTree: at(fs.removeTree!),
    lock: at(fs.lock!),
    readStream: at(fs.readStream!),
    openBlob: at(fs.openBlob!),
  };
}
