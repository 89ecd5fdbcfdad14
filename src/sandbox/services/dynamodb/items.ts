/**
 * DynamoDB's single-item operations. Each write is first prepared (its parameters and expressions
 * checked, as DynamoDB checks them before touching the table) and then applied to the stored item alone,
 * so that TransactWriteItems applies the same preparations all or nothing.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  checkIndexKeys,
  checkItem,
  checkKey,
  checkSize,
  consumed,
  deleteItem,
  getItem,
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
import { applyUpdate, evaluate, project } from './evaluate.js';
import {
  parseCondition,
  parseUpdate,
  validation,
  type Condition,
  type Path,
  type Placeholders,
} from './expressions.js';
import { attributeUpdates, expectedCondition } from './legacy.js';
import type { Item } from './values.js';

/** A failed condition, with the item as it stood when the request asked for it (ReturnValuesOnConditionCheckFailure). */
export class ConditionalCheckFailed extends SandboxError {
  constructor(readonly item: Item | undefined) {
    super('ConditionalCheckFailedException', 'The conditional request failed', 400, {}, item ? { Item: item } : {});
  }
}

/** A write checked and ready to apply to the item it names. */
export interface PreparedWrite {
  table: TableRecord;
  key: Item;
  condition?: Condition;
  /** Whether the failure reports the old item. */
  returnOldOnFailure: boolean;
  /** The item after the write (undefined: deleted), from the item before it; absent for a ConditionCheck. */
  change?: (old: Item | undefined) => Item | undefined;
  /** The document paths an update sets or removes (for UPDATED_OLD and UPDATED_NEW). */
  updated?: Path[];
}

function conditionOf(input: Record<string, unknown>, placeholders: Placeholders): Condition | undefined {
  const source = input.ConditionExpression;
  return typeof source === 'string'
    ? parseCondition(source, 'ConditionExpression', placeholders)
    : expectedCondition(input);
}

function failureMode(input: Record<string, unknown>): boolean {
  return input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
}

/** Whether the write's condition holds for the stored item (or for no item: then only absence can hold). */
export function conditionHolds(write: PreparedWrite, old: Item | undefined): boolean {
  return !write.condition || evaluate(old ?? {}, write.condition, 'ConditionExpression');
}

export async function preparePut(call: SandboxCall, input: Record<string, unknown>): Promise<PreparedWrite> {
  const table = await loadTable(call, tableName(input));
  const item = checkItem(table, input.Item);
  const placeholders = placeholdersOf(input);
  const condition = conditionOf(input, placeholders);
  placeholders.checkAllUsed();
  return { table, key: keyOf(table, item), condition, returnOldOnFailure: failureMode(input), change: () => item };
}

export async function prepareDelete(call: SandboxCall, input: Record<string, unknown>): Promise<PreparedWrite> {
  const table = await loadTable(call, tableName(input));
  const key = checkKey(table, input.Key);
  const placeholders = placeholdersOf(input);
  const condition = conditionOf(input, placeholders);
  placeholders.checkAllUsed();
  return { table, key, condition, returnOldOnFailure: failureMode(input), change: () => undefined };
}

export async function prepareCheck(call: SandboxCall, input: Record<string, unknown>): Promise<PreparedWrite> {
  const table = await loadTable(call, tableName(input));
  const key = checkKey(table, input.Key);
  const placeholders = placeholdersOf(input);
  const condition = conditionOf(input, placeholders);
  if (!condition) throw validation('The ConditionExpression is required for a ConditionCheck');
  placeholders.checkAllUsed();
  return { table, key, condition, returnOldOnFailure: failureMode(input) };
}

export async function prepareUpdate(call: SandboxCall, input: Record<string, unknown>): Promise<PreparedWrite> {
  const table = await loadTable(call, tableName(input));
  const key = checkKey(table, input.Key);
  const placeholders = placeholdersOf(input);
  const actions =
    typeof input.UpdateExpression === 'string'
      ? parseUpdate(input.UpdateExpression, placeholders)
      : (attributeUpdates(input) ?? []);
  const condition = conditionOf(input, placeholders);
  placeholders.checkAllUsed();
  for (const action of actions) {
    const top = action.path[0] as string;
    if (table.keySchema.some((k) => k.AttributeName === top))
      throw validation(
        `One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`,
      );
  }
  return {
    table,
    key,
    condition,
    returnOldOnFailure: failureMode(input),
    // Updating an item that is not there creates it from its key.
    change: (old) => {
      const next = applyUpdate(old ?? key, actions);
      checkIndexKeys(table, next);
      checkSize(next);
      return next;
    },
    updated: actions.map((a) => a.path),
  };
}

/** Applies a prepared write alone (inside `exclusive`): the item before and after. */
async function applyWrite(call: SandboxCall, write: PreparedWrite): Promise<{ old?: Item; next?: Item }> {
  const old = await getItem(call, write.table, write.key);
  if (!conditionHolds(write, old)) throw new ConditionalCheckFailed(write.returnOldOnFailure ? old : undefined);
  if (!write.change) return { old, next: old };
  const next = write.change(old);
  if (next) await putItem(call, write.table, next);
  else if (old) await deleteItem(call, write.table, write.key);
  return { old, next };
}

function checkReturnValues(input: Record<string, unknown>, allowed: string[]): string {
  const mode = (input.ReturnValues as string | undefined) ?? 'NONE';
  if (!allowed.includes(mode))
    throw validation(
      allowed.length === 2
        ? 'ReturnValues can only be ALL_OLD or NONE'
        : `ReturnValues must be one of ${allowed.join(', ')}`,
    );
  return mode;
}

function nonEmpty(item: Item | undefined): Item | undefined {
  return item && Object.keys(item).length ? item : undefined;
}

const putItemHandler: Handler = async (call) => {
  const mode = checkReturnValues(call.input, ['NONE', 'ALL_OLD']);
  const write = await preparePut(call, call.input);
  const { old, next } = await call.store.exclusive(() => applyWrite(call, write));
  return {
    Attributes: mode === 'ALL_OLD' ? old : undefined,
    ConsumedCapacity: consumed(call.input, write.table.name, writeUnits(Math.max(sizeOf(old), sizeOf(next)))),
  };
};

const deleteItemHandler: Handler = async (call) => {
  const mode = checkReturnValues(call.input, ['NONE', 'ALL_OLD']);
  const write = await prepareDelete(call, call.input);
  const { old } = await call.store.exclusive(() => applyWrite(call, write));
  return {
    Attributes: mode === 'ALL_OLD' ? old : undefined,
    ConsumedCapacity: consumed(call.input, write.table.name, writeUnits(sizeOf(old))),
  };
};

const updateItemHandler: Handler = async (call) => {
  const mode = checkReturnValues(call.input, ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW']);
  const write = await prepareUpdate(call, call.input);
  const { old, next } = await call.store.exclusive(() => applyWrite(call, write));
  const attributes = {
    NONE: undefined,
    ALL_OLD: old,
    UPDATED_OLD: old && project(old, write.updated!),
    ALL_NEW: next,
    UPDATED_NEW: next && project(next, write.updated!),
  }[mode as 'NONE'];
  return {
    Attributes: nonEmpty(attributes),
    ConsumedCapacity: consumed(call.input, write.table.name, writeUnits(Math.max(sizeOf(old), sizeOf(next)))),
  };
};

const getItemHandler: Handler = async (call) => {
  const table = await loadTable(call, tableName(call.input));
  const key = checkKey(table, call.input.Key);
  const placeholders = placeholdersOf(call.input);
  const projection = projectionOf(call.input, placeholders);
  placeholders.checkAllUsed();
  const item = await getItem(call, table, key);
  return {
    Item: item && projected(item, projection),
    ConsumedCapacity: consumed(call.input, table.name, readUnits(sizeOf(item), call.input.ConsistentRead === true)),
  };
};

export const itemHandlers = {
  PutItem: putItemHandler,
  GetItem: getItemHandler,
  UpdateItem: updateItemHandler,
  DeleteItem: deleteItemHandler,
} satisfies Record<string, Handler>;
