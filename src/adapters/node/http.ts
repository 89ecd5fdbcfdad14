/**
 * The Node transport: HTTP/1.1 on node:net / node:tls sockets (http1.ts reads and writes them), kept
 * alive per origin, at most 50 at once each. node:tls is imported only when an https URL is used, so a
 * local http call never pays for TLS set-up. Proxies come from the environment (proxy.ts): http URLs are
 * sent to the proxy in absolute form, https URLs through a CONNECT tunnel. Failures become NetworkError in
 * the AWS CLI's wording; an abort becomes AbortedError.
 */
import * as net from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { AbortedError, NetworkError } from '../../core/errors.js';
import type { HttpBody, HttpRequest, HttpResponse, SendOptions } from '../../core/host.js';
import { requestTarget } from '../../core/request-url.js';
import { headerName, setDefaultHeader, setHeader } from '../../core/headers.js';
import { getOwn } from '../../core/own.js';
import { ProtocolError, Reader, writeBody, writeRequest } from './http1.js';
import { proxyFor, type Proxy } from './proxy.js';
/** How long a body announced with `Expect: 100-continue` waits for the go-ahead before it is sent anyway (botocore's). */
const CONTINUE_TIMEOUT_MS = 1000;

export interface TransportOptions {
  /** Verify TLS certificates (`--no-verify-ssl` turns this off). */
  verifyTls?: boolean;
  /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read (the process environment by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Told of what the user should know (a certificate left unchecked), once per host: stderr. */
  warn?(text: string): void;
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

/** Connections per origin, as node:http's agent was set to. */
const MAX_SOCKETS = 50;

/** A kept-alive connection and the reader its socket was made with. */
interface Connection {
  socket: net.Socket;
  reader: Reader;
}

/**
 * The kept-alive connections, by origin and by what a connection was made with (TLS trust, proxy): one set
 * for the process, as node:http's global agent is, so that every host shares them. The library makes a
 * host for each `createClient`, and a program making a client per request would otherwise open a
 * connection (and, to AWS, shake hands in TLS) for each.
 */
const pools = new Map<string, { idle: Connection[]; open: number; waiting: Array<() => void> }>();

export function createNodeTransport(opts: TransportOptions = {}) {
  const env = opts.env ?? process.env;
  const unverified = new Set<string>();

  /** An idle connection to the origin, else a new one once fewer than MAX_SOCKETS are open. */
  const acquire = async (
    key: string,
    connect: (reader: Reader) => Promise<net.Socket>,
    fresh: boolean,
  ): Promise<{ conn: Connection; reused: boolean }> => {
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = { idle: [], open: 0, waiting: [] }));
    for (;;) {
      const idle = fresh ? undefined : pool.idle.pop();
      // Closed, or sent bytes while idle (nothing it says can be trusted to start an answer).
      if (idle && (!idle.socket.writable || idle.reader.stray)) {
        idle.socket.destroy();
        continue;
      }
      if (idle) {
        idle.socket.ref();
        idle.socket.resume();
        return { conn: idle, reused: true };
      }
      if (pool.open < MAX_SOCKETS) break;
      await new Promise<void>((resolve) => pool!.waiting.push(resolve));
    }
    pool.open++;
    const reader = new Reader();
    const release = () => {
      pool!.open--;
      pool!.waiting.shift()?.();
    };
    let socket: net.Socket;
    try {
      socket = await connect(reader);
    } catch (err) {
      release();
      throw err;
    }
    reader.socket = socket;
    const conn = { socket, reader };
    socket.on('close', () => {
      release();
      pool!.idle = pool!.idle.filter((c) => c !== conn);
      reader.closed();
    });
    // An idle connection's errors only close it; a request's are reported by its own listener.
    socket.on('error', () => undefined);
    return { conn, reused: false };
  };

  const putBack = (key: string, conn: Connection) => {
    const pool = pools.get(key)!;
    if (conn.socket.destroyed || conn.reader.stray) return conn.socket.destroy();
    conn.socket.setTimeout(0);
    conn.socket.unref();
    pool.idle.push(conn);
    pool.waiting.shift()?.();
  };

  return async function send(req: HttpRequest, sendOpts: SendOptions): Promise<HttpResponse> {
    if (sendOpts.signal?.aborted) throw new AbortedError();
    const url = parseUrl(req.url);
    const proxy = proxyFor(url, env);
    const secure = url.protocol === 'https:';
    const verify = sendOpts.tls?.verify ?? opts.verifyTls !== false;
    // As urllib3 warns, once per host: --no-verify-ssl leaves the connection open to anyone in the middle.
    if (secure && !verify && !unverified.has(url.hostname)) {
      unverified.add(url.hostname);
      opts.warn?.(
        `InsecureRequestWarning: Unverified HTTPS request is being made to host '${url.hostname}'. Adding certificate verification is strongly advised.\n`,
      );
    }
    const key = `${url.protocol}//${url.host}|${secure ? `${verify}:${sendOpts.tls?.caBundle ?? ''}` : ''}|${proxy?.url.href ?? ''}`;
    // Plain http through a proxy: the proxy gets the absolute URL (and the target's Host header).
    const viaProxy = proxy !== undefined && !secure;
    // One line per header whatever the spelling it was given in.
    const headers: Record<string, string> = { ...req.headers };
    setDefaultHeader(headers, 'Host', url.host);
    if (viaProxy && proxy.authorization) setHeader(headers, 'proxy-authorization', proxy.authorization);
    const body = req.body;
    if (body instanceof Uint8Array) setHeader(headers, 'content-length', String(body.length));
    else if (body instanceof Blob) setHeader(headers, 'content-length', String(body.size));
    // A stream can be read once only, and its length is known only if the caller gave it.
    const replayable = body === undefined || body instanceof Uint8Array || body instanceof Blob;
    const chunked = !replayable && headerName(headers, 'content-length') === undefined;
    if (chunked) setHeader(headers, 'transfer-encoding', 'chunked');
    const target = requestTarget(req.url);
    let head = `${req.method} ${viaProxy ? `${url.protocol}//${url.host}${target}` : target} HTTP/1.1\r\n`;
    for (const [name, value] of Object.entries(headers)) {
      // As node:http refuses them: a line break in a value would start a header the signer never saw.
      if (/[^\t\x20-\x7e\x80-\xff]/.test(value))
        throw Object.assign(new TypeError(`Invalid character in header content ["${name}"]`), {
          code: 'ERR_INVALID_CHAR',
        });
      head += `${name}: ${value}\r\n`;
    }
    head += '\r\n';

    /**
     * Failures in the AWS CLI's words, by when they came: while connecting, before the answer's head was
     * whole, or reading its body. Where the CLI's sentence does not say what went wrong (refused, reset,
     * not HTTP), a second line does.
     */
    const mapError = (err: Error & { code?: string }, phase: 'connect' | 'answer' | 'body'): Error => {
      if (err instanceof NetworkError || err instanceof AbortedError) return err;
      const fail = (message: string) => new NetworkError(req.url, message, { cause: err });
      if (err instanceof ConnectTimeout) return fail(`Connect timeout on endpoint URL: "${req.url}"`);
      if (proxy && (err instanceof ProxyError || (viaProxy && err.code === 'ECONNREFUSED')))
        return fail(`Failed to connect to proxy URL: "${proxy.display}"`);
      if (err instanceof CaBundleError)
        return fail(`SSL validation failed for ${req.url} [Errno 2] No such file or directory: '${err.path}'`);
      const tls = err.code === undefined ? undefined : getOwn(TLS_FAILURES, err.code);
      if (tls !== undefined) {
        return fail(
          `SSL validation failed for ${req.url} [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${tls || `Hostname mismatch, certificate is not valid for '${url.hostname}'.`}`,
        );
      }
      // Cut off part-way through the response (botocore's ResponseStreamingError).
      if (phase === 'body') return fail(`An error occurred while reading from response stream: ${err.message}`);
      const cliMessage = err instanceof ProtocolError ? (err as ProtocolError).cliMessage : undefined;
      if (cliMessage) return fail(cliMessage);
      if (phase === 'answer')
        return fail(
          `Connection was closed before we received a valid response from endpoint URL: "${req.url}".\n${failureReason(err)}`,
        );
      return fail(`Could not connect to the endpoint URL: "${req.url}"\n${failureReason(err, url.hostname)}`);
    };

    const connect = (reader: Reader) =>
      openSocket(url, proxy, {
        verify,
        caBundle: sendOpts.tls?.caBundle,
        connectTimeoutMs: sendOpts.connectTimeoutMs,
        signal: sendOpts.signal,
        reader,
      });
    // A kept-alive connection the server closed just as it was taken fails before any answer: the request
    // goes again, once, on a new connection when its body can be sent again. (urllib3 looks whether a
    // connection was closed before reusing it; Node cannot tell without reading from it.)
    for (let fresh = false; ; fresh = true) {
      const { conn, reused } = await acquire(key, connect, fresh).catch((err: Error) => {
        throw mapError(err, 'connect');
      });
      try {
        return await exchange(conn, {
          url: req.url,
          head,
          body,
          chunked,
          headOnly: req.method === 'HEAD',
          expectContinue: /^100-continue$/i.test(req.headers[headerName(req.headers, 'expect') ?? ''] ?? ''),
          sendOpts,
          mapError,
          putBack: () => putBack(key, conn),
        });
      } catch (err) {
        if (!(err instanceof StaleConnection)) throw err;
        if (!reused || !replayable || fresh) throw err.failure;
      }
    }
  };
}

/**
 * One request on one connection, answered once its head has come; the connection goes back to the pool
 * (`putBack`) once the request is all sent and the answer all read.
 */
function exchange(
  conn: Connection,
  o: {
    url: string;
    head: string;
    body: HttpBody | undefined;
    chunked: boolean;
    headOnly: boolean;
    /** The head carries `Expect: 100-continue`. */
    expectContinue: boolean;
    sendOpts: SendOptions;
    mapError(err: Error, phase: 'answer' | 'body'): Error;
    putBack(): void;
  },
): Promise<HttpResponse> {
  const { socket, reader } = conn;
  const { sendOpts } = o;
  return new Promise<HttpResponse>((resolve, reject) => {
    let answered = false;
    let failed = false;
    let sent = false;
    let bodyDone: boolean | undefined;
    const cleanup = () => {
      socket.off('error', fail);
      socket.off('close', onClose);
      socket.off('timeout', onTimeout);
      sendOpts.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error): Error => {
      const mapped = o.mapError(err, answered ? 'body' : 'answer');
      if (failed) return mapped;
      failed = true;
      cleanup();
      // A body being read ends with this error.
      reader.closed(mapped);
      socket.destroy();
      if (!answered) {
        answered = true;
        const hungUp = ['ECONNRESET', 'EPIPE'].includes((err as NodeJS.ErrnoException).code ?? '');
        reject(hungUp && !reader.heard ? new StaleConnection(mapped) : mapped);
      }
      return mapped;
    };
    const onClose = () => fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const onTimeout = () => fail(new NetworkError(o.url, `Read timeout on endpoint URL: "${o.url}"`));
    const onAbort = () => fail(new AbortedError());
    // A response that ended before its request was all sent leaves the connection unusable.
    const settle = () => {
      if (bodyDone === undefined || failed) return;
      if (!sent) return void socket.destroy();
      cleanup();
      if (bodyDone) o.putBack();
      else socket.destroy();
    };
    socket.on('error', fail);
    socket.on('close', onClose);
    if (sendOpts.readTimeoutMs) {
      socket.setTimeout(sendOpts.readTimeoutMs);
      socket.on('timeout', onTimeout);
    }
    sendOpts.signal?.addEventListener('abort', onAbort, { once: true });
    // `Expect: 100-continue` (S3 uploads): the body waits for the server's go-ahead, a second at most.
    let goAhead: ((go: boolean) => void) | undefined;
    const waited = o.expectContinue
      ? new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), CONTINUE_TIMEOUT_MS);
          goAhead = (go) => {
            clearTimeout(timer);
            resolve(go);
          };
        })
      : undefined;
    reader.expect(
      o.headOnly,
      {
        interim: () => goAhead?.(true),
        head: (h, responseBody) => {
          answered = true;
          // A final answer instead of 100 Continue: the body is not sent (nor the connection used again).
          goAhead?.(false);
          resolve({ statusCode: h.statusCode, headers: h.headers, body: responseBody });
        },
        done: (reusable) => {
          bodyDone = reusable;
          settle();
        },
        fail,
      },
      sendOpts.bodyInto,
    );
    const written = waited
      ? writeRequest(socket, o.head, undefined, false)
          .then(() => waited)
          .then(async (go) => go && (await writeBody(socket, o.body, o.chunked), true))
      : writeRequest(socket, o.head, o.body, o.chunked).then(() => true);
    written.then((all) => {
      sent = all;
      settle();
    }, fail);
  });
}

/** The connection closed before a byte of the answer came: `failure` is the error to report if not sent again. */
class StaleConnection extends Error {
  constructor(readonly failure: Error) {
    super(failure.message);
  }
}

/** The socket a request goes out on: straight to the origin, through an http proxy, or TLS in a CONNECT tunnel. */
async function openSocket(
  url: URL,
  proxy: Proxy | undefined,
  o: { verify: boolean; caBundle?: string; connectTimeoutMs?: number; signal?: AbortSignal; reader: Reader },
): Promise<net.Socket> {
  const { host, port } = hostAndPort(url, url.protocol === 'https:' ? 443 : 80);
  const dial = (to: { host: string; port: number }, onread?: Reader['onread']) =>
    connected(net.connect({ ...to, noDelay: true, ...(onread ? { onread } : {}) }), 'connect', o);
  if (url.protocol !== 'https:') return dial(proxy ? hostAndPort(proxy.url, 80) : { host, port }, o.reader.onread);
  const tls = await import('node:tls');
  const ca = o.caBundle === undefined ? undefined : await readCaBundle(o.caBundle);
  const tunnel = proxy
    ? await connectTunnel(
        await dial(hostAndPort(proxy.url, 80)).catch((err: Error) => {
          throw err instanceof AbortedError || err instanceof ConnectTimeout ? err : new ProxyError(err.message);
        }),
        `${url.hostname}:${port}`,
        proxy,
      )
    : undefined;
  // node:tls takes net's `onread` (its types do not say so), except over a tunnel's socket, whose reads
  // come as chunks of their own. `host` names whom the certificate must be for, tunnelled or not.
  const secure: TLSSocket = tls.connect({
    host,
    ...(tunnel ? { socket: tunnel } : { port, onread: o.reader.onread }),
    ...(net.isIP(host) ? {} : { servername: host }),
    rejectUnauthorized: o.verify,
    ...(ca ? { ca } : {}),
  } as ConnectionOptions & Pick<net.TcpNetConnectOpts, 'onread'>);
  if (tunnel)
    secure.on('data', (chunk: Buffer) => {
      if (!o.reader.feed(chunk)) secure.pause();
    });
  secure.setNoDelay(true);
  return connected(secure, 'secureConnect', o);
}

/** Where to connect for a URL: its host without an IPv6 literal's brackets, its port or the scheme's. */
function hostAndPort(url: URL, defaultPort: number): { host: string; port: number } {
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || defaultPort };
}

/** Resolves once `socket` is connected (`event`): rejects on its error, on the connect timeout or on an abort. */
function connected(
  socket: net.Socket,
  event: 'connect' | 'secureConnect',
  o: { connectTimeoutMs?: number; signal?: AbortSignal },
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      socket.off('error', done);
      o.signal?.removeEventListener('abort', onAbort);
      if (!err) return resolve(socket);
      socket.destroy();
      reject(err);
    };
    const onAbort = () => done(new AbortedError());
    const timer = o.connectTimeoutMs ? setTimeout(() => done(new ConnectTimeout()), o.connectTimeoutMs) : undefined;
    socket.once(event, () => done());
    socket.once('error', done);
    o.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** No connection within the connect timeout. */
class ConnectTimeout extends Error {}

/** The certificates of `--ca-bundle` (or AWS_CA_BUNDLE); a file that cannot be read fails the request, as in the CLI. */
async function readCaBundle(path: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path);
  } catch (err) {
    throw new CaBundleError(path, err);
  }
}

/** The CA bundle named by --ca-bundle or AWS_CA_BUNDLE cannot be read. */
class CaBundleError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot read the CA bundle ${path}`, { cause });
  }
}

/** What a system error code means, for the line that follows the CLI's sentence. */
/**
 * The URL to connect to. A host name WHATWG refuses (one ending in a number that is no IPv4 address, as an
 * endpoint's host prefix makes of an IP: `stream-127.0.0.1`) is one no resolver finds either, so it fails
 * as a host that cannot be resolved does, in the CLI's words.
 */
function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]*)/i.exec(text)?.[1] ?? text;
    throw new NetworkError(
      text,
      `Could not connect to the endpoint URL: "${text}"\n${SOCKET_FAILURES.ENOTFOUND} (${host}), a name that is not a valid host name.`,
    );
  }
}

const SOCKET_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'Nothing accepts connections there: the connection was refused',
  ECONNRESET: 'The server reset the connection',
  EPIPE: 'The server closed the connection while the request was being sent',
  ENOTFOUND: 'The host name could not be resolved',
  EAI_AGAIN: 'The host name could not be resolved at this time',
  EHOSTUNREACH: 'The host cannot be reached',
  ENETUNREACH: 'The network cannot be reached',
  ETIMEDOUT: 'The connection timed out',
};

/** Why a request failed, in a sentence of its own. */
function failureReason(err: Error & { code?: string }, host?: string): string {
  if (err.code === 'ECONNRESET' && err.message === 'socket hang up')
    return 'The server closed the connection without answering.';
  const known = err.code === undefined ? undefined : getOwn(SOCKET_FAILURES, err.code);
  if (known) return `${known}${err.code === 'ENOTFOUND' && host ? ` (${host})` : ''} (${err.code}).`;
  const text = err instanceof ProtocolError || !err.code ? err.message : `${err.message} (${err.code})`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Opens a CONNECT tunnel to `authority` through `proxy` (with its Basic credentials) on a connected socket. */
function connectTunnel(socket: net.Socket, authority: string, proxy: Proxy): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const onData = (data: Buffer) => {
      answer += data.toString('latin1');
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('error', onError);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1]);
      if (status !== 200) {
        socket.destroy();
        return reject(new ProxyError(`the proxy answered CONNECT with ${status}`));
      }
      socket.pause();
      resolve(socket);
    };
    const onError = (err: Error) => reject(new ProxyError(err.message));
    socket.on('data', onData);
    socket.once('error', onError);
    socket.write(
      `CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n${proxy.authorization ? `proxy-authorization: ${proxy.authorization}\r\n` : ''}\r\n`,
    );
  });
}
