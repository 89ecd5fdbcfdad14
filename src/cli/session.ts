/**
 * The settings of one command: the client's configuration from command-line options over environment
 * variables over the active profile, the credential chain in the AWS CLI's order, and the output
 * defaults the profile can set. Clients for the credential sources themselves (STS, SSO) use the
 * profile's region and each service's configured endpoint, never --endpoint-url, which is the command's.
 */
import type { ClientConfig } from '../core/client-config.js';
import { configuredEndpoint } from '../core/config/endpoint.js';
import { profileCredentials, profileSetting, type LoadedProfile } from '../core/config/profile.js';
import { chain, fromEnv as envKeys } from '../core/credentials/providers.js';
import { fromContainer, fromInstanceMetadata } from '../core/credentials/remote.js';
import type { CredentialProvider, Credentials } from '../core/credentials/types.js';
import type { Host } from '../core/host.js';
import type { CliContext } from './context.js';
import type { OutputFormat } from './globals.js';

const OUTPUTS: readonly OutputFormat[] = ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'];

/** AWS_DEFAULT_OUTPUT, when it names a format. */
export function defaultOutput(host: Host): OutputFormat | undefined {
  const fromEnv = host.env.AWS_DEFAULT_OUTPUT as OutputFormat | undefined;
  return fromEnv && OUTPUTS.includes(fromEnv) ? fromEnv : undefined;
}

/** Output format and binary format: the option, else the environment, else the profile, else the default. */
export function applyProfileDefaults(ctx: CliContext, profile: LoadedProfile): void {
  const { globals } = ctx;
  if (globals.output === undefined) {
    const fromProfile = profileSetting(profile, 'output') as OutputFormat | undefined;
    globals.output = fromProfile && OUTPUTS.includes(fromProfile) ? fromProfile : 'json';
  }
  if (globals.binaryFormat === undefined) {
    const format = profileSetting(profile, 'cli_binary_format');
    if (format === 'base64' || format === 'raw-in-base64-out') globals.binaryFormat = format;
  }
}

/** A client for a credential source's own service (`envId` STS, SSO, SSO_OIDC); unsigned without credentials. */
export async function sourceClient(ctx: CliContext, profile: LoadedProfile, envId: string, region: string, credentials?: Credentials) {
  const { createClient } = await import('../core/client.js');
  return createClient(ctx.host, {
    region, credentials, sign: credentials !== undefined,
    endpointUrl: configuredEndpoint({ envId, env: ctx.host.env, profile: profile.config, services: profile.files.config.services }),
  });
}

/**
 * The client's settings for a command on the service with environment id `envId`. Keys come from the
 * environment, then the profile's sources — except that a profile named with --profile outranks the
 * environment's keys, as in botocore.
 */
export function clientConfig(ctx: CliContext, fromEnv: ClientConfig, profile: LoadedProfile, envId: string): ClientConfig {
  const { globals } = ctx;
  const env = ctx.host.env;
  const config: ClientConfig = { ...fromEnv, sign: globals.sign };
  config.endpointUrl = configuredEndpoint({ envId, env, profile: profile.config, services: profile.files.config.services });
  const signal = ctx.signal;
  const client = (id: string, region: string | undefined, credentials?: Credentials) => sourceClient(ctx, profile, id, region ?? config.region ?? 'us-east-1', credentials);
  const imds = fromInstanceMetadata(ctx.host, {
    endpoint: env.AWS_EC2_METADATA_SERVICE_ENDPOINT || profileSetting(profile, 'ec2_metadata_service_endpoint'),
    endpointMode: env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE || profileSetting(profile, 'ec2_metadata_service_endpoint_mode'),
    timeoutSeconds: Number(env.AWS_METADATA_SERVICE_TIMEOUT || profileSetting(profile, 'metadata_service_timeout') || 1),
    attempts: Number(env.AWS_METADATA_SERVICE_NUM_ATTEMPTS || profileSetting(profile, 'metadata_service_num_attempts') || 1),
    v1Disabled: (env.AWS_EC2_METADATA_V1_DISABLED || profileSetting(profile, 'ec2_metadata_v1_disabled'))?.toLowerCase() === 'true',
  });
  const container = fromContainer(ctx.host);
  const machine: Record<string, CredentialProvider> = ctx.host.machineCredentials ? { ecscontainer: container, ec2instancemetadata: imds } : {};
  const fromProfile = profileCredentials(ctx.host, profile, {
    credentialSources: machine,
    assumeRole: async (credentials, params) => (await client('STS', undefined, credentials)).send('sts', 'AssumeRole', params, { signal }),
    webIdentity: async (params) => (await client('STS', undefined)).send('sts', 'AssumeRoleWithWebIdentity', params, { signal }),
    sso: {
      getRoleCredentials: async (region, params) => (await client('SSO', region)).send('sso', 'GetRoleCredentials', params, { signal }),
      createToken: async (region, params) => (await client('SSO_OIDC', region)).send('sso-oidc', 'CreateToken', params, { signal }),
    },
  });
  // botocore's order; a profile named with --profile takes the environment's keys out of it.
  const sources = ctx.host.machineCredentials ? [fromProfile, container, imds] : [fromProfile];
  config.credentials = globals.profile !== undefined ? chain(...sources) : chain(envKeys(env), ...sources);
  const region = profileSetting(profile, 'region');
  if (config.region === undefined && region !== undefined) config.region = region;
  const attempts = Number(profileSetting(profile, 'max_attempts'));
  if (config.maxAttempts === undefined && Number.isInteger(attempts) && attempts > 0) config.maxAttempts = attempts;
  const mode = profileSetting(profile, 'retry_mode');
  if (config.retryMode === undefined && (mode === 'standard' || mode === 'legacy' || mode === 'adaptive')) config.retryMode = mode;
  const caBundle = profileSetting(profile, 'ca_bundle');
  if (config.caBundle === undefined && caBundle !== undefined) config.caBundle = caBundle;
  if (globals.endpointUrl !== undefined) config.endpointUrl = globals.endpointUrl;
  if (!globals.verifySsl) config.verifySsl = false;
  if (globals.caBundle !== undefined) config.caBundle = globals.caBundle;
  if (globals.region !== undefined) config.region = globals.region;
  // The CLI's timeouts are seconds; 0 means no timeout.
  if (globals.connectTimeout !== undefined) config.connectTimeoutMs = globals.connectTimeout === 0 ? 0 : globals.connectTimeout * 1000;
  if (globals.readTimeout !== undefined) config.readTimeoutMs = globals.readTimeout === 0 ? 0 : globals.readTimeout * 1000;
  if (ctx.debug) config.onWire = ctx.debug.onWire;
  return config;
}
