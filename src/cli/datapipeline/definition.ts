/**
 * Data Pipeline's definition file format and the API's shapes, both ways (the AWS CLI's
 * datapipeline/translator.py). In the file, an object is one JSON object — `id`, `name` (the id when left
 * out), and one key per field, a list for a repeated field, `{"ref": "Id"}` for a reference; a
 * parameter is `id` and its attributes; `values` maps a parameter's id to its value or list of values.
 * The API wants lists of `{key, stringValue | refValue}` instead: fields sorted by key, a list field as
 * one entry per item.
 *
 * The CLI's checks are kept (no `objects`, an element without `id`: "Error in pipeline definition: …",
 * exit 252). A part of the wrong JSON type (`objects` not a list, an element not an object), where the
 * CLI fails with a Python exception's words (exit 255), gets a definition error naming the part. Values
 * of the wrong type (a number for a field) are left for the request's validation, as in the CLI.
 */
import { setOwn } from '../../core/own.js';
import { pyJsonDumps } from '../../core/query/python-text.js';
import { pyJsonLoads } from '../history/py-json.js';
import { PyFloat } from '../output/py-values.js';
import { pyCompare } from '../output/keys.js';
import { ArgumentError } from '../usage.js';
import { IsoawsError } from '../../core/errors.js';

export interface ApiField {
  key: string;
  stringValue?: unknown;
  refValue?: unknown;
}
export interface ApiObject {
  id: unknown;
  name: unknown;
  fields: ApiField[];
}
export interface ApiParameter {
  id: unknown;
  attributes: ApiField[];
}
export interface ApiValue {
  id: string;
  stringValue: unknown;
}

type Json = Record<string, unknown>;

/** A definition the CLI refuses: `Error in pipeline definition: <what>` (exit 252). */
export function definitionError(what: string): ArgumentError {
  return new ArgumentError(`Error in pipeline definition: ${what}\n`);
}

/** An inline parameter value the CLI refuses: `Error in parameter: <what>` (exit 252). */
export function parameterError(what: string): ArgumentError {
  return new ArgumentError(`Error in parameter: ${what}\n`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Python's `json.loads`, as the CLI reads a definition: its error (exit 255) placed by line and column,
 * numbers as plain numbers (a request's validation names their Python type).
 */
export function loadJson(text: string): unknown {
  try {
    return plain(pyJsonLoads(text));
  } catch (err) {
    const at = /^(.*) at character (\d+)$/.exec((err as Error).message);
    if (!at) throw err;
    const pos = Number(at[2]);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    throw new IsoawsError(`${at[1]}: line ${line} column ${pos - before.lastIndexOf('\n')} (char ${pos})`);
  }
}

function plain(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isObject(value)) {
    for (const key of Object.keys(value)) setOwn(value, key, plain(value[key]));
  }
  return value;
}

/** The elements of the list under `key`, each an object; none when the definition has no such key. */
function elements(definition: Json, key: string): Json[] | undefined {
  if (!Object.hasOwn(definition, key)) return undefined;
  const list = definition[key];
  if (!Array.isArray(list)) throw definitionError(`"${key}" must be a list of objects`);
  for (const element of list) {
    if (!isObject(element))
      throw definitionError(`Element of "${key}" is not an object: ${pyJsonDumps(element, true)}`);
  }
  return list as Json[];
}

/** One entry per value (per item of a list): a reference as `refValue`, anything else as `stringValue`. */
function fieldsOf(element: Json, skip: readonly string[]): ApiField[] {
  const fields: ApiField[] = [];
  const keys = Object.keys(element)
    .filter((k) => !skip.includes(k))
    .sort(pyCompare);
  for (const key of keys) {
    const value = element[key];
    for (const item of Array.isArray(value) ? value : [value]) {
      const ref = isObject(item) && Object.keys(item).length === 1 && Object.hasOwn(item, 'ref');
      fields.push(ref ? { key, refValue: item.ref } : { key, stringValue: item });
    }
  }
  return fields;
}

/** The definition's `objects` as the API's pipelineObjects. */
export function definitionToObjects(definition: unknown): ApiObject[] {
  const objects = isObject(definition) ? elements(definition, 'objects') : undefined;
  if (!objects) throw definitionError('Missing "objects" key');
  return objects.map((element) => {
    if (!Object.hasOwn(element, 'id'))
      throw definitionError(`Missing "id" key of element: ${pyJsonDumps(element, true)}`);
    const name = Object.hasOwn(element, 'name') ? element.name : element.id;
    return { id: element.id, name, fields: fieldsOf(element, ['id', 'name']) };
  });
}

/** The definition's `parameters` as the API's parameterObjects; undefined when it has none. */
export function definitionToParameters(definition: unknown): ApiParameter[] | undefined {
  const parameters = isObject(definition) ? elements(definition, 'parameters') : undefined;
  return parameters?.map((element) => {
    if (!Object.hasOwn(element, 'id'))
      throw definitionError(`Missing "id" key of parameter: ${pyJsonDumps(element, true)}`);
    return { id: element.id, attributes: fieldsOf(element, ['id']) };
  });
}

/** The definition's `values` as the API's parameterValues; undefined when it has none. */
export function definitionToValues(definition: unknown): ApiValue[] | undefined {
  if (!isObject(definition) || !Object.hasOwn(definition, 'values')) return undefined;
  const values = definition.values;
  if (!isObject(values)) throw definitionError('"values" must be an object');
  return valuesOf(Object.entries(values));
}

/** Parameter values by id, in order: one entry per value (per item of a list). */
function valuesOf(entries: ReadonlyArray<readonly [string, unknown]>): ApiValue[] {
  return entries.flatMap(([id, value]) =>
    (Array.isArray(value) ? value : [value]).map((stringValue) => ({ id, stringValue })),
  );
}

/**
 * `--parameter-values id=value …`: split at the first `=`; an id given again adds a value to the list
 * of its first place.
 */
export function inlineValues(words: readonly string[]): ApiValue[] {
  const byId = new Map<string, string[]>();
  for (const word of words) {
    const at = word.indexOf('=');
    if (at === -1) throw parameterError(`Invalid inline parameter format: ${word}`);
    const id = word.slice(0, at);
    byId.set(id, [...(byId.get(id) ?? []), word.slice(at + 1)]);
  }
  return valuesOf([...byId]);
}

/** Adds a value under `key`: a key seen before collects its values into a list. */
function addValue(target: Json, key: string, value: unknown): void {
  if (!Object.hasOwn(target, key)) setOwn(target, key, value);
  else if (Array.isArray(target[key])) (target[key] as unknown[]).push(value);
  else setOwn(target, key, [target[key], value]);
}

/**
 * GetPipelineDefinition's answer in the file format: pipelineObjects, parameterObjects and
 * parameterValues become `objects`, `parameters` and `values`, after any other member.
 */
export function apiToDefinition(response: Json): Json {
  const { pipelineObjects, parameterObjects, parameterValues, ...rest } = response;
  const out: Json = rest;
  if (pipelineObjects !== undefined) {
    out.objects = (pipelineObjects as ApiObject[]).map((o) => {
      const current: Json = { id: o.id, name: o.name };
      for (const field of o.fields ?? []) {
        const value = Object.hasOwn(field, 'stringValue') ? field.stringValue : { ref: field.refValue };
        addValue(current, field.key, value);
      }
      return current;
    });
  }
  if (parameterObjects !== undefined) {
    out.parameters = (parameterObjects as ApiParameter[]).map((p) => {
      const current: Json = { id: p.id };
      for (const attribute of p.attributes ?? []) addValue(current, attribute.key, attribute.stringValue);
      return current;
    });
  }
  if (parameterValues !== undefined) {
    const values: Json = {};
    for (const v of parameterValues as ApiValue[]) addValue(values, v.id, v.stringValue);
    out.values = values;
  }
  return out;
}
