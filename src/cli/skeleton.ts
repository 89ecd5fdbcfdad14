/**
 * `--generate-cli-skeleton`: a sample of an operation's input (or output) as botocore's ArgumentGenerator
 * builds it — empty strings (an enum's first value), 0, 0.0, true, the epoch for timestamps, null for
 * blobs, one element per list, `KeyName` per map, and a recursive structure expanded once.
 */
import type { ServiceDocs } from '../core/host.js';
import type { ServiceModel, Shape } from '../core/model/types.js';
import { PyFloat } from './output/py-values.js';
import { formatYaml } from './output/yaml.js';

export interface SkeletonOptions {
  /** Strings show their member name instead of '' (the output skeleton). */
  memberNames?: boolean;
}

export function generateSkeleton(model: ServiceModel, shapeName: string, opts: SkeletonOptions = {}): unknown {
  return generate(model, shapeName, [], '', opts);
}

function generate(
  model: ServiceModel,
  shapeName: string,
  stack: string[],
  name: string,
  opts: SkeletonOptions,
): unknown {
  const shape: Shape = model.shapes[shapeName]!;
  stack.push(shapeName);
  try {
    switch (shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        if (stack.filter((s) => s === shapeName).length > 1) return out;
        for (const [member, ref] of Object.entries(shape.members ?? {}))
          out[member] = generate(model, ref.shape, stack, member, opts);
        return out;
      }
      case 'list':
        return [generate(model, shape.member!.shape, stack, opts.memberNames ? shape.member!.shape : '', opts)];
      case 'map':
        return { KeyName: generate(model, shape.value!.shape, stack, '', opts) };
      case 'string':
        if (opts.memberNames) return name;
        return shape.enum?.[0] ?? '';
      case 'integer':
      case 'long':
        return 0;
      case 'float':
      case 'double':
        return new PyFloat(0);
      case 'boolean':
        return true;
      case 'timestamp':
        return '1970-01-01T00:00:00';
      default:
        return null;
    }
  } finally {
    stack.pop();
  }
}

/**
 * `--generate-cli-skeleton yaml-input`: the input sample as YAML in model order, each structure member
 * followed by a comment as the CLI writes it — `[REQUIRED]`, the first sentence of its documentation,
 * and the valid values of an enum. Blobs are `!!binary ''`.
 */
export function yamlInputSkeleton(model: ServiceModel, docs: ServiceDocs | undefined, shapeName: string): string {
  const lines: string[] = [];
  const root = model.shapes[shapeName]!;
  if (root.type !== 'structure' || !Object.keys(root.members ?? {}).length) return '{}\n';
  yamlStructure(model, docs, shapeName, 0, [shapeName], lines, '');
  return `${lines.join('\n')}\n`;
}

type YamlLines = string[];

/** Members of a structure, the first on the current line after `lead` (a list item's dash), the rest indented. */
function yamlStructure(
  model: ServiceModel,
  docs: ServiceDocs | undefined,
  shapeName: string,
  indent: number,
  stack: string[],
  lines: YamlLines,
  lead: string,
): void {
  const shape = model.shapes[shapeName]!;
  const required = new Set(shape.required ?? []);
  Object.entries(shape.members ?? {}).forEach(([name, ref], i) => {
    const target = model.shapes[ref.shape]!;
    const prefix = i === 0 ? lead : ' '.repeat(indent);
    const comment = memberComment(docs, shapeName, name, ref.shape, target, required.has(name));
    const key = yamlScalar(name);
    const nested = stack.filter((s) => s === ref.shape).length >= 1 && target.type === 'structure';
    if (target.type === 'structure' && !nested && Object.keys(target.members ?? {}).length) {
      lines.push(`${prefix}${key}:${comment ? ` ${comment}` : ''}`);
      yamlStructure(model, docs, ref.shape, indent + 2, [...stack, ref.shape], lines, ' '.repeat(indent + 2));
    } else if (target.type === 'list' || target.type === 'map' || target.type === 'structure') {
      const value = yamlCollection(model, docs, target, indent, stack);
      if (value.inline) lines.push(`${prefix}${key}: ${value.inline}${comment ? ` ${comment}` : ''}`);
      else lines.push(`${prefix}${key}:${comment ? ` ${comment}` : ''}`, ...value.lines);
    } else {
      lines.push(`${prefix}${key}: ${yamlLeaf(target)}${comment ? `${i === 0 ? '  ' : ' '}${comment}` : ''}`);
    }
  });
}

/** A list or map value; the structures inside still carry their members' comments. */
function yamlCollection(
  model: ServiceModel,
  docs: ServiceDocs | undefined,
  shape: Shape,
  indent: number,
  stack: string[],
): { inline?: string; lines: string[] } {
  const pad = ' '.repeat(indent);
  if (shape.type === 'structure') return { inline: '{}', lines: [] };
  if (shape.type === 'list') {
    const memberName = shape.member!.shape;
    const member = model.shapes[memberName]!;
    if (member.type === 'structure') {
      if (stack.includes(memberName) || !Object.keys(member.members ?? {}).length) return { lines: [`${pad}- {}`] };
      const lines: string[] = [];
      yamlStructure(model, docs, memberName, indent + 2, [...stack, memberName], lines, `${pad}- `);
      return { lines };
    }
    if (member.type === 'list' || member.type === 'map') {
      const inner = yamlCollection(model, docs, member, indent + 2, [...stack, memberName]);
      return {
        lines: inner.inline
          ? [`${pad}- ${inner.inline}`]
          : [`${pad}-${inner.lines[0]!.slice(indent + 1)}`, ...inner.lines.slice(1)],
      };
    }
    return { lines: [`${pad}- ${yamlLeaf(member)}`] };
  }
  const valueName = shape.value!.shape;
  const value = model.shapes[valueName]!;
  const keyPad = ' '.repeat(indent + 2);
  if (value.type === 'structure') {
    if (stack.filter((s) => s === valueName).length >= 1 || !Object.keys(value.members ?? {}).length)
      return { lines: [`${keyPad}KeyName: {}`] };
    const lines = [`${keyPad}KeyName:`];
    yamlStructure(model, docs, valueName, indent + 4, [...stack, valueName], lines, ' '.repeat(indent + 4));
    return { lines };
  }
  if (value.type === 'list' || value.type === 'map') {
    const inner = yamlCollection(model, docs, value, indent + 2, [...stack, valueName]);
    return { lines: inner.inline ? [`${keyPad}KeyName: ${inner.inline}`] : [`${keyPad}KeyName:`, ...inner.lines] };
  }
  return { lines: [`${keyPad}KeyName: ${yamlLeaf(value)}`] };
}

function yamlLeaf(shape: Shape): string {
  switch (shape.type) {
    case 'string':
      return shape.enum?.[0] !== undefined ? yamlScalar(shape.enum[0]) : "''";
    case 'integer':
    case 'long':
      return '0';
    case 'float':
    case 'double':
      return '0.0';
    case 'boolean':
      return 'true';
    case 'timestamp':
      return '1970-01-01 00:00:00';
    case 'blob':
      return "!!binary ''";
    default:
      return 'null';
  }
}

/** A key or string the way YAML needs it: plain when it reads back as the same string, else single-quoted. */
function yamlScalar(text: string): string {
  return formatYaml({ [text]: 0 })
    .slice(0, -4)
    .trimEnd()
    .replace(/:$/, '');
}

function memberComment(
  docs: ServiceDocs | undefined,
  shapeName: string,
  member: string,
  targetName: string,
  target: Shape,
  required: boolean,
): string {
  const parts: string[] = [];
  if (required) parts.push('[REQUIRED]');
  const doc = docs?.members[`${shapeName}.${member}`] ?? docs?.shapes[targetName] ?? '';
  // The CLI takes the text of the HTML documentation: the bundled plain text's list markers are not in it.
  const first = doc
    .replace(/^- /gm, '')
    .split(/[.:]+/, 1)[0]!
    .replace(/[\n\u2028]/g, ' ');
  if (first) parts.push(`${first}.`);
  if (target.enum) parts.push(`Valid values are: ${target.enum.join(', ')}.`);
  const comment = parts.join(' ');
  return comment.trim() ? `# ${comment}` : '';
}
