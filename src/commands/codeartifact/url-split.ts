/**
 * Splitting a repository URL into its parts as Python's urlsplit does, with no normalising: npm's
 * config keys and ~/.netrc's machine use the host and path as CodeArtifact gave them.
 */

interface UrlParts {
  scheme: string;
  netloc: string;
  path: string;
}

export function urlSplit(url: string): UrlParts {
  const colon = url.indexOf(':');
  const hasScheme = colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(url.slice(0, colon));
  const scheme = hasScheme ? url.slice(0, colon).toLowerCase() : '';
  let rest = hasScheme ? url.slice(colon + 1) : url;
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end === -1 ? '' : rest.slice(end + 2);
  }
  const pathEnd = rest.search(/[?#]/);
  return { scheme, netloc, path: pathEnd === -1 ? rest : rest.slice(0, pathEnd) };
}

/** urlsplit's `hostname`: no user or port, no IPv6 brackets, lower case. */
export function urlHostname(url: string): string {
  const hostinfo = urlSplit(url).netloc.split('@').at(-1)!;
  const host = hostinfo.startsWith('[') ? hostinfo.slice(1).split(']')[0]! : hostinfo.split(':')[0]!;
  return host.toLowerCase();
}
