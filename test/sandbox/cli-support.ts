/**
 * Runs command lines with `--sandbox` in-process over the real Node host: a home and a working
 * directory of the test's own, the sandbox's files in ISOAWS_SANDBOX_DIR under them, no credentials or
 * region configured (the sandbox supplies both), and a clock the test can move forward (waiting moves it too).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import type { Host } from '../../src/core/host.js';

export interface SandboxRun {
  code: number;
  out: string;
  err: string;
}

export interface SandboxCli {
  home: string;
  work: string;
  stateDir: string;
  /** Moves the clock every later command (and the sandbox) sees. */
  advance(ms: number): void;
  /** Runs `isoaws --sandbox ARGV` (`sandbox: false`: without the option). */
  run(argv: string[], opts?: { sandbox?: boolean }): Promise<SandboxRun>;
  /** The JSON a command printed. */
  json(argv: string[]): Promise<any>;
  host(stdout?: (text: string) => void): Host;
}

export function sandboxCli(env: Record<string, string> = {}): SandboxCli {
  const root = mkdtempSync(join(tmpdir(), 'isoaws-sandbox-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  const stateDir = join(home, '.isoaws', 'sandbox');
  mkdirSync(home);
  mkdirSync(work);
  let offset = 0;
  const makeHost = (out: (t: string) => void, err: (t: string) => void): Host => {
    const base = createNodeHost({
      env: { HOME: home, AWS_PAGER: '', ...env },
      homeDir: home,
      stdout: { write: (t) => out(typeof t === 'string' ? t : new TextDecoder().decode(t)) },
      stderr: { write: (t) => err(typeof t === 'string' ? t : new TextDecoder().decode(t)) },
    });
    // Waiting (a waiter's delay, a retry's backoff) moves the clock instead of sleeping: the sandbox's
    // resources change state by that clock, so a waiter sees them move without the test taking minutes.
    const sleep = async (ms: number) => {
      offset += ms;
    };
    return { ...base, cwd: work, now: () => new Date(Date.now() + offset), sleep };
  };
  const cli: SandboxCli = {
    home,
    work,
    stateDir,
    advance: (ms) => {
      offset += ms;
    },
    async run(argv, opts = {}) {
      let out = '';
      let err = '';
      const host = makeHost(
        (t) => (out += t),
        (t) => (err += t),
      );
      // Relative paths (`--body chunkaa`) are the process's, as for a command typed in that directory.
      const previous = process.cwd();
      process.chdir(work);
      try {
        const code = await runCli(opts.sandbox === false ? argv : ['--sandbox', ...argv], host);
        return { code, out, err };
      } finally {
        process.chdir(previous);
      }
    },
    async json(argv) {
      const r = await cli.run(argv);
      if (r.code !== 0) throw new Error(`${argv.join(' ')} → ${r.code}: ${r.err}`);
      return JSON.parse(r.out);
    },
    host: (stdout = () => {}) => makeHost(stdout, () => {}),
  };
  return cli;
}
