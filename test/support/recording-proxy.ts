/**
 * A forward proxy on 127.0.0.1 that requires Basic credentials and records what it is asked: plain
 * http requests in absolute form (forwarded to their origin) and CONNECT tunnels (piped to their
 * target). A missing or wrong Proxy-Authorization gets 407.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';

export interface ProxyRecord {
  method: string;
  target: string;
  authorization?: string;
}

export async function startRecordingProxy(user: string, password: string) {
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const records: ProxyRecord[] = [];
  const authorized = (req: IncomingMessage) => req.headers['proxy-authorization'] === expected;
  const server = createServer((req, res) => {
    records.push({ method: req.method!, target: req.url!, authorization: req.headers['proxy-authorization'] });
    if (!authorized(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' });
      res.end();
      return;
    }
    const target = new URL(req.url!);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    records.push({ method: 'CONNECT', target: req.url!, authorization: req.headers['proxy-authorization'] });
    if (!authorized(req)) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host, () => {
      socket.on('close', () => upstream.destroy());
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  // Tunnels are not HTTP connections the server tracks: keep every socket to end them on close.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const close = () =>
    new Promise<void>((r) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => r());
    });
  return { port, records, close };
}
