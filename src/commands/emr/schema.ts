/**
 * The arguments of the CLI's own EMR commands that are described by a JSON schema (`--instance-groups`,
 * `--steps`, `--ec2-attributes`, …): the schema is turned into model shapes, as the CLI's
 * SchemaTransformer does, so that a value is read exactly as an operation's argument is — a `file://`
 * reference loaded, shorthand or JSON, numbers and booleans typed by the schema — and then checked
 * against it as botocore's validate_parameters checks it (`Missing required parameter in [0]: …`).
 */
import type { Host } from '../../core/host.js';
import type { ServiceModel, Shape, ShapeRef } from '../../core/model/types.js';
import { validateParams } from '../../core/validate.js';
import { BOTOCORE_WORDING } from '../../core/validate-botocore.js';
import type { CliArg } from '../../cli/command-args.js';
import { unpackArgument } from '../../cli/param-values.js';

/** The subset of JSON schema the CLI's schemas use. */
export type Schema =
  | { type: 'string' | 'integer' | 'long' | 'boolean' | 'double'; required?: boolean; enum?: string[] }
  | { type: 'object'; properties: Record<string, Schema>; required?: boolean }
  | { type: 'array'; items: Schema; required?: boolean }
  | { type: 'map'; key: Schema; value: Schema; required?: boolean };

/** A schema as a model of its own, whose top shape is `InputShape`. */
export function schemaModel(schema: Schema): { model: ServiceModel; input: ShapeRef } {
  const shapes: Record<string, Shape> = {};
  let count = 0;
  const add = (s: Schema, name = `Shape${++count}`): string => {
    switch (s.type) {
      case 'object': {
        const members: Record<string, ShapeRef> = {};
        for (const [key, member] of Object.entries(s.properties)) members[key] = { shape: add(member) };
        const required = Object.entries(s.properties)
          .filter(([, member]) => member.required)
          .map(([key]) => key);
        shapes[name] = { type: 'structure', members, ...(required.length ? { required } : {}) };
        break;
      }
      case 'array':
        shapes[name] = { type: 'list', member: { shape: add(s.items) } };
        break;
      case 'map':
        shapes[name] = { type: 'map', key: { shape: add(s.key) }, value: { shape: add(s.value) } };
        break;
      default:
        shapes[name] = { type: s.type };
    }
    return name;
  };
  const input = { shape: add(schema, 'InputShape') };
  const model: ServiceModel = {
    metadata: { apiVersion: '', endpointPrefix: '', protocol: 'json' },
    operations: {},
    shapes,
  };
  return { model, input };
}

/**
 * The value of `--name` given as `raw`, read against `schema` and validated: what the CLI's BasicCommand
 * hands its command for an argument with a schema.
 */
export async function readSchemaArg(
  host: Host,
  command: string,
  name: string,
  schema: Schema,
  raw: string | string[],
): Promise<unknown> {
  const { model, input } = schemaModel(schema);
  const arg: CliArg = {
    name,
    kind: 'custom',
    dest: name,
    nargs: 'one',
    required: false,
    shape: model.shapes.InputShape,
  };
  const value = await unpackArgument(arg, raw, { host, model, cliService: 'emr', cliOperation: command });
  validateParams(model, input, value, BOTOCORE_WORDING);
  return value;
}
