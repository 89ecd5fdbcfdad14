/**
 * What the two browser sign-ins with an authorization code share (`sso login` for an sso-session, and
 * `login` for console credentials): PKCE's verifier and challenge (RFC 7636), and the loopback server
 * the browser is sent back to with the code, waited on for at most ten minutes, as the CLI's
 * AuthCodeFetcher waits.
 */
import { createChecksum } from '../checksums/request.js';
import { CredentialRetrievalError } from '../errors.js';
import type { Host } from '../host.js';
import { toBase64 } from '../protocols/shared.js';

/** Where the browser is sent back to, without the server's port. */
export const REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
/** How long the authorization code may take to arrive (the CLI's AuthCodeFetcher). */
const CALLBACK_TIMEOUT_MS = 10 * 60_000;
const EXPIRED =
  'The pending authorization to retrieve an SSO token has expired. The login flow to retrieve an SSO token must be restarted.';
const PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>isoaws sign-in</title></head><body><h1>Request approved</h1><p>isoaws has been given requested permissions. You can close this window and start using isoaws.</p></body></html>';

/** What the redirect brought: both undefined when it carried an error instead of a code. */
export interface Redirect {
  code?: string;
  state?: string;
}

export interface RedirectServer {
  /** `http://127.0.0.1:<port>/oauth/callback`. */
  redirectUri: string;
  /** The first redirect with a code or an error; fails with the CLI's "expired" message after ten minutes. */
  redirect(signal?: AbortSignal): Promise<Redirect>;
  close(): Promise<void>;
}

/** Starts the loopback server (Host.serveLoopback, which the caller has checked is there). */
export async function serveRedirect(host: Host): Promise<RedirectServer> {
  let arrived!: (redirect: Redirect) => void;
  const redirect = new Promise<Redirect>((resolve) => (arrived = resolve));
  const server = await host.serveLoopback!((target) => {
    const query = new URL(target, REDIRECT_URI).searchParams;
    if (query.has('error')) arrived({});
    else if (query.has('code') && query.has('state')) arrived({ code: query.get('code')!, state: query.get('state')! });
    return PAGE;
  });
  return {
    redirectUri: `http://127.0.0.1:${server.port}/oauth/callback`,
    async redirect(signal) {
      const timeout = host.sleep(CALLBACK_TIMEOUT_MS, signal).then(() => undefined);
      const got = await Promise.race([redirect, timeout]);
      if (!got) throw new CredentialRetrievalError(EXPIRED);
      return got;
    },
    close: () => server.close(),
  };
}

/** A PKCE verifier (64 characters) and its S256 challenge, base64url without padding as the CLIs send it. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomText(64);
  const sha256 = await createChecksum('SHA256');
  sha256.update(new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(sha256.digest()) };
}

export function base64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Characters of RFC 7636's unreserved set from the platform's cryptographic source: a verifier or a state no one can guess. */
export function randomText(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  // Bytes from 198 up are dropped, so that each of the 66 characters is equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length)
    for (const b of globalThis.crypto.getRandomValues(new Uint8Array(length)))
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
  return out;
}
