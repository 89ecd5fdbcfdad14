/**
 * Joins a resolved endpoint URL with a serialized request's path, query and host prefix, the way
 * botocore's `_urljoin` does: an endpoint path (`https://host/custom`) is kept as a prefix, a bare
 * `/` request path leaves the endpoint path alone, and the host prefix goes in front of the host.
 */
import type { SerializedRequest } from './protocols/types.js';

export function buildRequestUrl(
  endpoint: string,
  req: Pick<SerializedRequest, 'path' | 'query' | 'hostPrefix'>,
): string {
  const url = new URL(endpoint);
  const base = url.pathname === '/' ? '' : url.pathname;
  let path: string;
  if (!req.path || req.path === '/') path = base || '/';
  else if (base.endsWith('/') && req.path.startsWith('/')) path = base.slice(0, -1) + req.path;
  else path = base + req.path;
  const host = (req.hostPrefix ?? '') + url.host;
  const query = encodeQuery(req.query);
  return `${url.protocol}//${host}${path}${query ? `?${query}` : ''}`;
}

/** Percent-encodes query pairs with RFC 3986's unreserved set (`A-Za-z0-9-_.~`), as SigV4 expects. */
export function encodeQuery(pairs: ReadonlyArray<readonly [string, string | null]>): string {
  return pairs.map(([k, v]) => (v === null ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`)).join('&');
}

/** `encodeURIComponent` leaves `!'()*` alone; SigV4 and botocore encode them. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The path and query of a URL exactly as given. The WHATWG URL parser collapses `.` and `..` segments
 * (`%2e` spellings too), and an S3 key such as `x/../keep.txt` must reach the server as it is, and as it
 * was signed, not as another key (botocore sends it verbatim).
 */
export function requestTarget(url: string): string {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Whether a URL's path has a `.` or `..` segment, which a browser's fetch would collapse before sending. */
export function hasDotSegment(url: string): boolean {
  return /\/(?:\.|%2e){1,2}(?=[/?#]|$)/i.test(requestTarget(url).replace(/[?#].*$/s, ''));
}
