/** `Host.run` for Node: a program and its arguments, no shell, output collected as UTF-8. */
import type { ProcessResult } from '../../core/host.js';

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'], EACCES: [13, 'Permission denied'], ENOTDIR: [20, 'Not a directory'],
};

export async function runProgram(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<ProcessResult> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', (err: NodeJS.ErrnoException) => {
      const known = err.code ? ERRNO[err.code] : undefined;
      resolve({ status: null, stdout, stderr, error: known ? `[Errno ${known[0]}] ${known[1]}: '${argv[0]}'` : err.message });
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The desktop's "open this URL" command, detached; a machine without one simply shows nothing. */
export async function openInBrowser(url: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const [command, ...args] = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  const child = spawn(command!, args, { stdio: 'ignore', detached: true });
  child.on('error', () => { /* no browser here */ });
  child.unref();
}
