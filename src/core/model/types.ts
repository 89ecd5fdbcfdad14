/**
 * The service model as the engine reads it: botocore's `service-2.json` format with documentation
 * stripped (see scripts/import-models.js). Keeping botocore's shape vocabulary means the upstream
 * protocol fixtures, which are written in it, drive the same code as the bundled models.
 */

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'short'
  | 'byte'
  | 'float'
  | 'double'
  | 'bigdecimal'
  | 'biginteger'
  | 'boolean'
  | 'timestamp'
  | 'blob';

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export interface XmlNamespace {
  prefix?: string;
  uri: string;
}

/** A reference to a shape from a member, list member, map key/value, operation input/output or error. */
export interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  queryName?: string;
  xmlNamespace?: XmlNamespace;
  xmlAttribute?: boolean;
  flattened?: boolean;
  streaming?: boolean;
  idempotencyToken?: boolean;
  jsonvalue?: boolean;
  timestampFormat?: TimestampFormat;
  hostLabel?: boolean;
  eventpayload?: boolean;
  deprecated?: boolean;
  contextParam?: { name: string };
  /** Operation output refs of query services name the wrapper element of the result. */
  resultWrapper?: string;
  [extra: string]: unknown;
}

export interface Shape {
  type: ShapeType;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  required?: string[];
  payload?: string;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  locationName?: string;
  xmlNamespace?: XmlNamespace;
  xmlOrder?: string[];
  timestampFormat?: TimestampFormat;
  sensitive?: boolean;
  document?: boolean;
  union?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  event?: boolean;
  eventstream?: boolean;
  streaming?: boolean;
  requiresLength?: boolean;
  wrapper?: boolean;
  deprecated?: boolean;
  [extra: string]: unknown;
}

export interface HttpChecksumTrait {
  requestChecksumRequired?: boolean;
  requestAlgorithmMember?: string;
  requestValidationModeMember?: string;
  responseAlgorithms?: string[];
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  endpoint?: { hostPrefix: string };
  httpChecksumRequired?: boolean;
  httpChecksum?: HttpChecksumTrait;
  idempotent?: boolean;
  deprecated?: boolean;
  authtype?: string;
  auth?: string[];
  unsignedPayload?: boolean;
  requestcompression?: { encodings: string[] };
  /** The operation that lists a service's endpoints (endpoint discovery: DynamoDB, Timestream). */
  endpointoperation?: boolean;
  staticContextParams?: Record<string, { value: unknown }>;
  contextParams?: Record<string, unknown>;
  operationContextParams?: Record<string, { path: string }>;
  [extra: string]: unknown;
}

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: string;
  protocols?: string[];
  jsonVersion?: string;
  targetPrefix?: string;
  serviceId?: string;
  serviceFullName?: string;
  signatureVersion?: string;
  signingName?: string;
  globalEndpoint?: string;
  uid?: string;
  xmlNamespace?: string;
  awsQueryCompatible?: Record<string, unknown>;
  checksumFormat?: string;
  auth?: string[];
  [extra: string]: unknown;
}

export interface ServiceModel {
  metadata: ServiceMetadata;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/** One service as bundled (packed in `models/pack-NN.bin`, core/model/pack.ts): API model plus its companions. */
export interface ServiceBundle extends ServiceModel {
  /**
   * Every operation's name in model order, where `operations` may hold only those read so far (a source
   * that reads models in parts sets it: core/model/pack.ts).
   */
  operationNames?: readonly string[];
  paginators?: Record<string, PaginatorConfig>;
  waiters?: Record<string, WaiterConfig>;
  endpointRuleSet?: unknown;
  clientContextParams?: Record<string, { type: string }>;
}

export interface PaginatorConfig {
  input_token: string | string[];
  output_token: string | string[];
  limit_key?: string;
  more_results?: string;
  result_key?: string | string[];
  non_aggregate_keys?: string[];
}

export interface WaiterAcceptor {
  state: 'success' | 'failure' | 'retry';
  matcher: 'path' | 'pathAll' | 'pathAny' | 'status' | 'error';
  argument?: string;
  expected: unknown;
}

export interface WaiterConfig {
  operation: string;
  delay: number;
  maxAttempts: number;
  acceptors: WaiterAcceptor[];
  description?: string;
}

/** One row of `models/index.json`. */
export interface ServiceIndexEntry {
  /** botocore's directory name, e.g. `s3`, `dynamodb`. Also the bundle's file name. */
  name: string;
  /** The command name on the CLI, e.g. `s3api` for the s3 model. */
  cliName: string;
  endpointPrefix: string;
  signingName: string;
  protocols: string[];
  apiVersion: string;
  sdkId: string;
  /** The suffix of `AWS_ENDPOINT_URL_<ID>` and the key of `[services x]` sub-sections (seed 003). */
  envId: string;
}
