/**
 * `history` (awscli/customizations/history): the commands recorded while `cli_history = enabled` is set
 * in the profile, listed (`history list`) or shown one at a time (`history show`). The recording itself
 * is the driver's (src/cli/history); the records are read from the files it writes (store.ts).
 */
import { invalidChoice } from '../../cli/argparse.js';
import { commandPage, type CommandModule } from '../../cli/command.js';
import type { CommandPage } from '../../cli/help.js';
import { ArgumentError, UsageError } from '../../cli/usage.js';
import { listHistory } from './list.js';
import { SHOW_PAGE, showHistory } from './show.js';

const SUBCOMMANDS = ['show', 'list'];

const PAGES: Record<string, CommandPage> = {
  history: {
    name: 'history',
    description:
      'The commands run with the command history on, and what each did: its arguments, the API calls it made, their HTTP requests and responses, and its exit code. A command is recorded when the profile it runs with sets cli_history = enabled (isoaws configure set cli_history enabled); `history` itself is never recorded. isoaws keeps the history in ~/.aws/cli/history/isoaws/, one file per command.',
    synopsis: ['history', 'show | list'],
    options: [],
    commands: SUBCOMMANDS,
    examples: ['isoaws configure set cli_history enabled', 'isoaws history list', 'isoaws history show'],
  },
  list: commandPage(
    {
      name: 'list',
      description:
        'Lists the recorded commands, newest first: the id of each, when it was run, its first two words and the code it exited with. `history show <command_id>` shows one of them in full.',
      examples: ['isoaws history list'],
    },
    [],
  ),
  show: SHOW_PAGE,
};

export const historyCommand: CommandModule = {
  async run(env, args) {
    const [sub, ...rest] = args;
    if (sub === undefined)
      throw new ArgumentError('usage: aws [options] history <subcommand> [parameters]\naws: error: too few arguments');
    if (sub === 'show') return showHistory(env, rest);
    if (sub === 'list') return listHistory(env, rest);
    throw new UsageError(invalidChoice('subcommand', sub, SUBCOMMANDS));
  },
  page: async (sub = 'history') => (Object.hasOwn(PAGES, sub) ? PAGES[sub] : undefined),
};
