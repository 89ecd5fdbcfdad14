/**
 * Starts moto_server on 127.0.0.1 with a free port and stops it by PID. Without moto the caller gets
 * undefined (and skips), except in CI, where a missing moto is a failure. `env` adds moto's own settings
 * (MOTO_IAM_LOAD_MANAGED_POLICIES, …) to the environment it starts with.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export async function startMoto(env: Record<string, string> = {}): Promise<MotoServer | undefined> {
  const command = findMoto();
  if (!command) {
    if (process.env.CI === 'true') throw new Error('moto_server is not available');
    return undefined;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(command[0]!, [...command.slice(1), '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, ...env },
  });
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', kill);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error('moto_server did not start within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    port,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        kill();
      }),
  };
}

function findMoto(): string[] | undefined {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0) return ['moto_server'];
  if (spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0)
    return ['python3', '-m', 'moto.server'];
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
