/**
 * `servicecatalog generate product` and `generate provisioning-artifact` (the AWS CLI's
 * servicecatalog/generate*.py): the CloudFormation template at `--file-path` is uploaded to
 * `--bucket-name` under its file name (always sent, AES256-encrypted, with s3uploader.py's progress
 * lines on stderr), then CreateProduct or CreateProvisioningArtifact loads it from the object's
 * path-style URL. The answer is printed as `json.dumps(answer, indent=2, ensure_ascii=False)` writes it,
 * with no newline after it, whatever `--output` says. Both clients take `--endpoint-url`, as the CLI's do.
 *
 * Before anything is sent the region must be one botocore lists for Service Catalog in the `aws`
 * partition (generatebase.py's get_and_validate_region); its error names the `--region` option's value,
 * so a region from the environment or the profile shows as `None`.
 */
import { IsoawsError } from '../core/errors.js';
import { uuid4 } from '../core/invoke.js';
import { resolveLocal } from '../core/local-paths.js';
import { invalidChoice } from '../cli/argparse.js';
import {
  commandPage,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
  type CommandOption,
} from '../cli/command.js';
import type { CommandPage } from '../cli/help.js';
import { formatJson } from '../cli/output/json.js';
import { ArgumentError, unknownOptions, UsageError } from '../cli/usage.js';
import { createS3Uploader } from './cloudformation/s3-uploader.js';

const PA_TYPES = ['CLOUD_FORMATION_TEMPLATE', 'MARKETPLACE_AMI', 'MARKETPLACE_CAR'];

const FILE_PATH = valueOption('file-path', 'string', 'A local file path that references the CloudFormation template', {
  required: true,
});
const BUCKET_NAME = valueOption(
  'bucket-name',
  'string',
  'Name of the S3 bucket name where the CloudFormation template will be uploaded to',
  { required: true },
);
const PA_OPTIONS: CommandOption[] = [
  valueOption('provisioning-artifact-name', 'string', 'The name assigned to the provisioning artifact', {
    required: true,
  }),
  valueOption('provisioning-artifact-description', 'string', 'The text description of the provisioning artifact', {
    required: true,
  }),
  valueOption('provisioning-artifact-type', 'string', 'The type of the provisioning artifact', {
    required: true,
    choices: PA_TYPES,
  }),
];

/** generateproduct.py's argument table, in its order (argparse names missing options in this order). */
const PRODUCT_OPTIONS: CommandOption[] = [
  valueOption('product-name', 'string', 'The name of the product', { required: true }),
  valueOption('product-owner', 'string', 'The owner of the product', { required: true }),
  valueOption('product-type', 'string', 'The type of the product to create', {
    required: true,
    choices: ['CLOUD_FORMATION_TEMPLATE', 'MARKETPLACE'],
  }),
  valueOption('product-description', 'string', 'The text description of the product'),
  valueOption('product-distributor', 'string', 'The distributor of the product'),
  valueOption(
    'tags',
    'list',
    'Tags to associate with the new product, each Key=key1,Value=value1 (--tags Key=key1,Value=value1 Key=key2,Value=value2).',
    { nargs: 'many' },
  ),
  FILE_PATH,
  BUCKET_NAME,
  valueOption('support-description', 'string', 'Support information about the product'),
  valueOption('support-email', 'string', 'Contact email for product support'),
  ...PA_OPTIONS,
];

const ARTIFACT_OPTIONS: CommandOption[] = [
  FILE_PATH,
  BUCKET_NAME,
  ...PA_OPTIONS,
  valueOption('product-id', 'string', 'The product identifier', { required: true }),
];

const SUBCOMMANDS = ['product', 'provisioning-artifact'];

const PAGES: Record<string, CommandPage> = {
  product: commandPage(
    {
      name: 'product',
      description:
        'Create a new product using a CloudFormation template specified as a local file path. The template is uploaded to the S3 bucket under its file name, and the product’s first provisioning artifact loads it from there.',
      examples: [
        'isoaws servicecatalog generate product --product-name web --product-owner ops --product-type CLOUD_FORMATION_TEMPLATE --file-path web.template --bucket-name my-templates --provisioning-artifact-name v1 --provisioning-artifact-description "First version" --provisioning-artifact-type CLOUD_FORMATION_TEMPLATE --tags Key=team,Value=web',
      ],
    },
    PRODUCT_OPTIONS,
  ),
  'provisioning-artifact': commandPage(
    {
      name: 'provisioning-artifact',
      description:
        'Create a new provisioning artifact for the specified product using a CloudFormation template specified as a local file path. The template is uploaded to the S3 bucket under its file name first.',
      examples: [
        'isoaws servicecatalog generate provisioning-artifact --product-id prod-abcdefghijklm --file-path web.template --bucket-name my-templates --provisioning-artifact-name v2 --provisioning-artifact-description "Second version" --provisioning-artifact-type CLOUD_FORMATION_TEMPLATE',
      ],
    },
    ARTIFACT_OPTIONS,
  ),
};

const GENERATE_PAGE: CommandPage = {
  name: 'generate',
  description:
    'Generate a Service Catalog product or provisioning artifact using a CloudFormation template specified as a local file path',
  synopsis: ['generate <subcommand> [parameters]'],
  options: [],
  commands: SUBCOMMANDS,
};

/**
 * The regions botocore 1.43.11's endpoints.json lists for servicecatalog in the `aws` partition: what
 * `session.get_available_regions('servicecatalog')` returns, the list the CLI checks the region against.
 */
const SERVICE_CATALOG_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-6',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
]);

export const generateCommand: CommandModule = {
  async run(env, args) {
    const [sub, ...rest] = args;
    if (sub === undefined)
      throw new ArgumentError(
        'usage: aws [options] servicecatalog generate <subcommand> [parameters]\naws: error: too few arguments',
      );
    if (!SUBCOMMANDS.includes(sub)) {
      if (sub.startsWith('-')) throw unknownOptions(args);
      throw new UsageError(invalidChoice('subcommand', sub, SUBCOMMANDS));
    }
    const values = readCommandOptions(sub === 'product' ? PRODUCT_OPTIONS : ARTIFACT_OPTIONS, rest);
    const text = (name: string) => values.get(name) as string | undefined;
    const tags = values.get('tags') as string[] | undefined;
    if (tags?.length === 0) throw new UsageError('argument --tags: expected at least one argument');

    const client = await env.client();
    const region = client.config.region;
    if (region === undefined || !SERVICE_CATALOG_REGIONS.has(region))
      throw new ArgumentError(
        `An error occurred (InvalidParametersException) : Region ${env.ctx.globals.region ?? 'None'} is not supported`,
      );
    const bucket = text('bucket-name')!;
    const key = await uploadTemplate(env, text('file-path')!, bucket);
    const artifact = {
      Name: text('provisioning-artifact-name'),
      Description: text('provisioning-artifact-description'),
      Info: { LoadTemplateFromURL: templateUrl(region, bucket, key) },
      Type: text('provisioning-artifact-type'),
    };
    const signal = env.ctx.signal;
    // botocore fills the idempotency token before it validates; the engine validates first, so it is given here.
    const IdempotencyToken = uuid4(env.ctx.host.random);
    const { $metadata: _metadata, ...answer } =
      sub === 'product'
        ? await client.send(
            'servicecatalog',
            'CreateProduct',
            {
              Name: text('product-name'),
              Owner: text('product-owner'),
              ProductType: text('product-type'),
              Tags: (tags ?? []).map(parseTag),
              ProvisioningArtifactParameters: artifact,
              IdempotencyToken,
              // Python's truth: an empty value is left out.
              ...(text('support-description') ? { SupportDescription: text('support-description') } : {}),
              ...(text('product-description') ? { Description: text('product-description') } : {}),
              ...(text('support-email') ? { SupportEmail: text('support-email') } : {}),
              ...(text('product-distributor') ? { Distributor: text('product-distributor') } : {}),
            },
            { signal },
          )
        : await client.send(
            'servicecatalog',
            'CreateProvisioningArtifact',
            { ProductId: text('product-id'), Parameters: artifact, IdempotencyToken },
            { signal },
          );
    env.ctx.host.stdout.write(formatJson(answer, 2));
    return 0;
  },
  page: async (sub) => (sub === undefined ? GENERATE_PAGE : PAGES[sub]),
};

/**
 * Uploads the template under its file name (always: the CLI's uploader is made with force_upload) and
 * gives that key. A path that is no readable file is the CLI's "cannot be found".
 */
async function uploadTemplate(env: CommandEnv, filePath: string, bucket: string): Promise<string> {
  const { host } = env.ctx;
  const local = resolveLocal(host.cwd ?? '/', filePath);
  const bytes = (await host.fs.stat(local))?.isFile ? await host.fs.readFile(local).catch(() => undefined) : undefined;
  if (!bytes) throw new IsoawsError(`${filePath} cannot be found`);
  const key = filePath.slice(filePath.lastIndexOf('/') + 1);
  const uploader = createS3Uploader(await env.client('S3'), host, {
    bucket,
    forceUpload: true,
    signal: env.ctx.signal,
  });
  await uploader.upload(bytes, key);
  return key;
}

/** servicecatalog/utils.py's make_url: the legacy path-style host, `s3-<region>` outside us-east-1. */
function templateUrl(region: string, bucket: string, key: string): string {
  const base = region !== 'us-east-1' ? `https://s3-${region}.amazonaws.com` : 'https://s3.amazonaws.com';
  return `${base}/${bucket}/${key}`;
}

/**
 * One `--tags` word, `Key=k,Value=v`, as generateproduct.py reads it: `dict(t.split('=') for t in
 * tag.split(','))`, so each comma-separated part must hold exactly one `=`; Python's error otherwise.
 */
function parseTag(tag: string): Record<string, string> {
  const entries = tag.split(',').map((part, i) => {
    const pair = part.split('=');
    if (pair.length !== 2)
      throw new IsoawsError(`dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    return pair as [string, string];
  });
  return Object.fromEntries(entries);
}
