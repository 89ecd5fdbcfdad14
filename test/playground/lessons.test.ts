/**
 * The playground's lessons, followed as a learner would follow them: each step's files written to the
 * virtual home, its command run through the shell core on an in-memory sandbox, then its check, which
 * must pass. Before a step runs, its check must fail — a check that cannot fail checks nothing. Every
 * lesson runs on a fresh sandbox, and all of them one after another in one sandbox.
 */
import { describe, expect, it } from 'vitest';
import type { Host } from '../../src/core/host.js';
import { createShell } from '../../src/shell/shell.js';
import type { CheckContext, LessonStep } from '../../web/playground/lesson-types.js';
import { LESSONS } from '../../web/playground/lessons.js';
import { createMemoryHost } from '../support/memory-host.js';

type Run = NonNullable<CheckContext['run']>;

interface Playground {
  /** Writes the step's files, then runs its command as the page's command line would. */
  run(step: LessonStep): Promise<Run>;
  /** The step's check on the sandbox as it is, with `run` as the step's last run. */
  check(step: LessonStep, run: Run | undefined): Promise<string | undefined>;
}

/** A seeded generator: the sandbox's ids must differ from one another (a constant would make them collide). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

async function openPlayground(): Promise<Playground> {
  const base = createMemoryHost(() => {
    throw new Error('The lessons run on the sandbox: nothing goes to the network');
  });
  let stdout = '';
  let stderr = '';
  const text = (t: string | Uint8Array) => (typeof t === 'string' ? t : new TextDecoder().decode(t));
  // Waiting moves the clock instead of sleeping, so waits and retries take no time.
  let offset = 0;
  const host: Host = {
    ...base,
    cwd: base.homeDir,
    now: () => new Date(Date.now() + offset),
    sleep: async (ms) => {
      offset += ms;
    },
    random: seededRandom(20240102),
    stdout: { write: (t) => void (stdout += text(t)) },
    stderr: { write: (t) => void (stderr += text(t)) },
  };
  const shell = await createShell(host, { sandbox: true });
  // The working directory is home, as the page's host has it; `~/x` in `files` is a file of home (the
  // shell core expands `~` in the words of a command itself).
  const home = (path: string) => (path === '~' || path.startsWith('~/') ? host.homeDir + path.slice(1) : path);
  return {
    async run(step) {
      for (const [path, content] of Object.entries(step.files ?? {})) await host.fs.writeFile(home(path), content);
      stdout = '';
      stderr = '';
      const line = shell.classify(step.command);
      if (line.kind !== 'cli') throw new Error(`not a command line: ${step.command}`);
      const code = await shell.run(line.args);
      return { code, stdout, stderr };
    },
    async check(step, run) {
      return step.check?.run({
        send: (service, operation, params) => shell.client.send(service, operation, params),
        readFile: async (path) => {
          try {
            return new TextDecoder().decode(await host.fs.readFile(home(path)));
          } catch {
            return undefined;
          }
        },
        run,
      });
    },
  };
}

describe('the playground lessons', () => {
  it('are well formed: 4 to 8 steps, commands of the CLI, checks on nearly every step', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(11);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) {
      expect(lesson.id).toMatch(/^[a-z0-9-]+$/);
      expect(lesson.title && lesson.source).toBeTruthy();
      expect(lesson.steps.length, lesson.id).toBeGreaterThanOrEqual(4);
      expect(lesson.steps.length, lesson.id).toBeLessThanOrEqual(8);
      expect(lesson.steps.filter((s) => !s.check).length, `${lesson.id}: steps without a check`).toBeLessThanOrEqual(1);
      for (const step of lesson.steps) {
        expect(step.command, lesson.id).toMatch(/^aws [a-z0-9]/);
        expect(step.text.trim(), step.command).not.toBe('');
        expect(step.check?.says ?? 'none', step.command).not.toBe('');
        // The panel shows a file the step itself provides.
        if (step.widget) expect(Object.keys(step.files ?? {}), step.command).toContain(step.widget.path);
      }
    }
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id}: each check fails before its step and passes after it, on a fresh sandbox`, async () => {
      const playground = await openPlayground();
      for (const [i, step] of lesson.steps.entries()) {
        const label = `${lesson.id}, step ${i + 1} (${step.command})`;
        if (step.check) expect(await playground.check(step, undefined), `${label}, before`).toEqual(expect.any(String));
        const run = await playground.run(step);
        expect(run.code, `${label}: ${run.stderr}`).toBe(0);
        expect(await playground.check(step, run), label).toBeUndefined();
      }
    });
  }

  it('all pass one after another in one sandbox', async () => {
    const playground = await openPlayground();
    for (const lesson of LESSONS) {
      for (const [i, step] of lesson.steps.entries()) {
        const label = `${lesson.id}, step ${i + 1} (${step.command})`;
        const run = await playground.run(step);
        expect(run.code, `${label}: ${run.stderr}`).toBe(0);
        expect(await playground.check(step, run), label).toBeUndefined();
      }
    }
  }, 120_000);
});
