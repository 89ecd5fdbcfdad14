/**
 * A host answered by the sandbox, made without loading any of it: `createClient({ sandbox })` returns at
 * once, and the store and the sandbox's host load with the first request, so a program that makes its
 * client early and calls later pays for the sandbox only then.
 */
import type { Host } from '../core/host.js';
import { sandboxDefaults } from './identity.js';
import type { SandboxStore } from './store.js';

export function deferredSandboxHost(host: Host, store: () => Promise<SandboxStore>): Host {
  let sandboxed: Promise<Host> | undefined;
  const load = () =>
    (sandboxed ??= Promise.all([import('./host.js'), store()]).then(([{ hostSandbox, withSandbox }, kept]) =>
      withSandbox(host, hostSandbox(host, kept)),
    ));
  return {
    ...host,
    send: async (req, opts) => (await load()).send(req, opts),
    // As withSandbox: the machine's credential endpoints are never asked, and the sandbox's keys come last.
    machineCredentials: false,
    defaults: sandboxDefaults(),
  };
}
