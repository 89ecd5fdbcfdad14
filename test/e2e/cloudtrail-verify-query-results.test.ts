/**
 * `cloudtrail verify-query-results` over the real Node host: a CloudTrail Lake export (result files and a
 * `result_sign.json` signed SHA256withRSA over their hashes, made here with node:crypto) read from
 * moto_server's S3 and from a local folder, the public key from a CloudTrail stand-in (moto has no
 * ListPublicKeys; see test/support/cloudtrail-fixture.ts), which refuses anything but CloudTrail, so the
 * S3 calls are shown to go to their own endpoint (AWS_ENDPOINT_URL_S3) and not to --endpoint-url.
 *
 * AWS CLI v1 has no such command and the v2 2.9.19 of this machine predates it, so the expected lines
 * are those of AWS CLI v2's verifyqueryresults.py (branch v2), run over the same local folders with its
 * RSA check (awscrt, absent here) done by python-rsa: every message below is what that code raised, as
 * the CLI prints an error (`\n<message>\n`, exit 255; 252 for the argument checks). The signing string
 * was also checked against the CLI's own test vector (tests/functional/cloudtrail/test_resource), which
 * this command validates.
 */
import { createHash, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import {
  lakeExport,
  motoWriter,
  signingKey,
  startCloudTrailStandIn,
  type CloudTrailStandIn,
} from '../support/cloudtrail-fixture.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
const lake = signingKey('fp-lake', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
const stranger = signingKey('fp-nope', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
let standIn: CloudTrailStandIn | undefined;
beforeAll(async () => {
  if (moto) standIn = await startCloudTrailStandIn(moto.endpoint, [lake]);
});
afterAll(async () => {
  await standIn?.close();
  await moto?.stop();
});

const COMPLETED = '2024-05-10T22:06:30Z';
const RESULTS = {
  'result_1.csv.gz': Buffer.from('eventName,count\nPutObject,3\n'),
  'result_2.csv.gz': Buffer.from('x\n'),
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const dir = mkdtempSync(join(tmpdir(), 'isoaws-lake-'));
/** A local export folder `name` holding `files`. */
function folder(name: string, files: Record<string, Buffer | string>): string {
  mkdirSync(join(dir, name));
  for (const [file, data] of Object.entries(files)) writeFileSync(join(dir, name, file), data);
  return name;
}
const signed = lakeExport(lake, RESULTS, COMPLETED);
const signFile = () => JSON.parse(signed['result_sign.json']!.toString()) as Record<string, unknown>;
folder('ok', signed);
folder('tampered', { ...signed, 'result_2.csv.gz': 'y\n' });
// Signed by the right key, over something else.
const otherSignature = sign('sha256', Buffer.from('something else'), lake.privateKey).toString('hex');
folder('badsig', { ...signed, 'result_sign.json': JSON.stringify({ ...signFile(), hashSignature: otherSignature }) });
folder('nokey', lakeExport(stranger, RESULTS, COMPLETED));
folder('empty', { 'result_sign.json': JSON.stringify({ ...signFile(), files: [] }) });
folder('notjson', { 'result_sign.json': '<html>oops</html>' });
folder('nosign', RESULTS);
folder('oddsig', { ...signed, 'result_sign.json': JSON.stringify({ ...signFile(), hashSignature: 'abc' }) });

const run = cliRunner({ home: dir, work: dir, endpoint: () => standIn!.url });
const verify = async (...args: string[]) => {
  const { code, out, err } = await run(['cloudtrail', 'verify-query-results', ...args], {
    env: { AWS_ENDPOINT_URL_S3: moto!.endpoint },
  });
  return { code, out, err };
};
const OK = { code: 0, out: 'Successfully validated sign and query result files\n', err: '' };
const failure = (message: string, code = 255) => ({ code, out: '', err: `\n${message}\n` });

describe.skipIf(!moto)('cloudtrail verify-query-results', () => {
  it('validates an export in S3, under a prefix given with or without its slash', async () => {
    const s3 = motoWriter(moto!.endpoint);
    await s3.bucket('lake-exports');
    for (const [name, data] of Object.entries(signed)) await s3.object('lake-exports', `exports/q1/${name}`, data);
    standIn!.keyRequests.length = 0;
    expect(await verify('--s3-bucket', 'lake-exports', '--s3-prefix', 'exports/q1/')).toEqual(OK);
    expect(await verify('--s3-bucket', 'lake-exports', '--s3-prefix', 'exports/q1')).toEqual(OK);
    // The key in use when the query completed: from then to 20 days later, to the second.
    const from = Date.parse(COMPLETED) / 1000;
    expect(standIn!.keyRequests[0]).toEqual({ StartTime: from, EndTime: from + 20 * 86_400 });
  });

  it('reports an exported file missing from S3 as S3 says it (exit 254)', async () => {
    const s3 = motoWriter(moto!.endpoint);
    await s3.object('lake-exports', 'exports/q2/result_sign.json', signed['result_sign.json']!);
    expect(await verify('--s3-bucket', 'lake-exports', '--s3-prefix', 'exports/q2')).toEqual(
      failure(
        'An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.',
        254,
      ),
    );
  });

  it('validates a local export, by relative or absolute path', async () => {
    expect(await verify('--local-export-path', 'ok')).toEqual(OK);
    expect(await verify('--local-export-path', `${join(dir, 'ok')}/`)).toEqual(OK);
  });

  it.each([
    [
      'tampered',
      `ValidationError: File result_2.csv.gz has inconsistent hash value with hash value recorded in sign file, hash value in sign file is ${sha256('x\n')} , but get ${sha256('y\n')}`,
    ],
    ['badsig', 'ValidationError: Invalid signature in sign file'],
    ['nokey', 'No public keys found for key with fingerprint: fp-nope'],
    ['empty', 'ValidationError: No export file was found in sign file.'],
    [
      'notjson',
      'InformationCollectionError: Unable to load result_sign.json file, due to Expecting value: line 1 column 1 (char 0)',
    ],
    ['nosign', "[Errno 2] No such file or directory: 'nosign/result_sign.json'"],
    ['oddsig', 'Odd-length string'],
  ])('refuses the %s export in the CLI’s words (exit 255)', async (name, message) => {
    expect(await verify('--local-export-path', name)).toEqual(failure(message));
  });

  it('wants one place to read from (exit 252)', async () => {
    expect(await verify()).toEqual(failure('Require parameter --s3-bucket or --local-export-path.', 252));
    expect(await verify('--local-export-path', 'ok', '--s3-prefix', 'p/')).toEqual(
      failure('Parameter --local-export-path can not be specified with parameter --s3-bucket nor --s3-prefix.', 252),
    );
  });
});
