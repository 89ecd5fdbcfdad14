/**
 * Runs the CLI in-process over the real Node host, in a working directory and home of the test's own,
 * against an endpoint (moto, a stand-in): what it printed and its exit code, as a terminal would see them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest } from '../../src/core/host.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  bytes: Uint8Array;
}

export interface CliRunOptions {
  stdin?: Uint8Array;
  /** Written to `home/config` (AWS_CONFIG_FILE) before the run. */
  config?: string;
  /** Receives every request sent. */
  requests?: HttpRequest[];
  endpoint?: string;
  env?: Record<string, string>;
  /** What a terminal's user types at each prompt, in order (an empty answer once they run out). */
  answers?: string[];
}

/** A runner for `argv` lines in `work`, with `home` as HOME and moto's test keys. */
export function cliRunner(o: {
  home: string;
  work: string;
  endpoint: () => string;
}): (argv: string[], opts?: CliRunOptions) => Promise<CliRun> {
  return async (argv, opts = {}) => {
    let out = '';
    let err = '';
    const raw: Uint8Array[] = [];
    if (opts.config !== undefined) writeFileSync(join(o.home, 'config'), opts.config);
    const host = createNodeHost({
      env: {
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_DEFAULT_REGION: 'us-east-1',
        HOME: o.home,
        AWS_CONFIG_FILE: join(o.home, 'config'),
        ...opts.env,
      },
      homeDir: o.home,
      stdout: {
        write: (t) => {
          if (typeof t === 'string') out += t;
          else raw.push(t);
        },
      },
      stderr: {
        write: (t) => {
          err += t;
        },
      },
      stdin: opts.stdin ? Readable.from([opts.stdin]) : undefined,
    });
    const previous = process.cwd();
    process.chdir(o.work);
    try {
      const send: typeof host.send = (req, sendOpts) => {
        opts.requests?.push(req);
        return host.send(req, sendOpts);
      };
      const answers = [...(opts.answers ?? [])];
      const code = await runCli(['--endpoint-url', opts.endpoint ?? o.endpoint(), ...argv], {
        ...host,
        send,
        cwd: o.work,
        ...(opts.answers ? { prompt: { ask: async () => answers.shift() ?? '' } } : {}),
      });
      return { code, out, err, bytes: Buffer.concat(raw) };
    } finally {
      process.chdir(previous);
    }
  };
}
