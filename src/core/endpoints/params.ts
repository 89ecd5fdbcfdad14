/**
 * The rule-set parameters of one call, gathered the way botocore's EndpointRulesetResolver gathers them
 * (regions.py `_get_provider_params`). For each parameter the rule set declares, the first value that is
 * set wins, in this order:
 *
 *   1. the operation's `staticContextParams`;
 *   2. the input member marked `contextParam` with that name;
 *   3. the operation's `operationContextParams` path (JMESPath) evaluated over the input;
 *   4. a client context parameter (the `clientContextParams` of the model, e.g. S3's `ForcePathStyle`);
 *   5. the parameter's `builtIn` (`AWS::Region`, `SDK::Endpoint`, …) from the client settings.
 *
 * Unset parameters are left out so the rule set's defaults apply. Built-in values come from
 * `builtInsFromConfig`, which follows botocore's args.py `compute_endpoint_resolver_builtin_defaults`;
 * for S3 the caller then applies `adjustS3BuiltIns`, as botocore's `customize_endpoint_resolver_builtins`
 * handler does (kept apart so the rule-set tests can replace the built-ins after it, as botocore's do).
 */
import type { ClientConfig } from '../client-config.js';
import type { Operation, Shape } from '../model/types.js';
import type { EndpointParamValue, EndpointParams, EndpointRuleSet } from './resolve.js';

/** Values of built-in parameters, keyed by built-in name (`AWS::Region`, `AWS::S3::ForcePathStyle`, …). */
export type BuiltInValues = Partial<Record<string, EndpointParamValue | undefined>>;

export interface EndpointParamSources {
  /** The rule set whose `parameters` are to be filled. */
  ruleSet: EndpointRuleSet;
  /** From `builtInsFromConfig`, and for S3 then `adjustS3BuiltIns`. */
  builtIns: BuiltInValues;
  operation: Operation;
  /** The operation's input shape, whose members may carry `contextParam`. */
  inputShape?: Shape;
  /** The operation's input parameters. */
  input: Record<string, unknown>;
  /** Client context parameters, keyed by rule-set parameter name. */
  clientContext?: Record<string, EndpointParamValue | undefined>;
  /**
   * The JMESPath evaluator (query/index.ts's `search`) for operation context parameters, which are paths
   * into the input. Needed only by the few operations that have them, so the caller loads it for those.
   */
  search?: (expression: string, data: unknown) => unknown;
}

/** The parameters to pass to `resolveEndpoint` for one operation call. */
export function buildEndpointParams(sources: EndpointParamSources): EndpointParams {
  const { ruleSet, operation, inputShape, input, builtIns } = sources;
  const params: EndpointParams = {};
  for (const [name, definition] of Object.entries(ruleSet.parameters)) {
    const value = firstSet(
      () => operation.staticContextParams?.[name]?.value as EndpointParamValue | undefined,
      () => contextMemberValue(inputShape, input, name),
      () => {
        const path = operation.operationContextParams?.[name]?.path;
        if (path === undefined) return undefined;
        if (!sources.search)
          throw new TypeError(`${operation.name}: operation context parameters need a JMESPath evaluator`);
        return sources.search(path, input) as EndpointParamValue | undefined;
      },
      () => sources.clientContext?.[name],
      () => (definition.builtIn === undefined ? undefined : builtIns[definition.builtIn]),
    );
    if (value !== undefined) params[name] = value;
  }
  return params;
}

/** Built-in parameter values from resolved client settings, with botocore's defaults. */
export function builtInsFromConfig(config: ClientConfig): BuiltInValues {
  const s3 = config.s3 ?? {};
  const endpoint = config.endpointUrl;
  const accelerate = s3.useAccelerateEndpoint ?? false;
  // A custom endpoint is path-style unless virtual addressing is asked for (or it is an accelerate URL):
  // a bucket cannot be put in front of an arbitrary host name.
  const forcePathStyle = accelerate
    ? false
    : endpoint !== undefined && !isS3AccelerateUrl(endpoint)
      ? s3.addressingStyle !== 'virtual'
      : s3.addressingStyle === 'path';
  return {
    'AWS::Region': config.region,
    // A custom endpoint is used as given: FIPS and dual-stack variants do not apply to it.
    'AWS::UseFIPS': endpoint === undefined && (config.useFipsEndpoint ?? false),
    'AWS::UseDualStack': endpoint === undefined && (config.useDualstackEndpoint ?? false),
    'SDK::Endpoint': endpoint,
    // ERR-44: the seed gives no default for sts_regional_endpoints; v2's is `regional`.
    'AWS::STS::UseGlobalEndpoint':
      config.stsRegionalEndpoints === 'legacy' && LEGACY_GLOBAL_STS_REGIONS.has(config.region ?? ''),
    'AWS::S3::UseGlobalEndpoint':
      (s3.usEast1RegionalEndpoint ?? 'legacy') === 'legacy' &&
      (config.region === undefined || config.region === 'us-east-1'),
    'AWS::S3::Accelerate': accelerate,
    'AWS::S3::ForcePathStyle': forcePathStyle,
    'AWS::S3::UseArnRegion': s3.useArnRegion ?? true,
    'AWS::S3Control::UseArnRegion': s3.useArnRegion ?? false,
    'AWS::S3::DisableMultiRegionAccessPoints': s3.disableMultiRegionAccessPoints ?? false,
    // botocore's default mode is `preferred`; `disabled` withholds the account ID from the rules.
    'AWS::Auth::AccountId': config.accountIdEndpointMode === 'disabled' ? undefined : config.accountId,
    'AWS::Auth::AccountIdEndpointMode': config.accountIdEndpointMode ?? 'preferred',
  };
}

/**
 * S3's built-ins for one call (botocore handlers.py `customize_endpoint_resolver_builtins`, which runs
 * for the s3 service only): GetBucketLocation always goes path-style (any region can answer it), an ARN
 * bucket never does, and a presigned URL from a client botocore would send to the global endpoint
 * (signers.py `_should_use_global_endpoint`) uses region `aws-global` when the bucket allows it.
 */
export function adjustS3BuiltIns(
  builtIns: BuiltInValues,
  call: {
    operationName: string;
    input: Record<string, unknown>;
    presignGlobalEndpoint?: boolean;
  },
): BuiltInValues {
  const out = { ...builtIns };
  const bucket = typeof call.input.Bucket === 'string' ? call.input.Bucket : undefined;
  const bucketIsArn = bucket !== undefined && isArn(bucket);
  if (call.operationName === 'GetBucketLocation') out['AWS::S3::ForcePathStyle'] = true;
  else if (bucketIsArn) out['AWS::S3::ForcePathStyle'] = false;
  const pathStyleRequired = bucket !== undefined && !HOST_LABEL.test(bucket);
  if (
    call.presignGlobalEndpoint &&
    !pathStyleRequired &&
    !out['AWS::S3::ForcePathStyle'] &&
    !bucketIsArn &&
    !(bucket ?? '').endsWith('--x-s3')
  ) {
    out['AWS::Region'] = 'aws-global';
    out['AWS::S3::UseGlobalEndpoint'] = true;
  }
  return out;
}

/** The region list for which `sts_regional_endpoints = legacy` still means the global STS endpoint (botocore args.py). */
const LEGACY_GLOBAL_STS_REGIONS = new Set([
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'aws-global',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
]);

/** botocore's `VALID_HOST_LABEL_RE`: a bucket that is not one needs path-style addressing. */
const HOST_LABEL = /^(?!-)[a-zA-Z\d-]{1,63}(?<!-)$/;

function contextMemberValue(
  inputShape: Shape | undefined,
  input: Record<string, unknown>,
  name: string,
): EndpointParamValue | undefined {
  for (const [member, ref] of Object.entries(inputShape?.members ?? {})) {
    if (ref.contextParam?.name === name) return input[member] as EndpointParamValue | undefined;
  }
  return undefined;
}

/** The first getter's value that is neither undefined nor null (botocore treats `None` as unset). */
function firstSet(...getters: Array<() => EndpointParamValue | undefined | null>): EndpointParamValue | undefined {
  for (const get of getters) {
    const value = get();
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** botocore's ArnParser.is_arn: `arn:` and at least six colon-separated parts. */
function isArn(value: string): boolean {
  return value.startsWith('arn:') && value.split(':').length >= 6;
}

/** botocore utils.is_s3_accelerate_url: `s3-accelerate[.dualstack].amazonaws.com` over http(s). */
function isS3AccelerateUrl(url: string): boolean {
  const m = /^(https?):\/\/([^/?#]*)/i.exec(url);
  if (!m || !m[2]!.endsWith('amazonaws.com')) return false;
  const parts = m[2]!.split('.');
  if (parts[0] !== 's3-accelerate') return false;
  const features = parts.slice(1, -2);
  return new Set(features).size === features.length && features.every((p) => p === 'dualstack');
}
