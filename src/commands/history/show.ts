/**
 * `history show [command_id]` (awscli/customizations/history/show.py): the records of one recorded
 * command — the last one recorded unless an id (or `latest`) is given — in time order, laid out by the
 * detailed format, `--include` or `--exclude` choosing the kinds of event. An id that names no command
 * prints nothing, as the CLI's query finds no rows.
 */
import type { OptionSpec } from '../../cli/argparse.js';
import { commandPage, readCommandOptions, valueOption, type CommandEnv } from '../../cli/command.js';
import { readCommand } from '../../cli/history/store.js';
import { ArgumentError, UsageError } from '../../cli/usage.js';
import { formatDetailed } from './detailed.js';
import { recordedCommands } from './recorded-commands.js';

const EVENTS = 'CLI_VERSION, CLI_ARGUMENTS, API_CALL, HTTP_REQUEST, HTTP_RESPONSE, PARSED_RESPONSE and CLI_RC';
const COMMAND_ID: OptionSpec = { flag: 'command_id', dest: 'command_id', nargs: 'one', positional: true };
const OPTIONS = [
  valueOption(
    'include',
    'string',
    `Shows only the events of these kinds (of ${EVENTS}). Cannot be given with --exclude.`,
    { nargs: 'many' },
  ),
  valueOption('exclude', 'string', 'Shows the events of every kind but these. Cannot be given with --include.', {
    nargs: 'many',
  }),
  valueOption(
    'format',
    'string',
    'How the events are laid out: detailed, the default and only format, gives each event a title, its time and its values, and numbers the events of each API call alike ([0], [1], …).',
    { choices: ['detailed'] },
  ),
];

export const SHOW_PAGE = commandPage(
  {
    name: 'show',
    description:
      'Shows what a recorded command did, event by event: the arguments it was given, each API call with its parameters, every HTTP request and response and what was parsed from it, and the code it exited with. Without a command id, the last command recorded.',
    examples: ['isoaws history show', 'isoaws history show --include API_CALL CLI_RC'],
  },
  OPTIONS,
  ['show', '[<command_id>]'],
);

export async function showHistory(env: CommandEnv, args: readonly string[]): Promise<number> {
  const values = readCommandOptions(OPTIONS, args, [COMMAND_ID]);
  const include = values.get('include') as string[] | undefined;
  const exclude = values.get('exclude') as string[] | undefined;
  // argparse's nargs='+'.
  for (const [name, list] of [
    ['include', include],
    ['exclude', exclude],
  ] as const)
    if (list?.length === 0) throw new UsageError(`argument --${name}: expected at least one argument`);
  const { host } = env.ctx;
  const files = await recordedCommands(host);
  if (include && exclude) throw new ArgumentError('Either --exclude or --include can be provided but not both');
  const id = values.get('command_id') as string | undefined;
  const file = id === undefined || id === 'latest' ? files.at(-1) : files.find((f) => f.id === id);
  if (!file) return 0;
  // ORDER BY timestamp; records of one time keep the order they were recorded in.
  const records = (await readCommand(host, file.path)).records.sort((a, b) => a.timestamp - b.timestamp);
  host.stdout.write(formatDetailed(records, { include, exclude, color: env.ctx.color }));
  return 0;
}
