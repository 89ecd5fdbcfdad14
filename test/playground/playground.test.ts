/**
 * The playground, built as it ships (`vite build`) and driven in Debian's Chromium as a person would:
 * typing on the command line and reading the output region, Tab completion, history across a reload,
 * Ctrl+C during a long poll, every lesson with its checks, the by-hand signer against the SigV4 suite,
 * the "my AWS account" backend against a CORS stand-in for AWS, the endpoint backend against moto,
 * files in and out, keyboard-only use, screenshots at 375 px and desktop widths, no console errors and
 * an axe-core scan. Figures (bundle sizes, command latency) are printed, not asserted.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDirs, FIXTURES, REPO_ROOT } from '../conformance/fixtures.js';
import { launchChromium } from '../support/browser.js';
import { startCorsGateway } from '../support/cors-gateway.js';
import { startMoto } from '../support/moto.js';
import { LESSONS } from '../../web/playground/lessons.js';
import { buildAndServe, lastOutcome, openPlayground, runCommand } from './page.js';

const moto = await startMoto();
const browser: Browser | undefined = moto ? await launchChromium() : undefined;
if (!browser) await moto?.stop();
let site: Awaited<ReturnType<typeof buildAndServe>> | undefined;
let gateway: Awaited<ReturnType<typeof startCorsGateway>> | undefined;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!browser) return;
  site = await buildAndServe();
  gateway = await startCorsGateway(moto!.endpoint);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await gateway?.close();
  await moto?.stop();
});

/** A fresh page (its own storage) that records console errors and uncaught exceptions. */
async function freshPage(width = 1280, height = 860): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  await openPlayground(page, site!.url);
  return page;
}

describe.skipIf(!browser)('the playground in Chromium', () => {
  it('runs typed commands and shows output, errors and exit codes apart', async () => {
    const page = await freshPage();
    const who = await runCommand(page, 'aws sts get-caller-identity');
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ Account: '123456789012' });
    const table = await runCommand(page, 'sts get-caller-identity --output table');
    expect(table.stdout).toContain('|    Account   |               Arn                |    UserId      |');
    const missing = await runCommand(page, 's3api head-object --bucket no-such-bucket --key k');
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain('An error occurred (404) when calling the HeadObject operation');
    const usage = await runCommand(page, 'dynamodb describe-table');
    expect(usage.code).toBe(252);
    expect(usage.stderr).toContain('the following arguments are required: --table-name');
    const help = await runCommand(page, 'sts get-caller-identity help');
    expect(help.stdout).toContain('Returns details about the IAM user or role whose credentials are used');
    const synopsis = await runCommand(page, 'sqs send-message ?');
    expect(synopsis.stdout).toContain('--queue-url');
    const js = await runCommand(page, '(await aws.sts.getCallerIdentity()).Arn');
    expect(js.stdout.trim()).toBe('"arn:aws:iam::123456789012:root"');
    const dollar = await runCommand(page, '$.Account');
    expect(dollar.stdout.trim()).toBe('"123456789012"');
    await page.context().close();
  });

  it("continues an open quote on the next line, and asks configure's questions on the command line", async () => {
    const page = await freshPage();
    const input = page.getByRole('textbox', { name: 'Command' });
    await runCommand(
      page,
      'dynamodb create-table --table-name multi --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST',
    );
    await input.fill(`dynamodb put-item --table-name multi --item '{`);
    await input.press('Enter');
    expect(await input.inputValue()).toBe(`dynamodb put-item --table-name multi --item '{\n`);
    await input.pressSequentially(`"id": {"S": "a"},`);
    await input.press('Shift+Enter');
    const before = await page.locator('#output article.entry').count();
    await input.pressSequentially(`"n": {"N": "1"}}'`);
    await input.press('Enter');
    expect((await lastOutcome(page, before)).code).toBe(0);
    const item = await runCommand(
      page,
      'dynamodb get-item --table-name multi --key \'{"id": {"S": "a"}}\' --query Item.n.N',
    );
    expect(item.stdout).toBe('"1"\n');

    const asking = page.locator('#output article.entry').count();
    await input.fill('configure --profile learner');
    await input.press('Enter');
    const start = await asking;
    for (const answer of ['AKIDLEARNER', 'learner-secret', 'eu-west-1', 'table']) {
      await expect
        .poll(() => page.locator('#output article.entry').nth(start).locator('pre.stdout').textContent())
        .toMatch(/: $/);
      await input.fill(answer);
      await input.press('Enter');
    }
    const configured = await lastOutcome(page, start);
    expect(configured.code).toBe(0);
    expect(configured.stdout).not.toContain('learner-secret');
    const listed = await runCommand(page, 'configure get region --profile learner');
    expect(listed.stdout).toBe('eu-west-1\n');
    await page.context().close();
  });

  it('completes with Tab from the models, with each candidate documented', async () => {
    const page = await freshPage();
    const input = page.getByRole('textbox', { name: 'Command' });
    await input.fill('sts get-caller-i');
    await input.press('Tab');
    await expect.poll(() => input.inputValue()).toBe('sts get-caller-identity ');
    await input.fill('s3api list-obj');
    await input.press('Tab');
    const options = page.getByRole('listbox', { name: 'Completions' }).getByRole('option');
    await expect.poll(() => options.count()).toBe(3);
    expect(await input.inputValue()).toBe('s3api list-object');
    // Each candidate with the first sentence of its documentation.
    expect(await options.nth(2).textContent()).toMatch(
      /^list-objects-v2Returns some or all \(up to 1,000\) of the objects/,
    );
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    await input.press('Enter');
    expect(await input.inputValue()).toMatch(/^s3api list-objects(-v2)? $/);
    await input.fill('dynamodb create-table --billing');
    await input.press('Tab');
    await expect.poll(() => input.inputValue()).toBe('dynamodb create-table --billing-mode ');
    await page.context().close();
  });

  it('cancels a long poll with Ctrl+C and with Stop', async () => {
    const page = await freshPage();
    const url = JSON.parse((await runCommand(page, 'sqs create-queue --queue-name page-cancel')).stdout).QueueUrl;
    const input = page.getByRole('textbox', { name: 'Command' });
    for (const how of ['ctrl-c', 'stop'] as const) {
      const before = await page.locator('#output article.entry').count();
      await input.fill(`sqs receive-message --queue-url ${url} --wait-time-seconds 20`);
      await input.press('Enter');
      await page.waitForTimeout(400);
      if (how === 'ctrl-c') await input.press('Control+c');
      else await page.getByRole('button', { name: 'Stop' }).click();
      const outcome = await lastOutcome(page, before, 10_000);
      expect(outcome.code).toBe(130);
    }
    await page.context().close();
  });

  it('keeps the sandbox and the history across a reload', async () => {
    const page = await freshPage();
    expect((await runCommand(page, 's3 mb s3://kept-across-reload')).code).toBe(0);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const listed = await runCommand(page, 's3api list-buckets --query "Buckets[].Name" --output text');
    expect(listed.stdout.split(/\s+/)).toContain('kept-across-reload');
    const input = page.getByRole('textbox', { name: 'Command' });
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('s3api list-buckets --query "Buckets[].Name" --output text');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('s3 mb s3://kept-across-reload');
    await page.context().close();
  });

  it('uploads a file from the computer and downloads one a command wrote', async () => {
    const page = await freshPage();
    await page.getByLabel('Upload files to ~/').setInputFiles({
      name: 'hello.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello from the computer\n'),
    });
    expect((await runCommand(page, 's3 mb s3://page-files')).code).toBe(0);
    const up = await runCommand(page, 's3 cp hello.txt s3://page-files/hello.txt');
    expect(up.stdout).toContain('upload: ./hello.txt to s3://page-files/hello.txt');
    expect((await runCommand(page, 's3api get-object --bucket page-files --key hello.txt copy.txt')).code).toBe(0);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download ~/copy.txt' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('copy.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe('hello from the computer\n');
    await page.context().close();
  });

  it('runs every lesson from start to end with its checks passing', async () => {
    const page = await freshPage();
    await runCommand(page, '.sandbox reset');
    for (const lesson of LESSONS) {
      const block = page.locator(`details[data-lesson="${lesson.id}"]`);
      await block.locator('summary').click();
      for (const [i, step] of lesson.steps.entries()) {
        const before = await page.locator('#output article.entry').count();
        await page.getByRole('button', { name: `Run step ${i + 1} of ${lesson.title}`, exact: true }).click();
        await page.getByRole('textbox', { name: 'Command' }).press('Enter');
        const outcome = await lastOutcome(page, before, 60_000);
        const status = block.locator('li.step').nth(i).locator('.check');
        if (step.check) {
          await expect.poll(async () => status.getAttribute('class'), { timeout: 15_000 }).toMatch(/passed|failed/);
          expect(await status.textContent(), `${lesson.id} step ${i + 1}: ${step.command}\n${outcome.stderr}`).toMatch(
            /^✓/,
          );
        }
      }
    }
    await page.context().close();
  }, 300_000);

  it('runs a lesson with the keyboard alone', async () => {
    const page = await freshPage();
    const lesson = LESSONS[0]!;
    const focusOn = async (selector: string) => {
      for (let i = 0; i < 400; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await focusOn(`details[data-lesson="${lesson.id}"] summary`);
    await page.keyboard.press('Enter');
    for (const i of lesson.steps.keys()) {
      await focusOn(`details[data-lesson="${lesson.id}"] li.step:nth-child(${i + 1}) button:first-child`);
      const before = await page.locator('#output article.entry').count();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('command');
      await page.keyboard.press('Enter');
      await lastOutcome(page, before, 60_000);
      const status = page.locator(`details[data-lesson="${lesson.id}"] li.step`).nth(i).locator('.check');
      if (lesson.steps[i]!.check) await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^✓/);
    }
    await page.context().close();
  }, 120_000);

  it("shows each stage of a signature made by hand, equal to the SigV4 suite's", async () => {
    const page = await freshPage();
    await page.getByText('Sign a request by hand').click();
    const root = join(FIXTURES, 'sigv4');
    const ignored = Object.keys(
      JSON.parse(readFileSync(join(REPO_ROOT, 'test/conformance/sigv4-ignore.json'), 'utf8')).cases,
    );
    let compared = 0;
    let skipped = 0;
    for (const dir of caseDirs(root)) {
      const name = relative(root, dir);
      const base = join(dir, name.split('/').pop()!);
      const creq = readFileSync(`${base}.creq`, 'utf8');
      // The form takes no session token; those cases are the conformance suite's to check.
      if (ignored.includes(name) || creq.includes('x-amz-security-token')) {
        skipped++;
        continue;
      }
      await page.getByLabel('Raw HTTP request').fill(readFileSync(`${base}.req`, 'utf8'));
      await page.getByRole('button', { name: 'Sign', exact: true }).click();
      const part = (p: string) => page.locator(`#signed [data-part="${p}"]`).textContent();
      await expect.poll(() => part('canonical-request')).toBe(creq);
      expect(await part('string-to-sign')).toBe(readFileSync(`${base}.sts`, 'utf8'));
      expect(await part('authorization')).toBe(readFileSync(`${base}.authz`, 'utf8'));
      expect(readFileSync(`${base}.authz`, 'utf8')).toContain(`Signature=${await part('signature')}`);
      // Cleared between cases, so the next poll waits for the next signature.
      await page.evaluate(() => document.getElementById('signed')!.replaceChildren());
      compared++;
    }
    console.log(`playground signer: ${compared} SigV4 suite cases equal, ${skipped} left to the conformance test`);
    expect(compared).toBeGreaterThan(20);
    await page.getByLabel('Raw HTTP request').fill('not a request');
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('first line must be METHOD PATH HTTP/1.1');
    await page.context().close();
  }, 120_000);

  it('opens a shared link with its command on the command line and its lesson step open', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    await openPlayground(page, `${site!.url}#cmd=${encodeURIComponent('s3 ls')}&lesson=s3&step=2`);
    expect(await page.getByRole('textbox', { name: 'Command' }).inputValue()).toBe('s3 ls');
    expect(await page.locator('details[data-lesson="s3"]').getAttribute('open')).not.toBeNull();
    await context.close();
  });

  it('lays a command open in the inspector: request, signature, response, result and --query steps', async () => {
    const page = await freshPage();
    await runCommand(
      page,
      'dynamodb create-table --table-name inspected --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST',
    );
    await runCommand(page, 'dynamodb list-tables --query "TableNames[?starts_with(@, \'insp\')] | length(@)"');
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect
      .poll(() => inspector.textContent())
      .toContain('Request: POST https://dynamodb.us-east-1.amazonaws.com/');
    await expect.poll(() => inspector.textContent()).toContain('x-amz-target');
    const creq = await inspector.locator('[data-part="canonical-request"]').first().textContent();
    expect(creq).toMatch(/^POST\n\/\n\n/);
    expect(await inspector.locator('[data-part="key-3"]').first().textContent()).toMatch(/^[0-9a-f]{8}…$/);
    await expect.poll(() => inspector.textContent()).toContain('Response: 200');
    await expect.poll(() => inspector.locator('.query-steps li').count()).toBe(3);
    expect(await inspector.locator('[data-part="javascript"]').textContent()).toBe(
      'await aws.dynamodb.listTables({});',
    );
    expect(await inspector.locator('[data-part="shell"]').textContent()).toBe(
      `aws dynamodb list-tables --query 'TableNames[?starts_with(@, '\\''insp'\\'')] | length(@)'`,
    );
    // A paginated command: each page's request, numbered.
    await runCommand(page, 'iam create-user --user-name paged-1');
    await runCommand(page, 'iam create-user --user-name paged-2');
    await runCommand(page, 'iam list-users --page-size 1 --query "Users[].UserName"');
    await expect.poll(() => inspector.textContent()).toContain('(ListUsers, page 2)');
    // The sandbox's secret key never reaches the page.
    expect(await page.content()).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await page.context().close();
  });

  it('talks to "my AWS account" through a CORS-enabled stand-in, keeping the keys out of the page', async () => {
    const page = await freshPage();
    const secret = 'pageSecretKeyThatMustNeverShow0123456789';
    // The stand-in for AWS: every *.amazonaws.com request goes to moto, answered with CORS headers.
    await page.route(/^https:\/\/[^/]*amazonaws\.com\//, (route) => forwardToMoto(route));
    await page.getByRole('radio', { name: 'My AWS account' }).check();
    await page.getByLabel('Access key ID').first().fill('AKIAPAGEEXAMPLE');
    await page.getByLabel('Secret access key').first().fill(secret);
    await page.getByLabel('Region').first().fill('us-east-1');
    await page.getByRole('button', { name: 'Use these keys' }).click();
    await expect.poll(() => page.locator('#prompt').textContent()).toBe('isoaws default@us-east-1>');
    const who = await runCommand(page, 'sts get-caller-identity --query Account --output text');
    expect(who).toEqual({ code: 0, stdout: '123456789012\n', stderr: '' });
    expect(
      (
        await runCommand(
          page,
          'dynamodb create-table --table-name acct --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST --query TableDescription.TableName',
        )
      ).stdout,
    ).toBe('"acct"\n');
    expect(await page.content()).not.toContain(secret);
    expect(await page.evaluate(() => localStorage.getItem('isoaws:playground-keys'))).toBeNull();
    await page.context().close();
  }, 120_000);

  it('sends commands to an endpoint URL (moto behind a CORS gateway), and says when one refuses a page', async () => {
    const page = await freshPage();
    await page.getByRole('radio', { name: 'Endpoint URL' }).check();
    await page.locator('#endpoint-form input[name=url]').fill(gateway!.url);
    await page.getByRole('button', { name: 'Use this endpoint' }).click();
    await expect.poll(() => page.locator('#prompt').textContent()).toBe('isoaws default@us-east-1>');
    expect((await runCommand(page, 's3 mb s3://endpoint-bucket')).code).toBe(0);
    const listed = await runCommand(page, 's3api list-buckets --query "Buckets[].Name" --output text');
    expect(listed.stdout.split(/\s+/)).toContain('endpoint-bucket');
    await expect
      .poll(() => page.getByRole('region', { name: 'Inspector' }).textContent())
      .toContain(`Request: GET ${gateway!.url}/`);
    // An endpoint that does not allow a page's requests (no CORS headers): the browser refuses them.
    const closed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>'));
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    await page
      .locator('#endpoint-form input[name=url]')
      .fill(`http://127.0.0.1:${(closed.address() as AddressInfo).port}`);
    await page.getByRole('button', { name: 'Use this endpoint' }).click();
    const refused = await runCommand(page, 'sqs list-queues --cli-connect-timeout 2', 90_000);
    closed.close();
    expect(refused.code).toBe(255);
    expect(refused.stderr).toContain('does not allow cross-origin requests (CORS) from this page');
    await page.context().close();
  }, 120_000);

  it('is usable at 375 px and on a desktop, in light and dark, with no serious accessibility violations', async () => {
    const shots = process.env.SCREENSHOTS ? join(REPO_ROOT, 'docs') : undefined;
    for (const [width, height, name] of [
      [1280, 860, 'playground-desktop.png'],
      [375, 812, 'playground-375.png'],
    ] as const) {
      const page = await freshPage(width, height);
      await page.locator('details[data-lesson] summary').first().click();
      await runCommand(page, 's3 mb s3://shown-bucket');
      await runCommand(page, 's3api list-buckets --query "Buckets[].Name" --output table');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      if (shots) await page.screenshot({ path: join(shots, name) });
      for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
        await page.addScriptTag({ path: join(REPO_ROOT, 'node_modules/axe-core/axe.min.js') });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run(): Promise<{
                  violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
                }>;
              };
            }
          ).axe;
          const result = await axe.run();
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        expect(violations, `${width}px ${theme}`).toEqual([]);
      }
      await page.context().close();
    }
  }, 120_000);

  it('reports its bundle size before any model and a sandbox command latency (figures, not limits)', async () => {
    const manifest = JSON.parse(readFileSync(join(site!.dir, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      { file: string; src?: string }
    >;
    const modelFiles = new Set(
      Object.entries(manifest)
        .filter(([src]) => src.includes('models/'))
        .map(([, m]) => m.file),
    );
    const context = await browser!.newContext();
    const page = await context.newPage();
    const loaded: string[] = [];
    page.on('response', (r) => {
      const path = r.url().slice(site!.url.length);
      if (path.endsWith('.js')) loaded.push(path);
    });
    await openPlayground(page, site!.url);
    const before = loaded.filter((f) => !modelFiles.has(f));
    const gz = (files: string[]) =>
      files.reduce((sum, f) => sum + gzipSync(readFileSync(join(site!.dir, f))).length, 0);
    await runCommand(page, 'sts get-caller-identity');
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      await runCommand(page, 'sts get-caller-identity');
      times.push(Number((await page.locator('#output .exit').last().textContent())!.match(/([\d.]+) ms/)![1]));
    }
    times.sort((a, b) => a - b);
    console.log(
      `playground: ${(gz(before) / 1024).toFixed(1)} kB gzip of JavaScript before any model (${before.length} files); ` +
        `sts get-caller-identity on the sandbox: median ${times[10]} ms of 20`,
    );
    expect(before.length).toBeGreaterThan(0);
    await context.close();
  });

  it('logged no console errors but the CORS refusal it provoked', () => {
    const unexpected = consoleErrors.filter((e) => !/blocked by CORS policy|net::ERR_FAILED/.test(e));
    expect(unexpected).toEqual([]);
  });
});

/** The request to moto, as it came; the answer with the CORS headers AWS sends to a page. */
async function forwardToMoto(route: Route): Promise<void> {
  const req = route.request();
  const url = new URL(req.url());
  const target = new URL(moto!.endpoint);
  const body = req.postDataBuffer() ?? undefined;
  const answer = await new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
    (resolve, reject) => {
      const headers: Record<string, string> = { ...req.headers(), host: url.host };
      const forward = httpRequest(
        { host: target.hostname, port: target.port, method: req.method(), path: url.pathname + url.search, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 502,
              headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      forward.on('error', reject);
      forward.end(body);
    },
  );
  const origin = req.headers().origin ?? '*';
  await route.fulfill({
    status: answer.status,
    headers: { ...answer.headers, 'access-control-allow-origin': origin, 'access-control-expose-headers': '*' },
    body: answer.body,
  });
}
