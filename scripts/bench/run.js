// `npm run bench`: every benchmark of the project, with the reference AWS CLI measured in the same run.
// Prints one JSON report; targets are listed beside each figure. Timings never appear in tests.
import { bundleSize } from './bundle-size.js';
import { coldStart } from './cold-start.js';
import { modelLoad, streamingMemory, xmlThroughput } from './engine.js';
import { configCost } from './config.js';
import { repl } from './repl.js';
import { formatting } from './formatting.js';
import { transfers } from './transfers.js';
import { sandbox, sandboxServices } from './sandbox.js';
import { playground } from './playground.js';
import { browserPage, library, packages } from './library.js';
import { modelPacks } from './model-packs.js';

const report = {};
const start = await coldStart();
report.coldStart = {
  ...start,
  ratioVsAwsV1: start.awsV1 ? +(start.awsV1 / start.isoaws).toFixed(2) : undefined,
  ratioVsAwsV1NoExtraCa: start.awsV1 ? +(start.awsV1 / start.isoawsNoExtraCa).toFixed(2) : undefined,
  target: 'isoaws median ≤ 80 ms and ≥ 5× faster than aws (v1)',
};
report.ec2ModelLoadMs = { value: modelLoad(), target: '≤ 30 ms' };
report.listObjectsV2XmlMBps = { value: +(await xmlThroughput()).toFixed(1), target: '≥ 50 MB/s' };
report.getObject1GiBPeakRssMB = { value: +streamingMemory().toFixed(1), target: '< 150 MB' };
report.browserBundle = { ...bundleSize(), target: '≤ 150 kB gzip' };
report.playground = {
  ...(await playground()),
  target: '≤ 200 kB of JavaScript gzip before any model; a command against the sandbox ≤ 50 ms (median of 20)',
};
report.formatting10kInstances = {
  ...(await formatting()),
  target: 'json, text, table each ≥ 5× faster than the faster AWS CLI; --version median ≤ 60 ms',
};
report.config200Profiles = {
  ...(await configCost()),
  target: 'reading a 200-profile config and credentials file adds ≤ 5 ms to a command',
};
report.transfers = {
  ...(await transfers()),
  target:
    'upload and download of 1 GiB ≥ 2×, sync of 10,000 files ≥ 3×, ls of 10,000 keys ≥ 5× faster than the faster AWS CLI; tree hash of 1 GiB ≥ 2× faster than botocore; peak RSS ≤ 200 MB at 5 GiB',
};
report.repl100GetCallerIdentity = {
  ...(await repl()),
  target:
    '100 calls in one isoaws repl ≥ 50× faster in total than 100 aws (v1) runs; per-command overhead in the REPL ≤ 5 ms beyond the HTTP round trip',
};
report.sandbox = {
  ...(await sandbox()),
  target:
    '1,000 S3 PutObject and 1,000 GetObject of 1 KiB in one process ≥ 5× faster than isoaws to moto_server; s3 cp of 1 GiB into the sandbox and back with peak RSS ≤ 200 MB; cold `--sandbox sts get-caller-identity` within 20 ms of the same command against a local stub',
};
report.sandboxServices = {
  ...(await sandboxServices()),
  target:
    'DynamoDB: 1,000 PutItem then 1,000 Query on a 10,000-item table ≥ 5× faster than moto_server, a filtered Scan of 10,000 items ≤ 100 ms; SQS: 1,000 send/receive/delete round trips ≥ 5× faster than moto_server',
};
report.libraryVsSdkV3 = {
  ...(await library()),
  target:
    'import + one signed call (whole processes) ≥ 2× faster than AWS SDK v3 for S3, DynamoDB and STS; steady-state calls per second ≥ 2×; peak RSS no higher than the SDK',
};
report.libraryPackagesVsSdkV3 = {
  ...packages(),
  target: 'isoaws installed ≤ 25 MB with every service; a file using S3, DynamoDB and STS type-checks in ≤ 2 s',
};
report.libraryPageVsSdkV3 = {
  ...(await browserPage()),
  target: 'a page listing S3 buckets and DynamoDB tables: JavaScript and models fetched, gzip, ≤ the SDK v3 page',
};
report.modelPacks = {
  ...(await modelPacks()),
  target: 'not a target: the packed models installed, and what a first call reads of them against its whole service',
};
console.log(JSON.stringify(report, null, 2));
