/**
 * Assume-role profiles (`role_arn`), as botocore's AssumeRoleProvider: the source credentials come
 * from `source_profile` — itself possibly an assume-role profile, followed until a loop would form —
 * or from `credential_source` (Environment, EcsContainer or Ec2InstanceMetadata, named in any case);
 * then STS AssumeRole with `role_session_name`,
 * `external_id`, `duration_seconds` and, with `mfa_serial`, a token code asked through the host.
 * Results are cached as JSON in `~/.aws/cli/cache`, shared with the AWS CLI, and reused until close
 * to expiry.
 */
import type { ConfigValue } from '../config/ini.js';
import { CredentialRetrievalError } from '../errors.js';
import type { Host } from '../host.js';
import { pyJsonDumps } from '../query/python-text.js';
import { fromEnv, partialCredentials, REFRESH_BEFORE_MS } from './providers.js';
import { sha1Hex } from './cache-files.js';
import type { CredentialProvider, Credentials } from './types.js';

export interface AssumeRoleContext {
  host: Host;
  /** Every profile by name: the config file's settings with the credentials file's section merged in. */
  profiles: Record<string, Record<string, ConfigValue>>;
  /** The long-term sources of a profile that is not an assume-role one (its keys, its credential_process). */
  staticCredentials(profile: string): CredentialProvider;
  /**
   * The `credential_source` providers this host can use, by lower-cased name: `ecscontainer` and
   * `ec2instancemetadata` where the machine's credential services are reachable; the environment always.
   */
  credentialSources: Readonly<Record<string, CredentialProvider>>;
  /** Calls STS AssumeRole with the given credentials (the caller builds the client: region, endpoint). */
  assumeRole(credentials: Credentials, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** botocore's canonical source names that are services of the machine (a browser has neither). */
const MACHINE_SOURCES = ['ecscontainer', 'ec2instancemetadata'];

export function assumeRoleProvider(ctx: AssumeRoleContext, profile: string): CredentialProvider {
  return () => resolveProfile(ctx, profile, []);
}

async function resolveProfile(
  ctx: AssumeRoleContext,
  name: string,
  visited: string[],
): Promise<Credentials | undefined> {
  const config = ctx.profiles[name];
  if (!config) throw new CredentialRetrievalError(`The source profile "${name}" must have credentials.`);
  const roleArn = text(config.role_arn);
  if (!roleArn) return ctx.staticCredentials(name)();
  const sourceProfile = text(config.source_profile);
  const credentialSource = text(config.credential_source);
  if (sourceProfile && credentialSource) {
    throw new CredentialRetrievalError(`The profile "${name}" contains both source_profile and credential_source.`);
  }
  let source: Credentials | undefined;
  if (sourceProfile) {
    if (visited.includes(sourceProfile) && sourceProfile !== name) {
      throw new CredentialRetrievalError(
        `Infinite loop in profile chain: ${[...visited, name, sourceProfile].join(' -> ')}`,
      );
    }
    // A profile that names itself as its source uses its own long-term keys.
    source =
      sourceProfile === name
        ? await ctx.staticCredentials(name)()
        : await resolveProfile(ctx, sourceProfile, [...visited, name]);
    if (!source) throw new CredentialRetrievalError(`The source profile "${sourceProfile}" must have credentials.`);
  } else if (credentialSource) {
    const lower = credentialSource.toLowerCase();
    const provider = lower === 'environment' ? fromEnv(ctx.host.env) : ctx.credentialSources[lower];
    if (!provider) {
      throw new CredentialRetrievalError(
        MACHINE_SOURCES.includes(lower)
          ? `The credential source "${credentialSource}" referenced in profile "${name}" needs the machine's credential service, which cannot be reached from here.`
          : `The credential source "${credentialSource}" referenced in profile "${name}" is not valid.`,
      );
    }
    source = await provider();
    if (!source)
      throw new CredentialRetrievalError(`No credentials found in credential_source referenced in profile ${name}`);
  } else {
    throw partialCredentials('assume-role', 'source_profile or credential_source');
  }
  return assume(ctx, name, config, roleArn, source);
}

async function assume(
  ctx: AssumeRoleContext,
  name: string,
  config: Record<string, ConfigValue>,
  roleArn: string,
  source: Credentials,
): Promise<Credentials> {
  const params: Record<string, unknown> = { RoleArn: roleArn };
  const sessionName = text(config.role_session_name);
  const externalId = text(config.external_id);
  const duration = text(config.duration_seconds);
  const mfaSerial = text(config.mfa_serial);
  if (sessionName) params.RoleSessionName = sessionName;
  if (externalId) params.ExternalId = externalId;
  if (duration) params.DurationSeconds = Number(duration);
  if (mfaSerial) params.SerialNumber = mfaSerial;
  const cacheFile = `${ctx.host.homeDir}/.aws/cli/cache/${await cacheKey(params)}.json`;
  const cachedCredentials = await readCache(ctx.host, cacheFile);
  if (cachedCredentials) return cachedCredentials;
  const call: Record<string, unknown> = {
    ...params,
    RoleSessionName: sessionName ?? `botocore-session-${Math.floor(ctx.host.now().getTime() / 1000)}`,
  };
  if (mfaSerial) {
    if (!ctx.host.prompt)
      throw new CredentialRetrievalError(
        `Profile ${name} needs an MFA code for ${mfaSerial}, and there is no terminal to ask for it`,
      );
    // ERR-12: the prompt names the profile's own mfa_serial.
    call.TokenCode = (await ctx.host.prompt.ask(`Enter MFA code for ${mfaSerial}: `, { secret: true })).trim();
  }
  const response = await ctx.assumeRole(source, call);
  const c = response.Credentials as
    { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date } | undefined;
  if (!c) throw new CredentialRetrievalError(`AssumeRole for profile ${name} returned no credentials`);
  const user = response.AssumedRoleUser as { Arn?: string; AssumedRoleId?: string } | undefined;
  const accountId = arnAccount(user?.Arn);
  // The entry as botocore's JSONFileCache writes it: Expiration in strftime's `%Y-%m-%dT%H:%M:%S%Z`.
  await writeCache(ctx.host, cacheFile, {
    Credentials: {
      AccessKeyId: c.AccessKeyId,
      SecretAccessKey: c.SecretAccessKey,
      SessionToken: c.SessionToken,
      Expiration: `${c.Expiration.toISOString().slice(0, 19)}UTC`,
      ...(accountId ? { AccountId: accountId } : {}),
    },
    ...(user ? { AssumedRoleUser: user } : {}),
  });
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
    accountId,
    source: 'assume-role',
  };
}

/**
 * botocore's cache key: SHA-1 of the AssumeRole arguments as `json.dumps(args, sort_keys=True)` writes
 * them (spaced separators, ASCII escapes), so the AWS CLI and isoaws find each other's entries.
 */
async function cacheKey(params: Record<string, unknown>): Promise<string> {
  const sorted = Object.fromEntries(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
  return sha1Hex(pyJsonDumps(sorted, true));
}

/** The account of an AssumeRole response's `AssumedRoleUser.Arn`, as botocore adds it to the credentials. */
export function arnAccount(arn: unknown): string | undefined {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  return parts.length >= 6 ? parts[4] : undefined;
}

async function readCache(host: Host, path: string): Promise<Credentials | undefined> {
  try {
    const data = JSON.parse(new TextDecoder().decode(await host.fs.readFile(path))) as {
      Credentials?: Record<string, string>;
    };
    const c = data.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration) return undefined;
    // botocore writes `…T12:00:00UTC`; an ISO 8601 `Z` or offset is read too.
    const expiration = new Date(c.Expiration.replace(/UTC$/, 'Z'));
    if (!(expiration.getTime() - host.now().getTime() > REFRESH_BEFORE_MS)) return undefined;
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration,
      accountId: c.AccountId || undefined,
      source: 'assume-role',
    };
  } catch {
    return undefined;
  }
}

async function writeCache(host: Host, path: string, data: unknown): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf('/'));
  try {
    if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir, { mode: 0o700 });
    await host.fs.writeFile(path, pyJsonDumps(data, true), { mode: 0o600 });
  } catch {
    // A cache that cannot be written only costs the next command another AssumeRole.
  }
}

function text(value: ConfigValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
