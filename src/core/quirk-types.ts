/**
 * The shape of a quirk (quirks.ts: per-service and per-operation behaviour that the models cannot
 * express): the steps of a call it may take part in, and what each step is given.
 */
import type { HttpBody, Sha256Constructor } from './host.js';
import type { Operation, ServiceModel } from './model/types.js';

export interface QuirkContext {
  service: string;
  model: ServiceModel;
  operation: Operation;
  apiVersion: string;
  /** Values a quirk hands from its input step to its output step (e.g. "we set EncodingType"). */
  notes: Record<string, unknown>;
  /** The host's native SHA-256, for quirks that hash bodies (Glacier). */
  sha256?: Sha256Constructor;
}

/** A request as built, before its headers are completed and it is signed. */
export interface QuirkRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Quirk {
  /** Rewrites an operation of the bundle once, when the service is loaded. */
  operation?(op: Operation): Operation;
  /** Adjusts input params before validation (defaults, encodings). Must not mutate `params`. */
  input?(
    params: Record<string, unknown>,
    ctx: QuirkContext,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Reshapes the request as built (method, URL, body), before anything else is added. Must not mutate. */
  request?(req: QuirkRequest): QuirkRequest;
  /** Adds headers before signing. */
  headers?(headers: Record<string, string>, ctx: QuirkContext): void;
  /** Adds headers computed from the request body, before signing (Glacier's checksums). */
  payload?(headers: Record<string, string>, body: HttpBody | undefined, ctx: QuirkContext): Promise<void>;
  /** Adjusts the response's headers before they are parsed (lower-cased names). Must not mutate `headers`. */
  responseHeaders?(headers: Record<string, string>, ctx: QuirkContext): Record<string, string>;
  /**
   * Adds to the request what only a signature can make (botocore's presigning before-call handlers: a
   * cross-region copy's PreSignedUrl). Not run while a URL is presigned, which it would recurse into.
   */
  signed?(req: QuirkRequest, presigner: Presigner): Promise<QuirkRequest>;
  /** Adjusts the parsed output. */
  output?(output: Record<string, unknown>, ctx: QuirkContext, rawBody: Uint8Array | undefined): Record<string, unknown>;
}

/** What a quirk may sign with: the client's signing region and its presigner. */
export interface Presigner {
  /** The region the request goes to (the client's). */
  region: string;
  /** A URL for `req` (its form body carried in the query) presigned for `region`, valid for an hour. */
  presign(req: QuirkRequest, region: string): Promise<string>;
}
