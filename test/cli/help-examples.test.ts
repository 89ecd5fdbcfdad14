/**
 * The EXAMPLES section of operation and waiter help (the CLI's addexamples.py): the authored examples,
 * imported into models/examples/ by scripts/import-examples.js, equal line for line to what the
 * reference CLI (v2 2.9.19) prints, as recorded by scripts/record-help-examples.sh for commands whose
 * example file is the same in 2.9.19 and in the imported version.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeModelSource } from '../../src/adapters/node/models.js';
import { createWebModelSource } from '../../src/adapters/web/models.js';
import { runCli } from '../../src/cli-app.js';
import type { HostFs } from '../../src/core/host.js';
import { withUserModels } from '../../src/core/model/user-models.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const FIXTURES = new URL('../fixtures/help-examples/', import.meta.url);

async function help(...argv: string[]): Promise<string> {
  const host = createMemoryHost(() => reply(500), { env: { AWS_DEFAULT_REGION: 'us-east-1' } });
  expect(await runCli([...argv, 'help'], host)).toBe(0);
  expect(host.requests).toHaveLength(0);
  return host.out.join('');
}

/** The section's lines after its heading, each ending in a newline, as the recording script keeps them. */
function examplesSection(page: string): string | undefined {
  const lines = page.split('\n');
  const start = lines.indexOf('EXAMPLES');
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^[A-Z][A-Z ]*$/.test(line));
  return lines
    .slice(start + 1, end)
    .map((line) => `${line}\n`)
    .join('');
}

const recorded = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.txt'))
  .map((file) => ({ command: file.slice(0, -'.txt'.length).split('__'), file }));

describe('help EXAMPLES', () => {
  it('has a recorded command of each kind: operations and waiters', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(10);
    expect(recorded.some((r) => r.command[1] === 'wait')).toBe(true);
  });

  it.each(recorded)('$command: the section equals the CLI’s', async ({ command, file }) => {
    const page = await help(...command);
    expect(examplesSection(page)).toBe(readFileSync(new URL(file, FIXTURES), 'utf8'));
    // Where the CLI puts it: after the options, before the output.
    expect(page.indexOf('\nOPTIONS\n')).toBeLessThan(page.indexOf('\nEXAMPLES\n'));
    expect(page.indexOf('\nEXAMPLES\n')).toBeLessThan(page.indexOf('\nOUTPUT\n'));
  });

  it("shows the CLI's examples on the pages of its own commands, and isoaws's where it has none", async () => {
    expect(examplesSection(await help('s3', 'cp'))).toContain('Example 1: Copying a local file to S3');
    expect(examplesSection(await help('deploy', 'push'))).toContain('aws deploy push');
    expect(examplesSection(await help('ddb', 'select'))).toContain('aws ddb select');
    // A service the CLI renames after its model keeps its examples under the model's name (agenttoolkit).
    expect(examplesSection(await help('agent-toolkit', 'add-skill'))).toContain('Example 1: To install a skill');
    expect(examplesSection(await help('agent-toolkit', 'get-skill-metadata'))).toContain('Example 1: To get metadata');
    // configure set has no authored example file: the page keeps its own.
    expect(examplesSection(await help('configure', 'set'))).toContain('isoaws configure set');
  });

  it('a command without an authored example has no section', async () => {
    for (const command of [
      ['dynamodb', 'describe-export'],
      ['dynamodb', 'wait', 'table-not-exists'],
    ]) {
      const page = await help(...command);
      expect(page).toContain('\nOUTPUT\n');
      expect(examplesSection(page)).toBeUndefined();
    }
  });

  it('loads a service’s examples by its CLI name, and none for a name without a file', async () => {
    const models = createNodeModelSource();
    expect(Object.keys(await models.examples!('s3api'))).toContain('get-object');
    expect(await models.examples!('no-such-service')).toEqual({});
    expect(await models.examples!('../docs')).toEqual({});
  });

  it('keeps them where the user has models of their own (~/.aws/models): they come with the CLI', async () => {
    const noUserModels = { stat: () => Promise.reject(new Error('ENOENT')) } as unknown as HostFs;
    const models = withUserModels(createNodeModelSource(), noUserModels, '/home/u/.aws/models');
    expect((await models.examples!('sqs'))['send-message']).toBe(
      (await createNodeModelSource().examples!('sqs'))['send-message'],
    );
  });
});

describe('the browser model source for help', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches a service’s examples file when help asks, and has none where the server has no file', async () => {
    const fetched: string[] = [];
    // A static server over the package: its files from disk, 404 for the rest.
    vi.stubGlobal('fetch', async (url: URL) => {
      fetched.push(url.pathname.replace(/.*\/models\//, 'models/'));
      const path = fileURLToPath(new URL(url.pathname, url));
      return existsSync(path) ? new Response(readFileSync(path)) : new Response('', { status: 404 });
    });
    const models = createWebModelSource();
    expect((await models.examples!('sqs'))['send-message']).toBe(
      (await createNodeModelSource().examples!('sqs'))['send-message'],
    );
    expect(await models.examples!('no-such-service')).toEqual({});
    expect(fetched).toEqual(['models/examples/sqs.json.gz', 'models/examples/no-such-service.json.gz']);
  });
});
