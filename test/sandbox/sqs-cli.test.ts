import { describe, expect, it } from 'vitest';
import { sandboxCli } from './cli-support.js';

const URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/pub-q';

describe('sqs and sns through the CLI', () => {
  it('runs the public SQS scenario', async () => {
    const cli = sandboxCli();
    expect(await cli.json(['sqs', 'create-queue', '--queue-name', 'pub-q'])).toEqual({ QueueUrl: URL });
    const one = await cli.run([
      'sqs',
      'send-message',
      '--queue-url',
      URL,
      '--message-body',
      'one',
      '--query',
      'MD5OfMessageBody',
    ]);
    expect(one.out).toBe('"f97c5d29941bfb1b2fdab0874906ab82"\n');
    const two = await cli.json([
      'sqs',
      'send-message',
      '--queue-url',
      URL,
      '--message-body',
      'two',
      '--message-attributes',
      '{"kind":{"DataType":"String","StringValue":"test"}}',
      '--query',
      '[MD5OfMessageBody,MD5OfMessageAttributes]',
    ]);
    expect(two[0]).toBe('b8a9f715dbb64fd5c56e7783c6820a61');
    expect(two[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(
      await cli.json([
        'sqs',
        'get-queue-attributes',
        '--queue-url',
        URL,
        '--attribute-names',
        'ApproximateNumberOfMessages',
        '--query',
        'Attributes',
      ]),
    ).toEqual({ ApproximateNumberOfMessages: '2' });
    const received = await cli.json([
      'sqs',
      'receive-message',
      '--queue-url',
      URL,
      '--max-number-of-messages',
      '10',
      '--message-attribute-names',
      'All',
    ]);
    expect(received.Messages.map((m: { Body: string }) => m.Body)).toEqual(['one', 'two']);
    expect(received.Messages[1].MessageAttributes).toEqual({ kind: { StringValue: 'test', DataType: 'String' } });
    expect((await cli.run(['sqs', 'delete-queue', '--queue-url', URL])).code).toBe(0);
    const gone = await cli.run(['sqs', 'get-queue-url', '--queue-name', 'pub-q']);
    expect(gone.code).toBe(254);
    expect(gone.err).toContain('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('runs the public SNS scenario and delivers to a queue', async () => {
    const cli = sandboxCli();
    const arn = 'arn:aws:sns:us-east-1:123456789012:pub-topic';
    expect(await cli.json(['sns', 'create-topic', '--name', 'pub-topic'])).toEqual({ TopicArn: arn });
    const got = await cli.run(['sns', 'get-topic-attributes', '--topic-arn', arn, '--query', 'Attributes.TopicArn']);
    expect(got.out).toBe(`"${arn}"\n`);
    expect(await cli.json(['sns', 'list-topics'])).toEqual({ Topics: [{ TopicArn: arn }] });
    await cli.json(['sqs', 'create-queue', '--queue-name', 'pub-q']);
    await cli.json([
      'sns',
      'subscribe',
      '--topic-arn',
      arn,
      '--protocol',
      'sqs',
      '--notification-endpoint',
      'arn:aws:sqs:us-east-1:123456789012:pub-q',
    ]);
    await cli.json([
      'sns',
      'publish',
      '--topic-arn',
      arn,
      '--message',
      'hi',
      '--message-attributes',
      '{"k":{"DataType":"String","StringValue":"v"}}',
    ]);
    const received = await cli.json(['sqs', 'receive-message', '--queue-url', URL]);
    expect(JSON.parse(received.Messages[0].Body)).toMatchObject({
      Message: 'hi',
      MessageAttributes: { k: { Type: 'String', Value: 'v' } },
    });
    const missing = await cli.run(['sns', 'get-topic-attributes', '--topic-arn', `${arn}-x`]);
    expect(missing.code).toBe(254);
    expect(missing.err).toContain('NotFound');
  });
});
