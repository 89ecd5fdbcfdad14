// Cold start: `isoaws sts get-caller-identity` against a local stub, against the AWS CLI v1 (`aws` in this
// machine's Python) in the same script, with the environment as it is and with NODE_EXTRA_CA_CERTS unset.
// Target (engine issue): median ≤ 80 ms and ≥ 5× faster than `aws`.
// NODE_EXTRA_CA_CERTS makes Node itself parse the whole CA file before any script runs (`node -e 0` goes
// from ~20 to ~60 ms on this machine), so the report also gives bare Node's start-up in both environments
// and isoaws's own share above it.
import { fileURLToPath } from 'node:url';
import { findAwsCli, medianOf, startStub, timeRun } from './lib.js';

const bin = fileURLToPath(new URL('../../bin/isoaws.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);

export async function coldStart() {
  const stub = await startStub();
  const base = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const args = ['sts', 'get-caller-identity', '--endpoint-url', stub.url];
  const { NODE_EXTRA_CA_CERTS: _ca, ...noCa } = base;
  const results = {};
  try {
    results.isoaws = await medianOf(runs, () => timeRun(process.execPath, [bin, ...args], base));
    results.isoawsNoExtraCa = await medianOf(runs, () => timeRun(process.execPath, [bin, ...args], noCa));
    results.bareNode = await medianOf(runs, () => timeRun(process.execPath, ['-e', '0'], base));
    results.bareNodeNoExtraCa = await medianOf(runs, () => timeRun(process.execPath, ['-e', '0'], noCa));
    results.isoawsAboveNode = results.isoaws - results.bareNode;
    const aws = findAwsCli('aws', 1);
    if (aws) results.awsV1 = await medianOf(Math.max(5, Math.floor(runs / 2)), () => timeRun(aws, args, base), 1);
  } finally {
    await stub.close();
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await coldStart();
  console.log(JSON.stringify(r, null, 2));
}
