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
// Named, not `export *`: the package's surface is what this list says.
export type {
  CallOutput, Client, ClientConfig, CredentialProvider, Credentials, Host, HttpRequest, HttpResponse, ResponseMetadata, StreamingBody, WireEvent,
} from './api.js';
export {
  AbortedError, CredentialsError, EndpointError, IsoawsError, NetworkError, ParamValidationError, ResponseParseError, ServiceError, treeHash,
  UnknownNameError, WaiterError,
} from './api.js';
