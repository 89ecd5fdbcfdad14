/**
 * Glacier tree hashes straight from the upstream vectors (test/fixtures/glacier, none skipped): in
 * one piece and in chunks that straddle the 1 MiB leaves, both with WebCrypto (the path of a host without
 * a native SHA-256, as browsers) and with Node's; and the seed's own example.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeSha256 } from '../../src/adapters/node/sha256.js';
import { glacierHashes, treeHashLevels } from '../../src/core/checksums/tree-hash.js';
import { FIXTURES } from './fixtures.js';

interface Vector {
  size: number;
  treeHash: string;
  linearSha256: string;
}
const vectors = (JSON.parse(readFileSync(`${FIXTURES}/glacier/treehash.json`, 'utf8')) as { cases: Vector[] }).cases;

/** The fixture's input: byte i is (i*31+7) % 251. */
function input(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) % 251;
  return out;
}

/** The bytes in chunks of `size` (the last shorter), as a stream delivers them. */
function* chunked(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

let passed = 0;
afterAll(() => {
  console.log(`tree-hash suite: ${passed} passed, 0 ignored, ${vectors.length} cases`);
});

describe('glacierHashes', () => {
  it.each(vectors.map((v) => [v.size, v] as const))('upstream vector of %i bytes', async (_size, v) => {
    const bytes = input(v.size);
    expect(await glacierHashes([bytes], { linear: true })).toEqual({ treeHash: v.treeHash, linear: v.linearSha256 });
    // Chunk boundaries that do not fall on the 1 MiB leaves give the same hashes.
    expect(await glacierHashes(chunked(bytes, 300_007), { linear: true, sha256: NodeSha256 })).toEqual({
      treeHash: v.treeHash,
      linear: v.linearSha256,
    });
    // WebCrypto gathering leaves across chunks, and taking whole ones straight from a larger chunk.
    for (const size of [300_007, 1_572_864])
      expect((await glacierHashes(chunked(bytes, size))).treeHash).toBe(v.treeHash);
    // The levels the playground shows: one leaf per started MiB, halving (odd ones promoted) to the tree hash.
    const levels = await treeHashLevels(bytes);
    expect(levels[0]).toHaveLength(Math.max(1, Math.ceil(v.size / (1 << 20))));
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toHaveLength(Math.ceil(levels[i - 1]!.length / 2));
    expect(levels[levels.length - 1]).toEqual([v.treeHash]);
    passed++;
  });

  it("the seed's derived vectors: 1 MiB and 3 MiB of zeros (WE-53)", async () => {
    expect((await glacierHashes([new Uint8Array(1 << 20)])).treeHash).toBe(
      '30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58',
    );
    expect((await glacierHashes(chunked(new Uint8Array(3 << 20), 1 << 20))).treeHash).toBe(
      'ca6cc129a4514ec765de86a4e7a49adf44842c9cac213c383ebe4071271bdf21',
    );
  });
});
