import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handlers } from '../../src/sandbox/services/sqs/index.js';
import { harness, type Harness } from './support.js';

const URL_BASE = 'https://sqs.us-east-1.amazonaws.com/123456789012';

type Message = {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  MD5OfBody: string;
  MD5OfMessageAttributes?: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>;
};

async function fails(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; message: string },
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(error!.code).toBe(code);
  if (message) expect(error!.message).toMatch(message);
}

async function withQueue(name = 'q', Attributes?: Record<string, string>): Promise<{ h: Harness; url: string }> {
  const h = harness('sqs', handlers);
  const { output } = await h.call('CreateQueue', { QueueName: name, Attributes });
  return { h, url: output.QueueUrl as string };
}

async function receive(h: Harness, url: string, extra: Record<string, unknown> = {}): Promise<Message[]> {
  const { output } = await h.call('ReceiveMessage', { QueueUrl: url, ...extra });
  return (output.Messages as Message[] | undefined) ?? [];
}

async function attributes(h: Harness, url: string, ...names: string[]): Promise<Record<string, string>> {
  const { output } = await h.call('GetQueueAttributes', { QueueUrl: url, AttributeNames: names });
  return (output.Attributes as Record<string, string> | undefined) ?? {};
}

/** An encoder of SQS's attribute digest written apart from the sandbox's, over node:crypto. */
function referenceMd5(attrs: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>) {
  const hash = createHash('md5');
  const field = (bytes: Uint8Array) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attrs).sort()) {
    const a = attrs[name]!;
    field(Buffer.from(name));
    field(Buffer.from(a.DataType));
    hash.update(Buffer.from([a.BinaryValue ? 2 : 1]));
    field(a.BinaryValue ? Buffer.from(a.BinaryValue) : Buffer.from(a.StringValue!));
  }
  return hash.digest('hex');
}

describe('queues', () => {
  it('creates a queue idempotently and refuses the same name with other attributes', async () => {
    const { h, url } = await withQueue('jobs', { VisibilityTimeout: '45' });
    expect(url).toBe(`${URL_BASE}/jobs`);
    const again = await h.call('CreateQueue', { QueueName: 'jobs', Attributes: { VisibilityTimeout: '45' } });
    expect(again.output.QueueUrl).toBe(url);
    await fails(
      h.call('CreateQueue', { QueueName: 'jobs', Attributes: { VisibilityTimeout: '10' } }),
      'QueueAlreadyExists',
      /VisibilityTimeout/,
    );
    expect((await h.call('GetQueueUrl', { QueueName: 'jobs' })).output.QueueUrl).toBe(url);
    await fails(h.call('GetQueueUrl', { QueueName: 'nope' }), 'AWS.SimpleQueueService.NonExistentQueue');
  });

  it('checks names and attribute values', async () => {
    const h = harness('sqs', handlers);
    await fails(h.call('CreateQueue', { QueueName: 'bad name' }), 'InvalidParameterValue');
    await fails(h.call('CreateQueue', { QueueName: 'x.fifo' }), 'InvalidParameterValue');
    await fails(h.call('CreateQueue', { QueueName: 'f', Attributes: { FifoQueue: 'true' } }), 'InvalidParameterValue');
    await fails(
      h.call('CreateQueue', { QueueName: 'q', Attributes: { VisibilityTimeout: '50000' } }),
      'InvalidAttributeValue',
    );
    await fails(
      h.call('CreateQueue', { QueueName: 'q', Attributes: { ContentBasedDeduplication: 'true' } }),
      'InvalidAttributeName',
    );
  });

  it('reports attributes as strings, All in full', async () => {
    const { h, url } = await withQueue();
    const all = await attributes(h, url, 'All');
    expect(all).toMatchObject({
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:q',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      VisibilityTimeout: '30',
      DelaySeconds: '0',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      CreatedTimestamp: String(Date.parse('2026-12-01T12:00:00Z') / 1000),
    });
    expect(all.FifoQueue).toBeUndefined();
    expect(await attributes(h, url)).toEqual({});
    await fails(attributes(h, url, 'Colour'), 'InvalidAttributeName');

    h.clock.now = new Date('2026-12-01T12:05:00Z');
    await h.call('SetQueueAttributes', { QueueUrl: url, Attributes: { DelaySeconds: '5', Policy: '{"a":1}' } });
    expect(await attributes(h, url, 'DelaySeconds', 'Policy', 'LastModifiedTimestamp')).toEqual({
      DelaySeconds: '5',
      Policy: '{"a":1}',
      LastModifiedTimestamp: String(Date.parse('2026-12-01T12:05:00Z') / 1000),
    });
    await fails(
      h.call('SetQueueAttributes', { QueueUrl: url, Attributes: { ApproximateNumberOfMessages: '3' } }),
      'InvalidAttributeName',
    );
  });

  it('lists by prefix with pages, tags, purges and deletes', async () => {
    const h = harness('sqs', handlers);
    for (const name of ['a1', 'a2', 'a3', 'b1']) await h.call('CreateQueue', { QueueName: name });
    expect((await h.call('ListQueues', { QueueNamePrefix: 'a' })).output).toEqual({
      QueueUrls: [`${URL_BASE}/a1`, `${URL_BASE}/a2`, `${URL_BASE}/a3`],
    });
    const first = await h.call('ListQueues', { MaxResults: 3 });
    expect(first.output.QueueUrls).toHaveLength(3);
    const second = await h.call('ListQueues', { MaxResults: 3, NextToken: first.output.NextToken });
    expect(second.output).toEqual({ QueueUrls: [`${URL_BASE}/b1`] });
    expect((await h.call('ListQueues', { QueueNamePrefix: 'z' })).output).toEqual({});

    const url = `${URL_BASE}/a1`;
    await h.call('TagQueue', { QueueUrl: url, Tags: { team: 'x', env: 'dev' } });
    await h.call('UntagQueue', { QueueUrl: url, TagKeys: ['env'] });
    expect((await h.call('ListQueueTags', { QueueUrl: url })).output).toEqual({ Tags: { team: 'x' } });

    await h.call('SendMessage', { QueueUrl: url, MessageBody: 'm' });
    await h.call('PurgeQueue', { QueueUrl: url });
    expect(await attributes(h, url, 'ApproximateNumberOfMessages')).toEqual({ ApproximateNumberOfMessages: '0' });
    await fails(h.call('PurgeQueue', { QueueUrl: url }), 'AWS.SimpleQueueService.PurgeQueueInProgress');

    // Any host will do: the path names the queue.
    await h.call('DeleteQueue', { QueueUrl: 'http://localhost:4566/123456789012/a1' });
    await fails(h.call('GetQueueAttributes', { QueueUrl: url }), 'AWS.SimpleQueueService.NonExistentQueue');
    await fails(h.call('SendMessage', { QueueUrl: url, MessageBody: 'm' }), 'AWS.SimpleQueueService.NonExistentQueue');
  });
});

describe('messages', () => {
  it('answers the MD5 digests of body and attributes as SQS does', async () => {
    const { h, url } = await withQueue();
    const one = await h.call('SendMessage', { QueueUrl: url, MessageBody: 'one' });
    expect(one.output.MD5OfMessageBody).toBe('f97c5d29941bfb1b2fdab0874906ab82');
    expect(one.output.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(one.output.MD5OfMessageAttributes).toBeUndefined();

    const kind = { kind: { DataType: 'String', StringValue: 'test' } };
    const two = await h.call('SendMessage', { QueueUrl: url, MessageBody: 'two', MessageAttributes: kind });
    expect(two.output.MD5OfMessageBody).toBe('b8a9f715dbb64fd5c56e7783c6820a61');
    expect(two.output.MD5OfMessageAttributes).toBe(referenceMd5(kind));

    const mixed = {
      zeta: { DataType: 'Number', StringValue: '42' },
      alpha: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
      'custom.name': { DataType: 'String.custom', StringValue: 'héllo' },
    };
    const three = await h.call('SendMessage', { QueueUrl: url, MessageBody: 'three', MessageAttributes: mixed });
    expect(three.output.MD5OfMessageAttributes).toBe(referenceMd5(mixed));

    const [got] = await receive(h, url, { MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] });
    expect(got).toMatchObject({ Body: 'one', MD5OfBody: 'f97c5d29941bfb1b2fdab0874906ab82' });
    expect(await attributes(h, url, 'ApproximateNumberOfMessages')).toEqual({ ApproximateNumberOfMessages: '0' });
  });

  it('refuses malformed attributes and bodies', async () => {
    const { h, url } = await withQueue();
    const send = (extra: Record<string, unknown>) =>
      h.call('SendMessage', { QueueUrl: url, MessageBody: 'b', ...extra });
    await fails(send({ MessageAttributes: { a: { DataType: 'Text', StringValue: 'x' } } }), 'InvalidParameterValue');
    await fails(send({ MessageAttributes: { a: { DataType: 'Number', StringValue: 'x' } } }), 'InvalidParameterValue');
    await fails(send({ MessageAttributes: { a: { DataType: 'String' } } }), 'InvalidParameterValue');
    await fails(h.call('SendMessage', { QueueUrl: url, MessageBody: 'a\u0000b' }), 'InvalidMessageContents');
    await fails(h.call('SendMessage', { QueueUrl: url }), 'MissingParameter');
  });

  it('returns attributes as asked and hides a received message for its visibility timeout', async () => {
    const { h, url } = await withQueue();
    await h.call('SendMessage', {
      QueueUrl: url,
      MessageBody: 'hello',
      MessageAttributes: {
        colour: { DataType: 'String', StringValue: 'red' },
        size: { DataType: 'Number', StringValue: '3' },
      },
    });
    const [first] = await receive(h, url, {
      AttributeNames: ['All'],
      MessageAttributeNames: ['colour'],
      VisibilityTimeout: 10,
    });
    expect(first!.Attributes).toEqual({
      SenderId: '123456789012',
      SentTimestamp: String(Date.parse('2026-12-01T12:00:00Z')),
      ApproximateReceiveCount: '1',
      ApproximateFirstReceiveTimestamp: String(Date.parse('2026-12-01T12:00:00Z')),
    });
    expect(first!.MessageAttributes).toEqual({ colour: { DataType: 'String', StringValue: 'red' } });
    expect(first!.MD5OfMessageAttributes).toBe(referenceMd5({ colour: { DataType: 'String', StringValue: 'red' } }));
    expect(await receive(h, url)).toEqual([]);
    expect(await attributes(h, url, 'ApproximateNumberOfMessagesNotVisible')).toEqual({
      ApproximateNumberOfMessagesNotVisible: '1',
    });

    h.clock.now = new Date('2026-12-01T12:00:11Z');
    const [second] = await receive(h, url, { AttributeNames: ['ApproximateReceiveCount'] });
    expect(second!.MessageId).toBe(first!.MessageId);
    expect(second!.ReceiptHandle).not.toBe(first!.ReceiptHandle);
    expect(second!.Attributes).toEqual({ ApproximateReceiveCount: '2' });

    // The older handle no longer deletes; the latest does.
    await h.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: first!.ReceiptHandle });
    expect(await attributes(h, url, 'ApproximateNumberOfMessagesNotVisible')).toEqual({
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    await h.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: second!.ReceiptHandle });
    expect(await attributes(h, url, 'ApproximateNumberOfMessagesNotVisible')).toEqual({
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    await fails(h.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: 'garbage' }), 'ReceiptHandleIsInvalid');
  });

  it('changes visibility, and delays messages', async () => {
    const { h, url } = await withQueue();
    await h.call('SendMessage', { QueueUrl: url, MessageBody: 'later', DelaySeconds: 5 });
    expect(await attributes(h, url, 'ApproximateNumberOfMessagesDelayed')).toEqual({
      ApproximateNumberOfMessagesDelayed: '1',
    });
    expect(await receive(h, url)).toEqual([]);
    h.clock.now = new Date('2026-12-01T12:00:05Z');
    const [m] = await receive(h, url);
    await h.call('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: m!.ReceiptHandle, VisibilityTimeout: 0 });
    const [again] = await receive(h, url);
    expect(again!.MessageId).toBe(m!.MessageId);
    await fails(
      h.call('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: m!.ReceiptHandle, VisibilityTimeout: 5 }),
      'InvalidParameterValue',
      /expired/,
    );
    const batch = await h.call('ChangeMessageVisibilityBatch', {
      QueueUrl: url,
      Entries: [
        { Id: 'ok', ReceiptHandle: again!.ReceiptHandle, VisibilityTimeout: 0 },
        { Id: 'bad', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
      ],
    });
    expect(batch.output.Successful).toEqual([{ Id: 'ok' }]);
    expect(batch.output.Failed).toEqual([
      { Id: 'bad', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: expect.any(String) },
    ]);
  });

  it('sends, receives and deletes in batches', async () => {
    const { h, url } = await withQueue();
    const sent = await h.call('SendMessageBatch', {
      QueueUrl: url,
      Entries: [
        { Id: 'a', MessageBody: 'A' },
        { Id: 'b', MessageBody: 'B', DelaySeconds: 1000 },
        { Id: 'c', MessageBody: 'C' },
      ],
    });
    expect((sent.output.Successful as { Id: string }[]).map((s) => s.Id)).toEqual(['a', 'c']);
    expect(sent.output.Failed).toMatchObject([{ Id: 'b', Code: 'InvalidParameterValue', SenderFault: true }]);
    await fails(h.call('SendMessageBatch', { QueueUrl: url, Entries: [] }), 'AWS.SimpleQueueService.EmptyBatchRequest');
    await fails(
      h.call('SendMessageBatch', {
        QueueUrl: url,
        Entries: [
          { Id: 'x', MessageBody: '1' },
          { Id: 'x', MessageBody: '2' },
        ],
      }),
      'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    );

    const got = await receive(h, url, { MaxNumberOfMessages: 10 });
    expect(got.map((m) => m.Body)).toEqual(['A', 'C']);
    const deleted = await h.call('DeleteMessageBatch', {
      QueueUrl: url,
      Entries: got.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
    });
    expect(deleted.output).toEqual({ Successful: [{ Id: 'd0' }, { Id: 'd1' }], Failed: [] });
    expect(await attributes(h, url, 'ApproximateNumberOfMessagesNotVisible')).toEqual({
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('drops messages past the retention period and redrives to a dead-letter queue', async () => {
    const h = harness('sqs', handlers);
    await h.call('CreateQueue', { QueueName: 'dlq' });
    const url = (
      await h.call('CreateQueue', {
        QueueName: 'work',
        Attributes: {
          MessageRetentionPeriod: '120',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
            maxReceiveCount: '2',
          }),
        },
      })
    ).output.QueueUrl as string;
    expect(await attributes(h, url, 'RedrivePolicy')).toEqual({
      RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":2}',
    });
    await h.call('SendMessage', { QueueUrl: url, MessageBody: 'poison' });
    for (let i = 0; i < 2; i++) expect(await receive(h, url, { VisibilityTimeout: 0 })).toHaveLength(1);
    expect(await receive(h, url)).toEqual([]);
    const [dead] = await receive(h, `${URL_BASE}/dlq`, { AttributeNames: ['DeadLetterQueueSourceArn'] });
    expect(dead).toMatchObject({
      Body: 'poison',
      Attributes: { DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:123456789012:work' },
    });

    await h.call('SendMessage', { QueueUrl: url, MessageBody: 'old' });
    h.clock.now = new Date('2026-12-01T12:02:00Z');
    expect(await attributes(h, url, 'ApproximateNumberOfMessages')).toEqual({ ApproximateNumberOfMessages: '0' });
    expect(await receive(h, url)).toEqual([]);
  });

  it('waits for a message on a long poll and returns it before the wait ends', async () => {
    const { h, url } = await withQueue();
    const started = Date.now();
    const polling = receive(h, url, { WaitTimeSeconds: 5 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await h.call('SendMessage', { QueueUrl: url, MessageBody: 'arrived' });
    const got = await polling;
    expect(got.map((m) => m.Body)).toEqual(['arrived']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends a long poll at once when the request is cancelled, not at the end of the wait', async () => {
    const { h, url } = await withQueue();
    const cancel = new AbortController();
    const started = Date.now();
    const polling = h.call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 }, { signal: cancel.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    cancel.abort();
    expect((await polling).output.Messages).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends a long poll empty when the wait is over', async () => {
    const { h, url } = await withQueue('q', { ReceiveMessageWaitTimeSeconds: '1' });
    const started = Date.now();
    expect(await receive(h, url)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('FIFO queues', () => {
  const fifo = (extra: Record<string, string> = {}) => withQueue('orders.fifo', { FifoQueue: 'true', ...extra });

  it('needs a group id and a deduplication id (or content-based deduplication)', async () => {
    const { h, url } = await fifo();
    expect(await attributes(h, url, 'FifoQueue', 'ContentBasedDeduplication')).toEqual({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
    });
    await fails(
      h.call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' }),
      'MissingParameter',
      /MessageGroupId/,
    );
    await fails(
      h.call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' }),
      'InvalidParameterValue',
      /ContentBasedDeduplication/,
    );
  });

  it('deduplicates within five minutes and numbers messages in sequence', async () => {
    const { h, url } = await fifo({ ContentBasedDeduplication: 'true' });
    const send = (body: string, extra: Record<string, unknown> = {}) =>
      h.call('SendMessage', { QueueUrl: url, MessageBody: body, MessageGroupId: 'g', ...extra });
    const a = await send('same');
    const b = await send('same');
    expect(b.output.MessageId).toBe(a.output.MessageId);
    expect(b.output.SequenceNumber).toBe(a.output.SequenceNumber);
    const c = await send('other');
    expect(String(c.output.SequenceNumber)).toMatch(/^\d{20}$/);
    expect(BigInt(c.output.SequenceNumber as string) > BigInt(a.output.SequenceNumber as string)).toBe(true);
    const d1 = await send('x', { MessageDeduplicationId: 'explicit' });
    const d2 = await send('y', { MessageDeduplicationId: 'explicit' });
    expect(d2.output.MessageId).toBe(d1.output.MessageId);
    expect(await attributes(h, url, 'ApproximateNumberOfMessages')).toEqual({ ApproximateNumberOfMessages: '3' });

    h.clock.now = new Date('2026-12-01T12:05:00Z');
    const e = await send('same');
    expect(e.output.MessageId).not.toBe(a.output.MessageId);
  });

  it('delivers a group in order, one in-flight batch at a time', async () => {
    const { h, url } = await fifo({ ContentBasedDeduplication: 'true' });
    for (const [group, body] of [
      ['g1', 'g1-a'],
      ['g2', 'g2-a'],
      ['g1', 'g1-b'],
      ['g1', 'g1-c'],
      ['g2', 'g2-b'],
    ])
      await h.call('SendMessage', { QueueUrl: url, MessageBody: body, MessageGroupId: group });

    const first = await receive(h, url, { MaxNumberOfMessages: 2, AttributeNames: ['MessageGroupId'] });
    expect(first.map((m) => m.Body)).toEqual(['g1-a', 'g2-a']);
    // Both groups are in flight: nothing more until they are deleted or become visible.
    expect(await receive(h, url, { MaxNumberOfMessages: 10 })).toEqual([]);
    await h.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: first[0]!.ReceiptHandle });
    const next = await receive(h, url, { MaxNumberOfMessages: 10 });
    expect(next.map((m) => m.Body)).toEqual(['g1-b', 'g1-c']);

    // A message that comes back (visibility over) goes out again before the rest of its group.
    h.clock.now = new Date('2026-12-01T12:00:31Z');
    const retried = await receive(h, url, { MaxNumberOfMessages: 10 });
    expect(retried.map((m) => m.Body)).toEqual(['g2-a', 'g1-b', 'g1-c', 'g2-b']);
  });

  it('refuses a per-message delay on a FIFO queue', async () => {
    const { h, url } = await fifo({ ContentBasedDeduplication: 'true' });
    await fails(
      h.call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 3 }),
      'InvalidParameterValue',
    );
  });
});
