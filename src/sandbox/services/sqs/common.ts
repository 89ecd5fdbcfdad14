/**
 * What SQS's handlers share: where queues and messages live, the records kept there, the errors as SQS
 * words them, and finding a queue from its URL. Queues belong to one account in one region, so every key
 * starts with `sqs/<region>/<account>/`; each message is a document of its own, keyed by its place in the
 * queue, so that a send writes one small document and the store's key order is the queue's order.
 */
import { SandboxError, type SandboxCall } from '../../service.js';
import type { SandboxStore } from '../../store.js';

export interface QueueRecord {
  name: string;
  /** Epoch seconds, as GetQueueAttributes writes them. */
  created: number;
  lastModified: number;
  /** The attributes a caller may set, as strings in SQS's own spelling (`"30"`, `"true"`). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** The place of the next message sent: its key and, on a FIFO queue, its SequenceNumber. */
  next: number;
  /** FIFO: deduplication ids seen in the last five minutes, with what the first send answered. */
  dedup: Record<string, { messageId: string; sequenceNumber: string; at: number }>;
  /** Epoch ms of the last PurgeQueue (one a minute is allowed). */
  purgedAt?: number;
}

/** A message attribute as stored: a binary value in base64, since documents are JSON. */
export interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface MessageRecord {
  id: string;
  place: number;
  body: string;
  md5OfBody: string;
  attributes: Record<string, StoredAttribute>;
  /** AWSTraceHeader, the one system attribute a sender may set. */
  traceHeader?: string;
  senderId: string;
  /** Epoch ms. */
  sentAt: number;
  /** Epoch ms from which the message may be received (after its delay, or its visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The handle of the latest receive: only it deletes the message. */
  receipt?: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  /** Set when the message was moved here from the source queue's redrive. */
  deadLetterSourceArn?: string;
}

/** The caller's account in the call's region. */
export interface Scope {
  account: string;
  region: string;
  root: string;
}

export function scopeOf(call: SandboxCall): Scope {
  return { account: call.caller.account, region: call.region, root: `sqs/${call.region}/${call.caller.account}` };
}

export const keys = {
  queue: (s: Scope, name: string) => `${s.root}/queues/${name}`,
  queues: (s: Scope) => `${s.root}/queues/`,
  message: (s: Scope, queue: string, place: number) => `${s.root}/messages/${queue}/${String(place).padStart(12, '0')}`,
  messages: (s: Scope, queue: string) => `${s.root}/messages/${queue}/`,
};

export function queueUrl(scope: Scope, name: string): string {
  return `https://sqs.${scope.region}.amazonaws.com/${scope.account}/${name}`;
}

export function queueArn(scope: Scope, name: string): string {
  return `arn:aws:sqs:${scope.region}:${scope.account}:${name}`;
}

export function isFifo(queue: QueueRecord): boolean {
  return queue.attributes.FifoQueue === 'true';
}

/**
 * SQS's errors. The model names them by shape (`QueueDoesNotExist`) but carries no query code, while
 * SQS, being query-compatible, reports the code its query API used (`AWS.SimpleQueueService.NonExistentQueue`)
 * and that is what the AWS CLI shows; so where the two differ the handlers throw the query code, which
 * the writer passes through as it is.
 */
export const codes = {
  queueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  queueNameExists: 'QueueAlreadyExists',
  purgeInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  messageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  emptyBatch: 'AWS.SimpleQueueService.EmptyBatchRequest',
  tooManyEntries: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  idsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  invalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  batchTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
} as const;

export function invalidParameter(message: string): SandboxError {
  return new SandboxError('InvalidParameterValue', message);
}

export function missingParameter(name: string): SandboxError {
  return new SandboxError('MissingParameter', `The request must contain the parameter ${name}.`);
}

export function queueDoesNotExist(): SandboxError {
  return new SandboxError(codes.queueDoesNotExist, 'The specified queue does not exist.');
}

export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (value === undefined || value === null || value === '') throw missingParameter(member);
  if (typeof value !== 'string') throw invalidParameter(`Value for parameter ${member} is invalid.`);
  return value;
}

/** An optional integer member within [min, max], in SQS's wording when it is not. */
export function optionalInteger(
  input: Record<string, unknown>,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw invalidParameter(
      `Value ${String(value)} for parameter ${member} is invalid. Reason: Must be between ${min} and ${max}.`,
    );
  return n;
}

/**
 * The queue a QueueUrl names: any host (the CLI's endpoint, AWS's, a local one), a path of the account
 * and the queue's name. Another account's queue does not exist for the sandbox's one account.
 */
export function queueNameFromUrl(scope: Scope, url: string): string {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?\/([^/]+)\/([^/?#]+)\/?$/i.exec(url);
  if (!match) throw new SandboxError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, 404);
  if (match[1] !== scope.account) throw queueDoesNotExist();
  return decodeURIComponent(match[2]!);
}

export async function loadQueue(store: SandboxStore, scope: Scope, name: string): Promise<QueueRecord> {
  const queue = await store.get<QueueRecord>(keys.queue(scope, name));
  if (!queue) throw queueDoesNotExist();
  return queue;
}

/** The call's queue, from its QueueUrl. */
export async function callQueue(call: SandboxCall): Promise<{ scope: Scope; queue: QueueRecord }> {
  const scope = scopeOf(call);
  const name = queueNameFromUrl(scope, requiredString(call.input, 'QueueUrl'));
  return { scope, queue: await loadQueue(call.store, scope, name) };
}

/** Every message of a queue, in the order sent, with its key. */
export async function loadMessages(
  store: SandboxStore,
  scope: Scope,
  queue: string,
): Promise<{ key: string; message: MessageRecord }[]> {
  const out: { key: string; message: MessageRecord }[] = [];
  for (const key of await store.keys(keys.messages(scope, queue))) {
    const message = await store.get<MessageRecord>(key);
    if (message) out.push({ key, message });
  }
  return out;
}

/** A message older than the queue's retention period is gone, whether or not anyone looked. */
export function expired(queue: QueueRecord, message: MessageRecord, now: number): boolean {
  return now - message.sentAt >= Number(queue.attributes.MessageRetentionPeriod) * 1000;
}

/** A string-to-string map member (Attributes, tags). */
export function stringMap(value: unknown, member: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidParameter(`Value for parameter ${member} is invalid.`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function stringList(value: unknown, member: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(`Value for parameter ${member} is invalid.`);
  return value.map(String);
}
