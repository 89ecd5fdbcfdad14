/**
 * `logs tail GROUP` (the AWS CLI's logs/tail.py): a log group's events, from every stream interleaved,
 * since a time (`--since 10m` by default: a number and one of s m h d w, or a timestamp), printed one per
 * line as each page arrives. `--follow` keeps polling every five seconds from the newest event seen,
 * never printing an event twice, until Ctrl-C, which ends it with exit 0 as in the CLI.
 */
import type { Client } from '../core/client.js';
import { AbortedError, IsoawsError } from '../core/errors.js';
import type { OptionSpec } from '../cli/argparse.js';
import { commandPage, flagOption, readCommandOptions, valueOption, type CommandModule } from '../cli/command.js';
import { pyJsonDumps } from '../core/query/python-text.js';

const FORMATS = ['detailed', 'short', 'json', 'none'] as const;
type Format = (typeof FORMATS)[number];

const GROUP: OptionSpec = { flag: 'group_name', dest: 'group_name', nargs: 'one', positional: true, required: true };
const OPTIONS = [
  valueOption(
    'since',
    'string',
    'From when to show events: a number and a unit (s, m, h, d or w: 5m is five minutes ago) or a timestamp. 10m unless given.',
  ),
  flagOption('follow', 'Keep polling for new events, every five seconds, until Ctrl-C.'),
  valueOption(
    'format',
    'string',
    'detailed (the default: the timestamp to the microsecond, the stream and the message), short (the timestamp to the second and the message), json (messages that are JSON pretty-printed) or none (each event as one line of JSON).',
    { choices: FORMATS },
  ),
  valueOption('filter-pattern', 'string', 'A CloudWatch Logs filter pattern events must match.'),
  valueOption('log-stream-names', 'list', 'Only events of these streams.', { nargs: 'many' }),
  valueOption('log-stream-name-prefix', 'string', 'Only events of streams whose name begins so.'),
];

const PAGE = commandPage(
  {
    name: 'tail',
    description:
      "Prints a CloudWatch Logs group's events from all its streams, from ten minutes ago unless --since says otherwise; with --follow, keeps printing new ones. Events are not guaranteed to be in exact timestamp order.",
    examples: [
      'isoaws logs tail /aws/lambda/my-function --follow',
      'isoaws logs tail my-group --since 1h --format short',
    ],
  },
  OPTIONS,
  ['tail', '<group_name>'],
);

interface LogEvent {
  logStreamName?: string;
  timestamp: number;
  message?: string;
  ingestionTime?: number;
  eventId?: string;
}

export const tailCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args, [GROUP]);
    const { host } = env.ctx;
    const text = (option: string) => values.get(option) as string | undefined;
    const params: Record<string, unknown> = {
      logGroupName: text('group_name'),
      interleaved: true,
      startTime: startTime(text('since') ?? '10m', host.now()),
      ...(text('filter-pattern') !== undefined ? { filterPattern: text('filter-pattern') } : {}),
      ...(values.has('log-stream-names') ? { logStreamNames: values.get('log-stream-names') } : {}),
      ...(text('log-stream-name-prefix') !== undefined ? { logStreamNamePrefix: text('log-stream-name-prefix') } : {}),
    };
    const show = formatter((text('format') ?? 'detailed') as Format, env.ctx.color);
    const client = await env.client();
    const events = values.get('follow')
      ? followEvents(client, params, (ms) => host.sleep(ms, env.ctx.signal), env.ctx.signal)
      : allEvents(client, params, env.ctx.signal);
    try {
      for await (const event of events) host.stdout.write(show(event));
    } catch (err) {
      // Ctrl-C is how --follow ends: the CLI returns 0 for it.
      if (!(err instanceof AbortedError && values.get('follow'))) throw err;
    }
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** `--since` as epoch milliseconds: `<n><unit>` before `now`, else a timestamp (UTC unless it says). */
export function startTime(since: string, now: Date): number {
  const relative = /^(\d+)([smhdw])$/.exec(since);
  if (relative) {
    const seconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[relative[2] as 's'];
    return now.getTime() - Number(relative[1]) * seconds * 1000;
  }
  if (/^\d+(\.\d+)?$/.test(since)) return Math.trunc(Number(since) * 1000);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(since) ? since : `${since}Z`;
  const millis = Date.parse(zoned);
  if (Number.isNaN(millis)) throw new IsoawsError(`Invalid timestamp "${since}": Unknown string format: ${since}`);
  return millis;
}

/** Every page of FilterLogEvents, event by event. */
async function* allEvents(client: Client, params: Record<string, unknown>, signal?: AbortSignal) {
  for await (const page of client.paginate('logs', 'FilterLogEvents', params, { signal }))
    yield* (page.events ?? []) as LogEvent[];
}

/**
 * FilterLogEvents polled for ever: page after page, then again every five seconds from the newest
 * timestamp seen, skipping events already printed at that timestamp (the only ones a poll can repeat).
 */
async function* followEvents(
  client: Client,
  params: Record<string, unknown>,
  sleep: (ms: number) => Promise<void>,
  signal?: AbortSignal,
) {
  const request = { ...params };
  let seen = new Map<number, Set<string>>();
  for (;;) {
    const out = await client.send('logs', 'FilterLogEvents', request, { signal });
    for (const event of (out.events ?? []) as LogEvent[]) {
      const ids = seen.get(event.timestamp) ?? new Set<string>();
      seen.set(event.timestamp, ids);
      if (ids.has(event.eventId ?? '')) continue;
      ids.add(event.eventId ?? '');
      yield event;
    }
    const newest = Math.max(...seen.keys());
    if (seen.size) seen = new Map([[newest, seen.get(newest)!]]);
    if (typeof out.nextToken === 'string') {
      request.nextToken = out.nextToken;
      continue;
    }
    if (seen.size) request.startTime = newest;
    delete request.nextToken;
    await sleep(5000);
  }
}

/** One event as the CLI's formatters print it: one line (a trailing newline and spaces trimmed to one newline). */
function formatter(format: Format, color: boolean): (event: LogEvent) => string {
  const paint = (text: string, code: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const time = (millis: number, digits: 'micro' | 'auto' | 'seconds') => {
    const iso = new Date(millis).toISOString();
    const seconds = iso.slice(0, 19);
    if (digits === 'seconds') return seconds;
    const micros = `${iso.slice(20, 23)}000`;
    return digits === 'auto' && millis % 1000 === 0 ? `${seconds}+00:00` : `${seconds}.${micros}+00:00`;
  };
  const line = (text: string) => `${text.trimEnd()}\n`;
  return (event) => {
    const message = event.message ?? '';
    const stream = paint(event.logStreamName ?? '', '36');
    switch (format) {
      case 'short':
        return line(`${paint(time(event.timestamp, 'seconds'), '32')} ${message}`);
      case 'json':
        return line(`${paint(time(event.timestamp, 'auto'), '32')} ${stream} ${prettyJson(message)}`);
      case 'none':
        return line(pyJsonDumps(event, true));
      default:
        return line(`${paint(time(event.timestamp, 'micro'), '32')} ${stream} ${message}`);
    }
  };
}

/**
 * A message that is JSON, on its own lines with four-space indents and ASCII escapes, as Python's
 * json.dumps(indent=4) prints it (numbers as JavaScript writes them: 1.0 becomes 1).
 */
function prettyJson(message: string): string {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return message;
  }
  return `\n${asciiOnly(JSON.stringify(value, null, 4))}`;
}

/** json.dumps's ensure_ascii: every character above ASCII as its \\u escape. */
function asciiOnly(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
