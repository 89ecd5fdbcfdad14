/**
 * `s3 mv` between two S3 URIs with the same key in buckets named differently, where one is an access
 * point (an ARN, an alias, a Multi-Region Access Point): both may be one object, and the move would then
 * delete it. As the AWS CLI: with `--validate-same-s3-paths` (or AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS=true)
 * each side is resolved to its buckets (S3 Control, and STS for an alias's account) and the move refused
 * when they meet; without it, a warning says so and the move goes ahead.
 */
import type { Client } from '../../core/client.js';
import { ArgumentError } from '../../cli/usage.js';
import { sameObject } from './parse.js';
import { parseS3Uri } from './paths.js';

const ACCESS_POINT_ARN = /^arn:aws.*:s3:[a-z0-9-]+:(\d{12}):accesspoint[:/]([a-z0-9-]{3,50})$/;
const OUTPOST_ACCESS_POINT_ARN =
  /^arn:aws.*:s3-outposts:[a-z0-9-]+:(\d{12}):outpost\/op-[a-zA-Z0-9]+\/accesspoint[:/][a-z0-9-]{3,50}$/;
const MULTI_REGION_ARN = /^arn:aws:s3::(\d{12}):accesspoint[:/]([a-zA-Z0-9]+\.mrap)$/;

/** The clients the resolution asks: S3 Control in a region (the source's or the destination's), and STS. */
export interface PathResolvers {
  s3control(region: 'source' | 'destination'): Promise<Client>;
  sts(): Promise<Client>;
}

export async function checkMoveTargets(
  src: string,
  dst: string,
  validate: boolean,
  resolvers: PathResolvers,
  warn: (text: string) => void,
): Promise<void> {
  const [from, to] = [parseS3Uri(src), parseS3Uri(dst)];
  if (!sameObject(`/${from.key}`, `/${to.key}`)) return;
  if (!validate) {
    if (mayNameAnother(from.bucket) || mayNameAnother(to.bucket))
      warn(
        'warning: Provided s3 paths may resolve to same underlying s3 object(s) and result in deletion instead of being moved. To resolve and validate underlying s3 paths are not the same, specify the --validate-same-s3-paths flag or set the AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS environment variable to true. To resolve s3 outposts access point path, the arn must be used instead of the alias.\n',
      );
    return;
  }
  const sources = await underlying(src, resolvers, 'source');
  const targets = await underlying(dst, resolvers, 'destination');
  for (const a of sources)
    for (const b of targets)
      if (sameObject(a, b)) throw new ArgumentError(`Cannot mv a file onto itself: ${src} - ${dst}`);
}

function mayNameAnother(bucket: string): boolean {
  return (
    ACCESS_POINT_ARN.test(bucket) ||
    OUTPOST_ACCESS_POINT_ARN.test(bucket) ||
    MULTI_REGION_ARN.test(bucket) ||
    bucket.endsWith('-s3alias') ||
    bucket.endsWith('--op-s3')
  );
}

/** The `s3://bucket/key` URIs a path stands for: itself, or the buckets behind its access point. */
async function underlying(path: string, resolvers: PathResolvers, side: 'source' | 'destination'): Promise<string[]> {
  const { bucket, key } = parseS3Uri(path);
  const at = (buckets: string[]) => buckets.map((b) => `s3://${b}/${key}`);
  let m = ACCESS_POINT_ARN.exec(bucket);
  if (m) return at([await accessPointBucket(resolvers, side, m[1]!, m[2]!)]);
  m = OUTPOST_ACCESS_POINT_ARN.exec(bucket);
  if (m) return at([await accessPointBucket(resolvers, side, m[1]!, bucket)]);
  m = MULTI_REGION_ARN.exec(bucket);
  if (m) return at(await multiRegionBuckets(resolvers, side, m[1]!, m[2]!));
  if (bucket.endsWith('-s3alias')) {
    const identity = await (await resolvers.sts()).send('sts', 'GetCallerIdentity', {});
    return at([await accessPointBucket(resolvers, side, identity.Account as string, bucket)]);
  }
  if (bucket.endsWith('--op-s3'))
    throw new ArgumentError(
      "Can't resolve underlying bucket name of s3 outposts access point alias. Use arn instead to resolve the bucket name and validate the mv command.",
    );
  return [path];
}

async function accessPointBucket(
  resolvers: PathResolvers,
  side: 'source' | 'destination',
  account: string,
  name: string,
) {
  const out = await (
    await resolvers.s3control(side)
  ).send('s3control', 'GetAccessPoint', { AccountId: account, Name: name });
  return out.Bucket as string;
}

async function multiRegionBuckets(
  resolvers: PathResolvers,
  side: 'source' | 'destination',
  account: string,
  alias: string,
): Promise<string[]> {
  const client = await resolvers.s3control(side);
  // The model has no paginator for it: NextToken is followed by hand, as the CLI does.
  let NextToken: string | undefined;
  do {
    const page = await client.send('s3control', 'ListMultiRegionAccessPoints', { AccountId: account, NextToken });
    for (const point of (page.AccessPoints ?? []) as Array<{ Alias: string; Regions?: Array<{ Bucket: string }> }>)
      if (point.Alias === alias) return (point.Regions ?? []).map((r) => r.Bucket);
    NextToken = page.NextToken as string | undefined;
  } while (NextToken);
  throw new ArgumentError(`Couldn't find multi-region access point with alias ${alias} in account ${account}`);
}
