/**
 * `s3api select-object-content` over an in-memory host with canned event streams (s3events.py): the
 * Records events' bytes go to the outfile and nothing is printed; an error event, a damaged or unfinished
 * stream fail with the CLI's exit codes, a clear message and no stack trace, and leave no file behind.
 * An event stream that no command reads (an operation a newer model might add) is refused rather than printed.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpResponse } from '../../src/core/host.js';
import { concat, errorMessage, eventMessage } from '../support/event-stream.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';

const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };
const ARGV = [
  's3api',
  'select-object-content',
  '--bucket',
  'bkt',
  '--key',
  'people.csv',
  '--expression',
  'select * from s3object s',
  '--expression-type',
  'SQL',
  '--input-serialization',
  'CSV={FileHeaderInfo=USE}',
  '--output-serialization',
  'CSV={}',
];
const STATS =
  '<Stats><BytesScanned>40</BytesScanned><BytesProcessed>40</BytesProcessed><BytesReturned>14</BytesReturned></Stats>';
const records = (text: string) => eventMessage('Records', text, { ':content-type': 'application/octet-stream' });

/** A 200 answer streaming `bytes` in chunks of `size`. */
function streamed(bytes: Uint8Array, size = 7): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'x-amz-request-id': 'REQ1' },
    body: (async function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
    })(),
  };
}

async function run(responder: Responder, argv: string[], files: Record<string, string> = {}) {
  const h = createMemoryHost(responder, { env: ENV });
  for (const [path, text] of Object.entries(files)) await h.fs.writeFile(path, text);
  const code = await runCli(argv, h);
  const read = async (path: string) =>
    new TextDecoder().decode(await h.fs.readFile(path).catch(() => new TextEncoder().encode('<no file>')));
  return { code, out: h.out.join(''), err: h.err.join(''), requests: h.requests, read };
}

describe('select-object-content writes the selected records to the outfile', () => {
  it('writes each Records event’s bytes in order, whatever the messages and chunks, and prints nothing', async () => {
    const body = concat(
      records('ada,3'),
      records('6\nbob,'),
      eventMessage('Progress', STATS.replace(/Stats/g, 'Progress'), { ':content-type': 'text/xml' }),
      records('7\n'),
      eventMessage('Cont'),
      eventMessage('Stats', STATS, { ':content-type': 'text/xml' }),
      eventMessage('End'),
    );
    for (const size of [1, 5, body.length]) {
      const r = await run(() => streamed(body, size), [...ARGV, '/out.csv']);
      expect(r).toMatchObject({ code: 0, out: '', err: '' });
      expect(await r.read('/out.csv')).toBe('ada,36\nbob,7\n');
      expect(r.requests).toHaveLength(1);
    }
  });

  it('prints nothing in any output format, and writes an empty file for a stream with no records', async () => {
    for (const output of ['json', 'text', 'table', 'yaml']) {
      const r = await run(() => streamed(eventMessage('End')), [...ARGV, '/out.csv', '--output', output]);
      expect(r).toMatchObject({ code: 0, out: '', err: '' });
      expect(await r.read('/out.csv')).toBe('');
    }
  });

  it('fails on an error event with the service’s error (exit 254), leaving any earlier file as it was', async () => {
    const body = concat(
      records('ada,36\n'),
      errorMessage('InternalError', 'We encountered an internal error. Please try again.'),
    );
    const r = await run(() => streamed(body), [...ARGV, '/out.csv'], { '/out.csv': 'before\n' });
    expect(r).toMatchObject({
      code: 254,
      out: '',
      err: '\nAn error occurred (InternalError) when calling the SelectObjectContent operation: We encountered an internal error. Please try again.\n',
    });
    expect(await r.read('/out.csv')).toBe('before\n');
  });

  it('fails on a damaged message (exit 255), naming it, with no stack trace and no file', async () => {
    const first = records('ada,36\n');
    const body = concat(first, records('bob,7\n'), eventMessage('End'));
    body[first.length + 30]! ^= 0x01;
    const r = await run(() => streamed(body), [...ARGV, '/out.csv']);
    expect(r.code).toBe(255);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      new RegExp(
        `^\\nChecksum mismatch: expected 0x[0-9a-f]{8}, calculated 0x[0-9a-f]{8} \\(event stream message 2, at byte ${first.length} of the response\\)\\n$`,
      ),
    );
    expect(await r.read('/out.csv')).toBe('<no file>');
  });

  it('fails on a stream that ends part-way through a message (exit 255), with no file', async () => {
    const first = records('ada,36\n');
    const r = await run(() => streamed(concat(first, records('bob,7\n').subarray(0, 20))), [...ARGV, '/out.csv']);
    expect(r).toMatchObject({
      code: 255,
      out: '',
      err: `\nThe event stream ended in the middle of a message: 20 of its ${records('bob,7\n').length} bytes (event stream message 2, at byte ${first.length} of the response)\n`,
    });
    expect(await r.read('/out.csv')).toBe('<no file>');
  });

  it('fails on an HTTP error before any file is opened (exit 254)', async () => {
    const r = await run(
      () => reply(404, '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'),
      [...ARGV, '/out.csv'],
    );
    expect(r).toMatchObject({
      code: 254,
      err: '\nAn error occurred (NoSuchKey) when calling the SelectObjectContent operation: The specified key does not exist.\n',
    });
    expect(await r.read('/out.csv')).toBe('<no file>');
  });
});

describe('select-object-content’s arguments and help', () => {
  const unsent: Responder = () => {
    throw new Error('nothing is sent');
  };

  it('requires the outfile (exit 252)', async () => {
    const r = await run(unsent, ARGV);
    expect(r.code).toBe(252);
    expect(r.err).toContain('aws: error: the following arguments are required: outfile\n');
  });

  it.each([
    [['--generate-cli-skeleton'], 'Unknown options: --generate-cli-skeleton'],
    [['--cli-input-json', '{}'], 'Unknown options: --cli-input-json, {}'],
  ])('has no %j beside its outfile, as in AWS CLI v2 (exit 252)', async (extra, message) => {
    const r = await run(unsent, [...ARGV, '/out.csv', ...extra]);
    expect(r).toMatchObject({ code: 252, out: '' });
    expect(r.err).toContain(message);
    expect(r.requests).toHaveLength(0);
  });

  it('documents the outfile and says the command prints nothing', async () => {
    const r = await run(unsent, ['s3api', 'select-object-content', 'help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('          [--expected-bucket-owner <value>]\n          <outfile>\n          [--debug]\n');
    expect(r.out).not.toContain('--cli-input-json');
    expect(r.out).toContain(
      '       outfile (string)\n          [REQUIRED]\n          Filename where the records will be saved\n',
    );
    expect(r.out).toMatch(
      /\nOUTPUT\n {7}This command generates no output\. The selected object content is written\n {7}to the specified outfile\.\n/,
    );
  });
});

describe('an event stream no command reads', () => {
  it('fails instead of printing it (exit 255), and closes it', async () => {
    // Every bundled operation with an event stream has a command of its own or is hidden (removals.py), so
    // the one here is logs StartLiveTail under another name, as a newer model could bring one.
    let closed = false;
    const body = concat(eventMessage('initial-response', '{}'), eventMessage('sessionStart', '{"sessionId": "s"}'));
    const response: HttpResponse = {
      statusCode: 200,
      headers: {},
      body: (async function* () {
        try {
          yield body;
          yield new Uint8Array(0);
        } finally {
          closed = true;
        }
      })(),
    };
    const host = createMemoryHost(() => response, { env: ENV });
    const models = host.models;
    host.models = {
      ...models,
      load: async (service) => {
        const bundle = await models.load(service);
        if (service !== 'logs') return bundle;
        const operation = { ...bundle.operations.StartLiveTail!, name: 'WatchLiveTail' };
        const operations = { ...bundle.operations, WatchLiveTail: operation };
        return { ...bundle, operations, operationNames: Object.keys(operations) };
      },
    };
    const code = await runCli(['logs', 'watch-live-tail', '--log-group-identifiers', 'g'], host);
    expect({ code, out: host.out.join(''), err: host.err.join('') }).toEqual({
      code: 255,
      out: '',
      err: '\nThe WatchLiveTail operation answers with an event stream (responseStream), which isoaws cannot print\n',
    });
    expect(closed).toBe(true);
  });
});
