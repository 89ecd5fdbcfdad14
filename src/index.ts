/**
 * The package entry for Node: `import { createClient } from 'isoaws'`. Composes the Node host with
 * the engine; options left out come from the environment (region, keys, endpoint, retry settings).
 */
import { createNodeHost } from './adapters/node/host.js';
import { createClient as createEngineClient, type Client } from './core/client.js';
import type { ClientConfig } from './core/client-config.js';
import { configFromEnv } from './core/env-config.js';
import type { Host } from './core/host.js';

export type ClientOptions = ClientConfig & { host?: Host };

export function createClient(options: ClientOptions = {}): Client {
  const { host = createNodeHost(), ...config } = options;
  return createEngineClient(host, { ...configFromEnv(host.env), ...stripUndefined(config) });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// Named, not `export *`: the package's surface is what this list says.
export type {
  CallOutput, Client, ClientConfig, CredentialProvider, Credentials, Host, HttpRequest, HttpResponse, ResponseMetadata, StreamingBody, WireEvent,
} from './api.js';
export {
  AbortedError, CredentialsError, EndpointError, IsoawsError, NetworkError, ParamValidationError, ResponseParseError, ServiceError, treeHash,
  UnknownNameError, WaiterError,
} from './api.js';
