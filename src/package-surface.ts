/**
 * What both package entries (index.ts for Node, index.web.ts for browsers) export besides their own
 * `createClient`, `createCli` and `createShell`: named, so the package's surface is what this list says.
 */
export type { Cli, ClientOptions } from './entry.js';
export type { Shell, ShellOptions } from './shell/shell.js';
export type { Client } from './core/client.js';
export type { ClientConfig, WireEvent } from './core/client-config.js';
export type { Credentials, CredentialProvider } from './core/credentials/types.js';
export type {
  Host,
  HostFs,
  HttpBody,
  HttpRequest,
  HttpResponse,
  ModelSource,
  Prompt,
  SendOptions,
  Writer,
} from './core/host.js';
export type { CallOptions, CallOutput, PresignOptions, ResponseMetadata } from './core/invoke.js';
export type { PaginateOptions } from './core/pagination.js';
export type { WaitOptions } from './core/waiters.js';
export type { RetryMode } from './core/retry.js';
export type { ParamProblem } from './core/errors.js';
export type { StreamingBody } from './core/streaming-body.js';
export type {
  DownloadParams,
  ErrorCode,
  Mode,
  OperationInput,
  OperationName,
  OperationOutput,
  PaginatedName,
  S3Transfers,
  ServiceName,
  ServiceTypes,
  StreamingInput,
  TransferCallOptions,
  UploadParams,
  WaiterName,
} from './core/typed-client.js';
export { isServiceError } from './core/typed-client.js';
export { NumberValue } from './core/dynamodb-number.js';
export { treeHash } from './core/checksums/tree-hash.js';
export {
  IsoawsError,
  ServiceError,
  EventStreamDecodeError,
  ParamValidationError,
  NetworkError,
  ResponseParseError,
  CredentialsError,
  EndpointError,
  UnknownNameError,
  AbortedError,
  WaiterError,
} from './core/errors.js';
