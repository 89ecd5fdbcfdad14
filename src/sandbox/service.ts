/**
 * What a simulated service is: a table of operation handlers. The sandbox's front (sandbox.ts) reads the
 * wire, checks the signature and parses the input by the model; a handler sees only plain parameters,
 * as botocore would have them, and returns the output's members or throws a SandboxError. It never sees
 * bytes on the wire, so every service is written once for every protocol.
 */
import type { SandboxStore } from './store.js';

/** Who signed the request. */
export interface Caller {
  account: string;
  /** `arn:aws:iam::123456789012:user/alice`, `…:root`, `arn:aws:sts::…:assumed-role/r/session`. */
  arn: string;
  /** GetCallerIdentity's UserId: the user's id, the account for root, `roleId:session` for a role. */
  userId: string;
  accessKeyId: string;
}

export interface SandboxCall {
  /** The model's name for the service (`s3`, `iam`). */
  service: string;
  operation: string;
  /**
   * The operation's input as the model shapes it: timestamps are Dates, blobs Uint8Arrays, and a
   * streaming payload member (S3's `Body`) the request's bytes as a stream, read once.
   */
  input: Record<string, unknown>;
  region: string;
  caller: Caller;
  now: Date;
  requestId: string;
  store: SandboxStore;
  /** Uniform in [0, 1): ids, tokens. */
  random(): number;
  /** The request's headers, lower-cased (what the model does not bind: checksum algorithms, ranges). */
  headers: Readonly<Record<string, string>>;
  /**
   * An `aws-chunked` body's trailing headers (`x-amz-checksum-crc32`), lower-cased: filled in once the
   * streaming payload has been read to its end, empty before and for other bodies.
   */
  trailers: Readonly<Record<string, string>>;
  settings: SandboxSettings;
  /** The request's cancellation (Ctrl-C, a closed page): a handler that waits (SQS's long poll) stops on it. */
  signal?: AbortSignal;
  /** A handler may set a status other than the operation's (206 for a range) and add headers. */
  reply: { statusCode?: number; headers: Record<string, string> };
}

export interface SandboxSettings {
  /** Seconds a Glacier job stays InProgress (AWS: hours; default 3, so a learner sees both states). */
  glacierJobSeconds: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = { glacierJobSeconds: 3 };

/**
 * The output's members (a streaming payload member may be bytes or a stream of chunks). Undefined
 * members are left out.
 */
export type Output = Record<string, unknown>;

export type Handler = (call: SandboxCall) => Promise<Output>;

/** A simulated service: handlers keyed by operation name; any other operation answers 501. */
export type ServiceHandlers = Readonly<Record<string, Handler>>;

/**
 * An error the service returns, as AWS words it: `code` (`NoSuchBucket`), `message`, the HTTP status,
 * any extra text fields it carries in an XML error (S3's `BucketName`, `StringToSign`), and for a JSON
 * service the error shape's modeled members (DynamoDB's `CancellationReasons`, `Item`), in the model's form.
 */
export class SandboxError extends Error {
  override name = 'SandboxError';
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly fields: Record<string, string> = {},
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Random characters from `alphabet`: ids such as AIDA…, i-…, upload ids. */
export function randomId(random: () => number, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A UUID v4 from `random` (request ids, Glacier job ids). */
export function randomUuid(random: () => number): string {
  const h = randomId(random, 32, '0123456789abcdef').split('');
  h[12] = '4';
  h[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
