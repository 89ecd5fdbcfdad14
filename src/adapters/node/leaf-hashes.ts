/**
 * SHA-256 of each leaf of a file's byte range on worker threads (Host.fileLeafHashes): the range is
 * split into one run of whole leaves per core, and each worker reads its run from the file itself, so
 * no bytes cross between threads and the main thread only waits. Glacier's tree hash of a large file
 * is the case: hashing is all its time.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker: plain CommonJS evaluated from this string, so the bundle needs no separate file. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { path, start, end, leafSize } = workerData;
const fd = openSync(path, 'r');
const buffer = Buffer.allocUnsafe(leafSize);
const leaves = [];
try {
  for (let position = start; position < end; position += leafSize) {
    const length = Math.min(leafSize, end - position);
    for (let got = 0; got < length;) {
      const read = readSync(fd, buffer, got, length - got, position + got);
      if (read === 0) throw new Error(path + ' is shorter than ' + end + ' bytes: it changed while it was read');
      got += read;
    }
    leaves.push(createHash('sha256').update(buffer.subarray(0, length)).digest());
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage(leaves);
`;

export async function fileLeafHashes(path: string, range: { start: number; end: number }, leafSize: number): Promise<Uint8Array[]> {
  const count = Math.ceil((range.end - range.start) / leafSize);
  const workers = Math.max(1, Math.min(availableParallelism(), count));
  const perWorker = Math.ceil(count / workers);
  const runs: Array<Promise<Uint8Array[]>> = [];
  for (let start = range.start; start < range.end; start += perWorker * leafSize) {
    runs.push(hashRun(path, start, Math.min(range.end, start + perWorker * leafSize), leafSize));
  }
  return (await Promise.all(runs)).flat();
}

function hashRun(path: string, start: number, end: number, leafSize: number): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, start, end, leafSize } });
    let leaves: Uint8Array[] | undefined;
    worker.once('message', (message: Uint8Array[]) => { leaves = message; });
    worker.once('error', reject);
    worker.once('exit', (code) => (leaves ? resolve(leaves) : reject(new Error(`hashing ${path} stopped (worker exit code ${code})`))));
  });
}
