/**
 * The same command typed in the playground, in the shell and in a terminal prints the same bytes and exits
 * with the same code, errors included (three-way.ts has the 30 commands). Each runs on its own fresh
 * sandbox, so this also shows the commands' output is deterministic.
 */
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { buildAndServe, openPlayground, runCommand } from './page.js';
import { runInShell, runInTerminal, THREE_WAY_COMMANDS, type Outcome } from './three-way.js';

const browser: Browser | undefined = await launchChromium();
let site: Awaited<ReturnType<typeof buildAndServe>> | undefined;

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** The commands typed one by one into a fresh playground page (its own IndexedDB: an empty sandbox). */
async function runInPage(lines: readonly string[]): Promise<Outcome[]> {
  site ??= await buildAndServe();
  const context = await browser!.newContext();
  const page = await context.newPage();
  await openPlayground(page, site.url);
  const outcomes: Outcome[] = [];
  for (const line of lines) outcomes.push(await runCommand(page, line));
  await context.close();
  return outcomes;
}

/** What the API commands printed with `--output format` (json: without --output) and exit 0; `s3 mb` is no format. */
function printedAs(format: string, outcomes: readonly Outcome[]): string[] {
  return THREE_WAY_COMMANDS.flatMap((line, i) => {
    const used = line.startsWith('s3 ') ? undefined : (/--output (\w+)/.exec(line)?.[1] ?? 'json');
    const outcome = outcomes[i];
    return used === format && outcome?.code === 0 && outcome.stdout !== '' ? [outcome.stdout] : [];
  });
}

describe.skipIf(!browser)('a command line in the playground, in the shell and in a terminal', () => {
  it('prints the same stdout and stderr and exits with the same code, line by line', async () => {
    expect(THREE_WAY_COMMANDS).toHaveLength(30);
    const [page, shell, terminal] = await Promise.all([
      runInPage(THREE_WAY_COMMANDS),
      runInShell(THREE_WAY_COMMANDS),
      runInTerminal(THREE_WAY_COMMANDS),
    ]);
    expect(terminal).toHaveLength(30);
    THREE_WAY_COMMANDS.forEach((line, i) => {
      expect(shell[i], `line ${i + 1}, shell (received) vs terminal (expected): ${line}`).toEqual(terminal[i]);
      expect(page[i], `line ${i + 1}, page (received) vs terminal (expected): ${line}`).toEqual(terminal[i]);
    });

    const codes = terminal.map((o) => o.code);
    expect(codes.filter((c) => c !== 0).length).toBeGreaterThanOrEqual(5);
    expect(new Set(codes)).toEqual(new Set([0, 252, 254]));
    for (const o of terminal.filter((o) => o.code !== 0)) expect(o.stderr).toMatch(/^\n\S/);

    const json = printedAs('json', terminal);
    expect(json.length).toBeGreaterThan(5);
    for (const text of json) expect(() => JSON.parse(text)).not.toThrow();
    const tables = printedAs('table', terminal);
    expect(tables).toHaveLength(2);
    for (const text of tables) expect(text).toMatch(/^-+\n\|.*\|\n\+[-+]+\+\n/);
    const texts = printedAs('text', terminal);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const text of texts) expect(text).toMatch(/^[^{[\s].*\n$/s);
    expect(texts.some((text) => text.includes('\t'))).toBe(true);
    const yaml = printedAs('yaml', terminal);
    expect(yaml).toHaveLength(1);
    expect(yaml[0]).toMatch(/^Count: 2\nItems:\n- /m);
  }, 180_000);
});
