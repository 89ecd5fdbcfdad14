/**
 * `cloudtrail validate-logs` (the AWS CLI's customizations/cloudtrail/validation.py): checks the log files
 * a trail delivered in a time range against the digest files CloudTrail signed for them. The trail's
 * bucket and prefix come from DescribeTrails (or --s3-bucket / --s3-prefix); its digest chain is walked
 * from the newest (digest-chain.ts), every log file a valid digest names is downloaded, inflated and its
 * SHA-256 compared; then backfill digests, the same way. Valid files are listed with --verbose on stdout,
 * problems always on stderr, each framed by blank lines as the CLI frames them, and a summary ends the
 * output. Exit 1 when any digest or log file is invalid, else 0; a gap in the chain is not a failure.
 */
import type { Client } from '../../core/client.js';
import { AbortedError, IsoawsError, ServiceError } from '../../core/errors.js';
import { inflateGzipMember } from '../../core/gzip-member.js';
import { toHex } from '../../core/hex.js';
import { sha256Hasher } from '../../core/checksums/sha.js';
import { pyStr } from '../../core/query/python-text.js';
import {
  commandPage,
  flagOption,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
} from '../../cli/command.js';
import { readParamFile } from '../../cli/param-values.js';
import { nestedClient } from '../nested-client.js';
import { displayDate, fromDate, parseCliDate, parseJsonDate } from './dates.js';
import { digestChain, type DigestData, type TrailDigests } from './digest-chain.js';
import { s3Clients, type S3Clients } from './s3-clients.js';

const OPTIONS = [
  valueOption('trail-arn', 'string', 'The ARN of the trail whose log files are checked.', { required: true }),
  valueOption(
    'start-time',
    'string',
    'Check the log files delivered from this time on (UTC), e.g. 2015-01-08T05:21:42Z.',
    { required: true },
  ),
  valueOption(
    'end-time',
    'string',
    'Check the log files delivered up to this time (UTC), e.g. 2015-01-08T12:31:41Z; now unless given.',
  ),
  valueOption(
    's3-bucket',
    'string',
    "The bucket holding the digest files, when it is not the trail's own (which DescribeTrails gives).",
  ),
  valueOption(
    's3-prefix',
    'string',
    "The key prefix of the digest files in --s3-bucket; without --s3-bucket, the trail's own prefix is used.",
  ),
  valueOption(
    'account-id',
    'string',
    "The account whose files are checked (the trail's own unless given); an organization trail needs it, to name the member account.",
  ),
  flagOption('verbose', 'List every valid digest and log file too, not only the problems.'),
];

const PAGE = commandPage(
  {
    name: 'validate-logs',
    description:
      'Validates the CloudTrail log files delivered in a time range against the digest files CloudTrail signed for them: detects log and digest files that were changed or deleted. It reads the digest and log files from the S3 bucket (ListObjects, GetObject, GetBucketLocation) and the public keys from CloudTrail, downloading every log file each time. Backfill digest files are validated too.',
    examples: [
      'isoaws cloudtrail validate-logs --trail-arn arn:aws:cloudtrail:us-east-1:123456789012:trail/Trail1 --start-time 2015-01-08T05:21:42Z --verbose',
    ],
  },
  OPTIONS,
);

export const validateLogsCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host } = env.ctx;
    // Like every option of the CLI's own commands, a string option may name a file:// to read it from.
    const given: Record<string, string | undefined> = {};
    for (const name of ['trail-arn', 'start-time', 'end-time', 's3-bucket', 's3-prefix', 'account-id']) {
      const value = values.get(name) as string | undefined;
      const loaded = value === undefined ? undefined : await readParamFile(host, value);
      given[name] =
        loaded === undefined ? value : typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
    }
    const trailArn = given['trail-arn']!;
    const now = host.now();
    const start = parseCliDate(given['start-time']!, now);
    const end = given['end-time'] ? parseCliDate(given['end-time'], now) : fromDate(now);
    if (start > end) throw new IsoawsError('Invalid time range specified: start-time must occur before end-time');

    const cloudtrail = await env.client();
    const s3 = s3Clients(env);
    const trail = await locateTrail(env, cloudtrail, trailArn, {
      bucket: given['s3-bucket'],
      prefix: given['s3-prefix'],
      accountId: given['account-id'],
    });
    const report = validationReport(env, Boolean(values.get('verbose')), start, end);
    host.stdout.write(
      `Validating log files for trail ${trailArn} between ${displayDate(start)} and ${displayDate(end)}\n\n`,
    );
    const chain = digestChain({ host, cloudtrail, s3, trail, events: report, signal: env.ctx.signal });
    for (const backfill of [false, true]) {
      for await (const digest of chain.walk(start, end, backfill)) {
        report.validDigest(digest, backfill);
        // A digest that passed its checks is CloudTrail's own writing: its log entries are as CloudTrail writes them.
        for (const log of Array.isArray(digest.logFiles) ? (digest.logFiles as LogFile[]) : [])
          await checkLog(env, s3, log, report);
      }
    }
    return report.finish();
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** A log file as a digest lists it. */
interface LogFile {
  s3Bucket?: unknown;
  s3Object?: unknown;
  hashValue?: unknown;
}

/**
 * The trail's digest location (create_digest_traverser): from DescribeTrails unless --s3-bucket is given
 * (then --s3-prefix, if any, is the prefix); an organization trail's keys also name the organization,
 * and need --account-id to say which member's logs.
 */
async function locateTrail(
  env: CommandEnv,
  cloudtrail: Client,
  trailArn: string,
  given: { bucket?: string; prefix?: string; accountId?: string },
): Promise<TrailDigests> {
  if (!/^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/.test(trailArn))
    throw new IsoawsError(`Invalid trail ARN provided: ${trailArn}`);
  let { bucket, prefix } = given;
  let organizationId: string | undefined;
  const signal = env.ctx.signal;
  if (bucket === undefined) {
    const { trailList } = await cloudtrail.send('cloudtrail', 'DescribeTrails', {}, { signal });
    const trail = ((trailList ?? []) as Array<Record<string, unknown>>).find((t) => t.TrailARN === trailArn);
    if (!trail) throw new IsoawsError(`A trail could not be found for ${trailArn}`);
    bucket = String(trail.S3BucketName);
    prefix = trail.S3KeyPrefix as string | undefined;
    if (trail.IsOrganizationTrail) {
      if (!given.accountId) throw new IsoawsError("Missing required parameter for organization trail: '--account-id'");
      const organizations = await nestedClient(env, 'ORGANIZATIONS');
      const out = await organizations.send('organizations', 'DescribeOrganization', {}, { signal });
      organizationId = String((out.Organization as { Id?: string }).Id);
    }
  }
  const homeRegion = trailArn.split(':')[3]!;
  return {
    bucket,
    prefix,
    accountId: given.accountId || trailArn.split(':')[4]!,
    trailName: trailArn.split('/').at(-1)!,
    homeRegion,
    // The CLI's own --region, not the profile's: without it, the trail's home region.
    sourceRegion: env.ctx.globals.region || homeRegion,
    ...(organizationId !== undefined ? { organizationId } : {}),
  };
}

/** Downloads a log file, inflates it and compares its SHA-256 with the digest's. */
async function checkLog(env: CommandEnv, s3: S3Clients, log: LogFile, report: ValidationReport): Promise<void> {
  try {
    const bucket = log.s3Bucket as string;
    const client = await s3.forBucket(bucket);
    const out = await client.send('s3', 'GetObject', { Bucket: bucket, Key: log.s3Object }, { signal: env.ctx.signal });
    const body = await (out.Body as { bytes(): Promise<Uint8Array> }).bytes();
    const hash = await sha256Hasher(env.ctx.host.sha256);
    const member = inflateGzipMember(body, (chunk) => hash.update(chunk));
    if (member.rest.length) return report.invalidLog(log, 'unexpected data after end of compressed stream');
    if (toHex(await hash.digest()) !== log.hashValue) return report.invalidLog(log, "hash value doesn't match");
    report.validLog(log);
  } catch (err) {
    if (err instanceof AbortedError) throw err;
    if (err instanceof ServiceError) {
      if (err.code !== 'NoSuchKey') throw err;
      return report.invalidLog(log, 'not found');
    }
    // As the CLI's `except Exception`: a file that cannot be read or inflated, or a failed download.
    report.invalidLog(log, 'invalid format');
  }
}

type ValidationReport = ReturnType<typeof validationReport>;

/** The counts and the lines the CLI prints as it goes, and its summary at the end. */
function validationReport(env: CommandEnv, verbose: boolean, start: number, end: number) {
  const { host } = env.ctx;
  const now = host.now();
  const counts = { digests: [0, 0], backfill: [0, 0], logs: [0, 0] };
  let foundStart: number | undefined;
  let foundEnd: number | undefined;
  // Whether the last thing written ended with a blank line: a problem is framed by blank lines, once.
  let spaced = true;
  const status = (message: string, problem = false) => {
    if (problem) {
      host.stderr.write(spaced ? `${message}\n\n` : `\n${message}\n\n`);
      spaced = true;
    } else if (verbose) {
      spaced = false;
      host.stdout.write(`${message}\n`);
    }
  };
  const digestCount = (backfill: boolean) => (backfill ? counts.backfill : counts.digests);
  const label = (backfill: boolean) => (backfill ? '(backfill) ' : '');
  const location = (log: LogFile) => `s3://${pyStr(log.s3Bucket)}/${pyStr(log.s3Object)}`;
  const ratio = ([valid, invalid]: number[], name: string) => {
    const total = valid! + invalid!;
    if (!total) return '';
    return `\n${valid}/${total} ${name} files valid${invalid ? `, ${invalid}/${total} ${name} files INVALID` : ''}`;
  };
  return {
    validDigest(digest: DigestData, backfill: boolean) {
      // The times found run from the earliest digest start to the latest digest end, within the range asked for.
      const digestStart = Math.max(parseJsonDate(digest.digestStartTime, now), start);
      if (foundStart === undefined || digestStart < foundStart) foundStart = digestStart;
      const digestEnd = Math.min(parseJsonDate(digest.digestEndTime, now), end);
      if (foundEnd === undefined || digestEnd > foundEnd) foundEnd = digestEnd;
      digestCount(backfill)[0]!++;
      status(
        `${label(backfill)}Digest file\ts3://${pyStr(digest.digestS3Bucket)}/${pyStr(digest.digestS3Object)}\tvalid`,
      );
    },
    onMissing(bucket: string, lastKey: string, backfill: boolean) {
      digestCount(backfill)[1]!++;
      status(`${label(backfill)}Digest file\ts3://${bucket}/${lastKey}\tINVALID: not found`, true);
    },
    onInvalid(message: string, backfill: boolean) {
      digestCount(backfill)[1]!++;
      status(`${label(backfill)}${message}`, true);
    },
    onGap(nextEnd: number, lastStart: number, backfill: boolean) {
      status(
        `${label(backfill)}No log files were delivered by CloudTrail between ${displayDate(nextEnd)} and ${displayDate(lastStart)}`,
        true,
      );
    },
    validLog(log: LogFile) {
      counts.logs[0]!++;
      status(`Log file\t${location(log)}\tvalid`);
    },
    invalidLog(log: LogFile, why: string) {
      counts.logs[1]!++;
      status(`Log file\t${location(log)}\tINVALID: ${why}`, true);
    },
    /** Writes the summary; the exit code. */
    finish(): number {
      let text = `${spaced ? '' : '\n'}Results requested for ${displayDate(start)} to ${displayDate(end)}\n`;
      const digestsSeen = [...counts.digests, ...counts.backfill].some(Boolean);
      if (!digestsSeen) {
        host.stdout.write(`${text}No digests found\n`);
        return 0;
      }
      text +=
        foundStart === undefined || foundEnd === undefined
          ? 'No valid digests found in range\n'
          : `Results found for ${displayDate(foundStart)} to ${displayDate(foundEnd)}:\n`;
      text += `${ratio(counts.digests, 'digest')}${ratio(counts.backfill, 'backfill digest')}${ratio(counts.logs, 'log')}\n`;
      host.stdout.write(text);
      return counts.digests[1]! + counts.backfill[1]! + counts.logs[1]! > 0 ? 1 : 0;
    },
  };
}
