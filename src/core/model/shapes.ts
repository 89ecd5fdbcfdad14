/**
 * Reading a service model the way every protocol does: a reference's shape and traits (the reference's
 * own winning over its shape's), the operation's idempotency tokens and host prefix, and the modeled
 * exception for a wire error code.
 */
import { ParamValidationError } from '../errors.js';
import type { Operation, ServiceBundle, ServiceModel, Shape, ShapeRef } from './types.js';

/**
 * A serialization trait of a reference, falling back to the target shape's own trait: botocore merges
 * the two, the reference winning (`locationName`, `flattened`, `xmlNamespace`, `timestampFormat`, …).
 */
export function refTrait<K extends keyof ShapeRef>(model: ServiceModel, ref: ShapeRef, key: K): ShapeRef[K] {
  const own = ref[key];
  return own !== undefined ? own : (shapeOf(model, ref) as unknown as ShapeRef)[key];
}

/** The shape a reference points at; a model without it is a broken bundle, not a user error. */
/** The name a shape object has in the model (found by identity), e.g. to look up its documentation. */
export function shapeNameOf(model: ServiceModel, shape: Shape | undefined): string | undefined {
  return Object.keys(model.shapes).find((name) => model.shapes[name] === shape);
}

export function shapeOf(model: ServiceModel, ref: ShapeRef): Shape {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new TypeError(`Model has no shape ${ref.shape}`);
  return shape;
}

/** Fills the top-level `idempotencyToken` members the caller left unset (botocore's generate_idempotent_uuid). */
export function fillIdempotencyTokens(
  model: ServiceModel,
  operation: Operation,
  params: Record<string, unknown>,
  token: () => string,
): Record<string, unknown> {
  if (!operation.input) return params;
  let out = params;
  for (const [name, ref] of Object.entries(shapeOf(model, operation.input).members ?? {})) {
    if (ref.idempotencyToken && out[name] === undefined) {
      if (out === params) out = { ...params };
      out[name] = token();
    }
  }
  return out;
}

/** Expands the operation's `endpoint.hostPrefix` with its `hostLabel` members, checking each label's characters. */
export function expandHostPrefix(
  model: ServiceModel,
  operation: Operation,
  params: Record<string, unknown>,
): string | undefined {
  const template = operation.endpoint?.hostPrefix;
  if (template === undefined) return undefined;
  const members = operation.input ? (shapeOf(model, operation.input).members ?? {}) : {};
  const problems: Array<{ path: string; message: string }> = [];
  const expanded = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    const text = value === undefined || value === null ? '' : String(value);
    if (members[name]?.hostLabel && !/^[A-Za-z0-9.-]+$/.test(text)) {
      problems.push({
        path: name,
        message: `Invalid value for parameter(s): ${name}. Must contain only alphanumeric characters, hyphen, or period.`,
      });
    }
    return text;
  });
  if (problems.length) throw new ParamValidationError(problems);
  return expanded;
}

/**
 * The modeled exception shape for a wire error code: its `error.code` trait, else its name. The
 * operation's own errors are looked at first; botocore searches every exception of the service.
 */
export function findErrorShape(model: ServiceModel, operation: Operation, code: string): ShapeRef | undefined {
  for (const ref of operation.errors ?? []) {
    const shape = model.shapes[ref.shape];
    if (shape && (shape.error?.code ?? ref.shape) === code) return ref;
  }
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.exception && (shape.error?.code ?? name) === code) return { shape: name };
  }
  return undefined;
}

/** Every operation of a model, read whole or in parts (a partly read bundle lists them in `operationNames`). */
export function operationNamesOf(bundle: ServiceBundle): readonly string[] {
  return bundle.operationNames ?? Object.keys(bundle.operations);
}
