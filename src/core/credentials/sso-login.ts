/**
 * `sso login`, the two OAuth flows of IAM Identity Center, as the AWS CLI v2 runs them:
 * - for an sso-session, the authorization code grant with PKCE: a client registered for it, the browser
 *   sent to SSO OIDC's authorize page, the code taken from its redirect to a server on 127.0.0.1 and
 *   exchanged with the code verifier;
 * - for a legacy profile, or with `--use-device-code`, the device authorization grant: the user shown a
 *   URL and code, CreateToken polled at the given interval (slowing down when told) until approved.
 * Either way the token goes to the CLI's cache, where SSO profiles (sso.ts) find it. `sso logout`
 * removes the cached tokens.
 */
import { encodeQuery } from '../request-url.js';
import { CredentialRetrievalError, ServiceError } from '../errors.js';
import type { Host } from '../host.js';
import { pkcePair, randomText, REDIRECT_URI, serveRedirect } from './auth-code.js';
import { ssoTokenPath } from './cache-files.js';

export interface SsoLoginCalls {
  registerClient(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  startDeviceAuthorization(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  createToken(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** SSO OIDC's origin in `region` (`https://oidc.us-east-1.amazonaws.com`), whose authorize page the browser opens. */
  oidcOrigin(region: string): Promise<string>;
}

const DEFAULT_SCOPE = 'sso:account:access';
const EXPIRED =
  'The pending authorization to retrieve an SSO token has expired. The login flow to retrieve an SSO token must be restarted.';

export interface SsoLoginOptions {
  startUrl: string;
  region: string;
  /** The sso-session name (the cache is keyed by it), or none for a legacy profile (keyed by start URL). */
  sessionName?: string;
  scopes?: string[];
  /** `--use-device-code`: the device flow even for an sso-session. */
  useDeviceCode?: boolean;
  /** Shows the URL (and the device flow's code) to the user, and may open a browser. */
  authorize(info: Authorization): Promise<void> | void;
  signal?: AbortSignal;
}

/** What the user is sent to: the device flow's page and code, or the authorization code flow's page alone. */
export interface Authorization {
  userCode?: string;
  verificationUri: string;
  verificationUriComplete: string;
}

/**
 * Runs the flow and caches the token; returns the access token for the caller's own use (`configure sso`).
 * A host that cannot take the browser's redirect (a page) signs an sso-session in with the device flow.
 */
export async function ssoLogin(host: Host, calls: SsoLoginCalls, opts: SsoLoginOptions): Promise<string> {
  if (opts.sessionName !== undefined && !opts.useDeviceCode && host.serveLoopback)
    return authorizationCodeLogin(host, calls, opts);
  const { region } = opts;
  const registration = await calls.registerClient(region, {
    clientName: `botocore-client-${Math.floor(host.now().getTime() / 1000)}`,
    clientType: 'public',
    ...(opts.scopes?.length ? { scopes: opts.scopes } : {}),
  });
  const clientId = registration.clientId as string;
  const clientSecret = registration.clientSecret as string;
  const device = await calls.startDeviceAuthorization(region, { clientId, clientSecret, startUrl: opts.startUrl });
  await opts.authorize({
    userCode: device.userCode as string,
    verificationUri: device.verificationUri as string,
    verificationUriComplete:
      (device.verificationUriComplete as string | undefined) ?? (device.verificationUri as string),
  });
  let interval = Number(device.interval ?? 5);
  const deadline = host.now().getTime() + Number(device.expiresIn ?? 600) * 1000;
  for (;;) {
    if (host.now().getTime() > deadline)
      throw new CredentialRetrievalError('The SSO authorization expired before it was approved. Run sso login again.');
    await host.sleep(interval * 1000, opts.signal);
    let token: Record<string, unknown>;
    try {
      token = await calls.createToken(region, {
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: device.deviceCode,
        clientId,
        clientSecret,
      });
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'AuthorizationPendingException') continue;
      if (err instanceof ServiceError && err.code === 'SlowDownException') {
        interval += 5;
        continue;
      }
      if (err instanceof ServiceError && err.code === 'ExpiredTokenException')
        throw new CredentialRetrievalError(
          'The SSO authorization expired before it was approved. Run sso login again.',
        );
      throw err;
    }
    return cacheToken(host, opts, registration, token);
  }
}

/**
 * The authorization code grant with PKCE: a loopback server waits for the browser's redirect, whose
 * state must be the one sent; the code and the verifier buy the token. The server stops however it ends.
 */
async function authorizationCodeLogin(host: Host, calls: SsoLoginCalls, opts: SsoLoginOptions): Promise<string> {
  const { region } = opts;
  const { verifier, challenge } = await pkcePair();
  const state = randomText(32);
  const server = await serveRedirect(host);
  try {
    const scopes = opts.scopes?.length ? opts.scopes : [DEFAULT_SCOPE];
    const registration = await calls.registerClient(region, {
      clientName: `botocore-client-${opts.sessionName}`,
      clientType: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [REDIRECT_URI],
      issuerUrl: opts.startUrl,
      scopes,
    });
    const { redirectUri } = server;
    const query = encodeQuery([
      ['response_type', 'code'],
      ['client_id', registration.clientId as string],
      ['redirect_uri', redirectUri],
      ['state', state],
      ['code_challenge_method', 'S256'],
      ['scopes', scopes.join(' ')],
    ]);
    const uri = `${await calls.oidcOrigin(region)}/authorize?${query}&code_challenge=${challenge}`;
    await opts.authorize({ verificationUri: uri, verificationUriComplete: uri });
    const got = await server.redirect(opts.signal);
    if (got.code === undefined)
      throw new CredentialRetrievalError('Error loading authorization code: Failed to retrieve an authorization code.');
    if (got.state !== state)
      throw new CredentialRetrievalError(
        'Error loading authorization code: State parameter does not match expected value.',
      );
    let token: Record<string, unknown>;
    try {
      token = await calls.createToken(region, {
        grantType: 'authorization_code',
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        redirectUri,
        codeVerifier: verifier,
        code: got.code,
      });
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'ExpiredTokenException')
        throw new CredentialRetrievalError(EXPIRED);
      throw err;
    }
    return await cacheToken(host, opts, registration, token);
  } finally {
    await server.close();
  }
}

/** The token written where SSO profiles look for it, with the registration that can refresh it. */
async function cacheToken(
  host: Host,
  opts: SsoLoginOptions,
  registration: Record<string, unknown>,
  token: Record<string, unknown>,
): Promise<string> {
  const cached = {
    startUrl: opts.startUrl,
    region: opts.region,
    accessToken: token.accessToken,
    expiresAt: isoSeconds(host.now().getTime() + Number(token.expiresIn) * 1000),
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: isoSeconds(Number(registration.clientSecretExpiresAt) * 1000),
  };
  const path = await ssoTokenPath(host, opts.sessionName ?? opts.startUrl);
  const dir = path.slice(0, path.lastIndexOf('/'));
  if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir, { mode: 0o700 });
  await host.fs.writeFile(path, JSON.stringify(cached), { mode: 0o600 });
  return token.accessToken as string;
}

/**
 * `sso logout`, as the AWS CLI's: every cached SSO token is signed out with SSO Logout (in the token's
 * region) and removed, then every role credential cached from SSO (`ProviderType: sso` in
 * ~/.aws/cli/cache, which the AWS CLI writes). A failed Logout call does not keep the token: the CLI
 * gives up only on service errors, but a logout that cannot reach the network should still forget
 * the token locally. Returns how many tokens there were.
 */
export async function ssoLogout(
  host: Host,
  logout: (region: string, accessToken: string) => Promise<unknown>,
): Promise<number> {
  let removed = 0;
  await sweep(host, `${host.homeDir}/.aws/sso/cache`, async (data) => {
    if (typeof data.accessToken !== 'string') return false;
    if (typeof data.region === 'string' && data.region)
      await logout(data.region, data.accessToken).catch(() => undefined);
    removed++;
    return true;
  });
  await sweep(host, `${host.homeDir}/.aws/cli/cache`, async (data) => data.ProviderType === 'sso');
  return removed;
}

/** Removes the JSON files of `dir` that `remove` picks; files that are not JSON objects are left alone. */
async function sweep(
  host: Host,
  dir: string,
  remove: (data: Record<string, unknown>) => Promise<boolean>,
): Promise<void> {
  const names = await host.fs.readDir(dir).catch(() => [] as string[]);
  for (const name of names) {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(await host.fs.readFile(`${dir}/${name}`)));
    } catch {
      continue;
    }
    if (data !== null && typeof data === 'object' && (await remove(data as Record<string, unknown>)))
      await host.fs.remove(`${dir}/${name}`);
  }
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
