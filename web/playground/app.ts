/**
 * The playground page put together: the console on the engine's shell core, the inspector fed by the
 * engine's events, the lessons, the virtual home, the backends and the by-hand signer. Loaded after
 * the engine's entry, so the page is usable as soon as its first chunk has run.
 */
import { createMemoryFs } from '../../src/adapters/web/fs.js';
import { parseRawRequest, shownSigningKey, signWithStages } from '../../src/core/signing/index.js';
import { createClient, createWebHost, type Shell } from '../../src/index.web.js';
import { describeFailure } from '../../src/cli/exit-codes.js';
import { KEPT_KEYS, openShell, type Backend } from './backends.js';
import { createConsole } from './console.js';
import { el } from './dom.js';
import type { Entry } from './entries.js';
import { createFilesPanel, HOME } from './files.js';
import { openHistory } from './history.js';
import { renderInspection } from './inspector.js';
import { LESSONS } from './lessons.js';
import { createLessonsPanel } from './lessons-panel.js';
import { readShared } from './share.js';
import { signingView } from './signing-view.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export async function startPlayground(): Promise<void> {
  setUpTheme(byId<HTMLButtonElement>('theme'));
  const fs = createMemoryFs({}, HOME);
  const files = createFilesPanel(byId('files'), fs);
  const inspection = byId('inspection');
  let shell: Shell | undefined;
  let selected: Entry | undefined;

  const inspect = (entry: Entry) => {
    selected?.element.classList.remove('selected');
    selected = entry;
    entry.element.classList.add('selected');
    renderInspection(inspection, entry, lessons.current());
  };
  const terminal = createConsole(
    {
      form: byId('command-form'),
      input: byId('command'),
      prompt: byId('prompt'),
      output: byId('output'),
      stop: byId('stop'),
      run: byId('run'),
      completions: byId('completions'),
    },
    {
      shell: () => shell!,
      history: openHistory(localStorage),
      onInspect: inspect,
      onFinished: (entry) => {
        inspect(entry);
        files.refresh();
        void lessons.finished(entry.line, { code: entry.code ?? 0, stdout: entry.stdout, stderr: entry.stderr });
      },
    },
  );
  // The lessons check the sandbox whatever backend the commands go to; it reads the same home.
  const sandbox = createClient({ sandbox: true, host: createWebHost({ fs }) });
  const lessons = createLessonsPanel(byId('lessons'), LESSONS, {
    fs,
    fill: (command) => terminal.fill(command),
    send: (service, operation, params) => sandbox.send(service, operation, params),
    changed: () => files.refresh(),
  });

  const io = {
    fs,
    stdout: terminal.stdout,
    stderr: terminal.stderr,
    prompt: { ask: terminal.ask },
    lineSignal: terminal.signal,
    onWire: (event: Entry['events'][number]) => terminal.running()?.events.push(event),
  };
  const use = async (backend: Backend) => {
    shell?.close();
    shell = await openShell(backend, io);
    await terminal.refreshPrompt();
  };
  await use({ kind: 'sandbox' });
  setUpBackends(use);
  byId('reset').addEventListener('click', () => void terminal.submit('.sandbox reset'));
  setUpSigner();

  const shared = readShared(location.hash);
  if (shared.lesson) lessons.open(shared.lesson, shared.step);
  if (shared.command) terminal.fill(shared.command);
  document.body.dataset.ready = 'true';
}

function setUpTheme(button: HTMLButtonElement) {
  const apply = (theme: string | null) => {
    const dark = theme === 'dark' || (theme === null && matchMedia('(prefers-color-scheme: dark)').matches);
    if (theme) document.documentElement.dataset.theme = theme;
    button.setAttribute('aria-pressed', String(dark));
  };
  apply(localStorage.getItem('isoaws:theme'));
  button.addEventListener('click', () => {
    const theme = button.getAttribute('aria-pressed') === 'true' ? 'light' : 'dark';
    localStorage.setItem('isoaws:theme', theme);
    apply(theme);
  });
}

function setUpBackends(use: (backend: Backend) => Promise<void>) {
  const account = byId<HTMLFormElement>('account-form');
  const endpoint = byId<HTMLFormElement>('endpoint-form');
  const field = (form: HTMLFormElement, name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement).value.trim();
  const kept = localStorage.getItem(KEPT_KEYS);
  if (kept) {
    try {
      const keys = JSON.parse(kept) as Record<string, string>;
      for (const name of ['accessKeyId', 'secretAccessKey', 'sessionToken', 'region'])
        if (typeof keys[name] === 'string') (account.elements.namedItem(name) as HTMLInputElement).value = keys[name];
      (account.elements.namedItem('remember') as HTMLInputElement).checked = true;
    } catch {
      localStorage.removeItem(KEPT_KEYS);
    }
  }
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=backend]')) {
    radio.addEventListener('change', () => {
      account.hidden = radio.value !== 'account';
      endpoint.hidden = radio.value !== 'endpoint';
      if (radio.value === 'sandbox') void use({ kind: 'sandbox' });
    });
  }
  account.addEventListener('submit', (e) => {
    e.preventDefault();
    const keys = {
      accessKeyId: field(account, 'accessKeyId'),
      secretAccessKey: field(account, 'secretAccessKey'),
      sessionToken: field(account, 'sessionToken') || undefined,
      region: field(account, 'region'),
    };
    if ((account.elements.namedItem('remember') as HTMLInputElement).checked)
      localStorage.setItem(KEPT_KEYS, JSON.stringify(keys));
    else localStorage.removeItem(KEPT_KEYS);
    void use({ kind: 'account', ...keys }).then(() => byId('command').focus());
  });
  byId('forget-keys').addEventListener('click', () => {
    localStorage.removeItem(KEPT_KEYS);
    account.reset();
  });
  endpoint.addEventListener('submit', (e) => {
    e.preventDefault();
    void use({
      kind: 'endpoint',
      url: field(endpoint, 'url'),
      accessKeyId: field(endpoint, 'accessKeyId'),
      secretAccessKey: field(endpoint, 'secretAccessKey'),
      region: field(endpoint, 'region'),
    }).then(() => byId('command').focus());
  });
}

/** Signs a raw request typed by hand with the engine's signer, and shows each stage. */
function setUpSigner() {
  const form = byId<HTMLFormElement>('sign-form');
  const out = byId('signed');
  const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement).value;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const now = new Date(field('time'));
      if (Number.isNaN(now.getTime())) throw new Error(`"${field('time')}" is not a time (2015-08-30T12:36:00Z)`);
      const credentials = {
        accessKeyId: field('accessKeyId').trim(),
        secretAccessKey: field('secretAccessKey').trim(),
      };
      const region = field('region').trim();
      const service = field('service').trim();
      const { stages } = await signWithStages(parseRawRequest(field('request')), { credentials, region, service, now });
      out.replaceChildren(
        signingView({
          ...stages,
          accessKeyId: credentials.accessKeyId,
          signingKey: await shownSigningKey(credentials.secretAccessKey, stages.credentialScope),
        }),
      );
    } catch (err) {
      const message = describeFailure(err).message.trim();
      out.replaceChildren(el('p', { className: 'stderr', role: 'alert' }, [message]));
    }
  });
}
