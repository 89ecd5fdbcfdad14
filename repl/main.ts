/**
 * `isoaws repl` (and `npm start`): a persistent shell that pays start-up once. Each line is a command
 * in the CLI's language (the leading `aws`/`isoaws` is optional) and runs in-process with the same
 * output and errors as `isoaws <line>`; a failed command never ends the session. With stdin not a
 * terminal, lines run in order and the first failure ends the run with its exit code.
 */
import { createInterface } from 'node:readline';
import { createNodeHost } from '../src/adapters/node/host.js';
import { runCli } from '../src/cli/main.js';
import { describeFailure } from '../src/cli/exit-codes.js';
import { splitLine } from '../src/cli/split-line.js';

export async function startRepl(): Promise<number> {
  const host = createNodeHost();
  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive, historySize: 1000 });
  rl.setPrompt('isoaws> ');
  if (interactive) {
    process.stdout.write('isoaws shell: type a command such as "sts get-caller-identity"; .exit or Ctrl-D to leave.\n');
    rl.prompt();
  }
  let status = 0;
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed === '.exit') break;
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      let args: string[];
      try {
        args = splitLine(trimmed);
      } catch (err) {
        const { code, message } = describeFailure(err);
        host.stderr.write(message);
        status = code;
        if (!interactive) break;
        rl.prompt();
        continue;
      }
      if (args[0] === 'aws' || args[0] === 'isoaws') args.shift();
      status = await runCli(args, host);
      if (status !== 0 && !interactive) break;
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  return status;
}
