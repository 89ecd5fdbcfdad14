/**
 * `cloudtrail validate-logs` over the real Node host, against what five trails would have delivered. No
 * real trail is reachable and moto_server's CloudTrail delivers nothing, so the digest and log files are
 * written into moto's S3 as CloudTrail writes them, signed with RSA keys made here (node:crypto), and a
 * stand-in for the CloudTrail endpoint answers ListPublicKeys (moto does not implement it) and passes the
 * other CloudTrail calls (DescribeTrails) to moto: test/support/cloudtrail-fixture.ts. S3 and
 * Organizations are reached through AWS_ENDPOINT_URL_S3 / _ORGANIZATIONS; the stand-in refuses them,
 * so a client that took --endpoint-url for them would fail here as the CLI's would not.
 *
 * The expected bytes are AWS CLI v1's (aws-cli/1.45.11, whose validation.py is v2's but for the RSA
 * library and one check), recorded by running `aws --endpoint-url <stand-in> cloudtrail validate-logs …`
 * with the same environment against the same fixture: stdout, stderr and exit code, every case equal.
 * The one line v1 cannot give is v2's: a log file with data after its gzip member ("unexpected data after
 * end of compressed stream"), which v1 1.45.11 reports as valid; that line follows v2's validation.py.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import {
  digestKey,
  logContent,
  logKey,
  makeDigest,
  motoWriter,
  signingKey,
  startCloudTrailStandIn,
  type CloudTrailStandIn,
  type LogSpec,
  type TrailPlace,
} from '../support/cloudtrail-fixture.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const ACCOUNT = '123456789012';
const MEMBER = '111122223333';
const arn = (trail: string) => `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${trail}`;
const at = (hhmm: string) => `2024-03-01T${hhmm}:00Z`;

const t1: TrailPlace = { account: ACCOUNT, region: 'us-east-1', trail: 'Trail1', prefix: 'audit' };
const t1West: TrailPlace = { ...t1, sourceRegion: 'us-west-2' };
const t2: TrailPlace = { account: ACCOUNT, region: 'us-east-1', trail: 'Trail2' };
const t3: TrailPlace = { account: ACCOUNT, region: 'us-east-1', trail: 'Trail3' };
const t4: TrailPlace = { account: ACCOUNT, region: 'us-east-1', trail: 'Trail4' };
const t6: TrailPlace = { account: ACCOUNT, region: 'us-east-1', trail: 'Trail6' };

const main = signingKey('fp-main', '2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z');
// A key CloudTrail would hand out as DER that does not hold one.
const broken = {
  ...signingKey('fp-broken', '2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
  publicDer: Buffer.from('no key'),
};
// Valid only around the backfill digest's making: the standard lookup cannot find it.
const backfillKey = signingKey('fp-backfill', '2024-06-01T00:00:00Z', '2024-07-01T00:00:00Z');

const moto: MotoServer | undefined = await startMoto();
let standIn: CloudTrailStandIn | undefined;
let organizationId = '';
// In hooks, so that moto is stopped whatever happens while the files are written.
beforeAll(async () => {
  if (!moto) return;
  standIn = await startCloudTrailStandIn(moto.endpoint, [main, backfillKey, broken]);
  organizationId = await writeTrails(moto.endpoint);
});
afterAll(async () => {
  await standIn?.close();
  await moto?.stop();
});

/** What the five trails delivered; the organization's id (moto makes it up). */
async function writeTrails(endpoint: string): Promise<string> {
  const s3 = motoWriter(endpoint);
  const log = async (bucket: string, place: TrailPlace, hhmm: string, id: string, upload = true) => {
    const spec: LogSpec = { bucket, key: logKey(place, at(hhmm), id), content: logContent(`Event${id}`, at(hhmm)) };
    if (upload) await s3.log(spec);
    return spec;
  };
  const trail = (body: Record<string, unknown>) => s3.call('cloudtrail', 'CloudTrail_20131101.CreateTrail', body);

  // Trail1 (multi-region, prefix "audit"): a valid chain whose oldest digest is in another bucket, in
  // another region; a backfill digest; digests for the events of us-west-2.
  await s3.bucket('ct-logs');
  await s3.bucket('ct-logs-west', 'us-west-2');
  await trail({ Name: 'Trail1', S3BucketName: 'ct-logs', S3KeyPrefix: 'audit', IsMultiRegionTrail: true });
  const d1 = await s3.digest({
    bucket: 'ct-logs-west',
    place: t1,
    start: at('00:00'),
    end: at('01:00'),
    logs: [await log('ct-logs', t1, '00:10', 'aaaa'), await log('ct-logs', t1, '00:40', 'bbbb')],
    signer: main,
  });
  const d2 = await s3.digest({
    bucket: 'ct-logs',
    place: t1,
    start: at('01:00'),
    end: at('02:00'),
    logs: [await log('ct-logs', t1, '01:20', 'cccc')],
    previous: d1,
    signer: main,
  });
  await s3.digest({
    bucket: 'ct-logs',
    place: t1,
    start: at('02:00'),
    end: at('03:00'),
    logs: [],
    previous: d2,
    signer: main,
  });
  await s3.digest({
    bucket: 'ct-logs',
    place: t1,
    start: at('01:00'),
    end: at('01:30'),
    logs: [await log('ct-logs', t1, '01:10', 'dddd')],
    signer: backfillKey,
    backfillAt: '2024-06-01T12:00:00Z',
  });
  await s3.digest({
    bucket: 'ct-logs',
    place: t1West,
    start: at('00:00'),
    end: at('01:00'),
    logs: [await log('ct-logs', t1West, '00:20', 'west')],
    signer: main,
  });

  // Trail2: a chain with every kind of break, newest first: a digest signed wrongly; a valid one naming a
  // deleted predecessor, with a log file changed after delivery; a valid one starting a new chain (a gap)
  // whose log file is gone; the first digest.
  await s3.bucket('ct-broken');
  await trail({ Name: 'Trail2', S3BucketName: 'ct-broken' });
  await s3.digest({ bucket: 'ct-broken', place: t2, start: at('00:00'), end: at('01:00'), logs: [], signer: main });
  await s3.digest({
    bucket: 'ct-broken',
    place: t2,
    start: at('01:30'),
    end: at('02:00'),
    logs: [await log('ct-broken', t2, '01:45', 'gone', false)],
    signer: main,
  });
  const deleted = makeDigest({
    bucket: 'ct-broken',
    place: t2,
    start: at('02:00'),
    end: at('03:00'),
    logs: [],
    signer: main,
  });
  const changed = await log('ct-broken', t2, '03:15', 'edit', false);
  const d4 = await s3.digest({
    bucket: 'ct-broken',
    place: t2,
    start: at('03:00'),
    end: at('04:00'),
    logs: [changed],
    previous: deleted,
    signer: main,
  });
  await s3.log(changed, gzipSync(changed.content.replace('Eventedit', 'EventEdit')));
  const d5 = makeDigest({
    bucket: 'ct-broken',
    place: t2,
    start: at('04:00'),
    end: at('05:00'),
    logs: [],
    previous: d4,
    signer: main,
  });
  await s3.object(d5.bucket, d5.key, gzipSync(d5.json), { ...d5.metadata, signature: d4.signature });

  // Trail3 (no trail in moto: read with --s3-bucket): digests refused before their signature is checked.
  await s3.bucket('ct-odd');
  const unknownKey = makeDigest({
    bucket: 'ct-odd',
    place: t3,
    start: at('00:00'),
    end: at('01:00'),
    logs: [],
    signer: { ...main, fingerprint: 'fp-unknown' },
  });
  await s3.object('ct-odd', unknownKey.key, gzipSync(unknownKey.json), unknownKey.metadata);
  const moved = makeDigest({
    bucket: 'ct-odd',
    place: t3,
    start: at('01:00'),
    end: at('02:00'),
    logs: [],
    signer: main,
  });
  await s3.object(
    'ct-odd',
    moved.key,
    gzipSync(moved.json.replace('T020000Z.json.gz', 'T020001Z.json.gz')),
    moved.metadata,
  );
  const notGzipped = makeDigest({
    bucket: 'ct-odd',
    place: t3,
    start: at('02:00'),
    end: at('03:00'),
    logs: [],
    signer: main,
  });
  await s3.object('ct-odd', notGzipped.key, notGzipped.json, notGzipped.metadata);

  // Trail4 (read with --s3-bucket): log files that are not one whole gzip member.
  await s3.bucket('ct-logfmt');
  const file = (hhmm: string, id: string) => ({
    bucket: 'ct-logfmt',
    key: logKey(t4, at(hhmm), id),
    content: logContent(id, at(hhmm)),
  });
  const twoMembers = file('00:05', 'twomembers');
  await s3.log(twoMembers, Buffer.concat([gzipSync(twoMembers.content), gzipSync('{}')]));
  const plain = file('00:10', 'plain');
  await s3.log(plain, Buffer.from(plain.content));
  const cut = file('00:15', 'cut');
  await s3.log(cut, gzipSync(cut.content).subarray(0, 20));
  await s3.digest({
    bucket: 'ct-logfmt',
    place: t4,
    start: at('00:00'),
    end: at('01:00'),
    logs: [twoMembers, plain, cut],
    signer: main,
  });

  // Trail6 (read with --s3-bucket): digests whose checks fail on the way, with Python's words for it.
  await s3.bucket('ct-odd2');
  const odd = async (
    hhmm: string,
    change: (d: ReturnType<typeof makeDigest>) => [Buffer | string, Record<string, string>],
    o: Partial<Parameters<typeof makeDigest>[0]> = {},
  ) => {
    const d = makeDigest({
      bucket: 'ct-odd2',
      place: t6,
      start: at('00:00'),
      end: at(hhmm),
      logs: [],
      signer: main,
      ...o,
    });
    const [body, metadata] = change(d);
    await s3.object('ct-odd2', d.key, body, metadata);
  };
  await odd('04:00', (d) => [gzipSync(d.json), d.metadata], { signer: { ...main, fingerprint: 'fp-broken' } });
  await odd('03:00', (d) => [gzipSync(d.json), { ...d.metadata, signature: 'abc' }]);
  await odd('02:00', (d) => [gzipSync(d.json), { ...d.metadata, signature: 'zz' }]);
  await odd('01:00', (d) => [gzipSync('[1]'), d.metadata]);
  await odd('01:30', (d) => [gzipSync(d.json), { signature: d.signature, 'signature-algorithm': 'SHA256withRSA' }], {
    backfillAt: '2024-06-01T12:00:00Z',
  });
  await odd('00:30', (d) => [gzipSync(d.json), d.metadata], { backfillAt: '2019-01-01T00:00:00Z' });

  // OrgTrail: an organization trail, whose keys name the organization and the member account.
  const org = await s3.call('organizations', 'AWSOrganizationsV20161128.CreateOrganization', { FeatureSet: 'ALL' });
  const id = (org.Organization as { Id: string }).Id;
  const t5: TrailPlace = { account: MEMBER, region: 'us-east-1', trail: 'OrgTrail', organizationId: id };
  await s3.bucket('ct-org');
  await trail({ Name: 'OrgTrail', S3BucketName: 'ct-org', IsOrganizationTrail: true });
  await s3.digest({
    bucket: 'ct-org',
    place: t5,
    start: at('00:00'),
    end: at('01:00'),
    logs: [await log('ct-org', t5, '00:30', 'orgl')],
    signer: main,
  });
  return id;
}

const dir = mkdtempSync(join(tmpdir(), 'isoaws-trail-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => standIn!.url });
const validate = async (...args: string[]) => {
  const { code, out, err } = await run(['cloudtrail', 'validate-logs', ...args], {
    env: { AWS_ENDPOINT_URL_S3: moto!.endpoint, AWS_ENDPOINT_URL_ORGANIZATIONS: moto!.endpoint },
  });
  return { code, out, err };
};

/** The lines a run prints: the first line, what follows it, the summary. */
const validating = (trail: string, from: string, to: string) =>
  `Validating log files for trail ${arn(trail)} between ${from} and ${to}\n\n`;
const digestAt = (bucket: string, place: TrailPlace, hhmm: string, backfill = false) =>
  `s3://${bucket}/${digestKey(place, at(hhmm), backfill)}`;
const logAt = (bucket: string, place: TrailPlace, hhmm: string, id: string) =>
  `s3://${bucket}/${logKey(place, at(hhmm), id)}`;

describe.skipIf(!moto)('cloudtrail validate-logs against moto_server and a CloudTrail stand-in', () => {
  const range = ['--start-time', '2024-03-01T00:00:00Z', '--end-time', '2024-03-01T03:00:00Z'];
  const trail1Summary =
    'Results requested for 2024-03-01T00:00:00Z to 2024-03-01T03:00:00Z\n' +
    'Results found for 2024-03-01T00:00:00Z to 2024-03-01T03:00:00Z:\n\n' +
    '3/3 digest files valid\n1/1 backfill digest files valid\n4/4 log files valid\n';

  it('validates a chain across buckets, and a backfill digest, naming each file with --verbose (exit 0)', async () => {
    standIn!.keyRequests.length = 0;
    expect(await validate('--trail-arn', arn('Trail1'), ...range, '--verbose')).toEqual({
      code: 0,
      out:
        validating('Trail1', at('00:00'), at('03:00')) +
        `Digest file\t${digestAt('ct-logs', t1, '03:00')}\tvalid\n` +
        `Digest file\t${digestAt('ct-logs', t1, '02:00')}\tvalid\n` +
        `Log file\t${logAt('ct-logs', t1, '01:20', 'cccc')}\tvalid\n` +
        `Digest file\t${digestAt('ct-logs-west', t1, '01:00')}\tvalid\n` +
        `Log file\t${logAt('ct-logs', t1, '00:10', 'aaaa')}\tvalid\n` +
        `Log file\t${logAt('ct-logs', t1, '00:40', 'bbbb')}\tvalid\n` +
        `(backfill) Digest file\t${digestAt('ct-logs', t1, '01:30', true)}\tvalid\n` +
        `Log file\t${logAt('ct-logs', t1, '01:10', 'dddd')}\tvalid\n` +
        `\n${trail1Summary}`,
      err: '',
    });
    // The keys of the range (to two hours past its end), then the backfill digest's, an hour either side
    // of its making.
    const seconds = (iso: string) => Date.parse(iso) / 1000;
    expect(standIn!.keyRequests).toEqual([
      { StartTime: seconds(at('00:00')), EndTime: seconds(at('05:00')) },
      { StartTime: seconds('2024-06-01T11:00:00Z'), EndTime: seconds('2024-06-01T13:00:00Z') },
    ]);
  });

  it('prints only the summary without --verbose', async () => {
    expect(await validate('--trail-arn', arn('Trail1'), ...range)).toEqual({
      code: 0,
      out: validating('Trail1', at('00:00'), at('03:00')) + trail1Summary,
      err: '',
    });
  });

  it("reads the digests of --region's events, not the trail's home region's", async () => {
    expect(await validate('--region', 'us-west-2', '--trail-arn', arn('Trail1'), ...range, '--verbose')).toEqual({
      code: 0,
      out:
        validating('Trail1', at('00:00'), at('03:00')) +
        `Digest file\t${digestAt('ct-logs', t1West, '01:00')}\tvalid\n` +
        `Log file\t${logAt('ct-logs', t1West, '00:20', 'west')}\tvalid\n` +
        '\nResults requested for 2024-03-01T00:00:00Z to 2024-03-01T03:00:00Z\n' +
        'Results found for 2024-03-01T00:00:00Z to 2024-03-01T01:00:00Z:\n\n' +
        '1/1 digest files valid\n1/1 log files valid\n',
      err: '',
    });
  });

  const broken = ['--trail-arn', arn('Trail2'), '--start-time', at('00:00'), '--end-time', at('05:00')];
  const brokenSummary =
    'Results requested for 2024-03-01T00:00:00Z to 2024-03-01T05:00:00Z\n' +
    'Results found for 2024-03-01T00:00:00Z to 2024-03-01T04:00:00Z:\n\n' +
    '3/5 digest files valid, 2/5 digest files INVALID\n0/2 log files valid, 2/2 log files INVALID\n';
  const problems = [
    `Digest file\t${digestAt('ct-broken', t2, '05:00')}\tINVALID: signature verification failed`,
    `Log file\t${logAt('ct-broken', t2, '03:15', 'edit')}\tINVALID: hash value doesn't match`,
    `Digest file\t${digestAt('ct-broken', t2, '03:00')}\tINVALID: not found`,
    `Log file\t${logAt('ct-broken', t2, '01:45', 'gone')}\tINVALID: not found`,
    'No log files were delivered by CloudTrail between 2024-03-01T01:00:00Z and 2024-03-01T01:30:00Z',
  ];

  it('reports a bad signature, a changed log, a deleted digest, a missing log and a gap (exit 1)', async () => {
    expect(await validate(...broken)).toEqual({
      code: 1,
      out: validating('Trail2', at('00:00'), at('05:00')) + brokenSummary,
      err: problems.map((p) => `${p}\n\n`).join(''),
    });
  });

  it('frames each problem with a blank line before it when a valid file was listed last', async () => {
    const [badSignature, changed, deleted, gone, gap] = problems;
    expect(await validate(...broken, '--verbose')).toEqual({
      code: 1,
      out:
        validating('Trail2', at('00:00'), at('05:00')) +
        `Digest file\t${digestAt('ct-broken', t2, '04:00')}\tvalid\n` +
        `Digest file\t${digestAt('ct-broken', t2, '02:00')}\tvalid\n` +
        `Digest file\t${digestAt('ct-broken', t2, '01:00')}\tvalid\n` +
        `\n${brokenSummary}`,
      err: `${badSignature}\n\n\n${changed}\n\n${deleted}\n\n\n${gone}\n\n${gap}\n\n`,
    });
  });

  it('refuses digests that are not gzip, were moved or name an unknown key; none valid (exit 1)', async () => {
    const args = ['--trail-arn', arn('Trail3'), '--s3-bucket', 'ct-odd', ...range, '--verbose'];
    expect(await validate(...args)).toEqual({
      code: 1,
      out:
        validating('Trail3', at('00:00'), at('03:00')) +
        'Results requested for 2024-03-01T00:00:00Z to 2024-03-01T03:00:00Z\nNo valid digests found in range\n\n' +
        '0/3 digest files valid, 3/3 digest files INVALID\n',
      err:
        `Digest file\t${digestAt('ct-odd', t3, '03:00')}\tINVALID: invalid format\n\n` +
        `Digest file\t${digestAt('ct-odd', t3, '02:00')}\tINVALID: has been moved from its original location\n\n` +
        `Digest file\t${digestAt('ct-odd', t3, '01:00')}\tINVALID: public key not found in region us-east-1 for fingerprint fp-unknown\n\n`,
    });
  });

  it('refuses a log file with data after its gzip member (v2), one not gzipped, one cut short (exit 1)', async () => {
    const args = ['--trail-arn', arn('Trail4'), '--s3-bucket', 'ct-logfmt', '--start-time', '20240301T000000Z'];
    expect(await validate(...args, '--end-time', '20240301T010000Z', '--verbose')).toEqual({
      code: 1,
      out:
        validating('Trail4', at('00:00'), at('01:00')) +
        `Digest file\t${digestAt('ct-logfmt', t4, '01:00')}\tvalid\n` +
        'Results requested for 2024-03-01T00:00:00Z to 2024-03-01T01:00:00Z\n' +
        'Results found for 2024-03-01T00:00:00Z to 2024-03-01T01:00:00Z:\n\n' +
        '1/1 digest files valid\n0/3 log files valid, 3/3 log files INVALID\n',
      err:
        `\nLog file\t${logAt('ct-logfmt', t4, '00:05', 'twomembers')}\tINVALID: unexpected data after end of compressed stream\n\n` +
        `Log file\t${logAt('ct-logfmt', t4, '00:10', 'plain')}\tINVALID: invalid format\n\n` +
        `Log file\t${logAt('ct-logfmt', t4, '00:15', 'cut')}\tINVALID: hash value doesn't match\n\n`,
    });
  });

  it('reports digests that fail on the way: a bad key, bad hex, not an object, backfill metadata (exit 1)', async () => {
    const args = ['--trail-arn', arn('Trail6'), '--s3-bucket', 'ct-odd2', '--start-time', at('00:00')];
    const invalid = (hhmm: string, why: string, backfill = false) =>
      `${backfill ? '(backfill) ' : ''}Digest file\t${digestAt('ct-odd2', t6, hhmm, backfill)}\tINVALID: ${why}\n\n`;
    expect(await validate(...args, '--end-time', at('04:00'))).toEqual({
      code: 1,
      out:
        validating('Trail6', at('00:00'), at('04:00')) +
        'Results requested for 2024-03-01T00:00:00Z to 2024-03-01T04:00:00Z\nNo valid digests found in range\n\n' +
        '0/4 digest files valid, 4/4 digest files INVALID\n0/2 backfill digest files valid, 2/2 backfill digest files INVALID\n',
      err:
        invalid('04:00', 'Unable to load PKCS #1 key with fingerprint fp-broken') +
        invalid('03:00', 'Odd-length string') +
        invalid('02:00', 'Non-hexadecimal digit found') +
        invalid('01:00', 'list indices must be integers or slices, not str') +
        invalid('01:30', 'invalid format', true) +
        invalid('00:30', 'No public keys found between 2018-12-31T23:00:00Z and 2019-01-01T01:00:00Z', true),
    });
  });

  it("validates a member account's files of an organization trail, and needs --account-id for it", async () => {
    const t5: TrailPlace = { account: MEMBER, region: 'us-east-1', trail: 'OrgTrail', organizationId };
    const args = ['--trail-arn', arn('OrgTrail'), '--start-time', '2024-03-01', '--end-time', '2024-03-01T01:00'];
    expect(await validate(...args, '--account-id', MEMBER, '--verbose')).toEqual({
      code: 0,
      out:
        validating('OrgTrail', at('00:00'), at('01:00')) +
        `Digest file\t${digestAt('ct-org', t5, '01:00')}\tvalid\n` +
        `Log file\t${logAt('ct-org', t5, '00:30', 'orgl')}\tvalid\n` +
        '\nResults requested for 2024-03-01T00:00:00Z to 2024-03-01T01:00:00Z\n' +
        'Results found for 2024-03-01T00:00:00Z to 2024-03-01T01:00:00Z:\n\n' +
        '1/1 digest files valid\n1/1 log files valid\n',
      err: '',
    });
    expect(await validate(...args)).toEqual({
      code: 255,
      out: '',
      err: "\nMissing required parameter for organization trail: '--account-id'\n",
    });
  });

  it('says when the range holds no digests (exit 0), and when CloudTrail has no keys for it (exit 255)', async () => {
    expect(
      await validate('--trail-arn', arn('Trail1'), '--start-time', '2023-01-01', '--end-time', '2023-01-02'),
    ).toEqual({
      code: 0,
      out:
        validating('Trail1', '2023-01-01T00:00:00Z', '2023-01-02T00:00:00Z') +
        'Results requested for 2023-01-01T00:00:00Z to 2023-01-02T00:00:00Z\nNo digests found\n',
      err: '',
    });
    expect(
      await validate('--trail-arn', arn('Trail1'), '--start-time', '2019-01-01', '--end-time', '2019-01-02'),
    ).toEqual({
      code: 255,
      out: validating('Trail1', '2019-01-01T00:00:00Z', '2019-01-02T00:00:00Z'),
      err: '\nNo public keys found between 2019-01-01T00:00:00Z and 2019-01-02T02:00:00Z\n',
    });
  });

  it.each([
    [['--trail-arn', 'bogus', '--start-time', '2024-03-01'], 'Invalid trail ARN provided: bogus'],
    [
      ['--trail-arn', arn('Trail1'), '--start-time', '2024-03-02', '--end-time', '2024-03-01'],
      'Invalid time range specified: start-time must occur before end-time',
    ],
    [['--trail-arn', arn('Trail1'), '--start-time', 'yesterday'], 'Unable to parse date value: yesterday'],
    [
      ['--trail-arn', arn('Nope'), '--start-time', '2024-03-01', '--end-time', '2024-03-02'],
      `A trail could not be found for ${arn('Nope')}`,
    ],
  ])('refuses %j before validating anything (exit 255)', async (args, message) => {
    expect(await validate(...args)).toEqual({ code: 255, out: '', err: `\n${message}\n` });
  });

  it('wants --trail-arn and --start-time (exit 252)', async () => {
    const { code, err } = await validate('--trail-arn', arn('Trail1'));
    expect([code, err.trim().split('\n').at(-1)]).toEqual([
      252,
      'aws: error: the following arguments are required: --start-time',
    ]);
  });
});
