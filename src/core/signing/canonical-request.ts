/**
 * What every AWS4 signature shares, whatever signs the string at the end (SigV4's HMAC in sigv4.ts,
 * SigV4a's ECDSA in sigv4a.ts): the canonical request, the headers a signed request carries, the query
 * of a presigned URL, and the hashing seam. The rules are botocore's (auth.py); sigv4.ts's header comment
 * says where they are easy to get wrong.
 */
import { IsoawsError, ParamValidationError } from '../errors.js';
import { toHex } from '../hex.js';
import { getHeader, headerName, withoutHeaders } from '../headers.js';
import type { HttpBody, Sha256Constructor } from '../host.js';
import { bareObject } from '../own.js';
import { uriEncode } from '../request-url.js';

/** Default lifetime of a presigned URL, in seconds (the AWS CLI's `s3 presign --expires-in`). */
export const DEFAULT_PRESIGN_EXPIRES = 3600;
/** Presigned URLs cannot outlive a week. */
export const MAX_PRESIGN_EXPIRES = 604_800;
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** The SHA-256 of no bytes: an empty body's payload hash. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEX_DIGEST = /^[0-9a-f]{64}$/;

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

/** `req` with the headers the signer set: the same type, whatever literal headers it was built with. */
export type Signed<T extends SignableRequest> = Omit<T, 'headers'> & { headers: Record<string, string> };

/** Every intermediate value of one signature, as the signing test suites list them. */
export interface SigningStages {
  canonicalRequest: string;
  stringToSign: string;
  /** `host;x-amz-date;…` */
  signedHeaders: string;
  credentialScope: string;
  payloadHash: string;
  signature: string;
}

/** How the path is written in the canonical request. */
export interface PathRules {
  /** S3 rules: path signed as sent, `X-Amz-Content-SHA256` always sent, presigned URLs unsigned-payload. */
  s3?: boolean;
  /** An endpoint auth scheme's `disableDoubleEncoding`: sign the path as sent, like S3. */
  disableDoubleEncoding?: boolean;
  /**
   * Encode the path once more but leave its `.`, `..` and empty segments as they are (the CRT signer's
   * `should_normalize_uri_path = False`, Smithy's `disableNormalizePath`). botocore never asks for it;
   * the signing test suites do.
   */
  disableNormalizePath?: boolean;
}

/** What the signers take besides the algorithm's own settings. */
export interface CommonSignOptions extends PathRules {
  credentials: SigningCredentials;
  now: Date;
  /** A precomputed hex SHA-256 of the body, `UNSIGNED-PAYLOAD` or a streaming marker; required for stream and Blob bodies. */
  payloadHash?: string;
  /** Hash constructor for HMACs and in-memory bodies; defaults to the portable one (./sha256.ts). */
  sha256?: Sha256Constructor;
}

export interface SplitUrl {
  scheme: string;
  authority: string;
  host: string;
  rawPath: string;
  rawQuery: string;
}

/** The header form's request before its signature: what is sent, what is signed, and the payload hash. */
export interface HeaderSigningInput {
  url: SplitUrl;
  longDate: string;
  /** The headers sent: the request's, with the date, token and `own` headers set; Authorization is added last. */
  headers: Record<string, string>;
  /** `headers` with `host` added when the request has none. */
  signingHeaders: Record<string, string>;
  query: Record<string, string | string[]>;
  payloadHash: string;
}

/**
 * The headers a signature covers: `x-amz-date`, `x-amz-security-token` (temporary credentials), the
 * algorithm's `own` headers, and `x-amz-content-sha256` for S3 or an unsigned/streaming payload, each
 * replacing the request's in any spelling. The payload hash is the one given, else the request's
 * `X-Amz-Content-SHA256`, else the body's.
 */
export async function headerSigningInput(
  req: SignableRequest,
  opts: CommonSignOptions,
  own: Record<string, string> = {},
): Promise<HeaderSigningInput> {
  const url = splitUrl(req.url);
  const longDate = amzDate(opts.now);
  const { credentials } = opts;
  const headers = withoutHeaders(req.headers, [
    'authorization',
    'x-amz-date',
    ...(credentials.sessionToken ? ['x-amz-security-token'] : []),
    ...Object.keys(own),
  ]);
  headers['x-amz-date'] = longDate;
  Object.assign(headers, own);
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
  return { url, longDate, headers, signingHeaders, query: queryFromRaw(url.rawQuery), payloadHash };
}

/** A presigned URL's request before its auth parameters: the headers its user must send, and its own query. */
export interface PresignInput {
  url: SplitUrl;
  longDate: string;
  /** The request's headers that stay headers (and are signed), `host` added when missing. */
  signingHeaders: Record<string, string>;
  /** The operation's query parameters as botocore reads them back (form decoding, first value of a repeated key). */
  operationParams: Map<string, string>;
  payloadHash: string;
  expiresIn: number;
}

/**
 * The common part of presigning: the expiry checked (1 s to a week), the form content type botocore's
 * query serializer adds dropped (it is not sent with a presigned URL), the operation's parameters read
 * back, and the payload hash (`UNSIGNED-PAYLOAD` for S3, else the body's).
 */
export async function presignInput(
  req: SignableRequest,
  opts: CommonSignOptions & { expiresIn?: number },
): Promise<PresignInput> {
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
  const headers = withoutHeaders(req.headers, ['authorization']);
  const contentType = headerName(headers, 'content-type');
  if (contentType && headers[contentType] === 'application/x-www-form-urlencoded; charset=utf-8')
    delete headers[contentType];
  const signingHeaders = getHeader(headers, 'host') === undefined ? { ...headers, host: url.host } : headers;
  const operationParams = new Map<string, string>();
  for (const [key, value] of rawPairs(url.rawQuery)) {
    const name = formDecode(key);
    if (!operationParams.has(name)) operationParams.set(name, formDecode(value));
  }
  const payloadHash =
    opts.payloadHash ??
    getHeader(headers, 'x-amz-content-sha256') ??
    (opts.s3 ? UNSIGNED_PAYLOAD : await hashBody(req.body, await hasher(opts.sha256)));
  return { url, longDate: amzDate(opts.now), signingHeaders, operationParams, payloadHash, expiresIn };
}

/** The pairs of a presigned URL's query, each strictly encoded, in the order given. */
export function encodedQuery(pairs: Iterable<readonly [string, string]>): string {
  return [...pairs].map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
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

/**
 * The canonical request: method, path, query, the signed headers one per line, their names, and the
 * payload hash; with the `host;x-amz-date;…` list it names.
 */
export function canonicalRequestOf(args: {
  method: string;
  url: SplitUrl;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  payloadHash: string;
  rules: PathRules;
}): { canonicalRequest: string; signedHeaders: string } {
  const headers = canonicalHeaders(args.headers);
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  // botocore signs `/` for an empty path.
  const path = args.url.rawPath || '/';
  const { rules } = args;
  const canonicalRequest = [
    args.method.toUpperCase(),
    rules.s3 || rules.disableDoubleEncoding ? path : encodedPath(path, !rules.disableNormalizePath),
    canonicalQuery(args.query),
    ...names.map((name) => `${name}:${headers[name]}`),
    '',
    signedHeaders,
    args.payloadHash,
  ].join('\n');
  return { canonicalRequest, signedHeaders };
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
    // Most values have nothing to fold or trim; the test spares them three passes.
    canonical[lower] = UNTIDY_VALUE.test(value)
      ? value
          .replace(/[\r\n]/g, ' ')
          .replace(/[ \t]+/g, ' ')
          .replace(/^ | $/g, '')
      : value;
  }
  return canonical;
}

/** A header value with a line break, a tab, a run of spaces, or a space at either end. */
const UNTIDY_VALUE = /[\r\n\t]| {2}|^ | $/;

/**
 * The path of a service other than S3, encoded a second time, slashes aside; normalised first unless told
 * not to: `.` and `..` segments resolved, empty segments dropped (a trailing slash kept).
 */
function encodedPath(path: string, normalise: boolean): string {
  return uriEncode(normalise ? normalisedPath(path) : path).replace(/%2F/g, '/');
}

function normalisedPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${trailing}`;
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
export function splitUrl(url: string): SplitUrl {
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
export function queryFromRaw(rawQuery: string): Record<string, string | string[]> {
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

/** The sorted, de-duplicated lower-case names of the headers a presigned URL signs. */
export function signedHeaderList(headers: Record<string, string>): string {
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
export async function hasher(given: Sha256Constructor | undefined): Promise<Sha256Constructor> {
  return given ?? (await import('./sha256.js')).Sha256;
}

/** SHA-256 of `data`, or its HMAC under `key`. */
export async function digest(sha256: Sha256Constructor, data: string | Uint8Array, key?: string | Uint8Array) {
  const hash = new sha256(key);
  hash.update(data);
  return hash.digest();
}

/** The last second written: every request of a busy second carries the same date. */
let lastAmzDate = { second: NaN, text: '' };

/**
 * `20261205T120000Z`: SigV4's X-Amz-Date form of a time, to the second. Written from the UTC fields: a
 * process's first toISOString costs about 0.7 ms (it reads the time zone), a tenth of a first call's signing.
 */
export function amzDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (Number.isNaN(second)) throw new RangeError('Invalid time value');
  if (second !== lastAmzDate.second) {
    const two = (n: number) => String(n).padStart(2, '0');
    const day = `${String(now.getUTCFullYear()).padStart(4, '0')}${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}`;
    const time = `${two(now.getUTCHours())}${two(now.getUTCMinutes())}${two(now.getUTCSeconds())}`;
    lastAmzDate = { second, text: `${day}T${time}Z` };
  }
  return lastAmzDate.text;
}

/** The time an X-Amz-Date (`20261205T120000Z`) states. */
export function fromAmzDate(longDate: string): Date {
  const d = longDate;
  return new Date(
    Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15)),
  );
}
