// The REPL: 100 `sts get-caller-identity` calls against a local stub run as a script by one `isoaws repl`
// process, against 100 separate `aws` (v1) invocations, in the same run. Per-command overhead inside the
// REPL: the time a command adds to a script (101 lines against 1, over 100) less the HTTP round trip of
// the same request made directly with a keep-alive node:http agent.
// Target (REPL issue): ≥ 50× faster in total; per-command overhead ≤ 5 ms beyond the round trip.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAwsCli, median, medianOf, startStub, timeRun } from './lib.js';

const bin = fileURLToPath(new URL('../../bin/isoaws.js', import.meta.url));
const CALLS = 100;

export async function repl() {
  const stub = await startStub();
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
  const line = `sts get-caller-identity --endpoint-url ${stub.url}`;
  const dir = mkdtempSync(join(tmpdir(), 'isoaws-bench-repl-'));
  const script = (n) => {
    const file = join(dir, `script-${n}.txt`);
    writeFileSync(file, `${line}\n`.repeat(n));
    return file;
  };
  const [one, hundred, hundredOne] = [script(1), script(CALLS), script(CALLS + 1)];
  const results = {};
  try {
    const runs = Number(process.env.BENCH_RUNS ?? 7);
    results.replTotalMs = +(await medianOf(runs, () => timeRun(process.execPath, [bin, 'repl', hundred], env))).toFixed(
      1,
    );
    const small = await medianOf(runs, () => timeRun(process.execPath, [bin, 'repl', one], env));
    const large = await medianOf(runs, () => timeRun(process.execPath, [bin, 'repl', hundredOne], env));
    results.replPerCommandMs = +((large - small) / CALLS).toFixed(2);
    results.httpRoundTripMs = +(await roundTrip(stub.url)).toFixed(2);
    results.replOverheadPerCommandMs = +(results.replPerCommandMs - results.httpRoundTripMs).toFixed(2);
    const aws = findAwsCli('aws', 1);
    if (aws) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < CALLS; i++) await timeRun(aws, line.split(' '), env);
      results.awsV1TotalMs = +(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0);
      results.ratioVsAwsV1 = +(results.awsV1TotalMs / results.replTotalMs).toFixed(1);
    }
  } finally {
    await stub.close();
  }
  return results;
}

/** Median milliseconds of the stub's request made directly, over a kept-alive connection. */
async function roundTrip(url) {
  const agent = new Agent({ keepAlive: true });
  const once = () =>
    new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const req = request(
        `${url}/`,
        { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(Number(process.hrtime.bigint() - start) / 1e6));
        },
      );
      req.on('error', reject);
      req.end('Action=GetCallerIdentity&Version=2011-06-15');
    });
  const times = [];
  for (let i = 0; i < 10; i++) await once();
  for (let i = 0; i < CALLS; i++) times.push(await once());
  agent.destroy();
  return median(times);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await repl(), null, 2));
}
