/**
 * Which proxy a request goes through (seed 000): `http_proxy`/`HTTP_PROXY` for http URLs and
 * `https_proxy`/`HTTPS_PROXY` for https, the lower-case spelling winning when both are set, unless
 * `no_proxy`/`NO_PROXY` exempts the host — by name, domain suffix (with or without a leading dot),
 * IP address, CIDR range, `host:port`, or `*` for everything. The instance metadata service is never
 * proxied. Credentials in the proxy URL become a Basic `Proxy-Authorization` (percent-decoded).
 */
import { isIP } from 'node:net';

export interface Proxy {
  url: URL;
  /** `Basic …` from the URL's user and password, if it has them. */
  authorization?: string;
  /** The URL as messages show it: `http://***:***@host:port` when it carries credentials. */
  display: string;
}

const IMDS_HOSTS = new Set(['169.254.169.254', '[fd00:ec2::254]', 'fd00:ec2::254']);

export function proxyFor(target: URL, env: Readonly<Record<string, string | undefined>>): Proxy | undefined {
  const scheme = target.protocol === 'https:' ? 'https' : 'http';
  const raw = env[`${scheme}_proxy`] ?? env[`${scheme.toUpperCase()}_PROXY`];
  if (!raw || IMDS_HOSTS.has(target.hostname)) return undefined;
  if (bypassed(target, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined;
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const authorization =
    url.username || url.password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  const display = authorization ? `${url.protocol}//***:***@${url.host}` : `${url.protocol}//${url.host}`;
  return { url, authorization, display };
}

function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const rawEntry of noProxy.split(/[,\s]+/)) {
    const entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/') && isIP(host) === 4 && inCidr(host, entry)) return true;
    const [name, entryPort] = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = name.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitPort(entry: string): [string, string | undefined] {
  const m = /^(.*?):(\d+)$/.exec(entry);
  return m && !entry.startsWith('[') && (m[1]!.match(/:/g)?.length ?? 0) === 0
    ? [m[1]!, m[2]]
    : [entry.replace(/^\[|\]$/g, ''), undefined];
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (isIP(base!) !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const toInt = (a: string) => a.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(base!) & mask);
}
