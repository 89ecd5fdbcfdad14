/**
 * SNS's topics: creating (idempotent for the same name and attributes), listing, their attributes (with
 * the default access policy and delivery policy SNS reports) and tags, and deleting with their
 * subscriptions.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  callTopic,
  checkJson,
  checkTagCount,
  invalidParameter,
  keys,
  loadTopic,
  page,
  requiredString,
  scopeOf,
  stringMap,
  tagList,
  topicArn,
  topicNameFromArn,
  topicSubscriptions,
  type Scope,
  type TopicRecord,
} from './common.js';

/** What a caller may set on a topic; the *FeedbackRoleArn and *SuccessFeedbackSampleRate ones are matched apart. */
const SETTABLE = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
]);
const FEEDBACK =
  /^(Application|HTTP|Lambda|SQS|Firehose)(SuccessFeedbackRoleArn|FailureFeedbackRoleArn|SuccessFeedbackSampleRate)$/;
const JSON_ATTRIBUTES = new Set(['Policy', 'DeliveryPolicy', 'ArchivePolicy']);

/** The delivery policy SNS reports for a topic without one of its own. */
const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/** The access policy SNS gives a new topic: its owner's account may do everything. */
function defaultPolicy(scope: Scope, name: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn(scope, name),
        Condition: { StringEquals: { 'AWS:SourceOwner': scope.account } },
      },
    ],
  });
}

function checkAttribute(name: string, value: string, fifo: boolean): string {
  if (!SETTABLE.has(name) && !FEEDBACK.test(name)) throw invalidParameter('AttributeName');
  if (JSON_ATTRIBUTES.has(name) && value !== '') checkJson(value, `Attributes Reason: ${name}`);
  if (name === 'ContentBasedDeduplication') {
    if (!fifo) throw invalidParameter('Attributes Reason: Content-based deduplication can only be set for FIFO topics');
    if (value !== 'true' && value !== 'false') throw invalidParameter('Attributes Reason: ContentBasedDeduplication');
  }
  if (name === 'DisplayName' && value.length > 100) throw invalidParameter('DisplayName');
  return value;
}

const createTopic: Handler = async (call) => {
  const scope = scopeOf(call);
  const name = requiredString(call.input, 'Name');
  const given = stringMap(call.input.Attributes);
  const fifo = given.FifoTopic?.toLowerCase() === 'true';
  if (fifo ? !/^[A-Za-z0-9_-]{1,251}\.fifo$/.test(name) : !/^[A-Za-z0-9_-]{1,256}$/.test(name))
    throw invalidParameter(
      fifo
        ? 'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.'
        : 'Topic Name',
    );
  const attributes: Record<string, string> = {};
  for (const [attribute, value] of Object.entries(given))
    if (attribute !== 'FifoTopic') attributes[attribute] = checkAttribute(attribute, value, fifo);
  if (fifo) attributes.FifoTopic = 'true';
  const tags = tagList(call.input.Tags);
  checkTagCount(tags);
  await call.store.exclusive(async () => {
    const existing = await call.store.get<TopicRecord>(keys.topic(scope, name));
    if (existing) {
      // The same name is the same topic, unless the attributes asked for differ from what it has.
      for (const [attribute, value] of Object.entries(attributes))
        if (existing.attributes[attribute] !== value)
          throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
      return;
    }
    const topic: TopicRecord = { name, attributes, tags, sequence: 0 };
    await call.store.put(keys.topic(scope, name), topic);
  });
  return { TopicArn: topicArn(scope, name) };
};

const listTopics: Handler = async (call) => {
  const scope = scopeOf(call);
  const names = (await call.store.keys(keys.topics(scope))).map((k) => k.slice(keys.topics(scope).length));
  const listed = page(names, call.input.NextToken);
  return { Topics: listed.items.map((n) => ({ TopicArn: topicArn(scope, n) })), NextToken: listed.next };
};

const getTopicAttributes: Handler = async (call) => {
  const { scope, topic, arn } = await callTopic(call);
  const subscriptions = await topicSubscriptions(call.store, scope, topic.name);
  const { Policy, DeliveryPolicy, DisplayName, ...rest } = topic.attributes;
  return {
    Attributes: {
      Policy: Policy ?? defaultPolicy(scope, topic.name),
      Owner: scope.account,
      SubscriptionsPending: String(subscriptions.filter((s) => !s.confirmed).length),
      TopicArn: arn,
      ...(DeliveryPolicy ? { DeliveryPolicy } : {}),
      EffectiveDeliveryPolicy: DeliveryPolicy ?? EFFECTIVE_DELIVERY_POLICY,
      SubscriptionsConfirmed: String(subscriptions.filter((s) => s.confirmed).length),
      DisplayName: DisplayName ?? '',
      // Unsubscribed subscriptions are gone at once here; SNS counts them for a while.
      SubscriptionsDeleted: '0',
      ...(rest.FifoTopic ? { ContentBasedDeduplication: 'false' } : {}),
      ...rest,
    },
  };
};

const setTopicAttributes: Handler = async (call) => {
  const name = requiredString(call.input, 'AttributeName');
  const value = typeof call.input.AttributeValue === 'string' ? call.input.AttributeValue : '';
  await call.store.exclusive(async () => {
    const { scope, topic } = await callTopic(call);
    if (name === 'FifoTopic') throw invalidParameter('AttributeName');
    checkAttribute(name, value, topic.attributes.FifoTopic === 'true');
    // An empty value takes the attribute back to SNS's default.
    if (value === '') delete topic.attributes[name];
    else topic.attributes[name] = value;
    await call.store.put(keys.topic(scope, topic.name), topic);
  });
  return {};
};

const deleteTopic: Handler = async (call) => {
  const scope = scopeOf(call);
  const name = topicNameFromArn(scope, requiredString(call.input, 'TopicArn'));
  // Deleting a topic that does not exist is not an error in SNS.
  await call.store.exclusive(async () => {
    for (const key of await call.store.keys(keys.topicSubscriptions(scope, name))) await call.store.delete(key);
    await call.store.delete(keys.topic(scope, name));
  });
  return {};
};

/** The topic a tagging call names by its ResourceArn: SNS answers ResourceNotFound rather than NotFound. */
async function taggedTopic(call: SandboxCall): Promise<{ scope: Scope; topic: TopicRecord }> {
  const scope = scopeOf(call);
  const arn = call.input.ResourceArn;
  const missing = () => new SandboxError('ResourceNotFoundException', 'Resource does not exist', 404);
  if (typeof arn !== 'string') throw invalidParameter('ResourceArn');
  let name: string;
  try {
    name = topicNameFromArn(scope, arn, 'ResourceArn');
  } catch (e) {
    if (e instanceof SandboxError && e.code === 'NotFoundException') throw missing();
    throw e;
  }
  const topic = await loadTopic(call.store, scope, name).catch(() => undefined);
  if (!topic) throw missing();
  return { scope, topic };
}

const tagResource: Handler = async (call) => {
  const tags = tagList(call.input.Tags);
  await call.store.exclusive(async () => {
    const { scope, topic } = await taggedTopic(call);
    const merged = { ...topic.tags, ...tags };
    checkTagCount(merged);
    topic.tags = merged;
    await call.store.put(keys.topic(scope, topic.name), topic);
  });
  return {};
};

const untagResource: Handler = async (call) => {
  const tagKeys = Array.isArray(call.input.TagKeys) ? call.input.TagKeys.map(String) : [];
  await call.store.exclusive(async () => {
    const { scope, topic } = await taggedTopic(call);
    for (const key of tagKeys) delete topic.tags[key];
    await call.store.put(keys.topic(scope, topic.name), topic);
  });
  return {};
};

const listTagsForResource: Handler = async (call) => {
  const { topic } = await taggedTopic(call);
  return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
};

export const topicHandlers = {
  CreateTopic: createTopic,
  ListTopics: listTopics,
  GetTopicAttributes: getTopicAttributes,
  SetTopicAttributes: setTopicAttributes,
  DeleteTopic: deleteTopic,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
