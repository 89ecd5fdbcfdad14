/** Where the AWS CLI keeps cached credentials and SSO tokens, named as it names them (SHA-1 hex keys). */
import { toHex } from '../hex.js';
import type { Host } from '../host.js';

export async function sha1Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(value));
  return toHex(new Uint8Array(digest));
}

/** `~/.aws/sso/cache/<sha1 of the session name, or of the start URL for legacy profiles>.json`. */
export async function ssoTokenPath(host: Host, key: string): Promise<string> {
  return `${host.homeDir}/.aws/sso/cache/${await sha1Hex(key)}.json`;
}
