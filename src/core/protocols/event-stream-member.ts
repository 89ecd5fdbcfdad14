/**
 * Which output member of an operation is an event stream: the engine asks on every response, so this
 * stays apart from the reader (event-stream-output.ts), which loads only when a stream comes.
 */
import { shapeOf } from '../model/shapes.js';
import type { Operation, ServiceModel, ShapeRef } from '../model/types.js';

export interface EventStreamMember {
  /** The output member that holds the events. */
  name: string;
  ref: ShapeRef;
  /**
   * The output shape, when the stream starts with an `initial-response` message holding the output's
   * other members (the json protocol) rather than being the output's payload (the rest protocols).
   */
  initialResponse?: ShapeRef;
}

/** The answers so far, by operation (a model's operations live as long as the model). */
const found = new WeakMap<Operation, EventStreamMember | null>();

/** The operation's output member that is an event stream, if it has one (botocore's `event_stream_name`). */
export function eventStreamMember(model: ServiceModel, operation: Operation): EventStreamMember | undefined {
  let member = found.get(operation);
  if (member === undefined) {
    member = streamMemberOf(model, operation) ?? null;
    found.set(operation, member);
  }
  return member ?? undefined;
}

function streamMemberOf(model: ServiceModel, operation: Operation): EventStreamMember | undefined {
  if (!operation.output) return undefined;
  const output = shapeOf(model, operation.output);
  for (const [name, ref] of Object.entries(output.members ?? {})) {
    if (shapeOf(model, ref).eventstream)
      return output.payload === name ? { name, ref } : { name, ref, initialResponse: operation.output };
  }
  return undefined;
}
