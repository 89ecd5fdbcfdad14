/**
 * The embedded AWS: `send` takes an HTTP request exactly as the engine would put it on the network
 * (serialized, signed, possibly aws-chunked) and answers as the service would. It reads the request by
 * the service's model, checks the signature, hands plain parameters to the service's handler, and writes
 * the output or error in the protocol's wire form. A Host whose `send` is this one talks to the sandbox;
 * nothing above the Host can tell.
 */
import type { HttpRequest, HttpResponse, ModelSource, SendOptions, Sha256Constructor } from '../core/host.js';
import type { Operation, ServiceBundle, ServiceIndexEntry } from '../core/model/types.js';
import { selectProtocol, type ProtocolName } from '../core/protocols/index.js';
import { validateParams } from '../core/validate.js';
import { BOTOCORE_WORDING } from '../core/validate-botocore.js';
import { AbortedError, ParamValidationError } from '../core/errors.js';
import { chunkVerifier, readAuthorization, verify, type ChunkVerifier } from './auth.js';
import { chunksOf, checkedSha256, dechunk, readAll, sha256Hex } from './wire/body.js';
import { writeError } from './wire/errors.js';
import { readInput, routeByHead, routeQuery, writeOutput, type Routed } from './wire/codec.js';
import type { WireReply, WireRequest } from './wire/types.js';
import {
  DEFAULT_SETTINGS,
  randomId,
  randomUuid,
  SandboxError,
  type SandboxCall,
  type SandboxSettings,
  type ServiceHandlers,
} from './service.js';
import { SandboxStateError, type SandboxStore } from './store.js';

export interface SandboxOptions {
  store: SandboxStore;
  models: ModelSource;
  now(): Date;
  random(): number;
  /** A native SHA-256 for checking signatures (the Host's); the portable one otherwise. */
  sha256?: Sha256Constructor;
  settings?: Partial<SandboxSettings>;
}

export interface Sandbox {
  send(req: HttpRequest, opts?: SendOptions): Promise<HttpResponse>;
  readonly store: SandboxStore;
}

/** The services simulated, by model name; each loads on its first request. */
const SERVICES: Readonly<Record<string, () => Promise<ServiceHandlers>>> = {
  dynamodb: async () => (await import('./services/dynamodb/index.js')).handlers,
  ec2: async () => (await import('./services/ec2/index.js')).handlers,
  glacier: async () => (await import('./services/glacier.js')).handlers,
  iam: async () => (await import('./services/iam.js')).handlers,
  s3: async () => (await import('./services/s3/index.js')).handlers,
  sns: async () => (await import('./services/sns.js')).handlers,
  sqs: async () => (await import('./services/sqs/index.js')).handlers,
  sts: async () => (await import('./services/sts.js')).handlers,
};

/** Names the simulated services, for `isoaws sandbox status` and the messages of the ones that are not. */
export const SIMULATED_SERVICES = Object.keys(SERVICES);

/** Bodies of operations without a streaming payload are read whole, up to this size (S3's largest XML is far smaller). */
const BODY_LIMIT = 64 * 1024 * 1024;

export function createSandbox(options: SandboxOptions): Sandbox {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const { store } = options;
  let index: Promise<ServiceIndexEntry[]> | undefined;
  const bundles = new Map<string, Promise<ServiceBundle>>();
  const handlers = new Map<string, Promise<ServiceHandlers>>();

  /**
   * One request, in AWS's order: find the service, take in the body (streamed or whole, its payload hash
   * checked), check the signature, route to the operation, read and validate its input, run the handler,
   * and write the answer. Every refusal on the way is the service's error in its wire form.
   */
  async function send(req: HttpRequest, opts: SendOptions = {}): Promise<HttpResponse> {
    // A cancelled call fails as it would on a network transport, before or after the handler has run.
    if (opts.signal?.aborted) throw new AbortedError();
    const wire = wireOf(req);
    const now = options.now();
    let target: Target | undefined;
    let requestId = randomUuid(options.random);
    try {
      const auth = readAuthorization(wire.headers, wire.query);
      target = await locate(auth?.service, wire.host);
      if (target.s3) requestId = randomId(options.random, 16, '0123456789ABCDEF');
      if (!auth) {
        throw target.s3
          ? new SandboxError('AccessDenied', 'Access Denied', 403)
          : new SandboxError('MissingAuthenticationToken', 'Missing Authentication Token', 403);
      }
      if (target.s3) wire.path = virtualHostedPath(wire.host, wire.path);
      const { routed, payloadHash, trailers, chunks } = await receive(target, req, wire, auth.expires !== undefined);
      const { caller, secretAccessKey } = await verify(store, {
        auth,
        method: wire.method,
        url: req.url,
        headers: wire.headers,
        payloadHash,
        now,
        s3: target.s3,
        ...(options.sha256 ? { sha256: options.sha256 } : {}),
      });
      if (payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-'))
        chunks.verifier = await chunkVerifier(auth, secretAccessKey, options.sha256);
      const operation = route(target, wire, routed);
      const input = readInput(target.model, target.protocol, operation, wire);
      checkInput(target.model, operation.operation, input, target.protocol);
      const call: SandboxCall = {
        service: target.entry.name,
        operation: operation.operation.name,
        input,
        region: auth.region,
        caller,
        now,
        requestId,
        store,
        random: options.random,
        headers: wire.headers,
        trailers,
        settings,
        ...(opts.signal ? { signal: opts.signal } : {}),
        reply: { headers: {} },
      };
      const output = await (await handlerFor(target, operation.operation))(call);
      if (opts.signal?.aborted) throw new AbortedError();
      const reply = writeOutput(target.model, target.protocol, operation.operation, output, requestId);
      if (call.reply.statusCode !== undefined) reply.statusCode = call.reply.statusCode;
      Object.assign(reply.headers, call.reply.headers);
      return toResponse(reply, requestId, target.s3);
    } catch (e) {
      if (e instanceof SandboxStateError || e instanceof AbortedError) throw e;
      const reply = writeError(
        target?.protocol ?? 'rest-xml',
        target?.model,
        asSandboxError(e),
        requestId,
        wire.method,
      );
      return toResponse(reply, requestId, target?.s3 ?? false);
    }
  }

  /** The service a request is for: its credential scope's signing name, else its host. */
  async function locate(signingName: string | undefined, host: string): Promise<Target> {
    const entries = await (index ??= options.models.index());
    const name = signingName ?? (isS3Host(host) ? 's3' : host.split('.')[0]);
    const entry =
      entries.find((e) => e.name === name) ??
      entries.find((e) => e.signingName === name) ??
      entries.find((e) => e.endpointPrefix === name);
    if (!entry) throw new SandboxError('NotImplemented', `The sandbox does not know the service at ${host}.`, 501);
    const model = await cached(bundles, entry.name, () => options.models.load(entry.name));
    return { entry, model, protocol: selectProtocol(model.metadata), s3: entry.name === 's3' };
  }

  /**
   * Takes in the body: a streaming payload is passed on as a stream (aws-chunked framing removed, its
   * stated SHA-256 checked as it goes by), any other body is read whole and hashed. Resolves to the
   * payload hash the signature is checked with: S3 signs the one it is sent (every request carries
   * it), the other services the body's own, whatever a header claims.
   */
  async function receive(
    target: Target,
    req: HttpRequest,
    wire: WireRequest,
    presigned: boolean,
  ): Promise<{ routed: Routed | undefined; payloadHash: string; trailers: Record<string, string>; chunks: Chunks }> {
    const trailers: Record<string, string> = {};
    const chunks: Chunks = {};
    const claimed = wire.headers['x-amz-content-sha256'];
    if (target.s3 && claimed === undefined && !presigned)
      throw new SandboxError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
    const stated = presigned && target.s3 ? 'UNSIGNED-PAYLOAD' : claimed;
    const hex = stated !== undefined && /^[0-9a-f]{64}$/.test(stated);
    const routed = routeByHead(target.model, target.protocol, wire);
    if (routed && hasStreamingPayload(target.model, routed.operation)) {
      let stream = chunksOf(req.body);
      if (/aws-chunked/.test(wire.headers['content-encoding'] ?? '') || stated?.startsWith('STREAMING-'))
        stream = dechunk(stream, trailers, () => chunks.verifier);
      if (hex)
        stream = checkedSha256(stream, stated, (computed) => contentShaMismatch(stated, computed), options.sha256);
      wire.stream = stream;
      return { routed, payloadHash: stated ?? 'UNSIGNED-PAYLOAD', trailers, chunks };
    }
    wire.body = await readAll(chunksOf(req.body), BODY_LIMIT);
    if (stated !== undefined && !hex) return { routed, payloadHash: stated, trailers, chunks };
    const bodyHash = await sha256Hex(wire.body, options.sha256);
    if (target.s3 && stated !== undefined && stated !== bodyHash) throw contentShaMismatch(stated, bodyHash);
    return { routed, payloadHash: target.s3 ? stated! : bodyHash, trailers, chunks };
  }

  async function handlerFor(target: Target, operation: Operation) {
    const loader = SERVICES[target.entry.name];
    const table = loader ? await cached(handlers, target.entry.name, loader) : undefined;
    const handler = table && Object.hasOwn(table, operation.name) ? table[operation.name] : undefined;
    if (!handler) throw notSimulated(target.entry, operation, Boolean(table));
    return handler;
  }

  return { send, store };
}

/** A signed stream's chunk verifier, set once the request's own signature has passed. */
interface Chunks {
  verifier?: ChunkVerifier;
}

/** The service a request is for, with its model and wire protocol. */
interface Target {
  entry: ServiceIndexEntry;
  model: ServiceBundle;
  protocol: ProtocolName;
  s3: boolean;
}

/** The request's operation: found from its head already, or (query protocols) from `Action` in its body. */
function route(target: Target, wire: WireRequest, routed: Routed | undefined): Routed {
  if (target.protocol === 'query' || target.protocol === 'ec2') return routeQuery(target.model, wire);
  if (routed) return routed;
  throw target.s3
    ? new SandboxError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
        Method: wire.method,
        ResourceType: wire.path.split('/').length > 2 ? 'OBJECT' : 'BUCKET',
      })
    : new SandboxError(
        'UnknownOperationException',
        `The sandbox found no ${target.entry.name} operation for ${wire.method} ${wire.path}.`,
        404,
      );
}

/** The request taken apart: lower-cased headers, the query decoded, the body still to be taken in. */
function wireOf(req: HttpRequest): WireRequest {
  const url = splitUrl(req.url);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  return {
    method: req.method.toUpperCase(),
    host: url.host,
    path: url.path || '/',
    query: decodeQuery(url.query),
    headers,
    body: new Uint8Array(0),
  };
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
  }
  return value;
}

/** The model's own constraints, checked as the service checks them before doing anything. */
function checkInput(
  model: ServiceBundle,
  operation: Operation,
  input: Record<string, unknown>,
  protocol: ProtocolName,
) {
  try {
    // A streaming body is a stream here, where validation expects bytes: it is the handler's to read.
    validateParams(model, operation.input, withoutStreams(input), BOTOCORE_WORDING);
  } catch (e) {
    if (!(e instanceof ParamValidationError)) throw e;
    const detail = e.problems.map((p) => p.message).join('; ');
    if (protocol === 'query' || protocol === 'ec2') throw new SandboxError('ValidationError', detail, 400);
    if (protocol === 'rest-xml') throw new SandboxError('InvalidRequest', detail, 400);
    throw new SandboxError('ValidationException', detail, 400);
  }
}

function withoutStreams(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input))
    if (!(v && typeof v === 'object' && Symbol.asyncIterator in v)) out[k] = v;
  return out;
}

function hasStreamingPayload(model: ServiceBundle, operation: Operation): boolean {
  if (!operation.input) return false;
  const shape = model.shapes[operation.input.shape];
  const payload = shape?.payload;
  if (payload === undefined) return false;
  const ref = shape?.members?.[payload];
  return Boolean(ref && (ref.streaming || model.shapes[ref.shape]?.streaming));
}

function notSimulated(entry: ServiceIndexEntry, operation: Operation, serviceSimulated: boolean): SandboxError {
  return new SandboxError(
    'NotImplemented',
    serviceSimulated
      ? `The sandbox does not simulate ${entry.sdkId} ${operation.name}; it answers ${entry.sdkId}'s other operations.`
      : `The sandbox does not simulate ${entry.sdkId} (${operation.name}); it simulates ${SIMULATED_SERVICES.join(', ')}.`,
    501,
  );
}

function contentShaMismatch(claimed: string, computed: string): SandboxError {
  return new SandboxError(
    'XAmzContentSHA256Mismatch',
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
    400,
    { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: computed },
  );
}

/** Anything a handler throws that is not a service error is the sandbox's fault: a 500, never a crash. */
function asSandboxError(e: unknown): SandboxError {
  if (e instanceof SandboxError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new SandboxError('InternalError', `The sandbox failed: ${message}`, 500);
}

function toResponse(reply: WireReply, requestId: string, s3: boolean): HttpResponse {
  const headers: Record<string, string> = { ...reply.headers };
  if (s3) {
    headers['x-amz-request-id'] = requestId;
    headers['x-amz-id-2'] = requestId;
  } else headers['x-amzn-requestid'] = requestId;
  const body = reply.body;
  if (body instanceof Uint8Array) {
    headers['content-length'] ??= String(body.length);
    return { statusCode: reply.statusCode, headers, body: once(body) };
  }
  return { statusCode: reply.statusCode, headers, body };
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  if (bytes.length) yield bytes;
}

function splitUrl(url: string): { host: string; path: string; query: string } {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (!m) throw new SandboxError('InvalidURI', `Couldn't parse the specified URI: ${url}`, 400);
  const authority = m[1]!.slice(m[1]!.lastIndexOf('@') + 1).toLowerCase();
  return { host: authority.replace(/:\d+$/, ''), path: m[2]!, query: m[3] ?? '' };
}

function decodeQuery(raw: string): Array<[string, string]> {
  if (!raw) return [];
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return [safeDecode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : safeDecode(pair.slice(eq + 1))];
    });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new SandboxError('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

const S3_HOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/;

function isS3Host(host: string): boolean {
  return /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com$/.test(host);
}

/** `bucket.s3.region.amazonaws.com/key` is `/bucket/key`, as S3 reads a virtual-hosted request. */
function virtualHostedPath(host: string, path: string): string {
  const m = S3_HOST.exec(host);
  return m ? `/${m[1]}${path === '/' ? '' : path}` : path;
}
