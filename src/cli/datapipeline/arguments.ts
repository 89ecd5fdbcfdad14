/**
 * Data Pipeline's definition arguments (the AWS CLI's datapipeline/__init__.py):
 * `put-pipeline-definition` takes `--pipeline-definition` (required) in the definition file format
 * instead of `--pipeline-objects`, and `--parameter-objects` in that format too; it and
 * `activate-pipeline` take parameter values inline (`--parameter-values id=value …`) or as a file's
 * `values` (`--parameter-values-uri`), never both. `get-pipeline-definition` prints its answer in the
 * file format (definition.ts).
 *
 * As in the CLI, parameter objects and values given on the command line replace the definition's.
 * Where the CLI refuses `--parameter-values-uri` beside a definition that has `values` of its own (it
 * finds parameterValues already filled), isoaws lets the file's values replace them, as its help says.
 */
import type { CliArg, CommandCustomization, CustomizationContext } from '../command-args.js';
import { customArg } from '../command-args.js';
import { readParamFile } from '../param-values.js';
import { ArgumentError, ParamError, UsageError } from '../usage.js';
import {
  apiToDefinition,
  definitionToObjects,
  definitionToParameters,
  definitionToValues,
  inlineValues,
  loadJson,
} from './definition.js';

const HELP = {
  definition:
    'The pipeline definition in the Data Pipeline definition file format (JSON with "objects" and, optionally, "parameters" and "values"). Use file://<path> to read it from a file.',
  objects:
    'Parameter objects in the definition file format (JSON with "parameters"), or file://<path> to read them from a file. They replace any parameters of the pipeline definition.',
  valuesUri:
    'Parameter values in the definition file format (JSON with "values"), or file://<path> to read them from a file. They replace any values of the pipeline definition.',
  values:
    'Parameter values as id=value pairs separated by spaces. Give an id again for each value of a list parameter: myList=a myList=b.',
};

/** The option's text: a file's contents for file:// (fileb:// bytes as UTF-8), else the value itself. */
async function optionText(c: CustomizationContext, arg: CliArg, value: string): Promise<string> {
  let loaded: string | Uint8Array | undefined;
  try {
    loaded = await readParamFile(c.ctx.host, value);
  } catch (err) {
    throw new ParamError(`--${arg.name}`, (err as Error).message);
  }
  if (loaded instanceof Uint8Array) return new TextDecoder().decode(loaded);
  return loaded ?? value;
}

/** Replaces the member argument `name` in its place. */
function put(args: CliArg[], name: string, arg: CliArg): void {
  const at = args.findIndex((a) => a.name === name);
  if (at !== -1) args[at] = arg;
}

/** `--parameter-values` in the place of the member it replaces (as the CLI's table has it). */
function inlineArgument(custom: CommandCustomization): CliArg {
  return customArg(custom, { name: 'parameter-values', nargs: 'many', doc: HELP.values });
}

/** `--parameter-values-uri`, after every other: its values replace the definition's. */
function uriArgument(custom: CommandCustomization): CliArg {
  return customArg(custom, { name: 'parameter-values-uri', nargs: 'one', doc: HELP.valuesUri });
}

/** The values options checked before any is read: nargs='+', and one of the two at most. */
function checkValues(values: ReadonlyMap<string, unknown>): void {
  const inline = values.get('parameter-values') as string[] | undefined;
  if (inline !== undefined && inline.length === 0)
    throw new UsageError('argument --parameter-values: expected at least one argument');
  if (inline !== undefined && values.get('parameter-values-uri') !== undefined)
    throw new ArgumentError('Only parameter-values or parameter-values-uri is allowed');
}

/** Fills parameterValues from either values option; a missing `values` is None, which validation refuses. */
async function fillValues(
  params: Record<string, unknown>,
  arg: CliArg,
  value: unknown,
  c: CustomizationContext,
): Promise<boolean> {
  if (arg.name === 'parameter-values') params.parameterValues = inlineValues(value as string[]);
  else if (arg.name === 'parameter-values-uri')
    params.parameterValues = definitionToValues(loadJson(await optionText(c, arg, value as string))) ?? null;
  else return false;
  return true;
}

export const putPipelineDefinition: CommandCustomization = {
  arguments(args) {
    const custom = putPipelineDefinition;
    put(args, 'parameter-objects', customArg(custom, { name: 'parameter-objects', nargs: 'one', doc: HELP.objects }));
    put(args, 'parameter-values', inlineArgument(custom));
    const objects = args.findIndex((a) => a.name === 'pipeline-objects');
    if (objects !== -1) args.splice(objects, 1);
    args.push(
      customArg(custom, { name: 'pipeline-definition', nargs: 'one', required: true, doc: HELP.definition }),
      uriArgument(custom),
    );
  },
  check: checkValues,
  async fill(params, arg, value, c) {
    if (await fillValues(params, arg, value, c)) return;
    const parsed = loadJson(await optionText(c, arg, value as string));
    if (arg.name === 'parameter-objects') {
      params.parameterObjects = definitionToParameters(parsed) ?? null;
      return;
    }
    const objects = definitionToObjects(parsed);
    const parameters = definitionToParameters(parsed);
    const values = definitionToValues(parsed);
    params.pipelineObjects = objects;
    if (params.parameterObjects === undefined && parameters !== undefined) params.parameterObjects = parameters;
    if (params.parameterValues === undefined && values !== undefined) params.parameterValues = values;
  },
};

export const activatePipeline: CommandCustomization = {
  arguments(args) {
    put(args, 'parameter-values', inlineArgument(activatePipeline));
    args.push(uriArgument(activatePipeline));
  },
  check: checkValues,
  async fill(params, arg, value, c) {
    await fillValues(params, arg, value, c);
  },
};

export const getPipelineDefinition: CommandCustomization = {
  output: async () => async (response) => apiToDefinition(response),
};
