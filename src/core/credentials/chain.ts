/**
 * Where a session's credentials come from (session.ts loads this module on the first credentials it
 * needs, so a client given keys in code never loads it): the chain in botocore's order, and the
 * profile's own sources — assume-role (with MFA), web identity, SSO, the credentials file,
 * `credential_process`, the config file — then the container and instance metadata.
 */
import { mergedProfiles, type LoadedProfile } from '../config/profile.js';
import type { ConfigValue } from '../config/ini.js';
import { settingValue } from '../config/settings.js';
import type { Client } from '../client.js';
import type { ClientConfig } from '../client-config.js';
import type { Host } from '../host.js';
import { assumeRoleProvider, type AssumeRoleContext } from './assume-role.js';
import { fromProcess } from './process.js';
import { chain, fromEnv, partialCredentials } from './providers.js';
import { dpopProof } from './dpop.js';
import { fromLoginSession, type SigninTokenCall } from './login-session.js';
import { fromContainer, fromInstanceMetadata } from './remote.js';
import { fromSso, isSsoProfile, type SsoCalls } from './sso.js';
import type { CredentialProvider, Credentials } from './types.js';
import { fromWebIdentity, type WebIdentityCall } from './web-identity.js';

/** What the chain reads of the session's options (session.ts's SessionOptions). */
export interface ChainOptions {
  /** Named by the caller: it takes the environment's keys out of the chain. */
  profile?: string;
  region?: string;
  debug?: { log(area: string, message: string): void };
  signal?: AbortSignal;
}

/**
 * A client for a credential source's own service (`envId` STS, SSO, SSO_OIDC, SIGNIN): session.ts's
 * sourceClient; `onRequest` adds to its requests what the source's protocol needs (Sign-In's DPoP proof).
 */
export type SourceClient = (
  host: Host,
  profile: LoadedProfile,
  envId: string,
  region: string,
  credentials?: Credentials,
  onRequest?: ClientConfig['onRequest'],
) => Promise<Pick<Client, 'send'>>;

/** The service calls the role-based sources make (the caller builds the clients: region, endpoints). */
export interface ProfileCalls {
  assumeRole?: AssumeRoleContext['assumeRole'];
  /** `credential_source` providers beyond the environment (see AssumeRoleContext). */
  credentialSources?: AssumeRoleContext['credentialSources'];
  webIdentity?: WebIdentityCall;
  sso?: SsoCalls;
  /** Sign-In's CreateOAuth2Token, which renews a `login_session` profile's keys. */
  login?: SigninTokenCall;
}

/**
 * The profile's credential sources in botocore's order: an assume-role profile (`role_arn` with a
 * source) or web identity (a token file, the profile's or the environment's), SSO, then long-term keys
 * in the credentials file, a `login_session` (console credentials), `credential_process`, keys in the
 * config file (each only when complete).
 */
export function profileCredentials(host: Host, profile: LoadedProfile, calls: ProfileCalls = {}): CredentialProvider {
  const { assumeRole, webIdentity, sso, login, credentialSources = {} } = calls;
  const staticCredentials = (name: string): CredentialProvider => {
    const config = profile.files.config.profiles[name] ?? {};
    const command = config.credential_process;
    const fromCredentialsFile = profile.files.credentials[name] ?? {};
    return chain(
      keys(fromCredentialsFile, 'shared-credentials-file'),
      fromLoginSession(host, { ...config, ...fromCredentialsFile }, login),
      ...(typeof command === 'string' && command
        ? [fromProcess(host, command, typeof config.aws_account_id === 'string' ? config.aws_account_id : undefined)]
        : []),
      keys(config, 'config-file'),
    );
  };
  // A role with a token file is web identity; a role with a source is assume-role; then the
  // environment's web identity (EKS), then the profile's own keys.
  const hasTokenFile =
    typeof profile.config.web_identity_token_file === 'string' && profile.config.web_identity_token_file !== '';
  if (typeof profile.config.role_arn === 'string' && profile.config.role_arn && !hasTokenFile && assumeRole) {
    const profiles = mergedProfiles(profile.files.config, profile.files.credentials);
    return assumeRoleProvider({ host, profiles, staticCredentials, credentialSources, assumeRole }, profile.name);
  }
  return chain(
    ...(webIdentity ? [fromWebIdentity(host, profile.config, webIdentity)] : []),
    ...(sso && isSsoProfile(profile.config)
      ? [fromSso(host, profile.name, profile.config, profile.files.config.ssoSessions, sso)]
      : []),
    staticCredentials(profile.name),
  );
}

function keys(section: Record<string, ConfigValue>, source: string): CredentialProvider {
  return async () => {
    const accessKeyId = section.aws_access_key_id;
    const secretAccessKey = section.aws_secret_access_key;
    if (typeof accessKeyId !== 'string' || !accessKeyId) return undefined;
    if (typeof secretAccessKey !== 'string' || !secretAccessKey)
      throw partialCredentials(source, 'aws_secret_access_key');
    const token = section.aws_session_token ?? section.aws_security_token;
    const accountId = section.aws_account_id;
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken: typeof token === 'string' && token ? token : undefined,
      accountId: typeof accountId === 'string' && accountId ? accountId : undefined,
      source,
    };
  };
}

/**
 * The credential chain in botocore's order; a named profile takes the environment's keys out of it.
 * `region` is the one the profile's STS calls use when the caller sets none.
 */
export function credentialChain(
  host: Host,
  profile: LoadedProfile,
  region: string | undefined,
  o: ChainOptions,
  sourceClient: SourceClient,
): CredentialProvider {
  const setting = (key: string) => settingValue(key, host.env, profile.config);
  const signal = o.signal;
  const client = (
    id: string,
    at: string | undefined,
    credentials?: Credentials,
    onRequest?: ClientConfig['onRequest'],
  ) => sourceClient(host, profile, id, at ?? o.region ?? region ?? 'us-east-1', credentials, onRequest);
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
    login: async (tokenInput, key) => {
      const withProof: ClientConfig['onRequest'] = async (req) => {
        req.headers.DPoP = await dpopProof(key, req.url, host.now());
      };
      return (await client('SIGNIN', undefined, undefined, withProof)).send(
        'signin',
        'CreateOAuth2Token',
        { tokenInput },
        { signal },
      );
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
function traced(debug: ChainOptions['debug'], name: string, provider: CredentialProvider): CredentialProvider {
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
