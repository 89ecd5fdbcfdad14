/**
 * SNS's subscriptions. A queue, a function, a phone or a stream is subscribed at once; an email address
 * or a web endpoint must confirm, which the sandbox (sending no mail, calling no URL) leaves pending, as
 * SNS shows it until then.
 */
import { randomUuid, type Handler, type SandboxCall } from '../../service.js';
import {
  callTopic,
  checkJson,
  invalidParameter,
  keys,
  loadSubscription,
  page,
  requiredString,
  scopeOf,
  stringMap,
  topicSubscriptions,
  type Scope,
  type SubscriptionRecord,
} from './common.js';

/** Each protocol and what its endpoint must look like. */
const ENDPOINTS: Record<string, RegExp> = {
  sqs: /^arn:aws:sqs:[^:]+:\d{12}:[^:]+$/,
  lambda: /^arn:aws:lambda:[^:]+:\d{12}:function:.+$/,
  firehose: /^arn:aws:firehose:[^:]+:\d{12}:deliverystream\/.+$/,
  application: /^arn:aws:sns:[^:]+:\d{12}:endpoint\/.+$/,
  http: /^http:\/\/.+/,
  https: /^https:\/\/.+/,
  email: /^[^@\s]+@[^@\s]+$/,
  'email-json': /^[^@\s]+@[^@\s]+$/,
  sms: /^\+?[0-9][0-9 ()-]{4,}$/,
};
/** Protocols whose owner must confirm before SNS delivers. */
const NEEDS_CONFIRMATION = new Set(['email', 'email-json', 'http', 'https']);
const SETTABLE = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);

/** What SubscriptionArn shows for a subscription not yet confirmed. */
const PENDING = 'PendingConfirmation';

function checkAttribute(name: string, value: string, protocol: string): void {
  if (!SETTABLE.has(name)) throw invalidParameter('AttributeName');
  if (name === 'RawMessageDelivery') {
    if (value !== 'true' && value !== 'false') throw invalidParameter('Attributes Reason: RawMessageDelivery');
    if (!['sqs', 'http', 'https', 'firehose'].includes(protocol))
      throw invalidParameter(
        'Attributes Reason: Delivery protocol [' + protocol + '] does not support raw message delivery.',
      );
  }
  if (name === 'FilterPolicyScope' && value !== 'MessageAttributes' && value !== 'MessageBody')
    throw invalidParameter(
      'Attributes Reason: FilterPolicyScope: Invalid value [' +
        value +
        ']. Please use either MessageBody or MessageAttributes',
    );
  if (['DeliveryPolicy', 'FilterPolicy', 'RedrivePolicy', 'ReplayPolicy'].includes(name) && value !== '')
    checkJson(value, `Attributes Reason: ${name}`);
}

function listed(s: SubscriptionRecord) {
  return {
    SubscriptionArn: s.confirmed ? s.arn : PENDING,
    Owner: s.owner,
    Protocol: s.protocol,
    Endpoint: s.endpoint,
    TopicArn: s.topicArn,
  };
}

const subscribe: Handler = async (call) => {
  const protocol = requiredString(call.input, 'Protocol');
  const endpoint = typeof call.input.Endpoint === 'string' ? call.input.Endpoint : '';
  const pattern = ENDPOINTS[protocol];
  if (!pattern) throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  if (!pattern.test(endpoint)) throw invalidParameter(`Endpoint Reason: not a valid endpoint for protocol ${protocol}`);
  const attributes = stringMap(call.input.Attributes);
  for (const [name, value] of Object.entries(attributes)) checkAttribute(name, value, protocol);
  const subscription = await call.store.exclusive(async () => {
    const { scope, topic, arn } = await callTopic(call);
    const existing = (await topicSubscriptions(call.store, scope, topic.name)).find(
      (s) => s.protocol === protocol && s.endpoint === endpoint,
    );
    // Subscribing the same endpoint again is the same subscription.
    if (existing) return existing;
    const id = randomUuid(call.random);
    const created: SubscriptionRecord = {
      arn: `${arn}:${id}`,
      topicArn: arn,
      protocol,
      endpoint,
      owner: scope.account,
      principal: call.caller.arn,
      confirmed: !NEEDS_CONFIRMATION.has(protocol),
      attributes,
    };
    await call.store.put(keys.subscription(scope, topic.name, id), created);
    return created;
  });
  const returnArn = call.input.ReturnSubscriptionArn === true || call.input.ReturnSubscriptionArn === 'true';
  return { SubscriptionArn: subscription.confirmed || returnArn ? subscription.arn : 'pending confirmation' };
};

async function allSubscriptions(call: SandboxCall, scope: Scope): Promise<SubscriptionRecord[]> {
  const out: SubscriptionRecord[] = [];
  for (const key of await call.store.keys(keys.subscriptions(scope))) {
    const subscription = await call.store.get<SubscriptionRecord>(key);
    if (subscription) out.push(subscription);
  }
  return out;
}

const listSubscriptions: Handler = async (call) => {
  const listedPage = page(await allSubscriptions(call, scopeOf(call)), call.input.NextToken);
  return { Subscriptions: listedPage.items.map(listed), NextToken: listedPage.next };
};

const listSubscriptionsByTopic: Handler = async (call) => {
  const { scope, topic } = await callTopic(call);
  const listedPage = page(await topicSubscriptions(call.store, scope, topic.name), call.input.NextToken);
  return { Subscriptions: listedPage.items.map(listed), NextToken: listedPage.next };
};

const getSubscriptionAttributes: Handler = async (call) => {
  const s = await loadSubscription(call, call.input.SubscriptionArn);
  return {
    Attributes: {
      SubscriptionArn: s.arn,
      TopicArn: s.topicArn,
      Owner: s.owner,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      RawMessageDelivery: 'false',
      PendingConfirmation: String(!s.confirmed),
      ConfirmationWasAuthenticated: String(s.confirmed),
      SubscriptionPrincipal: s.principal,
      ...s.attributes,
    },
  };
};

const setSubscriptionAttributes: Handler = async (call) => {
  const name = requiredString(call.input, 'AttributeName');
  const value = typeof call.input.AttributeValue === 'string' ? call.input.AttributeValue : '';
  await call.store.exclusive(async () => {
    const s = await loadSubscription(call, call.input.SubscriptionArn);
    checkAttribute(name, value, s.protocol);
    // An empty filter or policy removes it.
    if (value === '') delete s.attributes[name];
    else s.attributes[name] = value;
    const scope = scopeOf(call);
    const topic = s.topicArn.slice(s.topicArn.lastIndexOf(':') + 1);
    await call.store.put(keys.subscription(scope, topic, s.arn.slice(s.arn.lastIndexOf(':') + 1)), s);
  });
  return {};
};

const unsubscribe: Handler = async (call) => {
  await call.store.exclusive(async () => {
    const s = await loadSubscription(call, call.input.SubscriptionArn);
    const topic = s.topicArn.slice(s.topicArn.lastIndexOf(':') + 1);
    await call.store.delete(keys.subscription(scopeOf(call), topic, s.arn.slice(s.arn.lastIndexOf(':') + 1)));
  });
  return {};
};

export const subscriptionHandlers = {
  Subscribe: subscribe,
  ListSubscriptions: listSubscriptions,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  GetSubscriptionAttributes: getSubscriptionAttributes,
  SetSubscriptionAttributes: setSubscriptionAttributes,
  Unsubscribe: unsubscribe,
};
