/**
 * One command run in the page: what was typed, what it printed on stdout and stderr, its exit code, and
 * every event the engine reported while it ran (the inspector's material). Its element in the output
 * log shows the output as the terminal would, colours included.
 */
import type { CommandEvent } from '../../src/cli/context.js';
import { renderAnsi } from './ansi.js';

export interface Entry {
  readonly id: number;
  readonly line: string;
  readonly prompt: string;
  readonly events: CommandEvent[];
  stdout: string;
  stderr: string;
  code?: number;
  ms?: number;
  readonly element: HTMLElement;
}

let lastId = 0;

export function createEntry(line: string, prompt: string, onInspect: (entry: Entry) => void): Entry {
  const element = document.createElement('article');
  element.className = 'entry';
  element.setAttribute('aria-label', `${prompt} ${line}`);
  const head = document.createElement('div');
  head.className = 'entry-head';
  const promptEl = document.createElement('span');
  promptEl.className = 'prompt';
  promptEl.textContent = prompt;
  const typed = document.createElement('span');
  typed.className = 'typed';
  typed.textContent = line;
  const inspect = document.createElement('button');
  inspect.type = 'button';
  inspect.textContent = 'Inspect';
  inspect.setAttribute('aria-label', `Inspect ${line}`);
  head.append(promptEl, typed, inspect);
  const stdout = document.createElement('pre');
  stdout.className = 'stdout';
  stdout.dataset.stream = 'stdout';
  const stderr = document.createElement('pre');
  stderr.className = 'stderr';
  stderr.dataset.stream = 'stderr';
  element.append(head, stdout, stderr);
  const entry: Entry = { id: ++lastId, line, prompt, events: [], stdout: '', stderr: '', element };
  element.dataset.entry = String(entry.id);
  inspect.addEventListener('click', () => onInspect(entry));
  return entry;
}

/** Adds text to one of the entry's streams; the text is kept as written, and shown with its colours. */
export function appendOutput(entry: Entry, stream: 'stdout' | 'stderr', text: string): void {
  entry[stream] += text;
  const pre = entry.element.querySelector<HTMLElement>(`pre.${stream}`)!;
  if (entry[stream].includes('\x1b')) renderAnsi(entry[stream], pre);
  else pre.textContent = entry[stream];
}

export function finishEntry(entry: Entry, code: number, ms: number): void {
  entry.code = code;
  entry.ms = ms;
  const exit = document.createElement('div');
  exit.className = code === 0 ? 'exit' : 'exit failed';
  exit.textContent = `exit ${code} · ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  entry.element.dataset.exit = String(code);
  entry.element.append(exit);
}
