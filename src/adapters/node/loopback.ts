/**
 * The Node host's loopback server (Host.serveLoopback): `sso login`'s OAuth redirect comes back to it
 * from the user's browser. It listens on 127.0.0.1 only, so nothing off the machine can reach it, and
 * answers every GET with the caller's page.
 */
import { createServer } from 'node:http';

export async function serveLoopback(
  answer: (target: string) => string,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const page = answer(req.url ?? '/');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        // A browser keeps its connection open; it must not hold the command.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
