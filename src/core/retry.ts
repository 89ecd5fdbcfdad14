/**
 * Retry decisions for the request path, in the three modes of the AWS CLI (`retry_mode`):
 *
 * - `standard` (the CLI v2 default): at most 3 attempts (4 for DynamoDB), retry transient
 *   (500/502/503/504, RequestTimeout…, connection errors), throttling (the fixed code list and errors
 *   modeled `retryable.throttling`) and modeled-retryable errors; delay `rand · min(2^(n-1), 20 s)`;
 *   a retry quota of 500 tokens (5 per retry, 10 after a timeout, refunded on success) stops retry storms.
 * - `legacy`: botocore's `_retry.json` policies: 5 attempts (DynamoDB 10 with a 50 ms base), general
 *   socket/5xx/throttling policies plus per-service ones, delay `base · 2^(n-1)` with `base = rand`.
 * - `adaptive`: standard plus a client-side rate limiter (adaptive-rate.ts) that slows sending after throttling.
 *
 * Additionally, in every mode a clock-skew error (RequestTimeTooSkewed, …) whose response carries a
 * server `Date` is retried once after the signer's clock offset is corrected: an improvement over
 * botocore, which fails such calls until the machine clock is fixed.
 *
 * Pure: time and randomness come in as parameters (house style 7).
 */
import { createAdaptiveRateLimiter, type AdaptiveRateLimiter } from './adaptive-rate.js';

export type RetryMode = 'standard' | 'legacy' | 'adaptive';

/** What one attempt ended with, as the retry policy needs to see it. */
export interface AttemptOutcome {
  /** 1-based number of the attempt that just finished. */
  attempt: number;
  statusCode?: number;
  errorCode?: string;
  /** The error shape is modeled `retryable` (`throttling: true` makes it a throttling error). */
  modeledRetryable?: { throttling: boolean };
  /** A transport failure: no HTTP response at all. */
  networkError?: { timeout: boolean };
  /** The request body can be sent again (bytes, Blob or a re-openable file); a one-shot stream cannot. */
  replayable: boolean;
  /** DynamoDB: the body's CRC32 did not match `x-amz-crc32`. */
  crc32Mismatch?: boolean;
}

export interface RetryDecision {
  retry: boolean;
  /** Milliseconds to wait before the next attempt. */
  delayMs: number;
  /** Why not, for `--debug` and error messages. */
  reason: string;
  /**
   * No attempts were left, as botocore marks it (`MaxAttemptsReached`, which adds `(reached max retries:
   * N)` to the error): in standard and adaptive modes whenever the last attempt fails, since the count is
   * checked before anything else; in legacy mode only when the error was one to retry.
   */
  maxAttemptsReached?: boolean;
}

export interface RetryStrategy {
  readonly mode: RetryMode;
  readonly maxAttempts: number;
  /** Waits, if the adaptive limiter says so, before an attempt is sent. */
  beforeAttempt(sleep: (ms: number) => Promise<void>): Promise<void>;
  decide(outcome: AttemptOutcome): RetryDecision;
  /** Called once a call ends with a 2xx, to refund the retry quota. */
  succeeded(retried: boolean): void;
}

export interface RetryOptions {
  mode?: RetryMode;
  /** Total attempts including the first (`max_attempts` / `AWS_MAX_ATTEMPTS`). */
  maxAttempts?: number;
  /** botocore service name; DynamoDB has its own defaults. */
  service: string;
  random: () => number;
  /** Seconds since the epoch, for the adaptive limiter. */
  clock: () => number;
}

export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

export const CLOCK_SKEW_CODES: ReadonlySet<string> = new Set([
  'RequestTimeTooSkewed',
  'RequestExpired',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'RequestInTheFuture',
]);

const TRANSIENT_CODES = new Set(['RequestTimeout', 'RequestTimeoutException', 'PriorRequestNotComplete']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const MAX_BACKOFF_S = 20;
const QUOTA_CAPACITY = 500;
const QUOTA_RETRY_COST = 5;
const QUOTA_TIMEOUT_COST = 10;
const QUOTA_SUCCESS_REFUND = 1;

/** Creates the retry strategy of one client; the quota and rate limiter live as long as the client. */
export function createRetryStrategy(opts: RetryOptions): RetryStrategy {
  const mode = opts.mode ?? 'standard';
  return mode === 'legacy' ? createLegacyStrategy(opts) : createStandardStrategy(opts, mode);
}

/** True for errors the throttling detector of botocore counts as throttling. */
export function isThrottling(outcome: Pick<AttemptOutcome, 'errorCode' | 'modeledRetryable'>): boolean {
  return (
    (outcome.errorCode !== undefined && THROTTLING_CODES.has(outcome.errorCode)) ||
    outcome.modeledRetryable?.throttling === true
  );
}

function createStandardStrategy(opts: RetryOptions, mode: 'standard' | 'adaptive'): RetryStrategy {
  const isDynamo = opts.service === 'dynamodb' || opts.service === 'dynamodbstreams';
  const maxAttempts = opts.maxAttempts ?? (isDynamo ? 4 : 3);
  let quota = QUOTA_CAPACITY;
  let lastCost = 0;
  const limiter: AdaptiveRateLimiter | undefined =
    mode === 'adaptive' ? createAdaptiveRateLimiter(opts.clock) : undefined;

  return {
    mode,
    maxAttempts,
    async beforeAttempt(sleep) {
      if (limiter) await limiter.acquire(sleep);
    },
    decide(outcome) {
      limiter?.record(isThrottling(outcome));
      if (outcome.attempt >= maxAttempts) return outOfAttempts(maxAttempts);
      if (!outcome.replayable) return no('the request body is a stream that cannot be sent again');
      const retryable =
        (outcome.errorCode !== undefined && TRANSIENT_CODES.has(outcome.errorCode)) ||
        (outcome.statusCode !== undefined && TRANSIENT_STATUS.has(outcome.statusCode)) ||
        outcome.networkError !== undefined ||
        isThrottling(outcome) ||
        outcome.modeledRetryable !== undefined ||
        (isDynamo && outcome.crc32Mismatch === true) ||
        (opts.service === 'sts' && outcome.errorCode === 'IDPCommunicationError');
      if (!retryable) return no('not a retryable error');
      const cost = outcome.networkError?.timeout ? QUOTA_TIMEOUT_COST : QUOTA_RETRY_COST;
      if (cost > quota) return no('retry quota exhausted');
      quota -= cost;
      lastCost = cost;
      const delayS = opts.random() * Math.min(2 ** (outcome.attempt - 1), MAX_BACKOFF_S);
      return { retry: true, delayMs: delayS * 1000, reason: 'retryable error' };
    },
    succeeded(retried) {
      quota = Math.min(QUOTA_CAPACITY, quota + (retried ? lastCost : QUOTA_SUCCESS_REFUND));
      lastCost = 0;
    },
  };
}

/** One `applies_when` rule of botocore's `_retry.json`: an error code and/or an HTTP status. */
interface LegacyRule {
  code?: string;
  status?: number;
  socket?: true;
  crc32?: true;
}

const LEGACY_GENERAL: LegacyRule[] = [
  { socket: true },
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { status: 504 },
  { status: 509 },
  { code: 'ThrottlingException', status: 400 },
  { code: 'ThrottledException', status: 400 },
  { code: 'RequestThrottledException', status: 400 },
  { code: 'Throttling', status: 400 },
  { status: 429 },
  { code: 'ProvisionedThroughputExceededException', status: 400 },
];

const LEGACY_SERVICE: Record<string, { maxAttempts?: number; base?: number; rules: LegacyRule[] }> = {
  organizations: { rules: [{ code: 'TooManyRequestsException', status: 400 }] },
  dynamodb: {
    maxAttempts: 10,
    base: 0.05,
    rules: [
      { code: 'ReplicatedWriteConflictException', status: 409 },
      { code: 'TransactionInProgressException', status: 400 },
      { crc32: true },
    ],
  },
  ec2: {
    rules: [
      { code: 'RequestLimitExceeded', status: 503 },
      { code: 'EC2ThrottledException', status: 503 },
    ],
  },
  cloudsearch: { rules: [{ code: 'BandwidthLimitExceeded', status: 509 }] },
  kinesis: { rules: [{ code: 'LimitExceededException', status: 400 }] },
  sqs: { rules: [{ code: 'RequestThrottled', status: 403 }] },
  s3: {
    rules: [
      { code: 'RequestTimeout', status: 400 },
      { code: 'BadDigest', status: 400 },
    ],
  },
  glacier: { rules: [{ code: 'RequestTimeoutException', status: 408 }] },
  route53: {
    rules: [
      { code: 'Throttling', status: 400 },
      { code: 'PriorRequestNotComplete', status: 400 },
    ],
  },
  sts: { rules: [{ code: 'IDPCommunicationError', status: 400 }] },
};

function createLegacyStrategy(opts: RetryOptions): RetryStrategy {
  const service = LEGACY_SERVICE[opts.service];
  const rules = [...LEGACY_GENERAL, ...(service?.rules ?? [])];
  const maxAttempts = opts.maxAttempts ?? service?.maxAttempts ?? 5;
  const base = service?.base;
  return {
    mode: 'legacy',
    maxAttempts,
    async beforeAttempt() {},
    decide(outcome) {
      const matches = rules.some((r) =>
        r.socket
          ? outcome.networkError !== undefined
          : r.crc32
            ? outcome.crc32Mismatch === true
            : (r.code === undefined || r.code === outcome.errorCode) &&
              (r.status === undefined || r.status === outcome.statusCode),
      );
      if (!matches) return no('not a retryable error');
      if (outcome.attempt >= maxAttempts) return outOfAttempts(maxAttempts);
      if (!outcome.replayable) return no('the request body is a stream that cannot be sent again');
      const delayS = (base ?? opts.random()) * 2 ** (outcome.attempt - 1);
      return { retry: true, delayMs: delayS * 1000, reason: 'retryable error' };
    },
    succeeded() {},
  };
}

function no(reason: string): RetryDecision {
  return { retry: false, delayMs: 0, reason };
}

function outOfAttempts(maxAttempts: number): RetryDecision {
  return { ...no(`max attempts (${maxAttempts}) reached`), maxAttemptsReached: true };
}
