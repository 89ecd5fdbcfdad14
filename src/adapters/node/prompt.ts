/**
 * `Host.prompt` on a terminal or a pipe. A question goes to stdout, as the AWS CLI's `input()` writes
 * its `configure` questions; a secret one (an MFA code) to stderr and unechoed, as Python's getpass.
 * One reader serves every question of a run, so answers piped in all at once (`printf '…' | isoaws
 * configure`) are each taken in turn instead of the first question's reader swallowing the rest.
 * Input that ends before an answer fails with Python's words for it; Ctrl-C on a terminal (which readline
 * reads as a key, not a signal) is an interrupt, as Python's KeyboardInterrupt (exit 130).
 */
import type { Interface } from 'node:readline';
import type { Prompt } from '../../core/host.js';
import { AbortedError, IsoawsError } from '../../core/errors.js';

export function createTerminalPrompt(): Prompt {
  let reader: LineReader | undefined;
  return {
    async ask(question, opts) {
      reader ??= await LineReader.open();
      return reader.ask(question, opts?.secret === true);
    },
  };
}

class LineReader {
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private interrupted = false;
  /** Where echo goes: the current question's stream, or nowhere while a secret is typed. */
  private echo: NodeJS.WriteStream | undefined = process.stdout;

  private constructor(
    private readonly rl: Interface,
    private readonly terminal: boolean,
  ) {
    rl.on('line', (line) => this.take(line));
    rl.on('SIGINT', () => {
      this.interrupted = true;
      rl.close();
    });
    rl.on('close', () => {
      this.ended = true;
      this.take(undefined);
    });
  }

  static async open(): Promise<LineReader> {
    const { createInterface } = await import('node:readline');
    const { Writable } = await import('node:stream');
    let self: LineReader | undefined;
    const output = new Writable({
      write(chunk, _enc, done) {
        self?.echo?.write(chunk);
        done();
      },
    });
    const terminal = process.stdin.isTTY === true;
    self = new LineReader(createInterface({ input: process.stdin, output, terminal }), terminal);
    return self;
  }

  async ask(question: string, secret: boolean): Promise<string> {
    const stream = secret ? process.stderr : process.stdout;
    this.echo = stream;
    if (this.terminal && !this.ended) {
      // readline redraws the prompt while a line is edited, so it must know the question.
      this.rl.setPrompt(question);
      this.rl.prompt();
    } else {
      stream.write(question);
    }
    if (secret) this.echo = undefined;
    if (!this.ended) this.rl.resume();
    const line = this.lines.length
      ? this.lines.shift()
      : this.ended
        ? undefined
        : await new Promise<string | undefined>((resolve) => {
            this.waiting = resolve;
          });
    // Paused between questions, stdin does not keep the process alive once the command is done.
    if (!this.ended) this.rl.pause();
    if (secret) process.stderr.write('\n');
    this.echo = process.stdout;
    if (line === undefined) throw this.interrupted ? new AbortedError() : new IsoawsError('EOF when reading a line');
    return line;
  }

  private take(line: string | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(line);
    else if (line !== undefined) this.lines.push(line);
  }
}
