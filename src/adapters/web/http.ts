/**
 * The browser transport: `window.fetch`. Request bodies go as bytes or a Blob (browsers cannot stream
 * a request body over HTTP/1.1, so an async-iterable body is gathered into a Blob first); the response
 * body is handed on as an async iterable over the fetch stream, so large downloads are not buffered.
 */
import { AbortedError, NetworkError } from '../../core/errors.js';
import type { HttpRequest, HttpResponse, SendOptions } from '../../core/host.js';
import { bareObject } from '../../core/own.js';
import { hasDotSegment } from '../../core/request-url.js';
import { readableChunks } from '../../core/streaming-body.js';

/** Headers the browser sets itself and refuses to take from script. */
const BROWSER_OWNED = new Set(['host', 'content-length', 'user-agent', 'expect', 'connection', 'transfer-encoding']);

export function createFetchTransport(fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)) {
  return async function send(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
    const headers = Object.entries(req.headers).filter(([k]) => !BROWSER_OWNED.has(k.toLowerCase()));
    let body: BodyInit | undefined;
    if (req.body instanceof Uint8Array || req.body instanceof Blob) body = req.body as BodyInit;
    else if (req.body) body = await gather(req.body);
    // fetch would send `/b/x/../k` as `/b/k`: another key than the one signed, and for a delete, another object.
    if (hasDotSegment(req.url)) {
      throw new NetworkError(
        new URL(req.url).origin,
        `A web page cannot send "${req.url}": browsers collapse its "." and ".." path segments, so another path than the one given would be requested.`,
      );
    }
    let response: Response;
    try {
      response = await fetchImpl(req.url, {
        method: req.method,
        headers,
        body,
        signal: opts.signal,
        mode: 'cors',
        credentials: 'omit',
      });
    } catch (err) {
      if (opts.signal?.aborted) throw new AbortedError(undefined, { cause: err });
      // A page is told nothing more: an unreachable host and a refusal under CORS look the same to it.
      throw new NetworkError(
        new URL(req.url).origin,
        `Could not connect to the endpoint URL: "${req.url}". The browser gives no reason: the endpoint may be unreachable, or it does not allow cross-origin requests (CORS) from this page.`,
        { cause: err },
      );
    }
    const responseHeaders: Record<string, string> = bareObject();
    response.headers.forEach((value, key) => {
      responseHeaders[key.toLowerCase()] = value;
    });
    return { statusCode: response.status, headers: responseHeaders, body: bodyOf(response, req.url, opts.signal) };
  };
}

/** A response body whose failure part-way is a NetworkError, as the Node transport's is (a download reads on after it). */
async function* bodyOf(response: Response, url: string, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  try {
    yield* readableChunks(response.body);
  } catch (err) {
    if (signal?.aborted) throw new AbortedError(undefined, { cause: err });
    throw new NetworkError(
      new URL(url).origin,
      `An error occurred while reading from response stream: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

async function gather(source: AsyncIterable<Uint8Array>): Promise<Blob> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source) parts.push(chunk);
  return new Blob(parts as BlobPart[]);
}
