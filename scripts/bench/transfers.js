// Transfers (transfer issue), against the null-sink S3 of null-s3.js, isoaws and the AWS CLI v1 and v2 run in
// the same script: upload and download of a 1 GiB file, `s3 ls --recursive` of 10,000 keys, sync of 10,000
// files of 4 KiB, the tree hash of 1 GiB of random bytes (against botocore's calculate_tree_hash, in this
// machine's Python), and the peak RSS of a 5 GiB upload and download (kilobytes from /usr/bin/time -f %M).
// Targets: upload and download ≥ 2×, sync ≥ 3×, ls ≥ 5× faster than the faster AWS CLI; tree hash ≥ 2×
// faster than botocore; peak RSS ≤ 200 MB.
// BENCH_RUNS sets the runs per cell (default 3); BENCH_SKIP_RSS=1 skips the 5 GiB runs; BENCH_CASES (names
// separated by commas) keeps only those of the timed cases (treeHash1GiB among them).
//
// Downloads are timed twice: into a memory file system (/dev/shm, where there is one), which measures the
// CLIs, and into the temporary directory on disk, where the file system's own work on a gigabyte of new
// pages (here ext4 with `discard`, 0.25 to 2.6 s for the same `dd`) swamps them and varies from run to run.
// The upload row also times upload-floor.js (`floorMs`): the least program doing the hashing and sending an
// upload over http requires, which bounds what any Node client can reach on the machine.
// The tree hash is also timed without NODE_EXTRA_CA_CERTS, which costs every Node process ~40 ms before any
// script runs (see cold-start.js).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAwsCli, median, peakRss, sparseFile, timeRun } from './lib.js';
import { startNullS3 } from './null-s3.js';

const bin = fileURLToPath(new URL('../../bin/isoaws.js', import.meta.url));
const floor = fileURLToPath(new URL('./upload-floor.js', import.meta.url));
const GiB = 1024 ** 3;

export async function transfers({ runs = Number(process.env.BENCH_RUNS ?? 3) } = {}) {
  const s3 = await startNullS3();
  const dir = mkdtempSync(join(tmpdir(), 'isoaws-bench-transfers-'));
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const clis = {
    isoaws: [process.execPath, [bin]],
    awsV1: [findAwsCli('aws', 1), []],
    awsV2: [findAwsCli('/usr/bin/aws', 2), []],
  };
  const memoryDir = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/isoaws-bench-') : undefined;
  const big = join(dir, 'big.bin');
  sparseFile(big, GiB);
  const many = join(dir, 'many');
  mkdirSync(many);
  const page = Buffer.alloc(4096, 'x');
  for (let i = 0; i < 10_000; i++) writeFileSync(join(many, `f${String(i).padStart(5, '0')}.txt`), page);
  const cases = {
    upload1GiB: () => ['s3', 'cp', big, 's3://bench/big.bin', '--quiet'],
    ...(memoryDir
      ? { download1GiB: () => ['s3', 'cp', `s3://bench/big-${GiB}`, join(memoryDir, 'down.bin'), '--quiet'] }
      : {}),
    download1GiBToDisk: () => ['s3', 'cp', `s3://bench/big-${GiB}`, join(dir, 'down.bin'), '--quiet'],
    lsRecursive10k: () => ['s3', 'ls', 's3://list-10000', '--recursive'],
    sync10kFiles: () => ['s3', 'sync', many, 's3://bench/many', '--quiet'],
  };
  const result = {};
  try {
    const only = process.env.BENCH_CASES?.split(',');
    for (const [name, argv] of Object.entries(cases).filter(([n]) => !only || only.includes(n))) {
      const times = {};
      for (let i = 0; i < runs; i++) {
        for (const [cli, [command, prefix]] of Object.entries(clis)) {
          if (!command) continue;
          (times[cli] ??= []).push(await timeRun(command, [...prefix, '--endpoint-url', s3.url, ...argv()], env));
          for (const d of [dir, memoryDir]) if (d) rmSync(join(d, 'down.bin'), { force: true });
        }
        if (name === 'upload1GiB')
          (times.floor ??= []).push(await timeRun(process.execPath, [floor, s3.url, big], env));
      }
      const row = Object.fromEntries(
        Object.entries(times).map(([cli, list]) => [`${cli}Ms`, Math.round(median(list))]),
      );
      const fastest = Math.min(...[row.awsV1Ms, row.awsV2Ms].filter((v) => v !== undefined));
      if (Number.isFinite(fastest)) row.ratioVsFastestAws = +(fastest / row.isoawsMs).toFixed(2);
      if (Number.isFinite(fastest) && row.floorMs) row.floorRatioVsFastestAws = +(fastest / row.floorMs).toFixed(2);
      result[name] = row;
      process.stderr.write(`${name}: ${JSON.stringify(row)}\n`);
    }
    if (!only || only.includes('treeHash1GiB')) {
      const random = join(dir, 'random.bin');
      execFileSync('head', ['-c', String(GiB), '/dev/urandom'], { stdio: ['ignore', openSync(random, 'w'), 'ignore'] });
      const { NODE_EXTRA_CA_CERTS: _ca, ...noCa } = env;
      const hashTimes = { isoaws: [], isoawsNoExtraCa: [], botocore: [] };
      for (let i = 0; i < runs; i++) {
        hashTimes.isoaws.push(await timeRun(process.execPath, [bin, 'glacier', 'tree-hash', '--file', random], env));
        hashTimes.isoawsNoExtraCa.push(
          await timeRun(process.execPath, [bin, 'glacier', 'tree-hash', '--file', random], noCa),
        );
        hashTimes.botocore.push(
          await timeRun(
            'python3',
            [
              '-c',
              'import sys\nfrom botocore.utils import calculate_tree_hash\nprint(calculate_tree_hash(open(sys.argv[1], "rb")))',
              random,
            ],
            env,
          ),
        );
      }
      const hashMs = Object.fromEntries(
        Object.entries(hashTimes).map(([k, list]) => [`${k}Ms`, Math.round(median(list))]),
      );
      result.treeHash1GiB = {
        ...hashMs,
        ratioVsBotocore: +(hashMs.botocoreMs / hashMs.isoawsMs).toFixed(2),
        ...(env.NODE_EXTRA_CA_CERTS
          ? { ratioVsBotocoreNoExtraCa: +(hashMs.botocoreMs / hashMs.isoawsNoExtraCaMs).toFixed(2) }
          : {}),
      };
      process.stderr.write(`treeHash1GiB: ${JSON.stringify(result.treeHash1GiB)}\n`);
    }
    if (process.env.BENCH_SKIP_RSS !== '1') {
      const huge = join(dir, 'huge.bin');
      sparseFile(huge, 5 * GiB);
      // Asynchronously: the null S3 answers from this process's event loop.
      const rss = (argv) => peakRss(process.execPath, [bin, '--endpoint-url', s3.url, ...argv], env);
      result.peakRssMB = {
        upload5GiB: await rss(['s3', 'cp', huge, 's3://bench/huge.bin', '--quiet']),
        download5GiB: await rss(['s3', 'cp', `s3://bench/huge-${5 * GiB}`, join(dir, 'huge-down.bin'), '--quiet']),
      };
    }
    result.nullS3 = {
      requests: s3.stats.requests,
      gibIn: +(s3.stats.bytesIn / GiB).toFixed(1),
      gibOut: +(s3.stats.bytesOut / GiB).toFixed(1),
    };
  } finally {
    await s3.close();
    for (const d of [dir, memoryDir]) if (d) rmSync(d, { recursive: true, force: true });
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await transfers(), null, 2));
}
