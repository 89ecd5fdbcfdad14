/**
 * The package entry for browsers (`exports` → `browser` condition): the same API as the Node entry over
 * the web host. A page has no environment; a client resolves its settings from the options and from the
 * web host's in-memory `~/.aws` files, as the CLI would.
 */
import { createWebHost as createNetworkHost, type WebHostOptions } from './adapters/web/host.js';
import type { Host } from './core/host.js';
import { packageApi } from './entry.js';
import { indexedDbStore } from './sandbox/idb-store.js';
import { hostSandbox, withSandbox } from './sandbox/host.js';

/**
 * The browser's Host. `backend: 'sandbox'` answers every request from the sandbox, the offline AWS in
 * the page, its state kept in IndexedDB across reloads; the default sends requests with fetch.
 */
export function createWebHost(options: WebHostOptions & { backend?: 'fetch' | 'sandbox' } = {}): Host {
  const host = createNetworkHost(options);
  return options.backend === 'sandbox' ? withSandbox(host, hostSandbox(host, indexedDbStore())) : host;
}

export const { createClient, createCli, createShell } = packageApi(createWebHost, () => indexedDbStore());

// Named, not `export *`: the package's surface is what this list says.
export type { Cli, ClientOptions } from './entry.js';
export type { Shell, ShellOptions } from './shell/shell.js';
export type {
  CallOptions,
  CallOutput,
  Client,
  ClientConfig,
  CredentialProvider,
  Credentials,
  DownloadParams,
  ErrorCode,
  Host,
  HostFs,
  HttpBody,
  HttpRequest,
  HttpResponse,
  Mode,
  ModelSource,
  OperationInput,
  OperationName,
  OperationOutput,
  PaginatedName,
  PaginateOptions,
  PresignOptions,
  ParamProblem,
  Prompt,
  ResponseMetadata,
  RetryMode,
  S3Transfers,
  SendOptions,
  ServiceName,
  ServiceTypes,
  StreamingBody,
  StreamingInput,
  TransferCallOptions,
  UploadParams,
  WaiterName,
  WaitOptions,
  WireEvent,
  Writer,
} from './api.js';
export {
  AbortedError,
  CredentialsError,
  EndpointError,
  EventStreamDecodeError,
  IsoawsError,
  isServiceError,
  NetworkError,
  NumberValue,
  ParamValidationError,
  ResponseParseError,
  ServiceError,
  treeHash,
  UnknownNameError,
  WaiterError,
} from './api.js';
