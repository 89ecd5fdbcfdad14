/**
 * Resolves the endpoint of one call from the service's `endpoint-rule-set-1.json` with
 * `@aws-sdk/util-endpoints`, after building the rule-set parameters the way botocore's
 * EndpointRulesetResolver does: built-ins from the client settings, then the operation's
 * `staticContextParams`, then input members marked `contextParam`.
 */
import { awsEndpointFunctions, resolveEndpoint as evaluateRuleSet, setPartitionInfo } from '@aws-sdk/util-endpoints';
import { customEndpointFunctions } from '@smithy/core/endpoints';
import type { ClientConfig } from './client-config.js';
import { EndpointError } from './errors.js';
import type { Host } from './host.js';
import type { Operation, ServiceBundle } from './model/types.js';

export interface ResolvedEndpoint {
  url: string;
  headers: Record<string, string[]>;
  properties: { authSchemes?: Array<Record<string, unknown>>; [key: string]: unknown };
}

/** The rule-set parameter each built-in feeds, and how a client setting provides it. */
const BUILTINS: Record<string, (c: ClientConfig) => unknown> = {
  'AWS::Region': (c) => c.region,
  'AWS::UseFIPS': (c) => c.useFipsEndpoint ?? false,
  'AWS::UseDualStack': (c) => c.useDualstackEndpoint ?? false,
  'SDK::Endpoint': (c) => c.endpointUrl,
  'AWS::S3::ForcePathStyle': (c) => c.s3?.addressingStyle === 'path',
  'AWS::S3::Accelerate': (c) => c.s3?.useAccelerateEndpoint ?? false,
  'AWS::S3::UseArnRegion': (c) => c.s3?.useArnRegion,
  'AWS::S3::DisableMultiRegionAccessPoints': (c) => c.s3?.disableMultiRegionAccessPoints ?? false,
  'AWS::S3::UseGlobalEndpoint': (c) => c.s3?.usEast1RegionalEndpoint !== 'regional',
  'AWS::STS::UseGlobalEndpoint': (c) => c.stsRegionalEndpoints === 'legacy',
  'AWS::Auth::AccountId': (c) => c.accountId,
  'AWS::Auth::AccountIdEndpointMode': (c) => c.accountIdEndpointMode,
};

interface RuleSetParameter { builtIn?: string; default?: unknown; required?: boolean; type?: string }

let partitionsLoaded: Promise<void> | undefined;

export async function resolveOperationEndpoint(args: {
  host: Host; config: ClientConfig; bundle: ServiceBundle; operation: Operation; params: Record<string, unknown>;
}): Promise<ResolvedEndpoint> {
  const { host, config, bundle, operation, params } = args;
  // The partition table is the same for every service and client; it is loaded once per process.
  partitionsLoaded ??= host.models.partitions().then((p) => {
    setPartitionInfo(p as Parameters<typeof setPartitionInfo>[0]);
    // util-endpoints registers the `aws.*` rule functions as an import side effect, which a browser
    // bundle may resolve against another copy of the registry; registering here makes it explicit.
    customEndpointFunctions.aws ??= awsEndpointFunctions;
  });
  await partitionsLoaded;
  const ruleSet = bundle.endpointRuleSet as { parameters: Record<string, RuleSetParameter> } | undefined;
  if (!ruleSet) throw new EndpointError(`No endpoint rule set for ${bundle.metadata.endpointPrefix}`);
  const endpointParams: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(ruleSet.parameters)) {
    const builtin = param.builtIn ? BUILTINS[param.builtIn]?.(config) : undefined;
    if (builtin !== undefined) endpointParams[name] = builtin;
  }
  for (const [name, { value }] of Object.entries(operation.staticContextParams ?? {})) endpointParams[name] = value;
  const input = operation.input ? bundle.shapes[operation.input.shape] : undefined;
  for (const [member, ref] of Object.entries(input?.members ?? {})) {
    if (ref.contextParam && params[member] !== undefined) endpointParams[ref.contextParam.name] = params[member];
  }
  try {
    const endpoint = evaluateRuleSet(ruleSet as never, { endpointParams: endpointParams as never });
    return {
      url: endpoint.url.href,
      headers: (endpoint.headers ?? {}) as Record<string, string[]>,
      properties: (endpoint.properties ?? {}) as ResolvedEndpoint['properties'],
    };
  } catch (err) {
    throw new EndpointError((err as Error).message, { cause: err });
  }
}
