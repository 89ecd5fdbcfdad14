/**
 * IAM sends policy documents URL-encoded (RFC 3986). The AWS CLI decodes them and parses the JSON
 * (botocore's json_decode_policies, registered after every IAM call), so json, text and table output and
 * `--query` all see the document itself rather than `%7B%22Version%22…`. A value that does not decode to
 * JSON is left as it came.
 */
import { getOwn, setOwn } from '../core/own.js';
import type { ServiceModel, ShapeRef } from '../core/model/types.js';
import type { CommandCustomization } from './command-args.js';

const POLICY_SHAPE = 'policyDocumentType';

export const policyDocuments: CommandCustomization = {
  async output(_values, { model, operation }) {
    const ref = operation.output;
    return ref && (async (output) => decode(model, ref, output) as Record<string, unknown>);
  },
};

/** One policy document as IAM sends it (URL-encoded JSON), parsed; text that is not JSON as it came. */
export function decodePolicyDocument(text: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    return text;
  }
}

function decode(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (ref.shape === POLICY_SHAPE && typeof value === 'string') return decodePolicyDocument(value);
  const shape = getOwn(model.shapes, ref.shape);
  if (!shape) return value;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [name, member] of Object.entries(shape.members ?? {}))
        if (Object.hasOwn(out, name)) out[name] = decode(model, member, out[name]);
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => decode(model, shape.member!, item));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        setOwn(out, k, decode(model, shape.value!, v));
      return out;
    }
    default:
      return value;
  }
}
