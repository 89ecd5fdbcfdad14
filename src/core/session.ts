/**
 * The session: what the AWS CLI resolves before it calls a service, in one place for the CLI, the
 * library, the shell and a page. A client's settings come from what the caller gave (the command line,
 * or options in code) over environment variables over the active profile; its credentials from the
 * chain in botocore's order (the environment, the profile's sources — assume-role with MFA, web
 * identity, SSO, the files, `credential_process` — then the container and instance metadata); its
 * endpoint from the service's configured endpoint (AWS_ENDPOINT_URL_<SERVICE>, `[services]`). Clients
 * for the credential sources' own services (STS, SSO) use the profile's region and their own configured
 * endpoints, never the caller's endpoint, which is the command's.
 */
import type { ClientSettings } from './client.js';
import type { ClientConfig, WireEvent } from './client-config.js';
import { configuredEndpoint } from './config/endpoint.js';
import { loadProfile, profileCredentials, type LoadedProfile } from './config/profile.js';
import { createCredentialCache } from './credentials/kept.js';
import { applyGiven, settingsConfig, settingValue } from './config/settings.js';
import { chain, fromEnv } from './credentials/providers.js';
import { fromContainer, fromInstanceMetadata } from './credentials/remote.js';
import type { CredentialProvider, Credentials } from './credentials/types.js';
import type { Host } from './host.js';

/**
 * What the caller sets over the environment and the profile (the CLI's global options, or options in
 * code). region, endpointUrl, verifySsl, caBundle and the timeouts are rows of the settings table
 * (config/settings.ts, their `given`), which applies them.
 */
export interface SessionOptions {
  /** The profile the caller named: it also outranks the environment's keys, as `--profile` does in botocore. */
  profile?: string;
  region?: string;
  endpointUrl?: string;
  /** `false`: anonymous calls (`--no-sign-request`). */
  sign?: boolean;
  verifySsl?: boolean;
  caBundle?: string;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  /** `--debug`: each credential source tried, and every request and response. */
  debug?: { log(area: string, message: string): void; onWire(event: WireEvent): void };
  /** Told of every request, signature and response as well, without printing them: the playground's inspector. */
  onWire?: (event: WireEvent) => void;
  /**
   * Keeps a credential chain for later calls under `key` (the profile, its files and the settings the
   * chain reads), else makes one with `make`: a shell or a library client resolves a role once.
   */
  keep?(key: string, make: () => CredentialProvider): CredentialProvider;
  /**
   * Cancels the credential sources' own calls (AssumeRole, SSO) with the command. Left out where a kept
   * chain outlives the call that made it, whose cancellation would fail every later refresh.
   */
  signal?: AbortSignal;
}

/**
 * The settings of a client for the service whose environment id is `envId` (`S3`, `DYNAMODB`, as in
 * AWS_ENDPOINT_URL_<envId>), under `profile`.
 */
export function sessionClientConfig(
  host: Host,
  profile: LoadedProfile,
  envId: string,
  o: SessionOptions,
): ClientConfig {
  const env = host.env;
  const config: ClientConfig = { ...settingsConfig(env, profile.config), sign: o.sign };
  config.region ??= host.defaults?.region;
  // AWS CLI v2 sends S3 in us-east-1 to the regional endpoint unless told `legacy` (botocore's own default).
  (config.s3 ??= {}).usEast1RegionalEndpoint ??= 'regional';
  config.endpointUrl = configuredEndpoint({
    envId,
    env,
    profile: profile.config,
    services: profile.files.config.services,
  });
  const makeChain = () => credentialChain(host, profile, config.region, o);
  // Everything the chain reads: the profile and its files (an edit or `configure set` makes a new
  // chain), whether a named profile hid the environment's keys, the region its STS calls use, and --debug.
  const key = JSON.stringify([
    profile.name,
    o.profile !== undefined,
    o.region ?? config.region ?? null,
    o.debug !== undefined,
    profile.files,
  ]);
  config.credentials = o.keep ? o.keep(key, makeChain) : makeChain();
  if (o.profile !== undefined)
    o.debug?.log(
      'isoaws.credentials',
      'Skipping environment variable credential check because profile name was explicitly set.',
    );
  applyGiven(config, o);
  const listeners = [o.debug?.onWire, o.onWire].filter((f) => f !== undefined);
  if (listeners.length) config.onWire = (event) => listeners.forEach((listen) => listen(event));
  return config;
}

/**
 * The settings of a library client (`createClient({ profile: 'dev' })`), as the CLI would resolve them:
 * the profile (`options.profile`, else AWS_PROFILE, else `default`) read once, on the first call; each
 * service's settings from the session; and what was given in code (`given`) over all of it. The
 * credential chain is resolved once for all services and refreshed before temporary credentials expire
 * (kept in `options.keep` when given: the shell's, which outlives its clients).
 */
export function sessionSettings(host: Host, options: SessionOptions, given: ClientConfig = {}): ClientSettings {
  const keep = options.keep ?? createCredentialCache(() => host.now()).credentials;
  let profile: Promise<LoadedProfile> | undefined;
  const stated = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as ClientConfig;
  return async ({ envId }) => {
    profile ??= loadProfile(host, options.profile);
    profile.catch(() => {
      profile = undefined;
    });
    const config = sessionClientConfig(host, await profile, envId, { ...options, keep });
    return { ...config, ...stated };
  };
}

/** A client for a credential source's own service (`envId` STS, SSO, SSO_OIDC); unsigned without credentials. */
export async function sourceClient(
  host: Host,
  profile: LoadedProfile,
  envId: string,
  region: string,
  credentials?: Credentials,
) {
  const { createClient } = await import('./client.js');
  return createClient(host, {
    region,
    credentials,
    sign: credentials !== undefined,
    endpointUrl: configuredEndpoint({
      envId,
      env: host.env,
      profile: profile.config,
      services: profile.files.config.services,
    }),
  });
}

/**
 * The credential chain in botocore's order; a named profile takes the environment's keys out of it.
 * `region` is the one the profile's STS calls use when the caller sets none.
 */
function credentialChain(
  host: Host,
  profile: LoadedProfile,
  region: string | undefined,
  o: SessionOptions,
): CredentialProvider {
  const setting = (key: string) => settingValue(key, host.env, profile.config);
  const signal = o.signal;
  const client = (id: string, at: string | undefined, credentials?: Credentials) =>
    sourceClient(host, profile, id, at ?? o.region ?? region ?? 'us-east-1', credentials);
  const imds = fromInstanceMetadata(host, {
    endpoint: setting('ec2_metadata_service_endpoint') as string | undefined,
    endpointMode: setting('ec2_metadata_service_endpoint_mode') as string | undefined,
    timeoutSeconds: (setting('metadata_service_timeout') as number | undefined) ?? 1,
    attempts: (setting('metadata_service_num_attempts') as number | undefined) ?? 1,
    v1Disabled: setting('ec2_metadata_v1_disabled') === true,
  });
  const container = fromContainer(host);
  const machine: Record<string, CredentialProvider> = host.machineCredentials
    ? { ecscontainer: container, ec2instancemetadata: imds }
    : {};
  const fromProfile = profileCredentials(host, profile, {
    credentialSources: machine,
    assumeRole: async (credentials, params) =>
      (await client('STS', undefined, credentials)).send('sts', 'AssumeRole', params, { signal }),
    webIdentity: async (params) =>
      (await client('STS', undefined)).send('sts', 'AssumeRoleWithWebIdentity', params, { signal }),
    sso: {
      getRoleCredentials: async (at, params) =>
        (await client('SSO', at)).send('sso', 'GetRoleCredentials', params, { signal }),
      createToken: async (at, params) =>
        (await client('SSO_OIDC', at)).send('sso-oidc', 'CreateToken', params, { signal }),
    },
  });
  const sources: Array<[string, CredentialProvider]> = [[`the profile "${profile.name}"`, fromProfile]];
  if (host.machineCredentials) sources.push(['container-role', container], ['iam-role', imds]);
  const fallback = host.defaults?.credentials;
  if (fallback) sources.push(["the host's own keys", async () => fallback]);
  if (o.profile === undefined) sources.unshift(['env', fromEnv(host.env)]);
  return chain(...sources.map(([name, provider]) => traced(o.debug, name, provider)));
}

/** Under --debug, each source of the chain says when it is tried and what it found (never the keys). */
function traced(debug: SessionOptions['debug'], name: string, provider: CredentialProvider): CredentialProvider {
  if (!debug) return provider;
  return async () => {
    debug.log('isoaws.credentials', `Looking for credentials via: ${name}`);
    const found = await provider();
    if (found)
      debug.log(
        'isoaws.credentials',
        `Found credentials via ${name}: ${found.source ?? 'static'}${found.expiration ? `, expiring ${found.expiration.toISOString()}` : ''}`,
      );
    return found;
  };
}
