/**
 * `Host.run` for Node: a program and its arguments, no shell, output collected as UTF-8; and
 * `Host.runShell`: a command line through the shell, on the terminal.
 */
import { readFileSync } from 'node:fs';
import type { ProcessResult, Writer } from '../../core/host.js';

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  ENOTDIR: [20, 'Not a directory'],
};

export async function runProgram(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<ProcessResult> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      const known = err.code ? ERRNO[err.code] : undefined;
      resolve({
        status: null,
        stdout,
        stderr,
        error: known ? `[Errno ${known[0]}] ${known[1]}: '${argv[0]}'` : err.message,
      });
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * `Host.runShell` for Node: `line` through the system shell, as Python's `subprocess.call(line,
 * shell=True)` runs it: on the terminal's own stdin, stdout and stderr, so that the program may ask
 * questions, page or colour its output. A host given writers of its own (tests, a program embedding
 * the CLI) gets the output through them instead, as text, and the program reads `stdin` when one was
 * given, else nothing. Resolves to the exit status, or -N when signal N ended the program.
 */
export async function runShellCommand(
  line: string,
  env: Readonly<Record<string, string | undefined>>,
  io: { stdout?: Writer; stderr?: Writer; stdin?: AsyncIterable<Uint8Array> } = {},
): Promise<number> {
  const [{ spawn }, { constants }, { Readable }] = await Promise.all([
    import('node:child_process'),
    import('node:os'),
    import('node:stream'),
  ]);
  const captured = io.stdout !== undefined || io.stderr !== undefined;
  const child = spawn(line, {
    shell: true,
    env: env as NodeJS.ProcessEnv,
    stdio: [
      captured ? (io.stdin ? 'pipe' : 'ignore') : 'inherit',
      io.stdout ? 'pipe' : 'inherit',
      io.stderr ? 'pipe' : 'inherit',
    ],
  });
  if (child.stdin && io.stdin) {
    child.stdin.on('error', () => {
      /* the program did not read all of its input */
    });
    Readable.from(io.stdin).pipe(child.stdin);
  }
  const forward = (stream: NodeJS.ReadableStream | null, writer: Writer | undefined) => {
    if (!stream || !writer) return;
    const decoder = new TextDecoder();
    stream.on('data', (chunk: Uint8Array) => writer.write(decoder.decode(chunk, { stream: true })));
    stream.on('end', () => {
      const rest = decoder.decode();
      if (rest) writer.write(rest);
    });
  };
  forward(child.stdout, io.stdout);
  forward(child.stderr, io.stderr);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve(signal ? -(constants.signals[signal] ?? 0) : (status ?? 0)));
  });
}

/** The desktop's "open this URL" command, detached; a machine without one simply shows nothing. */
export async function openInBrowser(url: string): Promise<void> {
  const argv = browserCommand(url, process.platform);
  if (!argv) return;
  const { spawn } = await import('node:child_process');
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore', detached: true });
  child.on('error', () => {
    /* no browser here */
  });
  child.unref();
}

/**
 * The program that opens `url` in the user's browser, as an argv that no shell reads: the URL comes
 * from a server (SSO's verification address), and on Windows `cmd /c start` would run whatever follows
 * an `&` in it. Only http and https URLs are opened.
 */
export function browserCommand(url: string, platform: NodeJS.Platform): string[] | undefined {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  if (platform === 'darwin') return ['open', url];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler', url];
  return ['xdg-open', url];
}

/**
 * An argument the shell passed as bytes that are not UTF-8 (`s3 ls $'s3://b/\xff'`): Node has already
 * replaced them with U+FFFD, a different key or name, so the raw bytes are looked at again
 * (/proc/self/cmdline, where there is one). Returns what is wrong with the first such argument; the AWS
 * CLI fails on it too (exit 255), in the words of a Python exception.
 */
export function invalidUtf8Argument(argv: readonly string[]): string | undefined {
  if (!argv.some((arg) => arg.includes('\ufffd'))) return undefined;
  let raw: Buffer[];
  try {
    const cmdline = readFileSync('/proc/self/cmdline');
    raw = splitNul(cmdline).slice(-argv.length);
  } catch {
    return undefined;
  }
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (const bytes of raw) {
    try {
      strict.decode(bytes);
    } catch {
      return notUtf8Message(bytes);
    }
  }
  return undefined;
}

function splitNul(bytes: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(0); i !== -1; start = i + 1, i = bytes.indexOf(0, start))
    parts.push(bytes.subarray(start, i));
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts;
}

/** What is wrong with an argument's bytes, and where: the first byte that starts no UTF-8 sequence. */
function notUtf8Message(bytes: Buffer): string {
  let i = 0;
  for (let length = utf8SequenceLength(bytes, 0); length > 0 && i < bytes.length; length = utf8SequenceLength(bytes, i))
    i += length;
  return `An argument is not valid UTF-8 (byte 0x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')} after ${JSON.stringify(bytes.subarray(0, i).toString('utf8'))}): names and keys must be given in UTF-8.`;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  for (const length of [1, 2, 3, 4]) {
    if (i + length > bytes.length) return 0;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
      return length;
    } catch {
      /* longer, or not a sequence */
    }
  }
  return 0;
}
