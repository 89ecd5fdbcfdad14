/**
 * Glacier's SHA-256 tree hash (and, when asked, the plain SHA-256 beside it) of a byte stream read
 * once: a SHA-256 of each 1 MiB piece, then the hashes paired and hashed level by level, an odd one
 * promoted unchanged, down to one (seed 002 GLA-09; botocore's calculate_tree_hash). Only the leaf hashes
 * are kept, 32 bytes per MiB, so any size hashes in bounded memory. The same code runs in Node and the
 * browser; a host's native SHA-256 (Host.sha256) makes it several times faster than the portable one.
 */
import { toHex } from '../hex.js';
import type { Sha256Constructor } from '../signing/sigv4.js';
import { createSha } from './sha.js';

export const TREE_HASH_LEAF_SIZE = 1024 * 1024;

export interface GlacierHashes {
  /** Hex tree hash (`x-amz-sha256-tree-hash`, `--checksum`). */
  treeHash: string;
  /** Hex SHA-256 of the whole stream (`x-amz-content-sha256`), when asked for. */
  linear?: string;
}

export interface TreeHashOptions {
  /** Also the plain SHA-256 of the stream. */
  linear?: boolean;
  /** The host's native SHA-256; the portable one (hash-wasm) without it. */
  sha256?: Sha256Constructor;
}

/** One SHA-256 in progress, native or portable. */
interface Hasher { update(data: Uint8Array): void; digest(): Promise<Uint8Array> | Uint8Array }

export async function glacierHashes(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: TreeHashOptions = {}): Promise<GlacierHashes> {
  const native = opts.sha256;
  const newHasher = async (): Promise<Hasher> => (native ? new native() : createSha('SHA256'));
  const linear = opts.linear ? await newHasher() : undefined;
  const leaves: Uint8Array[] = [];
  let leaf = await newHasher();
  let filled = 0;
  for await (const chunk of chunks) {
    linear?.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(TREE_HASH_LEAF_SIZE - filled, chunk.length - offset);
      leaf.update(offset === 0 && take === chunk.length ? chunk : chunk.subarray(offset, offset + take));
      filled += take;
      offset += take;
      if (filled === TREE_HASH_LEAF_SIZE) {
        leaves.push(await leaf.digest());
        leaf = await newHasher();
        filled = 0;
      }
    }
  }
  // An empty stream has one leaf, the hash of nothing, as botocore sends for an empty body.
  if (filled > 0 || leaves.length === 0) leaves.push(await leaf.digest());
  const treeHash = toHex(await treeOf(leaves, newHasher));
  return linear ? { treeHash, linear: toHex(await linear.digest()) } : { treeHash };
}

/** The hex tree hash of bytes or a stream of them: the library's helper (seed GLA-13), the same in Node and the browser. */
export async function treeHash(data: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  return (await glacierHashes(data instanceof Uint8Array ? [data] : data)).treeHash;
}

/** The hex tree hash over leaf hashes already worked out (Host.fileLeafHashes). */
export async function treeHashOfLeaves(leaves: Uint8Array[], sha256?: Sha256Constructor): Promise<string> {
  return toHex(await treeOf(leaves, async () => (sha256 ? new sha256() : createSha('SHA256'))));
}

/** Combines leaf hashes pairwise, level by level, promoting an odd last hash unchanged. */
async function treeOf(level: Uint8Array[], newHasher: () => Promise<Hasher>): Promise<Uint8Array> {
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const pair = await newHasher();
      pair.update(level[i]!);
      pair.update(level[i + 1]!);
      next.push(await pair.digest());
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
