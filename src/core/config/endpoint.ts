/**
 * The endpoint URL configured for one service outside the command line (seed 003), highest first:
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the service's `endpoint_url` in the `[services x]`
 * section the profile names, the profile's `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
 * ignores all of these; the profile's `ignore_configured_endpoint_urls = true` only the files' (so
 * the environment still counts). The seed spells that key `ignore_configure_endpoint_urls`; both are
 * accepted (decision ERR-21). `--endpoint-url` beats everything and is applied by the caller.
 */
import type { ConfigValue } from './ini.js';

export interface EndpointSources {
  /** The service's environment id (`STS`, `ELASTIC_BEANSTALK`), from the model index. */
  envId: string;
  env: Readonly<Record<string, string | undefined>>;
  profile: Record<string, ConfigValue>;
  services: Record<string, Record<string, ConfigValue>>;
}

export function configuredEndpoint({ envId, env, profile, services }: EndpointSources): string | undefined {
  const ignoreAll = isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS);
  const ignoreFiles = ignoreAll || isTrue(text(profile.ignore_configured_endpoint_urls) ?? text(profile.ignore_configure_endpoint_urls));
  if (!ignoreAll) {
    const fromEnv = env[`AWS_ENDPOINT_URL_${envId}`] || env.AWS_ENDPOINT_URL;
    if (fromEnv) return fromEnv;
  }
  if (ignoreFiles) return undefined;
  const sectionName = text(profile.services);
  const block = sectionName !== undefined ? services[sectionName]?.[envId.toLowerCase()] : undefined;
  const fromSection = typeof block === 'object' ? block.endpoint_url : undefined;
  return fromSection || text(profile.endpoint_url) || undefined;
}

function text(value: ConfigValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
