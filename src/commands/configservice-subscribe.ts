/**
 * `configservice subscribe` (the AWS CLI's configservice/subscribe.py): sets AWS Config up in one go.
 * The bucket of `--s3-bucket bucket[/prefix]` is created unless HeadBucket finds it (only a 404 counts
 * as missing), `--sns-topic` is created when it is a name rather than an ARN (an ARN has a colon), then
 * the recorder `default` (with `--iam-role`) and the delivery channel `default` are put and the recorder
 * started. What it prints is the CLI's: a line for the bucket and one for the topic, then the recorders
 * and delivery channels as `json.dumps(…, indent=4)` writes them (non-ASCII escaped).
 *
 * As in the CLI, only the Config client takes `--endpoint-url`; S3 and SNS are reached at their own
 * endpoints, or at one configured for them (AWS_ENDPOINT_URL_S3, `[services]`: nested-client.ts).
 */
import type { Client } from '../core/client.js';
import { ServiceError } from '../core/errors.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../cli/command.js';
import { formatJson } from '../cli/output/json.js';
import { nestedClient } from './nested-client.js';

const OPTIONS = [
  valueOption(
    's3-bucket',
    'string',
    'The S3 bucket that the AWS Config delivery channel will use. If the bucket does not exist, it will be automatically created. The value for this argument should follow the form bucket/prefix. Note that the prefix is optional.',
    { required: true },
  ),
  valueOption(
    'sns-topic',
    'string',
    'The SNS topic that the AWS Config delivery channel will use. If the SNS topic does not exist, it will be automatically created. Value for this should be a valid SNS topic name or the ARN of an existing SNS topic.',
    { required: true },
  ),
  valueOption(
    'iam-role',
    'string',
    'The IAM role that the AWS Config configuration recorder will use to record current resource configurations. Value for this should be the ARN of the desired IAM role.',
    { required: true },
  ),
];

const PAGE = commandPage(
  {
    name: 'subscribe',
    description:
      'Subscribes user to AWS Config by creating an AWS Config delivery channel and configuration recorder to track AWS resource configurations. The names of the default channel and configuration recorder will be default.',
    examples: [
      'isoaws configservice subscribe --s3-bucket config-bucket-123456789012/config --sns-topic config-topic --iam-role arn:aws:iam::123456789012:role/config-role',
    ],
  },
  OPTIONS,
);

/** The name subscribe gives the recorder and the delivery channel. */
const NAME = 'default';

export const subscribeCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (name: string) => values.get(name) as string;
    const { stdout } = env.ctx.host;
    const signal = env.ctx.signal;
    const [s3, sns, config] = await Promise.all([nestedClient(env, 'S3'), nestedClient(env, 'SNS'), env.client()]);

    const s3Path = text('s3-bucket');
    const slash = s3Path.indexOf('/');
    const bucket = slash === -1 ? s3Path : s3Path.slice(0, slash);
    const prefix = slash === -1 ? '' : s3Path.slice(slash + 1);
    if (await bucketExists(s3, bucket, signal)) stdout.write(`Using existing S3 bucket: ${bucket}\n`);
    else {
      const region = s3.config.region ?? 'us-east-1';
      await s3.send(
        's3',
        'CreateBucket',
        {
          Bucket: bucket,
          ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region } } : {}),
        },
        { signal },
      );
      stdout.write(`Using new S3 bucket: ${bucket}\n`);
    }

    let topicArn = text('sns-topic');
    if (topicArn.includes(':')) stdout.write(`Using existing SNS topic: ${topicArn}\n`);
    else {
      topicArn = String((await sns.send('sns', 'CreateTopic', { Name: topicArn }, { signal })).TopicArn);
      stdout.write(`Using new SNS topic: ${topicArn}\n`);
    }

    await config.send(
      'config',
      'PutConfigurationRecorder',
      { ConfigurationRecorder: { name: NAME, roleARN: text('iam-role') } },
      { signal },
    );
    await config.send(
      'config',
      'PutDeliveryChannel',
      {
        DeliveryChannel: {
          name: NAME,
          s3BucketName: bucket,
          snsTopicARN: topicArn,
          ...(prefix ? { s3KeyPrefix: prefix } : {}),
        },
      },
      { signal },
    );
    await config.send('config', 'StartConfigurationRecorder', { ConfigurationRecorderName: NAME }, { signal });

    stdout.write('Subscribe succeeded:\n\nConfiguration Recorders: ');
    const recorders = await config.send('config', 'DescribeConfigurationRecorders', {}, { signal });
    stdout.write(`${asciiJson(recorders.ConfigurationRecorders)}\n\nDelivery Channels: `);
    const channels = await config.send('config', 'DescribeDeliveryChannels', {}, { signal });
    stdout.write(`${asciiJson(channels.DeliveryChannels)}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** The CLI's s3_bucket_exists: HeadBucket, and only an answer of 404 means the bucket is not there. */
async function bucketExists(s3: Client, bucket: string, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await s3.send('s3', 'HeadBucket', { Bucket: bucket }, { signal });
    return true;
  } catch (err) {
    if (err instanceof ServiceError) return err.statusCode !== 404;
    throw err;
  }
}

/**
 * Python's `json.dumps(value, indent=4)`: the layout of `--output json`, with json.dumps's default
 * ensure_ascii, every UTF-16 unit outside printable ASCII written as `\uXXXX` (only strings hold them).
 */
function asciiJson(value: unknown): string {
  return formatJson(value, 4).replace(
    /[^\x20-\x7e\n]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
