/**
 * The endpoint of one call: rule-set parameters built as botocore's EndpointRulesetResolver builds them
 * (endpoints/params.ts: static and input context params, operation context params, client context,
 * built-ins from the client settings with S3's per-call adjustments), then evaluated against the
 * service's rule set and botocore's partition table (endpoints/resolve.ts).
 */
import { awsEndpointFunctions } from '@aws-sdk/util-endpoints';
import { customEndpointFunctions } from '@smithy/core/endpoints';
import type { ClientConfig } from './client-config.js';
import { adjustS3BuiltIns, buildEndpointParams, builtInsFromConfig, type EndpointParams } from './endpoints/index.js';
import {
  resolveEndpoint,
  type EndpointRuleSet,
  type PartitionTable,
  type ResolvedEndpoint,
} from './endpoints/resolve.js';
import { EndpointError } from './errors.js';
import type { CredentialProvider } from './credentials/types.js';
import type { Host } from './host.js';
import type { Operation, ServiceBundle } from './model/types.js';

export type { ResolvedEndpoint } from './endpoints/resolve.js';

export async function resolveOperationEndpoint(args: {
  host: Host;
  config: ClientConfig;
  bundle: ServiceBundle;
  operation: Operation;
  params: Record<string, unknown>;
  service: string;
  /** Where an account-based endpoint's account ID comes from when the config names none. */
  credentials?: CredentialProvider;
}): Promise<ResolvedEndpoint> {
  const { host, config, bundle, operation, params, service, credentials } = args;
  const ruleSet = bundle.endpointRuleSet as EndpointRuleSet | undefined;
  if (!ruleSet) throw new EndpointError(`No endpoint rule set for ${service}`);
  // botocore's validate_region_name: a region must be a host label before it goes into a URL (the rule
  // set would otherwise build `https://sts.bad region.amazonaws.com` and fail inside the library).
  if (config.region !== undefined && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(config.region)) {
    throw new EndpointError(`Provided region_name '${config.region}' doesn't match a supported format.`);
  }
  if (config.endpointUrl !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(config.endpointUrl)) {
    throw new EndpointError(`Invalid endpoint: ${config.endpointUrl}`);
  }
  // util-endpoints registers the `aws.*` rule functions as an import side effect, which a browser bundle
  // may resolve against another copy of the registry; registering here makes it explicit.
  customEndpointFunctions.aws ??= awsEndpointFunctions;
  let builtIns = builtInsFromConfig(config);
  // botocore's `_is_s3_dualstack_mode`: the s3 block's switch, for S3 and S3 Control, when true.
  if (
    (service === 's3' || service === 's3control') &&
    config.s3?.useDualstackEndpoint === true &&
    config.endpointUrl === undefined
  ) {
    builtIns = { ...builtIns, 'AWS::UseDualStack': true };
  }
  // As botocore's deferred `account_id`: the credentials are resolved for it only when the rule set
  // reads the account and the mode allows it, so other services never wait on a provider here.
  if (
    builtIns['AWS::Auth::AccountId'] === undefined &&
    config.accountIdEndpointMode !== 'disabled' &&
    credentials &&
    Object.values(ruleSet.parameters).some((p) => p.builtIn === 'AWS::Auth::AccountId')
  ) {
    builtIns = { ...builtIns, 'AWS::Auth::AccountId': (await credentials())?.accountId };
  }
  if (service === 's3') builtIns = adjustS3BuiltIns(builtIns, { operationName: operation.name, input: params });
  const endpointParams = buildEndpointParams({
    ruleSet,
    builtIns,
    operation,
    input: params,
    inputShape: operation.input ? bundle.shapes[operation.input.shape] : undefined,
    // The JMESPath engine loads only for the operations whose context parameters are paths (DynamoDB's
    // batch and transaction calls): the others, and a page making them, never fetch it.
    search: operation.operationContextParams ? (await import('./query/index.js')).search : undefined,
  });
  return cachedEndpoint(ruleSet, endpointParams, (await host.models.partitions()) as PartitionTable);
}

/**
 * Endpoints already resolved, by rule set and partition table, then by their parameters: calling an
 * operation again with the same bucket, region and settings gives the same endpoint without evaluating
 * the rules again (a tenth of a warm call's CPU), as the SDKs' endpoint caches do. The results are
 * plain data their users only read; failures are not kept. At most CACHED_PER_RULE_SET per rule set,
 * the oldest dropped first, so a program naming many buckets keeps a bounded map.
 */
const resolvedEndpoints = new WeakMap<PartitionTable, WeakMap<EndpointRuleSet, Map<string, ResolvedEndpoint>>>();
const CACHED_PER_RULE_SET = 50;

function cachedEndpoint(
  ruleSet: EndpointRuleSet,
  params: EndpointParams,
  partitions: PartitionTable,
): ResolvedEndpoint {
  let byRuleSet = resolvedEndpoints.get(partitions);
  if (!byRuleSet) resolvedEndpoints.set(partitions, (byRuleSet = new WeakMap()));
  let cache = byRuleSet.get(ruleSet);
  if (!cache) byRuleSet.set(ruleSet, (cache = new Map()));
  // Parameters come in the rule set's order, so equal parameters give equal keys.
  const key = JSON.stringify(params);
  const found = cache.get(key);
  if (found) return found;
  const endpoint = resolveEndpoint(ruleSet, params, partitions);
  if (cache.size >= CACHED_PER_RULE_SET) cache.delete(cache.keys().next().value!);
  cache.set(key, endpoint);
  return endpoint;
}
