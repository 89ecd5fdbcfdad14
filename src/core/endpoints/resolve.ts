/**
 * Evaluates a service's `endpoint-rule-set-1.json` with `@aws-sdk/util-endpoints`, which gives the same
 * answers as botocore's EndpointProvider on the upstream rule-set tests (test/conformance/endpoints.test.ts).
 *
 * Partitions: the rule functions look regions up in a partition table (botocore's `partitions.json`). The
 * library keeps that table in one module variable, settable only with `setPartitionInfo`. We set it at the
 * start of every evaluation, and the evaluation is synchronous, so nothing else can run between setting
 * and using it: each call sees exactly the table it was given, and two clients with different tables
 * cannot see each other's. (Its bundled default table is never used.)
 *
 * Custom endpoints: like botocore's EndpointProvider, this takes `SDK::Endpoint` as given. botocore
 * rejects a malformed `--endpoint-url` when it creates the client (`Invalid endpoint: …`); callers should
 * too, before resolving: the library prints a stack trace to the console for a URL it cannot parse.
 *
 * Cost: importing the library takes ~40 ms in Node; import this module where the first request is made,
 * not at start-up.
 */
import { resolveEndpoint as evaluateRuleSet, setPartitionInfo, type PartitionsInfo } from '@aws-sdk/util-endpoints';
import { EndpointError } from '../errors.js';

/** A rule-set parameter value: rule sets take strings, booleans and string lists. */
export type EndpointParamValue = string | boolean | string[];

export type EndpointParams = Record<string, EndpointParamValue | undefined>;

/** One parameter declaration of a rule set (`parameters` of `endpoint-rule-set-1.json`). */
export interface RuleSetParameter {
  type: string;
  builtIn?: string;
  required?: boolean;
  default?: EndpointParamValue;
  documentation?: string;
  deprecated?: unknown;
}

/** `endpoint-rule-set-1.json`: the rules themselves are only read by the library. */
export interface EndpointRuleSet {
  version: string;
  parameters: Record<string, RuleSetParameter>;
  rules: unknown[];
}

/** botocore's `partitions.json`. */
export interface PartitionTable {
  partitions: Array<{
    id: string;
    regionRegex: string;
    regions: Record<string, { description?: string; [key: string]: unknown }>;
    outputs: Record<string, unknown>;
  }>;
  version?: string;
}

/** An `authSchemes` entry of an endpoint: how requests to it are signed. */
export interface AuthScheme {
  name: string;
  signingName?: string;
  signingRegion?: string;
  signingRegionSet?: string[];
  disableDoubleEncoding?: boolean;
  [key: string]: unknown;
}

export interface ResolvedEndpoint {
  /** The endpoint as the rule set builds it, e.g. `https://bucket.s3.us-west-2.amazonaws.com`. */
  url: string;
  /** Headers the endpoint requires, each with its list of values. */
  headers: Record<string, string[]>;
  properties: { authSchemes?: AuthScheme[]; [key: string]: unknown };
}

/**
 * The endpoint for `params` under `ruleSet`. A parameter left undefined takes the rule set's default.
 * Throws EndpointError with the rule set's own message when a rule says the input is invalid
 * (`Invalid region: region was not a valid DNS name.`) or a required parameter is missing.
 */
export function resolveEndpoint(
  ruleSet: EndpointRuleSet,
  params: EndpointParams,
  partitions: PartitionTable,
): ResolvedEndpoint {
  const endpointParams: Record<string, EndpointParamValue> = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) endpointParams[name] = value;
  let endpoint: ReturnType<typeof evaluateRuleSet>;
  try {
    setPartitionInfo(partitions as PartitionsInfo);
    // The library types parameters as string | boolean; string lists (`stringArray`) pass through it unchanged.
    endpoint = evaluateRuleSet(ruleSet as never, { endpointParams: endpointParams as never });
  } catch (err) {
    throw new EndpointError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  const customParam = Object.keys(ruleSet.parameters).find(
    (name) => ruleSet.parameters[name]!.builtIn === 'SDK::Endpoint',
  );
  const custom = customParam === undefined ? undefined : params[customParam];
  return {
    url: urlText(endpoint.url, typeof custom === 'string' && PATHLESS_URL.test(custom)),
    headers: (endpoint.headers ?? {}) as Record<string, string[]>,
    properties: (endpoint.properties ?? {}) as ResolvedEndpoint['properties'],
  };
}

const PATHLESS_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*$/;

/**
 * The rule's URL string as botocore returns it. Two library differences put a `/` at the end that
 * botocore has not: the library returns a WHATWG URL, whose text gains a `/` for an empty path; and its
 * `parseURL` gives `path` `/` for a custom endpoint without one (botocore and the rules spec: empty),
 * so a rule ending in `{url#path}` (S3 path-style on a custom endpoint: `https://10.0.0.1/bucket`)
 * gains a `/`. Drop it in those two cases only.
 */
function urlText(url: URL, customEndpointWithoutPath: boolean): string {
  const plain = url.search === '' && url.hash === '';
  return plain && (url.pathname === '/' || (customEndpointWithoutPath && url.pathname.endsWith('/')))
    ? url.href.slice(0, -1)
    : url.href;
}
