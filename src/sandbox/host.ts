/**
 * A Host that talks to the sandbox instead of the network: the same host in every other respect (files,
 * prompts, output), with the sandbox's keys and region as the last step of their chains, so a learner
 * with nothing configured is signed in as the sandbox account's root, and a configured profile still wins.
 */
import type { Host } from '../core/host.js';
import { sandboxDefaults } from './identity.js';
import type { Sandbox } from './sandbox.js';
import { fileStore, memoryStore, type SandboxStore } from './store.js';

/** Where the sandbox keeps its files on a host with a home directory. */
export function sandboxDir(host: Host): string {
  return host.env.ISOAWS_SANDBOX_DIR || `${host.homeDir}/.isoaws/sandbox`;
}

/** The store a host's sandbox uses: `files` under sandboxDir, or `memory` (gone with the process). */
export function sandboxStore(host: Host, kind: 'files' | 'memory'): SandboxStore {
  return kind === 'memory' ? memoryStore() : fileStore(host.fs, sandboxDir(host));
}

/**
 * The sandbox over `store`, with the host's clock, randomness, models and hashing. Its code loads on the
 * first request, so a client or CLI run that never sends one pays nothing for it.
 */
export function hostSandbox(host: Host, store: SandboxStore): Sandbox {
  let sandbox: Promise<Sandbox> | undefined;
  const load = () =>
    (sandbox ??= import('./sandbox.js').then(({ createSandbox }) =>
      createSandbox({
        store,
        models: host.models,
        now: () => host.now(),
        random: () => host.random(),
        ...(host.sha256 ? { sha256: host.sha256 } : {}),
      }),
    ));
  return { store, send: async (req, opts) => (await load()).send(req, opts) };
}

/**
 * Marks a host made by withSandbox with its sandbox. A symbol key, because hosts are copied with spread
 * (`{ ...host, stdout }`), which keeps it: a command given such a copy still finds the sandbox and its store.
 */
const SANDBOX = Symbol('isoaws.sandbox');

/** The sandbox answering `host`'s requests, if withSandbox made it. */
export function sandboxOf(host: Host): Sandbox | undefined {
  return (host as Host & { [SANDBOX]?: Sandbox })[SANDBOX];
}

/** `host` with every request answered by `sandbox`. */
export function withSandbox(host: Host, sandbox: Sandbox): Host {
  const sandboxed: Host & { [SANDBOX]: Sandbox } = {
    ...host,
    [SANDBOX]: sandbox,
    send: (req, opts) => sandbox.send(req, opts),
    // Instance metadata and container endpoints are the machine's, not the sandbox's: never asked.
    machineCredentials: false,
    defaults: sandboxDefaults(),
  };
  return sandboxed;
}
