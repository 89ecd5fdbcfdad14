/**
 * `login_session` profiles (console credentials, `isoaws login`): the token cache the AWS CLI keeps
 * (`~/.aws/login/cache/<sha256 of the session ARN>.json`, or under AWS_LOGIN_CACHE_DIRECTORY), and the
 * credential provider that reads the temporary keys from it, as botocore's LoginProvider. Keys within
 * five minutes of expiry are renewed with the refresh token (AWS Sign-In CreateOAuth2Token, the
 * `refresh_token` grant, with a DPoP proof from the session's key) and written back.
 */
import type { ConfigValue } from '../config/ini.js';
import { CredentialRetrievalError, ServiceError } from '../errors.js';
import { toHex } from '../hex.js';
import type { Host } from '../host.js';
import { expandPath, localPath } from '../local-paths.js';
import { pyJsonDumps } from '../query/python-text.js';
import { dpopKeyFromPem, type DpopKey } from './dpop.js';
import type { CredentialProvider, Credentials } from './types.js';

/** AWS Sign-In CreateOAuth2Token (unsigned), its request carrying a DPoP proof made with `key`. */
export type SigninTokenCall = (tokenInput: Record<string, unknown>, key: DpopKey) => Promise<Record<string, unknown>>;

/** The cache entry, as both CLIs write it. */
export interface LoginToken {
  accessToken: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    accountId: string;
    expiresAt: string;
  };
  tokenType?: string;
  clientId: string;
  refreshToken: string;
  idToken?: string;
  dpopKey: string;
  [other: string]: unknown;
}

/** Renew keys this close to expiry (botocore's LoginCredentialFetcher: five minutes). */
const REFRESH_THRESHOLD_MS = 5 * 60_000;

/** botocore's LoginError family, all exit 255: its messages by the `error` of Sign-In's AccessDeniedException. */
export const LOGIN_ERRORS: Record<string, string> = {
  TOKEN_EXPIRED: "Your session has expired. Please reauthenticate using 'aws login'.",
  USER_CREDENTIALS_CHANGED:
    "Unable to refresh login credentials because of a change in your password. Please reauthenticate with your new password using 'aws login'.",
  INSUFFICIENT_PERMISSIONS:
    "Unable to create or refresh login credentials due to insufficient permissions. You may be missing permission for the 'signin:CreateOAuth2Token' action.",
};
const UNSPECIFIED =
  'An unspecified error happened when resolving AWS credentials or refreshing a login session profile.';

/** The directory of the cache: AWS_LOGIN_CACHE_DIRECTORY (variables and `~` expanded), else ~/.aws/login/cache. */
export function loginCacheDir(host: Host): string {
  const given = host.env.AWS_LOGIN_CACHE_DIRECTORY;
  return given !== undefined ? localPath(host, expandPath(host, given)) : `${host.homeDir}/.aws/login/cache`;
}

/** The session's cache file: the SHA-256 of its name (the session's ARN). */
export async function loginTokenPath(host: Host, session: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(session));
  return `${loginCacheDir(host)}/${toHex(new Uint8Array(digest))}.json`;
}

/** Writes the session's token (the directory made if need be, the file readable by its owner only). */
export async function saveLoginToken(host: Host, session: string, token: LoginToken): Promise<void> {
  const path = await loginTokenPath(host, session);
  const dir = path.slice(0, path.lastIndexOf('/'));
  if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir, { mode: 0o700 });
  await host.fs.writeFile(path, pyJsonDumps(token, true), { mode: 0o600 });
}

/** A profile's keys from its `login_session`; undefined (the chain moves on) for a profile without one. */
export function fromLoginSession(
  host: Host,
  profile: Record<string, ConfigValue>,
  createToken: SigninTokenCall | undefined,
): CredentialProvider {
  return async () => {
    const session = profile.login_session;
    if (typeof session !== 'string' || !createToken) return undefined;
    const path = await loginTokenPath(host, session);
    const token = await readToken(host, path, session);
    const remaining = Date.parse(token.accessToken.expiresAt) - host.now().getTime();
    if (!(remaining > REFRESH_THRESHOLD_MS)) return credentialsOf(await refresh(host, path, token, createToken));
    return credentialsOf(token);
  };
}

async function readToken(host: Host, path: string, session: string): Promise<LoginToken> {
  let token: unknown;
  try {
    token = JSON.parse(new TextDecoder().decode(await host.fs.readFile(path)));
  } catch {
    // botocore's JSONFileCache: a file that cannot be read or parsed is no entry.
    token = undefined;
  }
  if (token === null || typeof token !== 'object')
    throw new CredentialRetrievalError(
      `Error loading login session token: Unable to load a existing login session for session ${session}, Please reauthenticate with 'aws login'.`,
    );
  const entry = token as Partial<LoginToken>;
  const keys = entry.accessToken;
  if (
    !['accessToken', 'refreshToken', 'dpopKey', 'clientId'].every((k) => k in entry) ||
    keys === null ||
    typeof keys !== 'object' ||
    !['accessKeyId', 'secretAccessKey', 'sessionToken', 'accountId', 'expiresAt'].every((k) => k in keys)
  ) {
    throw new CredentialRetrievalError(
      'Error loading login session token: Failed to load access token from token cache, missing one or more required fields.',
    );
  }
  return entry as LoginToken;
}

/** New keys and refresh token from Sign-In, written back over the cached ones (the rest of the entry kept). */
async function refresh(host: Host, path: string, token: LoginToken, createToken: SigninTokenCall): Promise<LoginToken> {
  const key = await dpopKeyFromPem(token.dpopKey);
  let response: Record<string, unknown>;
  try {
    response = await createToken(
      { clientId: token.clientId, refreshToken: token.refreshToken, grantType: 'refresh_token' },
      key,
    );
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'AccessDeniedException') {
      const reason = typeof err.data.error === 'string' ? err.data.error : '';
      throw new CredentialRetrievalError(LOGIN_ERRORS[reason] ?? UNSPECIFIED, { cause: err });
    }
    throw err;
  }
  const output = response.tokenOutput as Record<string, unknown> | undefined;
  if (!output)
    throw new CredentialRetrievalError('Error loading login session token: Failed to refresh an access token.');
  const keys = output.accessToken as Record<string, string>;
  const updated: LoginToken = {
    ...token,
    accessToken: {
      accessKeyId: keys.accessKeyId!,
      secretAccessKey: keys.secretAccessKey!,
      sessionToken: keys.sessionToken!,
      accountId: token.accessToken.accountId,
      expiresAt: expiresAt(host, Number(output.expiresIn)),
    },
    refreshToken: output.refreshToken as string,
  };
  await host.fs.writeFile(path, pyJsonDumps(updated, true), { mode: 0o600 });
  return updated;
}

/** `now + seconds` as the CLI writes it (`%Y-%m-%dT%H:%M:%SZ`). */
export function expiresAt(host: Host, seconds: number): string {
  return new Date(host.now().getTime() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function credentialsOf(token: LoginToken): Credentials {
  const keys = token.accessToken;
  return {
    accessKeyId: keys.accessKeyId,
    secretAccessKey: keys.secretAccessKey,
    sessionToken: keys.sessionToken,
    expiration: new Date(keys.expiresAt),
    accountId: keys.accountId || undefined,
    source: 'login',
  };
}
