/**
 * `logs tail` against a recording stand-in. The printed lines are byte for byte what AWS CLI v2 2.9.19
 * printed for the same answers (detailed, short and json formats, colours on); the requests are what it
 * sent. --follow is polled until Ctrl-C, which ends it with exit 0, and prints no event twice.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { startTime } from '../../src/commands/logs-tail.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const NOW = new Date('2026-12-06T01:00:00Z');
const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };
const event = (stream: string, timestamp: number, message: string, eventId: string) => ({
  logStreamName: stream,
  timestamp,
  message,
  ingestionTime: timestamp + 100,
  eventId,
});
const PAGES = [
  {
    events: [
      event('s1', 1764982800123, 'hello world  \n', 'e1'),
      event('s2', 1764982801000, '{"a": 1, "b": ["x", "é"]}', 'e2'),
    ],
    nextToken: 't2',
  },
  { events: [event('s1', 1764982802500, '42', 'e3')] },
];
const json = (body: unknown): HttpResponse =>
  reply(200, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.1' });
const bodyOf = (req: HttpRequest) => JSON.parse(new TextDecoder().decode(req.body as Uint8Array));

async function tail(argv: string[], pages: unknown[] = PAGES) {
  const host = createMemoryHost((_req, i) => json(pages[i] ?? { events: [] }), { now: NOW, env: ENV });
  const code = await runCli(['logs', 'tail', 'grp', ...argv], host);
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests.map(bodyOf) };
}

describe('logs tail', () => {
  it.each([
    [
      'detailed',
      '2025-12-06T01:00:00.123000+00:00 s1 hello world\n' +
        '2025-12-06T01:00:01.000000+00:00 s2 {"a": 1, "b": ["x", "é"]}\n' +
        '2025-12-06T01:00:02.500000+00:00 s1 42\n',
    ],
    [
      'short',
      '2025-12-06T01:00:00 hello world\n2025-12-06T01:00:01 {"a": 1, "b": ["x", "é"]}\n2025-12-06T01:00:02 42\n',
    ],
    [
      'json',
      '2025-12-06T01:00:00.123000+00:00 s1 hello world\n' +
        '2025-12-06T01:00:01+00:00 s2 \n{\n    "a": 1,\n    "b": [\n        "x",\n        "\\u00e9"\n    ]\n}\n' +
        '2025-12-06T01:00:02.500000+00:00 s1 \n42\n',
    ],
  ])('prints --format %s as the CLI does, page after page', async (format, printed) => {
    const r = await tail(['--format', format]);
    expect([r.code, r.out, r.err]).toEqual([0, printed, '']);
    // Ten minutes before now, every stream interleaved; the second page asked for by its token.
    const first = { logGroupName: 'grp', interleaved: true, startTime: NOW.getTime() - 600_000 };
    expect(r.requests).toEqual([first, { ...first, nextToken: 't2' }]);
  });

  it('colours timestamps green and stream names cyan with --color on', async () => {
    const r = await tail(['--color', 'on']);
    expect(r.out.split('\n')[0]).toBe('\x1b[32m2025-12-06T01:00:00.123000+00:00\x1b[0m \x1b[36ms1\x1b[0m hello world');
  });

  it('prints each event as one line of JSON with --format none', async () => {
    const r = await tail(['--format', 'none']);
    expect(r.out.split('\n')[2]).toBe(
      '{"logStreamName": "s1", "timestamp": 1764982802500, "message": "42", "ingestionTime": 1764982802600, "eventId": "e3"}',
    );
  });

  it('passes the filter, streams and since', async () => {
    const r = await tail(
      ['--since', '2h', '--filter-pattern', 'ERROR', '--log-stream-names', 'a', 'b'],
      [{ events: [] }],
    );
    expect(r.requests[0]).toEqual({
      logGroupName: 'grp',
      interleaved: true,
      startTime: NOW.getTime() - 7_200_000,
      filterPattern: 'ERROR',
      logStreamNames: ['a', 'b'],
    });
  });

  it('follows until Ctrl-C, from the newest timestamp, never printing an event twice', async () => {
    const controller = new AbortController();
    const polls = [
      ...PAGES,
      // The next poll starts at e3's timestamp, so e3 comes again beside a new event.
      { events: [event('s1', 1764982802500, '42', 'e3'), event('s2', 1764982803000, 'new', 'e4')] },
      { events: [] },
    ];
    const host = createMemoryHost(
      (_req, i) => {
        // Ctrl-C while the last poll is answered: the wait after it ends the command.
        if (i === polls.length - 1) controller.abort();
        return json(polls[i] ?? { events: [] });
      },
      { now: NOW, env: ENV },
    );
    const code = await runCli(['logs', 'tail', 'grp', '--follow', '--format', 'short'], host, {
      signal: controller.signal,
    });
    expect(code).toBe(0);
    expect(
      host.out
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(20)),
    ).toEqual(['hello world', '{"a": 1, "b": ["x", "é"]}', '42', 'new']);
    expect(host.requests.map(bodyOf).map((b) => [b.startTime, b.nextToken])).toEqual([
      [NOW.getTime() - 600_000, undefined],
      [NOW.getTime() - 600_000, 't2'],
      [1764982802500, undefined],
      [1764982803000, undefined],
    ]);
    expect(host.sleeps).toEqual([5000, 5000, 5000]);
  });

  it('reads --since as a relative time, epoch seconds or a timestamp (UTC unless it says)', () => {
    expect(startTime('30s', NOW)).toBe(NOW.getTime() - 30_000);
    expect(startTime('1w', NOW)).toBe(NOW.getTime() - 604_800_000);
    expect(startTime('1764982800', NOW)).toBe(1764982800000);
    expect(startTime('2026-12-05T12:00:00', NOW)).toBe(Date.parse('2026-12-05T12:00:00Z'));
    expect(startTime('2026-12-05T12:00:00+01:00', NOW)).toBe(Date.parse('2026-12-05T11:00:00Z'));
    expect(() => startTime('5h30m', NOW)).toThrow('Invalid timestamp "5h30m"');
  });

  it('refuses a format it does not have, and wants the group', async () => {
    const r = await tail(['--format', 'xml']);
    expect(r.code).toBe(252);
    expect(r.err).toContain('argument --format: Invalid choice, valid choices are:');
    const host = createMemoryHost(() => json({}), { now: NOW, env: ENV });
    expect(await runCli(['logs', 'tail'], host)).toBe(252);
    expect(host.err.join('')).toContain('the following arguments are required: group_name');
  });
});
