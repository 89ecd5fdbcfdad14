/**
 * Host.listenTcp for Node: a server on 127.0.0.1 (`ec2-instance-connect open-tunnel --local-port`),
 * each accepted connection handed on as a ByteStream. Failing to listen is told in Python's OSError
 * words, as the AWS CLI's socket would (`[Errno 98] Address already in use`).
 */
import { createServer, type Socket } from 'node:net';
import type { ByteStream } from '../../core/host.js';

const ERRNO: Record<string, string> = {
  EADDRINUSE: '[Errno 98] Address already in use',
  EACCES: '[Errno 13] Permission denied',
};

export async function listenTcp(
  port: number,
  accept: (connection: ByteStream) => void,
): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    accept(byteStream(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error((err.code && ERRNO[err.code]) ?? err.message, { cause: err })),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A socket as a ByteStream: a reset by the other side ends its bytes as a close would. */
export function byteStream(socket: Socket): ByteStream {
  socket.setNoDelay(true);
  return {
    readable: {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const chunk of socket) yield chunk as Uint8Array;
        } catch {
          /* reset: the connection is over either way */
        }
      },
    },
    write: (bytes) =>
      new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve()))),
    close: () => {
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    },
  };
}
