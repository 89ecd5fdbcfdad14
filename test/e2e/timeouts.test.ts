/**
 * `--cli-connect-timeout` and `--cli-read-timeout` on real sockets: a listener whose accept queue is
 * full (so a new connection never completes), and a server that accepts but never answers. One
 * attempt each (AWS_MAX_ATTEMPTS=1), so the figures are the timeouts themselves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';

async function run(args: string[]) {
  let err = '';
  const host = createNodeHost({
    env: {
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_MAX_ATTEMPTS: '1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
    stdout: { write: () => {} },
    stderr: {
      write: (t) => {
        err += t;
      },
    },
  });
  const started = Date.now();
  const code = await runCli(['sts', 'get-caller-identity', ...args], host);
  return { code, err, ms: Date.now() - started };
}

/** A port whose backlog is taken by held connections: the kernel drops further connection attempts. */
async function fullBacklog(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    'python3',
    [
      '-c',
      [
        'import socket, sys, time',
        's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
        'port = s.getsockname()[1]',
        'held = [socket.socket() for _ in range(3)]',
        'for h in held: h.setblocking(False); h.connect_ex(("127.0.0.1", port))',
        'time.sleep(0.2)',
        'print(port, flush=True)',
        'time.sleep(120)',
      ].join('\n'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { port: Number(line.toString().trim()), child };
}

describe('timeouts', () => {
  let child: ChildProcess | undefined;
  let silent: Server | undefined;
  afterAll(() => {
    child?.kill();
    silent?.closeAllConnections();
    silent?.close();
  });

  it("gives up connecting after --cli-connect-timeout, with the CLI's message (exit 255)", async () => {
    const listener = await fullBacklog();
    child = listener.child;
    const url = `http://127.0.0.1:${listener.port}`;
    const r = await run(['--endpoint-url', url, '--cli-connect-timeout', '1']);
    expect(r).toMatchObject({ code: 255, err: `\nConnect timeout on endpoint URL: "${url}/"\n` });
    expect(r.ms).toBeGreaterThanOrEqual(900);
  });

  it('gives up waiting for an answer after --cli-read-timeout (exit 255)', async () => {
    silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const r = await run(['--endpoint-url', url, '--cli-read-timeout', '1']);
    expect(r).toMatchObject({ code: 255, err: `\nRead timeout on endpoint URL: "${url}/"\n` });
    expect(r.ms).toBeGreaterThanOrEqual(900);
  });
});
