/**
 * `ddb put`: one item or a list of them, as YAML (or JSON) given on the command line, in a file
 * (`file://`) or on stdin (`-`). One item is a PutItem, which `--condition` can guard; several go in
 * BatchWriteItem requests of 25, unprocessed items sent again until none are left. Every item is
 * converted and checked before the first request, so a bad item late in the list writes nothing.
 */
import { ParamValidationError, type ParamProblem } from '../../core/errors.js';
import { concatBytes } from '../../core/streaming-body.js';
import { readCommandOptions, commandPage, type CommandEnv, type CommandOption } from '../../cli/command.js';
import type { OptionSpec } from '../../cli/argparse.js';
import { readParamFile } from '../../cli/param-values.js';
import { ArgumentError, ParamError } from '../../cli/usage.js';
import { addExpression, dynamo, expressionOption, expressionText, send, serializeInput, TABLE_NAME } from './common.js';
import { isPlainObject, pyStr, pyType } from './values.js';
import { loadItems } from './yaml-input.js';

const BATCH_SIZE = 25;

const ITEMS: OptionSpec = { flag: 'items', dest: 'items', nargs: 'one', positional: true, required: true };

export const PUT_OPTIONS: CommandOption[] = [
  expressionOption(
    'condition',
    'A condition the existing item must meet for the put to succeed (attribute_not_exists(pk) puts only new items). Only for a single item.',
  ),
];

export const PUT_PAGE = commandPage(
  {
    name: 'put',
    description:
      'put puts one or more items into a table. <items> is one item or a list of items in YAML (JSON is YAML too): on the command line, in a file as file://path, or on stdin as -. Numbers are kept exact (1.50 stays 1.50), !!binary gives bytes and !!set a set.',
    examples: [
      "isoaws ddb put music '{artist: Miles Davis, title: Kind of Blue, year: 1959}'",
      'isoaws ddb put music file://albums.yaml',
      "isoaws ddb put music '{artist: Bill Evans, title: Sunday at the Village Vanguard}' --condition 'attribute_not_exists(artist)'",
    ],
  },
  PUT_OPTIONS,
  ['put', '<table-name>', '<items>'],
);

export async function runPut(env: CommandEnv, args: readonly string[]): Promise<number> {
  const values = readCommandOptions(PUT_OPTIONS, args, [TABLE_NAME, ITEMS]);
  const table = values.get('table_name') as string;
  const condition = expressionText(values, 'condition');
  const items = loadItems(await itemsText(env, values.get('items') as string));
  if (items.length > 1 && condition !== undefined)
    throw new ArgumentError('--condition is not supported for multiple items');

  const base: Record<string, unknown> = { ReturnConsumedCapacity: 'NONE' };
  if (condition !== undefined) addExpression(base, 'ConditionExpression', condition);
  const ddb = await dynamo(env);
  if (items.length <= 1) {
    const requests = items.map((item) => {
      const request = serializeInput(ddb, 'PutItem', { ...base, TableName: table, Item: item });
      refuseNonMaps([[item, 'Item']]);
      return request;
    });
    for (const request of requests) await send(ddb, 'PutItem', request);
    return 0;
  }

  let pending: unknown[] = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    const batch = items.slice(start, start + BATCH_SIZE).map((item) => ({ PutRequest: { Item: item } }));
    serializeInput(ddb, 'BatchWriteItem', { RequestItems: { [table]: batch } });
    refuseNonMaps(batch.map((request, i) => [request.PutRequest.Item, `RequestItems.${table}[${i}].PutRequest.Item`]));
    pending = pending.concat(batch);
  }
  while (pending.length) {
    const batch = pending.slice(0, BATCH_SIZE);
    pending = pending.slice(BATCH_SIZE);
    const result = await send(ddb, 'BatchWriteItem', { ...base, RequestItems: { [table]: batch } });
    const unprocessed = (result.UnprocessedItems as Record<string, unknown[]> | undefined)?.[table];
    if (unprocessed) pending = pending.concat(unprocessed);
  }
  return 0;
}

/** The items' text: stdin for `-`, a file for `file://`, else the argument itself. */
async function itemsText(env: CommandEnv, value: string): Promise<string> {
  const { host } = env.ctx;
  if (value === '-') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of host.stdin ?? []) chunks.push(chunk);
    return new TextDecoder().decode(concatBytes(chunks));
  }
  let loaded: string | Uint8Array | undefined;
  try {
    loaded = await readParamFile(host, value);
  } catch (err) {
    throw new ParamError('items', (err as Error).message);
  }
  return loaded === undefined ? value : typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
}

/** Items must be maps; any other is botocore's type error (all of one request's), worded with Python's names. */
function refuseNonMaps(items: ReadonlyArray<readonly [unknown, string]>): void {
  const problems: ParamProblem[] = items
    .filter(([item]) => !isPlainObject(item))
    .map(([item, path]) => ({
      path,
      message: `Invalid type for parameter ${path}, value: ${pyStr(item)}, type: ${pyType(item)}, valid types: <class 'dict'>`,
    }));
  if (problems.length) throw new ParamValidationError(problems);
}
