/**
 * The endpoint URL configured for one service outside the command line (seed 003), highest first:
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the service's `endpoint_url` in the `[services x]`
 * section the profile names, the profile's `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
 * ignores all of these; the profile's `ignore_configured_endpoint_urls = true` only the files' (so
 * the environment still counts), as seed 003 words it (END-10, END-11) — botocore 1.43 lets the
 * profile key hide the environment's URLs too. The variable, when set, decides over the profile key
 * (`false` there keeps the files' URLs), as every setting's environment beats its profile. The seed
 * spells the key `ignore_configure_endpoint_urls`; both are accepted (decision ERR-21).
 * `--endpoint-url` beats everything and is applied by the caller.
 */
import { IsoawsError } from '../errors.js';
import type { ConfigValue } from './ini.js';

export interface EndpointSources {
  /** The service's environment id (`STS`, `ELASTIC_BEANSTALK`), from the model index. */
  envId: string;
  env: Readonly<Record<string, string | undefined>>;
  profile: Record<string, ConfigValue>;
  services: Record<string, Record<string, ConfigValue>>;
}

export function configuredEndpoint({ envId, env, profile, services }: EndpointSources): string | undefined {
  const fromVariable = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS || undefined;
  const ignoreAll = isTrue(fromVariable);
  const ignoreFiles =
    fromVariable !== undefined
      ? ignoreAll
      : isTrue(text(profile.ignore_configured_endpoint_urls) ?? text(profile.ignore_configure_endpoint_urls));
  if (!ignoreAll) {
    // ERR-24: the numbered precedence wins over the prose: the global variable beats a services section.
    const fromEnv = env[`AWS_ENDPOINT_URL_${envId}`] || env.AWS_ENDPOINT_URL;
    if (fromEnv) return fromEnv;
  }
  if (ignoreFiles) return undefined;
  const sectionName = text(profile.services);
  const section = sectionName !== undefined ? services[sectionName] : undefined;
  // A profile naming a section no file has (seed ERR-20): botocore's InvalidConfigError, raised only
  // when the lookup gets this far, so an environment URL above still wins.
  if (sectionName !== undefined && !section) {
    throw new IsoawsError(
      `The profile is configured to use the services section but the "${sectionName}" services configuration does not exist.`,
    );
  }
  const block = section?.[envId.toLowerCase()];
  const fromSection = typeof block === 'object' ? block.endpoint_url : undefined;
  return fromSection || text(profile.endpoint_url) || undefined;
}

function text(value: ConfigValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
