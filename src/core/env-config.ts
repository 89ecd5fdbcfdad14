/**
 * Client settings from environment variables, for callers of the JS API who pass no options
 * (`createClient()` in a Lambda or CI job). The CLI resolves the full precedence of options,
 * environment and config files itself; this covers only the variables, in the AWS CLI's spelling.
 */
import type { ClientConfig } from './client-config.js';
import { fromEnv } from './credentials/providers.js';
import type { RetryMode } from './retry.js';

export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ClientConfig {
  const config: ClientConfig = { credentials: fromEnv(env) };
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) config.region = region;
  if (env.AWS_ENDPOINT_URL && !isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)) config.endpointUrl = env.AWS_ENDPOINT_URL;
  const attempts = Number(env.AWS_MAX_ATTEMPTS);
  if (Number.isInteger(attempts) && attempts > 0) config.maxAttempts = attempts;
  const mode = env.AWS_RETRY_MODE;
  if (mode === 'standard' || mode === 'legacy' || mode === 'adaptive') config.retryMode = mode as RetryMode;
  if (isTrue(env.AWS_USE_FIPS_ENDPOINT)) config.useFipsEndpoint = true;
  if (isTrue(env.AWS_USE_DUALSTACK_ENDPOINT)) config.useDualstackEndpoint = true;
  if (env.AWS_CA_BUNDLE) config.caBundle = env.AWS_CA_BUNDLE;
  return config;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}
