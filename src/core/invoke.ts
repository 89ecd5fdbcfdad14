/**
 * The request path (DESIGN.md), read top to bottom as invoke()'s named stages: prepare (quirks → validate
 * → serialize → endpoint → URL), buildRequest (headers → compression → checksum → payload hash), then
 * sendWithRetries, each attempt signAttempt (credentials → sign) → send → readResponse (parse) → the
 * typed result, or a typed error once the retry strategy stops. An optional step is an `if` in its
 * stage, not a middleware. Everything runtime-specific arrives on the Host.
 */
import type { ClientConfig } from './client-config.js';
import type { CredentialProvider } from './credentials/types.js';
import { requireCredentials } from './credentials/providers.js';
import {
  AbortedError,
  IsoawsError,
  NetworkError,
  ResponseParseError,
  ServiceError,
  UnknownNameError,
} from './errors.js';
import type { Host, HttpBody, HttpRequest, HttpResponse } from './host.js';
import type { Operation, ServiceBundle, Shape } from './model/types.js';
import type { ParsedError, ParseResult, Protocol, ProtocolResponse, TimestampReader } from './protocols/types.js';
import { getOwn } from './own.js';
import { toHex } from './hex.js';
import { deleteHeader, getHeader } from './headers.js';
import type { Presigner, QuirkContext, QuirkRequest } from './quirk-types.js';
import { quirksFor } from './quirks.js';
import { buildRequestUrl } from './request-url.js';
import { CLOCK_SKEW_CODES, type AttemptOutcome, type RetryStrategy } from './retry.js';
import { collect, concatBytes, toStreamingBody } from './streaming-body.js';
import { awsChunked, checksumOf, digestBlob, planRequestChecksum } from './checksums/request.js';
import { expectedChecksum, verifyBytes, verifyingStream, withValidationMode } from './checksums/response.js';
import { crc32 } from './checksums/crc.js';
import { compressRequestBody } from './compression.js';
import { eventStreamMember } from './protocols/event-stream-member.js';
import { utf8Encode } from './protocols/shared.js';
import { JAVASCRIPT_WORDING, validateParams, type Wording } from './validate.js';
import { resolveOperationEndpoint, type ResolvedEndpoint } from './operation-endpoint.js';
import {
  presignUrl,
  signRequest,
  signWithStages,
  shownSigningKey,
  UNSIGNED_PAYLOAD,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
} from './signing/index.js';
import { VERSION } from './version.js';

/** A service ready to call: its bundle (operations rewritten by quirks), protocol and retry state. */
export interface LoadedService {
  name: string;
  bundle: ServiceBundle;
  protocol: Protocol;
  retry: RetryStrategy;
}

/** What one client shares across calls. */
export interface InvokeEnv {
  host: Host;
  config: ClientConfig;
  /** `undefined` when requests go unsigned (`sign: false`). */
  credentials: CredentialProvider | undefined;
  /** Server time minus local time, learnt from a clock-skew error, applied to every later signature. */
  clockOffsetMs: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Where a streamed response body may be read (SendOptions.bodyInto). */
  bodyInto?: Uint8Array;
  /**
   * How the output's timestamps are read from their wire value (the CLI's `cli_timestamp_format = wire`
   * keeps it); without it they become Dates.
   */
  readTimestamp?: TimestampReader;
}

export interface ResponseMetadata {
  httpStatusCode: number;
  requestId?: string;
  /** Attempts made, including the first. */
  attempts: number;
  totalRetryDelay: number;
}

export type CallOutput = Record<string, unknown> & { $metadata: ResponseMetadata };

const DEFAULT_TIMEOUT_MS = 60_000;
/** From this size a body's digests go to Host.digest: below it hashing costs less than handing it over. */
const OFF_THREAD_DIGEST_FROM = 1 << 20;

/** The steps every call and every presigned URL share: quirks, validation, serialization, endpoint, URL. */
async function prepare(env: InvokeEnv, svc: LoadedService, operationName: string, params: Record<string, unknown>) {
  const { host, config } = env;
  const { bundle } = svc;
  const operation = getOwn(bundle.operations, operationName);
  if (!operation) throw new UnknownNameError(`Unknown operation ${operationName} for service ${svc.name}`);
  const quirks = quirksFor(svc.name, operationName);
  const qctx: QuirkContext = {
    service: svc.name,
    model: bundle,
    operation,
    apiVersion: bundle.metadata.apiVersion,
    notes: {},
    sha256: host.sha256,
  };
  let input = params;
  for (const q of quirks) if (q.input) input = await q.input(input, qctx);

  if (config.parameterValidation !== false)
    validateParams(
      bundle,
      operation.input,
      input,
      config.validationWording === 'botocore' ? await botocoreWording() : JAVASCRIPT_WORDING,
    );
  const serialized = svc.protocol.serialize({
    model: bundle,
    operation,
    params: input,
    idempotencyToken: () => uuid4(host.random),
  });

  const endpoint = await resolveOperationEndpoint({
    host,
    config,
    bundle,
    operation,
    params: input,
    service: svc.name,
    credentials: env.credentials,
  });
  config.onWire?.({ kind: 'endpoint', service: svc.name, operation: operationName, url: endpoint.url });
  let request: QuirkRequest = {
    method: serialized.method,
    url: buildRequestUrl(endpoint.url, serialized),
    headers: serialized.headers,
    body: serialized.body,
  };
  for (const q of quirks) if (q.request) request = q.request(request);
  return {
    operationName,
    operation,
    quirks,
    qctx,
    input,
    serialized: { ...serialized, method: request.method, headers: request.headers, body: request.body },
    endpoint,
    url: request.url,
    ...chooseAuth(endpoint, bundle, operation, config),
  };
}

/** How a URL is presigned: for how long, for which method, and with which headers its user must send. */
export interface PresignOptions {
  /** Seconds the URL is valid for: 3600 unless given, at most a week. */
  expiresIn?: number;
  /** The method the URL is for, when not the operation's (botocore's HttpMethod: `GET` for an STS query). */
  method?: string;
  /** Headers signed into the URL, which whoever uses it must send (EKS's `x-k8s-aws-id`). */
  headers?: Record<string, string>;
}

/**
 * A presigned URL for the call (`s3 presign`): anyone holding it can make the request until it expires
 * (`expiresIn` seconds, default 3600). Unsigned clients get the plain URL.
 */
export async function presign(
  env: InvokeEnv,
  svc: LoadedService,
  operationName: string,
  params: Record<string, unknown>,
  opts: PresignOptions = {},
): Promise<string> {
  const { serialized, url, auth } = await prepare(env, svc, operationName, params);
  // A query-protocol operation's parameters are a form body, which the URL carries.
  const form = /^application\/x-www-form-urlencoded/.test(getHeader(serialized.headers, 'content-type') ?? '');
  const req = {
    method: opts.method ?? serialized.method,
    url,
    headers: { ...opts.headers },
    body: form ? serialized.body : undefined,
  };
  return presignRequest(env, auth, req, auth?.region, opts.expiresIn);
}

/**
 * `req` as a URL presigned for `region` (the auth scheme's unless given), its form body (if any) in the
 * query; the plain URL when unsigned.
 */
async function presignRequest(
  env: InvokeEnv,
  auth: PreparedCall['auth'],
  req: QuirkRequest,
  region: string | undefined,
  expiresIn?: number,
): Promise<string> {
  // The form's pairs go ahead of the signature's own, as botocore moves them.
  const { url, body } = req;
  const target = typeof body === 'string' && body !== '' ? `${url}${url.includes('?') ? '&' : '?'}${body}` : url;
  if (!auth) return target;
  const credentials = await requireCredentials(env.credentials!);
  const opts = {
    credentials,
    service: auth.signingName,
    now: new Date(env.host.now().getTime() + env.clockOffsetMs),
    s3: auth.s3,
    disableDoubleEncoding: auth.disableDoubleEncoding,
    sha256: env.host.sha256,
    expiresIn,
  };
  const unsigned = { method: req.method, url: target, headers: req.headers };
  // A SigV4a signature holds for its region set wherever the URL is used: no region to presign for.
  return auth.scheme === 'sigv4a'
    ? (await sigV4a()).presignUrlV4a(unsigned, { ...opts, regionSet: auth.regionSet })
    : presignUrl(unsigned, { ...opts, region: region ?? auth.region });
}

/** A call: prepared, its request built once, then sent (and signed) attempt by attempt until it succeeds or may not retry. */
export async function invoke(
  env: InvokeEnv,
  svc: LoadedService,
  operationName: string,
  params: Record<string, unknown>,
  opts: CallOptions = {},
): Promise<CallOutput> {
  throwIfAborted(opts.signal);
  // A response checksum is asked for on calls, not in presigned URLs (botocore's presigner skips it too).
  const operation = getOwn(svc.bundle.operations, operationName);
  const input = operation ? withValidationMode(operation, params, env.config.responseChecksumValidation) : params;
  const call = await withSignedQuirks(env, await prepare(env, svc, operationName, input));
  const request = await changedByHook(env, svc.name, operationName, await buildRequest(env, svc, call));
  return sendWithRetries(env, svc, call, request, opts);
}

/**
 * `onRequest`: the caller's last word on the request before it is signed. What it returns is what is
 * signed and sent; a body it replaces is hashed again by the signer (a checksum header it leaves stale
 * is the service's to refuse).
 */
async function changedByHook(
  env: InvokeEnv,
  service: string,
  operation: string,
  request: OutgoingRequest,
): Promise<OutgoingRequest> {
  const hook = env.config.onRequest;
  if (!hook) return request;
  const given = { method: request.method, url: request.url, headers: { ...request.headers }, body: request.body };
  const changed = (await hook(given, { service, operation })) ?? given;
  const bodyChanged = changed.body !== request.body;
  return {
    ...request,
    method: changed.method,
    url: changed.url,
    headers: changed.headers,
    body: changed.body,
    payloadHash: bodyChanged ? undefined : request.payloadHash,
    replayable: bodyChanged ? !isStreaming(changed.body) : request.replayable,
  };
}

type PreparedCall = Awaited<ReturnType<typeof prepare>>;

/** The call with what its quirks sign into it (a cross-region copy's presigned URL), before it is sent. */
async function withSignedQuirks(env: InvokeEnv, call: PreparedCall): Promise<PreparedCall> {
  const signing = call.quirks.filter((q) => q.signed);
  if (!signing.length) return call;
  const presigner: Presigner = {
    region: call.auth?.region ?? env.config.region ?? '',
    presign: (req, region) => presignRequest(env, call.auth, req, region),
  };
  let req: QuirkRequest = {
    method: call.serialized.method,
    url: call.url,
    headers: call.serialized.headers,
    body: call.serialized.body,
  };
  for (const q of signing) req = await q.signed!(req, presigner);
  return {
    ...call,
    url: req.url,
    serialized: { ...call.serialized, method: req.method, headers: req.headers, body: req.body },
  };
}

/** The request every attempt sends: the same body and headers, less the per-attempt ones and the signature. */
interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: HttpBody | undefined;
  /** The payload hash the signature states (UNSIGNED-PAYLOAD, the trailer's), or undefined for the signer to hash the body. */
  payloadHash: string | undefined;
  /** Whether the body can be sent again (not a one-pass stream). */
  replayable: boolean;
}

/** The protocol's headers with the endpoint's, the quirks' and the user agent. */
function requestHeaders(env: InvokeEnv, call: PreparedCall): Record<string, string> {
  const headers: Record<string, string> = { ...call.serialized.headers };
  for (const [name, values] of Object.entries(call.endpoint.headers)) headers[name] = values.join(',');
  for (const q of call.quirks) q.headers?.(headers, call.qctx);
  headers['User-Agent'] = `isoaws/${VERSION}${env.config.userAgentExtra ? ` ${env.config.userAgentExtra}` : ''}`;
  return headers;
}

/**
 * The body as sent and the headers that describe it: quirks' payload changes, compression, the request
 * checksum (in a header, or in an aws-chunked trailer for a stream), and whether and how the payload is
 * signed — S3's rules, or the whole body hashed, off the main thread for a large part.
 */
async function buildRequest(env: InvokeEnv, svc: LoadedService, call: PreparedCall): Promise<OutgoingRequest> {
  const { host, config } = env;
  const { bundle } = svc;
  const { operation, url, auth } = call;
  const headers = requestHeaders(env, call);
  let body = toHttpBody(call.serialized.body);
  for (const q of call.quirks) await q.payload?.(headers, body, call.qctx);
  if (body instanceof Uint8Array) {
    body = await compressRequestBody(operation, headers, body, {
      disabled: config.disableRequestCompression,
      minSizeBytes: config.requestMinCompressionSizeBytes,
    });
  }
  const streamingInput = isStreaming(body);
  const checksum = planRequestChecksum(
    bundle,
    operation,
    call.input,
    headers,
    config.requestChecksumCalculation ?? 'when_supported',
  );
  if (checksum?.algorithmHeader) headers[checksum.algorithmHeader] = checksum.algorithm;
  let trailer = false;
  // botocore's S3SigV4Auth._should_sha256_sign_payload: the s3 payload_signing_enabled setting decides;
  // without it, an https request with a checksum header and a streaming payload member (PutObject,
  // UploadPart) goes unsigned, TLS and the checksum covering it; everything else is signed.
  const unsignedS3Payload =
    auth?.s3 === true &&
    !(
      config.s3?.payloadSigningEnabled ??
      (!url.startsWith('https:') ||
        (checksum === undefined && getHeader(headers, 'content-md5') === undefined) ||
        !hasStreamingPayload(bundle, operation.input && bundle.shapes[operation.input.shape]))
    );
  const signsPayload =
    auth !== undefined &&
    !operation.unsignedPayload &&
    getHeader(headers, 'x-amz-content-sha256') === undefined &&
    !unsignedS3Payload;
  // The payload hash when it is worked out here rather than by the signer.
  let knownPayloadHash: string | undefined;
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    // A Blob (a file named by `--body`, a browser File) is read here for the digests the request needs and
    // read again as it is sent: memory stays bounded and a retry can send it again.
    const digests = await digestBlob(body, { checksum: checksum?.algorithm, sha256: signsPayload }, host.crc32);
    if (checksum) headers[checksum.header] = digests.checksum!;
    knownPayloadHash = digests.sha256;
  } else if (
    body instanceof Uint8Array &&
    host.digest &&
    body.length >= OFF_THREAD_DIGEST_FROM &&
    (checksum || signsPayload)
  ) {
    // An upload part: hashed off the main thread, which sends the parts already hashed meanwhile.
    const digests = await host.digest(body, { checksum: checksum?.algorithm, sha256: signsPayload });
    if (checksum)
      headers[checksum.header] = digests.checksum ?? (await checksumOf(checksum.algorithm, body, host.crc32));
    knownPayloadHash = digests.sha256;
  } else if (checksum && body instanceof Uint8Array) {
    headers[checksum.header] = await checksumOf(checksum.algorithm, body, host.crc32);
  } else if (checksum && streamingInput) {
    trailer = true;
    const decodedLength = getHeader(headers, 'content-length');
    if (decodedLength !== undefined) headers['X-Amz-Decoded-Content-Length'] = decodedLength;
    deleteHeader(headers, 'content-length');
    const encoding = getHeader(headers, 'content-encoding');
    deleteHeader(headers, 'content-encoding');
    headers['Content-Encoding'] = encoding ? `${encoding},aws-chunked` : 'aws-chunked';
    headers['X-Amz-Trailer'] = checksum.header;
    // Unsigned (--no-sign-request), S3 still wants to be told the payload is chunked with a trailer
    // (botocore's _set_extra_headers_for_unsigned_request); a signed request states it in its signature.
    if (!auth) headers['X-Amz-Content-SHA256'] = STREAMING_UNSIGNED_PAYLOAD_TRAILER;
    body = awsChunked(body as AsyncIterable<Uint8Array>, checksum.algorithm, checksum.header, host.crc32);
  }

  if (auth && isStreaming(body) && !trailer && !auth.s3 && !operation.unsignedPayload) {
    // SigV4 needs the payload hash up front; outside S3 no service accepts an unsigned payload.
    body = concatBytes(await collect(body as AsyncIterable<Uint8Array>));
  }
  const payloadHash = trailer
    ? STREAMING_UNSIGNED_PAYLOAD_TRAILER
    : isStreaming(body) || unsignedS3Payload
      ? UNSIGNED_PAYLOAD
      : knownPayloadHash;
  return { method: call.serialized.method, url, headers, body, payloadHash, replayable: !isStreaming(body) };
}

/** Sends the request until it succeeds or the retry strategy stops: the output, or the last failure thrown. */
async function sendWithRetries(
  env: InvokeEnv,
  svc: LoadedService,
  call: PreparedCall,
  outgoing: OutgoingRequest,
  opts: CallOptions,
): Promise<CallOutput> {
  const { host, config } = env;
  const { bundle } = svc;
  const { operation } = call;
  const { operationName } = call;
  const invocationId = uuid4(host.random);
  const outputShape = operation.output ? bundle.shapes[operation.output.shape] : undefined;
  const streamingOutput = hasStreamingPayload(bundle, outputShape);
  let attempt = 0;
  let totalRetryDelay = 0;
  let skewRetried = false;
  for (;;) {
    attempt++;
    await svc.retry.beforeAttempt((ms) => host.sleep(ms, opts.signal));
    const signed = await signAttempt(
      env,
      svc,
      call,
      outgoing,
      {
        ...outgoing.headers,
        'amz-sdk-invocation-id': invocationId,
        'amz-sdk-request': `attempt=${attempt}; max=${svc.retry.maxAttempts}`,
      },
      attempt,
    );
    config.onWire?.({
      kind: 'request',
      service: svc.name,
      operation: operationName,
      attempt,
      method: signed.method,
      url: signed.url,
      headers: redactHeaders(signed.headers),
      body: previewBody(signed.body, bundle, operation.input?.shape),
    });

    let response: HttpResponse;
    try {
      response = await host.send(signed, {
        signal: opts.signal,
        ...(opts.bodyInto && streamingOutput ? { bodyInto: opts.bodyInto } : {}),
        connectTimeoutMs: config.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS,
        readTimeoutMs: config.readTimeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(config.verifySsl === false || config.caBundle !== undefined
          ? { tls: { verify: config.verifySsl !== false, caBundle: config.caBundle } }
          : {}),
      });
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      const outcome: AttemptOutcome = {
        attempt,
        networkError: { timeout: /timeout/i.test(err.message) },
        replayable: outgoing.replayable,
      };
      const decision = svc.retry.decide(outcome);
      if (!decision.retry) throw err;
      totalRetryDelay += await pause(env, svc, operationName, attempt, decision.delayMs, decision.reason, opts.signal);
      continue;
    }

    config.onResponse?.(
      { statusCode: response.statusCode, headers: { ...response.headers } },
      { service: svc.name, operation: operationName, attempt },
    );
    const read = await readResponse(env, svc, call, response, attempt, streamingOutput, opts.readTimestamp);
    if (read.kind === 'output') {
      svc.retry.succeeded(attempt > 1);
      return {
        ...read.output,
        $metadata: {
          httpStatusCode: response.statusCode,
          requestId: read.requestId,
          attempts: attempt,
          totalRetryDelay,
        },
      };
    }
    const { parsed, crc32Mismatch } = read;
    // botocore's _handle_200_error: an S3 answer of 200 whose body is an <Error> (a copy that failed after
    // S3 had begun answering) counts as a 500, so it is retried like one.
    const statusCode = svc.name === 's3' && response.statusCode === 200 ? 500 : response.statusCode;
    if (!skewRetried && CLOCK_SKEW_CODES.has(parsed.code) && learnClockOffset(env, response, host.now())) {
      skewRetried = true;
      continue;
    }
    const decision = svc.retry.decide({
      attempt,
      statusCode,
      errorCode: parsed.code,
      replayable: outgoing.replayable,
      crc32Mismatch,
      modeledRetryable: modeledRetryable(bundle, operation, parsed.code),
    });
    if (!decision.retry)
      throw new ServiceError({
        code: parsed.code,
        message: parsed.message,
        statusCode,
        requestId: read.requestId,
        service: svc.name,
        operation: operationName,
        data: parsed.data,
        retryAttempts: attempt - 1,
        maxAttemptsReached: decision.maxAttemptsReached === true,
      });
    totalRetryDelay += await pause(env, svc, operationName, attempt, decision.delayMs, decision.reason, opts.signal);
  }
}

/** One attempt's request, signed with the credentials as they are now (they may have been refreshed) and the learnt clock offset. */
async function signAttempt(
  env: InvokeEnv,
  svc: LoadedService,
  call: PreparedCall,
  outgoing: OutgoingRequest,
  headers: Record<string, string>,
  attempt: number,
): Promise<HttpRequest> {
  const { host, config } = env;
  const { auth } = call;
  const request: HttpRequest = { method: outgoing.method, url: outgoing.url, headers, body: outgoing.body };
  if (call.bearer !== undefined) return withBearerToken(request, await bearerToken(config, call.bearer));
  if (!auth) return request;
  const credentials = await requireCredentials(env.credentials!);
  const signOpts = {
    credentials,
    service: auth.signingName,
    now: new Date(host.now().getTime() + env.clockOffsetMs),
    s3: auth.s3,
    payloadHash: outgoing.payloadHash,
    disableDoubleEncoding: auth.disableDoubleEncoding,
    sha256: host.sha256,
  };
  const sigv4a = auth.scheme === 'sigv4a' ? { ...signOpts, regionSet: auth.regionSet } : undefined;
  const sigv4 = { ...signOpts, region: auth.region };
  if (!config.onWire || !credentials)
    return sigv4a ? (await sigV4a()).signRequestV4a(request, sigv4a) : signRequest(request, sigv4);
  // --debug shows how the signature was made; the stages come from the same computation.
  const { request: signed, stages } = sigv4a
    ? await (await sigV4a()).signWithStagesV4a(request, { ...sigv4a, credentials })
    : await signWithStages(request, { ...sigv4, credentials });
  config.onWire({
    kind: 'signing',
    service: svc.name,
    operation: call.operationName,
    attempt,
    canonicalRequest: redactCanonicalRequest(stages.canonicalRequest),
    stringToSign: stages.stringToSign,
    accessKeyId: credentials.accessKeyId,
    credentialScope: stages.credentialScope,
    signedHeaders: stages.signedHeaders,
    payloadHash: stages.payloadHash,
    signature: stages.signature,
    signingKey: sigv4a ? [] : await shownSigningKey(credentials.secretAccessKey, stages.credentialScope, host.sha256),
  });
  return signed;
}

/** SigV4a's signer (its ECDSA in BigInt), loaded when an endpoint or operation first asks for it. */
const sigV4a = () => import('./signing/sigv4a.js');

type ReadResult =
  | { kind: 'output'; output: Record<string, unknown>; requestId?: string }
  | { kind: 'error'; parsed: ParsedError; crc32Mismatch: boolean; requestId?: string };

/**
 * A response read: the body collected (a successful streaming output is left to stream), shown to
 * --debug, checked against x-amz-crc32, parsed, and passed through the quirks' output step.
 */
async function readResponse(
  env: InvokeEnv,
  svc: LoadedService,
  call: PreparedCall,
  response: HttpResponse,
  attempt: number,
  streamingOutput: boolean,
  readTimestamp: TimestampReader | undefined,
): Promise<ReadResult> {
  const { bundle } = svc;
  const { operation } = call;
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  // An event stream stays unread too: its events are read as the caller takes them (event-stream-output.ts).
  const readEventPayload = svc.protocol.readEventPayload;
  const events = ok && readEventPayload ? eventStreamMember(bundle, operation) : undefined;
  const keepStreaming = ok && (streamingOutput || events !== undefined);
  const raw = keepStreaming ? undefined : concatBytes(await collect(response.body));
  env.config.onWire?.({
    kind: 'response',
    service: svc.name,
    operation: call.operationName,
    attempt,
    statusCode: response.statusCode,
    headers: response.headers,
    body: previewBody(raw, bundle, ok ? operation.output?.shape : undefined),
  });
  const crcHeader = response.headers['x-amz-crc32'];
  const crc32Mismatch = raw !== undefined && crcHeader !== undefined && crc32(raw) !== Number(crcHeader);
  let headers = response.headers;
  for (const q of call.quirks) if (q.responseHeaders) headers = q.responseHeaders(headers, call.qctx);
  const result = crc32Mismatch
    ? undefined
    : parseResponse(
        svc,
        operation,
        { statusCode: response.statusCode, headers, body: raw ?? response.body },
        readTimestamp,
      );
  const requestId = requestIdOf(response.headers) ?? (result?.kind === 'error' ? result.error.requestId : undefined);
  if (result?.kind !== 'output') {
    const parsed: ParsedError =
      result?.kind === 'error'
        ? result.error
        : { code: 'Crc32Mismatch', message: 'Response body does not match its x-amz-crc32 checksum', data: {} };
    return { kind: 'error', parsed, crc32Mismatch, requestId };
  }
  let output = result.output;
  for (const q of call.quirks) if (q.output) output = q.output(output, call.qctx, raw);
  const checksum = expectedChecksum(operation, call.input, headers);
  if (checksum && raw) await verifyBytes(checksum, raw, env.host.crc32);
  if (events) {
    const { withEventStream } = await import('./protocols/event-stream-output.js');
    output = await withEventStream(events, output, response.body, {
      model: bundle,
      readPayload: readEventPayload!,
      readTimestamp,
      // An error message in the stream is the service's error, as botocore's EventStreamError (a ClientError) is.
      errorOf: (error) =>
        new ServiceError({ ...error, statusCode: 400, requestId, service: svc.name, operation: call.operationName }),
    });
  } else if (keepStreaming) {
    const payload = bundle.shapes[operation.output!.shape]!.payload!;
    const value = (output[payload] ?? response.body) as AsyncIterable<Uint8Array>;
    const body = checksum ? verifyingStream(checksum, value, env.host.crc32) : value;
    output = { ...output, [payload]: toStreamingBody(body) };
  }
  return { kind: 'output', output, requestId };
}

/** How a signed request is signed: SigV4 for `region`, or SigV4a for `regionSet`, and the signing rules. */
type AuthChoice = {
  signingName: string;
  /** The client's region for SigV4a: what a quirk that presigns for another region starts from. */
  region: string;
  s3: boolean;
  disableDoubleEncoding: boolean;
} & ({ scheme: 'sigv4' } | { scheme: 'sigv4a'; regionSet: string });

/** The ways of authenticating isoaws has, by the model's names for them. */
const AUTH_SCHEMES: Record<string, 'sigv4' | 'sigv4a' | 'bearer' | 'none'> = {
  'aws.auth#sigv4': 'sigv4',
  'aws.auth#sigv4a': 'sigv4a',
  'smithy.api#httpBearerAuth': 'bearer',
  'smithy.api#noAuth': 'none',
};

/**
 * How the request is authenticated: a signature (`auth`, its parameters), a bearer token (`bearer`, the
 * service's signing name), or neither. The operation's auth options decide, in its order unless
 * `auth_scheme_preference` names some first (botocore's resolve_auth_scheme_preference); an older
 * model's signatureVersion stands for one option. As botocore, Bedrock takes a bearer token instead of a
 * signature when AWS_BEARER_TOKEN_BEDROCK holds one and the operation accepts it.
 */
function chooseAuth(
  endpoint: ResolvedEndpoint,
  bundle: ServiceBundle,
  operation: Operation,
  config: ClientConfig,
): { auth?: AuthChoice; bearer?: string } {
  if (config.sign === false || operation.authtype === 'none') return {};
  const signature = operation.authtype ?? bundle.metadata.signatureVersion;
  const options = operation.auth ??
    bundle.metadata.auth ?? [
      signature === 'bearer'
        ? 'smithy.api#httpBearerAuth'
        : signature === 'none'
          ? 'smithy.api#noAuth'
          : 'aws.auth#sigv4',
    ];
  const usable = preferred(options, config, (o) => o.slice(o.indexOf('#') + 1)).filter(
    (o) => AUTH_SCHEMES[o] !== undefined,
  );
  if (!usable.length)
    throw new IsoawsError(
      `This operation requires an authentication scheme isoaws does not support yet: ${options.join(', ')}`,
    );
  const signingName = bundle.metadata.signingName ?? bundle.metadata.endpointPrefix;
  const envBearer =
    signingName === 'bedrock' &&
    options.includes('smithy.api#httpBearerAuth') &&
    config.bearer?.forService(signingName) !== undefined;
  const scheme = envBearer ? 'bearer' : AUTH_SCHEMES[usable[0]!];
  if (scheme === 'bearer') return { bearer: signingName };
  return scheme === 'sigv4' || scheme === 'sigv4a'
    ? { auth: signatureParameters(endpoint, bundle, config, scheme) }
    : {};
}

/** `options` with those `auth_scheme_preference` names first, in its order, then the rest in theirs. */
function preferred<T>(options: readonly T[], config: ClientConfig, nameOf: (option: T) => string): T[] {
  const first = (config.authSchemePreference ?? []).flatMap((name) => options.filter((o) => nameOf(o) === name));
  return [...new Set([...first, ...options])];
}

/** The endpoint auth schemes isoaws signs with. */
const ENDPOINT_SCHEMES = new Set(['sigv4', 'sigv4a', 'sigv4-s3express']);

/**
 * The signature's parameters. When the endpoint lists auth schemes, they decide, as in botocore: the
 * first isoaws can sign with (after any `auth_scheme_preference` names), whatever the model said; it
 * knows the signing name and region of S3 access points, FIPS, … and which endpoints want SigV4a
 * (multi-region access points, EventBridge global endpoints). Otherwise the model's choice, its signing
 * name and the client region. SigV4a's region set is `sigv4a_signing_region_set`, else the endpoint's
 * `signingRegionSet`, else `*` (botocore's _resolve_sigv4a_region).
 */
function signatureParameters(
  endpoint: ResolvedEndpoint,
  bundle: ServiceBundle,
  config: ClientConfig,
  modelScheme: 'sigv4' | 'sigv4a',
): AuthChoice {
  const schemes = (endpoint.properties.authSchemes ?? []) as Array<Record<string, unknown>>;
  const scheme = schemes.length
    ? preferred(schemes, config, (s) => String(s.name)).find((s) => ENDPOINT_SCHEMES.has(String(s.name)))
    : { name: modelScheme };
  if (!scheme) {
    throw new IsoawsError(
      `This endpoint requires an authentication scheme isoaws does not support yet: ${schemes.map((s) => s.name).join(', ')}`,
    );
  }
  const signingName =
    (scheme.signingName as string | undefined) ?? bundle.metadata.signingName ?? bundle.metadata.endpointPrefix;
  const common = {
    signingName,
    region: (scheme.signingRegion as string | undefined) ?? config.region ?? 'us-east-1',
    s3:
      signingName === 's3' ||
      signingName === 's3-outposts' ||
      signingName === 's3-object-lambda' ||
      signingName === 's3express',
    disableDoubleEncoding: scheme.disableDoubleEncoding === true,
  };
  if (scheme.name !== 'sigv4a') return { ...common, scheme: 'sigv4' };
  const endpointSet = (scheme.signingRegionSet as string[] | undefined) ?? [];
  const regionSet = config.sigv4aSigningRegionSet || endpointSet.join(',') || '*';
  return { ...common, scheme: 'sigv4a', regionSet };
}

/** The token for a bearer-authenticated call: the service's own (its environment variable), else the SSO session's. */
async function bearerToken(config: ClientConfig, signingName: string): Promise<string> {
  const token = config.bearer?.forService(signingName) ?? (await config.bearer?.sso?.());
  // botocore's NoAuthTokenError.
  if (token === undefined) throw new IsoawsError('Unable to locate authorization token');
  return token;
}

/** botocore's BearerAuth: the token in the Authorization header, replacing any there. */
function withBearerToken(request: HttpRequest, token: string): HttpRequest {
  const headers = { ...request.headers };
  deleteHeader(headers, 'authorization');
  headers.Authorization = `Bearer ${token}`;
  return { ...request, headers };
}

function modeledRetryable(
  bundle: ServiceBundle,
  operation: Operation,
  code: string,
): { throttling: boolean } | undefined {
  for (const ref of operation.errors ?? []) {
    const shape: Shape | undefined = bundle.shapes[ref.shape];
    const retryable = shape?.retryable as { throttling?: boolean } | undefined;
    if (retryable && (shape?.error?.code ?? ref.shape) === code) return { throttling: retryable.throttling === true };
  }
  return undefined;
}

/** Learns the server clock from the `Date` header; true when it is off by more than four minutes. */
function learnClockOffset(env: InvokeEnv, response: HttpResponse, now: Date): boolean {
  const serverTime = Date.parse(response.headers.date ?? '');
  if (Number.isNaN(serverTime)) return false;
  const offset = serverTime - now.getTime();
  if (Math.abs(offset - env.clockOffsetMs) < 4 * 60_000) return false;
  env.clockOffsetMs = offset;
  return true;
}

async function pause(
  env: InvokeEnv,
  svc: LoadedService,
  operation: string,
  attempt: number,
  delayMs: number,
  reason: string,
  signal?: AbortSignal,
): Promise<number> {
  env.config.onWire?.({ kind: 'retry', service: svc.name, operation, attempt, delayMs, reason });
  await env.host.sleep(delayMs, signal);
  return delayMs;
}

function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-amzn-requestid'] ?? headers['x-amz-request-id'] ?? headers['x-amzn-request-id'];
}

function toHttpBody(body: unknown): HttpBody | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'string') return utf8Encode(body);
  return body as HttpBody;
}

/** The structure's payload member is streaming (botocore's `has_streaming_input`, and its output twin). */
function hasStreamingPayload(bundle: ServiceBundle, shape: Shape | undefined): boolean {
  const ref = shape?.payload !== undefined ? shape.members?.[shape.payload] : undefined;
  return ref !== undefined && (ref.streaming === true || bundle.shapes[ref.shape]?.streaming === true);
}

function isStreaming(body: HttpBody | undefined): boolean {
  return body !== undefined && !(body instanceof Uint8Array) && !(typeof Blob !== 'undefined' && body instanceof Blob);
}

/** The start of a body for --debug; not shown at all when its shape can carry sensitive members (passwords, secret keys). */
function previewBody(
  body: HttpBody | Uint8Array | undefined,
  model: ServiceBundle,
  shapeName: string | undefined,
): string | undefined {
  if (body === undefined) return undefined;
  if (shapeName !== undefined && canHoldSensitive(model, shapeName, new Set()))
    return '<not shown: the shape has sensitive members>';
  if (body instanceof Uint8Array) return new TextDecoder().decode(body.subarray(0, 4096));
  return '<streaming body>';
}

function canHoldSensitive(model: ServiceBundle, shapeName: string, seen: Set<string>): boolean {
  const shape = model.shapes[shapeName];
  if (!shape || seen.has(shapeName)) return false;
  if (shape.sensitive) return true;
  seen.add(shapeName);
  const refs = [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value].filter(
    (r) => r !== undefined,
  );
  return refs.some((r) => canHoldSensitive(model, r.shape, seen));
}

/**
 * The protocol's reading of a response. A body the model cannot be read from (a list where it has an
 * object, a value of the wrong kind) is a ResponseParseError with the status and the body's start, never
 * an internal error.
 */
function parseResponse(
  svc: LoadedService,
  operation: Operation,
  response: ProtocolResponse,
  readTimestamp: TimestampReader | undefined,
): ParseResult {
  try {
    return svc.protocol.parse({ model: svc.bundle, operation, response, readTimestamp });
  } catch (err) {
    if (err instanceof IsoawsError) throw err;
    const body = response.body instanceof Uint8Array ? response.body : new Uint8Array(0);
    throw new ResponseParseError({
      statusCode: response.statusCode,
      requestId: requestIdOf(response.headers),
      body,
      reason: (err as Error).message,
      cause: err,
    });
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortedError();
}

/** Headers whose value is a secret: the session token, and the SSE-C keys (of the object and of a copy's source). */
const SECRET_HEADERS = [
  'x-amz-security-token',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
];

/** Headers as --debug shows them: the signature and the secrets replaced, the rest as sent. */
function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] =
      lower === 'authorization'
        ? value.replace(/Signature=[0-9a-f]+/, 'Signature=REDACTED')
        : SECRET_HEADERS.includes(lower)
          ? 'REDACTED'
          : value;
  }
  return out;
}

/** The canonical request as --debug shows it: the secret headers' lines (`name:value`) replaced. */
function redactCanonicalRequest(text: string): string {
  return text.replace(/^([a-z0-9-]+):.*$/gm, (line, name: string) =>
    SECRET_HEADERS.includes(name) ? `${name}:REDACTED` : line,
  );
}

/** botocore's wording of parameter errors (the CLI's), loaded by the first client that asks for it. */
let botocore: Promise<Wording> | undefined;
const botocoreWording = () => (botocore ??= import('./validate-botocore.js').then((m) => m.BOTOCORE_WORDING));

/** RFC 4122 version 4 UUID from the host's random source (idempotency tokens, invocation ids). */
export function uuid4(random: () => number): string {
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = Math.floor(random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
