/**
 * The HTTP/1.1 transport against a scripted server on a raw socket: each test says byte for byte what the
 * server answers (split into pieces where the parser must join them), and checks what the transport
 * wrote, what it yields, and which connection it used.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, NetworkError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/host.js';
import { createNodeTransport } from './http.js';

/** A request as the server read it, and the connection it came on. */
interface Seen {
  head: string;
  body: Buffer;
  connection: number;
}

type Answer = (seen: Seen, socket: Socket) => void | Promise<void>;

let server: Server | undefined;
const open = new Set<Socket>();
afterEach(async () => {
  // Connections the transport keeps alive would hold the server open.
  for (const socket of open) socket.destroy();
  open.clear();
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
});

/** A server answering the n-th request with `answers[n]`; requests are parsed by Content-Length or chunked framing. */
async function serve(...answers: Answer[]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  let connections = 0;
  server = createServer((socket) => {
    const connection = ++connections;
    open.add(socket);
    let pending = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      pending = Buffer.concat([pending, data]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.toString('latin1', 0, end);
        const length = /content-length: (\d+)/i.exec(head);
        let body: Buffer;
        let rest: number;
        if (length) {
          rest = end + 4 + Number(length[1]);
          if (pending.length < rest) return;
          body = pending.subarray(end + 4, rest);
        } else if (/transfer-encoding: chunked/i.test(head)) {
          const close = pending.indexOf('\r\n0\r\n\r\n', end);
          if (
            close < 0 &&
            !pending
              .subarray(end + 4)
              .toString()
              .startsWith('0\r\n\r\n')
          )
            return;
          rest = close < 0 ? end + 9 : close + 7;
          body = pending.subarray(end + 4, rest);
        } else {
          rest = end + 4;
          body = Buffer.alloc(0);
        }
        pending = pending.subarray(rest);
        const request = { head, body: Buffer.from(body), connection };
        seen.push(request);
        void answers[seen.length - 1]!(request, socket);
      }
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as { port: number }).port}`, seen };
}

/** Writes the pieces one after another, letting each go out on its own. */
async function pieces(socket: Socket, ...parts: string[]): Promise<void> {
  for (const part of parts) {
    socket.write(part);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function text(res: HttpResponse): Promise<string> {
  let out = '';
  for await (const chunk of res.body) out += Buffer.from(chunk).toString();
  return out;
}

const opts = { connectTimeoutMs: 2000, readTimeoutMs: 2000 };

describe('node transport: HTTP/1.1 on sockets', () => {
  it('writes the request head and body, and reads a Content-Length body split across reads', async () => {
    const { url, seen } = await serve((_, s) =>
      pieces(s, 'HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 11\r\nX-Multi: a\r\nX-Multi: b\r\n\r\nhello', ' world'),
    );
    const send = createNodeTransport({ env: {} });
    const res = await send(
      {
        method: 'PUT',
        url: `${url}/b/k?x=1`,
        headers: { 'X-Amz-Date': '20240101T000000Z' },
        body: new TextEncoder().encode('abc'),
      },
      opts,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-multi']).toBe('a, b');
    expect(await text(res)).toBe('hello world');
    expect(seen[0]!.head.split('\r\n')).toEqual([
      'PUT /b/k?x=1 HTTP/1.1',
      'X-Amz-Date: 20240101T000000Z',
      `Host: ${new URL(url).host}`,
      'content-length: 3',
    ]);
    expect(seen[0]!.body.toString()).toBe('abc');
  });

  it('decodes a chunked body whose sizes, data and trailers arrive in pieces', async () => {
    const { url } = await serve((_, s) =>
      pieces(
        s,
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r',
        '\nhel',
        'lo\r\n6;ext=1\r\n wor',
        'ld\r\n0\r\nX-Trailer: t\r\n',
        '\r\n',
      ),
    );
    const res = await createNodeTransport({ env: {} })({ method: 'GET', url: `${url}/`, headers: {} }, opts);
    expect(await text(res)).toBe('hello world');
  });

  it('reads a body without a length to the close; a HEAD or 204 answer has none; a 100 Continue is skipped', async () => {
    const { url } = await serve(
      (_, s) => {
        s.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end');
      },
      (_, s) => pieces(s, 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'),
      (_, s) => pieces(s, 'HTTP/1.1 204 No Content\r\n\r\n'),
    );
    const send = createNodeTransport({ env: {} });
    expect(await text(await send({ method: 'GET', url: `${url}/a`, headers: {} }, opts))).toBe('until the end');
    const head = await send({ method: 'HEAD', url: `${url}/b`, headers: {} }, opts);
    expect([head.statusCode, head.headers['content-length'], await text(head)]).toEqual([200, '1000', '']);
    const empty = await send({ method: 'DELETE', url: `${url}/c`, headers: {} }, opts);
    expect([empty.statusCode, await text(empty)]).toEqual([204, '']);
  });

  it('keeps a connection for the next request, unless the answer said close or its body was left unread', async () => {
    const ok =
      (body: string, extra = '') =>
      (_: Seen, s: Socket) => {
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`);
      };
    // The fourth body comes in two goes, so the reader stops with most of it still to come.
    const slow = (_: Seen, s: Socket) =>
      pieces(s, 'HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n' + 'x'.repeat(1000), 'x'.repeat(199_000));
    const { url, seen } = await serve(ok('one'), ok('two', 'Connection: close\r\n'), ok('three'), slow, ok('five'));
    const send = createNodeTransport({ env: {} });
    const get = (path: string) => send({ method: 'GET', url: `${url}/${path}`, headers: {} }, opts);
    expect(await text(await get('1'))).toBe('one');
    expect(await text(await get('2'))).toBe('two');
    expect(await text(await get('3'))).toBe('three');
    const big = await get('4');
    for await (const chunk of big.body) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(await text(await get('5'))).toBe('five');
    expect(seen.map((s) => s.connection)).toEqual([1, 1, 2, 2, 3]);
  });

  it('sends again on a new connection a request whose kept-alive connection the server closed after answering', async () => {
    const requests: string[] = [];
    let connections = 0;
    server = createServer((socket) => {
      open.add(socket);
      const connection = ++connections;
      socket.on('error', () => undefined);
      socket.once('data', (data) => {
        requests.push(`${connection} ${data.toString('latin1').split(' ')[1]}`);
        if (connection === 1) {
          // Answers, then closes: a request that still comes on this connection meets a reset.
          socket.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none');
          socket.on('data', () => socket.resetAndDestroy());
        } else {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo');
        }
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const send = createNodeTransport({ env: {} });
    expect(await text(await send({ method: 'GET', url: `${url}/1`, headers: {} }, opts))).toBe('one');
    expect(
      await text(await send({ method: 'PUT', url: `${url}/2`, headers: {}, body: new Uint8Array(10) }, opts)),
    ).toBe('two');
    expect(requests.at(-1)).toBe('2 /2');
  });

  it('keeps connections for every transport of the process, as for each host a client makes', async () => {
    const ok = (_: Seen, s: Socket) => void s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    const { url, seen } = await serve(ok, ok, ok);
    for (let i = 0; i < 3; i++)
      expect(
        await text(await createNodeTransport({ env: {} })({ method: 'GET', url: `${url}/`, headers: {} }, opts)),
      ).toBe('ok');
    expect(seen.map((s) => s.connection)).toEqual([1, 1, 1]);
  });

  it('keeps an answer followed by bytes it did not ask for, but not its connection', async () => {
    const ok = (_: Seen, s: Socket) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew');
    };
    const { url, seen } = await serve(
      (_, s) => {
        s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\nJUNK');
      },
      ok,
      (_, s) => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK');
      },
      ok,
      (_, s) => {
        s.write('HTTP/1.1 204 No Content\r\n\r\nJUNK');
      },
      ok,
    );
    const send = createNodeTransport({ env: {} });
    const got: string[] = [];
    for (let i = 0; i < 6; i++)
      got.push(await text(await send({ method: 'GET', url: `${url}/${i}`, headers: {} }, opts)));
    expect(got).toEqual(['hi', 'new', 'ok', 'new', '', 'new']);
    expect(seen.map((s) => s.connection)).toEqual([1, 2, 2, 3, 3, 4]);
  });

  it("reads a body into the caller's buffer when it fits there, and not when it does not", async () => {
    const body = 'y'.repeat(300_000);
    const answer = (_: Seen, s: Socket) => {
      s.write(`HTTP/1.1 206 Partial Content\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    };
    const { url } = await serve(answer, answer);
    const send = createNodeTransport({ env: {} });
    const into = new Uint8Array(400_000);
    const chunks: Uint8Array[] = [];
    for await (const chunk of (await send({ method: 'GET', url: `${url}/`, headers: {} }, { ...opts, bodyInto: into }))
      .body)
      chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(body);
    // Whatever came after the head's own read is in the caller's buffer, in order from its start.
    const inInto = chunks.filter((c) => c.buffer === into.buffer);
    expect(inInto.length).toBeGreaterThan(0);
    expect(
      Buffer.from(
        into.subarray(
          0,
          inInto.reduce((n, c) => n + c.length, 0),
        ),
      ).toString(),
    ).toBe(body.slice(body.length - inInto.reduce((n, c) => n + c.length, 0)));
    const small = new Uint8Array(1000);
    const again = await send({ method: 'GET', url: `${url}/`, headers: {} }, { ...opts, bodyInto: small });
    const seenBuffers: ArrayBufferLike[] = [];
    let total = 0;
    for await (const chunk of again.body) {
      seenBuffers.push(chunk.buffer);
      total += chunk.length;
    }
    expect(total).toBe(body.length);
    expect(seenBuffers).not.toContain(small.buffer);
  });

  it('sends a stream of unknown length chunked and a Blob with its length', async () => {
    const ok = (_: Seen, s: Socket) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    };
    const { url, seen } = await serve(ok, ok);
    const send = createNodeTransport({ env: {} });
    const enc = new TextEncoder();
    await text(
      await send(
        {
          method: 'PUT',
          url: `${url}/s`,
          headers: {},
          body: (async function* () {
            yield enc.encode('ab');
            yield enc.encode('cde');
          })(),
        },
        opts,
      ),
    );
    await text(await send({ method: 'PUT', url: `${url}/b`, headers: {}, body: new Blob(['blob bytes']) }, opts));
    expect(seen[0]!.head).toMatch(/transfer-encoding: chunked/);
    expect(seen[0]!.body.toString()).toBe('2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n');
    expect(seen[1]!.head).toMatch(/content-length: 10/);
    expect(seen[1]!.body.toString()).toBe('blob bytes');
  });

  it('sends a long stream to a slow reader, waiting for the socket each time without piling up listeners', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    let tail = '';
    server = createServer((socket) => {
      open.add(socket);
      // Reads in sips, so the client's writes wait for the socket to drain again and again.
      socket.pause();
      const sip = setInterval(() => {
        let chunk: Buffer | null;
        while ((chunk = socket.read()) !== null)
          tail = (tail + chunk.toString('latin1', Math.max(0, chunk.length - 5))).slice(-5);
        if (tail === '0\r\n\r\n') {
          clearInterval(sip);
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
        }
      }, 1);
      socket.on('close', () => clearInterval(sip));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const piece = new Uint8Array(64 * 1024).fill(1);
      const body = (async function* () {
        for (let i = 0; i < 300; i++) yield piece;
      })();
      const res = await createNodeTransport({ env: {} })(
        { method: 'PUT', url: `http://127.0.0.1:${port}/`, headers: {}, body },
        opts,
      );
      expect(res.statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 10));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('reports a connection cut before the answer, or part-way through its body, as network errors', async () => {
    const { url } = await serve(
      (_, s) => {
        s.destroy();
      },
      (_, s) => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some');
        setTimeout(() => s.destroy(), 20);
      },
    );
    const send = createNodeTransport({ env: {} });
    await expect(send({ method: 'GET', url: `${url}/a`, headers: {} }, opts)).rejects.toThrow(
      new NetworkError(
        `${url}/a`,
        `Connection was closed before we received a valid response from endpoint URL: "${url}/a".\nThe server closed the connection without answering.`,
      ),
    );
    const res = await send({ method: 'GET', url: `${url}/b`, headers: {} }, opts);
    await expect(text(res)).rejects.toThrow(/^An error occurred while reading from response stream: socket hang up$/);
  });

  it.each([
    [
      'a status line that is not HTTP',
      'HTTX/1.1 200 OK\r\n\r\n',
      (u: string) =>
        `Connection was closed before we received a valid response from endpoint URL: "${u}".\nThe answer is not HTTP/1.1: it began "HTTX/1.1 200 OK".`,
    ],
    [
      'Content-Length twice, with two values',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      () => 'An HTTP Client raised an unhandled exception: Content-Length contained multiple unmatching values (5, 6)',
    ],
    [
      'a Content-Length that is no length',
      'HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello',
      (u: string) =>
        `Connection was closed before we received a valid response from endpoint URL: "${u}".\nThe answer's Content-Length is not a length: "five".`,
    ],
    [
      'a head of more than 64 KiB',
      `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
      (u: string) =>
        `Connection was closed before we received a valid response from endpoint URL: "${u}".\nThe answer's head is longer than 65536 bytes.`,
    ],
  ])('refuses %s, saying what is wrong', async (_, answer, message) => {
    const { url } = await serve((_seen, s) => {
      s.end(answer);
    });
    await expect(
      createNodeTransport({ env: {} })({ method: 'GET', url: `${url}/x`, headers: {} }, opts),
    ).rejects.toThrow(new NetworkError(`${url}/x`, message(`${url}/x`)));
  });

  it('takes a Content-Length given twice with the same value, and says why it cannot connect or read a CA bundle', async () => {
    const { url } = await serve((_seen, s) => {
      s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello');
    });
    const send = createNodeTransport({ env: {} });
    expect(await text(await send({ method: 'GET', url: `${url}/x`, headers: {} }, opts))).toBe('hello');
    // An endpoint's host prefix on an IP address (logs StartLiveTail's `stream-`): no resolver finds it.
    await expect(send({ method: 'GET', url: 'http://stream-127.0.0.1:9/x', headers: {} }, opts)).rejects.toThrow(
      new NetworkError(
        'http://stream-127.0.0.1:9/x',
        'Could not connect to the endpoint URL: "http://stream-127.0.0.1:9/x"\nThe host name could not be resolved (stream-127.0.0.1), a name that is not a valid host name.',
      ),
    );
    await expect(send({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {} }, opts)).rejects.toThrow(
      new NetworkError(
        'http://127.0.0.1:9/',
        'Could not connect to the endpoint URL: "http://127.0.0.1:9/"\nNothing accepts connections there: the connection was refused (ECONNREFUSED).',
      ),
    );
    await expect(
      send(
        { method: 'GET', url: 'https://127.0.0.1:9/', headers: {} },
        { ...opts, tls: { verify: true, caBundle: '/nonexistent/ca.pem' } },
      ),
    ).rejects.toThrow(
      new NetworkError(
        'https://127.0.0.1:9/',
        "SSL validation failed for https://127.0.0.1:9/ [Errno 2] No such file or directory: '/nonexistent/ca.pem'",
      ),
    );
  });

  it('gives up on a silent server after the read timeout, and stops at an abort', async () => {
    const { url } = await serve(
      () => undefined,
      () => undefined,
    );
    const send = createNodeTransport({ env: {} });
    await expect(
      send({ method: 'GET', url: `${url}/a`, headers: {} }, { connectTimeoutMs: 2000, readTimeoutMs: 50 }),
    ).rejects.toThrow(`Read timeout on endpoint URL: "${url}/a"`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(
      send({ method: 'GET', url: `${url}/b`, headers: {} }, { ...opts, signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortedError);
  });

  it("reads over TLS into the caller's buffer too, checking the certificate against the host asked for", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-http1-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const body = Buffer.alloc(700_000, 'tls bytes ');
    const tlsServer = createTlsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (socket) => {
        open.add(socket);
        socket.once('data', () => {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
          socket.write(body);
        });
      },
    );
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    const port = (tlsServer.address() as { port: number }).port;
    try {
      const send = createNodeTransport({ env: {} });
      const into = new Uint8Array(body.length);
      const res = await send(
        { method: 'GET', url: `https://localhost:${port}/`, headers: {} },
        { ...opts, tls: { verify: true, caBundle: join(dir, 'cert.pem') }, bodyInto: into },
      );
      const chunks: Uint8Array[] = [];
      for await (const chunk of res.body) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(body)).toBe(true);
      expect(chunks.some((c) => c.buffer === into.buffer)).toBe(true);
      // The certificate names localhost, not 127.0.0.1.
      await expect(
        send(
          { method: 'GET', url: `https://127.0.0.1:${port}/`, headers: {} },
          { ...opts, tls: { verify: true, caBundle: join(dir, 'cert.pem') } },
        ),
      ).rejects.toThrow(`certificate verify failed: Hostname mismatch, certificate is not valid for '127.0.0.1'.`);
    } finally {
      for (const socket of open) socket.destroy();
      await new Promise((r) => tlsServer.close(r));
    }
  });

  it('sends a path with dot segments as it is given, straight and through a proxy, where a URL parser would collapse them', async () => {
    const { url, seen } = await serve(
      (_, s) => {
        s.write('HTTP/1.1 204 No Content\r\n\r\n');
      },
      (_, s) => {
        s.write('HTTP/1.1 204 No Content\r\n\r\n');
      },
    );
    await createNodeTransport({ env: {} })(
      { method: 'DELETE', url: `${url}/b/x/../keep.txt?versionId=.`, headers: {} },
      opts,
    );
    await createNodeTransport({ env: { HTTP_PROXY: url } })(
      { method: 'DELETE', url: 'http://b.example/./x/%2e%2e/k', headers: {} },
      opts,
    );
    expect(seen.map((r) => r.head.split('\r\n')[0])).toEqual([
      'DELETE /b/x/../keep.txt?versionId=. HTTP/1.1',
      'DELETE http://b.example/./x/%2e%2e/k HTTP/1.1',
    ]);
  });

  it('hands a redirect back as it is, never following it to where it points', async () => {
    const { url, seen } = await serve((_, s) => {
      s.write('HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\n\r\n');
    });
    const res = await createNodeTransport({ env: {} })({ method: 'GET', url: `${url}/k`, headers: {} }, opts);
    expect([res.statusCode, res.headers.location, seen.length]).toEqual([307, 'http://127.0.0.1:9/elsewhere', 1]);
  });

  it('refuses a header value with a line break, as node:http does', async () => {
    const send = createNodeTransport({ env: {} });
    await expect(
      send({ method: 'GET', url: 'http://127.0.0.1:9/', headers: { 'x-amz-meta-a': 'one\r\nInjected: yes' } }, opts),
    ).rejects.toThrow('Invalid character in header content ["x-amz-meta-a"]');
  });
});

describe('node transport: Expect: 100-continue (botocore’s add_expect_header)', () => {
  /** A server that records what it received, with `onHead` told when a request head (and nothing more) is in. */
  async function raw(onHead: (socket: Socket) => void) {
    const received: Buffer[] = [];
    let headAlone: boolean | undefined;
    const closed = new Promise<Buffer>((resolve) => {
      server = createServer((socket) => {
        open.add(socket);
        socket.on('error', () => undefined);
        socket.on('data', (data) => {
          received.push(data);
          const all = Buffer.concat(received);
          if (headAlone === undefined && all.includes('\r\n\r\n')) {
            headAlone = all.indexOf('\r\n\r\n') + 4 === all.length;
            onHead(socket);
          }
          if (all.toString().endsWith('0123456789')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        });
        socket.on('close', () => resolve(Buffer.concat(received)));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server!.address() as { port: number }).port}/b/k`;
    return { url, closed, headAlone: () => headAlone };
  }
  const put = (url: string) => ({
    method: 'PUT',
    url,
    headers: { Expect: '100-continue', 'Content-Length': '10' },
    body: new TextEncoder().encode('0123456789'),
  });

  it('sends the head alone and the body once the server says 100 Continue', async () => {
    const s = await raw((socket) => socket.write('HTTP/1.1 100 Continue\r\n\r\n'));
    const send = createNodeTransport({ env: {} });
    const res = await send(put(s.url), opts);
    expect({ status: res.statusCode, body: await text(res), headAlone: s.headAlone() }).toEqual({
      status: 200,
      body: 'ok',
      headAlone: true,
    });
  });

  it('does not send the body when the server answers at once (a refusal), and drops the connection', async () => {
    const s = await raw((socket) =>
      socket.write('HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\nConnection: keep-alive\r\n\r\ndenied'),
    );
    const send = createNodeTransport({ env: {} });
    const res = await send(put(s.url), opts);
    expect({ status: res.statusCode, body: await text(res) }).toEqual({ status: 403, body: 'denied' });
    const received = (await s.closed).toString();
    expect(received.endsWith('\r\n\r\n')).toBe(true);
    expect(received).not.toContain('0123456789');
  });

  it('sends the body anyway when the server says nothing for a second', async () => {
    const s = await raw(() => undefined);
    const send = createNodeTransport({ env: {} });
    const res = await send(put(s.url), opts);
    expect({ status: res.statusCode, body: await text(res), headAlone: s.headAlone() }).toEqual({
      status: 200,
      body: 'ok',
      headAlone: true,
    });
  });
});
