/**
 * The contract every wire protocol module implements (house style 2): pure functions over plain data.
 * `serialize` turns validated params into request parts; `parse` turns a buffered (or, for a streaming
 * payload, unbuffered) response into an output or a parsed error. Endpoint resolution, signing and the
 * transport are not a protocol's business.
 */
import type { Operation, ServiceModel, ShapeRef } from '../model/types.js';

export interface SerializeInput {
  model: ServiceModel;
  operation: Operation;
  params: Record<string, unknown>;
  /** Fills members marked `idempotencyToken` that the caller left unset (a UUID v4 in production). */
  idempotencyToken: () => string;
}

export interface SerializedRequest {
  method: string;
  /** Path with URI labels expanded and percent-encoded, starting with `/`, without the query. */
  path: string;
  /** Query string parameters in order; a `null` value renders as a bare key (`?foo`). */
  query: Array<[string, string | null]>;
  headers: Record<string, string>;
  /** Request body; a streaming payload member is passed through unchanged (bytes, Blob or async iterable). */
  body: Uint8Array | string | unknown;
  /** Expanded `endpoint.hostPrefix` of the operation (e.g. `foo.bar.`), prepended to the endpoint host. */
  hostPrefix?: string;
}

export interface ProtocolResponse {
  statusCode: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The whole body, or the unread stream when the output's payload member is `streaming` or an event stream. */
  body: Uint8Array | AsyncIterable<Uint8Array>;
}

export interface ParseInput {
  model: ServiceModel;
  operation: Operation;
  response: ProtocolResponse;
  /** How the output's timestamps are read; without it they become Dates. */
  readTimestamp?: TimestampReader;
}

/**
 * Reads a timestamp from its wire value, as botocore's `timestamp_parser` does: the text of an XML
 * element or a header, a JSON or CBOR string or number, an event header's milliseconds over 1000.
 * `float` says the number was written as a float (`1.7E9`, `1700000000.0`, any event header), which a
 * JavaScript number cannot tell once it is whole but a Python one prints (`1700000000.0`); it is false
 * for text and for numbers written as integers.
 */
export type TimestampReader = (wire: string | number, float: boolean) => unknown;

export interface ParsedError {
  code: string;
  message: string;
  requestId?: string;
  /** Members of the modeled error shape (when the code matches one), parsed like an output. */
  data: Record<string, unknown>;
}

/** Reads `ref`'s value from an event's payload in the protocol's body format (XML, JSON). */
export type EventPayloadReader = (
  model: ServiceModel,
  ref: ShapeRef,
  payload: Uint8Array,
  readTimestamp?: TimestampReader,
) => unknown;

export type ParseResult = { kind: 'output'; output: Record<string, unknown> } | { kind: 'error'; error: ParsedError };

export interface Protocol {
  serialize(input: SerializeInput): SerializedRequest;
  /**
   * Decides success or error (status code, and S3's 200-with-`<Error>` responses) and parses accordingly.
   * Throws `ResponseParseError` for a body that is not valid for the protocol.
   */
  parse(input: ParseInput): ParseResult;
  /**
   * How an event's payload is read, for the protocols whose services send event streams: the value of a
   * shape in the body format (XML, JSON). The events themselves are read by event-stream-output.ts.
   */
  readEventPayload?: EventPayloadReader;
}
