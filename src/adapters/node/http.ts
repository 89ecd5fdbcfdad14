/**
 * The Node transport: node:http / node:https with keep-alive agents (one set per transport, not per
 * process). https is imported only when an https URL is used, so a local http call never pays for TLS
 * set-up. Proxies come from the environment (proxy.ts): http URLs are sent to the proxy in absolute
 * form, https URLs through a CONNECT tunnel. Failures become NetworkError in the AWS CLI's wording; an
 * abort becomes AbortedError.
 */
import type { Agent as HttpAgent, ClientRequest, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AbortedError, IsoawsError, NetworkError } from '../../core/errors.js';
import type { HttpRequest, HttpResponse, SendOptions } from '../../core/host.js';
import { proxyFor, type Proxy } from './proxy.js';

export interface TransportOptions {
  /** Verify TLS certificates (`--no-verify-ssl` turns this off). */
  verifyTls?: boolean;
  /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read (the process environment by default). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Certificate failures by Node's error code, in OpenSSL's words as the AWS CLI prints them after
 * "SSL validation failed for <url>" (less Python's `(_ssl.c:NNN)` source location). The empty entry is
 * a name mismatch, whose text names the host.
 */
const TLS_FAILURES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: '',
};

/** The proxy refused the tunnel or could not be reached: named without its credentials. */
class ProxyError extends Error {}

export function createNodeTransport(opts: TransportOptions = {}) {
  const env = opts.env ?? process.env;
  const agents = new Map<string, HttpAgent>();
  const agentFor = async (protocol: string, tls: SendOptions['tls'], proxy: Proxy | undefined) => {
    const verify = tls?.verify ?? opts.verifyTls !== false;
    const key = `${protocol === 'https:' ? `https:${verify}:${tls?.caBundle ?? ''}` : protocol}|${proxy?.url.href ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
      if (protocol === 'https:') {
        const https = await import('node:https');
        const ca = tls?.caBundle === undefined ? undefined : await readCaBundle(tls.caBundle);
        const agentOpts = { keepAlive: true, maxSockets: 50, rejectUnauthorized: verify, ...(ca ? { ca } : {}) };
        agent = proxy ? await tunnelAgent(proxy, agentOpts) : new https.Agent(agentOpts);
      } else {
        const http = await import('node:http');
        agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
      }
      agents.set(key, agent);
    }
    return agent;
  };

  return async function send(req: HttpRequest, sendOpts: SendOptions): Promise<HttpResponse> {
    const url = new URL(req.url);
    const proxy = proxyFor(url, env);
    const agent = await agentFor(url.protocol, sendOpts.tls, proxy);
    const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const headers: Record<string, string> = { ...req.headers };
    if (req.body instanceof Uint8Array) headers['content-length'] = String(req.body.length);
    else if (req.body instanceof Blob) headers['content-length'] = String(req.body.size);
    // Plain http through a proxy: the proxy gets the absolute URL (and the target's Host header).
    const viaProxy = proxy && url.protocol === 'http:';
    if (viaProxy) {
      headers.host = url.host;
      if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
    }
    const target = viaProxy
      ? { hostname: proxy.url.hostname, port: proxy.url.port || 80, path: url.href }
      : { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}` };
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => { if (!settled) { settled = true; reject(err); } };
      const request: ClientRequest = mod.request({ ...target, method: req.method, headers, agent, signal: sendOpts.signal }, (res: IncomingMessage) => {
        settled = true;
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ statusCode: res.statusCode ?? 0, headers: out, body: res as AsyncIterable<Uint8Array> });
      });
      if (sendOpts.readTimeoutMs) {
        request.setTimeout(sendOpts.readTimeoutMs, () => request.destroy(new NetworkError(req.url, `Read timeout on endpoint URL: "${req.url}"`)));
      }
      const connectTimeout = sendOpts.connectTimeoutMs;
      if (connectTimeout) {
        // Only a new connection has a connect phase; a kept-alive socket is already connected.
        request.once('socket', (socket) => {
          if (!socket.connecting) return;
          const timer = setTimeout(() => request.destroy(new NetworkError(req.url, `Connect timeout on endpoint URL: "${req.url}"`)), connectTimeout);
          socket.once('connect', () => clearTimeout(timer));
          socket.once('close', () => clearTimeout(timer));
        });
      }
      request.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof NetworkError) return fail(err);
        if (sendOpts.signal?.aborted || err.name === 'AbortError') return fail(new AbortedError(undefined, { cause: err }));
        if (proxy && (err instanceof ProxyError || viaProxy && err.code === 'ECONNREFUSED')) {
          return fail(new NetworkError(req.url, `Failed to connect to proxy URL: "${proxy.display}"`, { cause: err }));
        }
        const tls = err.code === undefined ? undefined : TLS_FAILURES[err.code];
        if (tls !== undefined) {
          return fail(new NetworkError(req.url, `SSL validation failed for ${req.url} [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${tls || `Hostname mismatch, certificate is not valid for '${url.hostname}'.`}`, { cause: err }));
        }
        fail(new NetworkError(req.url, `Could not connect to the endpoint URL: "${req.url}"`, { cause: err }));
      });
      const body = req.body;
      if (body === undefined) request.end();
      else if (body instanceof Uint8Array) request.end(body);
      else {
        const source = body instanceof Blob ? (body.stream() as unknown as AsyncIterable<Uint8Array>) : body;
        (async () => {
          for await (const chunk of source) {
            if (!request.write(chunk)) await new Promise((r) => request.once('drain', r));
          }
          request.end();
        })().catch((err: Error) => request.destroy(err));
      }
    });
  };
}

/** The certificates of `--ca-bundle`; a file that cannot be read is a configuration error, as in botocore. */
async function readCaBundle(path: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path);
  } catch (err) {
    throw new IsoawsError(`Could not find a suitable TLS CA certificate bundle, invalid path: ${path}`, { cause: err });
  }
}

/**
 * An https agent whose connections are CONNECT tunnels through `proxy` (with its Basic credentials),
 * TLS then running inside the tunnel to the real host.
 */
async function tunnelAgent(proxy: Proxy, agentOpts: import('node:https').AgentOptions): Promise<HttpAgent> {
  const [https, http, tls] = await Promise.all([import('node:https'), import('node:http'), import('node:tls')]);
  class TunnelAgent extends https.Agent {
    override createConnection(options: import('node:tls').ConnectionOptions & { host?: string; port?: number }, callback: (err: Error | null, socket?: Duplex) => void): undefined {
      const authority = `${options.host}:${options.port ?? 443}`;
      const connect = http.request({
        hostname: proxy.url.hostname, port: proxy.url.port || 80, method: 'CONNECT', path: authority,
        headers: { host: authority, ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}) },
      });
      connect.once('connect', (res, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          return callback(new ProxyError(`the proxy answered CONNECT with ${res.statusCode}`));
        }
        callback(null, tls.connect({ ...options, socket, servername: options.servername ?? options.host }));
      });
      connect.once('error', (err) => callback(new ProxyError(err.message)));
      connect.end();
      return undefined;
    }
  }
  return new TunnelAgent(agentOpts);
}
