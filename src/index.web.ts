/**
 * The package entry for browsers (`exports` → `browser` condition): the same API as the Node entry over
 * the web host. A page has no environment; a client resolves its settings from the options and from the
 * web host's in-memory `~/.aws` files, as the CLI would.
 */
import { createWebHost } from './adapters/web/host.js';
import { packageApi } from './entry.js';

export const { createClient, createCli, createShell } = packageApi(createWebHost);
export { createWebHost } from './adapters/web/host.js';

// Named, not `export *`: the package's surface is what this list says.
export type { Cli, ClientOptions } from './entry.js';
export type { Shell, ShellOptions } from './shell/shell.js';
export type {
  CallOutput,
  Client,
  ClientConfig,
  CredentialProvider,
  Credentials,
  Host,
  HttpRequest,
  HttpResponse,
  ResponseMetadata,
  StreamingBody,
  WireEvent,
} from './api.js';
export {
  AbortedError,
  CredentialsError,
  EndpointError,
  IsoawsError,
  NetworkError,
  ParamValidationError,
  ResponseParseError,
  ServiceError,
  treeHash,
  UnknownNameError,
  WaiterError,
} from './api.js';
