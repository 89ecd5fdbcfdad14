/**
 * `logs start-live-tail` over real sockets, against a stand-in for CloudWatch Logs (moto has no
 * StartLiveTail): a server that answers the request with an `application/vnd.amazon.eventstream` body
 * written message by message over time, as the service does, on a connection it holds open. The
 * endpoint's `stream-` host prefix names a host that does not exist, so the stand-in is reached as
 * HTTP_PROXY, which is sent every request in absolute form. In-process, a session runs to its timeout;
 * as the real program (`node bin/isoaws.js`), Ctrl-C (SIGINT) ends a session that is still open with
 * exit 0 and nothing more printed, as the CLI's print-only mode ends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { eventMessage, exceptionMessage } from '../support/event-stream.js';

const GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:app';
const update = (...messages: string[]) =>
  eventMessage(
    'sessionUpdate',
    JSON.stringify({
      sessionMetadata: { sampled: false },
      sessionResults: messages.map((message) => ({ logStreamName: 'web-1', logGroupIdentifier: GROUP, message })),
    }),
  );

/** What the stand-in does with one session: the messages to write, a pause before each, and whether to end it. */
interface Script {
  messages: Array<{ waitMs: number; bytes: Uint8Array }>;
  end: boolean;
}

interface Seen {
  target: string;
  host: string;
  amzTarget: string;
  body: unknown;
  /** Resolves when the client has closed the connection. */
  closed: Promise<void>;
}

let server: ReturnType<typeof createServer>;
let port = 0;
let script: Script = { messages: [], end: true };
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
      seen.push({
        target: req.url!,
        host: req.headers.host!,
        amzTarget: String(req.headers['x-amz-target']),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        closed,
      });
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-1' });
      res.write(eventMessage('initial-response', '{}'));
      res.write(eventMessage('sessionStart', JSON.stringify({ requestId: 'req-1', sessionId: 's-1' })));
      for (const { waitMs, bytes } of script.messages) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        if (res.destroyed) return;
        res.write(bytes);
      }
      if (script.end) res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const dir = mkdtempSync(join(tmpdir(), 'isoaws-live-tail-'));
const ENV = () => ({
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_MAX_ATTEMPTS: '1',
  HOME: dir,
  HTTP_PROXY: `http://127.0.0.1:${port}`,
});
const ARGV = ['--endpoint-url', 'http://logs.live.test', 'logs', 'start-live-tail', '--log-group-identifiers', GROUP];

describe('logs start-live-tail against a stand-in streaming the session', () => {
  it('prints the events as they come, then the timeout that ends the session on stdout, and exits 0', async () => {
    script = {
      messages: [
        { waitMs: 50, bytes: update('GET / 200', 'GET /a 404') },
        { waitMs: 50, bytes: update() },
        { waitMs: 50, bytes: update('{"level": "ERROR"}') },
        { waitMs: 50, bytes: exceptionMessage('SessionTimeoutException', '{"message": "Session timed out"}') },
      ],
      end: false,
    };
    seen.length = 0;
    let out = '';
    let err = '';
    const host = createNodeHost({
      env: ENV(),
      homeDir: dir,
      stdout: { write: (t) => void (out += t) },
      stderr: { write: (t) => void (err += t) },
    });
    const code = await runCli([...ARGV, '--log-stream-names', 'web-1'], host);
    expect({ code, out, err }).toEqual({
      code: 0,
      out:
        'GET / 200\nGET /a 404\n{"level": "ERROR"}\n' +
        'An error occurred (SessionTimeoutException) when calling the StartLiveTail operation: Session timed out\n',
      err: '',
    });
    expect(seen).toMatchObject([
      {
        target: 'http://stream-logs.live.test/',
        host: 'stream-logs.live.test',
        amzTarget: 'Logs_20140328.StartLiveTail',
        body: { logGroupIdentifiers: [GROUP], logStreamNames: ['web-1'] },
      },
    ]);
  });

  it('ends an open session on Ctrl-C (SIGINT) with exit 0, closing the connection (the real program)', async () => {
    script = { messages: [{ waitMs: 20, bytes: update('first', 'second') }], end: false };
    seen.length = 0;
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/isoaws.js'), ...ARGV], {
      env: { PATH: process.env.PATH, ...ENV() },
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out === 'first\nsecond\n') resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect({ out, err }).toEqual({ out: 'first\nsecond\n', err: '' });
    await seen[0]!.closed;
  });
});
