import { describe, expect, it } from 'vitest';
import { handlers } from '../../src/sandbox/services/sns.js';
import { handlers as sqsHandlers } from '../../src/sandbox/services/sqs/index.js';
import { memoryStore } from '../../src/sandbox/store.js';
import { harness } from './support.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:news';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:inbox';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/inbox';

async function fails(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; message: string },
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(error!.code).toBe(code);
  if (message) expect(error!.message).toMatch(message);
}

/** SNS and SQS over one store, as in the sandbox, with a topic and a queue. */
async function setup() {
  const store = memoryStore();
  const sns = harness('sns', handlers, store);
  const sqs = harness('sqs', sqsHandlers, store);
  await sns.call('CreateTopic', { Name: 'news' });
  await sqs.call('CreateQueue', { QueueName: 'inbox' });
  const receive = async () =>
    ((
      await sqs.call('ReceiveMessage', {
        QueueUrl: QUEUE_URL,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        AttributeNames: ['SenderId'],
      })
    ).output.Messages ?? []) as {
      Body: string;
      Attributes: Record<string, string>;
      MessageAttributes?: Record<string, unknown>;
    }[];
  return { sns, sqs, receive };
}

describe('topics', () => {
  it('creates topics idempotently, lists and describes them', async () => {
    const { sns } = await setup();
    expect((await sns.call('CreateTopic', { Name: 'news' })).output).toEqual({ TopicArn: TOPIC });
    await sns.call('CreateTopic', { Name: 'alerts', Attributes: { DisplayName: 'Alerts' } });
    await fails(
      sns.call('CreateTopic', { Name: 'alerts', Attributes: { DisplayName: 'Other' } }),
      'InvalidParameterException',
    );
    await fails(sns.call('CreateTopic', { Name: 'bad name' }), 'InvalidParameterException');
    expect((await sns.call('ListTopics')).output).toEqual({
      Topics: [{ TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' }, { TopicArn: TOPIC }],
    });
    const { Attributes } = (await sns.call('GetTopicAttributes', { TopicArn: TOPIC })).output as {
      Attributes: Record<string, string>;
    };
    expect(Attributes).toMatchObject({
      TopicArn: TOPIC,
      Owner: '123456789012',
      DisplayName: '',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    });
    expect(JSON.parse(Attributes.Policy!).Statement[0].Resource).toBe(TOPIC);
    expect(JSON.parse(Attributes.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy.numRetries).toBe(3);

    await sns.call('SetTopicAttributes', { TopicArn: TOPIC, AttributeName: 'DisplayName', AttributeValue: 'News' });
    const after = (await sns.call('GetTopicAttributes', { TopicArn: TOPIC })).output.Attributes;
    expect(after).toMatchObject({ DisplayName: 'News' });
    await fails(
      sns.call('SetTopicAttributes', { TopicArn: TOPIC, AttributeName: 'Colour', AttributeValue: 'x' }),
      'InvalidParameterException',
    );

    await sns.call('DeleteTopic', { TopicArn: TOPIC });
    await sns.call('DeleteTopic', { TopicArn: TOPIC });
    await fails(sns.call('GetTopicAttributes', { TopicArn: TOPIC }), 'NotFoundException', /Topic does not exist/);
    await fails(sns.call('GetTopicAttributes', { TopicArn: 'nonsense' }), 'InvalidParameterException');
  });

  it('creates FIFO topics and tags topics', async () => {
    const { sns } = await setup();
    await fails(
      sns.call('CreateTopic', { Name: 'orders', Attributes: { FifoTopic: 'true' } }),
      'InvalidParameterException',
    );
    const fifo = (await sns.call('CreateTopic', { Name: 'orders.fifo', Attributes: { FifoTopic: 'true' } })).output
      .TopicArn as string;
    expect((await sns.call('GetTopicAttributes', { TopicArn: fifo })).output.Attributes).toMatchObject({
      FifoTopic: 'true',
      ContentBasedDeduplication: 'false',
    });
    await sns.call('TagResource', {
      ResourceArn: TOPIC,
      Tags: [
        { Key: 'team', Value: 'a' },
        { Key: 'env', Value: 'dev' },
      ],
    });
    await sns.call('UntagResource', { ResourceArn: TOPIC, TagKeys: ['env'] });
    expect((await sns.call('ListTagsForResource', { ResourceArn: TOPIC })).output).toEqual({
      Tags: [{ Key: 'team', Value: 'a' }],
    });
    await fails(sns.call('ListTagsForResource', { ResourceArn: `${TOPIC}-gone` }), 'ResourceNotFoundException');
  });
});

describe('subscriptions', () => {
  it('confirms a queue at once and leaves email pending', async () => {
    const { sns } = await setup();
    const sqsSub = (await sns.call('Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: QUEUE_ARN })).output
      .SubscriptionArn as string;
    expect(sqsSub).toMatch(new RegExp(`^${TOPIC}:[0-9a-f-]{36}$`));
    expect((await sns.call('Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: QUEUE_ARN })).output).toEqual({
      SubscriptionArn: sqsSub,
    });
    expect(
      (await sns.call('Subscribe', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'me@example.com' })).output,
    ).toEqual({ SubscriptionArn: 'pending confirmation' });
    const https = (
      await sns.call('Subscribe', {
        TopicArn: TOPIC,
        Protocol: 'https',
        Endpoint: 'https://example.com/hook',
        ReturnSubscriptionArn: true,
      })
    ).output.SubscriptionArn as string;
    expect(https).toMatch(/^arn:aws:sns:/);
    await fails(
      sns.call('Subscribe', { TopicArn: TOPIC, Protocol: 'pigeon', Endpoint: 'x' }),
      'InvalidParameterException',
    );
    await fails(
      sns.call('Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: 'inbox' }),
      'InvalidParameterException',
    );

    const listed = (await sns.call('ListSubscriptionsByTopic', { TopicArn: TOPIC })).output.Subscriptions as {
      SubscriptionArn: string;
      Protocol: string;
    }[];
    expect(listed.map((s) => [s.Protocol, s.SubscriptionArn])).toEqual(
      expect.arrayContaining([
        ['sqs', sqsSub],
        ['email', 'PendingConfirmation'],
        ['https', 'PendingConfirmation'],
      ]),
    );
    expect((await sns.call('ListSubscriptions')).output.Subscriptions).toHaveLength(3);
    expect((await sns.call('GetTopicAttributes', { TopicArn: TOPIC })).output.Attributes).toMatchObject({
      SubscriptionsConfirmed: '1',
      SubscriptionsPending: '2',
    });

    expect((await sns.call('GetSubscriptionAttributes', { SubscriptionArn: sqsSub })).output.Attributes).toMatchObject({
      SubscriptionArn: sqsSub,
      TopicArn: TOPIC,
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      RawMessageDelivery: 'false',
      PendingConfirmation: 'false',
    });
    await sns.call('SetSubscriptionAttributes', {
      SubscriptionArn: sqsSub,
      AttributeName: 'FilterPolicy',
      AttributeValue: '{"kind":["a"]}',
    });
    expect((await sns.call('GetSubscriptionAttributes', { SubscriptionArn: sqsSub })).output.Attributes).toMatchObject({
      FilterPolicy: '{"kind":["a"]}',
    });
    await fails(
      sns.call('SetSubscriptionAttributes', {
        SubscriptionArn: sqsSub,
        AttributeName: 'FilterPolicy',
        AttributeValue: '{',
      }),
      'InvalidParameterException',
    );

    await sns.call('Unsubscribe', { SubscriptionArn: sqsSub });
    await fails(sns.call('GetSubscriptionAttributes', { SubscriptionArn: sqsSub }), 'NotFoundException');
    await sns.call('DeleteTopic', { TopicArn: TOPIC });
    expect((await sns.call('ListSubscriptions')).output.Subscriptions).toEqual([]);
  });
});

describe('publishing to queues', () => {
  it('delivers SNS’s envelope to a subscribed queue', async () => {
    const { sns, receive } = await setup();
    const sub = (await sns.call('Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: QUEUE_ARN })).output
      .SubscriptionArn as string;
    const { output } = await sns.call('Publish', {
      TopicArn: TOPIC,
      Message: 'hello',
      Subject: 'greeting',
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'a' },
        blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    });
    const [message] = await receive();
    expect(message!.Attributes.SenderId).toBe('AIDAIT2UOQQY3AUEKVGXU');
    expect(message!.MessageAttributes).toBeUndefined();
    expect(message!.Body).toMatch(/^\{\n {2}"Type" : "Notification",\n/);
    const envelope = JSON.parse(message!.Body);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId: output.MessageId,
      TopicArn: TOPIC,
      Subject: 'greeting',
      Message: 'hello',
      Timestamp: '2026-12-01T12:00:00.000Z',
      SignatureVersion: '1',
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${sub}`,
      MessageAttributes: { kind: { Type: 'String', Value: 'a' }, blob: { Type: 'Binary', Value: 'AQID' } },
    });
    expect(envelope.Signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(envelope.SigningCertURL).toMatch(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/.+\.pem$/);
  });

  it('delivers raw messages with their attributes, and per-protocol messages of a JSON structure', async () => {
    const { sns, receive } = await setup();
    await sns.call('Subscribe', {
      TopicArn: TOPIC,
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      Attributes: { RawMessageDelivery: 'true' },
    });
    await sns.call('Publish', {
      TopicArn: TOPIC,
      Message: 'raw body',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'a' } },
    });
    await sns.call('Publish', {
      TopicArn: TOPIC,
      Message: JSON.stringify({ default: 'for all', sqs: 'for queues' }),
      MessageStructure: 'json',
    });
    const got = await receive();
    expect(got.map((m) => m.Body)).toEqual(['raw body', 'for queues']);
    expect(got[0]!.MessageAttributes).toEqual({ kind: { DataType: 'String', StringValue: 'a' } });
    await fails(
      sns.call('Publish', { TopicArn: TOPIC, Message: '{"sqs":"x"}', MessageStructure: 'json' }),
      'InvalidParameterException',
      /No default entry/,
    );
  });

  it('applies filter policies', async () => {
    const { sns, receive } = await setup();
    await sns.call('Subscribe', {
      TopicArn: TOPIC,
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      Attributes: {
        RawMessageDelivery: 'true',
        FilterPolicy: JSON.stringify({ kind: ['order', { prefix: 'ship' }], price: [{ numeric: ['>', 10] }] }),
      },
    });
    const publish = (Message: string, kind: string, price: string) =>
      sns.call('Publish', {
        TopicArn: TOPIC,
        Message,
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: kind },
          price: { DataType: 'Number', StringValue: price },
        },
      });
    await publish('yes-1', 'order', '11');
    await publish('no-kind', 'refund', '50');
    await publish('no-price', 'order', '5');
    await publish('yes-2', 'shipping', '20');
    await sns.call('Publish', { TopicArn: TOPIC, Message: 'no-attributes' });
    expect((await receive()).map((m) => m.Body)).toEqual(['yes-1', 'yes-2']);
  });

  it('passes a FIFO topic’s group to a FIFO queue and numbers its messages', async () => {
    const { sns, sqs } = await setup();
    const topic = (
      await sns.call('CreateTopic', {
        Name: 't.fifo',
        Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
      })
    ).output.TopicArn as string;
    await sqs.call('CreateQueue', { QueueName: 'q.fifo', Attributes: { FifoQueue: 'true' } });
    await sns.call('Subscribe', {
      TopicArn: topic,
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:us-east-1:123456789012:q.fifo',
      Attributes: { RawMessageDelivery: 'true' },
    });
    await fails(sns.call('Publish', { TopicArn: topic, Message: 'x' }), 'InvalidParameterException', /MessageGroupId/);
    const first = await sns.call('Publish', { TopicArn: topic, Message: 'a', MessageGroupId: 'g' });
    const second = await sns.call('Publish', { TopicArn: topic, Message: 'b', MessageGroupId: 'g' });
    expect(String(first.output.SequenceNumber)).toMatch(/^\d{20}$/);
    expect(BigInt(second.output.SequenceNumber as string) > BigInt(first.output.SequenceNumber as string)).toBe(true);
    await sns.call('Publish', { TopicArn: topic, Message: 'a', MessageGroupId: 'g' });
    const { output } = await sqs.call('ReceiveMessage', {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q.fifo',
      MaxNumberOfMessages: 10,
      AttributeNames: ['MessageGroupId'],
    });
    const messages = output.Messages as { Body: string; Attributes: Record<string, string> }[];
    expect(messages.map((m) => [m.Body, m.Attributes.MessageGroupId])).toEqual([
      ['a', 'g'],
      ['b', 'g'],
    ]);
  });

  it('publishes in batches and to phone numbers, and refuses what SNS refuses', async () => {
    const { sns, receive } = await setup();
    await sns.call('Subscribe', {
      TopicArn: TOPIC,
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      Attributes: { RawMessageDelivery: 'true' },
    });
    const batch = await sns.call('PublishBatch', {
      TopicArn: TOPIC,
      PublishBatchRequestEntries: [
        { Id: 'one', Message: 'first' },
        { Id: 'two', Message: '' },
        { Id: 'three', Message: 'third' },
      ],
    });
    expect((batch.output.Successful as { Id: string }[]).map((s) => s.Id)).toEqual(['one', 'three']);
    expect(batch.output.Failed).toEqual([
      { Id: 'two', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
    ]);
    expect((await receive()).map((m) => m.Body)).toEqual(['first', 'third']);
    expect((await sns.call('Publish', { PhoneNumber: '+15555550100', Message: 'hi' })).output.MessageId).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    await fails(sns.call('Publish', { Message: 'hi' }), 'InvalidParameterException');
    await fails(sns.call('Publish', { TopicArn: `${TOPIC}-gone`, Message: 'hi' }), 'NotFoundException');
    await fails(
      sns.call('Publish', {
        TopicArn: TOPIC,
        Message: 'hi',
        MessageAttributes: { a: { DataType: 'Text', StringValue: 'x' } },
      }),
      'InvalidParameterValueException',
    );
  });
});
