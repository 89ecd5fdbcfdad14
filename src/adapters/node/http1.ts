/**
 * HTTP/1.1 on one socket: a request written, its response read. Reads go into slabs handed to the socket
 * in order (net's `onread`), and a response body is yielded as views of them, never copied: node:http
 * allocates a buffer per read and copies each again for its message stream, and on a 1 GiB download that
 * churn, with the garbage collection it drives, costs more CPU than the kernel's own copy.
 */
import type { Socket } from 'node:net';
import type { HttpBody } from '../../core/host.js';
import { bareObject } from '../../core/own.js';

/** Slab sizes: small while reading a head or a small body, large for a large body (fewer, larger reads). */
const SMALL_SLAB = 64 * 1024;
const LARGE_SLAB = 1 << 20;
/** A read is offered at least this much room; a slab with less left is retired. */
const MIN_READ = 16 * 1024;
/** Body bytes read but not yet taken by the consumer before the socket is paused. */
const HIGH_WATER = 4 << 20;
/** Longest response head accepted (node:http allows 16 KiB; an S3 head with all 2 KiB of user metadata stays far below). */
const MAX_HEAD = 64 * 1024;

export interface Head {
  statusCode: number;
  headers: Record<string, string>;
}

/**
 * An answer that breaks HTTP/1.1's rules (not a status line, a head too long, lengths that disagree):
 * the message says which, in lower case to follow a colon; `cliMessage` is the AWS CLI's whole message
 * where it has its own.
 */
export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly cliMessage?: string,
  ) {
    super(message);
  }
}

/** The framing of a response body. */
type Framing = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };

/**
 * The read side of a connection: the socket's `onread` hooks, routed to the response in progress.
 * Created before the socket, whose options need the hooks.
 */
export class Reader {
  private slab = Buffer.allocUnsafe(SMALL_SLAB);
  private used = 0;
  private large = false;
  private response?: ResponseReader;
  /** Bytes that arrived with no response expected (or after one ended): the connection cannot be reused. */
  stray = false;
  /** Some bytes of the expected response have come. */
  heard = false;
  socket?: Socket;

  /** Where the read in progress goes: the rest of the body's own buffer (SendOptions.bodyInto), else a slab. */
  private target?: Uint8Array;

  readonly onread = {
    buffer: (): Uint8Array => {
      this.target = this.response?.room();
      if (this.target) return this.target;
      if (this.slab.length - this.used < MIN_READ) {
        this.slab = Buffer.allocUnsafe(this.large ? LARGE_SLAB : SMALL_SLAB);
        this.used = 0;
      }
      return this.slab.subarray(this.used);
    },
    callback: (n: number): boolean => {
      let view: Uint8Array;
      if (this.target) {
        view = this.target.subarray(0, n);
      } else {
        view = this.slab.subarray(this.used, this.used + n);
        this.used += n;
      }
      return this.deliver(view);
    },
  };

  /** Takes a chunk a socket read by itself (a TLS tunnel, where `onread` is not honoured); false to pause it. */
  feed(chunk: Uint8Array): boolean {
    this.target = undefined;
    return this.deliver(chunk);
  }

  /** Bytes read, to the response expected; false pauses the socket. */
  private deliver(bytes: Uint8Array): boolean {
    if (!this.response) {
      this.stray = true;
      return true;
    }
    this.heard = true;
    return this.response.receive(bytes);
  }

  /**
   * Reads the next response; `headOnly` for a HEAD request, whose response has no body whatever it says;
   * its body into `into` when it fits there.
   */
  expect(headOnly: boolean, hooks: ResponseHooks, into?: Uint8Array): void {
    this.heard = false;
    this.response = new ResponseReader(
      headOnly,
      hooks,
      into,
      (large) => {
        this.large = large;
      },
      () => {
        this.response = undefined;
        this.large = false;
      },
      () => this.socket?.resume(),
    );
  }

  /**
   * The connection ended: with `err` when the transport gave up on it (a timeout, an abort), without
   * when the socket closed, which ends a body read to the close and cuts short any other.
   */
  closed(err?: Error): void {
    this.response?.closed(err);
  }
}

export interface ResponseHooks {
  /** An interim answer (`100 Continue`) came; the final head follows. */
  interim?(statusCode: number): void;
  head(head: Head, body: AsyncIterable<Uint8Array>): void;
  /** The body was read to its end; `reusable` when the connection may carry another request. */
  done(reusable: boolean): void;
  /** The response failed; answers the error its body's reader is to see. */
  fail(err: Error): Error;
}

class ResponseReader {
  private headParts: Uint8Array[] = [];
  private headLength = 0;
  private framing?: Framing;
  private keepAlive = true;
  /** Chunked bodies: the size line being read, and the bytes left of the current chunk (with its CRLF). */
  private line = '';
  private chunkLeft = 0;
  private trailers = false;
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private finished = false;
  private error?: Error;
  private wake?: () => void;

  /** The caller's buffer for the body and how much of it is filled, once the head says the body fits. */
  private into?: Uint8Array;
  private intoFilled = 0;

  constructor(
    private readonly headOnly: boolean,
    private readonly hooks: ResponseHooks,
    private readonly offered: Uint8Array | undefined,
    private readonly setLarge: (large: boolean) => void,
    private readonly detach: () => void,
    private readonly resume: () => void,
  ) {}

  /** The part of the caller's buffer the next read may fill: exactly what is left of the body. */
  room(): Uint8Array | undefined {
    const framing = this.framing;
    if (!this.into || framing?.kind !== 'length' || framing.left === 0) return undefined;
    return this.into.subarray(this.intoFilled, this.intoFilled + framing.left);
  }

  /**
   * Takes bytes just read; false pauses the socket until the consumer catches up. Bytes beyond the end of
   * the answer would be taken for the next one's: the answer stands, the connection is not used again.
   */
  receive(view: Uint8Array): boolean {
    try {
      let at = 0;
      if (!this.framing) {
        at = this.readHead(view);
        if (at < 0) return true;
        const framing = this.framing!;
        if (framing.kind === 'none' || (framing.kind === 'length' && framing.left === 0)) {
          this.end(this.keepAlive && at === view.length);
          return true;
        }
      }
      if (at < view.length) this.readBody(view.subarray(at));
    } catch (err) {
      this.fail(err as Error);
    }
    // Paused only while a consumer lags: once the body is in, the connection must read its next response.
    return this.finished || this.queued < HIGH_WATER;
  }

  closed(err?: Error): void {
    if (!err && this.framing?.kind === 'close') return this.end(false);
    this.fail(err ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  }

  /** Collects the head; returns where the body starts in `view`, or -1 while the head is incomplete. */
  private readHead(view: Uint8Array): number {
    this.headParts.push(view);
    this.headLength += view.length;
    const all =
      this.headParts.length === 1
        ? Buffer.from(view.buffer, view.byteOffset, view.length)
        : Buffer.concat(this.headParts);
    const end = all.indexOf('\r\n\r\n', Math.max(0, this.headLength - view.length - 3), 'latin1');
    if (end < 0) {
      if (this.headLength > MAX_HEAD) throw new ProtocolError(`the answer's head is longer than ${MAX_HEAD} bytes`);
      return -1;
    }
    if (end > MAX_HEAD) throw new ProtocolError(`the answer's head is longer than ${MAX_HEAD} bytes`);
    this.headParts = [];
    this.headLength = 0;
    const bodyStart = view.length - (all.length - (end + 4));
    const lines = all.toString('latin1', 0, end).split('\r\n');
    const status = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!status)
      throw new ProtocolError(`the answer is not HTTP/1.1: it began ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`);
    const statusCode = Number(status[2]);
    // Names come from the server: `__proto__` or `constructor` must be headers like any other.
    const headers: Record<string, string> = bareObject();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    // An interim answer (100 Continue): the real head follows.
    if (statusCode >= 100 && statusCode < 200) {
      this.hooks.interim?.(statusCode);
      if (bodyStart === view.length) return -1;
      const next = this.readHead(view.subarray(bodyStart));
      return next < 0 ? -1 : next + bodyStart;
    }
    const connection = (headers.connection ?? '').toLowerCase();
    this.keepAlive = status[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    const length = contentLength(headers['content-length']);
    this.framing =
      this.headOnly || statusCode === 204 || statusCode === 304
        ? { kind: 'none' }
        : /chunked/i.test(headers['transfer-encoding'] ?? '')
          ? { kind: 'chunked' }
          : length !== undefined
            ? { kind: 'length', left: Number(length) }
            : { kind: 'close' };
    if (this.framing.kind === 'length' && !(this.framing.left >= 0))
      throw new ProtocolError(`the answer's Content-Length is not a length: ${JSON.stringify(length)}`);
    if (this.framing.kind === 'length' && this.offered && this.framing.left <= this.offered.length)
      this.into = this.offered;
    this.setLarge(this.framing.kind !== 'length' || this.framing.left > SMALL_SLAB);
    this.hooks.head({ statusCode, headers }, this.body());
    return bodyStart;
  }

  private readBody(view: Uint8Array): void {
    const framing = this.framing!;
    switch (framing.kind) {
      case 'close':
        this.push(view);
        return;
      case 'length': {
        const body = view.subarray(0, framing.left);
        framing.left -= body.length;
        if (this.into && body.buffer === this.into.buffer) this.intoFilled += body.length;
        this.push(body);
        if (framing.left === 0) this.end(this.keepAlive && body.length === view.length);
        return;
      }
      case 'chunked':
        this.readChunks(view);
    }
  }

  private readChunks(view: Uint8Array): void {
    let at = 0;
    while (at < view.length) {
      if (this.chunkLeft > 0) {
        // Data, then the CRLF that closes the chunk (not part of the data).
        const data = Math.min(this.chunkLeft - 2, view.length - at);
        if (data > 0) this.push(view.subarray(at, at + data));
        const taken = Math.min(this.chunkLeft, view.length - at);
        this.chunkLeft -= taken;
        at += taken;
        continue;
      }
      const nl = view.indexOf(10, at);
      const text = Buffer.from(view.buffer, view.byteOffset + at, (nl < 0 ? view.length : nl) - at).toString('latin1');
      if (nl < 0) {
        this.line += text;
        if (this.line.length > 4096)
          throw new ProtocolError('a chunk-size line of the answer is longer than 4096 bytes');
        return;
      }
      at = nl + 1;
      const line = (this.line + text).trim();
      this.line = '';
      if (this.trailers) {
        if (line !== '') continue;
        this.end(this.keepAlive && at === view.length);
        return;
      }
      const size = parseInt(line, 16);
      if (!/^[0-9a-f]+(;.*)?$/i.test(line) || !Number.isSafeInteger(size))
        throw new ProtocolError(
          `a chunk size of the answer is not a hexadecimal number: ${JSON.stringify(line.slice(0, 20))}`,
        );
      if (size === 0) this.trailers = true;
      else this.chunkLeft = size + 2;
    }
  }

  private push(view: Uint8Array): void {
    if (view.length === 0) return;
    this.queue.push(view);
    this.queued += view.length;
    this.wake?.();
  }

  private end(reusable: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    this.wake?.();
    this.hooks.done(reusable);
  }

  private fail(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    this.error = this.hooks.fail(err);
    this.wake?.();
  }

  private async *body(): AsyncGenerator<Uint8Array> {
    let complete = false;
    try {
      for (;;) {
        const view = this.queue.shift();
        if (view) {
          const wasFull = this.queued >= HIGH_WATER;
          this.queued -= view.length;
          if (wasFull && this.queued < HIGH_WATER) this.resume();
          yield view;
          continue;
        }
        if (this.error) throw this.error;
        if (this.finished) {
          complete = true;
          return;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
      }
    } finally {
      // A reader that stopped early leaves the rest unread on the socket: it cannot carry another request.
      if (!complete && !this.finished) this.fail(new Error('the response body was not read to its end'));
    }
  }
}

/**
 * The Content-Length of an answer: one value, or the same value repeated (the lines joined with `, `);
 * values that disagree make the body's end unknowable (a way to smuggle a second answer), refused in
 * urllib3's words.
 */
function contentLength(joined: string | undefined): string | undefined {
  if (joined === undefined || !joined.includes(',')) return joined;
  const values = joined.split(',').map((v) => v.trim());
  if (values.every((v) => v === values[0])) return values[0];
  const message = `Content-Length contained multiple unmatching values (${values.join(', ')})`;
  throw new ProtocolError(message, `An HTTP Client raised an unhandled exception: ${message}`);
}

/**
 * Writes a request: its head, then its body, minding backpressure. A stream is sent chunked when `chunked`
 * (its length unknown, so the head says `Transfer-Encoding: chunked`).
 */
export async function writeRequest(
  socket: Socket,
  head: string,
  body: HttpBody | undefined,
  chunked: boolean,
): Promise<void> {
  if (body === undefined || body instanceof Uint8Array) {
    socket.cork();
    socket.write(head, 'latin1');
    if (body?.length) socket.write(body);
    socket.uncork();
    return;
  }
  socket.write(head, 'latin1');
  await writeBody(socket, body, chunked);
}

/** Writes a request's body after its head (sent alone when the head asked for `100 Continue`). */
export async function writeBody(socket: Socket, body: HttpBody | undefined, chunked: boolean): Promise<void> {
  if (body === undefined) return;
  if (body instanceof Uint8Array) {
    if (body.length) socket.write(body);
    return;
  }
  const source = body instanceof Blob ? (body.stream() as unknown as AsyncIterable<Uint8Array>) : body;
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    if (socket.destroyed) return;
    const ok = chunked ? writeChunk(socket, chunk) : socket.write(chunk);
    if (!ok) await drained(socket);
  }
  if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
}

/** Until the socket takes more (or closes), leaving no listener behind: a large body waits thousands of times. */
function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

function writeChunk(socket: Socket, chunk: Uint8Array): boolean {
  socket.cork();
  socket.write(`${chunk.length.toString(16)}\r\n`);
  socket.write(chunk);
  const ok = socket.write('\r\n');
  socket.uncork();
  return ok;
}
