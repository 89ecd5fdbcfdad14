/**
 * SNS's Publish and PublishBatch, and delivery to the queues subscribed to a topic: each confirmed `sqs`
 * subscription whose filter policy matches gets the message in SNS's JSON envelope, or as it is (with its
 * attributes) under RawMessageDelivery, written into the queue by SQS's own code. Other protocols are
 * accepted and not delivered: the sandbox sends no mail, calls no URL or function.
 */
import { createSha } from '../../../core/checksums/sha.js';
import { toHex } from '../../../core/hex.js';
import { toBase64, utf8Encode } from '../../../core/protocols/shared.js';
import { randomId, randomUuid, SandboxError, type Handler, type SandboxCall } from '../../service.js';
import type { StoredAttribute } from '../sqs/common.js';
import { deliverToQueue, type Outgoing } from '../sqs/messages.js';
import {
  callTopic,
  invalidParameter,
  keys,
  loadTopic,
  notFound,
  scopeOf,
  topicNameFromArn,
  topicSubscriptions,
  type Scope,
  type SubscriptionRecord,
  type TopicRecord,
} from './common.js';

const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH = 10;
/** The SenderId SQS shows for a message SNS delivered: SNS's own principal, as on AWS. */
const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

/** A publish request's message, checked. */
interface Publication {
  message: string;
  subject?: string;
  /** With MessageStructure json: the message per protocol (`default` for the others). */
  structured?: Record<string, string>;
  attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>;
  groupId?: string;
  deduplicationId?: string;
}

function invalidValue(message: string): SandboxError {
  return new SandboxError('InvalidParameterValueException', message);
}

function checkPublication(entry: Record<string, unknown>, fifo: boolean, topic: TopicRecord | undefined): Publication {
  const message = entry.Message;
  if (typeof message !== 'string' || message === '') throw invalidParameter('Empty message');
  const subject = typeof entry.Subject === 'string' ? entry.Subject : undefined;
  if (subject !== undefined && (subject === '' || subject.length > 100 || !/^[\x20-\x7e]*$/.test(subject)))
    throw invalidParameter('Subject');
  let structured: Record<string, string> | undefined;
  if (entry.MessageStructure !== undefined && entry.MessageStructure !== null) {
    if (entry.MessageStructure !== 'json') throw invalidParameter('MessageStructure');
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw invalidParameter('Message Structure - JSON message body failed to parse');
    }
    if (!parsed || typeof parsed !== 'object' || typeof (parsed as Record<string, unknown>).default !== 'string')
      throw invalidParameter('Message Structure - No default entry in JSON message body');
    structured = parsed as Record<string, string>;
  }
  const attributes = checkAttributes(entry.MessageAttributes);
  const size =
    utf8Encode(message).length +
    Object.entries(attributes).reduce(
      (n, [k, a]) =>
        n +
        utf8Encode(k).length +
        utf8Encode(a.DataType).length +
        (a.BinaryValue?.length ?? utf8Encode(a.StringValue ?? '').length),
      0,
    );
  if (size > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  const groupId = typeof entry.MessageGroupId === 'string' ? entry.MessageGroupId : undefined;
  const deduplicationId = typeof entry.MessageDeduplicationId === 'string' ? entry.MessageDeduplicationId : undefined;
  if (fifo) {
    if (!groupId) throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
    if (!deduplicationId && topic?.attributes.ContentBasedDeduplication !== 'true')
      throw invalidParameter(
        'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
  } else if (deduplicationId !== undefined) {
    throw invalidParameter(
      'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
    );
  }
  return { message, subject, structured, attributes, groupId, deduplicationId };
}

function checkAttributes(value: unknown): Publication['attributes'] {
  if (value === undefined || value === null) return {};
  const out: Publication['attributes'] = {};
  for (const [name, raw] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    const { DataType, StringValue, BinaryValue } = raw ?? {};
    const type = typeof DataType === 'string' ? DataType : '';
    const kind = type.split('.')[0];
    if (type === 'String.Array') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(StringValue));
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed))
        throw invalidValue(`The message attribute '${name}' with type 'String.Array' has an invalid value.`);
      out[name] = { DataType: type, StringValue: String(StringValue) };
    } else if (kind === 'String' || kind === 'Number') {
      if (typeof StringValue !== 'string' || StringValue === '')
        throw invalidValue(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${kind}'.`,
        );
      if (kind === 'Number' && !Number.isFinite(Number(StringValue)))
        throw invalidValue(`Could not cast message attribute '${name}' value to number.`);
      out[name] = { DataType: type, StringValue };
    } else if (kind === 'Binary') {
      const bytes =
        BinaryValue instanceof Uint8Array
          ? BinaryValue
          : typeof BinaryValue === 'string'
            ? utf8Encode(BinaryValue)
            : undefined;
      if (!bytes) throw invalidValue(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      out[name] = { DataType: type, BinaryValue: bytes };
    } else {
      throw invalidValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
  }
  return out;
}

type Values = unknown[] | undefined;

/**
 * Whether a filter policy lets a message through: every key must match one of its conditions (exact
 * strings and numbers, prefix, suffix, equals-ignore-case, anything-but, numeric ranges, exists), nested
 * keys walk into the body for a MessageBody scope, and `$or` takes any of its policies.
 */
function matchesPolicy(
  policy: Record<string, unknown>,
  lookup: (path: string[]) => Values,
  path: string[] = [],
): boolean {
  return Object.entries(policy).every(([key, rule]) => {
    if (key === '$or' && Array.isArray(rule))
      return rule.some((p) => matchesPolicy(p as Record<string, unknown>, lookup, path));
    const here = [...path, key];
    if (Array.isArray(rule)) return rule.some((condition) => matchesCondition(condition, lookup(here)));
    if (rule && typeof rule === 'object') return matchesPolicy(rule as Record<string, unknown>, lookup, here);
    return false;
  });
}

function matchesCondition(condition: unknown, values: Values): boolean {
  if (condition === null || typeof condition !== 'object') return values?.some((v) => v === condition) ?? false;
  const [operator, argument] = Object.entries(condition)[0] ?? [];
  const strings = (values ?? []).filter((v): v is string => typeof v === 'string');
  switch (operator) {
    case 'exists':
      return (values !== undefined) === Boolean(argument);
    case 'prefix':
      return strings.some((v) => v.startsWith(String(argument)));
    case 'suffix':
      return strings.some((v) => v.endsWith(String(argument)));
    case 'equals-ignore-case':
      return strings.some((v) => v.toLowerCase() === String(argument).toLowerCase());
    case 'anything-but': {
      if (values === undefined) return false;
      if (argument && typeof argument === 'object' && !Array.isArray(argument)) {
        const prefix = (argument as Record<string, unknown>).prefix;
        return values.every((v) => typeof v !== 'string' || !v.startsWith(String(prefix)));
      }
      const excluded = Array.isArray(argument) ? argument : [argument];
      return values.every((v) => !excluded.includes(v));
    }
    case 'numeric':
      return (values ?? []).some((v) => typeof v === 'number' && inRange(argument, v));
    default:
      return false;
  }
}

function inRange(argument: unknown, value: number): boolean {
  if (!Array.isArray(argument)) return false;
  for (let i = 0; i + 1 < argument.length; i += 2) {
    const bound = Number(argument[i + 1]);
    const ok =
      argument[i] === '='
        ? value === bound
        : argument[i] === '<'
          ? value < bound
          : argument[i] === '<='
            ? value <= bound
            : argument[i] === '>'
              ? value > bound
              : argument[i] === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function passesFilter(subscription: SubscriptionRecord, publication: Publication, body: string): boolean {
  const filter = subscription.attributes.FilterPolicy;
  if (!filter) return true;
  const policy = JSON.parse(filter) as Record<string, unknown>;
  if (subscription.attributes.FilterPolicyScope === 'MessageBody') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return false;
    }
    return matchesPolicy(policy, (path) => {
      let at: unknown = parsed;
      for (const key of path) {
        if (!at || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
        at = (at as Record<string, unknown>)[key];
      }
      return Array.isArray(at) ? at : [at];
    });
  }
  return matchesPolicy(policy, ([name]) => {
    const attribute = name === undefined ? undefined : publication.attributes[name];
    if (!attribute) return undefined;
    if (attribute.DataType === 'String.Array') return JSON.parse(attribute.StringValue!) as unknown[];
    if (attribute.DataType.startsWith('Number')) return [Number(attribute.StringValue)];
    return attribute.StringValue === undefined ? [] : [attribute.StringValue];
  });
}

/** Lays out JSON as SNS's notifications do: one `"Key" : value` a line. */
function snsJson(fields: Record<string, unknown>): string {
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

/**
 * The envelope SNS wraps a message in for a queue. Its signature is only of the right form: the sandbox
 * holds no SNS signing key, so it cannot be verified.
 */
function envelope(
  call: SandboxCall,
  topicArn: string,
  subscription: SubscriptionRecord,
  publication: Publication,
  body: string,
  messageId: string,
  sequenceNumber: string | undefined,
): string {
  const region = topicArn.split(':')[3];
  const attributes = Object.entries(publication.attributes);
  return snsJson({
    Type: 'Notification',
    MessageId: messageId,
    SequenceNumber: sequenceNumber,
    TopicArn: topicArn,
    Subject: publication.subject,
    Message: body,
    Timestamp: call.now.toISOString(),
    SignatureVersion: '1',
    Signature: `${randomId(call.random, 342, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`,
    SigningCertURL: `https://sns.${region}.amazonaws.com/SimpleNotificationService-sandbox.pem`,
    UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscription.arn}`,
    MessageAttributes:
      attributes.length > 0
        ? Object.fromEntries(
            attributes.map(([name, a]) => [
              name,
              { Type: a.DataType, Value: a.BinaryValue ? toBase64(a.BinaryValue) : a.StringValue },
            ]),
          )
        : undefined,
  });
}

/** A raw delivery's attributes, as SQS keeps them. */
function rawAttributes(publication: Publication): Record<string, StoredAttribute> {
  return Object.fromEntries(
    Object.entries(publication.attributes).map(([name, a]) => [
      name,
      a.BinaryValue
        ? { DataType: a.DataType, BinaryValue: toBase64(a.BinaryValue) }
        : { DataType: a.DataType, StringValue: a.StringValue },
    ]),
  );
}

async function deliver(
  call: SandboxCall,
  scope: Scope,
  topic: TopicRecord,
  topicArn: string,
  publication: Publication,
  messageId: string,
  sequenceNumber: string | undefined,
): Promise<void> {
  for (const subscription of await topicSubscriptions(call.store, scope, topic.name)) {
    if (subscription.protocol !== 'sqs' || !subscription.confirmed) continue;
    const body = publication.structured
      ? (publication.structured.sqs ?? publication.structured.default!)
      : publication.message;
    if (!passesFilter(subscription, publication, body)) continue;
    const raw = subscription.attributes.RawMessageDelivery === 'true';
    const outgoing: Outgoing = {
      body: raw ? body : envelope(call, topicArn, subscription, publication, body, messageId, sequenceNumber),
      attributes: raw ? rawAttributes(publication) : {},
      senderId: SNS_SENDER_ID,
    };
    // A FIFO queue takes the group and the deduplication id (the body's SHA-256 under content-based deduplication).
    if (subscription.endpoint.endsWith('.fifo') && publication.groupId) {
      outgoing.groupId = publication.groupId;
      outgoing.deduplicationId = publication.deduplicationId ?? (await sha256Hex(publication.message));
    }
    try {
      await deliverToQueue(call, subscription.endpoint, outgoing);
    } catch (e) {
      // A queue that refuses the message (too large for it, too many attributes raw) does not fail the
      // publish: SNS reports delivery failures only through its delivery logs and dead-letter queues.
      if (!(e instanceof SandboxError)) throw e;
    }
  }
}

async function sha256Hex(text: string): Promise<string> {
  const sha = await createSha('SHA256');
  sha.update(utf8Encode(text));
  return toHex(sha.digest());
}

/** The topic a Publish names (TopicArn, or a topic's ARN as TargetArn); undefined for an SMS. */
async function publishTarget(
  call: SandboxCall,
  input: Record<string, unknown>,
): Promise<{ scope: Scope; topic: TopicRecord; arn: string } | undefined> {
  const scope = scopeOf(call);
  const given = [input.TopicArn, input.TargetArn, input.PhoneNumber].filter((v) => typeof v === 'string' && v !== '');
  if (given.length === 0) throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  if (given.length > 1)
    throw invalidParameter('TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be given');
  if (typeof input.PhoneNumber === 'string' && input.PhoneNumber !== '') {
    if (!/^\+?[1-9]\d{1,14}$/.test(input.PhoneNumber))
      throw invalidParameter('PhoneNumber Reason: not an E.164 number');
    return undefined;
  }
  const arn = String(given[0]);
  if (typeof input.TargetArn === 'string' && /:endpoint\//.test(arn)) throw notFound('Endpoint does not exist');
  return { scope, topic: await loadTopic(call.store, scope, topicNameFromArn(scope, arn)), arn };
}

/** Gives a FIFO topic's next SequenceNumber, alone. */
async function nextSequence(call: SandboxCall, scope: Scope, name: string): Promise<string> {
  return call.store.exclusive(async () => {
    const topic = await loadTopic(call.store, scope, name);
    topic.sequence++;
    await call.store.put(keys.topic(scope, name), topic);
    return `1${String(topic.sequence).padStart(19, '0')}`;
  });
}

async function publishTo(
  call: SandboxCall,
  target: { scope: Scope; topic: TopicRecord; arn: string },
  publication: Publication,
): Promise<{ MessageId: string; SequenceNumber?: string }> {
  const messageId = randomUuid(call.random);
  const sequenceNumber =
    target.topic.attributes.FifoTopic === 'true'
      ? await nextSequence(call, target.scope, target.topic.name)
      : undefined;
  await deliver(call, target.scope, target.topic, target.arn, publication, messageId, sequenceNumber);
  return { MessageId: messageId, SequenceNumber: sequenceNumber };
}

const publish: Handler = async (call) => {
  const target = await publishTarget(call, call.input);
  const publication = checkPublication(call.input, target?.topic.attributes.FifoTopic === 'true', target?.topic);
  if (!target) return { MessageId: randomUuid(call.random) };
  return { ...(await publishTo(call, target, publication)) };
};

/** The codes a batch entry's failure reports: the query wire's, not the shapes'. */
const WIRE_CODES: Record<string, string> = {
  InvalidParameterException: 'InvalidParameter',
  InvalidParameterValueException: 'ParameterValueInvalid',
};

const publishBatch: Handler = async (call) => {
  const target = await callTopic(call);
  const entries = call.input.PublishBatchRequestEntries;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new SandboxError('EmptyBatchRequestException', "The batch request doesn't contain any entries");
  if (entries.length > MAX_BATCH)
    throw new SandboxError(
      'TooManyEntriesInBatchRequestException',
      `The batch request contains more entries than permissible (${MAX_BATCH}).`,
    );
  const ids = new Set<string>();
  for (const entry of entries as Record<string, unknown>[]) {
    const id = String(entry.Id ?? '');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(id))
      throw new SandboxError(
        'InvalidBatchEntryIdException',
        "The Id of a batch entry in a batch request doesn't abide by the specification.",
      );
    if (ids.has(id))
      throw new SandboxError(
        'BatchEntryIdsNotDistinctException',
        'Two or more batch entries in the request have the same Id.',
      );
    ids.add(id);
  }
  const total = (entries as Record<string, unknown>[]).reduce(
    (n, e) => n + utf8Encode(String(e.Message ?? '')).length,
    0,
  );
  if (total > MAX_MESSAGE_BYTES)
    throw new SandboxError(
      'BatchRequestTooLongException',
      'The length of all the messages put together is more than the limit.',
    );
  const fifo = target.topic.attributes.FifoTopic === 'true';
  const Successful: Record<string, unknown>[] = [];
  const Failed: Record<string, unknown>[] = [];
  for (const entry of entries as Record<string, unknown>[]) {
    const id = String(entry.Id);
    try {
      Successful.push({ Id: id, ...(await publishTo(call, target, checkPublication(entry, fifo, target.topic))) });
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      Failed.push({ Id: id, Code: WIRE_CODES[e.code] ?? e.code, Message: e.message, SenderFault: e.statusCode < 500 });
    }
  }
  return { Successful, Failed };
};

export const publishHandlers = { Publish: publish, PublishBatch: publishBatch };
