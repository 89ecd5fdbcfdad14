/**
 * Endpoint resolution from the services' endpoint rule sets: gather the parameters of a call
 * (params.ts), then evaluate the rule set (resolve.ts).
 */
export {
  adjustS3BuiltIns,
  buildEndpointParams,
  builtInsFromConfig,
  type BuiltInValues,
  type EndpointParamSources,
} from './params.js';
export {
  resolveEndpoint,
  type AuthScheme,
  type EndpointParamValue,
  type EndpointParams,
  type EndpointRuleSet,
  type PartitionTable,
  type ResolvedEndpoint,
  type RuleSetParameter,
} from './resolve.js';
