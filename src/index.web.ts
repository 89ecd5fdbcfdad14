/**
 * The package entry for browsers (`exports` → `browser` condition): the same API as the Node entry over
 * the web host. Settings come from the options only — a page has no environment or config files.
 */
import { createWebHost } from './adapters/web/host.js';
import { createClient as createEngineClient, type Client } from './core/client.js';
import type { ClientConfig } from './core/client-config.js';
import type { Host } from './core/host.js';

export type ClientOptions = ClientConfig & { host?: Host };

export function createClient(options: ClientOptions = {}): Client {
  const { host = createWebHost(), ...config } = options;
  return createEngineClient(host, config);
}

export { createWebHost } from './adapters/web/host.js';
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
