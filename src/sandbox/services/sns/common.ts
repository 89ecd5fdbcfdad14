/**
 * What SNS's handlers share: where topics and subscriptions live, the records kept there, ARNs, errors as
 * SNS words them, and pages of lists. Topics belong to one account in one region, so every key starts with
 * `sns/<region>/<account>/`; a subscription is kept under its topic, so that a topic's are listed by prefix.
 */
import { SandboxError, type SandboxCall } from '../../service.js';
import type { SandboxStore } from '../../store.js';

export interface TopicRecord {
  name: string;
  /** The attributes a caller set (DisplayName, Policy, FifoTopic…), as strings. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** FIFO topics: the last SequenceNumber given. */
  sequence: number;
}

export interface SubscriptionRecord {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  /** Who subscribed: SubscriptionPrincipal. */
  principal: string;
  confirmed: boolean;
  attributes: Record<string, string>;
}

export interface Scope {
  account: string;
  region: string;
  root: string;
}

export function scopeOf(call: SandboxCall): Scope {
  return { account: call.caller.account, region: call.region, root: `sns/${call.region}/${call.caller.account}` };
}

export const keys = {
  topic: (s: Scope, name: string) => `${s.root}/topics/${name}`,
  topics: (s: Scope) => `${s.root}/topics/`,
  subscription: (s: Scope, topic: string, id: string) => `${s.root}/subscriptions/${topic}/${id}`,
  topicSubscriptions: (s: Scope, topic: string) => `${s.root}/subscriptions/${topic}/`,
  subscriptions: (s: Scope) => `${s.root}/subscriptions/`,
};

export function topicArn(scope: Scope, name: string): string {
  return `arn:aws:sns:${scope.region}:${scope.account}:${name}`;
}

export function invalidParameter(message: string): SandboxError {
  return new SandboxError('InvalidParameterException', `Invalid parameter: ${message}`);
}

export function notFound(message: string): SandboxError {
  return new SandboxError('NotFoundException', message, 404);
}

export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '')
    throw invalidParameter(`${member} Reason: no value for required parameter`);
  return value;
}

/**
 * The topic an ARN names in the caller's account and region; a malformed ARN is an invalid parameter,
 * as in SNS, and one of another account or region a topic that does not exist.
 */
export function topicNameFromArn(scope: Scope, arn: string, member = 'TopicArn'): string {
  const match = /^arn:aws:sns:([^:]+):([^:]+):([^:]+)$/.exec(arn);
  if (!match) throw invalidParameter(member);
  if (match[1] !== scope.region || match[2] !== scope.account) throw notFound('Topic does not exist');
  return match[3]!;
}

export async function loadTopic(store: SandboxStore, scope: Scope, name: string): Promise<TopicRecord> {
  const topic = await store.get<TopicRecord>(keys.topic(scope, name));
  if (!topic) throw notFound('Topic does not exist');
  return topic;
}

/** The call's topic, from its TopicArn. */
export async function callTopic(call: SandboxCall): Promise<{ scope: Scope; topic: TopicRecord; arn: string }> {
  const scope = scopeOf(call);
  const arn = requiredString(call.input, 'TopicArn');
  return { scope, topic: await loadTopic(call.store, scope, topicNameFromArn(scope, arn)), arn };
}

/** A subscription ARN is its topic's ARN and an id: `arn:aws:sns:…:topic:uuid`. */
export async function loadSubscription(call: SandboxCall, arn: unknown): Promise<SubscriptionRecord> {
  const scope = scopeOf(call);
  if (typeof arn !== 'string' || arn === '') throw invalidParameter('SubscriptionArn');
  const match = /^(arn:aws:sns:[^:]+:[^:]+:[^:]+):([0-9a-f-]{36})$/.exec(arn);
  if (!match) throw invalidParameter('SubscriptionArn');
  const topic = topicNameFromArn(scope, match[1]!, 'SubscriptionArn');
  const subscription = await call.store.get<SubscriptionRecord>(keys.subscription(scope, topic, match[2]!));
  if (!subscription) throw notFound('Subscription does not exist');
  return subscription;
}

export async function topicSubscriptions(
  store: SandboxStore,
  scope: Scope,
  topic: string,
): Promise<SubscriptionRecord[]> {
  const out: SubscriptionRecord[] = [];
  for (const key of await store.keys(keys.topicSubscriptions(scope, topic))) {
    const subscription = await store.get<SubscriptionRecord>(key);
    if (subscription) out.push(subscription);
  }
  return out;
}

/** SNS lists 100 at a time; the token is the position of the next page's first item. */
export function page<T>(items: T[], token: unknown, size = 100): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined && token !== null && token !== '') {
    start = Number(token);
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw invalidParameter('NextToken');
  }
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

export function stringMap(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter('Attributes');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** The Tags member: a list of Key/Value pairs. */
export function tagList(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value)) throw invalidParameter('Tags');
  const out: Record<string, string> = {};
  for (const tag of value as { Key?: unknown; Value?: unknown }[]) {
    if (typeof tag.Key !== 'string' || tag.Key === '') throw invalidParameter('Tags Reason: a tag has no key');
    out[tag.Key] = String(tag.Value ?? '');
  }
  return out;
}

export const MAX_TAGS = 50;

export function checkTagCount(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS)
    throw new SandboxError(
      'TagLimitExceededException',
      'Could not complete request: tag quota of per resource exceeded',
    );
}

/** A policy or filter given as JSON must parse to an object. */
export function checkJson(value: string, what: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter(`${what}: failed to parse JSON.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalidParameter(`${what}: not a JSON object.`);
}
