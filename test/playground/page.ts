/**
 * The playground page as a person uses it, for the browser tests: the site built once into a private
 * directory (so it never races another test's build of web-dist), served locally, and helpers that type
 * a command on the command line, press Enter and read the output region back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { serveDirectory } from '../../scripts/static-server.js';

/** The site is served below a path of its own (`/some/path/`): it must work from any path of any static server. */
export async function buildAndServe(): Promise<{ url: string; dir: string; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'isoaws-site-'));
  const dir = join(root, 'some', 'path');
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', dir, '--emptyOutDir'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  const site = await serveDirectory(root);
  return { url: `${site.url}some/path/`, dir, close: site.close };
}

export async function openPlayground(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

export interface Shown {
  code: number;
  stdout: string;
  stderr: string;
}

/** Types `line` on the command line as keystrokes would put it there, presses Enter, and waits for it to finish. */
export async function runCommand(page: Page, line: string, timeout = 30_000): Promise<Shown> {
  const before = await page.locator('#output article.entry').count();
  const input = page.getByRole('textbox', { name: 'Command' });
  await input.fill(line);
  await input.press('Enter');
  return lastOutcome(page, before, timeout);
}

/** The outcome of the entry after the first `before` ones, once it has an exit code. */
export async function lastOutcome(page: Page, before: number, timeout = 30_000): Promise<Shown> {
  const entry = page.locator('#output article.entry').nth(before);
  await entry.locator('.exit').waitFor({ timeout });
  return {
    code: Number(await entry.getAttribute('data-exit')),
    stdout: (await entry.locator('pre.stdout').textContent()) ?? '',
    stderr: (await entry.locator('pre.stderr').textContent()) ?? '',
  };
}
