/**
 * `createClient(host, settings)`: the JS API over the request path. Services are loaded lazily, once per
 * client, and of a model only what the operations called need; `send` calls an operation by its modeled
 * name, `paginate` and `waitFor` follow the service's paginators and waiters, and
 * `client.dynamodb.listTables({})` is sugar for `client.send('dynamodb', 'ListTables', {})`. Settings are
 * the same for every service, or resolved for each service when it is first used (a profile's, with the
 * service's own configured endpoint).
 */
import type { ClientConfig } from './client-config.js';
import { cached, fromStatic } from './credentials/providers.js';
import type { CredentialProvider } from './credentials/types.js';
import { UnknownNameError } from './errors.js';
import type { Host } from './host.js';
import {
  invoke,
  presign,
  type CallOptions,
  type CallOutput,
  type InvokeEnv,
  type LoadedService,
  type PresignOptions,
} from './invoke.js';
import { quirksFor } from './quirks.js';
import { envIdOf } from './model/env-id.js';
import { operationNamesOf } from './model/shapes.js';
import type { ServiceBundle } from './model/types.js';
import { getOwn } from './own.js';
import { loadProtocol, selectProtocol } from './protocols/index.js';
import { createRetryStrategy } from './retry.js';
import type { PaginateOptions } from './pagination.js';
import type { WaitOptions } from './waiters.js';
import type {
  Dynamic,
  Mode,
  OperationInput,
  OperationName,
  OperationOutput,
  PaginatedName,
  ParamsAndOptions,
  ServiceName,
  TypedServices,
  WaiterName,
} from './typed-client.js';

/**
 * The JS API. For a service the program has named (`import type {} from '@isoaws/types/s3'`), its
 * operations are typed methods (`aws.s3.putObject`) and `send`, `paginate` and `waitFor` check names and
 * parameters; any service and operation can still be called by name, untyped, for dynamic use.
 */
export interface Client<M extends Mode = 'plain'> extends TypedServices<M> {
  /** Calls `operation` (modeled name, e.g. `ListTables`) of `service` (botocore name, e.g. `dynamodb`). */
  send<S extends ServiceName, O extends OperationName<S>>(
    service: S,
    operation: O,
    ...args: ParamsAndOptions<OperationInput<S, O, M>, CallOptions>
  ): Promise<OperationOutput<S, O, M>>;
  send<S extends string>(
    service: Dynamic<S>,
    operation: string,
    params?: Record<string, unknown>,
    opts?: CallOptions,
  ): Promise<CallOutput>;
  /** Pages of a paginated operation, following the service's `paginators-1.json`. */
  paginate<S extends ServiceName, O extends PaginatedName<S>>(
    service: S,
    operation: O,
    ...args: ParamsAndOptions<OperationInput<S, O, M>, PaginateOptions & CallOptions>
  ): AsyncGenerator<OperationOutput<S, O, M>>;
  paginate<S extends string>(
    service: Dynamic<S>,
    operation: string,
    params?: Record<string, unknown>,
    opts?: PaginateOptions & CallOptions,
  ): AsyncGenerator<CallOutput>;
  /** A presigned URL for the call (S3 GetObject, STS GetCallerIdentity, …), valid for `expiresIn` seconds (default 3600, at most a week). */
  presign(service: string, operation: string, params?: Record<string, unknown>, opts?: PresignOptions): Promise<string>;
  /** Polls until the waiter's success state; throws WaiterError on failure or timeout. */
  waitFor<S extends ServiceName>(
    service: S,
    waiter: WaiterName<S>,
    params?: Record<string, unknown>,
    opts?: WaitOptions & CallOptions,
  ): Promise<CallOutput | undefined>;
  waitFor<S extends string>(
    service: Dynamic<S>,
    waiter: string,
    params?: Record<string, unknown>,
    opts?: WaitOptions & CallOptions,
  ): Promise<CallOutput | undefined>;
  /**
   * The loaded service (bundle, protocol), for the CLI's argument tables and help: its whole model, or,
   * given `operations`, at least theirs (the bundle's `operationNames` lists every operation either way).
   */
  service(name: string, operations?: readonly string[]): Promise<LoadedService>;
  /** The settings given, when they are the same for every service; `{}` when each service resolves its own. */
  readonly config: Readonly<ClientConfig>;
  readonly host: Host;
  /** `client.s3.listBuckets({})`: camelCase operation names under the botocore service name. */
  readonly [service: string]: unknown;
}

/**
 * A client's settings: one ClientConfig for every service, or a function giving each service's on its
 * first use (`name` its botocore name, `envId` its id in AWS_ENDPOINT_URL_<envId>).
 */
export type ClientSettings = ClientConfig | ((service: { name: string; envId: string }) => Promise<ClientConfig>);

export function createClient(host: Host, settings: ClientSettings = {}): Client {
  const config: ClientConfig = typeof settings === 'function' ? {} : settings;
  const resolve = typeof settings === 'function' ? settings : undefined;
  // One environment (credentials, clock offset) for all services when the settings are shared.
  const shared = resolve ? undefined : newEnv(host, config);
  const services = new Map<
    string,
    Promise<{ svc: LoadedService; env: InvokeEnv; raw: ServiceBundle; whole: boolean }>
  >();

  /** A service with its header read (metadata, endpoint rules, exceptions), none of its operations yet. */
  const loaded = (name: string) => {
    let found = services.get(name);
    if (!found) {
      found = (async () => {
        // The partitions, which a call's endpoint needs, are asked for beside the model: a page fetches
        // the two at once, not one after the other. A failure is the call's to report, when it asks again.
        host.models.partitions().catch(() => undefined);
        // The model first: it names the service's environment id, and an unknown name fails here.
        const raw = await host.models.load(name, []);
        const env = shared ?? newEnv(host, await resolve!({ name, envId: envIdOf(raw.metadata) }));
        return { svc: await loadService(host, env.config, name, raw), env, raw, whole: false };
      })();
      found.catch(() => services.delete(name));
      services.set(name, found);
    }
    return found;
  };

  /**
   * The service with `operations` read (every operation without): a call reads its operation's part of
   * the model the first time it is made. Each operation joins the service's rewritten by its quirks.
   */
  const ready = async (name: string, operations?: readonly string[]) => {
    const state = await loaded(name);
    const { svc, raw } = state;
    const ops = svc.bundle.operations;
    if (state.whole || operations?.every((op) => Object.hasOwn(ops, op))) return state;
    await host.models.load(name, operations);
    const wanted = operations ?? Object.keys(raw.operations);
    for (const op of wanted) {
      const def = getOwn(raw.operations, op);
      if (def && !Object.hasOwn(ops, op))
        ops[op] = quirksFor(name, op).reduce((o, q) => (q.operation ? q.operation(o) : o), def);
    }
    // The whole model in its own order, for the CLI's listings.
    if (!operations) {
      for (const op of wanted) {
        const def = ops[op];
        if (def) {
          delete ops[op];
          ops[op] = def;
        }
      }
      state.whole = true;
    }
    return state;
  };
  const service = async (name: string, operations?: readonly string[]) => (await ready(name, operations)).svc;

  /**
   * One call; in DynamoDB's document mode, with plain JS values in and out (dynamodb-document.ts, loaded
   * only in that mode).
   */
  const call = async (env: InvokeEnv, svc: LoadedService, operation: string, params: object, opts?: CallOptions) => {
    if (svc.name !== 'dynamodb' || !env.config.dynamodb?.document)
      return invoke(env, svc, operation, params as Record<string, unknown>, opts);
    const { convertDocument } = await import('./dynamodb-document.js');
    const shapes = svc.bundle.operations[operation];
    const input = convertDocument(svc.bundle, shapes?.input?.shape, params, false) as Record<string, unknown>;
    const output = await invoke(env, svc, operation, input, opts);
    return convertDocument(svc.bundle, shapes?.output?.shape, output, true) as CallOutput;
  };
  const send = async (name: string, operation: string, params: object = {}, opts?: CallOptions) => {
    const { svc, env } = await ready(name, [operation]);
    return call(env, svc, operation, params, opts);
  };
  const presignCall: Client['presign'] = async (name, operation, params = {}, opts) => {
    const { svc, env } = await ready(name, [operation]);
    return presign(env, svc, operation, params, opts);
  };

  const api = {
    config,
    host,
    service,
    send,
    presign: presignCall,
    async *paginate(
      name: string,
      operation: string,
      params: Record<string, unknown> = {},
      opts: PaginateOptions & CallOptions = {},
    ) {
      const { svc, env } = await ready(name, [operation]);
      const paginator = getOwn(svc.bundle.paginators, operation);
      if (!paginator) throw new UnknownNameError(`Operation ${operation} of ${name} cannot be paginated`);
      // Paging and waiting (and the JMESPath they evaluate) load when first used: a page that only calls
      // does not download them.
      const { paginate: paginatePages } = await import('./pagination.js');
      const { readTimestamp } = opts;
      yield* paginatePages((p, signal) => call(env, svc, operation, p, { signal, readTimestamp }), paginator, params, {
        ...opts,
        signal: opts.signal,
      }) as AsyncGenerator<CallOutput>;
    },
    async waitFor(
      name: string,
      waiterName: string,
      params: Record<string, unknown> = {},
      opts: WaitOptions & CallOptions = {},
    ) {
      const { svc, env } = await loaded(name);
      const waiter = getOwn(svc.bundle.waiters, waiterName);
      if (!waiter) throw new UnknownNameError(`Unknown waiter ${waiterName} for service ${name}`);
      await ready(name, [waiter.operation]);
      const { waitFor: waitForState } = await import('./waiters.js');
      const { readTimestamp } = opts;
      return waitForState(
        (p, signal) => call(env, svc, waiter.operation, p, { signal, readTimestamp }),
        waiterName,
        waiter,
        params,
        { sleep: (ms, signal) => host.sleep(ms, signal), ...opts },
      ) as Promise<CallOutput | undefined>;
    },
  };

  return new Proxy(api, {
    get(target, prop, receiver) {
      if (typeof prop !== 'string' || prop in target || prop === 'then') return Reflect.get(target, prop, receiver);
      return operationSugar(send, prop);
    },
  }) as unknown as Client;
}

/** `client.dynamodb.listTables(params)` → `send('dynamodb', 'ListTables', params)`. */
function operationSugar(send: Client['send'], serviceName: string): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get(_t, op) {
        if (typeof op !== 'string' || op === 'then') return undefined;
        const operation = op.charAt(0).toUpperCase() + op.slice(1);
        return (params?: Record<string, unknown>, opts?: CallOptions) => send(serviceName, operation, params, opts);
      },
    },
  );
}

function newEnv(host: Host, config: ClientConfig): InvokeEnv {
  return { host, config, credentials: credentialProvider(host, config), clockOffsetMs: 0 };
}

function credentialProvider(host: Host, config: ClientConfig): CredentialProvider | undefined {
  if (config.sign === false) return undefined;
  const source = config.credentials;
  const provider = typeof source === 'function' ? source : source ? fromStatic(source) : async () => undefined;
  return cached(provider, () => host.now());
}

async function loadService(host: Host, config: ClientConfig, name: string, raw: ServiceBundle): Promise<LoadedService> {
  // Operations of its own, filled as they are read (quirks may rewrite them); the rest is the model's.
  const bundle = { ...raw, operations: {}, operationNames: operationNamesOf(raw) };
  const protocol = await loadProtocol(selectProtocol(bundle.metadata));
  const retry = createRetryStrategy({
    mode: config.retryMode,
    maxAttempts: config.maxAttempts,
    service: name,
    random: host.random,
    clock: () => host.now().getTime() / 1000,
  });
  return { name, bundle, protocol, retry };
}
