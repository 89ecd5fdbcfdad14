/**
 * What `ddb select` and `ddb put` share: the table positional, the expression options (several words
 * joined by spaces, as the CLI's `nargs='+'` joins them), their substitution into a request, and the
 * DynamoDB client and model the commands call through.
 */
import type { Client } from '../../core/client.js';
import type { ServiceBundle } from '../../core/model/types.js';
import type { OptionSpec } from '../../cli/argparse.js';
import { valueOption, type CommandEnv, type CommandOption } from '../../cli/command.js';
import { ConfigurationError, UsageError } from '../../cli/usage.js';
import { extractExpression } from './extractor.js';
import { serialize, transformAttributeValues } from './values.js';

export const TABLE_NAME: OptionSpec = {
  flag: 'table_name',
  dest: 'table_name',
  nargs: 'one',
  positional: true,
  required: true,
};

/** The expression language in one paragraph, for the help pages. */
export const EXPRESSION_SYNTAX =
  'In expressions, attribute names are bare (pk, info.tags[0]) or in single quotes, strings are in double quotes, numbers are exact, b"…" is base64 bytes, and true, false, null, [lists], {"maps": …} and {sets} are literals; names and values are sent as substitutions, so reserved words need no quoting.';

/** An expression option: one or more words, joined with spaces. */
export function expressionOption(name: string, text: string): CommandOption {
  return valueOption(name, 'string', `${text} ${EXPRESSION_SYNTAX}`, { nargs: 'many' });
}

/** The words of an expression option as one expression; argparse refuses the option with none. */
export function expressionText(values: ReadonlyMap<string, unknown>, name: string): string | undefined {
  const words = values.get(name) as string[] | undefined;
  if (words?.length === 0) throw new UsageError(`argument --${name}: expected at least one argument`);
  return words?.join(' ');
}

/**
 * The expression in `args[member]`, with its names and values added to the request's maps; gives how
 * many substitutions it made, so the next expression numbers on from there.
 */
export function addExpression(args: Record<string, unknown>, member: string, expression: string, offset = 0): number {
  const extracted = extractExpression(expression, offset);
  args[member] = extracted.expression;
  if (Object.keys(extracted.names).length)
    args.ExpressionAttributeNames = { ...(args.ExpressionAttributeNames as object), ...extracted.names };
  if (Object.keys(extracted.values).length)
    args.ExpressionAttributeValues = { ...(args.ExpressionAttributeValues as object), ...extracted.values };
  return extracted.count;
}

export interface Dynamo {
  client: Client;
  bundle: ServiceBundle;
  signal?: AbortSignal;
}

/** The DynamoDB client, made as the CLI makes it (with `--endpoint-url`), and its model. */
export async function dynamo(env: CommandEnv): Promise<Dynamo> {
  const client = await env.client('DYNAMODB');
  if (!client.config.region)
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  const { bundle } = await client.service('dynamodb');
  return { client, bundle, signal: env.ctx.signal };
}

/** `params` of `operation` with every value where the model takes an AttributeValue serialized. */
export function serializeInput(ddb: Dynamo, operation: string, params: Record<string, unknown>) {
  const input = ddb.bundle.operations[operation]!.input!.shape;
  transformAttributeValues(ddb.bundle, input, params, serialize);
  return params;
}

/** One call, its metadata dropped. */
export async function send(
  ddb: Dynamo,
  operation: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { $metadata: _metadata, ...output } = await ddb.client.send('dynamodb', operation, params, {
    signal: ddb.signal,
  });
  return output;
}
