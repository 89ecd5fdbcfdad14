/**
 * Glacier's SHA-256 tree hash (and, when asked, the plain SHA-256 beside it) of a byte stream read
 * once: a SHA-256 of each 1 MiB piece, then the hashes paired and hashed level by level, an odd one
 * promoted unchanged, down to one (seed 002 GLA-09; botocore's calculate_tree_hash). Only the leaf hashes
 * are kept, 32 bytes per MiB, so any size hashes in bounded memory. The same code runs in Node and the
 * browser: with a host's native SHA-256 (Host.sha256) leaf by leaf as the bytes arrive; without one
 * (browsers) whole leaves go to WebCrypto, several at once, which hashes them off the main thread.
 */
import { toHex } from '../hex.js';
import type { Sha256Constructor } from '../host.js';
import { sha256Hasher } from './sha.js';

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
interface Hasher {
  update(data: Uint8Array): void;
  digest(): Promise<Uint8Array> | Uint8Array;
}

export async function glacierHashes(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: TreeHashOptions = {},
): Promise<GlacierHashes> {
  const native = opts.sha256;
  const newHasher = (): Promise<Hasher> => sha256Hasher(native);
  const linear = opts.linear ? await newHasher() : undefined;
  // Without a native hash (browsers), whole leaves go to WebCrypto, which hashes on its own threads.
  const subtle = native ? undefined : globalThis.crypto?.subtle;
  const leaves = subtle ? webCryptoLeaves(subtle) : await incrementalLeaves(newHasher);
  for await (const chunk of chunks) {
    linear?.update(chunk);
    await leaves.update(chunk);
  }
  const treeHash = toHex(await treeOf(await leaves.finish(), newHasher));
  return linear ? { treeHash, linear: toHex(await linear.digest()) } : { treeHash };
}

/** Leaf hashes made as bytes arrive. An empty stream has one leaf, the hash of nothing, as botocore sends for an empty body. */
interface LeafHasher {
  update(chunk: Uint8Array): Promise<void>;
  finish(): Promise<Uint8Array[]>;
}

/** Each leaf through one incremental hasher (native, or hash-wasm): no copy of the bytes. */
async function incrementalLeaves(newHasher: () => Promise<Hasher>): Promise<LeafHasher> {
  const leaves: Uint8Array[] = [];
  let leaf = await newHasher();
  let filled = 0;
  return {
    async update(chunk) {
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
    },
    async finish() {
      if (filled > 0 || leaves.length === 0) leaves.push(await leaf.digest());
      return leaves;
    },
  };
}

/** Leaves in flight to WebCrypto at once: enough to keep its threads busy, each holding a 1 MiB copy. */
const WEBCRYPTO_IN_FLIGHT = 8;

/** Whole leaves handed to WebCrypto's one-shot digest, several at a time; a leaf split across chunks is gathered first. */
function webCryptoLeaves(subtle: SubtleCrypto): LeafHasher {
  const leaves: Array<Promise<Uint8Array>> = [];
  const partial = new Uint8Array(TREE_HASH_LEAF_SIZE);
  let filled = 0;
  const digest = async (bytes: Uint8Array) => {
    // WebCrypto takes a copy of the bytes when called, so a gathering buffer can be refilled at once.
    leaves.push(subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>).then((d) => new Uint8Array(d)));
    if (leaves.length >= WEBCRYPTO_IN_FLIGHT) await leaves[leaves.length - WEBCRYPTO_IN_FLIGHT];
  };
  return {
    async update(chunk) {
      let offset = 0;
      while (offset < chunk.length) {
        if (filled === 0 && chunk.length - offset >= TREE_HASH_LEAF_SIZE) {
          await digest(chunk.subarray(offset, offset + TREE_HASH_LEAF_SIZE));
          offset += TREE_HASH_LEAF_SIZE;
          continue;
        }
        const take = Math.min(TREE_HASH_LEAF_SIZE - filled, chunk.length - offset);
        partial.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === TREE_HASH_LEAF_SIZE) {
          await digest(partial);
          filled = 0;
        }
      }
    },
    async finish() {
      if (filled > 0 || leaves.length === 0) await digest(partial.subarray(0, filled));
      return Promise.all(leaves);
    },
  };
}

/** The hex tree hash of bytes or a stream of them: the library's helper (seed GLA-13), the same in Node and the browser. */
export async function treeHash(data: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  return (await glacierHashes(data instanceof Uint8Array ? [data] : data)).treeHash;
}

/** The hex tree hash over leaf hashes already worked out (Host.fileLeafHashes). */
export async function treeHashOfLeaves(leaves: Uint8Array[], sha256?: Sha256Constructor): Promise<string> {
  return toHex(await treeOf(leaves, () => sha256Hasher(sha256)));
}

/**
 * Every level of the tree for bytes in memory, as hex: the leaf hashes first, the tree hash last. For
 * showing the tree leaf by leaf (the playground's Glacier lesson); computed by the same pairing as above.
 */
export async function treeHashLevels(data: Uint8Array, sha256?: Sha256Constructor): Promise<string[][]> {
  const leaves: Uint8Array[] = [];
  for (let start = 0; start === 0 || start < data.length; start += TREE_HASH_LEAF_SIZE) {
    const leaf = await sha256Hasher(sha256);
    leaf.update(data.subarray(start, start + TREE_HASH_LEAF_SIZE));
    leaves.push(await leaf.digest());
  }
  const levels: string[][] = [];
  await treeOf(
    leaves,
    () => sha256Hasher(sha256),
    (level) => levels.push(level.map(toHex)),
  );
  return levels;
}

/** Combines leaf hashes pairwise, level by level, promoting an odd last hash unchanged. */
async function treeOf(
  level: Uint8Array[],
  newHasher: () => Promise<Hasher>,
  onLevel?: (level: Uint8Array[]) => void,
): Promise<Uint8Array> {
  onLevel?.(level);
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
    onLevel?.(level);
  }
  return level[0]!;
}
