/**
 * AWS Signature Version 4, byte for byte as botocore signs (auth.py `SigV4Auth`, `S3SigV4Auth`,
 * `SigV4QueryAuth`, `S3SigV4QueryAuth`), with the canonicalisation and the HMAC chain of
 * `@smithy/signature-v4`. The library's own `sign()` differs from botocore in ways that change
 * signatures, so this module prepares the request itself and calls the library for each stage:
 *
 * - Which headers are signed: botocore signs every header except a short list (below); the library
 *   skips more (`cache-control`, `from`, `referer`, `sec-*`, …). We pass the library an explicit
 *   `signableHeaders` set so its list never applies.
 * - The path: the URL is split by hand, never through WHATWG `URL`, which would resolve `..` and
 *   `%2E%2E` segments and so change an S3 key such as `a/../b`.
 * - Presigning: botocore keeps every header a header (the library hoists `x-amz-*` into the query)
 *   and writes the query as operation parameters, then auth parameters, then the signature.
 *
 * S3 (`s3: true`): the path is signed as sent (no normalisation, no second encoding) and
 * `X-Amz-Content-SHA256` is always sent; presigned S3 URLs sign `UNSIGNED-PAYLOAD`. Other services get
 * a normalised, double-encoded path (`/a/./b//c` signs as `/a/b/c`, `%20` as `%2520`).
 *
 * Hashing seam: `sha256` (optional) is a hash constructor in the library's shape, used for the HMAC
 * chain and for hashing an in-memory body. The default, `@aws-crypto/sha256-js`, runs everywhere and is
 * fine for short strings; a Node host can pass one over `node:crypto` for large bodies. A body that is
 * a stream or a Blob is never read here: the caller passes `payloadHash` (a hex digest computed while
 * streaming, `UNSIGNED-PAYLOAD`, or the aws-chunked trailer marker).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4, createScope, getCanonicalHeaders } from '@smithy/signature-v4';
import { IsoawsError, ParamValidationError } from '../errors.js';
import { toHex } from '../hex.js';
import { getHeader, headerName, withoutHeaders } from '../headers.js';
import type { HttpBody, Sha256Constructor } from '../host.js';
import { bareObject } from '../own.js';
import { uriEncode } from '../request-url.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_UNSIGNED_PAYLOAD_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
/** Default lifetime of a presigned URL, in seconds (the AWS CLI's `s3 presign --expires-in`). */
export const DEFAULT_PRESIGN_EXPIRES = 3600;
/** SigV4 presigned URLs cannot outlive a week. */
export const MAX_PRESIGN_EXPIRES = 604_800;

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The request to sign; `url` is absolute and already encoded exactly as it will be sent. */
export interface SignableRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: HttpBody | string;
}

export interface SignOptions {
  /** `null` signs nothing (botocore's UNSIGNED, `--no-sign-request`): the request comes back unchanged. */
  credentials: SigningCredentials | null;
  region: string;
  /** The signing name (`s3`, `dynamodb`, `execute-api`, …). */
  service: string;
  now: Date;
  /** S3 rules: path signed as sent, `X-Amz-Content-SHA256` always sent, presigned URLs unsigned-payload. */
  s3?: boolean;
  /** An endpoint auth scheme's `disableDoubleEncoding`: sign the path as sent, like S3. */
  disableDoubleEncoding?: boolean;
  /** A precomputed hex SHA-256 of the body, `UNSIGNED-PAYLOAD` or a streaming marker; required for stream and Blob bodies. */
  payloadHash?: string;
  /** Hash constructor for the HMAC chain and in-memory bodies; defaults to `@aws-crypto/sha256-js`. */
  sha256?: Sha256Constructor;
}

export interface PresignOptions extends SignOptions {
  /** Seconds the URL stays valid: default 3600, at most 604800. */
  expiresIn?: number;
}

/** Every intermediate value of one signature, as the SigV4 test suite lists them. */
export interface SigningStages {
  canonicalRequest: string;
  stringToSign: string;
  /** `host;x-amz-date;…` */
  signedHeaders: string;
  credentialScope: string;
  payloadHash: string;
  signature: string;
}

/** `req` with the headers the signer set: the same type, whatever literal headers it was built with. */
export type Signed<T extends SignableRequest> = Omit<T, 'headers'> & { headers: Record<string, string> };

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
  const url = splitUrl(req.url);
  const longDate = amzDate(opts.now);
  const { credentials } = opts;
  const headers = withoutHeaders(req.headers, [
    'authorization',
    'x-amz-date',
    ...(credentials.sessionToken ? ['x-amz-security-token'] : []),
  ]);
  headers['x-amz-date'] = longDate;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const present = getHeader(headers, 'x-amz-content-sha256');
  const payloadHash = opts.payloadHash ?? present ?? (await hashBody(req.body, opts.sha256 ?? Sha256));
  // botocore sends the header for S3 always and elsewhere only for a marker (unsigned or streaming payload).
  if (opts.s3 || (opts.payloadHash !== undefined && !HEX_DIGEST.test(opts.payloadHash))) {
    const old = headerName(headers, 'x-amz-content-sha256');
    if (old !== undefined) delete headers[old];
    headers['x-amz-content-sha256'] = payloadHash;
  }
  const signingHeaders = getHeader(headers, 'host') === undefined ? { ...headers, host: url.host } : headers;
  const stages = await computeStages({
    method: req.method,
    url,
    query: queryFromRaw(url.rawQuery),
    headers: signingHeaders,
    payloadHash,
    longDate,
    opts,
  });
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${stages.credentialScope}, ` +
    `SignedHeaders=${stages.signedHeaders}, Signature=${stages.signature}`;
  return { request: { ...req, headers }, stages };
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
  const expiresIn = opts.expiresIn ?? DEFAULT_PRESIGN_EXPIRES;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_EXPIRES) {
    throw new ParamValidationError([
      {
        path: 'ExpiresIn',
        message: `Invalid value for ExpiresIn: ${expiresIn}, the expiry of a presigned URL must be a whole number of seconds from 1 to ${MAX_PRESIGN_EXPIRES} (one week)`,
      },
    ]);
  }
  const url = splitUrl(req.url);
  const longDate = amzDate(opts.now);
  const { credentials } = opts;
  const scope = createScope(longDate.slice(0, 8), opts.region, opts.service);
  const headers = withoutHeaders(req.headers, ['authorization']);
  // botocore drops the form content type its query serializer adds: it is not sent with a presigned URL.
  const contentType = headerName(headers, 'content-type');
  if (contentType && headers[contentType] === 'application/x-www-form-urlencoded; charset=utf-8')
    delete headers[contentType];
  const signingHeaders = getHeader(headers, 'host') === undefined ? { ...headers, host: url.host } : headers;
  // Operation parameters as botocore reads them back (form decoding, first value of a repeated key).
  const operationParams = new Map<string, string>();
  for (const [key, value] of rawPairs(url.rawQuery)) {
    const name = formDecode(key);
    if (!operationParams.has(name)) operationParams.set(name, formDecode(value));
  }
  const authParams = new Map<string, string>([
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', longDate],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', signedHeaderList(signingHeaders)],
  ]);
  if (credentials.sessionToken) authParams.set('X-Amz-Security-Token', credentials.sessionToken);
  const query: Record<string, string> = {};
  for (const [k, v] of [...operationParams, ...authParams]) query[k] = v;
  const payloadHash =
    opts.payloadHash ??
    getHeader(headers, 'x-amz-content-sha256') ??
    (opts.s3 ? UNSIGNED_PAYLOAD : await hashBody(req.body, opts.sha256 ?? Sha256));
  const stages = await computeStages({
    method: req.method,
    url,
    query,
    headers: signingHeaders,
    payloadHash,
    longDate,
    opts,
  });
  const pairs: Array<[string, string]> = [...operationParams, ...authParams, ['X-Amz-Signature', stages.signature]];
  const search = pairs.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
  return { url: `${url.scheme}://${url.authority}${url.rawPath}?${search}`, stages };
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
  const now = fromAmzDate(opts.longDate);
  return computeStages({
    method: req.method,
    url,
    query: queryFromRaw(rawQuery),
    headers,
    payloadHash: opts.payloadHash,
    longDate: opts.longDate,
    opts: { ...opts, now },
  });
}

/** Headers botocore never signs (auth.py SIGNED_HEADERS_BLACKLIST), plus two it adds only after signing. */
const UNSIGNED_HEADERS = new Set([
  'authorization',
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
  // botocore's retry handler sets these on every attempt, after the signer has run.
  'amz-sdk-invocation-id',
  'amz-sdk-request',
]);

/** The SHA-256 of no bytes: an empty body's payload hash. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEX_DIGEST = /^[0-9a-f]{64}$/;

/**
 * The library's canonical request and string to sign are protected methods; this subclass only makes
 * them callable, so the stages come from the same code that computes the signature.
 */
class StageSigner extends SignatureV4 {
  canonicalRequest(
    request: Parameters<SignatureV4['presign']>[0],
    headers: Record<string, string>,
    payloadHash: string,
  ): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, 'AWS4-HMAC-SHA256');
  }
}

interface SplitUrl {
  scheme: string;
  authority: string;
  host: string;
  rawPath: string;
  rawQuery: string;
}

async function computeStages(args: {
  method: string;
  url: SplitUrl;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  payloadHash: string;
  longDate: string;
  opts: SignOptions & { credentials: SigningCredentials };
}): Promise<SigningStages> {
  const { url, opts, longDate } = args;
  const signer = new StageSigner({
    credentials: opts.credentials,
    region: opts.region,
    service: opts.service,
    sha256: opts.sha256 ?? Sha256,
    // Off: the library neither normalises nor re-encodes the path (S3, or disableDoubleEncoding).
    uriEscapePath: !opts.s3 && !opts.disableDoubleEncoding,
  });
  const signable = new Set(
    Object.keys(args.headers)
      .map((h) => h.toLowerCase())
      .filter((h) => !UNSIGNED_HEADERS.has(h)),
  );
  const canonicalHeaders = getCanonicalHeaders({ headers: args.headers } as never, UNSIGNED_HEADERS, signable);
  const credentialScope = createScope(longDate.slice(0, 8), opts.region, opts.service);
  const canonicalRequest = signer.canonicalRequest(
    {
      method: args.method.toUpperCase(),
      protocol: `${url.scheme}:`,
      hostname: url.host,
      // botocore signs `/` for an empty path.
      path: url.rawPath || '/',
      query: args.query,
      headers: args.headers,
    },
    canonicalHeaders,
    args.payloadHash,
  );
  const stringToSign = await signer.stringToSign(longDate, credentialScope, canonicalRequest);
  const signature = await signer.sign(stringToSign, { signingDate: opts.now });
  return {
    canonicalRequest,
    stringToSign,
    credentialScope,
    signature,
    payloadHash: args.payloadHash,
    signedHeaders: Object.keys(canonicalHeaders).sort().join(';'),
  };
}

/** `scheme://authority/path?query#fragment` without WHATWG normalisation; `host` is the lower-cased authority without userinfo or a default port. */
function splitUrl(url: string): SplitUrl {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (!m) throw new IsoawsError(`Cannot sign a request to ${JSON.stringify(url)}: not an absolute http(s) URL`);
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!;
  let host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  const port = /:(\d+)$/.exec(host);
  if (port && ((scheme === 'https' && port[1] === '443') || (scheme === 'http' && port[1] === '80'))) {
    host = host.slice(0, -port[0].length);
  }
  return { scheme, authority, host, rawPath: m[3]!, rawQuery: m[4] ?? '' };
}

/**
 * The query as the library wants it (decoded; it re-encodes strictly). botocore signs the raw pairs,
 * which is the same string whenever the URL is encoded strictly, as our serializers encode it.
 */
function queryFromRaw(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = bareObject();
  for (const [rawKey, rawValue] of rawPairs(rawQuery)) {
    const key = percentDecode(rawKey);
    const value = percentDecode(rawValue);
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

function rawPairs(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Python's `parse_qs` decoding, which botocore applies to a URL's query before presigning it. */
function formDecode(text: string): string {
  return percentDecode(text.replace(/\+/g, ' '));
}

function signedHeaderList(headers: Record<string, string>): string {
  return [
    ...new Set(
      Object.keys(headers)
        .map((h) => h.toLowerCase())
        .filter((h) => !UNSIGNED_HEADERS.has(h)),
    ),
  ]
    .sort()
    .join(';');
}

async function hashBody(body: SignableRequest['body'], sha256: Sha256Constructor): Promise<string> {
  if (body === undefined) return EMPTY_SHA256;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new IsoawsError(
      'Cannot sign a streamed body without its payload hash: pass payloadHash (a hex SHA-256, or UNSIGNED-PAYLOAD where the service allows it)',
    );
  }
  const hash = new sha256();
  hash.update(body);
  return toHex(await hash.digest());
}

/**
 * The four HMACs that turn a secret key into the day's signing key (kDate, kRegion, kService,
 * kSigning), as hex: for showing how a signature is made. Signing itself leaves this to the library.
 */
export async function signingKeySteps(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
  sha256: Sha256Constructor = Sha256,
): Promise<string[]> {
  return (await signingKeyChain(secretAccessKey, shortDate, region, service, sha256)).map(toHex);
}

async function signingKeyChain(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
  sha256: Sha256Constructor,
): Promise<Uint8Array[]> {
  const steps: Uint8Array[] = [];
  let key: string | Uint8Array = `AWS4${secretAccessKey}`;
  for (const part of [shortDate, region, service, 'aws4_request']) {
    key = await hmac(sha256, key, part);
    steps.push(key);
  }
  return steps;
}

async function hmac(sha256: Sha256Constructor, key: string | Uint8Array, data: string): Promise<Uint8Array> {
  const mac: InstanceType<Sha256Constructor> = new sha256(key);
  mac.update(data);
  return mac.digest();
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
  const sha256 = opts.sha256 ?? Sha256;
  const shortDate = opts.longDate.slice(0, 8);
  const scope = `${shortDate}/${opts.region}/${opts.service}/aws4_request`;
  const hash = new sha256();
  hash.update(canonicalRequest);
  const stringToSign = `AWS4-HMAC-SHA256\n${opts.longDate}\n${scope}\n${toHex(await hash.digest())}`;
  const chain = await signingKeyChain(opts.secretAccessKey, shortDate, opts.region, opts.service, sha256);
  return toHex(await hmac(sha256, chain.at(-1)!, stringToSign));
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

/** `20261205T120000Z`: SigV4's X-Amz-Date form of a time, to the second. */
export function amzDate(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The time an X-Amz-Date (`20261205T120000Z`) states. */
export function fromAmzDate(longDate: string): Date {
  const d = longDate;
  return new Date(
    Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15)),
  );
}
