/**
 * SQS's messages: sending (with SQS's MD5 digests of body and attributes, delays, FIFO deduplication and
 * sequence numbers), receiving (visibility timeouts, FIFO group order, redrive to a dead-letter queue,
 * long polling), deleting and changing visibility, one at a time or in batches. Times are the call's
 * clock; the one timer is the long poll's wait between looks at the queue.
 */
import { createMd5, createSha } from '../../../core/checksums/sha.js';
import { toHex } from '../../../core/hex.js';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../../core/protocols/shared.js';
import { randomId, randomUuid, SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  callQueue,
  codes,
  expired,
  invalidParameter,
  isFifo,
  keys,
  loadMessages,
  missingParameter,
  optionalInteger,
  queueArn,
  requiredString,
  stringList,
  type MessageRecord,
  type QueueRecord,
  type Scope,
  type StoredAttribute,
} from './common.js';

/** What a sender (SendMessage, or SNS delivering to a subscribed queue) puts in a queue. */
export interface Outgoing {
  body: string;
  attributes?: Record<string, StoredAttribute>;
  delaySeconds?: number;
  groupId?: string;
  deduplicationId?: string;
  traceHeader?: string;
  /** Who sent it: the caller's user id (the account for root), or SNS's own for a delivery. */
  senderId: string;
}

export interface Sent {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

const MAX_ATTRIBUTES = 10;
const DEDUP_WINDOW_MS = 5 * 60_000;
const MAX_BATCH = 10;
const MAX_BATCH_BYTES = 1_048_576;
/** How often a long poll looks at the queue again. */
const POLL_MS = 50;

async function md5Hex(parts: Uint8Array[]): Promise<string> {
  const md5 = await createMd5();
  for (const part of parts) md5.update(part);
  return toHex(md5.digest());
}

/**
 * MD5OfMessageAttributes as SQS computes it: the attributes in order of name, each as its name, its data
 * type, a transport byte (1 for String and Number, 2 for Binary) and its value, the strings and value
 * preceded by their length as 4 bytes big-endian.
 */
export async function attributesMd5(attributes: Record<string, StoredAttribute>): Promise<string | undefined> {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Uint8Array[] = [];
  const field = (bytes: Uint8Array) => {
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
  };
  for (const name of names) {
    const attribute = attributes[name]!;
    field(utf8Encode(name));
    field(utf8Encode(attribute.DataType));
    if (attribute.BinaryValue !== undefined) {
      parts.push(Uint8Array.of(2));
      field(fromBase64(attribute.BinaryValue));
    } else {
      parts.push(Uint8Array.of(1));
      field(utf8Encode(attribute.StringValue ?? ''));
    }
  }
  return md5Hex(parts);
}

/**
 * Message attributes as a sender gives them (the model's MessageAttributeValue), checked as SQS checks
 * them and kept with binary values in base64.
 */
export function checkAttributes(value: unknown): Record<string, StoredAttribute> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter('Invalid message attributes.');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES)
    throw invalidParameter(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  const out: Record<string, StoredAttribute> = {};
  for (const [name, raw] of entries) {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(aws\.|amazon\.)/i.test(name) || /\.\.|^\.|\.$/.test(name))
      throw invalidParameter(
        `Message (user) attribute name '${name}' is invalid: it may hold only letters, digits, '_', '-' and '.', not start with AWS. or Amazon., and not start, end or repeat a period.`,
      );
    const { DataType, StringValue, BinaryValue } = (raw ?? {}) as Record<string, unknown>;
    if (typeof DataType !== 'string' || DataType === '')
      throw invalidParameter(`The message attribute '${name}' must contain non-empty message attribute type.`);
    const kind = DataType.split('.')[0];
    if (kind === 'Binary') {
      const bytes =
        BinaryValue instanceof Uint8Array
          ? BinaryValue
          : typeof BinaryValue === 'string'
            ? utf8Encode(BinaryValue)
            : undefined;
      if (!bytes || bytes.length === 0)
        throw invalidParameter(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      out[name] = { DataType, BinaryValue: toBase64(bytes) };
    } else if (kind === 'String' || kind === 'Number') {
      if (typeof StringValue !== 'string' || StringValue === '')
        throw invalidParameter(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${kind}'.`,
        );
      if (kind === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(StringValue.trim()))
        throw invalidParameter(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      out[name] = { DataType, StringValue };
    } else {
      throw invalidParameter(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
  }
  return out;
}

/** The bytes an attribute counts toward the message size: its name, type and value. */
function attributesSize(attributes: Record<string, StoredAttribute>): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes))
    size +=
      utf8Encode(name).length +
      utf8Encode(a.DataType).length +
      (a.BinaryValue !== undefined ? fromBase64(a.BinaryValue).length : utf8Encode(a.StringValue ?? '').length);
  return size;
}

/** The characters the SQS reference allows in a body (XML's). */
const INVALID_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Puts a message in `queue`, whose record the caller holds inside `store.exclusive` and which this
 * writes back. A FIFO message whose deduplication id was seen in the last five minutes is accepted but
 * not added: SQS answers with the first one's id.
 */
export async function enqueue(call: SandboxCall, scope: Scope, queue: QueueRecord, outgoing: Outgoing): Promise<Sent> {
  const attributes = outgoing.attributes ?? {};
  const body = outgoing.body;
  if (body === '') throw missingParameter('MessageBody');
  if (INVALID_CHARACTER.test(body))
    throw new SandboxError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  const max = Number(queue.attributes.MaximumMessageSize);
  if (utf8Encode(body).length + attributesSize(attributes) > max)
    throw invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`);
  const fifo = isFifo(queue);
  const now = call.now.getTime();
  let deduplicationId = outgoing.deduplicationId;
  if (fifo) {
    if (outgoing.groupId === undefined || outgoing.groupId === '') throw missingParameter('MessageGroupId');
    if (outgoing.delaySeconds !== undefined && outgoing.delaySeconds !== 0)
      throw invalidParameter(
        `Value ${outgoing.delaySeconds} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
      );
    if (deduplicationId === undefined) {
      if (queue.attributes.ContentBasedDeduplication !== 'true')
        throw invalidParameter(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      const sha = await createSha('SHA256');
      sha.update(utf8Encode(body));
      deduplicationId = toHex(sha.digest());
    }
  } else if (deduplicationId !== undefined) {
    throw invalidParameter(
      'The request include parameter MessageDeduplicationId that is not valid for this queue type.',
    );
  }
  const md5s = {
    MD5OfMessageBody: await md5Hex([utf8Encode(body)]),
    MD5OfMessageAttributes: await attributesMd5(attributes),
    MD5OfMessageSystemAttributes:
      outgoing.traceHeader === undefined
        ? undefined
        : await attributesMd5({ AWSTraceHeader: { DataType: 'String', StringValue: outgoing.traceHeader } }),
  };
  if (fifo) {
    for (const [id, seen] of Object.entries(queue.dedup)) if (now - seen.at >= DEDUP_WINDOW_MS) delete queue.dedup[id];
    const seen = queue.dedup[dedupKey(queue, outgoing.groupId, deduplicationId!)];
    if (seen) return { MessageId: seen.messageId, ...md5s, SequenceNumber: seen.sequenceNumber };
  }
  const place = queue.next++;
  const message: MessageRecord = {
    id: randomUuid(call.random),
    place,
    body,
    md5OfBody: md5s.MD5OfMessageBody,
    attributes,
    traceHeader: outgoing.traceHeader,
    senderId: outgoing.senderId,
    sentAt: now,
    visibleAt: now + (outgoing.delaySeconds ?? Number(queue.attributes.DelaySeconds)) * 1000,
    receiveCount: 0,
    groupId: outgoing.groupId,
  };
  if (fifo) {
    // Sequence numbers are 20 digits that grow with each message, as SQS's do.
    message.sequenceNumber = `1${String(place).padStart(19, '0')}`;
    message.deduplicationId = deduplicationId;
    queue.dedup[dedupKey(queue, outgoing.groupId, deduplicationId!)] = {
      messageId: message.id,
      sequenceNumber: message.sequenceNumber,
      at: now,
    };
  }
  await call.store.put(keys.message(scope, queue.name, place), message);
  await call.store.put(keys.queue(scope, queue.name), queue);
  return { MessageId: message.id, ...md5s, SequenceNumber: message.sequenceNumber };
}

/** With DeduplicationScope messageGroup, the same id in two groups is two messages. */
function dedupKey(queue: QueueRecord, groupId: string | undefined, id: string): string {
  return queue.attributes.DeduplicationScope === 'messageGroup' ? `${groupId ?? ''}/${id}` : id;
}

/**
 * Sends to the queue an ARN names, if the sandbox has it (SNS's delivery to a subscribed queue). Runs its
 * own `exclusive`, so it must not be called from inside one. Resolves to false when there is no such queue.
 */
export async function deliverToQueue(call: SandboxCall, arn: string, outgoing: Outgoing): Promise<boolean> {
  const match = /^arn:aws:sqs:([^:]+):([^:]+):([^:]+)$/.exec(arn);
  if (!match) return false;
  const [, region, account, name] = match as unknown as [string, string, string, string];
  const scope: Scope = { region, account, root: `sqs/${region}/${account}` };
  return call.store.exclusive(async () => {
    const queue = await call.store.get<QueueRecord>(keys.queue(scope, name));
    if (!queue) return false;
    await enqueue(call, scope, queue, outgoing);
    return true;
  });
}

function outgoingOf(call: SandboxCall, entry: Record<string, unknown>): Outgoing {
  const system = entry.MessageSystemAttributes as Record<string, { StringValue?: unknown }> | undefined;
  const trace = system?.AWSTraceHeader?.StringValue;
  return {
    body: typeof entry.MessageBody === 'string' ? entry.MessageBody : '',
    attributes: checkAttributes(entry.MessageAttributes),
    delaySeconds: optionalInteger(entry, 'DelaySeconds', 0, 900),
    groupId: typeof entry.MessageGroupId === 'string' ? entry.MessageGroupId : undefined,
    deduplicationId: typeof entry.MessageDeduplicationId === 'string' ? entry.MessageDeduplicationId : undefined,
    traceHeader: typeof trace === 'string' ? trace : undefined,
    senderId: call.caller.userId,
  };
}

const sendMessage: Handler = async (call) => {
  requiredString(call.input, 'MessageBody');
  const outgoing = outgoingOf(call, call.input);
  return call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    return { ...(await enqueue(call, scope, queue, outgoing)) };
  });
};

interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** A batch's entries, checked as a whole as SQS checks them (count, distinct and well-formed ids). */
function batchEntries(input: Record<string, unknown>, action: string): Record<string, unknown>[] {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new SandboxError(codes.emptyBatch, `There should be at least one ${action}RequestEntry in the request.`);
  if (entries.length > MAX_BATCH)
    throw new SandboxError(
      codes.tooManyEntries,
      `Maximum number of entries per request are ${MAX_BATCH}. You have sent ${entries.length}.`,
    );
  const seen = new Set<string>();
  for (const entry of entries as Record<string, unknown>[]) {
    const id = String(entry.Id ?? '');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(id))
      throw new SandboxError(
        codes.invalidBatchEntryId,
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      );
    if (seen.has(id)) throw new SandboxError(codes.idsNotDistinct, `Id ${id} repeated.`);
    seen.add(id);
  }
  return entries as Record<string, unknown>[];
}

function failure(id: string, error: unknown): BatchFailure {
  if (!(error instanceof SandboxError)) throw error;
  return { Id: id, SenderFault: error.statusCode < 500, Code: error.code, Message: error.message };
}

/** Runs `each` on every entry in turn: an entry's SQS error becomes its failure and the others go on. */
async function runBatch(
  entries: Record<string, unknown>[],
  each: (entry: Record<string, unknown>) => Promise<object | void>,
): Promise<{ Successful: Record<string, unknown>[]; Failed: BatchFailure[] }> {
  const Successful: Record<string, unknown>[] = [];
  const Failed: BatchFailure[] = [];
  for (const entry of entries) {
    const id = String(entry.Id);
    try {
      Successful.push({ Id: id, ...(await each(entry)) });
    } catch (e) {
      Failed.push(failure(id, e));
    }
  }
  return { Successful, Failed };
}

const sendMessageBatch: Handler = async (call) => {
  const entries = batchEntries(call.input, 'SendMessageBatch');
  const total = entries.reduce((n, e) => n + utf8Encode(String(e.MessageBody ?? '')).length, 0);
  if (total > MAX_BATCH_BYTES)
    throw new SandboxError(
      codes.batchTooLong,
      `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`,
    );
  return call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    return runBatch(entries, async (entry) => {
      if (typeof entry.MessageBody !== 'string' || entry.MessageBody === '') throw missingParameter('MessageBody');
      return enqueue(call, scope, queue, outgoingOf(call, entry));
    });
  });
};

/** A receipt handle names its queue, the message's place and this receive; it is opaque to the caller. */
function newReceipt(call: SandboxCall, queue: string, place: number): string {
  return toBase64(`${queue} ${place} ${randomId(call.random, 48)}`);
}

function parseReceipt(queue: QueueRecord, handle: unknown): number {
  const invalid = () =>
    new SandboxError(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${String(handle)}" is not a valid receipt handle.`,
    );
  if (typeof handle !== 'string' || handle === '') throw missingParameter('ReceiptHandle');
  let text: string;
  try {
    text = utf8Decode(fromBase64(handle));
  } catch {
    throw invalid();
  }
  const [name, place, nonce] = text.split(' ');
  if (name !== queue.name || !/^\d+$/.test(place ?? '') || !nonce) throw invalid();
  return Number(place);
}

/** The messages a receive may take now, in order: visible ones; on a FIFO queue, only from groups not in flight. */
function pick(queue: QueueRecord, messages: MessageRecord[], now: number, max: number): MessageRecord[] {
  if (!isFifo(queue)) return messages.filter((m) => m.visibleAt <= now).slice(0, max);
  // A group waits while any of its messages is in flight or not yet visible: its order holds.
  const blocked = new Set<string>();
  const out: MessageRecord[] = [];
  for (const m of messages) {
    const group = m.groupId ?? '';
    if (m.visibleAt > now) blocked.add(group);
    else if (!blocked.has(group) && out.length < max) out.push(m);
  }
  return out;
}

interface ReceiveOptions {
  max: number;
  visibility: number;
  systemNames: Set<string>;
  attributeNames: string[];
}

/** One look at the queue, alone: drops what expired, moves what exhausted its receives, takes the rest. */
async function receiveOnce(
  call: SandboxCall,
  now: number,
  options: ReceiveOptions,
): Promise<Record<string, unknown>[]> {
  return call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    const redrive = queue.attributes.RedrivePolicy
      ? (JSON.parse(queue.attributes.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number })
      : undefined;
    const live: MessageRecord[] = [];
    for (const { key, message } of await loadMessages(call.store, scope, queue.name)) {
      if (expired(queue, message, now)) {
        await call.store.delete(key);
      } else if (redrive && message.visibleAt <= now && message.receiveCount >= redrive.maxReceiveCount) {
        await moveToDeadLetter(call, scope, queue, key, message, redrive.deadLetterTargetArn);
      } else {
        live.push(message);
      }
    }
    const taken = pick(queue, live, now, options.max);
    const out: Record<string, unknown>[] = [];
    for (const message of taken) {
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + options.visibility * 1000;
      message.receipt = newReceipt(call, queue.name, message.place);
      await call.store.put(keys.message(scope, queue.name, message.place), message);
      out.push(await describe(message, options));
    }
    return out;
  });
}

/**
 * SQS moves a message to the dead-letter queue once it has been received maxReceiveCount times without
 * being deleted; it keeps its id, body, attributes and sent time. A dead-letter queue deleted since is
 * no reason to lose the message: it then stays where it is.
 */
async function moveToDeadLetter(
  call: SandboxCall,
  scope: Scope,
  source: QueueRecord,
  key: string,
  message: MessageRecord,
  targetArn: string,
): Promise<void> {
  const name = targetArn.slice(targetArn.lastIndexOf(':') + 1);
  const target = await call.store.get<QueueRecord>(keys.queue(scope, name));
  if (!target) return;
  const place = target.next++;
  const moved: MessageRecord = {
    ...message,
    place,
    visibleAt: call.now.getTime(),
    receiveCount: 0,
    firstReceivedAt: undefined,
    receipt: undefined,
    deadLetterSourceArn: queueArn(scope, source.name),
  };
  if (isFifo(target)) moved.sequenceNumber = `1${String(place).padStart(19, '0')}`;
  await call.store.put(keys.message(scope, target.name, place), moved);
  await call.store.put(keys.queue(scope, target.name), target);
  await call.store.delete(key);
}

function wanted(name: string, patterns: string[]): boolean {
  return patterns.some(
    (p) => p === 'All' || p === '.*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))),
  );
}

async function describe(message: MessageRecord, options: ReceiveOptions): Promise<Record<string, unknown>> {
  const all = options.systemNames.has('All');
  const system: Record<string, string | undefined> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
    SequenceNumber: message.sequenceNumber,
    MessageDeduplicationId: message.deduplicationId,
    MessageGroupId: message.groupId,
    AWSTraceHeader: message.traceHeader,
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
  };
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(system))
    if (value !== undefined && (all || options.systemNames.has(name))) attributes[name] = value;
  const chosen: Record<string, StoredAttribute> = {};
  for (const [name, value] of Object.entries(message.attributes))
    if (wanted(name, options.attributeNames)) chosen[name] = value;
  const names = Object.keys(chosen);
  return {
    MessageId: message.id,
    ReceiptHandle: message.receipt,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    Attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
    // The digest covers the attributes returned, so that a client can check what it got.
    MD5OfMessageAttributes: await attributesMd5(chosen),
    MessageAttributes:
      names.length > 0
        ? Object.fromEntries(
            names.map((n) => {
              const a = chosen[n]!;
              return [
                n,
                a.BinaryValue !== undefined
                  ? { DataType: a.DataType, BinaryValue: fromBase64(a.BinaryValue) }
                  : { DataType: a.DataType, StringValue: a.StringValue },
              ];
            }),
          )
        : undefined,
  };
}

/** Waits `ms`, or less when the request is cancelled. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const receiveMessage: Handler = async (call) => {
  const { queue } = await callQueue(call);
  const options: ReceiveOptions = {
    max: optionalInteger(call.input, 'MaxNumberOfMessages', 1, 10) ?? 1,
    visibility:
      optionalInteger(call.input, 'VisibilityTimeout', 0, 43_200) ?? Number(queue.attributes.VisibilityTimeout),
    systemNames: new Set([
      ...stringList(call.input.AttributeNames, 'AttributeNames'),
      ...stringList(call.input.MessageSystemAttributeNames, 'MessageSystemAttributeNames'),
    ]),
    attributeNames: stringList(call.input.MessageAttributeNames, 'MessageAttributeNames'),
  };
  const wait =
    (optionalInteger(call.input, 'WaitTimeSeconds', 0, 20) ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds)) *
    1000;
  // A long poll looks again until a message is there or the wait is over (or the caller has gone: a
  // cancelled request must not hold the process for the rest of the wait); the call's clock moves on by
  // the time actually waited.
  const started = Date.now();
  for (;;) {
    const elapsed = Date.now() - started;
    const messages = await receiveOnce(call, call.now.getTime() + elapsed, options);
    if (messages.length > 0 || elapsed >= wait || call.signal?.aborted)
      return { Messages: messages.length > 0 ? messages : undefined };
    await sleep(Math.min(POLL_MS, wait - elapsed), call.signal);
  }
};

/** Finds the message a receipt handle names, if it is still there and this is its latest receipt. */
async function byReceipt(
  call: SandboxCall,
  scope: Scope,
  queue: QueueRecord,
  handle: unknown,
): Promise<MessageRecord | undefined> {
  const place = parseReceipt(queue, handle);
  const message = await call.store.get<MessageRecord>(keys.message(scope, queue.name, place));
  return message?.receipt === handle ? message : undefined;
}

/** Deletes by receipt; an outdated or spent (but well-formed) handle succeeds and deletes nothing, as in SQS. */
async function deleteOne(call: SandboxCall, scope: Scope, queue: QueueRecord, handle: unknown): Promise<void> {
  const message = await byReceipt(call, scope, queue, handle);
  if (message) await call.store.delete(keys.message(scope, queue.name, message.place));
}

const deleteMessage: Handler = async (call) => {
  await call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    await deleteOne(call, scope, queue, call.input.ReceiptHandle);
  });
  return {};
};

const deleteMessageBatch: Handler = async (call) => {
  const entries = batchEntries(call.input, 'DeleteMessageBatch');
  return call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    return runBatch(entries, (entry) => deleteOne(call, scope, queue, entry.ReceiptHandle));
  });
};

async function changeVisibility(
  call: SandboxCall,
  scope: Scope,
  queue: QueueRecord,
  entry: Record<string, unknown>,
): Promise<void> {
  const timeout = optionalInteger(entry, 'VisibilityTimeout', 0, 43_200);
  if (timeout === undefined) throw missingParameter('VisibilityTimeout');
  const message = await byReceipt(call, scope, queue, entry.ReceiptHandle);
  if (!message)
    throw invalidParameter(
      `Value ${String(entry.ReceiptHandle)} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
    );
  const now = call.now.getTime();
  if (message.visibleAt <= now)
    throw new SandboxError(
      codes.messageNotInflight,
      'Message does not exist or is not available for visibility timeout change.',
    );
  message.visibleAt = now + timeout * 1000;
  await call.store.put(keys.message(scope, queue.name, message.place), message);
}

const changeMessageVisibility: Handler = async (call) => {
  await call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    await changeVisibility(call, scope, queue, call.input);
  });
  return {};
};

const changeMessageVisibilityBatch: Handler = async (call) => {
  const entries = batchEntries(call.input, 'ChangeMessageVisibilityBatch');
  return call.store.exclusive(async () => {
    const { scope, queue } = await callQueue(call);
    return runBatch(entries, (entry) => changeVisibility(call, scope, queue, entry));
  });
};

export const messageHandlers = {
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  ReceiveMessage: receiveMessage,
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
};
