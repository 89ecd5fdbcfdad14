/**
 * AWS Signature Version 4, byte for byte as botocore signs (auth.py `SigV4Auth`, `S3SigV4Auth`,
 * `SigV4QueryAuth`, `S3SigV4QueryAuth`): the canonical request, the string to sign and the HMAC chain
 * are made here, so each stage can be shown (`--debug`, the playground) and no signing library's rules
 * creep in. Where botocore's rules are easy to get wrong:
 *
 * - Which headers are signed: every header except a short list (below), where other signers skip more
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
 * chain and for hashing an in-memory body; hosts pass a native one (node:crypto, WebCrypto). Without it
 * the portable `@aws-crypto/sha256-js` is loaded, when first needed, so a page whose host hashes natively
 * never downloads it. A body that is a stream or a Blob is never read here: the caller passes
 * `payloadHash` (a hex digest computed while streaming, `UNSIGNED-PAYLOAD`, or the aws-chunked trailer
 * marker).
 */
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
  const payloadHash = opts.payloadHash ?? present ?? (await hashBody(req.body, await hasher(opts.sha256)));
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
  const scope = credentialScope(longDate, opts.region, opts.service);
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
    (opts.s3 ? UNSIGNED_PAYLOAD : await hashBody(req.body, await hasher(opts.sha256)));
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
  const sha256 = await hasher(opts.sha256);
  const headers = canonicalHeaders(args.headers);
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  // botocore signs `/` for an empty path.
  const path = url.rawPath || '/';
  const canonicalRequest = [
    args.method.toUpperCase(),
    opts.s3 || opts.disableDoubleEncoding ? path : normalisedPath(path),
    canonicalQuery(args.query),
    ...names.map((name) => `${name}:${headers[name]}`),
    '',
    signedHeaders,
    args.payloadHash,
  ].join('\n');
  const scope = credentialScope(longDate, opts.region, opts.service);
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${toHex(await digest(sha256, canonicalRequest))}`;
  const key = await signingKey(
    sha256,
    opts.credentials.secretAccessKey,
    longDate.slice(0, 8),
    opts.region,
    opts.service,
  );
  const signature = toHex(await digest(sha256, stringToSign, key));
  return {
    canonicalRequest,
    stringToSign,
    credentialScope: scope,
    signature,
    payloadHash: args.payloadHash,
    signedHeaders,
  };
}

/** `20150830/us-east-1/iam/aws4_request` */
function credentialScope(longDate: string, region: string, service: string): string {
  return `${longDate.slice(0, 8)}/${region}/${service}/aws4_request`;
}

/**
 * The headers that are signed, by lower-case name, their values as SigV4 canonicalises them: line breaks
 * as spaces, runs of spaces and tabs as one space, no leading or trailing space.
 */
function canonicalHeaders(headers: Record<string, string>): Record<string, string> {
  const canonical: Record<string, string> = bareObject();
  for (const name of Object.keys(headers).sort()) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value === undefined || UNSIGNED_HEADERS.has(lower)) continue;
    canonical[lower] = value
      .replace(/[\r\n]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/^ | $/g, '');
  }
  return canonical;
}

/**
 * The path of a service other than S3: `.` and `..` segments resolved, empty segments dropped (a
 * trailing slash kept), then encoded a second time, slashes aside.
 */
function normalisedPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${trailing}`;
  return uriEncode(normalised).replace(/%2F/g, '/');
}

/**
 * The query strictly encoded, sorted by name; a repeated name's pairs sorted among themselves. A
 * signature already in the query (a presigned URL signed again) is left out.
 */
function canonicalQuery(query: Record<string, string | string[]>): string {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(query)) {
    if (name.toLowerCase() === 'x-amz-signature') continue;
    const key = uriEncode(name);
    const pairs = (Array.isArray(value) ? value : [value]).map((v) => `${key}=${uriEncode(v)}`);
    byName.set(key, pairs.sort().join('&'));
  }
  return [...byName.keys()]
    .sort()
    .map((key) => byName.get(key)!)
    .join('&');
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
  return toHex(await digest(sha256, body));
}

/** The host's hash, or the portable one, loaded the first time a signer needs it. */
async function hasher(given: Sha256Constructor | undefined): Promise<Sha256Constructor> {
  return given ?? (await import('@aws-crypto/sha256-js')).Sha256;
}

/** SHA-256 of `data`, or its HMAC under `key`. */
async function digest(sha256: Sha256Constructor, data: string | Uint8Array, key?: string | Uint8Array) {
  const hash = new sha256(key);
  hash.update(data);
  return hash.digest();
}

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
  const sha256 = await hasher(opts.sha256);
  const shortDate = opts.longDate.slice(0, 8);
  const scope = credentialScope(opts.longDate, opts.region, opts.service);
  const stringToSign = `AWS4-HMAC-SHA256\n${opts.longDate}\n${scope}\n${toHex(await digest(sha256, canonicalRequest))}`;
  const key = await signingKey(sha256, opts.secretAccessKey, shortDate, opts.region, opts.service);
  return toHex(await digest(sha256, stringToSign, key));
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
