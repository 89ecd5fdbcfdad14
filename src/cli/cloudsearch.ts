/**
 * CloudSearch's flattened arguments (the AWS CLI's cloudsearch.py, over its flatten.py):
 * `define-expression --name N --expression E` fills the Expression structure (the flattened value takes
 * the structure's own argument name and place); `define-index-field` loses `--index-field` for `--name`,
 * `--type` and one option per setting, which go to the options structure of the field's type
 * (`--type int-array` → IntArrayOptions, `latlon` → LatLonOptions). Flattened booleans take a value that
 * is false only when it is `false` in any case; `--default-value` becomes a number for the numeric types.
 */
import { shapeNameOf } from '../core/model/shapes.js';
import type { ServiceBundle } from '../core/model/types.js';
import { customArg, type CliArg, type CommandCustomization } from './command-args.js';
import { pyFloat, pyInt } from './shorthand.js';

/** A member of the container's structure (`IntOptions.DefaultValue` is nested) and its argument's name. */
interface Flattened {
  member: string;
  name: string;
  /** The value is taken as text whatever the member's type (`--default-value`, typed by `--type`). */
  text?: boolean;
}

/** The shape name and shape of a member path under `shapeName`, for the argument's type and help. */
function memberAt(model: ServiceBundle, shapeName: string, path: string): { owner: string; shape: string } {
  const parts = path.split('.');
  let owner = shapeName;
  for (const part of parts.slice(0, -1)) owner = model.shapes[owner]!.members![part]!.shape;
  return { owner, shape: model.shapes[owner]!.members![parts.at(-1)!]!.shape };
}

/**
 * The flattened arguments of `container` (its CLI name and structure shape): each typed and documented
 * by its member, required where the structure requires it; the container's argument removed, or replaced
 * in its place by the one that takes its name.
 */
function flatten(
  custom: CommandCustomization,
  args: CliArg[],
  model: ServiceBundle,
  container: string,
  members: readonly Flattened[],
): void {
  const at = args.findIndex((a) => a.name === container && a.kind === 'member');
  if (at === -1) return;
  const shapeName = shapeNameOf(model, args[at]!.shape)!;
  const required = model.shapes[shapeName]!.required ?? [];
  const made = members.map(({ member, name, text }) => {
    const { owner, shape } = memberAt(model, shapeName, member);
    return customArg(custom, {
      name,
      nargs: 'one',
      required: required.includes(member),
      ...(text ? {} : { shape: model.shapes[shape] }),
      docMember: `${owner}.${member.split('.').at(-1)}`,
    });
  });
  const replacing = made.findIndex((a) => a.name === container);
  if (replacing === -1) args.splice(at, 1);
  else args[at] = made.splice(replacing, 1)[0]!;
  args.push(...made);
}

/** A flattened value as flatten.py converts it by the member's type. */
function typed(arg: CliArg, value: string): unknown {
  switch (arg.shape?.type) {
    case 'boolean':
      return value.toLowerCase() !== 'false';
    case 'integer':
    case 'long':
      return pyInt(value);
    case 'float':
    case 'double':
      return pyFloat(value);
    default:
      return value;
  }
}

const EXPRESSION: readonly Flattened[] = [
  { member: 'ExpressionName', name: 'name' },
  { member: 'ExpressionValue', name: 'expression' },
];

export const defineExpression: CommandCustomization = {
  arguments: (args, model) => flatten(defineExpression, args, model, 'expression', EXPRESSION),
  fill(params, arg, value) {
    const member = EXPRESSION.find((f) => f.name === arg.name)!.member;
    ((params.Expression ??= {}) as Record<string, unknown>)[member] = typed(arg, value as string);
  },
};

/** In the CLI's order: the type comes before the options it decides the structure of. */
const INDEX_FIELD: readonly Flattened[] = [
  { member: 'IndexFieldName', name: 'name' },
  { member: 'IndexFieldType', name: 'type' },
  { member: 'IntOptions.DefaultValue', name: 'default-value', text: true },
  { member: 'IntOptions.FacetEnabled', name: 'facet-enabled' },
  { member: 'IntOptions.SearchEnabled', name: 'search-enabled' },
  { member: 'IntOptions.ReturnEnabled', name: 'return-enabled' },
  { member: 'IntOptions.SortEnabled', name: 'sort-enabled' },
  { member: 'IntOptions.SourceField', name: 'source-field', text: true },
  { member: 'TextOptions.HighlightEnabled', name: 'highlight-enabled' },
  { member: 'TextOptions.AnalysisScheme', name: 'analysis-scheme' },
];

export const defineIndexField: CommandCustomization = {
  arguments: (args, model) => flatten(defineIndexField, args, model, 'index-field', INDEX_FIELD),
  fill(params, arg, value) {
    const field = (params.IndexField ??= {}) as Record<string, unknown>;
    const { member } = INDEX_FIELD.find((f) => f.name === arg.name)!;
    if (!member.includes('.')) {
      field[member] = typed(arg, value as string);
      return;
    }
    // The settings go to the options of the field's type: int-array → IntArrayOptions (latlon → LatLon).
    const type = String(field.IndexFieldType)
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
      .join('')
      .replace(/^Latlon$/, 'LatLon');
    const setting = member.split('.')[1]!;
    const text = value as string;
    const converted =
      setting !== 'DefaultValue'
        ? typed(arg, text)
        : type === 'Int' || type === 'IntArray'
          ? pyInt(text)
          : type === 'Double' || type === 'DoubleArray'
            ? pyFloat(text)
            : text;
    ((field[`${type}Options`] ??= {}) as Record<string, unknown>)[setting] = converted;
  },
};
