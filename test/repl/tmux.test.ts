/**
 * `isoaws repl` in a real terminal (tmux): the prompt with profile and region, Tab completing an
 * operation and listing options with their descriptions, `?` showing a synopsis while keeping the
 * line, a command's output, and Ctrl-D leaving. In CI a missing tmux is a failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { startStsStub, type StsStub } from './harness.js';

const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
if (!hasTmux && process.env.CI === 'true')
  throw new Error('tmux is not available: the terminal tests of the REPL need it');

const socket = join(mkdtempSync(join(tmpdir(), 'isoaws-tmux-')), 'socket');
const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'repl').stdout;

async function until(test: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const text = screen();
    if (test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Keys one at a time, as typed (a Tab that arrives with other keys is taken as pasted text). */
async function type(...keys: string[]): Promise<void> {
  for (const key of keys) {
    const named = /^(Tab|Enter|C-[a-z])$/.test(key);
    tmux('send-keys', '-t', 'repl', ...(named ? [key] : ['-l', '--', key]));
    await new Promise((r) => setTimeout(r, 60));
  }
}

let stub: StsStub;
beforeAll(async () => {
  if (!hasTmux) return;
  stub = await startStsStub();
  const home = mkdtempSync(join(tmpdir(), 'isoaws-tmux-home-'));
  const env = [
    `HOME=${home}`,
    'AWS_ACCESS_KEY_ID=AKIDTMUX',
    'AWS_SECRET_ACCESS_KEY=secret',
    'AWS_REGION=eu-central-1',
    `AWS_ENDPOINT_URL=${stub.url}`,
    'AWS_CONFIG_FILE=/dev/null',
    'AWS_SHARED_CREDENTIALS_FILE=/dev/null',
    'AWS_EC2_METADATA_DISABLED=true',
    'TERM=xterm-256color',
  ];
  const r = tmux(
    'new-session',
    '-d',
    '-s',
    'repl',
    '-x',
    '120',
    '-y',
    '50',
    'env',
    '-i',
    `PATH=${process.env.PATH}`,
    ...env,
    process.execPath,
    join(REPO_ROOT, 'bin/isoaws.js'),
    'repl',
  );
  if (r.status !== 0) throw new Error(`tmux did not start: ${r.stderr}`);
});
afterAll(async () => {
  if (!hasTmux) return;
  tmux('kill-server');
  await stub.close();
});

describe.skipIf(!hasTmux)('isoaws repl in a terminal', () => {
  // tmux shows lines without their trailing spaces.
  const prompt = 'isoaws default@eu-central-1>';

  it('shows the prompt, completes on Tab and lists options with their descriptions', async () => {
    await until((t) => t.includes(prompt), 'the prompt');
    await type('sts get-caller-i', 'Tab');
    await until((t) => t.includes(`${prompt} sts get-caller-identity`), 'the completed operation');
    await type('--', 'Tab', 'Tab');
    const listed = await until((t) => t.includes('--cli-input-json'), 'the option list');
    expect(listed).toMatch(/--debug +--endpoint-url/);
    await type('C-u', 'dynamodb get-item --', 'Tab', 'Tab');
    const described = await until(
      (t) => /--table-name +The name of the table containing the requested item/.test(t),
      'options with descriptions',
    );
    expect(described).toMatch(/--consistent-read +Determines the read consistency model/);
  });

  it('shows a synopsis on ?, keeps the line, and runs it on Enter', async () => {
    await type('C-u', 'sts get-caller-identity ', '?');
    await until((t) => t.includes('sts get-caller-identity [--cli-input-json <value>]'), 'the synopsis');
    await type('--query Arn', 'Enter');
    await until((t) => t.includes('"arn:aws:iam::123456789012:user/AKIDTMUX"'), 'the output');
    expect(screen()).toContain(`${prompt} sts get-caller-identity --query Arn\n"arn:`);
  });

  it('leaves on Ctrl-D', async () => {
    await type('C-d');
    await until(
      () => tmux('has-session', '-t', 'repl').status !== 0 || /\$ ?$/.test(screen().trim()),
      'the shell to end',
    );
  });
});
