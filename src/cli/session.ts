/**
 * The settings of one command: the client's configuration from command-line options over environment
 * variables over the active profile, the credential chain in the AWS CLI's order, and the output
 * defaults the profile can set. Clients for the credential sources themselves (STS, SSO) use the
 * profile's region and each service's configured endpoint, never --endpoint-url, which is the command's.
 */
import type { ClientConfig } from '../core/client-config.js';
import { configuredEndpoint } from '../core/config/endpoint.js';
import { profileCredentials, type LoadedProfile } from '../core/config/profile.js';
import { settingValue, settingsConfig } from '../core/config/settings.js';
import { chain, fromEnv as envKeys } from '../core/credentials/providers.js';
import { fromContainer, fromInstanceMetadata } from '../core/credentials/remote.js';
import type { CredentialProvider, Credentials } from '../core/credentials/types.js';
import type { Host } from '../core/host.js';
import type { CliContext } from './context.js';
import type { OutputFormat } from './globals.js';
import { ConfigurationError } from './usage.js';

/** AWS_DEFAULT_OUTPUT, when set. */
export function defaultOutput(host: Host): OutputFormat | undefined {
  return outputFormat(settingValue('output', host.env));
}

/** Output format and binary format: the option, else the environment, else the profile, else the default. */
export function applyProfileDefaults(ctx: CliContext, profile: LoadedProfile): void {
  const { globals } = ctx;
  globals.output ??= outputFormat(settingValue('output', {}, profile.config)) ?? 'json';
  globals.binaryFormat ??= settingValue('cli_binary_format', {}, profile.config) as CliContext['globals']['binaryFormat'];
  const timestamps = settingValue('cli_timestamp_format', {}, profile.config);
  if (timestamps === 'wire') {
    // The AWS CLI's `wire` prints timestamps as the response spelled them; isoaws parses every timestamp
    // and prints it in ISO 8601, so it says so rather than print another format than was asked for.
    throw new ConfigurationError('cli_timestamp_format = wire is not supported by isoaws; timestamps are printed in iso8601 (the default)');
  }
  if (timestamps !== undefined && timestamps !== 'iso8601') {
    throw new ConfigurationError(`Unknown cli_timestamp_format value: ${String(timestamps)}, valid values are "wire" or "iso8601"`);
  }
}

/**
 * A configured format is taken as written: as in the AWS CLI, a name it does not know fails only when
 * output is printed (writeOutput's "Unknown output type"), after the request.
 */
function outputFormat(value: unknown): OutputFormat | undefined {
  return typeof value === 'string' && value !== '' ? value as OutputFormat : undefined;
}

/** Under --debug, each source of the chain says when it is tried and what it found (never the keys). */
function traced(ctx: CliContext, name: string, provider: CredentialProvider): CredentialProvider {
  const debug = ctx.debug;
  if (!debug) return provider;
  return async () => {
    debug.log('isoaws.credentials', `Looking for credentials via: ${name}`);
    const found = await provider();
    if (found) debug.log('isoaws.credentials', `Found credentials via ${name}: ${found.source ?? 'static'}${found.expiration ? `, expiring ${found.expiration.toISOString()}` : ''}`);
    return found;
  };
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
export function clientConfig(ctx: CliContext, profile: LoadedProfile, envId: string): ClientConfig {
  const { globals } = ctx;
  const env = ctx.host.env;
  const config: ClientConfig = { ...settingsConfig(env, profile.config), sign: globals.sign };
  // AWS CLI v2 sends S3 in us-east-1 to the regional endpoint unless told `legacy` (botocore's own default).
  (config.s3 ??= {}).usEast1RegionalEndpoint ??= 'regional';
  const setting = (key: string) => settingValue(key, env, profile.config);
  config.endpointUrl = configuredEndpoint({ envId, env, profile: profile.config, services: profile.files.config.services });
  // A chain kept for the session outlives this command, so its own calls (AssumeRole, SSO) must not
  // carry this command's signal: a Ctrl-C now would otherwise fail every later refresh.
  const signal = ctx.session ? undefined : ctx.signal;
  const client = (id: string, region: string | undefined, credentials?: Credentials) => sourceClient(ctx, profile, id, region ?? config.region ?? 'us-east-1', credentials);
  const imds = fromInstanceMetadata(ctx.host, {
    endpoint: setting('ec2_metadata_service_endpoint') as string | undefined,
    endpointMode: setting('ec2_metadata_service_endpoint_mode') as string | undefined,
    timeoutSeconds: (setting('metadata_service_timeout') as number | undefined) ?? 1,
    attempts: (setting('metadata_service_num_attempts') as number | undefined) ?? 1,
    v1Disabled: setting('ec2_metadata_v1_disabled') === true,
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
  const sources: Array<[string, CredentialProvider]> = [[`the profile "${profile.name}"`, fromProfile]];
  if (ctx.host.machineCredentials) sources.push(['container-role', container], ['iam-role', imds]);
  if (globals.profile === undefined) sources.unshift(['env', envKeys(env)]);
  const makeChain = () => chain(...sources.map(([name, provider]) => traced(ctx, name, provider)));
  // Everything the chain reads: the profile and its files (an edit or `configure set` makes a new
  // chain), whether --profile hid the environment's keys, the region its STS calls use, and --debug.
  config.credentials = ctx.session
    ? ctx.session.credentials(JSON.stringify([profile.name, globals.profile !== undefined, globals.region ?? config.region ?? null, ctx.debug !== undefined, profile.files]), makeChain)
    : makeChain();
  if (globals.profile !== undefined) ctx.debug?.log('isoaws.credentials', 'Skipping environment variable credential check because profile name was explicitly set.');
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
