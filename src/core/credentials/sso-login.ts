/**
 * `sso login`: the OAuth device authorization flow of IAM Identity Center — register a public client,
 * start device authorization, show the user the URL and code, poll CreateToken at the given interval
 * (slowing down when told) until the user approves, and write the token to the CLI's cache, where
 * SSO profiles (sso.ts) find it. `sso logout` removes the cached tokens.
 */
import { CredentialRetrievalError, ServiceError } from '../errors.js';
import type { Host } from '../host.js';
import { ssoTokenPath } from './cache-files.js';

export interface SsoLoginCalls {
  registerClient(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  startDeviceAuthorization(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  createToken(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface SsoLoginOptions {
  startUrl: string;
  region: string;
  /** The sso-session name (the cache is keyed by it), or none for a legacy profile (keyed by start URL). */
  sessionName?: string;
  scopes?: string[];
  /** Shows the URL and code to the user (and may open a browser). */
  authorize(info: { userCode: string; verificationUri: string; verificationUriComplete: string }): Promise<void> | void;
  signal?: AbortSignal;
}

/** Runs the flow and caches the token; returns the access token for the caller's own use (`configure sso`). */
export async function ssoLogin(host: Host, calls: SsoLoginCalls, opts: SsoLoginOptions): Promise<string> {
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
    const now = host.now().getTime();
    const cached = {
      startUrl: opts.startUrl,
      region,
      accessToken: token.accessToken,
      expiresAt: isoSeconds(now + Number(token.expiresIn) * 1000),
      ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
      clientId,
      clientSecret,
      registrationExpiresAt: isoSeconds(Number(registration.clientSecretExpiresAt) * 1000),
    };
    const path = await ssoTokenPath(host, opts.sessionName ?? opts.startUrl);
    const dir = path.slice(0, path.lastIndexOf('/'));
    if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir, { mode: 0o700 });
    await host.fs.writeFile(path, JSON.stringify(cached), { mode: 0o600 });
    return token.accessToken as string;
  }
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
