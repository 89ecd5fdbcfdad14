/**
 * SQS's queues: creating (idempotent for the same attributes), finding, listing, their attributes (the
 * settable ones checked as SQS checks them, the counts worked out from the messages at the call's time),
 * purging, deleting and tagging.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  callQueue,
  codes,
  expired,
  invalidParameter,
  isFifo,
  keys,
  loadMessages,
  loadQueue,
  optionalInteger,
  queueArn,
  queueDoesNotExist,
  queueUrl,
  requiredString,
  scopeOf,
  stringList,
  stringMap,
  type QueueRecord,
  type Scope,
} from './common.js';

/** The integer attributes and their ranges, as the CreateQueue reference gives them. */
const INTEGERS: Record<string, readonly [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};
const BOOLEANS = new Set(['FifoQueue', 'ContentBasedDeduplication', 'SqsManagedSseEnabled']);
const POLICIES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy']);
const FIFO_ONLY: Record<string, readonly string[] | undefined> = {
  ContentBasedDeduplication: undefined,
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};

const DEFAULTS: Record<string, string> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};
const FIFO_DEFAULTS: Record<string, string> = {
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

/** Worked out at each call rather than stored. */
const COUNTS = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
] as const;

/** The order `All` lists attributes in (moto's, which the sandbox is compared with; AWS's map has none). */
const ALL_ORDER = [
  ...COUNTS,
  'CreatedTimestamp',
  'DelaySeconds',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'QueueArn',
  'Policy',
  'RedrivePolicy',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'SqsManagedSseEnabled',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoQueue',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'RedriveAllowPolicy',
];

const MAX_TAGS = 50;

function unknownAttribute(name: string): SandboxError {
  return new SandboxError('InvalidAttributeName', `Unknown Attribute ${name}.`);
}

function invalidValue(name: string): SandboxError {
  return new SandboxError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
}

/**
 * Checks the attributes a caller sets and writes them as SQS reports them back (booleans in lower case,
 * a redrive policy with a numeric maxReceiveCount). `''` stands for an attribute removed (an empty policy).
 */
async function checkAttributes(
  call: SandboxCall,
  scope: Scope,
  given: Record<string, string>,
  fifo: boolean,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) {
    const range = INTEGERS[name];
    if (Object.hasOwn(FIFO_ONLY, name) && !fifo) throw unknownAttribute(name);
    if (range) {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(n) || n < range[0] || n > range[1]) throw invalidValue(name);
      out[name] = String(n);
    } else if (BOOLEANS.has(name)) {
      const value = raw.toLowerCase();
      if (value !== 'true' && value !== 'false') throw invalidValue(name);
      // A standard queue has no FifoQueue attribute: `false` is written as its absence.
      out[name] = name === 'FifoQueue' && value === 'false' ? '' : value;
    } else if (POLICIES.has(name)) {
      out[name] = raw === '' ? '' : await checkPolicy(call, scope, name, raw);
    } else if (name === 'KmsMasterKeyId') {
      out[name] = raw;
    } else if (Object.hasOwn(FIFO_ONLY, name)) {
      if (!FIFO_ONLY[name]!.includes(raw)) throw invalidValue(name);
      out[name] = raw;
    } else {
      throw unknownAttribute(name);
    }
  }
  return out;
}

async function checkPolicy(call: SandboxCall, scope: Scope, name: string, raw: string): Promise<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidValue(name);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidValue(name);
  if (name !== 'RedrivePolicy') return raw;
  const { deadLetterTargetArn, maxReceiveCount } = parsed as Record<string, unknown>;
  const count = Number(maxReceiveCount);
  if (typeof deadLetterTargetArn !== 'string' || !Number.isInteger(count) || count < 1 || count > 1000)
    throw invalidParameter(
      `Value ${raw} for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map with deadLetterTargetArn and maxReceiveCount (1 to 1000).`,
    );
  const prefix = `arn:aws:sqs:${scope.region}:${scope.account}:`;
  const target = deadLetterTargetArn.startsWith(prefix) ? deadLetterTargetArn.slice(prefix.length) : undefined;
  if (target === undefined || !(await call.store.get(keys.queue(scope, target))))
    throw invalidParameter(
      `Value ${raw} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
    );
  return JSON.stringify({ deadLetterTargetArn, maxReceiveCount: count });
}

/** Applies checked attributes: an empty policy is removed; a KMS key replaces SQS-managed encryption. */
function apply(queue: QueueRecord, attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === '') delete queue.attributes[name];
    else queue.attributes[name] = value;
  }
  if (attributes.KmsMasterKeyId) {
    queue.attributes.SqsManagedSseEnabled = 'false';
    queue.attributes.KmsDataKeyReusePeriodSeconds ??= '300';
  }
}

const createQueue: Handler = async (call) => {
  const scope = scopeOf(call);
  const name = requiredString(call.input, 'QueueName');
  const given = stringMap(call.input.Attributes, 'Attributes');
  const fifo = given.FifoQueue?.toLowerCase() === 'true';
  if (fifo ? !/^[A-Za-z0-9_-]{1,75}\.fifo$/.test(name) : !/^[A-Za-z0-9_-]{1,80}$/.test(name))
    throw invalidParameter(
      fifo
        ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
        : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  const tags = stringMap(call.input.tags, 'tags');
  if (Object.keys(tags).length > MAX_TAGS) throw invalidParameter(`Too many tags added for queue ${name}.`);
  await call.store.exclusive(async () => {
    const attributes = await checkAttributes(call, scope, given, fifo);
    const existing = await call.store.get<QueueRecord>(keys.queue(scope, name));
    if (existing) {
      // The same name with the same attributes is the same queue; SQS answers with its URL.
      for (const [attribute, value] of Object.entries(attributes))
        if ((existing.attributes[attribute] ?? '') !== value)
          throw new SandboxError(
            codes.queueNameExists,
            `A queue already exists with the same name and a different value for attribute ${attribute}`,
          );
      return;
    }
    const seconds = Math.floor(call.now.getTime() / 1000);
    const queue: QueueRecord = {
      name,
      created: seconds,
      lastModified: seconds,
      attributes: { ...DEFAULTS, ...(fifo ? FIFO_DEFAULTS : {}) },
      tags,
      next: 1,
      dedup: {},
    };
    apply(queue, attributes);
    await call.store.put(keys.queue(scope, name), queue);
  });
  return { QueueUrl: queueUrl(scope, name) };
};

const getQueueUrl: Handler = async (call) => {
  const scope = scopeOf(call);
  const name = requiredString(call.input, 'QueueName');
  const owner = call.input.QueueOwnerAWSAccountId;
  if (owner !== undefined && owner !== null && owner !== scope.account) throw queueDoesNotExist();
  await loadQueue(call.store, scope, name);
  return { QueueUrl: queueUrl(scope, name) };
};

const listQueues: Handler = async (call) => {
  const scope = scopeOf(call);
  const prefix = typeof call.input.QueueNamePrefix === 'string' ? call.input.QueueNamePrefix : '';
  const limit = optionalInteger(call.input, 'MaxResults', 1, 1000);
  const token = call.input.NextToken;
  const names = (await call.store.keys(keys.queues(scope) + prefix)).map((k) => k.slice(keys.queues(scope).length));
  // The token is the name of the next page's first queue: names sort as their keys do.
  let start = 0;
  if (typeof token === 'string' && token !== '') {
    start = names.findIndex((n) => n >= token);
    if (start < 0) start = names.length;
  }
  // Without MaxResults SQS answers up to 1,000 queues and no token.
  const count = limit ?? 1000;
  const page = names.slice(start, start + count);
  const next = limit !== undefined ? names[start + count] : undefined;
  return {
    QueueUrls: page.length > 0 ? page.map((n) => queueUrl(scope, n)) : undefined,
    NextToken: next,
  };
};

const getQueueAttributes: Handler = async (call) => {
  const { scope, queue } = await callQueue(call);
  const asked = stringList(call.input.AttributeNames, 'AttributeNames');
  for (const name of asked) if (name !== 'All' && !ALL_ORDER.includes(name)) throw unknownAttribute(name);
  const names = asked.includes('All') ? ALL_ORDER : [...new Set(asked)];
  const counts = names.some((n) => (COUNTS as readonly string[]).includes(n))
    ? await countMessages(call, scope, queue)
    : undefined;
  const out: Record<string, string> = {};
  for (const name of names) {
    const value =
      name === 'QueueArn'
        ? queueArn(scope, queue.name)
        : name === 'CreatedTimestamp'
          ? String(queue.created)
          : name === 'LastModifiedTimestamp'
            ? String(queue.lastModified)
            : counts && Object.hasOwn(counts, name)
              ? String(counts[name as (typeof COUNTS)[number]])
              : queue.attributes[name];
    if (value !== undefined) out[name] = value;
  }
  return { Attributes: Object.keys(out).length > 0 ? out : undefined };
};

/** The approximate counts, exact here: visible, delayed (never yet visible), in flight. */
async function countMessages(
  call: SandboxCall,
  scope: Scope,
  queue: QueueRecord,
): Promise<Record<(typeof COUNTS)[number], number>> {
  const now = call.now.getTime();
  const counts = {
    ApproximateNumberOfMessages: 0,
    ApproximateNumberOfMessagesDelayed: 0,
    ApproximateNumberOfMessagesNotVisible: 0,
  };
  for (const { message } of await loadMessages(call.store, scope, queue.name)) {
    if (expired(queue, message, now)) continue;
    if (message.visibleAt <= now) counts.ApproximateNumberOfMessages++;
    else if (message.receiveCount === 0) counts.ApproximateNumberOfMessagesDelayed++;
    else counts.ApproximateNumberOfMessagesNotVisible++;
  }
  return counts;
}

const setQueueAttributes: Handler = async (call) => {
  const scope = scopeOf(call);
  const given = stringMap(call.input.Attributes, 'Attributes');
  await call.store.exclusive(async () => {
    const { queue } = await callQueue(call);
    if (Object.hasOwn(given, 'FifoQueue')) throw invalidValue('FifoQueue');
    apply(queue, await checkAttributes(call, scope, given, isFifo(queue)));
    queue.lastModified = Math.floor(call.now.getTime() / 1000);
    await call.store.put(keys.queue(scope, queue.name), queue);
  });
  return {};
};

const deleteQueue: Handler = async (call) => {
  await call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    for (const key of await call.store.keys(keys.messages(scope, queue.name))) await call.store.delete(key);
    await call.store.delete(keys.queue(scope, queue.name));
  });
  return {};
};

const purgeQueue: Handler = async (call) => {
  await call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    const now = call.now.getTime();
    if (queue.purgedAt !== undefined && now - queue.purgedAt < 60_000)
      throw new SandboxError(
        codes.purgeInProgress,
        `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`,
        403,
      );
    for (const key of await call.store.keys(keys.messages(scope, queue.name))) await call.store.delete(key);
    queue.purgedAt = now;
    await call.store.put(keys.queue(scope, queue.name), queue);
  });
  return {};
};

const tagQueue: Handler = async (call) => {
  const tags = stringMap(call.input.Tags, 'Tags');
  await call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    const merged = { ...queue.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) throw invalidParameter(`Too many tags added for queue ${queue.name}.`);
    queue.tags = merged;
    await call.store.put(keys.queue(scope, queue.name), queue);
  });
  return {};
};

const untagQueue: Handler = async (call) => {
  const tagKeys = stringList(call.input.TagKeys, 'TagKeys');
  await call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    for (const key of tagKeys) delete queue.tags[key];
    await call.store.put(keys.queue(scope, queue.name), queue);
  });
  return {};
};

const listQueueTags: Handler = async (call) => {
  const { queue } = await callQueue(call);
  return { Tags: Object.keys(queue.tags).length > 0 ? queue.tags : undefined };
};

export const queueHandlers = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  DeleteQueue: deleteQueue,
  PurgeQueue: purgeQueue,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
  ListQueueTags: listQueueTags,
};
