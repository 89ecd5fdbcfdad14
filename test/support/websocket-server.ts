/**
 * A WebSocket server stand-in (RFC 6455, server side) over TLS with a throw-away certificate, for the
 * tunnel's tests: it records each opening request (its target and headers), checks the handshake and
 * that every client frame is masked, and hands each connection to the test's `handle`, which reads the
 * client's messages and answers with binary, text, fragmented, ping or close frames.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';

export interface Opening {
  target: string;
  headers: Record<string, string>;
}

export interface ServerSide {
  opening: Opening;
  /** The client's messages, in order; ends when it closes (its close frame's payload is `closedWith`). */
  messages: AsyncIterable<Uint8Array>;
  closedWith(): Uint8Array | undefined;
  /** The payloads of the client's pongs. */
  pongs: Uint8Array[];
  sendFrame(opcode: number, payload: Uint8Array, fin?: boolean): void;
  close(code: number, reason?: string): void;
  /** Drops the TCP connection. */
  destroy(): void;
}

export interface WebSocketStandIn {
  port: number;
  /** The certificate to trust (`--ca-bundle`), for `localhost`. */
  caFile: string;
  openings: Opening[];
  /** Answers the next opening with this status and body instead of 101. */
  refuseNext(status: number, body: string): void;
  stop(): Promise<void>;
}

export async function startWebSocketServer(handle: (side: ServerSide) => void): Promise<WebSocketStandIn> {
  const dir = mkdtempSync(join(tmpdir(), 'isoaws-ws-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat(
      ['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
      ['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    ),
    { stdio: 'ignore' },
  );
  const openings: Opening[] = [];
  const sockets = new Set<TLSSocket>();
  let refusal: { status: number; body: string } | undefined;
  const server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      let buffer: Buffer = Buffer.alloc(0);
      let side: ReturnType<typeof serverSide> | undefined;
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        if (side) {
          buffer = side.feed(buffer);
          return;
        }
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [requestLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const opening = { target: requestLine!.split(' ')[1]!, headers };
        openings.push(opening);
        buffer = buffer.subarray(end + 4);
        if (refusal) {
          const { status, body } = refusal;
          refusal = undefined;
          socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
          return;
        }
        if (headers.upgrade !== 'websocket' || headers['sec-websocket-version'] !== '13') {
          socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        const accept = createHash('sha1')
          .update(`${headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
          .digest('base64');
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nx-amzn-requestid: r-1\r\n\r\n`,
        );
        side = serverSide(socket, opening);
        handle(side);
        buffer = side.feed(buffer);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    caFile: join(dir, 'cert.pem'),
    openings,
    refuseNext: (status, body) => {
      refusal = { status, body };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serverSide(socket: TLSSocket, opening: Opening): ServerSide & { feed(buffer: Buffer): Buffer } {
  const queue: Uint8Array[] = [];
  const pongs: Uint8Array[] = [];
  let ended = false;
  let closePayload: Uint8Array | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  socket.on('close', () => {
    ended = true;
    notify();
  });
  const frame = (opcode: number, payload: Uint8Array, fin = true) => {
    const head =
      payload.length < 126
        ? Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length])
        : Buffer.from([(fin ? 0x80 : 0) | opcode, 126, payload.length >> 8, payload.length & 0xff]);
    socket.write(Buffer.concat([head, payload]));
  };
  return {
    opening,
    messages: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const next = queue.shift();
          if (next) yield next;
          else if (ended) return;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    },
    closedWith: () => closePayload,
    pongs,
    sendFrame: frame,
    close(code, reason = '') {
      const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
      payload.writeUInt16BE(code);
      payload.write(reason, 2);
      frame(0x8, payload);
    },
    destroy: () => socket.destroy(),
    feed(buffer) {
      for (;;) {
        if (buffer.length < 2) return buffer;
        const opcode = buffer[0]! & 0x0f;
        if (!(buffer[1]! & 0x80)) throw new Error('a client frame was not masked');
        let length = buffer[1]! & 0x7f;
        let at = 2;
        if (length === 126) {
          if (buffer.length < 4) return buffer;
          length = buffer.readUInt16BE(2);
          at = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return buffer;
          length = Number(buffer.readBigUInt64BE(2));
          at = 10;
        }
        if (buffer.length < at + 4 + length) return buffer;
        const mask = buffer.subarray(at, at + 4);
        const payload = Buffer.from(buffer.subarray(at + 4, at + 4 + length));
        for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
        buffer = buffer.subarray(at + 4 + length);
        if (opcode === 0x2) queue.push(payload);
        else if (opcode === 0xa) pongs.push(payload);
        else if (opcode === 0x8) {
          closePayload = payload;
          // The closing handshake's answer, then the server closes the connection.
          frame(0x8, payload);
          socket.end();
          ended = true;
        }
        notify();
      }
    },
  };
}
