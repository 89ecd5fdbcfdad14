/**
 * Streaming response payloads (S3 GetObject `Body`, …) as a web `ReadableStream` — the same type in Node
 * and the browser — with `text()` and `bytes()` helpers for callers who want the whole thing. Nothing is
 * read until the caller reads, so a 1 GiB object never sits in memory.
 */

export interface StreamingBody extends ReadableStream<Uint8Array> {
  /** Reads the rest of the stream and decodes it as UTF-8. */
  text(): Promise<string>;
  /** Reads the rest of the stream into one buffer. */
  bytes(): Promise<Uint8Array>;
}

/** Where a StreamingBody keeps the chunks it was made from, for readableChunks to take them directly. */
const SOURCE = Symbol('isoaws.streamingBody.source');

export function toStreamingBody(source: AsyncIterable<Uint8Array>): StreamingBody {
  const iterator = source[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
      // No read ahead: nothing is pulled before the caller reads, so readableChunks can bypass the stream.
    },
    { highWaterMark: 0 },
  ) as StreamingBody;
  Object.defineProperty(stream, SOURCE, { value: iterator });
  stream.bytes = async () => concatBytes(await collect(readableChunks(stream)));
  stream.text = async () => new TextDecoder().decode(await stream.bytes());
  return stream;
}

/**
 * The chunks of a web ReadableStream (a Blob's `stream()`, a response body; none for fetch's null body)
 * through its reader, which every runtime has.
 */
export async function* readableChunks(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const source = (stream as { [SOURCE]?: AsyncIterator<Uint8Array> })[SOURCE];
  const reader = stream.getReader();
  try {
    if (source) {
      // Our own body, not yet read (the reader just taken locks it): its chunks straight from where they
      // come, without a web stream's promise per chunk (a 1 GiB download is sixteen thousand chunks).
      for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
      return;
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Reads an async iterable of chunks to the end. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
