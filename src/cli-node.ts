/**
 * The terminal entry (bin/isoaws.js imports the built copy): the Node host plus the CLI driver. Exits
 * with the driver's code once stdout has drained. (`isoaws repl` is the shell's entry, repl/main.ts.)
 */
import { spawn } from 'node:child_process';
import { release } from 'node:os';
import { createNodeHost } from './adapters/node/host.js';
import { invalidUtf8Argument } from './adapters/node/run.js';
import { runCli } from './cli-app.js';

export async function main(argv: readonly string[]): Promise<void> {
  // Bytes that are not UTF-8 reached us as U+FFFD: another key or name than the one typed (exit 255, as the CLI).
  const notUtf8 = invalidUtf8Argument(argv);
  if (notUtf8) {
    process.stderr.write(`\n${notUtf8}\n`);
    process.exitCode = 255;
    return;
  }
  // Ctrl-C cancels the request in flight; the CLI then exits 130 as the AWS CLI does.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.exitCode = await runCli(argv, createNodeHost(), {
    signal: interrupt.signal,
    stdoutIsTty: process.stdout.isTTY === true,
    terminalWidth: process.stdout.columns,
    platform: `Node/${process.versions.node} ${process.platform}/${release()}`,
    openPager,
  });
}

/** The pager as the AWS CLI runs it: through the shell, reading our output on its stdin. */
function openPager(command: string) {
  const child = spawn(command, {
    shell: true,
    stdio: ['pipe', 'inherit', 'inherit'],
    env: { LESS: 'FRX', ...process.env },
  });
  child.stdin.on('error', () => {
    /* the pager quit early: drop the rest */
  });
  const exited = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  return {
    stdout: {
      write: (text: string | Uint8Array) => {
        child.stdin.write(text);
      },
    },
    done: () => {
      child.stdin.end();
      return exited;
    },
  };
}

/**
 * `isoaws_completer`: the AWS CLI completer protocol (COMP_LINE and COMP_POINT in, or tcsh's
 * COMMAND_LINE, as aws_completer reads them; one candidate per line out).
 */
export async function completerMain(): Promise<void> {
  const line = process.env.COMP_LINE || process.env.COMMAND_LINE || '';
  const point = Number(process.env.COMP_POINT || line.length);
  const { complete } = await import('./cli-app.js');
  const candidates = await complete(line, Number.isFinite(point) ? point : line.length, createNodeHost());
  process.stdout.write(candidates.length ? `${candidates.join('\n')}\n` : '');
}
