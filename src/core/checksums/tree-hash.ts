/**
 * Glacier's SHA-256 tree hash (and the plain SHA-256 beside it) of a byte stream read once: a SHA-256
 * of each 1 MiB piece, then the hashes paired and hashed level by level, an odd one promoted unchanged,
 * down to one (seed 002 GLA-09; botocore's calculate_tree_hash). Only the leaf hashes are kept, 32 bytes
 * per MiB, so any size hashes in bounded memory. The same code runs in Node and in the browser.
 */
import { toHex } from '../hex.js';
import type { Checksum } from './crc.js';
import { createSha } from './sha.js';

export const TREE_HASH_LEAF_SIZE = 1024 * 1024;

export interface GlacierHashes {
  /** Hex tree hash (`x-amz-sha256-tree-hash`, `--checksum`). */
  treeHash: string;
  /** Hex SHA-256 of the whole stream (`x-amz-content-sha256`). */
  linear: string;
}

export async function glacierHashes(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  newSha256: () => Promise<Checksum> = () => createSha('SHA256'),
): Promise<GlacierHashes> {
  const linear = await newSha256();
  const leaves: Uint8Array[] = [];
  let leaf = await newSha256();
  let filled = 0;
  for await (const chunk of chunks) {
    linear.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(TREE_HASH_LEAF_SIZE - filled, chunk.length - offset);
      leaf.update(offset === 0 && take === chunk.length ? chunk : chunk.subarray(offset, offset + take));
      filled += take;
      offset += take;
      if (filled === TREE_HASH_LEAF_SIZE) {
        leaves.push(leaf.digest());
        leaf = await newSha256();
        filled = 0;
      }
    }
  }
  // An empty stream has one leaf, the hash of nothing, as botocore sends for an empty body.
  if (filled > 0 || leaves.length === 0) leaves.push(leaf.digest());
  return { treeHash: toHex(await treeOf(leaves, newSha256)), linear: toHex(linear.digest()) };
}

/** Combines leaf hashes pairwise, level by level, promoting an odd last hash unchanged. */
async function treeOf(level: Uint8Array[], newSha256: () => Promise<Checksum>): Promise<Uint8Array> {
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const pair = await newSha256();
      pair.update(level[i]!);
      pair.update(level[i + 1]!);
      next.push(pair.digest());
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
