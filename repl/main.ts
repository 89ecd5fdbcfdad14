/**
 * `isoaws repl [FILE] [--keep-going] [--sandbox]` (and `npm start`): the shell on this process's terminal, or, with
 * stdin not a terminal or a FILE given, a script run line by line. The only module here that reads
 * `process`; the shell itself (shell.ts) takes streams and a host.
 */
import { release } from 'node:os';
import { join } from 'node:path';
import { createNodeHost } from '../src/adapters/node/host.js';
import { EXIT } from '../src/cli/exit-codes.js';

const USAGE = 'usage: isoaws repl [FILE] [--keep-going] [--sandbox]\n';

export async function startRepl(args: readonly string[] = []): Promise<number> {
  const keepGoing = args.includes('--keep-going');
  const sandbox = args.includes('--sandbox');
  const rest = args.filter((a) => a !== '--keep-going' && a !== '--sandbox');
  if (rest.length > 1 || rest.some((a) => a.startsWith('-'))) {
    process.stderr.write(`\n${USAGE}isoaws repl: error: unrecognized arguments: ${rest.join(' ')}\n`);
    return EXIT.usage;
  }
  const [file] = rest;
  const { createReadStream } = await import('node:fs');
  const { startShell } = await import('./shell.js');
  const host = createNodeHost();
  const interactive = file === undefined && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const input = file === undefined ? process.stdin : createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    if (file === undefined) return resolve();
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    process.stderr.write(`\nisoaws repl: cannot read ${file}: ${(err as Error).message}\n`);
    return EXIT.other;
  }
  const shell = await startShell({
    input,
    output: process.stdout,
    host,
    interactive,
    keepGoing,
    // A fresh machine's `npm start` has no credentials: the shell then opens on the sandbox (and says so).
    sandbox: sandbox || (interactive ? 'auto' : false),
    historyPath: join(host.homeDir, '.isoaws', 'repl_history'),
    platform: `Node/${process.versions.node} ${process.platform}/${release()}`,
  });
  // At a terminal, Ctrl-C reaches the REPL as a key; a script run gets it as a signal: cancel the
  // running line (the run then ends with 130, as the CLI's), and a second one ends the process.
  const onSigint = () => {
    shell.interrupt();
    process.once('SIGINT', () => process.exit(EXIT.interrupted));
  };
  if (!interactive) process.once('SIGINT', onSigint);
  const status = await shell.done;
  process.off('SIGINT', onSigint);
  return status;
}
