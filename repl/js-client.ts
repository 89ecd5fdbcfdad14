/**
 * `aws` in the shell's JavaScript: the JS API (`aws.send('s3', 'ListBuckets')`, `aws.s3.listBuckets()`,
 * `aws.paginate`, `aws.waitFor`, `aws.presign`) with the settings a CLI command would have now — the
 * session's profile and region over the environment and files, each service's configured endpoint
 * (`AWS_ENDPOINT_URL_S3`, `[services]`) — and the session's credentials. One engine client per
 * service, made on first use. A call takes the running line's AbortSignal unless given one, so Ctrl-C
 * cancels it.
 */
import { createClient, type Client } from '../src/core/client.js';
import type { CallOptions } from '../src/core/invoke.js';
import type { Host } from '../src/core/host.js';
import { loadProfile } from '../src/core/config/profile.js';
import type { CliSession } from '../src/cli/context.js';
import { parseGlobals } from '../src/cli/globals.js';
import { clientConfig } from '../src/cli/session.js';

export type SessionClient = Pick<Client, 'send' | 'paginate' | 'presign' | 'waitFor'> & { readonly [service: string]: unknown };

export function createSessionClient(host: Host, globalArgs: readonly string[], session: CliSession, signal: () => AbortSignal | undefined): SessionClient {
  const clients = new Map<string, Promise<Client>>();
  const clientFor = (service: string): Promise<Client> => {
    let client = clients.get(service);
    if (!client) {
      client = (async () => {
        const index = await host.models.index();
        const entry = index.find((s) => s.name === service);
        const globals = parseGlobals(globalArgs);
        const profile = await loadProfile(host, globals.profile);
        const ctx = { host, globals, terminalWidth: 80, color: false, session };
        // An unknown service name gets an engine client that reports it on the call, as createClient does.
        return createClient(host, clientConfig(ctx, profile, entry?.envId ?? service.toUpperCase()));
      })();
      client.catch(() => clients.delete(service));
      clients.set(service, client);
    }
    return client;
  };
  const withSignal = <T extends CallOptions>(opts?: T) => ({ signal: signal(), ...opts }) as T;
  const api = {
    send: async (service: string, operation: string, params?: Record<string, unknown>, opts?: CallOptions) => (await clientFor(service)).send(service, operation, params, withSignal(opts)),
    presign: async (service: string, operation: string, params?: Record<string, unknown>, opts?: { expiresIn?: number }) => (await clientFor(service)).presign(service, operation, params, opts),
    async *paginate(service: string, operation: string, params?: Record<string, unknown>, opts?: Parameters<Client['paginate']>[3]) {
      yield* (await clientFor(service)).paginate(service, operation, params, withSignal(opts));
    },
    waitFor: async (service: string, waiter: string, params?: Record<string, unknown>, opts?: Parameters<Client['waitFor']>[3]) => (await clientFor(service)).waitFor(service, waiter, params, withSignal(opts)),
  };
  return new Proxy(api, {
    get(target, prop, receiver) {
      if (typeof prop !== 'string' || prop in target || prop === 'then') return Reflect.get(target, prop, receiver);
      // `aws.dynamodb.listTables(params)`: the engine client's own sugar, reached through this service's client.
      return new Proxy({}, {
        get(_t, op) {
          if (typeof op !== 'string' || op === 'then') return undefined;
          return async (params?: Record<string, unknown>, opts?: CallOptions) => ((await clientFor(prop))[prop] as Record<string, (p?: unknown, o?: CallOptions) => Promise<unknown>>)[op]!(params, withSignal(opts));
        },
      });
    },
  }) as SessionClient;
}
