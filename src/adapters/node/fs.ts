/** HostFs over node:fs: atomic writes (temp file + rename, also for files written in pieces), streamed and ranged reads. */
import { createReadStream, openAsBlob, readFile } from 'node:fs';
import {
  link,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile as readFileAsync,
  realpath,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, basename } from 'node:path';
import type { FileStat, HostFs } from '../../core/host.js';

export function createNodeFs(): HostFs {
  return {
    // The callback API: fs/promises' readFile goes through a FileHandle and costs a command reading its
    // two config files about a millisecond more.
    readFile: (path, range) =>
      range
        ? readRange(path, range.start, range.end, range.into)
        : new Promise((resolve, reject) => readFile(path, (err, data) => (err ? reject(err) : resolve(data)))),
    async openForWrite(path, opts) {
      const temp = tempName(path);
      const handle = await open(temp, 'w', opts?.mode ?? 0o644);
      let closed = false;
      const close = async () => {
        if (!closed) {
          closed = true;
          await handle.close();
        }
      };
      return {
        async write(chunks, position) {
          const total = chunks.reduce((n, c) => n + c.length, 0);
          let done = (await handle.writev(chunks as Uint8Array[], position)).bytesWritten;
          // A short gathered write is finished chunk by chunk from where it stopped.
          for (let i = 0, offset = 0; done < total && i < chunks.length; offset += chunks[i]!.length, i++) {
            const chunk = chunks[i]!;
            if (offset + chunk.length <= done) continue;
            const from = done - offset;
            done += (await handle.write(chunk, from, chunk.length - from, position + done)).bytesWritten;
          }
        },
        async commit() {
          await close();
          await rename(temp, path);
        },
        async abort() {
          await close().catch(() => undefined);
          await rm(temp, { force: true });
        },
      };
    },
    async writeFile(path, data, opts) {
      const temp = tempName(path);
      try {
        await writeFile(temp, data, { mode: opts?.mode ?? 0o644 });
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
    async stat(path): Promise<FileStat | undefined> {
      try {
        // lstat first: for anything but a link it is the answer, and one system call, as stat would be.
        const link = await lstat(path);
        const s = link.isSymbolicLink() ? await stat(path) : link;
        return {
          size: s.size,
          mtimeMs: s.mtimeMs,
          isFile: s.isFile(),
          isDirectory: s.isDirectory(),
          mode: s.mode,
          ...(s !== link ? { isSymbolicLink: true } : {}),
        };
      } catch (err) {
        // Nothing there: no such entry, or a file where a directory of the path should be.
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw err;
      }
    },
    readDir: async (path) => (await readdir(path)).sort(),
    mkdir: async (path, opts) => {
      await mkdir(path, { recursive: true, mode: opts?.mode });
    },
    rename: (from, to) => rename(from, to),
    realPath: (path) => realpath(path),
    lock: (path, opts) => lockFile(path, opts?.waitMs ?? 10_000),
    setMtime: (path, mtimeMs) => utimes(path, new Date(), new Date(mtimeMs)),
    remove: (path) => rm(path, { force: true }),
    removeTree: (path) => rm(path, { recursive: true, force: true }),
    async tempDir() {
      // mkdtemp: a new name, mode 0700, as Python's tempfile makes its directories.
      const path = await mkdtemp(join(tmpdir(), 'isoaws-'));
      return { path, remove: () => rm(path, { recursive: true, force: true }) };
    },
    async *readStream(path, range) {
      const end = range?.end !== undefined ? range.end - 1 : undefined;
      for await (const chunk of createReadStream(path, { start: range?.start, end, highWaterMark: 1 << 20 }))
        yield chunk as Uint8Array;
    },
    openBlob: (path) => openAsBlob(path),
  };
}

/**
 * A lock file holding its holder's process id, made whole before it appears (written under a temporary
 * name, then hard-linked into place, which fails if the lock exists), so a reader never sees it empty.
 * One whose process is gone (killed mid-command) is removed and taken. Two processes taking over the
 * same dead lock at the same moment could both succeed; that needs a crash and a race together.
 */
async function lockFile(path: string, waitMs: number): Promise<(() => Promise<void>) | undefined> {
  const deadline = Date.now() + waitMs;
  const temp = tempName(path);
  await writeFile(temp, String(process.pid), { mode: 0o600 });
  try {
    for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
      try {
        await link(temp, path);
        return () => rm(path, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = Number(await readFileAsync(path, 'latin1').catch(() => ''));
      if (holder && !isRunning(holder)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  } finally {
    await rm(temp, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A temporary name beside `path`, hidden, unique to this process and moment. Only the start of a long
 * name is kept (32 characters, at most 128 bytes): with the suffix, the whole name must stay within the
 * 255 bytes a file name may have, for any name that itself fits.
 */
function tempName(path: string): string {
  const stem = Array.from(basename(path)).slice(0, 32).join('');
  return join(dirname(path), `.${stem}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Bytes `[start, end)` of a file in one buffer, read in place (no chunks to join). */
async function readRange(path: string, start: number, end: number, into?: Uint8Array): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const length = end - start;
    // A large range (an upload part) in shared memory, so Host.digest's workers hash it without a copy.
    const buffer = into
      ? Buffer.from(into.buffer, into.byteOffset, length)
      : length >= 1 << 20
        ? Buffer.from(new SharedArrayBuffer(length))
        : Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
      if (bytesRead === 0)
        throw new Error(`${path} ended at ${start + filled} bytes, before ${end}: it changed while being read`);
      filled += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}
