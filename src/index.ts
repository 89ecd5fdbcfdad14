/**
 * The package entry for Node: `import { createClient } from 'isoaws'`. The package's API (entry.ts) over
 * the Node host, whose files are ~/.aws and whose environment is the process's.
 */
import { createNodeHost } from './adapters/node/host.js';
import { packageApi } from './entry.js';

export const { createClient, createCli, createShell } = packageApi(createNodeHost, async (host) =>
  (await import('./sandbox/host.js')).sandboxStore(host, 'files'),
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
