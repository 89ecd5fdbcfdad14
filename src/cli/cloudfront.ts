/**
 * CloudFront's plain options (the AWS CLI's cloudfront.py): `create-invalidation --paths /a /b/*` in
 * place of the InvalidationBatch structure; `create-distribution --origin-domain-name` and
 * `--default-root-object` in place of a whole DistributionConfig (the CLI's template, one origin: an S3
 * bucket's domain gets an S3 origin, any other a custom HTTP origin); `update-distribution
 * --default-root-object`, which reads the distribution's config first (GetDistributionConfig) so that
 * the rest of it stays as it is. Each is refused beside the structure it stands for. The caller
 * references the CLI makes are `<prefix>-<epoch seconds>-<1..1000000>`.
 */
import type { Host } from '../core/host.js';
import { customArg, type CliArg, type CommandCustomization } from './command-args.js';
import { ArgumentError, checkMutuallyExclusive } from './usage.js';

function uniqueString(host: Host, prefix = 'cli'): string {
  return `${prefix}-${Math.floor(host.now().getTime() / 1000)}-${1 + Math.floor(host.random() * 1_000_000)}`;
}

const exclusiveDoc = (text: string) => `${text} This argument and --distribution-config are mutually exclusive.`;

/** The structure's own argument is no longer required: the options can stand for it. */
function optional(args: CliArg[], name: string): void {
  for (const a of args) if (a.name === name) a.required = false;
}

export const invalidationPaths: CommandCustomization = {
  arguments(args) {
    optional(args, 'invalidation-batch');
    args.push(
      customArg(invalidationPaths, {
        name: 'paths',
        nargs: 'many',
        doc: 'The space-separated paths to be invalidated. Note: --invalidation-batch and --paths are mutually exclusive.',
      }),
    );
  },
  check: (values) => checkMutuallyExclusive(values, ['invalidation-batch', 'paths'], ['invalidation-batch'], ['paths']),
  fill(params, _arg, value, { ctx }) {
    const paths = value as string[];
    params.InvalidationBatch = {
      CallerReference: uniqueString(ctx.host),
      Paths: { Quantity: paths.length, Items: paths },
    };
  },
};

/** The CLI's DistributionConfig template, which the options fill in. */
function distributionConfig(host: Host): Record<string, unknown> {
  return {
    CallerReference: uniqueString(host),
    Origins: { Quantity: 0, Items: [] },
    DefaultCacheBehavior: {
      TargetOriginId: 'placeholder',
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
      TrustedSigners: { Enabled: false, Quantity: 0 },
      ViewerProtocolPolicy: 'allow-all',
      MinTTL: 0,
    },
    Enabled: true,
    Comment: '',
  };
}

const ROOT_OBJECT_DOC =
  'The object that you want CloudFront to return (for example, index.html) when a viewer request points to your root URL.';

export const createDistribution: CommandCustomization = {
  arguments(args) {
    optional(args, 'distribution-config');
    args.push(
      customArg(createDistribution, {
        name: 'origin-domain-name',
        nargs: 'one',
        doc: exclusiveDoc('The domain name for your origin.'),
      }),
      customArg(createDistribution, { name: 'default-root-object', nargs: 'one', doc: exclusiveDoc(ROOT_OBJECT_DOC) }),
    );
  },
  check: (values) =>
    checkMutuallyExclusive(
      values,
      ['distribution-config', 'origin-domain-name', 'default-root-object'],
      ['default-root-object', 'origin-domain-name'],
      ['distribution-config'],
    ),
  fill(params, arg, value, { ctx }) {
    const config = (params.DistributionConfig ??= distributionConfig(ctx.host)) as Record<string, unknown>;
    const domain = value as string;
    if (arg.name === 'default-root-object') {
      config.DefaultRootObject = domain;
      return;
    }
    const id = uniqueString(ctx.host, domain);
    // Only the global S3 domain is an S3 origin: CloudFront treats other S3 endpoints as custom origins.
    const origin = domain.endsWith('.s3.amazonaws.com')
      ? { S3OriginConfig: { OriginAccessIdentity: '' } }
      : { CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } };
    config.Origins = { Quantity: 1, Items: [{ Id: id, DomainName: domain, OriginPath: '', ...origin }] };
    (config.DefaultCacheBehavior as Record<string, unknown>).TargetOriginId = id;
  },
};

export const updateDistribution: CommandCustomization = {
  arguments(args) {
    optional(args, 'distribution-config');
    args.push(
      customArg(updateDistribution, {
        name: 'default-root-object',
        nargs: 'one',
        doc: exclusiveDoc(
          `${ROOT_OBJECT_DOC} CLI will automatically make a get-distribution-config call to load and preserve your other settings.`,
        ),
      }),
    );
  },
  check: (values) =>
    checkMutuallyExclusive(
      values,
      ['distribution-config', 'default-root-object'],
      ['default-root-object'],
      ['distribution-config'],
    ),
  async fill(params, _arg, value, { client }) {
    if (!client) throw new ArgumentError('--default-root-object reads the distribution’s config, which needs a client');
    const { ETag, DistributionConfig } = await client.send('cloudfront', 'GetDistributionConfig', { Id: params.Id });
    params.IfMatch = ETag;
    params.DistributionConfig = { ...(DistributionConfig as object), DefaultRootObject: value };
  },
};
