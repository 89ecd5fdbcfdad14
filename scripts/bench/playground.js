// The playground in Chromium (Debian's, through playwright-core): the gzip size of the JavaScript a page
// loads before any service model, the first command on the sandbox (its models loading), and the median
// of 20 more. Targets (playground issue): ≤ 200 kB gzip before any model; a sandbox command ≤ 50 ms.
// The page times each command itself (from Enter to its exit code) and shows it in the log.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { median } from './lib.js';
import { serveDirectory } from '../static-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const site = join(root, 'web-dist');

export async function playground() {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) return { skipped: 'no Chromium installed' };
  execFileSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
  const manifest = JSON.parse(readFileSync(join(site, '.vite/manifest.json'), 'utf8'));
  const models = new Set(Object.entries(manifest).flatMap(([src, m]) => (src.includes('models/') ? [m.file] : [])));
  const server = await serveDirectory(site);
  const { chromium: browserType } = await import('playwright-core');
  const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const loaded = [];
    page.on('response', (r) => {
      const file = r.url().slice(server.url.length);
      if (file.endsWith('.js')) loaded.push(file);
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    const before = loaded.filter((f) => !models.has(f));
    const gzipKB = before.reduce((sum, f) => sum + gzipSync(readFileSync(join(site, f))).length, 0) / 1024;
    const run = async (n) => {
      await page.fill('#command', 'sts get-caller-identity');
      await page.press('#command', 'Enter');
      const exit = page.locator('#output .exit').nth(n);
      await exit.waitFor();
      return Number(/([\d.]+) ms/.exec(await exit.textContent())[1]);
    };
    const firstMs = await run(0);
    const times = [];
    for (let i = 1; i <= 20; i++) times.push(await run(i));
    return {
      jsBeforeAnyModelGzipKB: +gzipKB.toFixed(1),
      filesBeforeAnyModel: before.length,
      firstCommandMs: +firstMs.toFixed(1),
      sandboxCommandMedianMs: +median(times).toFixed(1),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await playground(), null, 2));
}
