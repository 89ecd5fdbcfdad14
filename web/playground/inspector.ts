/**
 * The inspector: for the command chosen in the output log, what the engine reported while it ran, in
 * order — the parameters of each call, then each request (method, URL, headers, body), how it was
 * signed, the response, and the parsed result with the `--query` expression evaluated step by step.
 * Pages of a paginated command and retries are numbered. Secrets never reach it: the engine hides the
 * session token and sensitive members, and the signing key arrives cut short.
 */
import type { CommandEvent } from '../../src/cli/context.js';
import { formatJson } from '../../src/cli/output/json.js';
import { el } from './dom.js';
import type { Entry } from './entries.js';
import { prettyBody } from './pretty.js';
import { asJavaScript, asShellCommand, shareLink } from './share.js';
import { signingView } from './signing-view.js';

type Of<K extends CommandEvent['kind']> = Extract<CommandEvent, { kind: K }>;

export function renderInspection(into: HTMLElement, entry: Entry, context: { lesson?: string; step?: number }): void {
  const shell = asShellCommand(entry.line);
  const js = asJavaScript(entry.events);
  const link = shareLink(location.href, { command: entry.line, ...context });
  const parts: HTMLElement[] = [
    el('h3', {}, [`${entry.prompt} ${entry.line}`]),
    el('p', { className: 'muted' }, [
      entry.code === undefined ? 'running…' : `exit ${entry.code} · ${Math.round(entry.ms ?? 0)} ms`,
    ]),
    el('div', { className: 'actions' }, [
      copyButton('Copy as shell command', shell),
      ...(js ? [copyButton('Copy as JavaScript', js)] : []),
      copyButton('Copy link', link),
    ]),
    section('As a shell command', [el('pre', { dataset: { part: 'shell' } }, [shell])], false),
    section(
      'As JavaScript',
      [
        js
          ? el('pre', { dataset: { part: 'javascript' } }, [js])
          : el('p', {}, ['This command made no modeled call of its own (a CLI command such as s3 cp or configure).']),
      ],
      false,
    ),
  ];
  let page = 0;
  let exchange: HTMLElement | undefined;
  let pendingSigning: Of<'signing'> | undefined;
  for (const event of entry.events) {
    switch (event.kind) {
      case 'call':
        parts.push(
          section(`Parameters of ${event.service}.${event.operation}`, [
            el('pre', {}, [formatJson(event.params ?? {}, 2)]),
          ]),
        );
        break;
      case 'endpoint':
        parts.push(el('p', {}, [`Endpoint for ${event.operation}: `, el('code', {}, [event.url])]));
        break;
      case 'signing':
        pendingSigning = event;
        break;
      case 'request': {
        page = event.attempt === 1 ? page + 1 : page;
        const label = `${event.operation}${page > 1 ? `, page ${page}` : ''}${event.attempt > 1 ? `, attempt ${event.attempt}` : ''}`;
        exchange = section(`Request: ${event.method} ${event.url} (${label})`, requestBody(event), page === 1);
        exchange.dataset.part = 'request';
        if (pendingSigning) {
          exchange.append(section('Signature, step by step', [signingView(pendingSigning)], false));
          pendingSigning = undefined;
        }
        parts.push(exchange);
        break;
      }
      case 'response':
        (exchange ?? into).append(section(`Response: ${event.statusCode}`, responseBody(event), true));
        break;
      case 'retry':
        parts.push(el('p', {}, [`Retry after attempt ${event.attempt}, in ${event.delayMs} ms: ${event.reason}`]));
        break;
      case 'result':
        parts.push(
          section('Result, as parsed', [el('pre', { dataset: { part: 'result' } }, [formatJson(event.value, 2)])]),
        );
        break;
      case 'query':
        parts.push(section(`--query ${event.expression}, step by step`, [queryView(event)]));
        break;
    }
  }
  into.replaceChildren(...parts);
}

function section(title: string, body: Array<Node | string>, open = true): HTMLDetailsElement {
  const details = el('details', { open }, [el('summary', {}, [title]), ...body]);
  return details;
}

function headersTable(headers: Record<string, string>): HTMLTableElement {
  return el('table', {}, [
    el(
      'tbody',
      {},
      Object.entries(headers).map(([name, value]) => el('tr', {}, [el('th', {}, [name]), el('td', {}, [value])])),
    ),
  ]);
}

function requestBody(event: Of<'request'>): HTMLElement[] {
  const body = prettyBody(event.body, event.headers);
  return [headersTable(event.headers), ...(body ? [el('pre', {}, [body])] : [])];
}

function responseBody(event: Of<'response'>): HTMLElement[] {
  const body = prettyBody(event.body, event.headers);
  return [headersTable(event.headers), ...(body ? [el('pre', { dataset: { part: 'response-body' } }, [body])] : [])];
}

function queryView(event: Of<'query'>): HTMLElement {
  return el(
    'ol',
    { className: 'query-steps' },
    event.steps.map((step) =>
      el('li', {}, [el('code', {}, [step.expression]), ` ${step.action}`, el('pre', {}, [formatJson(step.value, 2)])]),
    ),
  );
}

function copyButton(label: string, text: string): HTMLButtonElement {
  const button = el('button', { type: 'button', textContent: label });
  button.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(
      () => (button.textContent = 'Copied'),
      () => (button.textContent = 'Select the text below to copy'),
    );
    setTimeout(() => (button.textContent = label), 1500);
  });
  return button;
}
