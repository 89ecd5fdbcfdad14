/**
 * The command line: a textbox where Enter runs a line as the terminal shell would run it (a command, a
 * `?` for a synopsis, a `.session` command, or JavaScript with `aws` and `$`), Shift+Enter or an open
 * quote or bracket continues it on another line, Tab completes from the models with each candidate's
 * first sentence of documentation, ↑/↓ walk the history, and Ctrl+C or Stop cancels the running line.
 * Questions a command asks (`configure`) are answered on the same line.
 *
 * Tab is taken only while there is something to complete: on an empty line, or after Escape, it moves
 * focus on as everywhere else, so the keyboard never gets stuck here.
 */
import type { Candidate } from '../../src/cli/completer.js';
import { describeFailure, EXIT } from '../../src/cli/exit-codes.js';
import type { Writer } from '../../src/core/host.js';
import { IsoawsError } from '../../src/core/errors.js';
import type { Shell } from '../../src/index.web.js';
import { appendOutput, createEntry, finishEntry, type Entry } from './entries.js';
import type { History } from './history.js';

export interface ConsoleParts {
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  prompt: HTMLElement;
  output: HTMLElement;
  stop: HTMLButtonElement;
  run: HTMLButtonElement;
  completions: HTMLUListElement;
}

export interface Console {
  /** Runs a line as if typed and entered; resolves once it has finished. */
  submit(line: string): Promise<Entry | undefined>;
  /** Puts a line on the command line, ready to run (a lesson's Run button, a shared link). */
  fill(line: string): void;
  /** Where the host writes: into the running entry. */
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** The prompt commands ask questions through (configure). */
  ask(question: string, opts?: { secret?: boolean }): Promise<string>;
  /** The running line's signal. */
  signal(): AbortSignal | undefined;
  /** The running entry, which the engine's events belong to. */
  running(): Entry | undefined;
  refreshPrompt(): Promise<void>;
  clear(): void;
}

const PAGE_HELP = `Session commands:
  .profile NAME   use a profile of ~/.aws/config (.profile alone shows it)
  .region NAME    use a region (.region alone shows it)
  .output FORMAT  json, text, table, yaml, yaml-stream or off
  .debug on|off   log each request and response
  .sandbox reset  empty the sandbox (the Backend buttons switch to and from it)
  .clear          clear the output
Keys: Enter runs, Shift+Enter adds a line, Tab completes, Up/Down recall, Ctrl+C cancels.
JavaScript: any line that is not a command, with aws (the library's client) and $ (the last result).
`;

export function createConsole(
  parts: ConsoleParts,
  deps: { shell: () => Shell; history: History; onFinished: (entry: Entry) => void; onInspect: (entry: Entry) => void },
): Console {
  const { form, input, output, stop, completions } = parts;
  let current: Entry | undefined;
  let controller: AbortController | undefined;
  let question: { resolve: (answer: string) => void; secret: boolean } | undefined;
  let historyIndex: number | undefined;
  let escaped = false;
  let offered: Candidate[] = [];
  let offeredWord = '';
  let active = -1;
  const decoder = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  const writer = (stream: 'stdout' | 'stderr'): Writer => ({
    write(text) {
      const chunk = typeof text === 'string' ? text : decoder[stream].decode(text, { stream: true });
      if (current) appendOutput(current, stream, chunk);
    },
  });

  const scroll = () => {
    output.scrollTop = output.scrollHeight;
  };

  async function refreshPrompt() {
    parts.prompt.textContent = (await deps.shell().prompt()).trimEnd();
  }

  async function submit(line: string): Promise<Entry | undefined> {
    if (question) {
      const { resolve, secret } = question;
      question = undefined;
      input.classList.remove('secret');
      if (current) appendOutput(current, 'stdout', `${secret ? '' : line}\n`);
      resolve(line);
      return current;
    }
    if (current) return undefined;
    const shell = deps.shell();
    const kind = line.trim().startsWith('.') ? 'session' : shell.classify(line).kind;
    if (kind === 'blank') return undefined;
    deps.history.add(line);
    historyIndex = undefined;
    const entry = createEntry(line, parts.prompt.textContent ?? '', deps.onInspect);
    output.append(entry.element);
    current = entry;
    controller = new AbortController();
    stop.disabled = false;
    parts.run.disabled = true;
    const started = performance.now();
    let code: number;
    try {
      code = await runLine(shell, line, entry, controller.signal);
    } catch (err) {
      // Nothing should throw past runLine; if something does, it is the line's failure, as in the shell.
      const failure = describeFailure(err);
      appendOutput(entry, 'stderr', failure.message);
      code = failure.code;
    }
    finishEntry(entry, code, performance.now() - started);
    current = undefined;
    controller = undefined;
    stop.disabled = true;
    parts.run.disabled = false;
    await refreshPrompt();
    scroll();
    deps.onFinished(entry);
    return entry;
  }

  async function runLine(shell: Shell, line: string, entry: Entry, signal: AbortSignal): Promise<number> {
    const session = /^\s*\.(\w+)\s*(.*)$/s.exec(line);
    if (session) {
      if (session[1] === 'help') {
        appendOutput(entry, 'stdout', PAGE_HELP);
        return 0;
      }
      if (session[1] === 'clear') {
        clear();
        return 0;
      }
      const outcome = await shell.session(session[1]!, session[2] ?? '');
      if (outcome.show !== undefined) appendOutput(entry, 'stdout', `${outcome.show}\n`);
      return outcome.code;
    }
    const kind = shell.classify(line);
    switch (kind.kind) {
      case 'cli':
        return shell.run(kind.args, { signal, observe: (event) => entry.events.push(event) });
      case 'describe':
        appendOutput(entry, 'stdout', await shell.describe(kind.args, 80));
        return 0;
      case 'js':
        return runJs(shell, kind.code, entry, signal);
      default:
        return 0;
    }
  }

  async function runJs(shell: Shell, code: string, entry: Entry, signal: AbortSignal): Promise<number> {
    try {
      const value = await Promise.race([
        compileJs(code)(shell.client, shell.lastResult()),
        new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')), { once: true }),
        ),
      ]);
      if (value !== undefined) appendOutput(entry, 'stdout', `${showValue(value)}\n`);
      return 0;
    } catch (err) {
      if (signal.aborted) {
        appendOutput(entry, 'stderr', '\n');
        return EXIT.interrupted;
      }
      if (err instanceof IsoawsError) {
        const failure = describeFailure(err);
        appendOutput(entry, 'stderr', failure.message);
        return failure.code;
      }
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      appendOutput(entry, 'stderr', `Uncaught ${error}\n`);
      return EXIT.other;
    }
  }

  function fill(line: string) {
    input.value = line;
    closeCompletions();
    resize();
    input.focus();
    input.setSelectionRange(line.length, line.length);
  }

  function resize() {
    input.rows = Math.min(12, input.value.split('\n').length);
  }

  function clear() {
    output.textContent = '';
  }

  // --- completion -------------------------------------------------------------------------------
  async function complete() {
    const before = input.value.slice(0, input.selectionStart);
    const found = await deps.shell().complete(before, { describe: true });
    if (!found || !found.candidates.length) return closeCompletions();
    if (found.candidates.length === 1) return accept(found.candidates[0]!, found.word);
    const values = found.candidates.map((c) => c.value);
    const common = values.reduce((a, b) => {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return a.slice(0, i);
    });
    if (common.length > found.word.length) replaceWord(found.word, common);
    showCompletions(found.candidates, common.length > found.word.length ? common : found.word);
  }

  function replaceWord(word: string, value: string, trailing = '') {
    const at = input.selectionStart;
    const start = at - word.length;
    input.value = input.value.slice(0, start) + value + trailing + input.value.slice(at);
    const caret = start + value.length + trailing.length;
    input.setSelectionRange(caret, caret);
  }

  function accept(candidate: Candidate, word: string) {
    replaceWord(word, candidate.value, /[/=]$/.test(candidate.value) ? '' : ' ');
    closeCompletions();
  }

  function showCompletions(candidates: Candidate[], word: string) {
    offered = candidates.slice(0, 200);
    offeredWord = word;
    active = -1;
    completions.textContent = '';
    offered.forEach((candidate, i) => {
      const li = document.createElement('li');
      li.id = `completion-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      const value = document.createElement('span');
      value.textContent = candidate.value;
      li.append(value);
      if (candidate.description) {
        const doc = document.createElement('span');
        doc.className = 'doc';
        doc.textContent = candidate.description;
        li.append(doc);
      }
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        accept(candidate, offeredWord);
        input.focus();
      });
      completions.append(li);
    });
    completions.hidden = false;
  }

  function moveActive(step: number) {
    if (!offered.length) return;
    active = (active + step + offered.length) % offered.length;
    completions.querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const li = completions.querySelector<HTMLElement>(`#completion-${active}`);
    li?.scrollIntoView({ block: 'nearest' });
    input.setAttribute('aria-activedescendant', `completion-${active}`);
  }

  function closeCompletions() {
    offered = [];
    active = -1;
    completions.hidden = true;
    completions.textContent = '';
    input.removeAttribute('aria-activedescendant');
  }

  // --- keys ---------------------------------------------------------------------------------------
  function recall(step: number) {
    const lines = deps.history.lines;
    if (!lines.length) return;
    const next = (historyIndex ?? lines.length) + step;
    if (next < 0) return;
    historyIndex = next >= lines.length ? undefined : next;
    input.value = historyIndex === undefined ? '' : lines[historyIndex]!;
    resize();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  input.addEventListener('keydown', (e) => {
    const listOpen = !completions.hidden && offered.length > 0;
    if (e.key === 'Escape') {
      escaped = true;
      closeCompletions();
      return;
    }
    const wasEscaped = escaped;
    escaped = false;
    if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (wasEscaped || (input.value.trim() === '' && !listOpen)) return;
      e.preventDefault();
      if (listOpen && active >= 0) accept(offered[active]!, offeredWord);
      else if (listOpen && offered.length) moveActive(1);
      else void complete();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      if (listOpen && active >= 0) return accept(offered[active]!, offeredWord);
      closeCompletions();
      const line = input.value;
      if (!question && !line.trim().startsWith('.') && deps.shell().classify(line).kind === 'incomplete') {
        replaceWord('', '\n');
        resize();
        return;
      }
      input.value = '';
      resize();
      void submit(line);
      return;
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const step = e.key === 'ArrowUp' ? -1 : 1;
      if (listOpen) {
        e.preventDefault();
        return moveActive(step);
      }
      const caret = input.selectionStart;
      const onFirst = !input.value.slice(0, caret).includes('\n');
      const onLast = !input.value.slice(caret).includes('\n');
      if ((step < 0 && onFirst) || (step > 0 && onLast)) {
        e.preventDefault();
        recall(step);
      }
      return;
    }
    if (e.key === 'c' && e.ctrlKey && !e.shiftKey && input.selectionStart === input.selectionEnd) {
      e.preventDefault();
      if (controller) controller.abort();
      else {
        input.value = '';
        resize();
      }
      return;
    }
    closeCompletions();
  });
  input.addEventListener('input', resize);
  input.addEventListener('blur', () => setTimeout(closeCompletions, 150));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const line = input.value;
    input.value = '';
    resize();
    void submit(line);
  });
  stop.addEventListener('click', () => controller?.abort());

  return {
    submit,
    fill,
    stdout: writer('stdout'),
    stderr: writer('stderr'),
    ask(text, opts = {}) {
      if (current) appendOutput(current, 'stdout', text);
      // configure asks for the secret key in plain sight, as the AWS CLI does in a terminal; a page's log
      // outlives the moment, so an answer to a question about a secret is neither shown nor echoed.
      const secret = opts.secret === true || /secret|password|token/i.test(text);
      input.classList.toggle('secret', secret);
      input.focus();
      return new Promise((resolve) => {
        question = { resolve, secret };
      });
    },
    signal: () => controller?.signal,
    running: () => current,
    refreshPrompt,
    clear,
  };
}

type JsLine = (aws: unknown, $: unknown) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => JsLine;

/** A line of JavaScript as an async function of `aws` and `$`: an expression's value, else statements. */
function compileJs(code: string): JsLine {
  try {
    return new AsyncFunction('aws', '$', `return (${code}\n);`);
  } catch {
    return new AsyncFunction('aws', '$', code);
  }
}

/** A JavaScript value as the log shows it: JSON, with bytes and dates readable. */
function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : typeof v === 'bigint' ? `${v}n` : v),
    2,
  );
  return text ?? String(value);
}
