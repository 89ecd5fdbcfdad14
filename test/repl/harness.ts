/**
 * The shell driven through its streams, and the HTTP stand-in its commands call: an STS stub on
 * 127.0.0.1 that records each request (the access key and region it was signed with) and answers
 * GetCallerIdentity with an ARN naming that key, or, when `hold` is set, never answers and records
 * the request being abandoned.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startShell, type Shell, type ShellOptions } from '../../repl/shell.js';
import { createNodeHost } from '../../src/adapters/node/host.js';

export interface StubRequest {
  keyId: string;
  region: string;
  body: string;
  closedEarly: boolean;
}

export interface StsStub {
  url: string;
  requests: StubRequest[];
  /** Requests are held unanswered while true. */
  hold: boolean;
  close(): Promise<void>;
}

export async function startStsStub(): Promise<StsStub> {
  const stub: StsStub = { url: '', requests: [], hold: false, close: async () => {} };
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const auth = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? '');
      const record: StubRequest = {
        keyId: auth?.[1] ?? '',
        region: auth?.[2] ?? '',
        body: Buffer.concat(chunks).toString(),
        closedEarly: false,
      };
      stub.requests.push(record);
      if (stub.hold) {
        res.on('close', () => {
          if (!res.writableEnded) record.closedEarly = true;
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:iam::123456789012:user/${record.keyId}</Arn><UserId>AIDA${record.keyId}</UserId><Account>123456789012</Account>` +
          '</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  stub.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

export interface Session {
  shell: Shell;
  input: PassThrough;
  /** Everything written to the screen (prompts, results) and to stderr, as text. */
  out(): string;
  err(): string;
  /** The screen without terminal control sequences. */
  screen(): string;
  home: string;
  /** Resolves once `test` holds for what has been written (polled; fails after a few seconds). */
  until(test: () => boolean, what: string): Promise<void>;
}

/** A shell over PassThrough streams, with a fresh HOME and the given environment. */
export async function openSession(
  env: Record<string, string>,
  opts: Partial<ShellOptions> & { files?: Record<string, string>; history?: boolean } = {},
): Promise<Session> {
  const home = mkdtempSync(join(tmpdir(), 'isoaws-repl-'));
  const { writeFileSync, mkdirSync } = await import('node:fs');
  for (const [name, text] of Object.entries(opts.files ?? {})) {
    mkdirSync(join(home, name, '..'), { recursive: true });
    writeFileSync(join(home, name), text);
  }
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  let err = '';
  output.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const host = createNodeHost({
    env: {
      HOME: home,
      AWS_CONFIG_FILE: join(home, '.aws/config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    homeDir: home,
    stdout: {
      write: (t) => {
        output.write(t);
      },
    },
    stderr: {
      write: (t) => {
        err += typeof t === 'string' ? t : Buffer.from(t).toString();
      },
    },
  });
  const { files: _files, history, ...shellOpts } = opts;
  const historyPath = history ? join(home, '.isoaws/repl_history') : undefined;
  const shell = await startShell({ input, output, host, interactive: false, historyPath, ...shellOpts });
  const session: Session = {
    shell,
    input,
    home,
    out: () => out,
    err: () => err,
    // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are what is taken out
    screen: () => out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''),
    async until(test, what) {
      const deadline = Date.now() + 5000;
      while (!test()) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; screen:\n${session.screen()}\nstderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  return session;
}

/** A script's lines through a non-interactive shell: its output, stderr and exit status. */
export async function runScript(
  lines: string[],
  env: Record<string, string>,
  opts: Partial<ShellOptions> & { files?: Record<string, string> } = {},
) {
  const session = await openSession(env, opts);
  session.input.end(lines.map((l) => `${l}\n`).join(''));
  const status = await session.shell.done;
  return { status, out: session.out(), err: session.err(), session };
}
