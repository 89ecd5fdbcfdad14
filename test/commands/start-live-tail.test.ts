/**
 * `logs start-live-tail` over an in-memory host answering with StartLiveTail event streams
 * (application/vnd.amazon.eventstream frames from test/support/event-stream.ts). What is printed
 * follows the CLI v2 code (logs/startlivetail.py, ui.py) and its functional test
 * (tests/functional/logs/test_startlivetail.py): each event's message on its own line, nothing for the
 * session start, the text of an exception that ends the session on stdout, exit 0 for that and for Ctrl-C.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { AbortedError } from '../../src/core/errors.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { concat, errorMessage, eventMessage, exceptionMessage } from '../support/event-stream.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';

const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };
const GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:mygroup';
const START = eventMessage(
  'sessionStart',
  JSON.stringify({ requestId: 'r-1', sessionId: 's-1', logGroupIdentifiers: [GROUP] }),
);
const update = (...messages: string[]) =>
  eventMessage(
    'sessionUpdate',
    JSON.stringify({
      sessionMetadata: { sampled: false },
      sessionResults: messages.map((message, i) => ({
        logStreamName: 'mystream',
        logGroupIdentifier: GROUP,
        message,
        timestamp: 1764982800000 + i,
        ingestionTime: 1764982800100 + i,
      })),
    }),
  );
const INITIAL = eventMessage('initial-response', '{}');

/** A 200 answer streaming the frames in chunks of `size` bytes. */
function streamed(bytes: Uint8Array, size = 11): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-1' },
    body: (async function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
    })(),
  };
}

async function run(
  responder: Responder,
  argv: string[],
  opts: { signal?: AbortSignal; files?: Record<string, string> } = {},
) {
  const host = createMemoryHost(responder, { env: ENV });
  for (const [path, text] of Object.entries(opts.files ?? {})) await host.fs.writeFile(path, text);
  const code = await runCli(['logs', 'start-live-tail', ...argv], host, { signal: opts.signal });
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests };
}

const bodyOf = (req: HttpRequest) => JSON.parse(new TextDecoder().decode(req.body as Uint8Array));

describe('logs start-live-tail', () => {
  it('prints each log event’s message as it comes, nothing for the session start, and exits 0 when the stream ends', async () => {
    const body = concat(INITIAL, START, update('LogEvent1', 'LogEvent2'), update(), update('{"level": "ERROR"}  '));
    const r = await run(() => streamed(body), ['--log-group-identifiers', GROUP]);
    expect(r).toMatchObject({ code: 0, out: 'LogEvent1\nLogEvent2\n{"level": "ERROR"}  \n', err: '' });
    const [req] = r.requests;
    // The model's host prefix, the json protocol's target, and only the group asked for.
    expect(req!.url).toBe('https://stream-logs.us-east-1.amazonaws.com/');
    expect(req!.headers['X-Amz-Target']).toBe('Logs_20140328.StartLiveTail');
    expect(bodyOf(req!)).toEqual({ logGroupIdentifiers: [GROUP] });
  });

  it('sends the streams, prefixes and filter pattern; lists as words or JSON, values from file://', async () => {
    const body = concat(INITIAL, START);
    const names = await run(
      () => streamed(body),
      ['--log-group-identifiers', GROUP, '--log-stream-names', 'a', 'b', '--log-event-filter-pattern', 'file://p.txt'],
      { files: { '/p.txt': '"ERROR" -"retry"' } },
    );
    expect(names.code).toBe(0);
    expect(bodyOf(names.requests[0]!)).toEqual({
      logGroupIdentifiers: [GROUP],
      logStreamNames: ['a', 'b'],
      logEventFilterPattern: '"ERROR" -"retry"',
    });
    const prefixes = await run(
      () => streamed(body),
      ['--log-group-identifiers', '["g1", "g2"]', '--log-stream-name-prefixes', 'web-'],
    );
    expect(bodyOf(prefixes.requests[0]!)).toEqual({
      logGroupIdentifiers: ['g1', 'g2'],
      logStreamNamePrefixes: ['web-'],
    });
  });

  it('prints the exception that ends a session (the three-hour timeout) on stdout after the events, and exits 0', async () => {
    const body = concat(
      INITIAL,
      START,
      update('before'),
      exceptionMessage('SessionTimeoutException', '{"message": "Session timed out after 3 hours"}'),
      update('never read'),
    );
    const r = await run(() => streamed(body), ['--log-group-identifiers', GROUP]);
    expect(r).toMatchObject({
      code: 0,
      out:
        'before\n' +
        'An error occurred (SessionTimeoutException) when calling the StartLiveTail operation: Session timed out after 3 hours\n',
      err: '',
    });
  });

  it('prints an unmodeled error event and a damaged stream the same way', async () => {
    const error = await run(
      () => streamed(concat(INITIAL, update('x'), errorMessage('InternalFailure', 'try again'))),
      ['--log-group-identifiers', GROUP],
    );
    expect([error.code, error.out]).toEqual([
      0,
      'x\nAn error occurred (InternalFailure) when calling the StartLiveTail operation: try again\n',
    ]);
    const frames = concat(INITIAL, update('y'), update('cut off'));
    const damaged = await run(() => streamed(frames.slice(0, -5)), ['--log-group-identifiers', GROUP]);
    expect(damaged.code).toBe(0);
    expect(damaged.out).toMatch(/^y\nThe event stream ended in the middle of a message: .*\n$/);
  });

  it('ends on Ctrl-C with exit 0 and nothing on stderr, after the events already come', async () => {
    const controller = new AbortController();
    const head = concat(INITIAL, START, update('one', 'two'));
    // The transport's part: an abort ends a body being read with AbortedError.
    const responder: Responder = (_req, _i, opts) => ({
      statusCode: 200,
      headers: {},
      body: (async function* () {
        yield head;
        setTimeout(() => controller.abort(), 0);
        await new Promise((resolve) => opts.signal!.addEventListener('abort', resolve, { once: true }));
        throw new AbortedError();
      })(),
    });
    const r = await run(responder, ['--log-group-identifiers', GROUP], { signal: controller.signal });
    expect(r).toMatchObject({ code: 0, out: 'one\ntwo\n', err: '' });
  });

  it('fails with the service’s error when the session cannot start (exit 254)', async () => {
    const r = await run(
      () =>
        reply(400, '{"__type": "ResourceNotFoundException", "message": "The specified log group does not exist."}', {
          'content-type': 'application/x-amz-json-1.1',
        }),
      ['--log-group-identifiers', GROUP],
    );
    expect(r).toMatchObject({
      code: 254,
      out: '',
      err: '\nAn error occurred (ResourceNotFoundException) when calling the StartLiveTail operation: The specified log group does not exist.\n',
    });
  });

  it('refuses --mode interactive before starting a session: the CLI’s words without colour, else why isoaws has no such view', async () => {
    const never: Responder = () => {
      throw new Error('no request expected');
    };
    const off = await run(never, ['--log-group-identifiers', GROUP, '--mode', 'interactive']);
    expect(off).toMatchObject({
      code: 252,
      out: '',
      err: '\nColor is not allowed by your output. Use print-only mode or enable color.\n',
      requests: [],
    });
    const on = await run(never, ['--log-group-identifiers', GROUP, '--mode', 'interactive', '--color', 'on']);
    expect(on).toMatchObject({ code: 252, out: '', requests: [] });
    expect(on.err).toMatch(
      /^\nThe interactive Live Tail view \(--mode interactive\) is not available in isoaws: .*--mode print-only/,
    );
  });

  it('takes --mode print-only, and refuses other modes, missing groups and unknown options (exit 252)', async () => {
    const ok = await run(
      () => streamed(concat(INITIAL, update('z'))),
      ['--log-group-identifiers', GROUP, '--mode', 'print-only'],
    );
    expect([ok.code, ok.out]).toEqual([0, 'z\n']);
    const mode = await run(() => streamed(INITIAL), ['--log-group-identifiers', GROUP, '--mode', 'tui']);
    expect(mode.code).toBe(252);
    expect(mode.err).toContain('argument --mode: Invalid choice, valid choices are:\n\ninteractive');
    const missing = await run(() => streamed(INITIAL), ['--log-stream-names', 's']);
    expect(missing.code).toBe(252);
    expect(missing.err).toContain('aws: error: the following arguments are required: --log-group-identifiers\n');
    const unknown = await run(() => streamed(INITIAL), ['--log-group-identifiers', GROUP, '--follow']);
    expect([unknown.code, unknown.err]).toEqual([252, '\nUnknown options: --follow\n']);
  });

  it('has a help page with its options', async () => {
    const r = await run(() => streamed(INITIAL), ['help']);
    expect(r.code).toBe(0);
    for (const option of [
      '--log-group-identifiers <value> [<value>...]',
      '[--log-stream-names <value> [<value>...]]',
      '[--log-stream-name-prefixes <value> [<value>...]]',
      '[--log-event-filter-pattern <value>]',
      '[--mode <value>]',
    ])
      expect(r.out).toContain(option);
  });
});
