/**
 * `history show` and `history list` over files of recorded commands: the layout checked against what
 * AWS CLI v2 2.9.19's own formatters print for the same records (history-cases.json, recorded by
 * scripts/record-history-cases.py: every kind of event, XML, JSON and other bodies, colour, --include
 * and --exclude), and the CLI's messages and exit codes for what is missing, wrong or spoilt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { pyJsonLoads } from '../../src/cli/history/py-json.js';
import { saveCommand, type HistoryRecord } from '../../src/cli/history/store.js';
import { formatDetailed } from '../../src/commands/history/detailed.js';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

interface ShowCase {
  name: string;
  records: Array<Omit<HistoryRecord, 'call'> & { call: number | null }>;
  include?: string[];
  exclude?: string[];
  color?: boolean;
  output: string;
}
interface ListRow {
  id: string;
  timestamp: number;
  args: string[];
  rc: number;
}

const recorded = pyJsonLoads(readFileSync(join(REPO_ROOT, 'test/commands/history-cases.json'), 'utf8')) as {
  show: ShowCase[];
  list: { rows: ListRow[]; output: string };
};
const DIR = '/home/test/.aws/cli/history/isoaws';

// The CLI prints local times; the cases were recorded in UTC.
beforeAll(() => {
  process.env.TZ = 'UTC';
});

const records = (c: ShowCase): HistoryRecord[] =>
  c.records.map(({ call, ...r }) => (call === null ? r : { ...r, call }));

async function run(host: MemoryHost, argv: string[]) {
  host.out.length = 0;
  host.err.length = 0;
  const code = await runCli(argv, host);
  return { code, out: host.out.join(''), err: host.err.join('') };
}

function newHost(): MemoryHost {
  return createMemoryHost(() => reply(500), { env: { AWS_DEFAULT_REGION: 'us-east-1' } });
}

async function save(host: MemoryHost, id: string, rs: HistoryRecord[]) {
  await saveCommand(host, { id, records: rs });
}

const command = (t: number, args: string[], rc: number): HistoryRecord[] => [
  { event_type: 'CLI_VERSION', timestamp: t, payload: 'isoaws/0.1.0' },
  { event_type: 'CLI_ARGUMENTS', timestamp: t, payload: args },
  { event_type: 'CLI_RC', timestamp: t + 5, payload: rc },
];

describe('history show, laid out as AWS CLI v2 lays out the same records', () => {
  it.each(recorded.show.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(formatDetailed(records(c), { include: c.include, exclude: c.exclude, color: c.color === true })).toBe(
      c.output,
    );
  });

  it('leaves out the parameters of a call the engine did not report them for', () => {
    const text = formatDetailed(
      [{ event_type: 'API_CALL', timestamp: 0, call: 0, payload: { service: 's3', operation: 'ListBuckets' } }],
      { color: false },
    );
    expect(text).toBe(
      '\n[0] API call made\nat time: 1970-01-01 00:00:00.000\nto service: s3\nusing operation: ListBuckets\n',
    );
  });

  it('shows the last command recorded, or the one named, in time order', async () => {
    const host = newHost();
    await save(host, '11111111-1111-4111-8111-111111111111', command(2000, ['s3', 'ls'], 0));
    await save(host, '22222222-2222-4222-8222-222222222222', [
      ...command(3000, ['sts', 'get-caller-identity'], 0).slice(0, 2),
      { event_type: 'CLI_RC', timestamp: 3009, payload: 0 },
      { event_type: 'API_CALL', timestamp: 3001, call: 0, payload: { service: 'sts', operation: 'X', params: {} } },
    ]);
    const latest = await run(host, ['history', 'show', '--include', 'CLI_ARGUMENTS', 'API_CALL', 'CLI_RC']);
    expect(latest).toEqual({
      code: 0,
      out:
        "with arguments: ['sts', 'get-caller-identity']\n" +
        '\n[0] API call made\nat time: 1970-01-01 00:00:03.001\nto service: sts\nusing operation: X\nwith parameters: {}\n' +
        '\nAWS CLI command exited\nat time: 1970-01-01 00:00:03.009\nwith return code: 0\n',
      err: '',
    });
    expect((await run(host, ['history', 'show', 'latest'])).out).toBe((await run(host, ['history', 'show'])).out);
    const named = await run(host, ['history', 'show', '11111111-1111-4111-8111-111111111111', '--exclude', 'CLI_RC']);
    expect(named.out).toBe(
      "\nAWS CLI command entered\nat time: 1970-01-01 00:00:02.000\nwith AWS CLI version: isoaws/0.1.0\nwith arguments: ['s3', 'ls']\n",
    );
    expect(await run(host, ['history', 'show', '99999999-9999-4999-8999-999999999999'])).toEqual({
      code: 0,
      out: '',
      err: '',
    });
  });

  it('colours titles and descriptions with --color on', async () => {
    const host = newHost();
    await save(host, '11111111-1111-4111-8111-111111111111', command(0, ['s3', 'ls'], 0));
    const { out } = await run(host, ['history', 'show', '--color', 'on', '--include', 'CLI_RC']);
    expect(out).toBe(
      '\n\x1b[1mAWS CLI command exited\x1b[0m\n\x1b[36mat time: \x1b[0m1970-01-01 00:00:00.005\n\x1b[36mwith return code: \x1b[0m0\n',
    );
  });
});

describe('history list', () => {
  it('prints the commands newest first, in the CLI’s columns', async () => {
    const host = newHost();
    // Written in another order than their times: the list sorts by when each command was entered.
    for (const row of [...recorded.list.rows].reverse())
      await save(host, row.id, command(row.timestamp, row.args, row.rc));
    expect(await run(host, ['history', 'list'])).toEqual({ code: 0, out: recorded.list.output, err: '' });
  });

  it('leaves out a command without its arguments or its return code', async () => {
    const host = newHost();
    await save(host, '11111111-1111-4111-8111-111111111111', command(1000, ['s3', 'ls'], 0).slice(0, 2));
    await save(host, '22222222-2222-4222-8222-222222222222', command(2000, ['sts', 'x'], 0));
    const { out } = await run(host, ['history', 'list']);
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(0, 36)),
    ).toEqual(['22222222-2222-4222-8222-222222222222']);
  });
});

describe('history, with nothing or something wrong to read', () => {
  const locate = '\nCould not locate history. Make sure cli_history is set to enabled in the ~/.aws/config file\n';

  it.each([
    [['history', 'list'], 255, locate],
    [['history', 'show'], 255, locate],
    // As in the CLI, the history is looked for before the options are checked against each other.
    [['history', 'show', '--include', 'CLI_RC', '--exclude', 'API_CALL'], 255, locate],
    [['history'], 252, '\nusage: aws [options] history <subcommand> [parameters]\naws: error: too few arguments\n'],
    [['history', 'show', '--include'], 252, 'aws: error: argument --include: expected at least one argument\n'],
    [['history', 'show', '--format', 'brief'], 252, 'aws: error: argument --format: Invalid choice'],
    [['history', 'list', '--bogus'], 252, '\nUnknown options: --bogus\n'],
    [['history', 'show', 'a', 'b'], 252, '\nUnknown options: b\n'],
    [['history', 'lists'], 252, "Invalid choice: 'lists', maybe you meant:\n\n  * list"],
  ])('%j exits %i', async (argv, code, message) => {
    const r = await run(newHost(), argv);
    expect([r.code, r.out]).toEqual([code, '']);
    expect(r.err).toContain(message);
  });

  it('says when there is a history but no command in it', async () => {
    const host = newHost();
    await host.fs.mkdir(DIR);
    expect(await run(host, ['history', 'list'])).toEqual({
      code: 255,
      out: '',
      err: '\nNo commands were found in your history. Make sure you have enabled history mode by adding "cli_history = enabled" to the config file.\n',
    });
    expect(await run(host, ['history', 'show'])).toEqual({ code: 0, out: '', err: '' });
    expect(await run(host, ['history', 'show', '--include', 'CLI_RC', '--exclude', 'API_CALL'])).toEqual({
      code: 252,
      out: '',
      err: '\nEither --exclude or --include can be provided but not both\n',
    });
  });

  it.each([
    ['not JSON', '{"version": 1, "id": '],
    ['another version', '{"version": 2, "id": "x", "records": []}'],
    ['a record without a time', '{"version": 1, "id": "x", "records": [{"event_type": "CLI_RC", "payload": 0}]}'],
    ['not an object', '[]'],
  ])('names a file it cannot read (%s), exit 255 without a stack trace', async (_, text) => {
    const host = newHost();
    const path = `${DIR}/0000000001000-0b7a4e3c-1e2f-4a5b-8c9d-0e1f2a3b4c5d.json`;
    await host.fs.mkdir(DIR);
    await host.fs.writeFile(path, text);
    for (const argv of [
      ['history', 'list'],
      ['history', 'show'],
    ]) {
      const r = await run(host, argv);
      expect([r.code, r.out]).toEqual([255, '']);
      expect(r.err).toMatch(new RegExp(`^\\nUnable to read the history file ${path}: .+\\n$`));
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('reads only its own files in the directory', async () => {
    const host = newHost();
    await host.fs.writeFile(`${DIR}/history.db`, 'SQLite format 3\0');
    await host.fs.writeFile(`${DIR}/notes.json`, '{}');
    await save(host, '11111111-1111-4111-8111-111111111111', command(0, ['s3', 'ls'], 0));
    const { code, out } = await run(host, ['history', 'list']);
    expect([code, out.split('\n').length]).toEqual([0, 2]);
  });
});
