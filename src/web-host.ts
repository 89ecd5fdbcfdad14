/**
 * `createWebHost`, the browser's Host as the package exports it. A module of its own, so that a page
 * that only makes clients (index.web.ts) never carries the sandbox this one imports.
 */
import { createWebHost as createNetworkHost, type WebHostOptions } from './adapters/web/host.js';
import type { Host } from './core/host.js';
import { indexedDbStore } from './sandbox/idb-store.js';
import { hostSandbox, withSandbox } from './sandbox/host.js';

/**
 * The browser's Host. `backend: 'sandbox'` answers every request from the sandbox, the offline AWS in
 * the page, its state kept in IndexedDB across reloads; the default sends requests with fetch.
 */
export function createWebHost(options: WebHostOptions & { backend?: 'fetch' | 'sandbox' } = {}): Host {
  const host = createNetworkHost(options);
  return options.backend === 'sandbox' ? withSandbox(host, hostSandbox(host, indexedDbStore())) : host;
}
