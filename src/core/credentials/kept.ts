/**
 * Credentials kept by a long-lived caller (the shell, a library client): each chain (one per profile and
 * its settings, see core/session.ts) resolves once and is reused by every call after it. Temporary credentials (assume-role, SSO, instance
 * roles, credential_process with an Expiration) are fetched again in the background before the
 * engine would consider them stale, so a command never waits for a refresh; a failed background
 * refresh is dropped and the next command resolves them itself, reporting the error. `clear()` (a
 * profile switch) forgets every chain and its timer.
 */
import { REFRESH_BEFORE_MS } from './providers.js';
import type { CredentialProvider, Credentials } from './types.js';

/** Runs `fn` after `ms`; returns the cancel function. Injected so tests need not wait. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface CredentialCache {
  /** The chain kept under `key`, else `make()`'s, kept from now on (see SessionOptions.keep). */
  credentials(key: string, make: () => CredentialProvider): CredentialProvider;
  /** Forgets every chain and its refresh timer (a profile switch). */
  clear(): void;
}

/** How long before the engine's own refresh point the background refresh runs. */
const AHEAD_MS = 60_000;

export function createCredentialCache(now: () => Date, schedule: Schedule = unrefTimer): CredentialCache {
  const chains = new Map<string, { provider: CredentialProvider; cancel(): void }>();
  return {
    credentials(key, make) {
      let entry = chains.get(key);
      if (!entry) {
        entry = refreshing(make(), now, schedule);
        chains.set(key, entry);
      }
      return entry.provider;
    },
    clear() {
      for (const entry of chains.values()) entry.cancel();
      chains.clear();
    },
  };
}

/**
 * A provider that keeps what it found (none found is kept too: the chain is only tried again when its
 * key — the profile or its files — changes) and refreshes temporary credentials ahead of time.
 */
function refreshing(
  source: CredentialProvider,
  now: () => Date,
  schedule: Schedule,
): { provider: CredentialProvider; cancel(): void } {
  let current: { value: Credentials | undefined } | undefined;
  let pending: Promise<Credentials | undefined> | undefined;
  let cancel = () => {};
  const stale = (c: Credentials | undefined) =>
    c?.expiration !== undefined && c.expiration.getTime() - now().getTime() <= REFRESH_BEFORE_MS;
  const fetch = () =>
    (pending ??= source().then(
      (value) => {
        current = { value };
        pending = undefined;
        if (value?.expiration) {
          cancel();
          // setTimeout takes at most 2^31-1 ms (about 24 days); longer-lived credentials are fetched then.
          const wait = Math.min(
            2 ** 31 - 1,
            Math.max(0, value.expiration.getTime() - now().getTime() - REFRESH_BEFORE_MS - AHEAD_MS),
          );
          cancel = schedule(() => {
            fetch().catch(() => {
              /* the next command resolves and reports */
            });
          }, wait);
        }
        return value;
      },
      (err) => {
        pending = undefined;
        throw err;
      },
    ));
  return {
    provider: async () => (current && !stale(current.value) ? current.value : fetch()),
    cancel: () => cancel(),
  };
}

function unrefTimer(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  // A pending refresh must not keep the process alive after the shell has ended.
  timer.unref?.();
  return () => clearTimeout(timer);
}
