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

export type { Client } from './core/client.js';
export type { ClientConfig, WireEvent } from './core/client-config.js';
export type { Credentials, CredentialProvider } from './core/credentials/types.js';
export type { Host, HttpRequest, HttpResponse } from './core/host.js';
export type { CallOutput, ResponseMetadata } from './core/invoke.js';
export type { StreamingBody } from './core/streaming-body.js';
export {
  IsoawsError, ServiceError, ParamValidationError, NetworkError, ResponseParseError, CredentialsError,
  EndpointError, UnknownNameError, AbortedError, WaiterError,
} from './core/errors.js';
