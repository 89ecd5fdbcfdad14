/**
 * `aws` in the shell's JavaScript: the library's client (`aws.send('s3', 'ListBuckets')`,
 * `aws.s3.listBuckets()`, `aws.paginate`, `aws.waitFor`, `aws.presign`) with the settings a CLI command
 * would have now — the session's profile and region over the environment and files, each service's
 * configured endpoint — and the shell's kept credentials. A call takes the running line's AbortSignal
 * unless given one, so Ctrl-C cancels it.
 */
import { createClient, type Client } from '../core/client.js';
import type { CallOptions } from '../core/invoke.js';
import type { WireEvent } from '../core/client-config.js';
import type { Host } from '../core/host.js';
import type { CliSession } from '../cli/context.js';
import { parseGlobals } from '../cli/globals.js';
import { globalSessionOptions } from '../cli/session.js';
import { sessionSettings } from '../core/session.js';

export type SessionClient = Pick<Client, 'send' | 'paginate' | 'presign' | 'waitFor'> & {
  readonly [service: string]: unknown;
};

export function createSessionClient(
  host: Host,
  globalArgs: readonly string[],
  session: CliSession,
  signal: () => AbortSignal | undefined,
  onWire?: (event: WireEvent) => void,
): SessionClient {
  const client = createClient(
    host,
    sessionSettings(host, {
      ...globalSessionOptions(parseGlobals(globalArgs)),
      keep: (key, make) => session.credentials(key, make),
      onWire,
    }),
  );
  const withSignal = <T extends CallOptions>(opts?: T) => ({ signal: signal(), ...opts }) as T;
  const api = {
    send: (service: string, operation: string, params?: Record<string, unknown>, opts?: CallOptions) =>
      client.send(service, operation, params, withSignal(opts)),
    presign: (service: string, operation: string, params?: Record<string, unknown>, opts?: { expiresIn?: number }) =>
      client.presign(service, operation, params, opts),
    paginate: (
      service: string,
      operation: string,
      params?: Record<string, unknown>,
      opts?: Parameters<Client['paginate']>[3],
    ) => client.paginate(service, operation, params, withSignal(opts)),
    waitFor: (
      service: string,
      waiter: string,
      params?: Record<string, unknown>,
      opts?: Parameters<Client['waitFor']>[3],
    ) => client.waitFor(service, waiter, params, withSignal(opts)),
  };
  return new Proxy(api, {
    get(target, prop, receiver) {
      if (typeof prop !== 'string' || prop in target || prop === 'then') return Reflect.get(target, prop, receiver);
      // `aws.dynamodb.listTables(params)`: the client's own sugar, with the running line's signal.
      return new Proxy(
        {},
        {
          get(_t, op) {
            if (typeof op !== 'string' || op === 'then') return undefined;
            return (params?: Record<string, unknown>, opts?: CallOptions) =>
              (client[prop] as Record<string, (p?: unknown, o?: CallOptions) => Promise<unknown>>)[op]!(
                params,
                withSignal(opts),
              );
          },
        },
      );
    },
  }) as SessionClient;
}
