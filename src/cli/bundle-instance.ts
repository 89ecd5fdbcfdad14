/**
 * `ec2 bundle-instance`'s plain options (the AWS CLI's bundleinstance.py): `--bucket`, `--prefix`,
 * `--owner-akid`, `--owner-sak` and `--policy` fill `Storage.S3` without writing the structure out, and
 * cannot be mixed with `--storage`. Without a policy the CLI writes one (the bucket, the prefix, the
 * `ec2-bundle-read` ACL, valid for 24 hours); with the owner's secret key it signs the policy (HMAC-SHA1
 * of its base64), and the key itself is never sent. As in AWS CLI v2 the policy is bytes: a `--policy`
 * given is base64, decoded with the other blobs before it is signed.
 */
import { IsoawsError } from '../core/errors.js';
import { toBase64, utf8Encode } from '../core/protocols/shared.js';
import { customArg, isTruthy, type CommandCustomization } from './command-args.js';
import { ArgumentError } from './usage.js';

/** The options, in the CLI's order, with the `Storage.S3` member each fills (`_SAK`: the secret, until signed). */
const OPTIONS = [
  {
    name: 'bucket',
    member: 'Bucket',
    doc: 'The bucket in which to store the AMI: one you own, or a new one that EC2 creates for you.',
  },
  { name: 'prefix', member: 'Prefix', doc: 'The prefix for the names of the image’s parts in Amazon S3.' },
  { name: 'owner-akid', member: 'AWSAccessKeyId', doc: 'The access key ID of the owner of the bucket.' },
  {
    name: 'owner-sak',
    member: '_SAK',
    doc: 'The secret access key of the owner of the bucket, to sign the upload policy with. It is not sent.',
  },
  {
    name: 'policy',
    member: 'UploadPolicy',
    doc: 'An Amazon S3 upload policy (base64) that lets EC2 write the bundle into the bucket; without it the CLI writes one valid for 24 hours.',
  },
] as const;

const SECRET = '_SAK';

export const bundleInstance: CommandCustomization = {
  arguments(args) {
    for (const a of args) if (a.name === 'storage') a.required = false;
    for (const { name, doc } of OPTIONS) args.push(customArg(bundleInstance, { name, nargs: 'one', doc }));
  },
  check(values) {
    if (isTruthy(values.get('storage')) && OPTIONS.some(({ name }) => isTruthy(values.get(name))))
      throw new ArgumentError('Mixing the --storage option with the simple, scalar options is not recommended.');
  },
  fill(params, arg, value) {
    if (!value) return;
    const storage = (params.Storage ??= { S3: {} }) as { S3: Record<string, unknown> };
    storage.S3[OPTIONS.find((o) => o.name === arg.name)!.member] = value;
  },
  async finish(params, { ctx }) {
    const s3 = (params.Storage as { S3?: Record<string, unknown> } | undefined)?.S3;
    if (!s3)
      throw new IsoawsError(
        'ec2 bundle-instance needs a place to store the bundle: --bucket and --prefix, or --storage',
      );
    s3.UploadPolicy ??= generatedPolicy(s3, ctx.host.now());
    const policy = s3.UploadPolicy as Uint8Array;
    const secret = s3[SECRET];
    if (s3.UploadPolicySignature === undefined && policy.length && typeof secret === 'string' && secret) {
      s3.UploadPolicySignature = await hmacSha1Base64(secret, toBase64(policy));
      delete s3[SECRET];
    }
  },
};

/** The CLI's policy: this bucket and prefix, the bundle-read ACL, for 24 hours (its text exactly). */
function generatedPolicy(s3: Record<string, unknown>, now: Date): Uint8Array {
  if (typeof s3.Bucket !== 'string' || typeof s3.Prefix !== 'string')
    throw new IsoawsError('To write the upload policy, ec2 bundle-instance needs --bucket and --prefix (or --policy)');
  // Python's %Y-%m-%dT%H:%M:%S.%fZ: microseconds, of which a Date holds the milliseconds.
  const expires = new Date(now.getTime() + 24 * 3600_000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  return utf8Encode(
    `{"expiration": "${expires}","conditions": [{"bucket": "${s3.Bucket}"},{"acl": "ec2-bundle-read"},["starts-with", "$key", "${s3.Prefix}"]]}`,
  );
}

async function hmacSha1Base64(key: string, message: string): Promise<string> {
  const { createHMAC, createSHA1 } = await import('hash-wasm');
  const hmac = await createHMAC(createSHA1(), utf8Encode(key));
  hmac.init();
  hmac.update(message);
  return toBase64(hmac.digest('binary'));
}
