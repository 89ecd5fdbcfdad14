/**
 * The client's types per service. A service's declarations (package @isoaws/types, services/<name>.d.ts,
 * generated from its model by scripts/generate-types.js) add it to ServiceTypes; a program names the ones
 * it uses (`import type {} from '@isoaws/types/s3'`), so the services it does not name cost its compiler
 * nothing. With a service named, `aws.s3.putObject(…)`, `send`, `paginate`, `waitFor` and
 * `isServiceError` are checked against its model; without, they take any name and give plain records.
 */
import { ServiceError } from './errors.js';
import type { CallOptions, ResponseMetadata } from './invoke.js';
import type { StreamingBody } from './streaming-body.js';

export type { StreamingBody };

/** What a streaming input member (S3's `Body`, Glacier's `body`) takes. */
export type StreamingInput = string | Uint8Array | Blob | AsyncIterable<Uint8Array>;

/** Filled in by each service's generated declarations. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented per service
export interface ServiceTypes {}

/**
 * What a service's generated declarations add under its name: `operations` (each with its `input`,
 * `output` and `errors`), `waiters` and `paginated` (names). Read through `infer`, because the generated
 * interfaces have no index signature to satisfy a Record constraint.
 */
export type ServiceName = keyof ServiceTypes & string;
/** How values are given and returned: as the model has them, or (DynamoDB's document mode) as plain JS values. */
export type Mode = 'plain' | 'document';
type PlainOperations<S extends ServiceName> = ServiceTypes[S] extends { operations: infer O } ? O : never;
type Operations<S extends ServiceName, M extends Mode> = M extends 'document'
  ? ServiceTypes[S] extends { documentOperations: infer D }
    ? D
    : PlainOperations<S>
  : PlainOperations<S>;
export type OperationName<S extends ServiceName> = keyof PlainOperations<S> & string;
type Operation<S extends ServiceName, O extends string, M extends Mode> = Operations<S, M>[O & keyof Operations<S, M>];
export type OperationInput<S extends ServiceName, O extends OperationName<S>, M extends Mode = 'plain'> =
  Operation<S, O, M> extends { input: infer I } ? I : never;
export type OperationOutput<S extends ServiceName, O extends OperationName<S>, M extends Mode = 'plain'> = (Operation<
  S,
  O,
  M
> extends {
  output: infer R;
}
  ? R
  : never) & { $metadata: ResponseMetadata };
export type WaiterName<S extends ServiceName> = ServiceTypes[S] extends { waiters: infer W } ? W : never;
export type PaginatedName<S extends ServiceName> = (ServiceTypes[S] extends { paginated: infer P } ? P : never) &
  OperationName<S>;
/** The modeled errors of a service (of one operation, when named). */
export type ErrorCode<S extends ServiceName, O extends OperationName<S> = OperationName<S>> =
  Operation<S, O, 'plain'> extends { errors: infer E } ? E : never;

/** The parameters and options of a call: the parameters may be left out when no member is required. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` here is "an object with no required member"
export type ParamsAndOptions<I, O> = {} extends I ? [params?: I, opts?: O] : [params: I, opts?: O];

/**
 * A service name for the untyped signatures: any string, except the name of a service the program has
 * named, whose calls must then match its model (`send('s3', 'PutObjekt')` is an error, not a fallback).
 */
export type Dynamic<S extends string> = S extends ServiceName ? never : S;

/** `aws.s3.putObject(params)`: a service's operations under their camelCase names. */
export type ServiceMethods<S extends ServiceName, M extends Mode = 'plain'> = {
  [O in OperationName<S> as Uncapitalize<O>]: (
    ...args: ParamsAndOptions<OperationInput<S, O, M>, CallOptions>
  ) => Promise<OperationOutput<S, O, M>>;
};

/** The services a program has named, as properties of the client; S3's with its transfers. */
export type TypedServices<M extends Mode = 'plain'> = {
  readonly [S in ServiceName]: S extends 's3' ? ServiceMethods<S, M> & S3Transfers : ServiceMethods<S, M>;
};

export interface TransferCallOptions {
  signal?: AbortSignal;
  /** Bytes per part (default 8 MiB; at least 5 MiB, as S3 requires). */
  partSize?: number;
  /** Parts in flight at once (default 10). */
  concurrency?: number;
  /** From this size on, the transfer is multipart (default 8 MiB). */
  multipartThreshold?: number;
  /** Told how many bytes have moved, and the total when known. */
  onProgress?(progress: { loaded: number; total?: number }): void;
}

export interface UploadParams {
  Bucket: string;
  Key: string;
  /** What to upload: bytes, text (UTF-8), a Blob, a ReadableStream or an async iterable of bytes. */
  Body?: string | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  /** Or a file of the host, by path (relative to its working directory). */
  File?: string;
  /** Any other PutObject / CreateMultipartUpload parameter (ContentType, Metadata, StorageClass, …). */
  [parameter: string]: unknown;
}

export interface DownloadParams {
  Bucket: string;
  Key: string;
  /** Where to write the object on the host; without it, the object comes back as bytes. */
  File?: string;
  /** Any other GetObject parameter (VersionId, SSECustomerKey, …). */
  [parameter: string]: unknown;
}

/**
 * What an upload made: the object's ETag and version as S3 answered them (from PutObject, or from
 * CompleteMultipartUpload, whose ETag names the part count), and the size when the source had one.
 */
export interface UploadResult {
  Bucket: string;
  Key: string;
  size?: number;
  ETag?: string;
  VersionId?: string;
  $metadata: ResponseMetadata;
}

/** `aws.s3.upload(…)` and `aws.s3.download(…)`: the transfer engine of the `s3` commands, for scripts. */
export interface S3Transfers {
  /** Uploads an object, multipart from `multipartThreshold` on, parts in parallel. */
  upload(params: UploadParams, opts?: TransferCallOptions): Promise<UploadResult>;
  /** Downloads an object into `File`, or as bytes (`Body`) without one; ranged parts in parallel when large. */
  download(
    params: DownloadParams,
    opts?: TransferCallOptions,
  ): Promise<{ Bucket: string; Key: string; size: number; Body?: Uint8Array }>;
}

/**
 * Whether `err` is the service's modeled error `code` (`isServiceError(err, 's3', 'NoSuchKey')`): a type
 * guard, so `err.code` and `err.data` are then typed. A function rather than a class per error: errors
 * arrive as one ServiceError whatever the service, and 400 services' classes would load for none.
 */
export function isServiceError<S extends ServiceName, const C extends ErrorCode<S>>(
  err: unknown,
  service: S,
  code: C,
): err is ServiceError & { code: C; service: S };
export function isServiceError<S extends string>(err: unknown, service: Dynamic<S>, code?: string): err is ServiceError;
export function isServiceError(err: unknown, service: string, code?: string): err is ServiceError {
  return err instanceof ServiceError && err.service === service && (code === undefined || err.code === code);
}
