/**
 * The settings one client runs with, after every source (options, environment, files) has been
 * resolved by the caller. The engine reads nothing from the environment itself: `createClient` in
 * src/index.ts and the CLI resolve settings and hand them over here.
 */
import type { ChecksumCalculation } from './checksums/request.js';
import type { ChecksumValidation } from './checksums/response.js';
import type { BearerTokens, CredentialProvider, Credentials } from './credentials/types.js';
import type { RetryMode } from './retry.js';
import type { HttpRequest, HttpResponse } from './host.js';
import type { SigningStages } from './signing/index.js';

export interface ClientConfig {
  region?: string;
  /** `--endpoint-url`: replaces the resolved endpoint (the rule set still runs, with `SDK::Endpoint`). */
  endpointUrl?: string;
  /** Static credentials or a provider; omitted together with `sign: false` for anonymous calls. */
  credentials?: Credentials | CredentialProvider;
  /** Bearer tokens, for the operations that take one instead of a signature (httpBearerAuth). */
  bearer?: BearerTokens;
  /**
   * `auth_scheme_preference`: where an operation accepts several ways of authenticating, the ones to
   * try first (`sigv4`, `httpBearerAuth`, `noAuth`), in order.
   */
  authSchemePreference?: string[];
  /**
   * `sigv4a_signing_region_set`: the regions a SigV4a signature holds in (`*`, or `us-east-1,us-west-2`),
   * over the endpoint's; `*` when neither says.
   */
  sigv4aSigningRegionSet?: string;
  /** `--no-sign-request` sets this to false. */
  sign?: boolean;
  retryMode?: RetryMode;
  maxAttempts?: number;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** The `s3` settings of the config file that shape requests. */
  s3?: {
    addressingStyle?: 'auto' | 'path' | 'virtual';
    useAccelerateEndpoint?: boolean;
    /** S3 and S3 Control only: dual-stack when true, else the general `use_dualstack_endpoint` decides. */
    useDualstackEndpoint?: boolean;
    useArnRegion?: boolean;
    disableMultiRegionAccessPoints?: boolean;
    usEast1RegionalEndpoint?: 'regional' | 'legacy';
    payloadSigningEnabled?: boolean;
  };
  stsRegionalEndpoints?: 'regional' | 'legacy';
  dynamodb?: {
    /**
     * Document mode: items, keys and expression values as plain JS values (`{ id: 'a', n: 7 }`) in every
     * DynamoDB operation's input and output, in place of AttributeValues (`{ id: { S: 'a' } }`).
     */
    document?: boolean;
  };
  /** The account for account-based endpoints; without it, the signing credentials' account is used. */
  accountId?: string;
  accountIdEndpointMode?: 'preferred' | 'disabled' | 'required';
  requestChecksumCalculation?: ChecksumCalculation;
  /** `response_checksum_validation`: `when_supported` (the default) asks S3 GetObject for its checksum and checks it. */
  responseChecksumValidation?: ChecksumValidation;
  /** `disable_request_compression` / `request_min_compression_size_bytes`. */
  disableRequestCompression?: boolean;
  /** `false` skips the client-side checks of parameters against the model (botocore's parameter_validation). */
  parameterValidation?: boolean;
  /** How a wrong type is worded: in JavaScript's terms (the library), or botocore's (the CLI's, which scripts match). */
  validationWording?: 'javascript' | 'botocore';
  requestMinCompressionSizeBytes?: number;
  /** `--no-verify-ssl` sets this to false. */
  verifySsl?: boolean;
  /** `--ca-bundle` / `ca_bundle` / `AWS_CA_BUNDLE`: a PEM file of certificates to trust. */
  caBundle?: string;
  /** Milliseconds; the AWS CLI's defaults are 60 s each. */
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Appended to the User-Agent header. */
  userAgentExtra?: string;
  /** Called with each request and response for `--debug` (secrets already redacted). */
  onWire?: (event: WireEvent) => void;
  /**
   * Called with each request before it is signed (once per call, not per retry): change its headers,
   * URL or body in place, or return a new one. What it leaves is what is signed and sent.
   */
  onRequest?: (
    request: HttpRequest,
    call: { service: string; operation: string },
  ) => void | HttpRequest | Promise<void | HttpRequest>;
  /** Called with each response (every attempt) before it is read: its status and headers; the body is not to be read here. */
  onResponse?: (
    response: Omit<HttpResponse, 'body'>,
    call: { service: string; operation: string; attempt: number },
  ) => void;
}

/**
 * How a request was signed, as the playground's inspector shows it: every stage, the key id (never the
 * secret), and the signing key's chain.
 */
export interface SigningTrace extends SigningStages {
  accessKeyId: string;
  /**
   * kDate, kRegion, kService and kSigning, each cut to its first 8 hex digits and `…`: enough to follow
   * the chain, not enough to sign with. Empty for SigV4a, whose key is an ECDSA key derived from the
   * secret, not a chain. (The signature is here too; --debug does not print it, as the request's headers
   * hide it.)
   */
  signingKey: string[];
}

export type WireEvent =
  | { kind: 'endpoint'; service: string; operation: string; url: string }
  | ({ kind: 'signing'; service: string; operation: string; attempt: number } & SigningTrace)
  | {
      kind: 'request';
      service: string;
      operation: string;
      attempt: number;
      method: string;
      url: string;
      headers: Record<string, string>;
      body?: string;
    }
  | {
      kind: 'response';
      service: string;
      operation: string;
      attempt: number;
      statusCode: number;
      headers: Record<string, string>;
      body?: string;
    }
  | { kind: 'retry'; service: string; operation: string; attempt: number; delayMs: number; reason: string };
