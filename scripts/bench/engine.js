// Engine figures that need no reference CLI: loading the largest model (ec2), parsing ListObjectsV2
// XML, and peak RSS while streaming a 1 GiB GetObject to a null writer. Runs against the build in dist/.
// Targets (engine issue): ec2 load ≤ 30 ms; ≥ 50 MB/s of XML; peak RSS < 150 MB.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './lib.js';

const dist = new URL('../../dist/', import.meta.url);

/** Median ms to read, unpack and parse models/ec2.json.gz in a fresh process (no cache can help). */
export function modelLoad(runs = 9) {
  const code = `
    const { createNodeModelSource } = await import(${JSON.stringify(new URL('adapters/node/models.js', dist).href)});
    const t = process.hrtime.bigint();
    await createNodeModelSource().load('ec2');
    console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(r.stdout.trim()));
  }
  return median(times);
}

/** MB/s parsing a 1,000-key ListObjectsV2 response with the rest-xml protocol. */
export async function xmlThroughput() {
  const { protocol } = await import(new URL('core/protocols/rest-xml.js', dist).href);
  const { createNodeModelSource } = await import(new URL('adapters/node/models.js', dist).href);
  const model = await createNodeModelSource().load('s3');
  const operation = model.operations.ListObjectsV2;
  const contents = Array.from(
    { length: 1000 },
    (_, i) =>
      `<Contents><Key>photos/2024/${String(i).padStart(6, '0')}.jpg</Key><LastModified>2024-05-01T12:34:56.000Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><Size>${1000 + i}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
  ).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bench</Name><Prefix></Prefix><KeyCount>1000</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`;
  const body = new TextEncoder().encode(xml);
  const response = { statusCode: 200, headers: { 'content-type': 'application/xml' }, body };
  const parse = () => protocol.parse({ model, operation, response });
  const check = parse();
  if (check.kind !== 'output' || check.output.Contents.length !== 1000) throw new Error('ListObjectsV2 did not parse');
  for (let i = 0; i < 20; i++) parse();
  const rounds = 100;
  const t = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) parse();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  return (body.length * rounds) / seconds / 1e6;
}

/** Peak RSS (MB) of a process streaming a 1 GiB GetObject from a local stub into a null writer. */
export function streamingMemory(bytes = 1 << 30) {
  const code = `
    const { startStub } = await import(${JSON.stringify(new URL('./lib.js', import.meta.url).href)});
    const { createClient } = await import(${JSON.stringify(new URL('index.js', dist).href)});
    const stub = await startStub();
    let peak = 0;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const aws = createClient({ region: 'us-east-1', endpointUrl: stub.url, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' }, s3: { addressingStyle: 'path' } });
    const out = await aws.send('s3', 'GetObject', { Bucket: 'big', Key: '${bytes}' });
    let n = 0;
    for await (const chunk of out.Body) { n += chunk.length; peak = Math.max(peak, process.memoryUsage().rss); }
    clearInterval(timer);
    await stub.close();
    if (n !== ${bytes}) throw new Error('short read ' + n);
    console.log(peak / 1048576);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(
    JSON.stringify(
      { ec2LoadMs: modelLoad(), xmlMBps: await xmlThroughput(), streamPeakRssMB: streamingMemory() },
      null,
      2,
    ),
  );
}
