/**
 * The store a page's `createClient({ sandbox: true })` keeps its state in: IndexedDB. index.web.ts
 * imports this module when such a client first sends. It only re-exports idb-store.ts, which web-host.ts
 * imports statically: a bundler never splits off a module that is imported both ways, so a page that
 * makes only network clients would carry the store.
 */
export { indexedDbStore } from './idb-store.js';
