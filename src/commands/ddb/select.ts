/**
 * `ddb select`: Query when `--key-condition` is given, else Scan, with the expressions of the CLI's
 * language, all pages gathered as the CLI gathers them (or one, with `--no-paginate`), and the items
 * printed as YAML with their values plain: exact numbers, `!!binary` bytes, `!!set` sets. YAML is the
 * only output: another `--output` is refused before anything is sent.
 */
import { mergePages, PageIterator } from '../../core/pagination.js';
import {
  commandPage,
  flagOption,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandOption,
} from '../../cli/command.js';
import { writeCommandResult } from '../../cli/operation.js';
import { pyInt } from '../../cli/shorthand.js';
import { ArgumentError } from '../../cli/usage.js';
import { addExpression, dynamo, expressionOption, expressionText, send, serializeInput, TABLE_NAME } from './common.js';
import { presentOutput } from './values.js';

const ATTRIBUTES: Record<string, string> = { ALL: 'ALL_ATTRIBUTES', ALL_PROJECTED: 'ALL_PROJECTED_ATTRIBUTES' };

function pair(name: string, text: string, dest: string, on: boolean): CommandOption {
  const option = flagOption(name, text);
  return { ...option, specs: [{ ...option.specs[0]!, dest, constValue: on }] };
}

export const SELECT_OPTIONS: CommandOption[] = [
  valueOption('index-name', 'string', 'The name of a local or global secondary index to read instead of the table.'),
  expressionOption(
    'projection',
    'The attributes to return, separated by commas (scalars, sets or elements of documents). Attributes an item does not have are left out.',
  ),
  expressionOption(
    'filter',
    'A condition items must meet to be returned. It is applied after the items are read, so it does not save read capacity.',
  ),
  expressionOption(
    'key-condition',
    'The key values to read, which makes select a Query: an equality on the partition key (pk = "a"), optionally AND a condition on the sort key (=, <, <=, >, >=, BETWEEN … AND …, begins_with(sk, "x")).',
  ),
  valueOption(
    'attributes',
    'string',
    'What to return: ALL attributes, ALL_PROJECTED into the index, or only the COUNT of matching items.',
    { choices: ['ALL', 'ALL_PROJECTED', 'COUNT'] },
  ),
  pair(
    'consistent-read',
    'Read with strong consistency (the default); --no-consistent-read reads eventually consistent. Global secondary indexes refuse strongly consistent reads.',
    'consistent_read',
    true,
  ),
  pair('no-consistent-read', 'Read eventually consistent.', 'consistent_read', false),
  pair(
    'return-consumed-capacity',
    'Include the ConsumedCapacity of the read; with --index-name, per table and index.',
    'return_consumed_capacity',
    true,
  ),
  pair('no-return-consumed-capacity', 'Leave ConsumedCapacity out (the default).', 'return_consumed_capacity', false),
  valueOption('starting-token', 'string', 'The NextToken of an earlier, truncated select, to continue from there.'),
  valueOption('max-items', 'integer', 'The most items to print; a NextToken is printed to continue from.'),
  valueOption('page-size', 'integer', 'How many items each request reads (its Limit); all pages are still printed.'),
];

export const SELECT_PAGE = commandPage(
  {
    name: 'select',
    description:
      'select searches a table or index. It runs a Query when --key-condition is given and a Scan otherwise, reads every page, and prints the items as YAML with their values as they are: numbers exact, bytes as !!binary, sets as !!set. Only yaml output is supported.',
    examples: [
      'isoaws ddb select music --key-condition \'artist = "Miles Davis" AND year BETWEEN 1955 AND 1960\' --projection title,year',
      "isoaws ddb select music --filter 'attribute_exists(awards) AND size(awards) > 2'",
    ],
  },
  SELECT_OPTIONS,
  ['select', '<table-name>'],
);

export async function runSelect(env: CommandEnv, args: readonly string[]): Promise<number> {
  const values = readCommandOptions(SELECT_OPTIONS, args, [TABLE_NAME]);
  const text = (name: string) => values.get(name) as string | undefined;
  // Zero is the CLI's "not given": it tests these options for truth.
  const count = (name: string) => (text(name) === undefined ? undefined : pyInt(text(name)!) || undefined);
  const paging = {
    startingToken: text('starting-token') || undefined,
    maxItems: count('max-items'),
    pageSize: count('page-size'),
  };
  const projection = expressionText(values, 'projection');
  const filter = expressionText(values, 'filter');
  const keyCondition = expressionText(values, 'key-condition');

  const output = env.ctx.outputOption;
  if (output !== undefined && output !== 'yaml')
    throw new ArgumentError(`${output} output format is not supported for ddb commands`);
  const paginate = env.ctx.globals.paginate;
  if (!paginate) {
    const used = [
      paging.startingToken && '--starting-token',
      paging.pageSize && '--page-size',
      paging.maxItems && '--max-items',
    ].filter(Boolean);
    if (used.length)
      throw new ArgumentError(`Cannot specify --no-paginate along with pagination arguments: ${used.join(', ')}`);
  }

  const operation = keyCondition === undefined ? 'Scan' : 'Query';
  const indexName = text('index-name');
  const params: Record<string, unknown> = {
    TableName: text('table_name'),
    ConsistentRead: values.get('consistent_read') ?? true,
  };
  if (indexName !== undefined) params.IndexName = indexName;
  // Each expression numbers its substitutions on from the ones before it.
  let substitutions = 0;
  if (projection !== undefined) substitutions = addExpression(params, 'ProjectionExpression', projection);
  if (filter !== undefined) substitutions += addExpression(params, 'FilterExpression', filter, substitutions);
  if (keyCondition !== undefined) addExpression(params, 'KeyConditionExpression', keyCondition, substitutions);
  const attributes = text('attributes');
  if (attributes !== undefined) params.Select = ATTRIBUTES[attributes] ?? attributes;
  params.ReturnConsumedCapacity = values.get('return_consumed_capacity')
    ? indexName !== undefined
      ? 'INDEXES'
      : 'TOTAL'
    : 'NONE';

  const ddb = await dynamo(env);
  serializeInput(ddb, operation, params);
  let result: Record<string, unknown>;
  if (paginate) {
    const config = ddb.bundle.paginators![operation]!;
    const iterator = new PageIterator((p) => send(ddb, operation, p), config, params, {
      ...paging,
      signal: ddb.signal,
    });
    const pages: Array<Record<string, unknown>> = [];
    for await (const page of iterator.pages()) pages.push(page);
    result = mergePages(pages, config);
    if (iterator.resumeToken) result.NextToken = iterator.resumeToken;
  } else {
    result = await send(ddb, operation, params);
  }
  if (result.ConsumedCapacity === null || result.ConsumedCapacity === undefined) delete result.ConsumedCapacity;
  const shape = ddb.bundle.operations[operation]!.output!.shape;
  const shown = presentOutput(ddb.bundle, shape, result, env.ctx.globals.query === undefined);
  writeCommandResult({ ...env.ctx, globals: { ...env.ctx.globals, output: 'yaml' } }, operation, shown);
  return 0;
}
