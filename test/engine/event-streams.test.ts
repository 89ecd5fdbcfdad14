/**
 * Event-stream outputs through the whole request path (createClient over an in-memory host): the
 * member is an async iterable of events read as they arrive, shaped as the model's event shapes say,
 * for rest-xml (S3 Select), rest-json (Lambda, Bedrock) and json (CloudWatch Logs' initial-response);
 * error and exception messages become ServiceErrors, damaged streams EventStreamDecodeErrors. Header
 * members, which no bundled model has, are covered by botocore's legacy rest-xml suite (test/conformance).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { EventStreamDecodeError, ServiceError } from '../../src/core/errors.js';
import type { HttpResponse } from '../../src/core/host.js';
import { concat, errorMessage, eventMessage, exceptionMessage } from '../support/event-stream.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SELECT = {
  Bucket: 'b',
  Key: 'people.csv',
  Expression: 'select * from s3object',
  ExpressionType: 'SQL',
  InputSerialization: { CSV: {} },
  OutputSerialization: { CSV: {} },
};
const STATS =
  '<Stats><BytesScanned>24</BytesScanned><BytesProcessed>24</BytesProcessed><BytesReturned>8</BytesReturned></Stats>';
const PROGRESS =
  '<Progress><BytesScanned>12</BytesScanned><BytesProcessed>12</BytesProcessed><BytesReturned>4</BytesReturned></Progress>';
const records = (text: string) => eventMessage('Records', text, { ':content-type': 'application/octet-stream' });

/** A 200 answer whose body is `bytes` in chunks of `size` bytes, recording whether its reader closed it. */
function streamed(bytes: Uint8Array, size: number, headers: Record<string, string> = {}) {
  const state = { closed: false, chunksRead: 0 };
  const response: HttpResponse = {
    statusCode: 200,
    headers,
    body: (async function* () {
      try {
        for (let i = 0; i < bytes.length; i += size) {
          state.chunksRead++;
          yield bytes.slice(i, i + size);
        }
      } finally {
        state.closed = true;
      }
    })(),
  };
  return { response, state };
}

async function events(iterable: unknown): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of iterable as AsyncIterable<unknown>) out.push(event);
  return out;
}

const text = (bytes: unknown) => new TextDecoder().decode(bytes as Uint8Array);

describe('S3 SelectObjectContent (rest-xml)', () => {
  const body = concat(
    records('name,age\nada,'),
    records('36\n'),
    eventMessage('Progress', PROGRESS, { ':content-type': 'text/xml' }),
    eventMessage('Cont'),
    eventMessage('NewKindOfEvent', 'ignored'),
    eventMessage('Stats', STATS, { ':content-type': 'text/xml' }),
    eventMessage('End'),
  );

  it('yields each event as the model shapes it, whatever the chunks, skipping events it does not know', async () => {
    for (const size of [1, 7, 64, body.length]) {
      const { response } = streamed(body, size, { 'x-amz-request-id': 'req-1' });
      const host = createMemoryHost(() => response);
      const aws = createClient(host, { region: 'us-east-1', credentials });
      const out = await aws.send('s3', 'SelectObjectContent', SELECT);
      expect(out.$metadata).toMatchObject({ httpStatusCode: 200, requestId: 'req-1' });
      const got = await events(out.Payload);
      expect(got.map((e) => Object.keys(e as object)[0])).toEqual([
        'Records',
        'Records',
        'Progress',
        'Cont',
        'Stats',
        'End',
      ]);
      expect(got.slice(0, 2).map((e) => text((e as { Records: { Payload: Uint8Array } }).Records.Payload))).toEqual([
        'name,age\nada,',
        '36\n',
      ]);
      expect(got.slice(2)).toEqual([
        { Progress: { Details: { BytesScanned: 12, BytesProcessed: 12, BytesReturned: 4 } } },
        { Cont: {} },
        { Stats: { Details: { BytesScanned: 24, BytesProcessed: 24, BytesReturned: 8 } } },
        { End: {} },
      ]);
    }
  });

  it('reads nothing before the caller iterates, and closes the body when the caller stops early', async () => {
    const { response, state } = streamed(body, 16);
    const host = createMemoryHost(() => response);
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('s3', 'SelectObjectContent', SELECT);
    expect(state.chunksRead).toBe(0);
    for await (const event of out.Payload as AsyncIterable<object>) {
      expect(Object.keys(event)).toEqual(['Records']);
      break;
    }
    expect(state.closed).toBe(true);
    expect(state.chunksRead).toBeLessThan(body.length / 16);
  });

  it('closes the body when the caller gives the events up before reading any', async () => {
    let returned = 0;
    const chunks = [body];
    const source: AsyncIterableIterator<Uint8Array> = {
      next: async () => (chunks.length ? { done: false, value: chunks.shift()! } : { done: true, value: undefined }),
      return: async () => {
        returned++;
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    const host = createMemoryHost(() => ({ statusCode: 200, headers: {}, body: source }));
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('s3', 'SelectObjectContent', SELECT);
    await (out.Payload as AsyncIterator<unknown>).return!();
    expect(returned).toBe(1);
    expect(chunks).toHaveLength(1);
  });

  it('throws an error message as the service’s error, after the records before it', async () => {
    const failing = concat(
      records('a,1\n'),
      errorMessage('InternalError', 'We encountered an internal error. Please try again.'),
      records('never read\n'),
    );
    const host = createMemoryHost(() => streamed(failing, 10, { 'x-amz-request-id': 'req-2' }).response);
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('s3', 'SelectObjectContent', SELECT);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of out.Payload as AsyncIterable<unknown>) seen.push(event);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      code: 'InternalError',
      message: 'We encountered an internal error. Please try again.',
      statusCode: 400,
      requestId: 'req-2',
      service: 's3',
      operation: 'SelectObjectContent',
    });
    expect(host.requests).toHaveLength(1);
  });

  it('throws a damaged message as an EventStreamDecodeError naming it, and does not retry', async () => {
    const good = records('a,1\n');
    const damaged = concat(good, records('b,2\n'));
    damaged[good.length + 40]! ^= 0x20;
    const host = createMemoryHost(() => streamed(damaged, 8).response);
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('s3', 'SelectObjectContent', SELECT);
    const error = await events(out.Payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStreamDecodeError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Checksum mismatch: .* \\(event stream message 2, at byte ${good.length} of the response\\)$`),
    );
    expect(host.requests).toHaveLength(1);
  });

  it('names the event whose payload is not XML', async () => {
    const host = createMemoryHost(() => streamed(eventMessage('Stats', '<Stats><Bytes'), 64).response);
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('s3', 'SelectObjectContent', SELECT);
    const error = await events(out.Payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStreamDecodeError);
    expect((error as Error).message).toMatch(
      /^The payload of the Stats event could not be read: .*\(event stream message 1\)$/,
    );
  });

  it('reads an HTTP error as any other call’s, with no events', async () => {
    const host = createMemoryHost(() =>
      reply(404, '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'),
    );
    const aws = createClient(host, { region: 'us-east-1', credentials });
    await expect(aws.send('s3', 'SelectObjectContent', SELECT)).rejects.toMatchObject({
      code: 'NoSuchKey',
      statusCode: 404,
    });
  });
});

describe('rest-json streams', () => {
  it('Lambda InvokeWithResponseStream: header members in the output, blob and JSON events', async () => {
    const body = concat(
      eventMessage('PayloadChunk', '{"partial": '),
      eventMessage('PayloadChunk', 'true}'),
      eventMessage('InvokeComplete', '{"LogResult": "bG9n"}', { ':content-type': 'application/json' }),
    );
    const host = createMemoryHost(
      () =>
        streamed(body, 5, { 'x-amz-executed-version': '$LATEST', 'content-type': 'application/vnd.amazon.eventstream' })
          .response,
    );
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('lambda', 'InvokeWithResponseStream', { FunctionName: 'f' });
    expect(out).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    const got = (await events(out.EventStream)) as Array<Record<string, Record<string, unknown>>>;
    expect(got.slice(0, 2).map((e) => text(e.PayloadChunk!.Payload))).toEqual(['{"partial": ', 'true}']);
    expect(got[2]).toEqual({ InvokeComplete: { LogResult: 'bG9n' } });
  });

  it('Bedrock ConverseStream: a modeled exception is thrown with its code, message and members', async () => {
    const body = concat(
      eventMessage('contentBlockDelta', '{"delta": {"text": "Hel"}, "contentBlockIndex": 0}'),
      exceptionMessage('throttlingException', '{"message": "Too many tokens, please wait."}'),
    );
    const host = createMemoryHost(() => streamed(body, 13, { 'x-amzn-requestid': 'req-b' }).response);
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('bedrock-runtime', 'ConverseStream', { modelId: 'm' });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of out.stream as AsyncIterable<unknown>) seen.push(event);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ contentBlockDelta: { delta: { text: 'Hel' }, contentBlockIndex: 0 } }]);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      code: 'throttlingException',
      message: 'Too many tokens, please wait.',
      statusCode: 400,
      requestId: 'req-b',
      service: 'bedrock-runtime',
      operation: 'ConverseStream',
      data: { message: 'Too many tokens, please wait.' },
    });
  });
});

describe('json streams: the initial-response holds the output', () => {
  const start = eventMessage('sessionStart', '{"requestId": "r-1", "sessionId": "s-1", "logGroupIdentifiers": ["g"]}');

  it('CloudWatch Logs StartLiveTail: the output’s members first, then the events', async () => {
    const body = concat(
      eventMessage('initial-response', '{}'),
      start,
      eventMessage('sessionUpdate', '{"sessionResults": []}'),
    );
    const host = createMemoryHost(() => streamed(body, 9).response);
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('logs', 'StartLiveTail', { logGroupIdentifiers: ['g'] });
    expect(await events(out.responseStream)).toEqual([
      { sessionStart: { requestId: 'r-1', sessionId: 's-1', logGroupIdentifiers: ['g'] } },
      { sessionUpdate: { sessionResults: [] } },
    ]);
  });

  it('refuses a stream that does not start with one, in botocore’s words', async () => {
    const host = createMemoryHost(() => streamed(start, 64).response);
    const aws = createClient(host, { region: 'us-east-1', credentials });
    await expect(aws.send('logs', 'StartLiveTail', { logGroupIdentifiers: ['g'] })).rejects.toThrow(
      new EventStreamDecodeError('First event was not of type initial-response (event stream message 1)'),
    );
  });

  it('throws a modeled exception sent in its place', async () => {
    const host = createMemoryHost(
      () => streamed(exceptionMessage('SessionTimeoutException', '{"message": "3 hours"}'), 64).response,
    );
    const aws = createClient(host, { region: 'us-east-1', credentials });
    await expect(aws.send('logs', 'StartLiveTail', { logGroupIdentifiers: ['g'] })).rejects.toMatchObject({
      code: 'SessionTimeoutException',
      message: '3 hours',
      service: 'logs',
    });
  });
});
