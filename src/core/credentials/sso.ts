/**
 * IAM Identity Center (SSO) profiles: `sso_session` (with its `[sso-session]` section's
 * `sso_start_url` and `sso_region`) or the legacy `sso_start_url`/`sso_region` keys, plus
 * `sso_account_id` and `sso_role_name`. The access token comes from the AWS CLI's token cache
 * (`~/.aws/sso/cache/<sha1>.json`, keyed by session name, or by start URL for legacy profiles); a
 * token close to expiry is refreshed with its refresh token (SSO OIDC CreateToken) and written back;
 * then SSO GetRoleCredentials gives the role's credentials. `sso login` writes that cache.
 */
import type { ConfigValue } from '../config/ini.js';
import { CredentialRetrievalError } from '../errors.js';
import type { Host } from '../host.js';
import { bareObject } from '../own.js';
import { ssoTokenPath } from './cache-files.js';
import type { CredentialProvider } from './types.js';

export interface SsoCalls {
  /** SSO GetRoleCredentials in `region` (unsigned; the token goes in a header). */
  getRoleCredentials(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** SSO OIDC CreateToken in `region` (the refresh_token grant). */
  createToken(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface CachedToken {
  accessToken: string;
  expiresAt: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  region?: string;
  startUrl?: string;
}

/** Refresh a token this long before it expires (botocore: 15 minutes). */
const REFRESH_WINDOW_MS = 15 * 60_000;

/** botocore's SSOProvider takes a profile that names a role or an account (the other keys are then required). */
export function isSsoProfile(profile: Record<string, ConfigValue>): boolean {
  return 'sso_role_name' in profile || 'sso_account_id' in profile;
}

export function fromSso(
  host: Host,
  name: string,
  profile: Record<string, ConfigValue>,
  sessions: Record<string, Record<string, ConfigValue>>,
  calls: SsoCalls,
): CredentialProvider {
  return async () => {
    const sessionName = text(profile.sso_session);
    const session = sessionName !== undefined ? sessions[sessionName] : undefined;
    if (sessionName !== undefined && !session)
      throw new CredentialRetrievalError(`The specified sso-session does not exist: "${sessionName}"`);
    // The session's keys join the profile's; a key set differently in both is a configuration error.
    const resolved: Record<string, ConfigValue> = Object.assign(bareObject<ConfigValue>(), profile);
    for (const [key, value] of Object.entries(session ?? {})) {
      if (key in resolved && resolved[key] !== value) {
        throw new CredentialRetrievalError(
          `The value for ${key} is inconsistent between profile (${String(resolved[key])}) and sso-session (${String(value)}).`,
        );
      }
      resolved[key] = value;
    }
    const required = ['sso_role_name', 'sso_account_id', 'sso_start_url', 'sso_region'];
    const missing = required.filter((key) => !(key in resolved));
    if (missing.length)
      throw new CredentialRetrievalError(
        `The profile "${name}" is configured to use SSO but is missing required configuration: ${missing.join(', ')}`,
      );
    const startUrl = text(resolved.sso_start_url);
    const region = text(resolved.sso_region);
    const accountId = text(resolved.sso_account_id);
    const roleName = text(resolved.sso_role_name);
    const cacheFile = await ssoTokenPath(host, sessionName ?? startUrl!);
    const found = await readToken(host, cacheFile);
    if (found === 'absent')
      throw new CredentialRetrievalError(
        `Error loading SSO Token: Token for ${sessionName ?? startUrl} does not exist`,
      );
    if (found === 'invalid')
      throw new CredentialRetrievalError(`Error loading SSO Token: Token for ${startUrl} is invalid`);
    // A legacy profile's token (no session) cannot be refreshed.
    const token = sessionName !== undefined ? await refreshIfDue(host, calls, region!, found, cacheFile) : found;
    // ERR-46: no sign-in is started on the user's behalf (a script would hang on it); the message says how.
    if (new Date(token.expiresAt).getTime() <= host.now().getTime()) {
      throw new CredentialRetrievalError(
        'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
      );
    }
    const response = await calls.getRoleCredentials(region!, { roleName, accountId, accessToken: token.accessToken });
    const c = response.roleCredentials as
      { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number } | undefined;
    if (!c) throw new CredentialRetrievalError('SSO GetRoleCredentials returned no credentials');
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: new Date(c.expiration),
      accountId,
      source: 'sso',
    };
  };
}

/**
 * An `sso_session`'s access token (botocore's SSOTokenProvider): the bearer token of the services that
 * take one (CodeCatalyst), from the cache `sso login` writes, refreshed when close to expiry. Undefined
 * for a profile without `sso_session`, which has no such token.
 */
export function ssoBearerToken(
  host: Host,
  name: string,
  profile: Record<string, ConfigValue>,
  sessions: Record<string, Record<string, ConfigValue>>,
  calls: Pick<SsoCalls, 'createToken'>,
): (() => Promise<string>) | undefined {
  const sessionName = text(profile.sso_session);
  if (sessionName === undefined) return undefined;
  return async () => {
    const session = sessions[sessionName];
    if (!session)
      throw new CredentialRetrievalError(
        `The profile "${name}" is configured to use the SSO token provider but the "${sessionName}" sso_session configuration does not exist.`,
      );
    const missing = ['sso_start_url', 'sso_region'].filter((key) => text(session[key]) === undefined);
    if (missing.length)
      throw new CredentialRetrievalError(
        `The profile "${name}" is configured to use the SSO token provider but is missing the following configuration: [${missing.map((k) => `'${k}'`).join(', ')}].`,
      );
    const cacheFile = await ssoTokenPath(host, sessionName);
    const found = await readToken(host, cacheFile);
    if (found === 'absent' || found === 'invalid')
      throw new CredentialRetrievalError(
        `Error loading SSO Token: Token for ${sessionName} ${found === 'absent' ? 'does not exist' : 'is invalid'}`,
      );
    const token = await refreshIfDue(host, calls, text(session.sso_region)!, found, cacheFile);
    if (new Date(token.expiresAt).getTime() <= host.now().getTime())
      throw new CredentialRetrievalError('Error when retrieving token from sso: Token has expired and refresh failed');
    return token.accessToken;
  };
}

/** The token, or a new one from its refresh token (written back to the cache) when it is within 15 minutes of expiry. */
async function refreshIfDue(
  host: Host,
  calls: Pick<SsoCalls, 'createToken'>,
  region: string,
  token: CachedToken,
  cacheFile: string,
): Promise<CachedToken> {
  const due = new Date(token.expiresAt).getTime() - host.now().getTime() <= REFRESH_WINDOW_MS;
  const registered =
    !token.registrationExpiresAt || new Date(token.registrationExpiresAt).getTime() > host.now().getTime();
  if (!due || !token.refreshToken || !token.clientId || !token.clientSecret || !registered) return token;
  try {
    const r = await calls.createToken(region, {
      grantType: 'refresh_token',
      clientId: token.clientId,
      clientSecret: token.clientSecret,
      refreshToken: token.refreshToken,
    });
    const updated: CachedToken = {
      ...token,
      accessToken: r.accessToken as string,
      expiresAt: new Date(host.now().getTime() + Number(r.expiresIn) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      refreshToken: (r.refreshToken as string | undefined) ?? token.refreshToken,
    };
    await host.fs.writeFile(cacheFile, JSON.stringify(updated), { mode: 0o600 });
    return updated;
  } catch {
    // A refused refresh leaves the old token, which is then reported as expired.
    return token;
  }
}

/** The cached token, or botocore's two cases of none: no cache entry, or one without a token and expiry. */
async function readToken(host: Host, path: string): Promise<CachedToken | 'absent' | 'invalid'> {
  let text: string;
  try {
    text = new TextDecoder().decode(await host.fs.readFile(path));
  } catch {
    return 'absent';
  }
  try {
    const data = JSON.parse(text) as CachedToken;
    return typeof data.accessToken === 'string' && typeof data.expiresAt === 'string' ? data : 'invalid';
  } catch {
    return 'invalid';
  }
}

function text(value: ConfigValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
