/**
 * `createWebHost()`: the browser's Host — fetch transport, in-memory files, models imported as Vite
 * chunks, and output written to callbacks the page renders. No environment variables exist in a page;
 * settings come from the options.
 */
import type { Host, ModelSource, Writer } from '../../core/host.js';
import { createFetchTransport } from './http.js';
import { createMemoryFs } from './fs.js';
import { createWebModelSource } from './models.js';

export interface WebHostOptions {
  env?: Record<string, string | undefined>;
  models?: ModelSource;
  stdout?: Writer;
  stderr?: Writer;
  fetch?: typeof fetch;
}

export function createWebHost(opts: WebHostOptions = {}): Host {
  const discard: Writer = { write() {} };
  return {
    send: createFetchTransport(opts.fetch),
    fs: createMemoryFs(),
    env: opts.env ?? {},
    homeDir: '/home/user',
    now: () => new Date(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
    }),
    random: Math.random,
    models: opts.models ?? createWebModelSource(),
    stdout: opts.stdout ?? discard,
    stderr: opts.stderr ?? discard,
  };
}
