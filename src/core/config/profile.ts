/**
 * The active profile, read from the shared config and credentials files through the host:
 * `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`),
 * the profile named by `--profile`, else `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`), else `default`.
 * Missing files are empty; a profile asked for by name that neither file has is an error, as in botocore.
 */
import { IsoawsError } from '../errors.js';
import type { Host } from '../host.js';
import { expandPath } from '../local-paths.js';
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

async function readOptional(host: Host, path: string): Promise<string | undefined> {
  const stat = await host.fs.stat(path).catch(() => undefined);
  if (!stat?.isFile) return undefined;
  return new TextDecoder().decode(await host.fs.readFile(path));
}
