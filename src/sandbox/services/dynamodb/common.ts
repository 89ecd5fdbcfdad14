/**
 * What DynamoDB's handlers share: the table record and where tables and items live in the store
 * (`dynamodb/<region>/<account>/…`, tables belonging to one account in one region), the description
 * DescribeTable gives, keys checked against the schema, and the capacity units a request consumes.
 */
import { SandboxError, type SandboxCall } from '../../service.js';
import type { SandboxStore } from '../../store.js';
import { Placeholders, parseProjection, validation } from './expressions.js';
import { project } from './evaluate.js';
import { attributesToGet, checkStyle } from './legacy.js';
import {
  canonical,
  fromStored,
  itemSize,
  keyText,
  MAX_ITEM_SIZE,
  toStored,
  typeOf,
  valueProblem,
  valueSize,
  type AttributeValue,
  type Item,
  type StoredItem,
} from './values.js';

export interface KeyElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface IndexRecord {
  IndexName: string;
  KeySchema: KeyElement[];
  Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

export interface TableRecord {
  name: string;
  id: string;
  createdAt: string;
  keySchema: KeyElement[];
  attributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  /** Whether the caller named a billing mode (AWS describes it only then). */
  billingModeGiven: boolean;
  billingModeChangedAt?: string;
  throughput: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  globalIndexes: IndexRecord[];
  localIndexes: IndexRecord[];
  tags: Record<string, string>;
  stream?: { StreamEnabled: boolean; StreamViewType?: string };
  ttl?: { AttributeName: string; Enabled: boolean };
  deletionProtection: boolean;
}

/** How long a new table stays CREATING. */
export const CREATING_MS = 2000;

export function root(call: SandboxCall): string {
  return `dynamodb/${call.region}/${call.caller.account}`;
}

export const keys = {
  table: (call: SandboxCall, name: string) => `${root(call)}/tables/${name}`,
  tables: (call: SandboxCall) => `${root(call)}/tables/`,
  items: (call: SandboxCall, table: string) => `${root(call)}/items/${table}/`,
};

export function tableArn(call: SandboxCall, name: string): string {
  return `arn:aws:dynamodb:${call.region}:${call.caller.account}:table/${name}`;
}

export function notFound(message = 'Requested resource not found'): SandboxError {
  return new SandboxError('ResourceNotFoundException', message, 400);
}

export function tableName(input: Record<string, unknown>, member = 'TableName'): string {
  const name = input[member];
  if (typeof name !== 'string' || name === '')
    throw validation(
      `1 validation error detected: Value null at '${member.charAt(0).toLowerCase() + member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  // A table may be named by its ARN as well.
  const arn = /^arn:aws[\w-]*:dynamodb:[^:]*:\d+:table\/(.+)$/.exec(name);
  return arn ? arn[1]! : name;
}

export async function loadTable(call: SandboxCall, name: string, message?: string): Promise<TableRecord> {
  const table = await call.store.get<TableRecord>(keys.table(call, name));
  if (!table) throw notFound(message);
  return table;
}

// ---- keys ----

export function hashKey(schema: KeyElement[]): string {
  return schema.find((k) => k.KeyType === 'HASH')!.AttributeName;
}

export function rangeKey(schema: KeyElement[]): string | undefined {
  return schema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
}

export function attributeType(table: TableRecord, name: string): string | undefined {
  return table.attributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType;
}

/** The key attributes of an item (or a key), in schema order. */
export function keyOf(table: TableRecord, item: Item): Item {
  const out: Item = {};
  for (const k of table.keySchema) out[k.AttributeName] = item[k.AttributeName]!;
  return out;
}

/** Where an item lives in the store: its table's prefix and its key's values. */
export function itemKey(call: SandboxCall, table: TableRecord, item: Item): string {
  return keys.items(call, table.name) + table.keySchema.map((k) => keyText(item[k.AttributeName]!)).join('|');
}

/** Checks a Key parameter: exactly the schema's attributes, of the schema's types. */
export function checkKey(table: TableRecord, key: unknown): Item {
  if (typeof key !== 'object' || key === null) throw validation('The provided key element does not match the schema');
  const given = key as Item;
  const names = Object.keys(given);
  if (names.length !== table.keySchema.length || table.keySchema.some((k) => !given[k.AttributeName]))
    throw validation('The provided key element does not match the schema');
  for (const k of table.keySchema) {
    const value = given[k.AttributeName]!;
    if (valueProblem(value)) throw validation(`One or more parameter values were invalid: ${valueProblem(value)}`);
    if (typeOf(value) !== attributeType(table, k.AttributeName))
      throw validation('The provided key element does not match the schema');
    checkKeyValue(k, value);
  }
  return canonicalItem(given);
}

/** A key value may not be empty, and is limited in size: 2048 bytes for a partition key, 1024 for a sort key. */
function checkKeyValue(key: KeyElement, value: AttributeValue): void {
  if (value.S === '' || value.B?.length === 0)
    throw validation(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${value.S === '' ? 'string' : 'binary'} value. Key: ${key.AttributeName}`,
    );
  const size = valueSize(value);
  if (key.KeyType === 'HASH' && size > 2048)
    throw validation(
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes',
    );
  if (key.KeyType === 'RANGE' && size > 1024)
    throw validation(
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
}

function canonicalItem(item: Item): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) out[k] = canonical(v);
  return out;
}

/** Checks an item to be written: its values, its key and index keys, its size. */
export function checkItem(table: TableRecord, item: unknown): Item {
  if (typeof item !== 'object' || item === null)
    throw validation('One or more parameter values were invalid: Missing the key in the item');
  const given = item as Item;
  for (const value of Object.values(given)) {
    const problem = valueProblem(value);
    if (problem)
      throw validation(
        problem.startsWith('One or more') ? problem : `One or more parameter values were invalid: ${problem}`,
      );
  }
  for (const k of table.keySchema) {
    const value = given[k.AttributeName];
    if (!value)
      throw validation(`One or more parameter values were invalid: Missing the key ${k.AttributeName} in the item`);
    const expected = attributeType(table, k.AttributeName)!;
    if (typeOf(value) !== expected)
      throw validation(
        `One or more parameter values were invalid: Type mismatch for key ${k.AttributeName} expected: ${expected} actual: ${typeOf(value)}`,
      );
    checkKeyValue(k, value);
  }
  checkIndexKeys(table, given);
  const out = canonicalItem(given);
  checkSize(out);
  return out;
}

/** An index's key attributes, where an item has them, must have the types the table defines. */
export function checkIndexKeys(table: TableRecord, item: Item): void {
  for (const index of [...table.globalIndexes, ...table.localIndexes])
    for (const k of index.KeySchema) {
      const value = item[k.AttributeName];
      const expected = attributeType(table, k.AttributeName)!;
      if (value && typeOf(value) !== expected)
        throw validation(
          `One or more parameter values were invalid: Type mismatch for Index Key ${k.AttributeName} Expected: ${expected} Actual: ${typeOf(value)} IndexName: ${index.IndexName}`,
        );
      if (value) checkKeyValue(k, value);
    }
}

export function checkSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_SIZE) throw validation('Item size has exceeded the maximum allowed size');
}

// ---- items in the store ----

export async function getItem(call: SandboxCall, table: TableRecord, key: Item): Promise<Item | undefined> {
  const stored = await call.store.get<StoredItem>(itemKey(call, table, key));
  return stored && fromStored(stored);
}

export async function putItem(call: SandboxCall, table: TableRecord, item: Item): Promise<void> {
  await call.store.put(itemKey(call, table, item), toStored(item));
}

export async function deleteItem(call: SandboxCall, table: TableRecord, key: Item): Promise<void> {
  await call.store.delete(itemKey(call, table, key));
}

export async function allItems(store: SandboxStore, prefix: string): Promise<Item[]> {
  const items: Item[] = [];
  for (const key of await store.keys(prefix)) {
    const stored = await store.get<StoredItem>(key);
    if (stored) items.push(fromStored(stored));
  }
  return items;
}

// ---- parameters ----

export function placeholdersOf(input: Record<string, unknown>): Placeholders {
  checkStyle(input);
  const names = input.ExpressionAttributeNames as Record<string, string> | undefined;
  const values = input.ExpressionAttributeValues as Record<string, AttributeValue> | undefined;
  if (names && Object.keys(names).length === 0) throw validation('ExpressionAttributeNames must not be empty');
  if (values && Object.keys(values).length === 0) throw validation('ExpressionAttributeValues must not be empty');
  return new Placeholders(names, values);
}

/** A ProjectionExpression's (or AttributesToGet's) paths; undefined: every attribute. */
export function projectionOf(input: Record<string, unknown>, placeholders: Placeholders) {
  const source = input.ProjectionExpression;
  return typeof source === 'string' ? parseProjection(source, placeholders) : attributesToGet(input);
}

export function projected(item: Item, paths: ReturnType<typeof projectionOf>): Item {
  return paths ? project(item, paths) : item;
}

// ---- capacity ----

/** Read units for bytes read: 4 KB a unit, rounded up, at least one; half as much when eventually consistent. */
export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

/** Write units for an item written: 1 KB a unit, rounded up, at least one. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

export function sizeOf(item: Item | undefined): number {
  return item ? itemSize(item) : 0;
}

/** The ConsumedCapacity member, if the request asked for it (TOTAL, or INDEXES for the table's share too). */
export function consumed(
  input: Record<string, unknown>,
  table: string,
  units: number,
): Record<string, unknown> | undefined {
  const mode = input.ReturnConsumedCapacity;
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  const out: Record<string, unknown> = { TableName: table, CapacityUnits: units };
  if (mode === 'INDEXES') out.Table = { CapacityUnits: units };
  return out;
}

/** The `ReturnConsumedCapacity` entry of a batch or transaction: one entry a table. */
export function consumedList(
  input: Record<string, unknown>,
  units: Map<string, number>,
): Array<Record<string, unknown>> | undefined {
  const mode = input.ReturnConsumedCapacity;
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  return [...units].map(([table, n]) => consumed(input, table, n)!);
}
