// Configuration cost (configuration issue): `isoaws sts get-caller-identity` against a local stub with
// a 200-profile config file and credentials file, versus with no files, in the same script; the
// difference of the medians is what reading the files and resolving the profile's credentials and
// endpoint adds to a command. Target: ≤ 5 ms.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStub, timeRun } from './lib.js';

const bin = fileURLToPath(new URL('../../bin/isoaws.js', import.meta.url));

export async function configCost({ profiles = 200, runs = Number(process.env.BENCH_RUNS ?? 15) } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'isoaws-bench-config-'));
  const config = [];
  const credentials = [];
  for (let i = 0; i < profiles; i++) {
    config.push(
      `[profile p${i}]`,
      'region = eu-west-1',
      'output = json',
      `services = svc${i}`,
      's3 =',
      '    max_concurrent_requests = 20',
      '',
    );
    config.push(`[services svc${i}]`, 'sts =', `    endpoint_url = http://127.0.0.1:1/${i}`, '');
    credentials.push(
      `[p${i}]`,
      `aws_access_key_id = AKID${String(i).padStart(16, '0')}`,
      'aws_secret_access_key = secret',
      '',
    );
  }
  writeFileSync(join(dir, 'config'), config.join('\n'));
  writeFileSync(join(dir, 'credentials'), credentials.join('\n'));
  const stub = await startStub();
  const { NODE_EXTRA_CA_CERTS: _ca, ...base } = process.env;
  const common = { ...base, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', HOME: dir };
  const withFiles = {
    ...common,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_PROFILE: `p${profiles - 1}`,
  };
  const without = {
    ...common,
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    AWS_ACCESS_KEY_ID: 'AKID',
    AWS_SECRET_ACCESS_KEY: 's',
    AWS_DEFAULT_REGION: 'eu-west-1',
  };
  const args = [bin, 'sts', 'get-caller-identity', '--endpoint-url', stub.url];
  try {
    const times = { withFiles: [], without: [] };
    // Alternate the two so that drift in the machine's speed falls on both.
    for (let i = 0; i < runs; i++) {
      times.without.push(await timeRun(process.execPath, args, without));
      times.withFiles.push(await timeRun(process.execPath, args, withFiles));
    }
    const median = (list) => {
      const s = [...list].sort((a, b) => a - b);
      return s[s.length >> 1];
    };
    const a = median(times.withFiles);
    const b = median(times.without);
    return { profiles, withFilesMs: +a.toFixed(1), withoutFilesMs: +b.toFixed(1), addedMs: +(a - b).toFixed(1) };
  } finally {
    await stub.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await configCost(), null, 2));
}
