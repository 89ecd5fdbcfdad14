/**
 * The Node front end of the isoaws shell (src/shell/shell.ts) over any pair of streams: node:repl for
 * line editing, history, multi-line input and JavaScript (its own evaluator is kept for that: top-level
 * await with declarations that persist, and Ctrl-C during an await), with an evaluator in front that
 * hands command lines, `?` and session commands to the shell core — which runs a command as `isoaws
 * <line>` would, so output and errors are the same bytes. Lines run one at a time, in order.
 *
 * Interactive (a terminal): a prompt showing the profile and region, Tab completion from the models,
 * `?` for a command's synopsis, history in ~/.isoaws/repl_history, Ctrl-C cancelling the running
 * request. Otherwise (a script on stdin or in a file) the lines are fed to the REPL one by one, each once
 * the previous one has finished, no prompt is printed, and the first failure ends the run with its exit
 * status unless `keepGoing`.
 *
 * The streams, the host and the history path are given (repl/main.ts): nothing here reads the
 * process's own streams, arguments or environment.
 */
import { createInterface } from 'node:readline';
import repl, { type REPLEval, type REPLServer } from 'node:repl';
import { PassThrough } from 'node:stream';
import { inspect, types } from 'node:util';
import type { Context } from 'node:vm';
import { describeFailure, EXIT } from '../src/cli/exit-codes.js';
import type { Candidate } from '../src/cli-app.js';
import { IsoawsError } from '../src/core/errors.js';
import type { Host, Prompt } from '../src/core/host.js';
import type { Schedule } from '../src/core/credentials/kept.js';
import type { Line } from '../src/shell/line.js';
import type { S3PathOptions } from '../src/shell/s3-paths.js';
import { SESSION_COMMANDS } from '../src/shell/session.js';
import { changesProfile, createShell } from '../src/shell/shell.js';
import { askOutsideHistory, openHistory } from './history.js';

export interface ShellOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Command output goes to its stdout, errors to its stderr (for a terminal: the same screen as `output`). */
  host: Host;
  /** A person at a terminal (prompt, editing, completion, history); otherwise a script. */
  interactive: boolean;
  /** A script carries on after a failing line (the exit status is then the last failure's). */
  keepGoing?: boolean;
  /** Where history is kept (interactive only); created readable by the user alone. */
  historyPath?: string;
  /** For `--version`, as the terminal entry describes the runtime. */
  platform?: string;
  /** Timers of the background credential refresh (tests). */
  schedule?: Schedule;
  s3Paths?: S3PathOptions;
  /** Start on the sandbox; `auto`: when no credentials are configured. */
  sandbox?: boolean | 'auto';
}

export interface Shell {
  /** The exit status, once the input has ended or `.exit` was typed. */
  done: Promise<number>;
  /** Cancels the running line, as Ctrl-C does at the prompt (a SIGINT delivered to a script run). */
  interrupt(): void;
  /** What Tab offers for `line` (the cursor at its end): the candidates and the text they replace. */
  complete(line: string): Promise<[string[], string]>;
  /** The REPL's JavaScript context (`aws`, `$`). */
  readonly context: Context;
}

export async function startShell(opts: ShellOptions): Promise<Shell> {
  const { host, output, interactive } = opts;
  let running: AbortController | undefined;
  let status = 0;
  let server: REPLServer;
  /** A script's next line (configure's questions take their answers from it too). */
  let nextScriptLine: (() => Promise<string | undefined>) | undefined;

  const prompt: Prompt = {
    // A question asked by a command (configure, an MFA code) is answered on the shell's own input, and
    // the answer kept out of the history. It is echoed: node:repl cannot hide one line.
    async ask(question) {
      if (nextScriptLine) {
        output.write(question);
        const line = await nextScriptLine();
        if (line === undefined) throw new IsoawsError('EOF when reading a line');
        return line;
      }
      return askOutsideHistory(server, question, running?.signal);
    },
  };
  const shell = await createShell(host, {
    prompt,
    platform: opts.platform,
    schedule: opts.schedule,
    s3Paths: opts.s3Paths,
    sandbox: opts.sandbox,
    lineSignal: () => running?.signal,
  });

  if (interactive) output.write(await shell.banner());
  const feed = interactive ? undefined : new PassThrough();
  server = repl.start({
    input: feed ?? opts.input,
    output,
    terminal: interactive,
    prompt: interactive ? await shell.prompt() : '',
    ignoreUndefined: true,
    preview: false,
    breakEvalOnSigint: true,
    // Passed on to readline (node:repl's typings leave it out); its default keeps only 30 lines.
    ...{ historySize: 1000 },
  });
  const evaluateJs = server.eval;
  const completeJs = server.completer as unknown as (
    line: string,
    callback: (err: Error | null, result?: [string[], string]) => void,
  ) => void;
  const installContext = (context: Context) => {
    Object.defineProperty(context, 'aws', { configurable: true, enumerable: true, get: () => shell.client });
    Object.defineProperty(context, '$', {
      configurable: true,
      enumerable: true,
      get: () => shell.lastResult(),
      set: (value) => shell.setLastResult(value),
    });
  };
  installContext(server.context);
  server.on('reset', installContext);

  // node:repl runs JavaScript inside a domain and sends what it throws there (node's REPL documentation:
  // "The REPL uses the domain module to catch all uncaught exceptions"), where its handler prints the
  // stack on stdout. The shell reports such errors itself, as the CLI reports errors: found as the
  // domain active during a first, empty evaluation, its handler is replaced.
  let failJs: ((err: unknown) => void) | undefined;
  let replDomain: NodeJS.EventEmitter | undefined;
  evaluateJs.call(server, 'undefined\n', server.context, 'isoaws', () => {
    replDomain = (process as { domain?: NodeJS.EventEmitter }).domain;
  });
  replDomain?.removeAllListeners('error');
  replDomain?.on('error', (err: unknown) => {
    if (failJs) return failJs(err);
    // Thrown later by code a finished line left running (a timer): reported, and the prompt shown again.
    reportJsError(err, false);
    server.displayPrompt(true);
  });

  let lineStatus = 0;
  let unfinished = false;
  let queue = Promise.resolve();
  // Replacing `eval` after start keeps node:repl's evaluator for JavaScript: given as the `eval` option,
  // it would replace that evaluator and rule out breakEvalOnSigint.
  (server as { eval: REPLEval }).eval = (code, context, file, callback) => {
    const line = shell.classify(code);
    unfinished = line.kind === 'incomplete';
    if (unfinished)
      return callback(new repl.Recoverable(new SyntaxError('The command continues on the next line')), undefined);
    queue = queue.then(() => runLine(line, code, context, file, callback));
  };

  async function runLine(
    line: Line,
    code: string,
    context: Context,
    file: string,
    callback: (err: Error | null, result?: unknown) => void,
  ): Promise<void> {
    const controller = new AbortController();
    running = controller;
    const restore = catchInterrupts(line.kind === 'js');
    try {
      if (line.kind === 'js') {
        const outcome = await new Promise<{ err: unknown; value?: unknown }>((resolve) => {
          failJs = (err) => resolve({ err });
          evaluateJs.call(server, code, context, file, (err, value) => resolve({ err, value }));
        });
        failJs = undefined;
        if (outcome.err instanceof repl.Recoverable) {
          unfinished = true;
          return callback(outcome.err);
        }
        if (outcome.err !== null && outcome.err !== undefined) {
          lineStatus = reportJsError(outcome.err, controller.signal.aborted);
          return callback(null);
        }
        lineStatus = 0;
        return callback(null, outcome.value);
      }
      if (line.kind === 'cli') lineStatus = await runCommand(line.args, controller.signal);
      else if (line.kind === 'describe') {
        output.write(await shell.describe(line.args, output.columns ?? 80));
        lineStatus = 0;
      } else lineStatus = 0;
      callback(null);
    } catch (err) {
      // Nothing above should throw; if it does, it is reported as a command's failure, and the session goes on.
      const { code: exit, message } = describeFailure(err);
      host.stderr.write(message);
      lineStatus = exit;
      callback(null);
    } finally {
      restore();
      running = undefined;
    }
  }

  async function runCommand(args: string[], signal: AbortSignal): Promise<number> {
    const code = await shell.run(args, {
      signal,
      stdoutIsTty: interactive && output.isTTY === true,
      terminalWidth: output.columns,
    });
    // configure may have changed the profile's region.
    if (interactive && changesProfile(args)) server.setPrompt(await shell.prompt());
    return code;
  }

  /** A JS error as the CLI words an isoaws error (stderr, exit code), or as node's REPL names others, without the stack. */
  function reportJsError(err: unknown, aborted: boolean): number {
    if (aborted) {
      host.stderr.write('\n');
      return EXIT.interrupted;
    }
    if (err instanceof IsoawsError) {
      const { code, message } = describeFailure(err);
      host.stderr.write(message);
      return code;
    }
    // The REPL's context is another realm: its errors are native errors, but not instances of this Error.
    host.stderr.write(
      types.isNativeError(err) ? `Uncaught ${err.name}: ${err.message}\n` : `Uncaught ${inspect(err)}\n`,
    );
    return EXIT.other;
  }

  /**
   * While a line runs, Ctrl-C cancels it. For a command, node:repl's own handler is set aside (it would
   * print a second prompt and count the press towards leaving); for JavaScript it stays, as it is what
   * interrupts a top-level await, and the line's signal is aborted beside it (calls through `aws`).
   */
  function catchInterrupts(js: boolean): () => void {
    const abort = () => running?.abort();
    if (js) {
      server.on('SIGINT', abort);
      return () => {
        server.off('SIGINT', abort);
      };
    }
    const saved = server.listeners('SIGINT') as Array<() => void>;
    server.removeAllListeners('SIGINT');
    server.on('SIGINT', abort);
    return () => {
      server.off('SIGINT', abort);
      for (const listener of saved) server.on('SIGINT', listener);
    };
  }

  for (const [name, { help }] of Object.entries(SESSION_COMMANDS)) {
    server.defineCommand(name, {
      help,
      action(rest: string) {
        queue = queue.then(async () => {
          lineStatus = await sessionCommand(name, rest);
          server.displayPrompt();
        });
      },
    });
  }
  server.defineCommand('help', {
    help: 'Show what the shell takes',
    action() {
      output.write(helpText(server));
      lineStatus = 0;
      server.displayPrompt();
    },
  });

  async function sessionCommand(name: string, rest: string): Promise<number> {
    const outcome = await shell.session(name, rest);
    if (outcome.show !== undefined) output.write(`${outcome.show}\n`);
    if (outcome.changed && interactive) server.setPrompt(await shell.prompt());
    return outcome.code;
  }

  async function complete(line: string): Promise<[string[], string]> {
    // The session commands' names (node:repl's own among them); their values are the shell's to complete.
    const dot = /^\s*\.(\w*)$/.exec(line);
    if (dot)
      return [
        Object.keys(server.commands)
          .filter((c) => c.startsWith(dot[1]!))
          .sort()
          .map((c) => `.${c} `),
        line.trimStart(),
      ];
    const js = () =>
      new Promise<[string[], string]>((resolve, reject) =>
        completeJs.call(server, line, (err, found) => (err ? reject(err) : resolve(found ?? [[], line]))),
      );
    const found = await shell.complete(line, { describe: true });
    if (!found) return js();
    // The first word could start either: the command names and JavaScript's both.
    if (/^\s*[a-z][a-z0-9-]*$/.test(line)) {
      const [names] = await js();
      return [
        shown(
          [...new Set([...found.candidates.map((c) => c.value), ...names.filter((n) => n !== '')])]
            .sort()
            .map((value) => ({ value })),
        ),
        found.word,
      ];
    }
    return [shown(found.candidates), found.word];
  }

  /**
   * Candidates as readline shows them: one is inserted (with a space after a finished word); several
   * with descriptions are listed one per line, `--name   description`, cut to the terminal's width.
   * (readline inserts their common start, which ends inside the names, as they differ there.)
   */
  function shown(candidates: Candidate[]): string[] {
    if (candidates.length === 1) {
      const { value } = candidates[0]!;
      return [/[/=]$/.test(value) ? value : `${value} `];
    }
    if (!candidates.some((c) => c.description)) return candidates.map((c) => c.value);
    const width = Math.max(...candidates.map((c) => c.value.length));
    const columns = (output.columns ?? 100) - 1;
    return candidates.map((c) => {
      const text = c.description ? `${c.value.padEnd(width)}  ${c.description}` : c.value;
      return text.length > columns ? `${text.slice(0, columns - 1)}…` : text;
    });
  }

  // node:repl's completer (JavaScript) stays for JavaScript lines; everything else is completed here.
  (server as { completer: unknown }).completer = (
    line: string,
    callback: (err: Error | null, result?: [string[], string]) => void,
  ) => {
    complete(line).then(
      (found) => callback(null, found),
      (err: Error) => callback(err),
    );
  };

  if (interactive) {
    if (opts.historyPath) await openHistory(server, opts.historyPath, (text) => host.stderr.write(text));
    // `?` typed as a word of a command: its synopsis now, and the line kept as it was without the `?`.
    opts.input.on('keypress', (typed: string | undefined) => {
      if (typed !== '?' || server.cursor !== server.line.length) return;
      const line = shell.classify(server.line);
      if (line.kind !== 'describe') return;
      server.write(null as unknown as string, { name: 'backspace' });
      shell.describe(line.args, output.columns ?? 80).then(
        (text) => {
          output.write(`\n${text}`);
          server.displayPrompt(true);
        },
        () => {},
      );
    });
  }

  const done = new Promise<number>((resolve) => {
    server.on('exit', () => {
      running?.abort();
      shell.close();
      if (unfinished && !interactive) {
        host.stderr.write(
          '\nThe script ended inside a command: an open quote or bracket, or a backslash at the end of the last line\n',
        );
        status = EXIT.usage;
      }
      resolve(interactive ? 0 : status);
    });
  });

  if (feed) {
    const lines = createInterface({ input: opts.input, crlfDelay: Infinity })[Symbol.asyncIterator]();
    nextScriptLine = async () => {
      const next = await lines.next();
      return next.done ? undefined : next.value;
    };
    void feedScript(
      server,
      feed,
      nextScriptLine,
      () => lineStatus,
      (code) => {
        status = code;
      },
      opts.keepGoing === true,
    );
  }

  return {
    done,
    interrupt: () => running?.abort(),
    complete,
    get context() {
      return server.context;
    },
  };
}

/**
 * Feeds a script to the REPL a line at a time: node:repl evaluates every line of a chunk at once, so
 * the next line is written only when the REPL shows its prompt again (the previous line is finished).
 * A failing line ends the run unless `keepGoing`; the status is the failure's exit code.
 */
async function feedScript(
  server: REPLServer,
  feed: PassThrough,
  next: () => Promise<string | undefined>,
  lineStatus: () => number,
  fail: (code: number) => void,
  keepGoing: boolean,
): Promise<void> {
  let ready: () => void = () => {};
  // No prompt in a script, not even node:repl's "..." before the continuation of an unfinished line;
  // readline's prompt() (the empty prompt) still resumes reading.
  server.displayPrompt = () => {
    server.prompt();
    ready();
  };
  for (;;) {
    const line = await next();
    if (line === undefined) break;
    const keyword = /^\s*\.([^\s.]\S*)/.exec(line)?.[1];
    if (keyword !== undefined && !(keyword in server.commands) && Number.isNaN(Number.parseFloat(line.trim()))) {
      // node:repl would only print "Invalid REPL keyword" and go on; in a script that is a failed line.
      server.output.write(`\nUnknown session command .${keyword}\n`);
      fail(EXIT.usage);
      if (!keepGoing) break;
      continue;
    }
    const finished = new Promise<void>((resolve) => {
      ready = resolve;
    });
    feed.write(`${line}\n`);
    await finished;
    const code = lineStatus();
    if (code !== 0) {
      fail(code);
      if (!keepGoing) break;
    }
  }
  feed.end();
}

function helpText(server: REPLServer): string {
  const own = Object.entries(SESSION_COMMANDS).map(([name, c]) => `  .${name.padEnd(9)} ${c.help}`);
  const others = Object.keys(server.commands)
    .filter((n) => !(n in SESSION_COMMANDS))
    .sort()
    .map((n) => `  .${n.padEnd(9)} ${server.commands[n]!.help ?? ''}`);
  return [
    "A line is a command in the AWS CLI's language, run as `isoaws <line>` would (the leading aws is optional):",
    '  s3 ls',
    "  ec2 describe-instances --query 'Reservations[].Instances[].InstanceId' --output text",
    'or JavaScript, with top-level await: `aws` is a client for the current profile and region, `$` the last',
    "command's result:",
    '  await aws.s3.listBuckets()',
    '  $.Buckets.map(b => b.Name)',
    'Tab completes services, operations, options and values; "?" after a command shows its options;',
    'Ctrl-C cancels the running request; Ctrl-D or .exit leaves.',
    '',
    ...own,
    ...others,
    '',
  ].join('\n');
}
