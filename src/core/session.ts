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
import { loadProfile, type LoadedProfile } from './config/profile.js';
import { createCredentialCache } from './credentials/kept.js';
import { applyGiven, settingsConfig } from './config/settings.js';
import type { BearerTokens, CredentialProvider, Credentials } from './credentials/types.js';
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
  const makeChain = () => lazyChain(host, profile, config.region, o);
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
  config.bearer = bearerTokens(host, profile, o);
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
  onRequest?: ClientConfig['onRequest'],
) {
  const { createClient } = await import('./client.js');
  return createClient(host, {
    region,
    credentials,
    sign: credentials !== undefined,
    onRequest,
    endpointUrl: configuredEndpoint({
      envId,
      env: host.env,
      profile: profile.config,
      services: profile.files.config.services,
    }),
  });
}

/**
 * Bearer tokens as botocore's token providers find them: AWS_BEARER_TOKEN_<SIGNING NAME> (an empty one is
 * none), then the profile's `sso_session` token. The SSO code loads when that token is first asked for.
 */
function bearerTokens(host: Host, profile: LoadedProfile, o: SessionOptions): BearerTokens {
  const sessions = profile.files.config.ssoSessions;
  const hasSession = typeof profile.config.sso_session === 'string' && profile.config.sso_session !== '';
  let token: Promise<() => Promise<string>> | undefined;
  return {
    forService: (signingName) =>
      host.env[`AWS_BEARER_TOKEN_${signingName.replace(/[- ]/g, '_').toUpperCase()}`] || undefined,
    sso: hasSession
      ? async () => {
          token ??= import('./credentials/sso.js').then((m) =>
            m.ssoBearerToken(host, profile.name, profile.config, sessions, {
              createToken: async (region, params) =>
                (await sourceClient(host, profile, 'SSO_OIDC', region)).send('sso-oidc', 'CreateToken', params, {
                  signal: o.signal,
                }),
            })!,
          );
          return (await token)();
        }
      : undefined,
  };
}

/**
 * The credential chain (credentials/chain.ts), loaded when credentials are first asked for: a client
 * given keys in code, or one that signs nothing, never loads the sources' code.
 */
function lazyChain(
  host: Host,
  profile: LoadedProfile,
  region: string | undefined,
  o: SessionOptions,
): CredentialProvider {
  let built: Promise<CredentialProvider> | undefined;
  return async () => {
    built ??= import('./credentials/chain.js').then((m) => m.credentialChain(host, profile, region, o, sourceClient));
    return (await built)();
  };
}
