/**
 * The lessons beside the console: each a list of steps with the step's explanation, its command, a Run
 * button that puts the command on the command line (after writing any files the step needs into the
 * virtual home), and the step's check, run after each command of the step finishes and on demand.
 */
import type { HostFs } from '../../src/core/host.js';
import { el } from './dom.js';
import { HOME } from './files.js';
import type { CheckContext, Lesson, LessonStep } from './lesson-types.js';
import { treeHashView } from './tree-hash-view.js';

export interface LessonsDeps {
  fs: HostFs;
  /** Fills the command line with a step's command and focuses it. */
  fill(command: string): void;
  /** The sandbox, for the checks. */
  send: CheckContext['send'];
  /** Files changed (the files panel shows them). */
  changed(): void;
}

export interface LessonsPanel {
  /** A command finished: if it is the current step's, its check runs. */
  finished(line: string, run: NonNullable<CheckContext['run']>): Promise<void>;
  /** Opens a lesson at a step (a shared link). */
  open(lessonId: string, step?: number): void;
  /** The lesson and step the learner is on, for share links. */
  current(): { lesson?: string; step?: number };
}

export function createLessonsPanel(into: HTMLElement, lessons: readonly Lesson[], deps: LessonsDeps): LessonsPanel {
  let active: { lesson: Lesson; index: number; status: HTMLElement; widget?: HTMLElement } | undefined;
  const runs = new Map<LessonStep, NonNullable<CheckContext['run']>>();
  const statuses = new Map<LessonStep, HTMLElement>();
  const blocks = new Map<string, HTMLDetailsElement>();

  async function check(step: LessonStep, status: HTMLElement) {
    if (!step.check) return;
    const readFile = async (path: string) => {
      const full = path.startsWith('~/') ? `${HOME}${path.slice(1)}` : path;
      return (await deps.fs.stat(full))?.isFile ? new TextDecoder().decode(await deps.fs.readFile(full)) : undefined;
    };
    let missing: string | undefined;
    try {
      missing = await step.check.run({ send: deps.send, readFile, run: runs.get(step) });
    } catch (err) {
      missing = (err as Error).message;
    }
    status.className = `check ${missing ? 'failed' : 'passed'}`;
    status.textContent = missing ? `✗ ${step.check.says}: ${missing}` : `✓ ${step.check.says}`;
  }

  for (const lesson of lessons) {
    const steps = lesson.steps.map((step, index) => {
      const status = el('p', { className: 'check' }, [step.check ? `Check: ${step.check.says}` : '']);
      status.setAttribute('role', 'status');
      statuses.set(step, status);
      const widget = step.widget ? el('div', { className: 'widget' }) : undefined;
      const run = el('button', { type: 'button', textContent: 'Run' });
      run.setAttribute('aria-label', `Run step ${index + 1} of ${lesson.title}`);
      run.addEventListener('click', async () => {
        for (const [path, text] of Object.entries(step.files ?? {}))
          await deps.fs.writeFile(path.startsWith('~/') ? `${HOME}${path.slice(1)}` : path, text);
        if (step.files) deps.changed();
        active = { lesson, index, status, widget };
        deps.fill(step.command);
      });
      const again = el('button', { type: 'button', textContent: 'Check' });
      again.setAttribute('aria-label', `Check step ${index + 1} of ${lesson.title}`);
      again.addEventListener('click', () => void check(step, status));
      return el('li', { className: 'step' }, [
        ...paragraphs(step.text),
        el('pre', {}, [step.command]),
        el('div', { className: 'actions' }, [run, ...(step.check ? [again] : [])]),
        ...(widget ? [widget] : []),
        status,
      ]);
    });
    const block = el('details', { className: 'lesson' }, [
      el('summary', {}, [lesson.title]),
      el('p', { className: 'muted' }, [`From the AWS CLI User Guide: ${lesson.source}`]),
      el('ol', {}, steps),
    ]);
    block.dataset.lesson = lesson.id;
    blocks.set(lesson.id, block);
    into.append(block);
  }

  return {
    async finished(line, run) {
      if (!active) return;
      const { lesson, index, status, widget } = active;
      const step = lesson.steps[index]!;
      if (line.trim() !== step.command.trim()) return;
      runs.set(step, run);
      if (widget && step.widget) {
        const path = step.widget.path;
        widget.replaceChildren(await treeHashView(deps.fs, `${HOME}${path.slice(1)}`, path));
      }
      await check(step, status);
    },
    open(lessonId, step) {
      const block = blocks.get(lessonId);
      if (!block) return;
      block.open = true;
      const lesson = lessons.find((l) => l.id === lessonId)!;
      const index = step !== undefined && step < lesson.steps.length ? step : 0;
      active = { lesson, index, status: statuses.get(lesson.steps[index]!)! };
      block.querySelectorAll('li.step')[index]?.scrollIntoView({ block: 'nearest' });
    },
    current: () => (active ? { lesson: active.lesson.id, step: active.index } : {}),
  };
}

/** A step's text: paragraphs on blank lines, `backticks` as code. */
function paragraphs(text: string): HTMLElement[] {
  return text.split(/\n\s*\n/).map((para) =>
    el(
      'p',
      {},
      para.split(/(`[^`]+`)/).map((part) => (part.startsWith('`') ? el('code', {}, [part.slice(1, -1)]) : part)),
    ),
  );
}
