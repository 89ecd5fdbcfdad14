/**
 * `ddb` (awscli/customizations/dynamodb): DynamoDB's high-level commands, `select` and `put`, which take
 * and print items as plain YAML values instead of AttributeValues and write conditions in a small
 * expression language whose names and values are substituted for the caller.
 */
import { invalidChoice } from '../../cli/argparse.js';
import type { CommandModule } from '../../cli/command.js';
import type { CommandPage } from '../../cli/help.js';
import { ArgumentError, UsageError } from '../../cli/usage.js';
import { PUT_PAGE, runPut } from './put.js';
import { runSelect, SELECT_PAGE } from './select.js';

export const DDB_SUBCOMMANDS = ['select', 'put'];

const DDB_PAGE: CommandPage = {
  name: 'ddb',
  description:
    'High level DynamoDB commands. Items go in and come out as plain YAML values (numbers exact, bytes as !!binary, sets as !!set) rather than AttributeValues.',
  synopsis: ['ddb <Command> [<Arg> ...]'],
  options: [],
  commands: DDB_SUBCOMMANDS,
  examples: ["isoaws ddb put music '{artist: Miles Davis, title: Kind of Blue}'", 'isoaws ddb select music'],
};

export const ddbCommand: CommandModule = {
  async run(env, args) {
    const [sub, ...rest] = args;
    if (sub === undefined)
      throw new ArgumentError('usage: aws [options] ddb <subcommand> [parameters]\naws: error: too few arguments');
    if (sub === 'select') return runSelect(env, rest);
    if (sub === 'put') return runPut(env, rest);
    throw new UsageError(invalidChoice('subcommand', sub, DDB_SUBCOMMANDS));
  },
  page: async (sub) =>
    sub === undefined ? DDB_PAGE : sub === 'select' ? SELECT_PAGE : sub === 'put' ? PUT_PAGE : undefined,
};
