import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { glacierHashes, treeHashOfLeaves } from '../../core/checksums/tree-hash.js';
import { fileLeafHashes } from './leaf-hashes.js';
import { createNodeHost } from './host.js';
import { runCli } from '../../cli-app.js';

const MiB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'isoaws-leaves-'));
const bytes = (size: number) => {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + 17) % 253;
  return out;
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('fileLeafHashes (worker threads)', () => {
  it('hashes each leaf of a range, the last one short, in order', async () => {
    const data = bytes(5 * MiB + 3);
    const path = join(dir, 'a.bin');
    writeFileSync(path, data);
    const expected = (start: number, end: number) => {
      const out: string[] = [];
      for (let p = start; p < end; p += MiB)
        out.push(
          createHash('sha256')
            .update(data.subarray(p, Math.min(end, p + MiB)))
            .digest('hex'),
        );
      return out;
    };
    expect((await fileLeafHashes(path, { start: 0, end: data.length }, MiB)).map(hex)).toEqual(
      expected(0, data.length),
    );
    expect((await fileLeafHashes(path, { start: MiB, end: 4 * MiB }, MiB)).map(hex)).toEqual(expected(MiB, 4 * MiB));
  });

  it('fails, naming the file, when it is shorter than the range', async () => {
    const path = join(dir, 'short.bin');
    writeFileSync(path, bytes(MiB));
    await expect(fileLeafHashes(path, { start: 0, end: 3 * MiB }, MiB)).rejects.toThrow(`${path} is shorter than`);
  });

  it('gives glacier tree-hash the tree hash the main-thread reader gives, for a file large enough to use workers', async () => {
    const data = bytes(64 * MiB + 12345);
    const path = join(dir, 'big.bin');
    writeFileSync(path, data);
    let out = '';
    const host = createNodeHost({
      env: { AWS_DEFAULT_REGION: 'us-east-1' },
      homeDir: dir,
      stdout: {
        write: (t) => {
          out += String(t);
        },
      },
    });
    expect(await runCli(['glacier', 'tree-hash', '--file', path], host)).toBe(0);
    const { treeHash } = await glacierHashes([data]);
    expect(out).toBe(`${treeHash}\n`);
    expect(await treeHashOfLeaves(await fileLeafHashes(path, { start: 0, end: data.length }, MiB))).toBe(treeHash);
  });
});
