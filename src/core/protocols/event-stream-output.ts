/**
 * An output whose member is an event stream (S3 SelectObjectContent's `Payload`, Lambda's
 * InvokeWithResponseStream, Bedrock's ConverseStream, CloudWatch Logs' StartLiveTail): the response body's
 * messages (event-stream.ts) read into events as the model's event shapes say, following botocore's
 * EventStream and BaseEventStreamParser.
 *
 * Each event is an object with one key, the event's member name in the stream shape
 * (`{ Records: { Payload } }`, `{ End: {} }`): its `eventheader` members come from the message's headers
 * (a timestamp header is milliseconds), its `eventpayload` member is the payload (a blob as bytes, a
 * string as text, a structure read in the protocol's body format), and without one the payload is the
 * event's members. A message whose `:event-type` the model does not name is skipped, as botocore skips
 * it. A `:message-type` of `error` or `exception` ends the stream with the service's error: a modeled
 * exception (`:exception-type`, a member of the stream shape) read from the payload, else
 * `:error-code` and `:error-message`. `:content-type` chooses nothing: the model does, as in botocore.
 *
 * The rest protocols make the stream the output's payload; the json protocol sends the output's other
 * members first, as a message of type `initial-response`.
 */
import { EventStreamDecodeError, IsoawsError } from '../errors.js';
import { shapeOf } from '../model/shapes.js';
import type { ServiceModel, Shape, ShapeRef } from '../model/types.js';
import type { EventStreamMember } from './event-stream-member.js';
import { readMessages, type EventStreamMessage, type HeaderValue } from './event-stream.js';
import { utf8Decode } from './shared.js';
import type { EventPayloadReader, ParsedError, TimestampReader } from './types.js';

/**
 * What reading events needs besides the body: the model, the protocol's payload reader, and the error
 * to throw for an error message (the engine's ServiceError, which knows the service and the request).
 */
export interface EventStreamContext {
  model: ServiceModel;
  readPayload: EventPayloadReader;
  errorOf: (error: ParsedError) => Error;
  /** How the events' timestamps are read (ParseInput's); Dates without it. */
  readTimestamp?: TimestampReader;
}

/**
 * `output` with `member` set to the events of `body`, an async iterable read only as the caller iterates
 * it (breaking off, or calling its `return()`, closes the body). For a stream that starts with an
 * `initial-response`, that message is read first and its members join the output.
 */
export async function withEventStream(
  member: EventStreamMember,
  output: Record<string, unknown>,
  body: AsyncIterable<Uint8Array>,
  ctx: EventStreamContext,
): Promise<Record<string, unknown>> {
  const source = body[Symbol.asyncIterator]();
  const messages = readMessages({ [Symbol.asyncIterator]: () => source });
  if (!member.initialResponse)
    return { ...output, [member.name]: closingBody(readEvents(member.ref, messages, 1, ctx), source) };
  let initial: unknown;
  try {
    const first = await messages.next();
    const message = first.done ? undefined : first.value;
    // An error in its place is the service's answer, which says more than botocore's NoInitialResponseError.
    if (message && isError(message)) throw ctx.errorOf(errorOf(member.ref, message, 1, ctx));
    if (message?.headers[':event-type'] !== 'initial-response')
      throw new EventStreamDecodeError('First event was not of type initial-response (event stream message 1)');
    initial = readPayload(member.initialResponse, message.payload, 'initial-response', 1, ctx);
  } catch (err) {
    await messages.return(undefined);
    throw err;
  }
  return {
    ...output,
    ...(initial as Record<string, unknown>),
    [member.name]: closingBody(readEvents(member.ref, messages, 2, ctx), source),
  };
}

/**
 * The events as the caller gets them, whose `return()` (a `break`, or giving up before the first event)
 * also closes the response body: a generator not yet started would close nothing.
 */
function closingBody<T>(events: AsyncGenerator<T>, source: AsyncIterator<Uint8Array>): AsyncIterableIterator<T> {
  return {
    next: () => events.next(),
    throw: (err: unknown) => events.throw(err),
    async return(value?: unknown) {
      try {
        return await events.return(value as T);
      } finally {
        await source.return?.();
      }
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The events of `messages`, numbered from `index` for error messages. */
async function* readEvents(
  streamRef: ShapeRef,
  messages: AsyncIterable<EventStreamMessage>,
  index: number,
  ctx: EventStreamContext,
): AsyncGenerator<Record<string, unknown>> {
  const stream = shapeOf(ctx.model, streamRef);
  for await (const message of messages) {
    if (isError(message)) throw ctx.errorOf(errorOf(streamRef, message, index, ctx));
    const type = message.headers[':event-type'];
    if (typeof type === 'string' && Object.hasOwn(stream.members ?? {}, type))
      yield { [type]: readEvent(stream.members![type]!, message, type, index, ctx) };
    index++;
  }
}

function isError(message: EventStreamMessage): boolean {
  const type = message.headers[':message-type'];
  return type === 'error' || type === 'exception';
}

/** botocore's BaseEventStreamParser._do_parse for one event shape: header members, then the payload. */
function readEvent(
  ref: ShapeRef,
  message: EventStreamMessage,
  type: string,
  index: number,
  ctx: EventStreamContext,
): Record<string, unknown> {
  const shape = shapeOf(ctx.model, ref);
  const members = Object.entries(shape.members ?? {});
  const event: Record<string, unknown> = {};
  for (const [name, member] of members) {
    if (member.eventheader && Object.hasOwn(message.headers, name))
      event[name] = headerMember(shapeOf(ctx.model, member), message.headers[name]!, ctx.readTimestamp);
  }
  if (!shape.event) return event;
  const payloadMember = members.find(([, member]) => member.eventpayload);
  if (!payloadMember) {
    Object.assign(event, readPayload(ref, message.payload, type, index, ctx));
    return event;
  }
  const [name, member] = payloadMember;
  const kind = shapeOf(ctx.model, member).type;
  event[name] =
    kind === 'blob'
      ? message.payload
      : kind === 'string'
        ? utf8Decode(message.payload)
        : readPayload(member, message.payload, type, index, ctx);
  return event;
}

/**
 * A header's value as its member's shape has it: timestamps from milliseconds, longs as numbers. A
 * timestamp reader is given seconds, a float, as botocore divides the milliseconds by 1000.0.
 */
function headerMember(shape: Shape, value: HeaderValue, readTimestamp: TimestampReader | undefined): unknown {
  if (shape.type === 'timestamp') {
    const ms = value instanceof Date ? value.getTime() : Number(value);
    return readTimestamp === undefined ? new Date(ms) : readTimestamp(ms / 1000, true);
  }
  return typeof value === 'bigint' ? Number(value) : value;
}

/** botocore's BaseEventStreamParser._do_error_parse. */
function errorOf(
  streamRef: ShapeRef,
  message: EventStreamMessage,
  index: number,
  ctx: EventStreamContext,
): ParsedError {
  const { headers } = message;
  const text = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : '');
  const exception = headers[':exception-type'];
  const members = shapeOf(ctx.model, streamRef).members ?? {};
  if (typeof exception === 'string' && Object.hasOwn(members, exception)) {
    const data = readPayload(members[exception]!, message.payload, exception, index, ctx) as Record<string, unknown>;
    return { code: exception, message: String(data.Message ?? data.message ?? ''), data };
  }
  return { code: text(':error-code'), message: text(':error-message'), data: {} };
}

/** The protocol's reading of a payload; a payload it cannot read names the event it belongs to. */
function readPayload(
  ref: ShapeRef,
  payload: Uint8Array,
  type: string,
  index: number,
  ctx: EventStreamContext,
): unknown {
  try {
    return ctx.readPayload(ctx.model, ref, payload, ctx.readTimestamp);
  } catch (err) {
    if (err instanceof IsoawsError) throw err;
    throw new EventStreamDecodeError(
      `The payload of the ${type} event could not be read: ${(err as Error).message} (event stream message ${index})`,
      { cause: err },
    );
  }
}
