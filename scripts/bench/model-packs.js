// What the packed models (core/model/pack.ts) cost: their size installed, and the bytes a first call reads
// from them (the bucket's directory, the service's header, the operation's groups) against the whole
// service, for the calls the library figures make and EC2's largest. Runs against the build in dist/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const models = join(root, 'models');
const CALLS = [
  ['s3', 'ListBuckets'],
  ['dynamodb', 'ListTables'],
  ['sts', 'GetCallerIdentity'],
  ['ec2', 'DescribeInstances'],
];

export async function modelPacks() {
  const { packedModels } = await import(pathToFileURL(join(root, 'dist/core/model/pack.js')).href);
  const files = readdirSync(models).filter((f) => /^pack-\d+\.bin$/.test(f));
  const report = {
    packsMB: +(files.reduce((n, f) => n + statSync(join(models, f)).size, 0) / 1e6).toFixed(2),
    firstCallKB: {},
  };
  for (const [service, operation] of CALLS) {
    let bytes = 0;
    const io = {
      async read(bucket, ranges) {
        const file = readFileSync(join(models, `pack-${bucket}.bin`));
        return ranges.map(({ start, end }) => {
          const part = file.subarray(start, end);
          bytes += part.length;
          return part;
        });
      },
      inflate: (b) => inflateRawSync(b).toString('utf8'),
      // The browser's: what a page transfers.
      gap: 512,
    };
    const load = packedModels(io);
    await load(service, [operation]);
    const call = bytes;
    await load(service);
    report.firstCallKB[`${service} ${operation}`] = {
      read: +(call / 1024).toFixed(1),
      wholeService: +(bytes / 1024).toFixed(1),
    };
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await modelPacks(), null, 2));
