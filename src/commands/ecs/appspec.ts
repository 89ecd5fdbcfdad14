/**
 * The CodeDeploy AppSpec of `ecs deploy` (the AWS CLI's ecs/filehelpers.py and CodeDeployer): read as
 * JSON when Python's json.loads takes it, else as YAML the way ruamel's safe loader reads it (YAML 1.2:
 * `yes` stays text); every resource's `properties.taskDefinition` (keys matched in any case) set to the
 * new task definition's ARN; then sent as Python's `json.dumps` text (`, ` and `: `, ASCII escaped,
 * key order kept, `0.0` still a float), since CodeDeploy checks the SHA-256 the CLI sends with it.
 *
 * Values keep what Python keeps: mappings are Maps (order as written), ints bigints, floats numbers.
 */
import { parseDocument } from 'yaml';
import { IsoawsError } from '../../core/errors.js';
import { pyJsonDumps as pyJsonString } from '../../core/query/python-text.js';
import { pyFloatRepr } from '../../cli/output/py-values.js';
import { readPythonJson } from '../cloudformation/template.js';

export type AppSpecValue = string | number | bigint | boolean | null | AppSpecValue[] | AppSpecMap;
export type AppSpecMap = Map<unknown, AppSpecValue>;

/** An AppSpec that lacks a property the command needs, in the CLI's words. */
export class MissingPropertyError extends IsoawsError {
  override name = 'MissingPropertyError';
  constructor(resource: string, property: string) {
    super(`Error: Resource '${resource}' must include property '${property}'`);
  }
}

/** The AppSpec in `text`: JSON first, else YAML; a YAML error is reported with the parser's message. */
export function parseAppSpec(text: string): AppSpecValue {
  const json = readPythonJson(text);
  if (json.ok) return json.value as AppSpecValue;
  const doc = parseDocument(text, { schema: 'core', intAsBigInt: true, merge: true, prettyErrors: false });
  // A tag the safe loader has no constructor for (`!Ref`) is an error there, not a string.
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) throw new IsoawsError(problem.message);
  return doc.toJS({ mapAsMap: true }) as AppSpecValue;
}

/**
 * A copy of the AppSpec whose every resource (`resources: [{<name>: {properties: {taskDefinition}}}]`)
 * names `arn` as its task definition. A part missing is the CLI's MissingPropertyError; as in the CLI,
 * the name it gives for a missing taskDefinition is the properties key's.
 */
export function withTaskDefinition(appspec: AppSpecValue, arn: string): AppSpecValue {
  const root = requireMap(appspec, 'codedeploy-appspec', 'resources');
  const resourcesKey = requiredKey(root, 'codedeploy-appspec', 'resources');
  const resources = root.get(resourcesKey);
  if (!Array.isArray(resources)) throw new IsoawsError(`Error: 'resources' of the appspec must be a list of resources`);
  const updated = resources.map((resource) => {
    if (!(resource instanceof Map)) throw new IsoawsError(`Error: each of the appspec's 'resources' must be a mapping`);
    const copy: AppSpecMap = new Map(resource);
    for (const [name, content] of resource) {
      const label = String(name);
      const body = requireMap(content, label, 'properties');
      const propertiesKey = requiredKey(body, label, 'properties');
      const properties = requireMap(body.get(propertiesKey)!, String(propertiesKey), 'taskDefinition');
      const taskDefKey = requiredKey(properties, String(propertiesKey), 'taskDefinition');
      copy.set(name, new Map(body).set(propertiesKey, new Map(properties).set(taskDefKey, arn)));
    }
    return copy;
  });
  return new Map(root).set(resourcesKey, updated);
}

/** Python's `json.dumps(value)`: default separators, ASCII only, floats in repr. */
export function appSpecJson(value: AppSpecValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return pyFloatRepr(value);
  }
  if (typeof value === 'string') return pyJsonString(value);
  if (Array.isArray(value)) return `[${value.map(appSpecJson).join(', ')}]`;
  return `{${[...value].map(([k, v]) => `${pyJsonString(keyText(k))}: ${appSpecJson(v)}`).join(', ')}}`;
}

/** A mapping key as json.dumps writes it: text as it is, other scalars as their JSON spelling. */
function keyText(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean' || key === null)
    return appSpecJson(key);
  throw new IsoawsError(`keys must be str, int, float, bool or None, not ${Array.isArray(key) ? 'list' : 'dict'}`);
}

/** `value` as a mapping; nothing at all (an empty document, `properties:`) is the missing property. */
function requireMap(value: AppSpecValue, resource: string, property: string): AppSpecMap {
  if (value instanceof Map) return value;
  if (value === null) throw new MissingPropertyError(resource, property);
  throw new IsoawsError(`Error: Resource '${resource}' must be a mapping that includes property '${property}'`);
}

/** The first key that is `key` in any case, as the CLI looks keys up. */
function requiredKey(map: AppSpecMap, resource: string, key: string): unknown {
  const wanted = key.toLowerCase();
  for (const k of map.keys()) if (typeof k === 'string' && k.toLowerCase() === wanted) return k;
  throw new MissingPropertyError(resource, key);
}
