/**
 * Credentials served over HTTP to the machine itself, the last two links of botocore's chain:
 *  - containers (ECS, EKS Pod Identity): `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on 169.254.170.2)
 *    or `AWS_CONTAINER_CREDENTIALS_FULL_URI` (loopback or the container hosts unless https), with the
 *    token of `AWS_CONTAINER_AUTHORIZATION_TOKEN` or `..._TOKEN_FILE`;
 *  - EC2 instance metadata: an IMDSv2 session token (PUT, six-hour TTL), the role name, then its
 *    credentials; a 403/404/405 on the token falls back to IMDSv1 unless v1 is disabled.
 *    `AWS_EC2_METADATA_DISABLED=true` turns it off; endpoint, IPv6 mode, timeout and attempts are settings.
 * A source that does not answer yields no credentials (the chain moves on); one that answers wrongly is
 * an error naming it.
 */
import { CredentialRetrievalError } from '../errors.js';
import type { Host, HttpResponse } from '../host.js';
import { collect, concatBytes } from '../streaming-body.js';
import type { CredentialProvider, Credentials } from './types.js';

const CONTAINER_HOSTS = new Set([
  '127.0.0.1',
  'localhost',
  '[::1]',
  '169.254.170.2',
  '169.254.170.23',
  '[fd00:ec2::23]',
]);

export function fromContainer(host: Host): CredentialProvider {
  return async () => {
    const env = host.env;
    const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
    const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    if (!relative && !full) return undefined;
    const url = relative ? `http://169.254.170.2${relative}` : full!;
    const parsed = new URL(url);
    if (
      !relative &&
      parsed.protocol !== 'https:' &&
      !CONTAINER_HOSTS.has(parsed.hostname) &&
      !parsed.hostname.startsWith('127.')
    ) {
      throw new CredentialRetrievalError(
        `Unsupported host '${parsed.hostname}'.  Can only retrieve metadata from a loopback address or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23`,
      );
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    let token = env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
    if (env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) {
      token = new TextDecoder().decode(await host.fs.readFile(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)).trim();
    }
    if (token) {
      if (/[\r\n]/.test(token))
        throw new CredentialRetrievalError('The container authorization token contains a line break');
      headers.Authorization = token;
    }
    const response = await fetchText(host, 'GET', url, headers, 2000);
    if (!response || response.status !== 200) {
      throw new CredentialRetrievalError(
        `Error retrieving credentials from container metadata endpoint (${url})${response ? `: HTTP ${response.status}` : ''}`,
      );
    }
    return credentialsFrom(response.text, 'container-role', url, 'Token');
  };
}

export interface InstanceMetadataSettings {
  /** `ec2_metadata_service_endpoint` / `AWS_EC2_METADATA_SERVICE_ENDPOINT`. */
  endpoint?: string;
  /** `ec2_metadata_service_endpoint_mode` / `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`: IPv4 or IPv6. */
  endpointMode?: string;
  /** `metadata_service_timeout` (seconds, default 1) and `metadata_service_num_attempts` (default 1). */
  timeoutSeconds?: number;
  attempts?: number;
  /** `ec2_metadata_v1_disabled` / `AWS_EC2_METADATA_V1_DISABLED`. */
  v1Disabled?: boolean;
}

export function fromInstanceMetadata(host: Host, settings: InstanceMetadataSettings = {}): CredentialProvider {
  return async () => {
    if (host.env.AWS_EC2_METADATA_DISABLED?.toLowerCase() === 'true') return undefined;
    const base = (
      settings.endpoint ??
      (settings.endpointMode?.toLowerCase() === 'ipv6' ? 'http://[fd00:ec2::254]' : 'http://169.254.169.254')
    ).replace(/\/$/, '');
    const timeout = (settings.timeoutSeconds ?? 1) * 1000;
    const attempts = Math.max(1, settings.attempts ?? 1);
    const call = async (method: string, path: string, headers: Record<string, string>) => {
      for (let i = 0; i < attempts; i++) {
        const r = await fetchText(host, method, `${base}${path}`, headers, timeout);
        if (r && r.status < 500) return r;
      }
      return undefined;
    };
    const tokenResponse = await call('PUT', '/latest/api/token', { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' });
    const headers: Record<string, string> = {};
    if (tokenResponse?.status === 200) {
      headers['x-aws-ec2-metadata-token'] = tokenResponse.text;
    } else if (!tokenResponse || ![403, 404, 405].includes(tokenResponse.status) || settings.v1Disabled) {
      // No metadata service here (or v1 is not allowed): no credentials from this source.
      return undefined;
    }
    const role = await call('GET', '/latest/meta-data/iam/security-credentials/', headers);
    if (role?.status !== 200 || !role.text.trim()) return undefined;
    const name = role.text.trim().split('\n')[0]!;
    const creds = await call('GET', `/latest/meta-data/iam/security-credentials/${name}`, headers);
    if (creds?.status !== 200) return undefined;
    return credentialsFrom(creds.text, 'iam-role', 'the instance metadata service', 'Token');
  };
}

function credentialsFrom(text: string, source: string, where: string, tokenKey: string): Credentials {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CredentialRetrievalError(`Invalid JSON credentials from ${where}`);
  }
  if (typeof data.AccessKeyId !== 'string' || typeof data.SecretAccessKey !== 'string') {
    throw new CredentialRetrievalError(
      `Incomplete credentials from ${where}: AccessKeyId and SecretAccessKey are required`,
    );
  }
  const expiration = typeof data.Expiration === 'string' ? new Date(data.Expiration) : undefined;
  return {
    accessKeyId: data.AccessKeyId,
    secretAccessKey: data.SecretAccessKey,
    sessionToken: typeof data[tokenKey] === 'string' ? (data[tokenKey] as string) : undefined,
    expiration: expiration && !Number.isNaN(expiration.getTime()) ? expiration : undefined,
    source,
    // The container endpoint may say which account the role is in; instance metadata does not.
    ...(source === 'container-role' && typeof data.AccountId === 'string' && data.AccountId
      ? { accountId: data.AccountId }
      : {}),
  };
}

/** A small request through the host; undefined when nothing answers in time. */
async function fetchText(
  host: Host,
  method: string,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string } | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response: HttpResponse = await host.send(
      { method, url, headers },
      { signal: controller.signal, connectTimeoutMs: timeoutMs, readTimeoutMs: timeoutMs },
    );
    const text = new TextDecoder().decode(concatBytes(await collect(response.body)));
    return { status: response.statusCode, text };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
