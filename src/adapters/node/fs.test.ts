/**
 * The Node file system's guarantees that only a real disk and real processes show: locks between
 * calls and processes (a dead holder's taken over), and files whose names fill all 255 bytes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeFs } from './fs.js';

const fs = createNodeFs();
const dir = () => mkdtempSync(join(tmpdir(), 'isoaws-fs-'));

describe('node file system', () => {
  it('holds a lock against a second taker until it is released', async () => {
    const lock = join(dir(), 'config.lock');
    const release = await fs.lock(lock);
    expect(readFileSync(lock, 'latin1')).toBe(String(process.pid));
    expect(await fs.lock(lock, { waitMs: 30 })).toBeUndefined();
    const waiting = fs.lock(lock, { waitMs: 5000 });
    await release!();
    const second = await waiting;
    expect(second).toBeTypeOf('function');
    await second!();
    expect(readdirSync(join(lock, '..'))).toEqual([]);
  });

  it('waits for a lock another process holds, and takes over one whose process has died', async () => {
    const lock = join(dir(), 'credentials.lock');
    const child = spawn('sleep', ['30']);
    await new Promise((r) => child.once('spawn', r));
    writeFileSync(lock, String(child.pid));
    expect(await fs.lock(lock, { waitMs: 50 })).toBeUndefined();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const release = await fs.lock(lock, { waitMs: 0 });
    expect(readFileSync(lock, 'latin1')).toBe(String(process.pid));
    await release!();
  });

  it('writes files whose names take all 255 bytes, whole or in pieces (the temporary name stays short)', async () => {
    const at = dir();
    for (const name of ['a'.repeat(255), 'é'.repeat(127), '😀'.repeat(63)]) {
      await fs.writeFile(join(at, name), 'whole');
      const file = await fs.openForWrite(join(at, `${Array.from(name).slice(0, -1).join('')}x`));
      await file.write([new TextEncoder().encode('pieces')], 0);
      await file.commit();
      expect(readFileSync(join(at, name), 'utf8')).toBe('whole');
    }
    expect(readdirSync(at)).toHaveLength(6);
  });
});
