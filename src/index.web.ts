/**
 * The package entry for browsers (`exports` → `browser` condition): the same API as the Node entry over
 * the web host. A page has no environment; a client resolves its settings from the options and from the
 * web host's in-memory `~/.aws` files, as the CLI would.
 */
import { createWebHost as createNetworkHost } from './adapters/web/host.js';
import { packageApi } from './entry.js';

export { createWebHost } from './web-host.js';

// The network host, not createWebHost: a page that only makes clients then carries none of the sandbox.
export const { createClient, createCli, createShell } = packageApi(
  () => createNetworkHost(),
  async () => (await import('./sandbox/web-kept.js')).indexedDbStore(),
);

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
