/**
 * SHA-256 of each leaf of a file's byte range, on every core (Host.fileLeafHashes): the range is split
 * into one run of whole leaves per core; the main thread hashes the first run itself while worker
 * threads (started first, as starting one takes tens of milliseconds) hash the others, each reading its
 * run from the file itself, so no bytes cross between threads. Glacier's tree hash of a large file is
 * the case: hashing is all its time.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

interface Run {
  path: string;
  start: number;
  end: number;
  leafSize: number;
}

/**
 * Hashes one run, reading the file with blocking calls (a worker has nothing else to do; on the main
 * thread the workers run meanwhile). Self-contained, as its source is also the workers' code.
 */
function hashRun(nodeFs: typeof fs, nodeCrypto: typeof crypto, run: Run): Uint8Array[] {
  const fd = nodeFs.openSync(run.path, 'r');
  const buffer = Buffer.allocUnsafe(run.leafSize);
  const leaves: Uint8Array[] = [];
  try {
    for (let position = run.start; position < run.end; position += run.leafSize) {
      const length = Math.min(run.leafSize, run.end - position);
      for (let got = 0; got < length;) {
        const read = nodeFs.readSync(fd, buffer, got, length - got, position + got);
        if (read === 0) throw new Error(`${run.path} is shorter than ${run.end} bytes: it changed while it was read`);
        got += read;
      }
      leaves.push(nodeCrypto.createHash('sha256').update(buffer.subarray(0, length)).digest());
    }
  } finally {
    nodeFs.closeSync(fd);
  }
  return leaves;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage((${hashRun.toString()})(require('node:fs'), require('node:crypto'), workerData));
`;

export async function fileLeafHashes(
  path: string,
  range: { start: number; end: number },
  leafSize: number,
): Promise<Uint8Array[]> {
  const count = Math.ceil((range.end - range.start) / leafSize);
  const perRun = Math.ceil(count / Math.max(1, Math.min(availableParallelism(), count)));
  const runs: Run[] = [];
  for (let start = range.start; start < range.end; start += perRun * leafSize)
    runs.push({ path, start, end: Math.min(range.end, start + perRun * leafSize), leafSize });
  if (runs.length === 0) return [];
  const others = runs.slice(1).map(inWorker);
  // A worker's failure is reported once the main thread's run is done, not as an unhandled rejection meanwhile.
  for (const other of others) other.catch(() => undefined);
  const first = hashRun(fs, crypto, runs[0]!);
  return [first, ...(await Promise.all(others))].flat();
}

function inWorker(run: Run): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: run });
    let leaves: Uint8Array[] | undefined;
    worker.once('message', (message: Uint8Array[]) => {
      leaves = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      leaves ? resolve(leaves) : reject(new Error(`hashing ${run.path} stopped (worker exit code ${code})`)),
    );
  });
}
