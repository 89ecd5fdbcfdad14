/**
 * What the `deploy` commands check before they call anything (the AWS CLI's codedeploy/utils.py), with
 * the CLI's messages: an `s3://bucket/key` location, the region, an on-premises instance's name, its
 * tags and an IAM user's ARN. A bad value is a usage error (exit 252); no region is exit 253.
 */
import { ArgumentError, ConfigurationError } from '../../cli/usage.js';

const INSTANCE_NAME = /^[A-Za-z0-9+=,.@_-]+$/;
const MAX_INSTANCE_NAME_LENGTH = 100;
const IAM_USER_ARN = /^arn:aws:iam::[0-9]{12}:user\/[A-Za-z0-9/+=,.@_-]+$/;
const MAX_TAGS = 10;
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;

/** Lengths are counted in characters (code points), as Python counts them. */
export interface Tag {
  Key: string;
  Value: string;
}

/**
 * `s3://bucket/key` split at the first slash after the bucket. As the CLI's `re.match`, only the start
 * is anchored: the key ends at a line break.
 */
export function parseS3Url(url: string, option: string): { bucket: string; key: string } {
  const match = /^s3:\/\/(.+?)\/(.+)/.exec(url);
  if (!match) throw new ArgumentError(`--${option} must specify the Amazon S3 URL format as s3://<bucket>/<key>.`);
  return { bucket: match[1]!, key: match[2]! };
}

/** The region the on-premises commands work in: `--region`, else the profile's or the environment's. */
export function requireRegion(region: string | undefined): string {
  if (!region) throw new ConfigurationError('Region not specified.');
  return region;
}

export function checkInstanceName(name: string): void {
  if (!INSTANCE_NAME.test(name)) throw new ArgumentError('Instance name contains invalid characters.');
  if (name.startsWith('i-')) throw new ArgumentError("Instance name cannot start with 'i-'.");
  if ([...name].length > MAX_INSTANCE_NAME_LENGTH)
    throw new ArgumentError(`Instance name cannot be longer than ${MAX_INSTANCE_NAME_LENGTH} characters.`);
}

export function checkTags(tags: readonly Tag[]): void {
  if (tags.length > MAX_TAGS) throw new ArgumentError(`Instances can only have a maximum of ${MAX_TAGS} tags.`);
  for (const tag of tags) {
    if ([...tag.Key].length > MAX_TAG_KEY_LENGTH)
      throw new ArgumentError(`Tag Key cannot be longer than ${MAX_TAG_KEY_LENGTH} characters.`);
    if ([...tag.Value].length > MAX_TAG_VALUE_LENGTH)
      throw new ArgumentError(`Tag Value cannot be longer than ${MAX_TAG_VALUE_LENGTH} characters.`);
  }
}

/** An empty ARN counts as none given, as in the CLI. */
export function checkIamUserArn(arn: string | undefined): void {
  if (arn && !IAM_USER_ARN.test(arn)) throw new ArgumentError('Invalid IAM user ARN.');
}
