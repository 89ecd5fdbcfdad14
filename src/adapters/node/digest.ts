/**
 * Host.digest on worker threads: a pool of one worker per core, started on first use. Until a worker is
 * ready the bodies are hashed on the calling thread, so a lone request never waits for one to start;
 * once some are, a body waits for a free worker, leaving the main thread to send. A worker holds the
 * process open only while it has a body to hash.
 */
import * as crypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import type { DigestRequest } from '../../core/host.js';

type Digests = { checksum?: string; sha256?: string };

/**
 * The digests of one body, a slice at a time through every hash while the slice is in the cache.
 * Native hashes only: CRC32 (zlib), SHA-1 and SHA-256; another checksum is left out of the answer.
 * Self-contained, as its source is also the workers' code.
 */
function digestBytes(
  nodeCrypto: typeof crypto,
  nodeZlib: typeof zlib,
  bytes: Uint8Array,
  want: DigestRequest,
): Digests {
  const crc = want.checksum === 'CRC32';
  const sum =
    want.checksum === 'SHA1' || want.checksum === 'SHA256'
      ? nodeCrypto.createHash(want.checksum.toLowerCase())
      : undefined;
  const sha256 = want.sha256 ? nodeCrypto.createHash('sha256') : undefined;
  let crc32 = 0;
  for (let at = 0; at < bytes.length; at += 1 << 20) {
    const slice = bytes.subarray(at, at + (1 << 20));
    if (crc) crc32 = nodeZlib.crc32(slice, crc32);
    sum?.update(slice);
    sha256?.update(slice);
  }
  const out: Digests = {};
  if (crc) out.checksum = Buffer.from([crc32 >>> 24, crc32 >>> 16, crc32 >>> 8, crc32]).toString('base64');
  if (sum) out.checksum = sum.digest('base64');
  if (sha256) out.sha256 = sha256.digest('hex');
  return out;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const digestBytes = ${digestBytes.toString()};
parentPort.on('message', ({ bytes, want }) => parentPort.postMessage(digestBytes(require('node:crypto'), require('node:zlib'), bytes, want)));
`;

interface Job {
  bytes: Uint8Array;
  want: DigestRequest;
  resolve(d: Digests): void;
  reject(err: Error): void;
}
interface PoolWorker {
  worker: Worker;
  ready: boolean;
  job?: Job;
}

let pool: PoolWorker[] | undefined;
const waiting: Job[] = [];

export function digest(bytes: Uint8Array, want: DigestRequest): Promise<Digests> {
  pool ??= Array.from({ length: availableParallelism() }, startWorker);
  if (!pool.some((w) => w.ready)) return Promise.resolve(digestBytes(crypto, zlib, bytes, want));
  return new Promise((resolve, reject) => {
    waiting.push({ bytes, want, resolve, reject });
    dispatch();
  });
}

function startWorker(): PoolWorker {
  const entry: PoolWorker = { worker: new Worker(WORKER_SOURCE, { eval: true }), ready: false };
  const { worker } = entry;
  worker.unref();
  // Once more when it is running: its message port is not yet unreferenced by the call above.
  worker.once('online', () => {
    entry.ready = true;
    worker.unref();
    dispatch();
  });
  worker.on('message', (digests: Digests) => {
    const job = entry.job!;
    entry.job = undefined;
    worker.unref();
    job.resolve(digests);
    dispatch();
  });
  const fail = (err: Error) => {
    // A worker that died takes its body with it; the next ones go to the rest, or this thread.
    pool = pool!.filter((w) => w !== entry);
    entry.job?.reject(err);
    entry.job = undefined;
    if (!pool.some((w) => w.ready))
      for (const job of waiting.splice(0)) job.resolve(digestBytes(crypto, zlib, job.bytes, job.want));
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`hashing stopped (worker exit code ${code})`)));
  return entry;
}

function dispatch(): void {
  for (const entry of pool ?? []) {
    if (!entry.ready || entry.job) continue;
    const job = waiting.shift();
    if (!job) return;
    entry.job = job;
    entry.worker.ref();
    entry.worker.postMessage({ bytes: job.bytes, want: job.want });
  }
}
