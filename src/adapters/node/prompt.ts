/**
 * `Host.prompt` on a terminal: the question on stderr (stdout stays the command's output), the answer
 * one line from stdin; a secret answer is not echoed.
 */
import type { Prompt } from '../../core/host.js';

export function createTerminalPrompt(): Prompt {
  return {
    async ask(question, opts) {
      const { createInterface } = await import('node:readline');
      const { Writable } = await import('node:stream');
      let muted = false;
      // Echo goes to stderr, except while a secret is typed.
      const output = new Writable({ write(chunk, _enc, done) { if (!muted) process.stderr.write(chunk); done(); } });
      const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
      try {
        return await new Promise<string>((resolve) => {
          rl.question(question, resolve);
          muted = opts?.secret === true;
        });
      } finally {
        muted = false;
        if (opts?.secret) process.stderr.write('\n');
        rl.close();
      }
    },
  };
}
