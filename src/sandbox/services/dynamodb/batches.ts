/**
 * DynamoDB's many-item operations: batches (each item on its own; the sandbox processes them all, so
 * nothing is ever left unprocessed) and transactions (every condition checked first, then every write or
 * none, a failure reported per item in CancellationReasons; they cost twice the units of plain requests).
 */
import { SandboxError, type Handler } from '../../service.js';
import {
  checkItem,
  checkKey,
  consumedList,
  deleteItem,
  getItem,
  itemKey,
  keyOf,
  loadTable,
  placeholdersOf,
  projected,
  projectionOf,
  putItem,
  readUnits,
  sizeOf,
  tableName,
  writeUnits,
  type TableRecord,
} from './common.js';
import { validation } from './expressions.js';
import { conditionHolds, prepareCheck, prepareDelete, preparePut, prepareUpdate, type PreparedWrite } from './items.js';
import type { Item } from './values.js';

/** A cancelled transaction, with a reason for each of its items in request order. */
export class TransactionCanceled extends SandboxError {
  constructor(readonly reasons: Array<{ Code: string; Message?: string; Item?: Item }>) {
    super(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      400,
      {},
      { CancellationReasons: reasons },
    );
  }
}

function addUnits(units: Map<string, number>, table: string, n: number): void {
  units.set(table, (units.get(table) ?? 0) + n);
}

function tooMany(member: string, count: number, max: number): SandboxError {
  return validation(
    `1 validation error detected: Value '${member}' at '${member.charAt(0).toLowerCase() + member.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to ${max} (${count} given)`,
  );
}

// ---- batches ----

interface GetRequest {
  Keys?: Item[];
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ConsistentRead?: boolean;
}

const batchGetItem: Handler = async (call) => {
  const requests = (call.input.RequestItems as Record<string, GetRequest> | undefined) ?? {};
  const count = Object.values(requests).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
  if (count > 100) throw validation('Too many items requested for the BatchGetItem call');
  const responses: Record<string, Item[]> = {};
  const units = new Map<string, number>();
  for (const [name, request] of Object.entries(requests)) {
    const table = await loadTable(call, tableName({ TableName: name }));
    const placeholders = placeholdersOf(request as Record<string, unknown>);
    const projection = projectionOf(request as Record<string, unknown>, placeholders);
    placeholders.checkAllUsed();
    const keys = (request.Keys ?? []).map((k) => checkKey(table, k));
    const seen = new Set(keys.map((k) => itemKey(call, table, k)));
    if (seen.size !== keys.length) throw validation('Provided list of item keys contains duplicates');
    responses[table.name] = [];
    for (const key of keys) {
      const item = await getItem(call, table, key);
      addUnits(units, table.name, readUnits(sizeOf(item), request.ConsistentRead === true));
      if (item) responses[table.name]!.push(projected(item, projection));
    }
  }
  return { Responses: responses, UnprocessedKeys: {}, ConsumedCapacity: consumedList(call.input, units) };
};

interface WriteRequest {
  PutRequest?: { Item?: Item };
  DeleteRequest?: { Key?: Item };
}

const batchWriteItem: Handler = async (call) => {
  const requests = (call.input.RequestItems as Record<string, WriteRequest[]> | undefined) ?? {};
  const count = Object.values(requests).reduce((n, r) => n + r.length, 0);
  if (count > 25) throw tooMany('RequestItems', count, 25);
  // Every request is checked before any is applied: DynamoDB refuses a batch with one bad request whole.
  const writes: Array<{ table: TableRecord; key: Item; item?: Item }> = [];
  for (const [name, list] of Object.entries(requests)) {
    const table = await loadTable(call, tableName({ TableName: name }));
    const seen = new Set<string>();
    for (const request of list) {
      const item = request.PutRequest ? checkItem(table, request.PutRequest.Item) : undefined;
      const key = item ? keyOf(table, item) : checkKey(table, request.DeleteRequest?.Key);
      const where = itemKey(call, table, key);
      if (seen.has(where)) throw validation('Provided list of item keys contains duplicates');
      seen.add(where);
      writes.push({ table, key, item });
    }
  }
  const units = new Map<string, number>();
  await call.store.exclusive(async () => {
    for (const write of writes) {
      const old = await getItem(call, write.table, write.key);
      if (write.item) await putItem(call, write.table, write.item);
      else await deleteItem(call, write.table, write.key);
      addUnits(units, write.table.name, writeUnits(Math.max(sizeOf(old), sizeOf(write.item))));
    }
  });
  return { UnprocessedItems: {}, ConsumedCapacity: consumedList(call.input, units) };
};

// ---- transactions ----

interface TransactWriteItem {
  ConditionCheck?: Record<string, unknown>;
  Put?: Record<string, unknown>;
  Update?: Record<string, unknown>;
  Delete?: Record<string, unknown>;
}

async function prepareTransactItem(call: Parameters<Handler>[0], item: TransactWriteItem): Promise<PreparedWrite> {
  if (item.ConditionCheck) return prepareCheck(call, item.ConditionCheck);
  if (item.Put) return preparePut(call, item.Put);
  if (item.Update) return prepareUpdate(call, item.Update);
  if (item.Delete) return prepareDelete(call, item.Delete);
  throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
}

const transactWriteItems: Handler = async (call) => {
  const items = (call.input.TransactItems as TransactWriteItem[] | undefined) ?? [];
  if (items.length === 0 || items.length > 100) throw tooMany('TransactItems', items.length, 100);
  const writes: PreparedWrite[] = [];
  for (const item of items) writes.push(await prepareTransactItem(call, item));
  const where = writes.map((w) => itemKey(call, w.table, w.key));
  if (new Set(where).size !== where.length)
    throw validation('Transaction request cannot include multiple operations on one item');
  const units = new Map<string, number>();
  await call.store.exclusive(async () => {
    const olds = await Promise.all(writes.map((w) => getItem(call, w.table, w.key)));
    const failed = writes.map((w, i) => !conditionHolds(w, olds[i]));
    if (failed.some(Boolean))
      throw new TransactionCanceled(
        writes.map((w, i) =>
          failed[i]
            ? {
                Code: 'ConditionalCheckFailed',
                Message: 'The conditional request failed',
                Item: w.returnOldOnFailure ? olds[i] : undefined,
              }
            : { Code: 'None' },
        ),
      );
    // Every change is computed before any is stored, so an update that fails leaves the table as it was.
    const nexts = writes.map((w, i) => (w.change ? w.change(olds[i]) : olds[i]));
    for (const [i, w] of writes.entries()) {
      const next = nexts[i];
      if (w.change && next) await putItem(call, w.table, next);
      else if (w.change && olds[i]) await deleteItem(call, w.table, w.key);
      const bytes = w.change ? Math.max(sizeOf(olds[i]), sizeOf(next)) : sizeOf(olds[i]);
      addUnits(units, w.table.name, 2 * writeUnits(bytes));
    }
  });
  return { ConsumedCapacity: consumedList(call.input, units) };
};

const transactGetItems: Handler = async (call) => {
  const items = (call.input.TransactItems as Array<{ Get?: Record<string, unknown> }> | undefined) ?? [];
  if (items.length === 0 || items.length > 100) throw tooMany('TransactItems', items.length, 100);
  const gets: Array<{ table: TableRecord; key: Item; projection: ReturnType<typeof projectionOf> }> = [];
  for (const item of items) {
    const get = item.Get ?? {};
    const table = await loadTable(call, tableName(get));
    const key = checkKey(table, get.Key);
    const placeholders = placeholdersOf(get);
    const projection = projectionOf(get, placeholders);
    placeholders.checkAllUsed();
    gets.push({ table, key, projection });
  }
  const where = gets.map((g) => itemKey(call, g.table, g.key));
  if (new Set(where).size !== where.length)
    throw validation('Transaction request cannot include multiple operations on one item');
  const units = new Map<string, number>();
  const responses = await call.store.exclusive(async () => {
    const out = [];
    for (const g of gets) {
      const item = await getItem(call, g.table, g.key);
      addUnits(units, g.table.name, 2 * readUnits(sizeOf(item), true));
      out.push({ Item: item && projected(item, g.projection) });
    }
    return out;
  });
  return { Responses: responses, ConsumedCapacity: consumedList(call.input, units) };
};

export const batchHandlers = {
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
} satisfies Record<string, Handler>;
