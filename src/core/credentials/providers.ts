/**
 * The credential providers the engine needs without any configuration files: static keys, the
 * environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), a chain that takes
 * the first provider that answers, and a cache that refreshes temporary credentials before they
 * expire so a long-lived client (the REPL) keeps working. The file- and network-based providers of the
 * full chain build on these.
 */
import { CredentialRetrievalError, CredentialsError } from '../errors.js';
import type { CredentialProvider, Credentials } from './types.js';

/** Refresh this long before expiry, as botocore's advisory refresh window does (15 minutes). */
export const REFRESH_BEFORE_MS = 15 * 60_000;

export function fromStatic(credentials: Credentials): CredentialProvider {
  return async () => credentials;
}

export function fromEnv(env: Readonly<Record<string, string | undefined>>): CredentialProvider {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    // As botocore: a key ID without its secret stops the chain rather than falling through to other keys.
    if (!accessKeyId) return undefined;
    if (!secretAccessKey) throw partialCredentials('env', 'AWS_SECRET_ACCESS_KEY');
    const sessionToken = env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN || undefined;
    return { accessKeyId, secretAccessKey, sessionToken, accountId: env.AWS_ACCOUNT_ID || undefined, source: 'env' };
  };
}

/** The first provider that returns credentials wins; later ones are not consulted. */
export function chain(...providers: CredentialProvider[]): CredentialProvider {
  return async () => {
    for (const provider of providers) {
      const found = await provider();
      if (found) return found;
    }
    return undefined;
  };
}

/**
 * Memoizes a provider. Credentials without `expiration` are kept for good; temporary ones are fetched
 * again once `now()` is within REFRESH_BEFORE_MS of expiry. Concurrent callers share one fetch.
 */
export function cached(provider: CredentialProvider, now: () => Date): CredentialProvider {
  let current: Credentials | undefined;
  let pending: Promise<Credentials | undefined> | undefined;
  const fresh = (c: Credentials) => !c.expiration || c.expiration.getTime() - now().getTime() > REFRESH_BEFORE_MS;
  return async () => {
    if (current && fresh(current)) return current;
    pending ??= provider().then(
      (c) => {
        current = c;
        pending = undefined;
        return c;
      },
      (e) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
}

/** botocore's PartialCredentialsError (exit 255). */
export function partialCredentials(provider: string, missing: string): CredentialRetrievalError {
  return new CredentialRetrievalError(`Partial credentials found in ${provider}, missing: ${missing}`);
}

/** Resolves credentials or fails with the AWS CLI's message. */
export async function requireCredentials(provider: CredentialProvider): Promise<Credentials> {
  const credentials = await provider();
  if (!credentials)
    throw new CredentialsError(
      'Unable to locate credentials. You can configure credentials by running "aws configure".',
    );
  return credentials;
}
