/**
 * `logs start-live-tail` (the AWS CLI v2's logs/startlivetail.py): starts a CloudWatch Logs Live Tail
 * session (StartLiveTail, whose answer is an event stream) and prints each log event's message as the
 * session brings it, until the service ends the session (a SessionTimeoutException after three hours,
 * whose text the CLI prints on stdout) or Ctrl-C; either way the exit code is 0, as in the CLI.
 *
 * `--mode interactive` (the CLI's full-screen prompt_toolkit view, with highlighting by key presses) is
 * refused: isoaws's hosts hand commands no raw keyboard input (README, "Where isoaws deliberately
 * differs"). It is refused before the session starts, as is the CLI's own refusal when colour is off,
 * which the CLI gives only after it has started (and is billed for) the session.
 */
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { ArgumentError } from '../../cli/usage.js';
import { readSchemaArg, type Schema } from '../emr/schema.js';
import { printSession } from './print-session.js';

const MODES = ['interactive', 'print-only'] as const;
const LIST: Schema = { type: 'array', items: { type: 'string' } };
const TEXT: Schema = { type: 'string' };

const OPTIONS = [
  valueOption(
    'log-group-identifiers',
    'list',
    'The ARNs (or names) of up to 10 log groups to tail. With more than one, --log-stream-names and --log-stream-name-prefixes cannot be given. An ARN must not end in :*.',
    { nargs: 'many', required: true },
  ),
  valueOption(
    'log-stream-names',
    'list',
    'Only events of these log streams. Not with --log-stream-name-prefixes, nor with more than one log group.',
    { nargs: 'many' },
  ),
  valueOption(
    'log-stream-name-prefixes',
    'list',
    'Only events of log streams whose names begin with one of these. Not with --log-stream-names, nor with more than one log group.',
    { nargs: 'many' },
  ),
  valueOption(
    'log-event-filter-pattern',
    'string',
    'A CloudWatch Logs filter pattern the events must match (all events when absent); quote a pattern of several terms.',
  ),
  valueOption(
    'mode',
    'string',
    'print-only (the default): each event printed as it comes, one per line, so the output can be piped. interactive: the AWS CLI’s full-screen view, which isoaws does not have.',
    { choices: MODES },
  ),
];

const PAGE = commandPage(
  {
    name: 'start-live-tail',
    description:
      'Starts a Live Tail session on one or more log groups and prints their log events as they are ingested, each message as it is, until Ctrl-C or the end of the session (three hours at most). More than 500 matching events a second are sampled by the service. Sessions need the logs:StartLiveTail permission and are charged per minute. In a CloudWatch cross-account observability monitoring account, log groups of the linked source accounts can be tailed.',
    examples: [
      'isoaws logs start-live-tail --log-group-identifiers arn:aws:logs:us-east-1:123456789012:log-group:my-group',
      'isoaws logs start-live-tail --log-group-identifiers my-group --log-event-filter-pattern ERROR',
    ],
  },
  OPTIONS,
);

export const startLiveTailCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host } = env.ctx;
    const params: Record<string, unknown> = {};
    for (const [option, member, schema] of [
      ['log-group-identifiers', 'logGroupIdentifiers', LIST],
      ['log-stream-names', 'logStreamNames', LIST],
      ['log-stream-name-prefixes', 'logStreamNamePrefixes', LIST],
      ['log-event-filter-pattern', 'logEventFilterPattern', TEXT],
    ] as const) {
      const raw = values.get(option) as string | string[] | undefined;
      if (raw !== undefined) params[member] = await readSchemaArg(host, 'start-live-tail', option, schema, raw);
    }
    if (values.get('mode') === 'interactive') {
      if (!env.ctx.color)
        throw new ArgumentError('Color is not allowed by your output. Use print-only mode or enable color.');
      throw new ArgumentError(
        'The interactive Live Tail view (--mode interactive) is not available in isoaws: it reads single key presses, which isoaws does not read from the terminal. Use --mode print-only, the default.',
      );
    }
    const client = await env.client();
    const out = await client.send('logs', 'StartLiveTail', params, { signal: env.ctx.signal });
    const end = await printSession(out.responseStream as AsyncIterable<unknown>, host.stdout);
    if (end.kind === 'failed') host.stdout.write(`${end.text}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
