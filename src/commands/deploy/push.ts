/**
 * `deploy push` (the AWS CLI's codedeploy/push.py): zips a folder holding an AppSpec file (bundle.ts),
 * uploads it to `--s3-location s3://bucket/key`, registers it with CodeDeploy as a revision of
 * `--application-name`, and prints the `aws deploy create-deployment` line that deploys it.
 *
 * The upload is the CLI's own, not the s3 commands' transfer: below 6 MiB one PutObject, from 6 MiB a
 * multipart upload of 6 MiB parts sent one after another, aborted when S3 refuses a part. Any failure
 * of the upload is reported as `Failed to upload '<source>' to '<s3-location>': <why>` (exit 255); a
 * failure to register the revision is the service's error as for any operation. The revision carries
 * the object's ETag (quotes removed) and, in a versioned bucket, its version.
 *
 * As in the CLI, only the CodeDeploy client takes `--endpoint-url`; S3 is reached at its own endpoint
 * or one configured for it (nested-client.ts).
 */
import type { Client } from '../../core/client.js';
import { AbortedError, errorText, IsoawsError, ServiceError } from '../../core/errors.js';
import { resolveLocal } from '../../core/local-paths.js';
import { commandPage, flagOption, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { ArgumentError, ConfigurationError } from '../../cli/usage.js';
import { nestedClient } from '../nested-client.js';
import { bundleRevision } from './bundle.js';
import { parseS3Url } from './checks.js';

/** The size from which the bundle goes up in parts, and the size of each part. */
export const MULTIPART_LIMIT = 6 * 1024 * 1024;

const OPTIONS = [
  valueOption('application-name', 'string', 'The CodeDeploy application the revision is registered with.', {
    required: true,
  }),
  valueOption(
    's3-location',
    'string',
    'Where the zipped revision is uploaded, as s3://<bucket>/<key>. The content is zipped before it is uploaded.',
    { required: true },
  ),
  flagOption(
    'ignore-hidden-files',
    'Leave files and folders whose names start with a dot out of the bundle. By default (--no-ignore-hidden-files) they are included.',
  ),
  flagOption('no-ignore-hidden-files', 'Include hidden files and folders in the bundle (the default).'),
  valueOption(
    'source',
    'string',
    'The folder holding the deployable content and its appspec.yml, zipped and uploaded. The current folder when not given.',
  ),
  valueOption(
    'description',
    'string',
    "A description of the revision. When not given: 'Uploaded by AWS CLI <time> UTC', the current UTC time in ISO 8601.",
  ),
];

const PAGE = commandPage(
  {
    name: 'push',
    description:
      'Zips a folder of deployable content and its AppSpec file, uploads the archive to Amazon S3 and registers it with AWS CodeDeploy as an application revision. On success, prints the create-deployment command that deploys this revision.',
    examples: [
      'isoaws deploy push --application-name WordPress_App --s3-location s3://my-bucket/wordpress.zip --source .',
    ],
  },
  OPTIONS,
);

export const pushCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (name: string) => values.get(name) as string | undefined;
    const location = text('s3-location')!;
    const { bucket, key } = parseS3Url(location, 's3-location');
    if (values.get('ignore-hidden-files') && values.get('no-ignore-hidden-files'))
      throw new ArgumentError('You cannot specify both --ignore-hidden-files and --no-ignore-hidden-files.');
    const { host, signal } = env.ctx;
    const description = text('description') || `Uploaded by AWS CLI ${isoUtc(host.now())} UTC`;
    const [codedeploy, s3] = await Promise.all([env.client(), nestedClient(env, 'S3')]);
    // The CLI's CodeDeploy client cannot be made without a region, before anything is zipped.
    if (!codedeploy.config.region)
      throw new ConfigurationError(
        'You must specify a region. You can also configure your region by running "aws configure".',
      );

    const source = text('source') ?? '.';
    const bundle = await bundleRevision(
      host,
      resolveLocal(host.cwd ?? '/', source),
      Boolean(values.get('ignore-hidden-files')),
    );
    let uploaded: Record<string, unknown>;
    try {
      uploaded = await upload(s3, bucket, key, bundle, signal);
    } catch (err) {
      // An interrupt stays one: the CLI's `except Exception` lets KeyboardInterrupt through.
      if (err instanceof AbortedError) throw err;
      throw new IsoawsError(`Failed to upload '${source}' to '${location}': ${errorText(err)}`);
    }
    const eTag = String(uploaded.ETag).replaceAll('"', '');
    const version = uploaded.VersionId as string | undefined;
    const s3Location = { bucket, key, bundleType: 'zip', eTag, ...(version !== undefined ? { version } : {}) };
    await codedeploy.send(
      'codedeploy',
      'RegisterApplicationRevision',
      { applicationName: text('application-name'), revision: { revisionType: 'S3', s3Location }, description },
      { signal },
    );
    const shorthand = `bucket=${bucket},key=${key},bundleType=zip,eTag=${eTag}${version !== undefined ? `,version=${version}` : ''}`;
    host.stdout.write(
      'To deploy with this revision, run:\n' +
        `aws deploy create-deployment --application-name ${text('application-name')} --s3-location ${shorthand} ` +
        '--deployment-group-name <deployment-group-name> --deployment-config-name <deployment-config-name> ' +
        '--description <description>\n',
    );
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** Python's `datetime.utcnow().isoformat()`: microseconds only when there are any. */
function isoUtc(now: Date): string {
  const seconds = now.toISOString().slice(0, 19);
  const ms = now.getUTCMilliseconds();
  return ms ? `${seconds}.${String(ms * 1000).padStart(6, '0')}` : seconds;
}

/** The bundle into `bucket/key`: one PutObject, or a multipart upload from MULTIPART_LIMIT on. */
async function upload(
  s3: Client,
  bucket: string,
  key: string,
  bundle: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  if (bundle.length < MULTIPART_LIMIT)
    return s3.send('s3', 'PutObject', { Bucket: bucket, Key: key, Body: bundle }, { signal });
  const created = await s3.send('s3', 'CreateMultipartUpload', { Bucket: bucket, Key: key }, { signal });
  const target = { Bucket: bucket, Key: key, UploadId: created.UploadId };
  try {
    const parts: Array<{ PartNumber: number; ETag: unknown }> = [];
    for (let start = 0; start < bundle.length; start += MULTIPART_LIMIT) {
      const PartNumber = parts.length + 1;
      const Body = bundle.subarray(start, start + MULTIPART_LIMIT);
      const part = await s3.send('s3', 'UploadPart', { ...target, PartNumber, Body }, { signal });
      parts.push({ PartNumber, ETag: part.ETag });
    }
    return await s3.send('s3', 'CompleteMultipartUpload', { ...target, MultipartUpload: { Parts: parts } }, { signal });
  } catch (err) {
    // The CLI aborts only when S3 answered with an error, not when the connection failed.
    if (err instanceof ServiceError) await s3.send('s3', 'AbortMultipartUpload', target, { signal });
    throw err;
  }
}
