/**
 * Reading an object's bytes (GetObject) to the end even when the connection breaks part-way: after a
 * network error or an early end in the body, the rest is asked for again with `Range` from the first
 * byte not yet received and `If-Match` the object's ETag, so a changed object fails (412) rather than
 * two versions being spliced into one file. s3transfer retries a download's GET up to 5 times; here
 * the retry continues where the bytes stopped instead of starting the part again.
 *
 * Every ranged answer is checked against the range asked for (`Content-Range`): a server that ignores
 * `Range` and sends the whole object would otherwise put the wrong bytes at each part's place.
 */
import type { Client } from '../client.js';
import { IsoawsError, NetworkError } from '../errors.js';
import { readableChunks } from '../streaming-body.js';

/** Reads of one body in all, the first included (s3transfer's num_download_attempts). */
const BODY_ATTEMPTS = 5;

export interface ObjectRead {
  Bucket: string;
  Key: string;
  /** Further GetObject parameters (the SSE-C key, RequestPayer, VersionId, …). */
  extra?: Record<string, unknown>;
  /** The bytes wanted, `[start, end)`; the whole object when absent. */
  range?: { start: number; end: number };
  /**
   * The version read: known from a listing or a HeadObject (asked for by ranged reads), else taken from
   * the first answer; every read after a break asks for it (If-Match).
   */
  etag?: string;
  signal?: AbortSignal;
  /** A buffer the bytes may be read straight into (a ranged part's; SendOptions.bodyInto). */
  into?: Uint8Array;
}

/**
 * The object's bytes in order, read again from where they stopped when a read fails part-way. `first`
 * is an answer already received (`s3api get-object`'s), whose `Content-Range` or length says which
 * bytes it holds.
 */
export async function* readObject(
  client: Client,
  read: ObjectRead,
  first?: Record<string, unknown>,
): AsyncGenerator<Uint8Array> {
  const given = first && answered(first);
  let { start, end } = given?.range ?? read.range ?? { start: 0, end: undefined as number | undefined };
  let etag = read.etag;
  let at = start;
  for (let attempt = 1; ; attempt++) {
    let body: AsyncIterable<Uint8Array>;
    try {
      // A first whole-object read asks for no version, as the AWS CLI's does; a ranged one, the listed one.
      const out =
        given && attempt === 1
          ? given
          : await getObject(client, read, at, end, attempt > 1 ? etag : read.range && read.etag);
      etag ??= out.etag;
      end ??= at + out.length;
      body = out.body;
    } catch (err) {
      // A request that fails before its answer is retried by the client itself; not again here.
      if (attempt === 1 || !(err instanceof NetworkError) || attempt >= BODY_ATTEMPTS) throw err;
      continue;
    }
    try {
      for await (const chunk of body) {
        at += chunk.length;
        if (at > end)
          throw new IsoawsError(
            `The response for s3://${read.Bucket}/${read.Key} has more bytes than the ${end - start} asked for.`,
          );
        yield chunk;
      }
      if (at === end) return;
      throw new NetworkError(
        '',
        `An error occurred while reading from response stream: the response ended after ${at - start} of ${end - start} bytes`,
      );
    } catch (err) {
      if (!(err instanceof NetworkError) || etag === undefined || attempt >= BODY_ATTEMPTS) throw err;
    }
    start = at;
  }
}

/** One GetObject of `[from, end)` (or the whole object), checked to answer what was asked. */
async function getObject(
  client: Client,
  read: ObjectRead,
  from: number,
  end: number | undefined,
  etag: string | undefined,
) {
  const ranged = read.range !== undefined || from > 0;
  const params: Record<string, unknown> = { ...read.extra, Bucket: read.Bucket, Key: read.Key };
  if (ranged) params.Range = `bytes=${from}-${end === undefined ? '' : end - 1}`;
  if (etag !== undefined) params.IfMatch = etag;
  const into = read.into && read.range ? read.into.subarray(from - read.range.start) : undefined;
  const out = await client.send('s3', 'GetObject', params, { signal: read.signal, bodyInto: into });
  const answer = answered(out);
  if (ranged && (answer.range?.start !== from || (end !== undefined && answer.range.end !== end))) {
    // Started and let go, the body gives its connection up (left unread, it would hold it).
    await answer.body.next();
    await answer.body.return(undefined);
    const asked = `bytes ${from}-${end === undefined ? '' : end - 1}`;
    const got = out.ContentRange === undefined ? 'the whole object' : `"${String(out.ContentRange)}"`;
    throw new IsoawsError(
      `Asked for ${asked} of s3://${read.Bucket}/${read.Key}, the server answered with ${got}: the file would not hold the object's bytes.`,
    );
  }
  return answer;
}

/** A GetObject answer's body, length, version, and the bytes it holds when it says (`Content-Range`). */
function answered(out: Record<string, unknown>) {
  const length = Number(out.ContentLength ?? 0);
  const range = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(String(out.ContentRange ?? ''));
  return {
    body: readableChunks(out.Body as ReadableStream<Uint8Array>),
    length,
    etag: out.ETag as string | undefined,
    range: range ? { start: Number(range[1]), end: Number(range[1]) + length } : undefined,
  };
}
