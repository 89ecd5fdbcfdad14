/**
 * Host.openWebSocket for Node (Node 20 has no WebSocket of its own): an RFC 6455 client over node:tls
 * (node:net for `ws://`), through the environment's proxy with a CONNECT tunnel as an HTTPS request goes
 * (proxy.ts). Only what a byte tunnel needs: binary and text messages in (fragmented or not), binary
 * messages out, pings answered, the closing handshake either way; no extensions, no subprotocols.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as net from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { AbortedError, NetworkError } from '../../core/errors.js';
import type { WebSocketConnection, WebSocketOptions } from '../../core/host.js';
import { proxyFor, type Proxy } from './proxy.js';
import {
  closePayload,
  encodeFrame,
  FrameError,
  FrameReader,
  OPCODE,
  readClose,
  type Frame,
} from './websocket-frames.js';

/** The GUID RFC 6455 appends to the key to prove the server read the handshake. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** An opening answer longer than this is no WebSocket server's. */
const MAX_HEAD = 64 * 1024;
/** How long the server has to answer our close frame (and to close after its own) before the socket is dropped. */
const CLOSE_WAIT_MS = 5000;

export async function openWebSocket(
  url: string,
  opts: WebSocketOptions & { env: Readonly<Record<string, string | undefined>> },
): Promise<WebSocketConnection> {
  const target = new URL(url);
  if (target.protocol !== 'wss:' && target.protocol !== 'ws:') throw new TypeError(`not a WebSocket URL: ${url}`);
  const secure = target.protocol === 'wss:';
  // The authority as written: the Host header must be the one the URL was signed with.
  const authority = /^wss?:\/\/([^/?#]*)/i.exec(url)![1]!;
  // Messages name the URL without its query, which carries a signature.
  const shown = `${target.protocol}//${authority}${target.pathname}`;
  const fail = (message: string, cause?: unknown) =>
    new NetworkError(shown, `Could not open a WebSocket to "${shown}": ${message}`, { cause });
  const proxy = proxyFor(new URL(`${secure ? 'https' : 'http'}://${authority}/`), opts.env);
  let socket: net.Socket;
  try {
    socket = await connect(target, secure, proxy, opts);
  } catch (err) {
    if (err instanceof AbortedError) throw err;
    throw fail(describe(err), err);
  }
  const key = randomBytes(16).toString('base64');
  const head = [
    `GET ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${authority}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(opts.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  let answer: Answer;
  try {
    answer = await readAnswer(socket, opts.signal);
  } catch (err) {
    socket.destroy();
    if (err instanceof AbortedError) throw err;
    throw fail(describe(err), err);
  }
  const accept = createHash('sha1').update(`${key}${ACCEPT_GUID}`).digest('base64');
  if (answer.status !== 101) {
    socket.destroy();
    const body = answer.body.trim();
    throw fail(`the server answered ${answer.status} ${answer.reason}${body ? `: ${body}` : ''}`);
  }
  if (
    answer.headers.upgrade?.toLowerCase() !== 'websocket' ||
    !/(^|,)\s*upgrade\s*(,|$)/i.test(answer.headers.connection ?? '') ||
    answer.headers['sec-websocket-accept'] !== accept
  ) {
    socket.destroy();
    throw fail('the server did not accept the WebSocket handshake');
  }
  return connection(socket, answer.rest);
}

/** The socket to the server: TLS for wss, over a proxy's CONNECT tunnel when the environment names one. */
async function connect(
  target: URL,
  secure: boolean,
  proxy: Proxy | undefined,
  opts: WebSocketOptions,
): Promise<net.Socket> {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port) || (secure ? 443 : 80);
  const dial = (to: { host: string; port: number }) =>
    connected(net.connect({ ...to, noDelay: true }), 'connect', opts);
  let tunnel: net.Socket | undefined;
  if (proxy) {
    const through = await dial({
      host: proxy.url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.url.port) || 80,
    });
    tunnel = await connectTunnel(through, `${net.isIPv6(host) ? `[${host}]` : host}:${port}`, proxy, opts.signal);
  }
  if (!secure) return tunnel ?? dial({ host, port });
  const tls = await import('node:tls');
  const ca =
    opts.tls?.caBundle === undefined ? undefined : (await import('node:fs/promises')).readFile(opts.tls.caBundle);
  const socket = tls.connect({
    host,
    ...(tunnel ? { socket: tunnel } : { port }),
    ...(net.isIP(host) ? {} : { servername: host }),
    rejectUnauthorized: opts.tls?.verify ?? true,
    ...(ca ? { ca: await ca } : {}),
  } as ConnectionOptions);
  socket.setNoDelay(true);
  return connected(socket, 'secureConnect', opts);
}

/** Resolves once `socket` is connected: rejects on its error, on the connect timeout or on an abort. */
function connected(
  socket: net.Socket,
  event: 'connect' | 'secureConnect',
  opts: { connectTimeoutMs?: number; signal?: AbortSignal },
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      socket.off('error', done);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!err) return resolve(socket);
      socket.destroy();
      reject(err);
    };
    const onAbort = () => done(new AbortedError());
    const timer = opts.connectTimeoutMs
      ? setTimeout(() => done(new Error('the connection timed out')), opts.connectTimeoutMs)
      : undefined;
    socket.once(event, () => done());
    socket.once('error', done);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A CONNECT tunnel to `authority` through `proxy` on a socket connected to it. */
async function connectTunnel(
  socket: net.Socket,
  authority: string,
  proxy: Proxy,
  signal: AbortSignal | undefined,
): Promise<net.Socket> {
  const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
  const answer = await readAnswer(socket, signal).catch((err: Error) => {
    socket.destroy();
    throw new Error(`the proxy ${proxy.display} failed: ${describe(err)}`, { cause: err });
  });
  if (answer.status !== 200) {
    socket.destroy();
    throw new Error(`the proxy ${proxy.display} answered CONNECT with ${answer.status}`);
  }
  if (answer.rest.length) socket.unshift(answer.rest);
  return socket;
}

interface Answer {
  status: number;
  reason: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** The body of an answer other than 101 (what the server says is wrong), as far as it came with the head. */
  body: string;
  /** Bytes after the head of a 101: the first frames. */
  rest: Uint8Array;
}

/** Reads an HTTP answer's head from the socket (and, unless it is 101, the body its Content-Length announces). */
function readAnswer(socket: net.Socket, signal: AbortSignal | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let bytes = Buffer.alloc(0);
    let head: Omit<Answer, 'body' | 'rest'> | undefined;
    let bodyStart = 0;
    const finish = (err?: Error, answer?: Answer) => {
      // Held until the caller reads on: what follows the head is the tunnel's or the frames'.
      socket.pause();
      socket.off('data', onData);
      socket.off('error', finish);
      socket.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(answer!);
    };
    const onAbort = () => finish(new AbortedError());
    const onClose = () => {
      if (head)
        finish(undefined, { ...head, body: bytes.subarray(bodyStart).toString('utf8'), rest: new Uint8Array() });
      else finish(new Error('the server closed the connection without answering'));
    };
    const onData = (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      if (!head) {
        const end = bytes.indexOf('\r\n\r\n');
        if (end < 0) {
          if (bytes.length > MAX_HEAD) finish(new Error('the answer is not HTTP'));
          return;
        }
        const parsed = parseHead(bytes.subarray(0, end).toString('latin1'));
        if (!parsed) return finish(new Error('the answer is not HTTP'));
        head = parsed;
        bodyStart = end + 4;
      }
      const rest = bytes.subarray(bodyStart);
      if (head.status === 101 || head.status === 200)
        return finish(undefined, { ...head, body: '', rest: new Uint8Array(rest) });
      const length = Number(head.headers['content-length'] ?? 0);
      if (rest.length >= Math.min(length, MAX_HEAD))
        finish(undefined, { ...head, body: rest.subarray(0, MAX_HEAD).toString('utf8'), rest: new Uint8Array() });
    };
    socket.on('data', onData);
    socket.once('error', finish);
    socket.once('close', onClose);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseHead(text: string): Omit<Answer, 'body' | 'rest'> | undefined {
  const [statusLine, ...lines] = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine ?? '');
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(status[1]), reason: status[2]!, headers };
}

/** What went wrong, in a few words (a system error's code with its message). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

/** The open connection: frames read into messages (a slow reader pauses the socket), frames written masked. */
function connection(socket: net.Socket, first: Uint8Array): WebSocketConnection {
  const reader = new FrameReader();
  const queue: Array<Uint8Array | string> = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let ended = false;
  let closeSent = false;
  let fragments: { opcode: number; parts: Uint8Array[] } | undefined;
  let settle!: (how: { code?: number; reason: string }) => void;
  const closed = new Promise<{ code?: number; reason: string }>((resolve) => (settle = resolve));

  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const write = (opcode: number, payload: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      socket.write(encodeFrame(opcode, payload, randomBytes(4)), (err) => (err ? reject(err) : resolve()));
    });
  const end = (how: { code?: number; reason: string }, err?: Error) => {
    if (ended) return;
    ended = true;
    failure = err;
    settle(how);
    notify();
    socket.end();
    // The server closes the TCP connection after the closing handshake; one that does not is dropped.
    setTimeout(() => socket.destroy(), CLOSE_WAIT_MS).unref();
  };
  const deliver = (opcode: number, payload: Uint8Array) => {
    queue.push(opcode === OPCODE.text ? new TextDecoder().decode(payload) : payload);
    if (queue.length > 64) socket.pause();
    notify();
  };
  const onFrame = (frame: Frame) => {
    switch (frame.opcode) {
      case OPCODE.ping:
        void write(OPCODE.pong, frame.payload).catch(() => undefined);
        return;
      case OPCODE.pong:
        return;
      case OPCODE.close: {
        const how = readClose(frame.payload);
        if (!closeSent) {
          closeSent = true;
          void write(OPCODE.close, how.code === undefined ? new Uint8Array() : closePayload(how.code)).catch(
            () => undefined,
          );
        }
        return end(how);
      }
      case OPCODE.continuation:
        if (!fragments) throw new FrameError('the server continued a message it had not started');
        fragments.parts.push(frame.payload);
        if (frame.fin) {
          const { opcode, parts } = fragments;
          fragments = undefined;
          deliver(opcode, Buffer.concat(parts));
        }
        return;
      default:
        if (fragments) throw new FrameError('the server started a message inside another');
        if (frame.fin) deliver(frame.opcode, frame.payload);
        else fragments = { opcode: frame.opcode, parts: [frame.payload] };
    }
  };
  const onData = (chunk: Uint8Array) => {
    if (ended) return;
    try {
      for (const frame of reader.push(chunk)) {
        onFrame(frame);
        if (ended) return;
      }
    } catch (err) {
      end({ reason: '' }, err as Error);
      socket.destroy();
    }
  };
  socket.on('data', onData);
  socket.on('error', (err) => end({ reason: '' }, err));
  socket.on('close', () => end({ reason: '' }));
  if (first.length) onData(first);
  socket.resume();

  return {
    messages: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const next = queue.shift();
          if (next !== undefined) {
            if (queue.length < 16) socket.resume();
            yield next;
            continue;
          }
          if (ended) {
            if (failure) throw new Error(describe(failure), { cause: failure });
            return;
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    },
    async send(bytes) {
      if (ended || closeSent) throw new Error('the WebSocket is closed');
      await write(OPCODE.binary, bytes);
    },
    close() {
      if (ended || closeSent) return;
      closeSent = true;
      void write(OPCODE.close, closePayload(1000)).catch(() => undefined);
      setTimeout(() => end({ code: 1000, reason: '' }), CLOSE_WAIT_MS).unref();
    },
    closed,
  };
}
