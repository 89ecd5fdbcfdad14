/**
 * The active profile, read from the shared config and credentials files through the host:
 * `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`),
 * the profile named by `--profile`, else `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`), else `default`.
 * Missing files are empty; a profile asked for by name that neither file has is an error, as in botocore.
 */
import { assumeRoleProvider, type AssumeRoleContext } from '../credentials/assume-role.js';
import { fromProcess } from '../credentials/process.js';
import { fromSso, isSsoProfile, type SsoCalls } from '../credentials/sso.js';
import { fromWebIdentity, type WebIdentityCall } from '../credentials/web-identity.js';
import { chain, partialCredentials } from '../credentials/providers.js';
import type { CredentialProvider } from '../credentials/types.js';
import { IsoawsError } from '../errors.js';
import type { Host } from '../host.js';
import { configProfiles, parseIni, type ConfigFileData, type ConfigSections, type ConfigValue } from './ini.js';
import { bareObject } from '../own.js';

/** A profile named on the command line or in the environment that no file defines (exit 255). */
export class ProfileNotFoundError extends IsoawsError {
  override name = 'ProfileNotFoundError';
  constructor(readonly profile: string) {
    super(`The config profile (${profile}) could not be found`);
  }
}

export interface LoadedProfile {
  name: string;
  /**
   * The profile's settings (`region`, `output`, `role_arn`, nested `s3`, …): its config-file section
   * with the same profile's credentials-file section over it, as botocore merges the two files.
   */
  config: Record<string, ConfigValue>;
  /** The same profile's section of the credentials file. */
  credentials: Record<string, ConfigValue>;
  files: { config: ConfigFileData; credentials: Record<string, Record<string, ConfigValue>> };
}

/** The two shared files: where they are (as written in the environment, and expanded) and their text if they exist. */
export interface SharedFiles {
  configShown: string;
  configPath: string;
  credentialsPath: string;
  configText?: string;
  credentialsText?: string;
}

export async function readSharedFiles(host: Host): Promise<SharedFiles> {
  const configShown = host.env.AWS_CONFIG_FILE || '~/.aws/config';
  const configPath = expandPath(host, configShown);
  const credentialsPath = expandPath(host, host.env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials');
  const [configText, credentialsText] = await Promise.all([
    readOptional(host, configPath),
    readOptional(host, credentialsPath),
  ]);
  return { configShown, configPath, credentialsPath, configText, credentialsText };
}

/**
 * Every profile of both files, a credentials-file section's keys over the config file's profile of the
 * same name (a role's `source_profile`, `configure get`, may name either). Held without prototypes.
 */
export function mergedProfiles(
  config: ConfigFileData,
  credentials: ConfigSections,
): Record<string, Record<string, ConfigValue>> {
  const merged = bareObject<Record<string, ConfigValue>>();
  for (const [name, values] of Object.entries(config.profiles))
    merged[name] = Object.assign(bareObject<ConfigValue>(), values);
  for (const [name, values] of Object.entries(credentials))
    merged[name] = Object.assign(merged[name] ?? bareObject<ConfigValue>(), values);
  return merged;
}

export async function loadProfile(host: Host, requested?: string): Promise<LoadedProfile> {
  const env = host.env;
  const { configPath, credentialsPath, configText, credentialsText } = await readSharedFiles(host);
  const config = configProfiles(configText === undefined ? {} : parseIni(configText, configPath));
  const credentials =
    credentialsText === undefined
      ? bareObject<Record<string, ConfigValue>>()
      : parseIni(credentialsText, credentialsPath);
  // ERR-08: the seed's prose names AWS_DEFAULT_PROFILE, its examples AWS_PROFILE; both are read, AWS_PROFILE first (as v2).
  const explicit = requested ?? (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || undefined);
  const name = explicit ?? 'default';
  if (explicit !== undefined && !config.profiles[name] && !credentials[name]) throw new ProfileNotFoundError(name);
  // ERR-13: so a role profile may live in either file.
  const merged = credentials[name] ? { ...config.profiles[name], ...credentials[name] } : (config.profiles[name] ?? {});
  return { name, config: merged, credentials: credentials[name] ?? {}, files: { config, credentials } };
}

/**
 * The profile's credential sources in botocore's order: an assume-role profile (`role_arn` with a
 * source) or web identity (a token file, the profile's or the environment's), SSO, then long-term keys
 * in the credentials file, `credential_process`, keys in the config file (each only when complete).
 */
/** The service calls the role-based sources make (the caller builds the clients: region, endpoints). */
export interface ProfileCalls {
  assumeRole?: AssumeRoleContext['assumeRole'];
  /** `credential_source` providers beyond the environment (see AssumeRoleContext). */
  credentialSources?: AssumeRoleContext['credentialSources'];
  webIdentity?: WebIdentityCall;
  sso?: SsoCalls;
}

export function profileCredentials(host: Host, profile: LoadedProfile, calls: ProfileCalls = {}): CredentialProvider {
  const { assumeRole, webIdentity, sso, credentialSources = {} } = calls;
  const staticCredentials = (name: string): CredentialProvider => {
    const config = profile.files.config.profiles[name] ?? {};
    const command = config.credential_process;
    return chain(
      keys(profile.files.credentials[name] ?? {}, 'shared-credentials-file'),
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
 * A file path from the environment as botocore opens it: `$NAME` and `${NAME}` replaced from the
 * environment (unknown ones left as written, as Python's expandvars does), then a leading `~`.
 */
function expandPath(host: Host, path: string): string {
  const expanded = path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const value = host.env[name.startsWith('{') ? name.slice(1, -1) : name];
    return value === undefined ? whole : value;
  });
  return expanded === '~' || expanded.startsWith('~/') ? host.homeDir + expanded.slice(1) : expanded;
}

async function readOptional(host: Host, path: string): Promise<string | undefined> {
  const stat = await host.fs.stat(path).catch(() => undefined);
  if (!stat?.isFile) return undefined;
  return new TextDecoder().decode(await host.fs.readFile(path));
}
