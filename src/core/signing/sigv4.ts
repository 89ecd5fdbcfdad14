/**
 * AWS Signature Version 4, byte for byte as botocore signs (auth.py `SigV4Auth`, `S3SigV4Auth`,
 * `SigV4QueryAuth`, `S3SigV4QueryAuth`): the canonical request, the string to sign and the HMAC chain
 * are made here, so each stage can be shown (`--debug`, the playground) and no signing library's rules
 * creep in. Where botocore's rules are easy to get wrong:
 *
 * - Which headers are signed: every header except a short list (canonical-request.ts, shared with SigV4a), where other signers skip more
 *   (`cache-control`, `from`, `referer`, `sec-*`, …).
 * - The path: the URL is split by hand, never through WHATWG `URL`, which would resolve `..` and
 *   `%2E%2E` segments and so change an S3 key such as `a/../b`.
 * - Presigning: every header stays a header (other signers hoist `x-amz-*` into the query), and the
 *   query is written as operation parameters, then auth parameters, then the signature.
 *
 * S3 (`s3: true`): the path is signed as sent (no normalisation, no second encoding) and
 * `X-Amz-Content-SHA256` is always sent; presigned S3 URLs sign `UNSIGNED-PAYLOAD`. Other services get
 * a normalised, double-encoded path (`/a/./b//c` signs as `/a/b/c`, `%20` as `%2520`).
 *
 * Hashing seam: `sha256` (optional) is a hash constructor (`new Sha256(key)` is HMAC), used for the HMAC
 * chain and for hashing an in-memory body; hosts pass their own (Node's, WebCrypto). Without it the
 * portable one (./sha256.ts) is loaded, when first needed, so a page whose host hashes with WebCrypto
 * never downloads it. A body that is a stream or a Blob is never read here: the caller passes
 * `payloadHash` (a hex digest computed while streaming, `UNSIGNED-PAYLOAD`, or the aws-chunked trailer
 * marker).
 */
import { toHex } from '../hex.js';
import { getHeader } from '../headers.js';
import type { Sha256Constructor } from '../host.js';
import {
  digest,
  hasher,
  queryFromRaw,
  splitUrl,
  type CommonSignOptions,
  type SignableRequest,
  type Signed,
  type SigningCredentials,
  type SigningStages,
} from './canonical-request.js';
import {
  presignForm,
  signCanonical,
  signHeaderForm,
  signingStages,
  type SignatureAlgorithm,
  type StageOptions,
} from './signature-forms.js';

export {
  DEFAULT_PRESIGN_EXPIRES,
  EMPTY_SHA256,
  MAX_PRESIGN_EXPIRES,
  UNSIGNED_PAYLOAD,
  amzDate,
  fromAmzDate,
  type SignableRequest,
  type Signed,
  type SigningCredentials,
  type SigningStages,
} from './canonical-request.js';
export const STREAMING_UNSIGNED_PAYLOAD_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export interface SignOptions extends Omit<CommonSignOptions, 'credentials'> {
  /** `null` signs nothing (botocore's UNSIGNED, `--no-sign-request`): the request comes back unchanged. */
  credentials: SigningCredentials | null;
  region: string;
  /** The signing name (`s3`, `dynamodb`, `execute-api`, …). */
  service: string;
}

export interface PresignOptions extends SignOptions {
  /** Seconds the URL stays valid: default 3600, at most 604800. */
  expiresIn?: number;
}

/**
 * Signs `req` with an `Authorization` header: returns a copy with `x-amz-date`, `x-amz-security-token`
 * (temporary credentials), `x-amz-content-sha256` (S3, or an unsigned/streaming payload) and
 * `authorization` set, replacing any of them `req` had in another case. The `Host` header is signed but
 * only returned if `req` had one. Names are lower-case (HTTP does not care; botocore writes `X-Amz-Date`).
 */
export async function signRequest<T extends SignableRequest>(req: T, opts: SignOptions): Promise<Signed<T>> {
  if (opts.credentials === null) return { ...req, headers: { ...req.headers } };
  const { request } = await signWithStages(req, { ...opts, credentials: opts.credentials });
  return request;
}

/**
 * Signs `req` and also returns each stage (canonical request, string to sign, signature), for tests,
 * `--debug` and the playground, which shows how a signature is made.
 */
export async function signWithStages<T extends SignableRequest>(
  req: T,
  opts: SignOptions & { credentials: SigningCredentials },
): Promise<{ request: Signed<T>; stages: SigningStages }> {
  return signHeaderForm(SIGV4, req, opts);
}

/**
 * A presigned URL (query-parameter authentication, `X-Amz-Expires` seconds from `now`). Headers of
 * `req` stay headers and are signed: whoever uses the URL must send them. With `credentials: null` the
 * URL comes back unsigned, as botocore presigns for an anonymous client.
 */
export async function presignUrl(req: SignableRequest, opts: PresignOptions): Promise<string> {
  if (opts.credentials === null) return req.url;
  return (await presignWithStages(req, { ...opts, credentials: opts.credentials })).url;
}

/** `presignUrl` with each stage of the signature. */
export async function presignWithStages(
  req: SignableRequest,
  opts: PresignOptions & { credentials: SigningCredentials },
): Promise<{ url: string; stages: SigningStages }> {
  return presignForm(SIGV4, req, opts);
}

/**
 * The stages a received request's signature is checked against (the sandbox verifies requests this
 * way): recomputed from the request as it arrived, its signed headers only (`host` from the URL when the
 * transport has not added it yet), the query without `X-Amz-Signature`, the date and payload hash it
 * states, and the secret the verifier holds for its key.
 */
export async function receivedStages(
  req: { method: string; url: string; headers: Record<string, string> },
  opts: {
    credentials: SigningCredentials;
    region: string;
    service: string;
    /** `X-Amz-Date` as sent: `20261205T120000Z`. */
    longDate: string;
    signedHeaders: readonly string[];
    payloadHash: string;
    s3?: boolean;
    sha256?: Sha256Constructor;
  },
): Promise<SigningStages> {
  const url = splitUrl(req.url);
  const headers: Record<string, string> = {};
  for (const name of opts.signedHeaders) {
    const value = getHeader(req.headers, name) ?? (name === 'host' ? url.host : undefined);
    if (value !== undefined) headers[name] = value;
  }
  const rawQuery = url.rawQuery
    .split('&')
    .filter((pair) => pair !== '' && !pair.startsWith('X-Amz-Signature='))
    .join('&');
  return signingStages(SIGV4, {
    method: req.method,
    url,
    query: queryFromRaw(rawQuery),
    signingHeaders: headers,
    payloadHash: opts.payloadHash,
    longDate: opts.longDate,
    opts,
  });
}

/** The region and service a SigV4 signature is scoped to, with what every signature needs. */
type SigV4Scope = StageOptions & { region: string; service: string };

const SIGV4: SignatureAlgorithm<SigV4Scope> = {
  name: 'AWS4-HMAC-SHA256',
  scope: (shortDate, { region, service }) => `${shortDate}/${region}/${service}/aws4_request`,
  presignParams: (p) => [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', p.credential],
    ['X-Amz-Date', p.longDate],
    ['X-Amz-Expires', p.expires],
    ['X-Amz-SignedHeaders', p.signedHeaders],
    ...(p.token ? [['X-Amz-Security-Token', p.token] as [string, string]] : []),
  ],
  async sign(sha256, stringToSign, shortDate, opts) {
    const key = await signingKey(sha256, opts.credentials.secretAccessKey, shortDate, opts.region, opts.service);
    return toHex(await digest(sha256, stringToSign, key));
  },
};

/**
 * The four HMACs that turn a secret key into the day's signing key (kDate, kRegion, kService,
 * kSigning), as hex: for showing how a signature is made.
 */
export async function signingKeySteps(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
  sha256?: Sha256Constructor,
): Promise<string[]> {
  return (await signingKeyChain(await hasher(sha256), secretAccessKey, shortDate, region, service)).map(toHex);
}

async function signingKeyChain(
  sha256: Sha256Constructor,
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Promise<Uint8Array[]> {
  const steps: Uint8Array[] = [];
  let key: string | Uint8Array = `AWS4${secretAccessKey}`;
  for (const part of [shortDate, region, service, 'aws4_request']) {
    key = await digest(sha256, part, key);
    steps.push(key);
  }
  return steps;
}

/**
 * Signing keys already derived, by scope: a key holds for a day, a region and a service, and deriving
 * it costs four HMACs, as much as the rest of a signature. Kept with the secret it came from, so other
 * credentials never match, and few: the oldest goes first.
 */
const signingKeys = new Map<string, { secret: string; sha256: Sha256Constructor; key: Uint8Array }>();
const SIGNING_KEYS_KEPT = 50;

async function signingKey(
  sha256: Sha256Constructor,
  secret: string,
  shortDate: string,
  region: string,
  service: string,
): Promise<Uint8Array> {
  const scope = `${shortDate}/${region}/${service}`;
  const kept = signingKeys.get(scope);
  if (kept && kept.secret === secret && kept.sha256 === sha256) return kept.key;
  const key = (await signingKeyChain(sha256, secret, shortDate, region, service)).at(-1)!;
  signingKeys.delete(scope);
  signingKeys.set(scope, { secret, sha256, key });
  if (signingKeys.size > SIGNING_KEYS_KEPT) signingKeys.delete(signingKeys.keys().next().value!);
  return key;
}

/**
 * A SigV4 signature over a canonical request made by hand, for a request no HTTP client sends (a git
 * password for CodeCommit): the string to sign (algorithm, `longDate` as the caller writes it, scope,
 * the canonical request's SHA-256) and its HMAC under the day's signing key, as hex.
 */
export async function signCanonicalRequest(
  canonicalRequest: string,
  opts: { secretAccessKey: string; longDate: string; region: string; service: string; sha256?: Sha256Constructor },
): Promise<string> {
  const { secretAccessKey, longDate, region, service, sha256 } = opts;
  const scope = { credentials: { secretAccessKey }, region, service, sha256 };
  return (await signCanonical(SIGV4, canonicalRequest, longDate, scope)).signature;
}

/**
 * The signing key's chain as it may be shown (the playground's inspector, a signing event): each step
 * cut to its first 8 hex digits and `…`, enough to follow the chain, not enough to sign with. The date,
 * region and service are the credential scope's (`20150830/us-east-1/iam/aws4_request`).
 */
export async function shownSigningKey(
  secretAccessKey: string,
  credentialScope: string,
  sha256?: Sha256Constructor,
): Promise<string[]> {
  const [date = '', region = '', service = ''] = credentialScope.split('/');
  const steps = await signingKeySteps(secretAccessKey, date, region, service, sha256);
  return steps.map((hex) => `${hex.slice(0, 8)}…`);
}
