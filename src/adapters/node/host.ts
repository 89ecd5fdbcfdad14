/**
 * `createNodeHost()`: the terminal's Host — keep-alive HTTP, node:fs, process environment, the models
 * directory of the package (under the user's ~/.aws/models), and stdout/stderr writers that stay quiet
 * on a closed pipe.
 */
import { homedir } from 'node:os';
import type * as Tty from 'node:tty';
import type { Host, ModelSource, Prompt, Writer } from '../../core/host.js';
import { sleep } from '../../core/sleep.js';
import { createNodeFs } from './fs.js';
import { createNodeTransport, type TransportOptions } from './http.js';
import { createNodeModelSource } from './models.js';
import { userModelsDir, withUserModels } from '../../core/model/user-models.js';
import { nativeCrc32 } from './crc32.js';
import { NodeSha256 } from './sha256.js';
import { selfCommand } from './self-command.js';
import { abandonableChunks } from './stdin.js';

export interface NodeHostOptions extends TransportOptions {
  env?: Record<string, string | undefined>;
  homeDir?: string;
  models?: ModelSource;
  stdout?: Writer;
  stderr?: Writer;
  stdin?: AsyncIterable<Uint8Array>;
}

export function createNodeHost(opts: NodeHostOptions = {}): Host {
  const env = opts.env ?? process.env;
  // process.stdout and process.stderr are made on first use, and making them costs a library's first
  // call a few milliseconds it may never need (a client that prints nothing).
  let stdout = opts.stdout;
  let stderr = opts.stderr;
  let prompt: Promise<Prompt> | undefined;
  const fs = createNodeFs();
  const homeDir = opts.homeDir ?? env.HOME ?? homedir();
  const host: Host = {
    send: createNodeTransport({ ...opts, env, warn: (text) => host.stderr.write(text) }),
    fs,
    env,
    homeDir,
    now: () => new Date(),
    sleep,
    random: Math.random,
    // The package's models, under those `configure add-model` put in ~/.aws/models.
    models: opts.models ?? withUserModels(createNodeModelSource(), fs, userModelsDir(homeDir)),
    get stdout() {
      return (stdout ??= pipeWriter(process.stdout));
    },
    get stderr() {
      return (stderr ??= pipeWriter(process.stderr));
    },
    cwd: process.cwd(),
    // process.stdin is made only when a command reads it (`s3 cp - …`).
    get stdin() {
      return opts.stdin ?? abandonableChunks(process.stdin);
    },
    sha256: NodeSha256,
    crc32: nativeCrc32,
    fileLeafHashes: async (path, range, leafSize) =>
      (await import('./leaf-hashes.js')).fileLeafHashes(path, range, leafSize),
    digest: async (bytes, want) => (await import('./digest.js')).digest(bytes, want),
    // Programs, the shell and the browser, and the terminal's questions below, load when first used: a
    // library client seldom needs them.
    run: async (argv) => (await import('./run.js')).runProgram(argv, env),
    // On the terminal unless the host was given its own streams (then the program's go through them).
    runShell: async (line) =>
      (await import('./run.js')).runShellCommand(line, env, {
        stdout: opts.stdout,
        stderr: opts.stderr,
        stdin: opts.stdin,
      }),
    openUrl: async (url) => (await import('./run.js')).openInBrowser(url),
    serveLoopback: async (answer) => (await import('./loopback.js')).serveLoopback(answer),
    // Looked up when a command needs them (ec2-instance-connect), not at start-up.
    get selfCommand() {
      return selfCommand();
    },
    // node:tty when asked (a prompt), not with the host: loading it costs every process 0.2 ms.
    get stdinIsTerminal() {
      return opts.stdin === undefined && (process.getBuiltinModule('node:tty') as typeof Tty).isatty(0);
    },
    ed25519KeyPair: async () => (await import('./ed25519.js')).ed25519KeyPair(),
    listenTcp: async (port, accept) => (await import('./tcp-listener.js')).listenTcp(port, accept),
    openWebSocket: async (url, wsOpts) => (await import('./websocket.js')).openWebSocket(url, { ...wsOpts, env }),
    machineCredentials: true,
    prompt: {
      // One prompt (and so one line reader) for every question, however soon they come.
      ask: async (question, askOpts) =>
        (await (prompt ??= import('./prompt.js').then((m) => m.createTerminalPrompt()))).ask(question, askOpts),
    },
  };
  return host;
}

/** Streams already guarded: a process that makes many hosts (tests, a library user) adds one listener each, not one per host. */
const guarded = new WeakSet<NodeJS.WriteStream>();

function pipeWriter(stream: NodeJS.WriteStream): Writer {
  // A reader that went away (`isoaws … | head`) must not turn into a stack trace.
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return {
    write: (text) => {
      stream.write(text);
    },
  };
}
