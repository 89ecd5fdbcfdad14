/**
 * Client settings from environment variables, for callers of the JS API who pass no options
 * (`createClient()` in a Lambda or CI job). The CLI resolves the full precedence of options,
 * environment and config files itself; this covers only the variables, in the AWS CLI's spelling.
 */
import type { ClientConfig } from './client-config.js';
import { settingsConfig } from './config/settings.js';
import { fromEnv } from './credentials/providers.js';

export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ClientConfig {
  const config: ClientConfig = { ...settingsConfig(env), credentials: fromEnv(env) };
  if (env.AWS_ENDPOINT_URL && !isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)) config.endpointUrl = env.AWS_ENDPOINT_URL;
  return config;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}
