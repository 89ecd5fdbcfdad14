/**
 * `--generate-cli-skeleton`: a sample of an operation's input (or output) as botocore's ArgumentGenerator
 * builds it — empty strings (an enum's first value), 0, 0.0, true, the epoch for timestamps, null for
 * blobs, one element per list, `KeyName` per map, and a recursive structure expanded once.
 */
import type { ServiceModel, Shape } from '../core/model/types.js';
import { PyFloat } from './output/py-values.js';

export interface SkeletonOptions {
  /** Strings show their member name instead of '' (the output skeleton). */
  memberNames?: boolean;
}

export function generateSkeleton(model: ServiceModel, shapeName: string, opts: SkeletonOptions = {}): unknown {
  return generate(model, shapeName, [], '', opts);
}

function generate(model: ServiceModel, shapeName: string, stack: string[], name: string, opts: SkeletonOptions): unknown {
  const shape: Shape = model.shapes[shapeName]!;
  stack.push(shapeName);
  try {
    switch (shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        if (stack.filter((s) => s === shapeName).length > 1) return out;
        for (const [member, ref] of Object.entries(shape.members ?? {})) out[member] = generate(model, ref.shape, stack, member, opts);
        return out;
      }
      case 'list':
        return [generate(model, shape.member!.shape, stack, opts.memberNames ? shape.member!.shape : '', opts)];
      case 'map':
        return { KeyName: generate(model, shape.value!.shape, stack, '', opts) };
      case 'string':
        if (opts.memberNames) return name;
        return shape.enum?.[0] ?? '';
      case 'integer': case 'long': return 0;
      case 'float': case 'double': return new PyFloat(0);
      case 'boolean': return true;
      case 'timestamp': return '1970-01-01T00:00:00';
      default: return null;
    }
  } finally {
    stack.pop();
  }
}
