/**
 * Typed errors of the engine (house style 5). Each says what broke and carries `cause`; the CLI maps
 * the class to an exit code in one table (src/cli/exit-codes.ts), so nothing here knows about exit codes.
 */

export class IsoawsError extends Error {
  override name = 'IsoawsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A modeled or unmodeled error returned by a service. */
export class ServiceError extends IsoawsError {
  override name = 'ServiceError';
  readonly code: string;
  readonly statusCode: number;
  readonly requestId?: string;
  readonly service: string;
  readonly operation: string;
  /** Modeled members of the error shape, parsed like an output. */
  readonly data: Record<string, unknown>;
  /** Attempts made after the first before the call gave up. */
  readonly retryAttempts: number;
  /** The call ended because it had no attempts left (botocore's `MaxAttemptsReached`). */
  readonly maxAttemptsReached: boolean;
  constructor(init: {
    code: string;
    message: string;
    statusCode: number;
    requestId?: string;
    service: string;
    operation: string;
    data?: Record<string, unknown>;
    retryAttempts?: number;
    maxAttemptsReached?: boolean;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.code = init.code;
    this.statusCode = init.statusCode;
    this.requestId = init.requestId;
    this.service = init.service;
    this.operation = init.operation;
    this.data = init.data ?? {};
    this.retryAttempts = init.retryAttempts ?? 0;
    this.maxAttemptsReached = init.maxAttemptsReached ?? false;
  }
}

/**
 * A service's refusal in botocore's ClientError words: `An error occurred (Code) when calling the Op
 * operation: message`, with ` (reached max retries: N)` after the operation when the attempts ran out.
 */
export function clientErrorText(err: ServiceError, message: string = err.message): string {
  const retries = err.maxAttemptsReached ? ` (reached max retries: ${err.retryAttempts})` : '';
  return `An error occurred (${err.code}) when calling the ${err.operation} operation${retries}: ${message}`;
}

/** An error as Python's `str()` of it reads: a service's refusal in ClientError's words, else its message. */
export function errorText(err: unknown): string {
  if (err instanceof ServiceError) return clientErrorText(err);
  return err instanceof Error ? err.message : String(err);
}

export interface ParamProblem {
  path: string;
  message: string;
}

/** Input that does not match the model; lists every problem, like botocore's ParamValidator. */
export class ParamValidationError extends IsoawsError {
  override name = 'ParamValidationError';
  readonly problems: ParamProblem[];
  constructor(problems: ParamProblem[]) {
    super(`Parameter validation failed:\n${problems.map((p) => p.message).join('\n')}`);
    this.problems = problems;
  }
}

/** The endpoint could not be reached (DNS, refused, reset, timeout). */
export class NetworkError extends IsoawsError {
  override name = 'NetworkError';
  readonly endpoint: string;
  constructor(endpoint: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.endpoint = endpoint;
  }
}

/** A response that is not what the protocol promises: malformed XML/JSON/CBOR, or a proxy's HTML page. */
export class ResponseParseError extends IsoawsError {
  override name = 'ResponseParseError';
  readonly statusCode: number;
  readonly requestId?: string;
  /** The start of the raw body, for the message and for debugging. */
  readonly bodyStart: string;
  constructor(init: { statusCode: number; requestId?: string; body: Uint8Array; reason: string; cause?: unknown }) {
    const bodyStart = new TextDecoder().decode(init.body.subarray(0, 200));
    super(
      `Unable to parse response (${init.reason}), invalid XML/JSON received. ` +
        `Status ${init.statusCode}${init.requestId ? `, request id ${init.requestId}` : ''}. ` +
        `Body starts with: ${JSON.stringify(bodyStart)}`,
      { cause: init.cause },
    );
    this.statusCode = init.statusCode;
    this.requestId = init.requestId;
    this.bodyStart = bodyStart;
  }
}

export class CredentialsError extends IsoawsError {
  override name = 'CredentialsError';
}

export class EndpointError extends IsoawsError {
  override name = 'EndpointError';
}

/** Unknown service, operation, paginator or waiter name. */
export class UnknownNameError extends IsoawsError {
  override name = 'UnknownNameError';
}

/** The caller's AbortSignal fired. */
export class AbortedError extends IsoawsError {
  override name = 'AbortedError';
  constructor(message = 'The request was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A waiter reached a failure state or ran out of attempts. */
export class WaiterError extends IsoawsError {
  override name = 'WaiterError';
  readonly reason: string;
  readonly lastResponse?: unknown;
  constructor(waiterName: string, reason: string, lastResponse?: unknown, options?: { cause?: unknown }) {
    super(`Waiter ${waiterName} failed: ${reason}`, options);
    this.reason = reason;
    this.lastResponse = lastResponse;
  }
}

/**
 * A configured credential source that failed (a `credential_process` that exits non-zero, an
 * AssumeRole that is refused): exit 255 in the CLI, unlike having no credentials at all (253).
 */
export class CredentialRetrievalError extends IsoawsError {
  override name = 'CredentialRetrievalError';
}

/**
 * A response event stream (`application/vnd.amazon.eventstream`: S3 Select's records, Lambda's and
 * Bedrock's response streams) that cannot be read: a checksum that does not match, a message cut short,
 * a header that cannot be decoded. The message names the message and its byte offset in the response.
 */
export class EventStreamDecodeError extends IsoawsError {
  override name = 'EventStreamDecodeError';
}
