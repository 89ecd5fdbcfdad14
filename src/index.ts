/**
 * The package entry for Node: `import { createClient } from 'isoaws'`. The package's API (entry.ts) over
 * the Node host, whose files are ~/.aws and whose environment is the process's.
 */
import { createNodeHost } from './adapters/node/host.js';
import { packageApi } from './entry.js';

export const { createClient, createCli, createShell } = packageApi(createNodeHost, async (host) =>
  (await import('./sandbox/host.js')).sandboxStore(host, 'files'),
);

export * from './package-surface.js';
