/**
 * The package entry for browsers (`exports` → `browser` condition): the same API as the Node entry over
 * the web host. A page has no environment; a client resolves its settings from the options and from the
 * web host's in-memory `~/.aws` files, as the CLI would.
 */
import { createWebHost as createNetworkHost } from './adapters/web/host.js';
import { packageApi } from './entry.js';

export { createWebHost } from './web-host.js';

// The network host, not createWebHost: a page that only makes clients then carries none of the sandbox.
export const { createClient, createCli, createShell } = packageApi(
  () => createNetworkHost(),
  async () => (await import('./sandbox/web-kept.js')).indexedDbStore(),
);

export * from './package-surface.js';
