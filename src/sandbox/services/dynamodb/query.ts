/**
 * Query and Scan over a table or one of its indexes: key conditions checked against the key schema as
 * DynamoDB checks them, items in DynamoDB's order (a partition's items by their sort key: numbers by value,
 * strings and binary by bytes), pages cut by Limit or at 1 MB read, then filtered and projected.
 */
import type { Handler, SandboxCall } from '../../service.js';
import {
  allItems,
  attributeType,
  hashKey,
  keys,
  loadTable,
  placeholdersOf,
  projected,
  projectionOf,
  rangeKey,
  readUnits,
  consumed,
  tableName,
  type IndexRecord,
  type KeyElement,
  type TableRecord,
} from './common.js';
import { evaluate } from './evaluate.js';
import { parseCondition, validation, type Condition, type Operand, type Placeholders } from './expressions.js';
import { legacyConditions } from './legacy.js';
import { indexItems } from './tables.js';
import { compareScalars, itemSize, keyText, typeOf, type AttributeValue, type Item } from './values.js';

const PAGE_BYTES = 1024 * 1024;

/** The table or index a request reads: its key schema, and what an item looks like in it. */
interface Source {
  table: TableRecord;
  index?: IndexRecord;
  schema: KeyElement[];
  global: boolean;
}

function sourceOf(table: TableRecord, name: unknown): Source {
  if (name === undefined) return { table, schema: table.keySchema, global: false };
  const global = table.globalIndexes.find((i) => i.IndexName === name);
  const index = global ?? table.localIndexes.find((i) => i.IndexName === name);
  if (!index) throw validation(`The table does not have the specified index: ${String(name)}`);
  return { table, index, schema: index.KeySchema, global: global !== undefined };
}

/** The attributes that identify an item in the source (the index's keys and the table's). */
function positionAttributes(source: Source): string[] {
  const names = [...source.schema, ...source.table.keySchema].map((k) => k.AttributeName);
  return [...new Set(names)];
}

/** An item as the index holds it: its projection of the table's item. */
function asStored(source: Source, item: Item): Item {
  const projection = source.index?.Projection;
  if (!projection || projection.ProjectionType === 'ALL') return item;
  const kept = new Set([...positionAttributes(source), ...(projection.NonKeyAttributes ?? [])]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => kept.has(k)));
}

/** DynamoDB's order within the source: by partition, then by sort key; ties in an index by the table's key. */
function comparator(source: Source): (a: Item, b: Item) => number {
  const order = [...source.schema, ...(source.index ? source.table.keySchema : [])];
  return (a, b) => {
    for (const k of order) {
      const [x, y] = [a[k.AttributeName], b[k.AttributeName]];
      if (!x || !y) continue;
      const c = k.KeyType === 'HASH' ? compareText(keyText(x), keyText(y)) : compareScalars(x, y);
      if (c !== 0) return c;
    }
    return 0;
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function startKeyOf(source: Source, given: unknown): Item | undefined {
  if (given === undefined) return undefined;
  const key = given as Item;
  const wanted = positionAttributes(source);
  if (Object.keys(key).length !== wanted.length || wanted.some((a) => key[a] === undefined))
    throw validation('The provided starting key is invalid: The provided key element does not match the schema');
  for (const a of wanted)
    if (typeOf(key[a]!) !== attributeType(source.table, a))
      throw validation('The provided starting key is invalid: The provided key element does not match the schema');
  return key;
}

interface Page {
  items: Item[];
  scanned: number;
  bytes: number;
  last?: Item;
}

/** The items a request reads, from after its start key, up to Limit or 1 MB; the last one's key if cut short. */
function readPage(source: Source, ordered: Item[], input: Record<string, unknown>): Page {
  const start = startKeyOf(source, input.ExclusiveStartKey);
  const compare = comparator(source);
  const forward = input.ScanIndexForward !== false;
  const after = start
    ? ordered.filter((item) => (forward ? compare(item, start) > 0 : compare(item, start) < 0))
    : ordered;
  const limit = input.Limit as number | undefined;
  if (limit !== undefined && limit < 1)
    throw validation(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  const items: Item[] = [];
  let bytes = 0;
  for (const item of after) {
    if ((limit !== undefined && items.length >= limit) || bytes >= PAGE_BYTES) break;
    items.push(item);
    bytes += itemSize(item);
  }
  const cut = items.length < after.length;
  const lastItem = items[items.length - 1];
  const last =
    cut && lastItem ? Object.fromEntries(positionAttributes(source).map((a) => [a, lastItem[a]!])) : undefined;
  return { items, scanned: items.length, bytes, last };
}

function filterOf(input: Record<string, unknown>, placeholders: Placeholders): Condition | undefined {
  const source = input.FilterExpression;
  if (typeof source === 'string') return parseCondition(source, 'FilterExpression', placeholders);
  const legacy = (input.QueryFilter ?? input.ScanFilter) as Parameters<typeof legacyConditions>[0];
  return legacyConditions(legacy, input.ConditionalOperator);
}

function conditionPaths(condition: Condition): Operand[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return [...conditionPaths(condition.left), ...conditionPaths(condition.right)];
    case 'not':
      return conditionPaths(condition.operand);
    case 'compare':
      return [condition.left, condition.right];
    case 'between':
      return [condition.operand, condition.low, condition.high];
    case 'in':
      return [condition.operand, ...condition.list];
    case 'function':
      return condition.args;
  }
}

/** A query's result: filtered, projected or counted, with its paging key and the capacity it read. */
function answer(
  call: SandboxCall,
  source: Source,
  page: Page,
  filter: Condition | undefined,
  placeholders: Placeholders,
) {
  const input = call.input;
  const projection = projectionOf(input, placeholders);
  placeholders.checkAllUsed();
  if (source.global && input.ConsistentRead === true)
    throw validation('Consistent reads are not supported on global secondary indexes');
  const kept = page.items
    .map((i) => asStored(source, i))
    .filter((i) => !filter || evaluate(i, filter, 'FilterExpression'));
  const count = input.Select === 'COUNT';
  return {
    Items: count ? undefined : kept.map((i) => projected(i, projection)),
    Count: kept.length,
    ScannedCount: page.scanned,
    LastEvaluatedKey: page.last,
    ConsumedCapacity: consumed(input, source.table.name, readUnits(page.bytes, input.ConsistentRead === true)),
  };
}

// ---- Query ----

const KEY_OPERATORS: Record<string, string> = { or: 'OR', not: 'NOT', in: 'IN' };

/** The conditions a KeyConditionExpression puts on the partition and sort keys, checked as DynamoDB checks them. */
function keyConditions(condition: Condition, source: Source): { hash: AttributeValue; range?: Condition } {
  const parts: Condition[] = [];
  const flatten = (c: Condition): void => {
    if (c.kind === 'and') {
      flatten(c.left);
      flatten(c.right);
    } else parts.push(c);
  };
  flatten(condition);
  const hash = hashKey(source.schema);
  const range = rangeKey(source.schema);
  const found = new Map<string, Condition>();
  for (const part of parts) {
    const operator =
      KEY_OPERATORS[part.kind] ??
      (part.kind === 'compare' && part.op === '<>' ? '<>' : undefined) ??
      (part.kind === 'function' && part.name !== 'begins_with' ? part.name : undefined);
    if (operator) throw validation(`Invalid operator used in KeyConditionExpression: ${operator}`);
    if (parts.length > 2) throw validation('Conditions can be of length 1 or 2 only');
    const subject =
      part.kind === 'compare'
        ? part.left
        : part.kind === 'between'
          ? part.operand
          : (part as { args: Operand[] }).args[0]!;
    const values =
      part.kind === 'compare'
        ? [part.right]
        : part.kind === 'between'
          ? [part.low, part.high]
          : (part as { args: Operand[] }).args.slice(1);
    if (subject.kind !== 'path' || subject.path.length !== 1 || values.some((v) => v.kind !== 'value'))
      throw validation('Invalid KeyConditionExpression: Query key condition not supported');
    const name = subject.path[0] as string;
    if (name !== hash && name !== range)
      throw validation(
        `Query condition missed key schema element: ${found.has(hash) || parts.length === 1 ? (range ?? hash) : hash}`,
      );
    if (found.has(name))
      throw validation(
        'Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key',
      );
    if (name === hash && !(part.kind === 'compare' && part.op === '='))
      throw validation('Query key condition not supported');
    for (const v of values)
      if (typeOf((v as { value: AttributeValue }).value) !== attributeType(source.table, name))
        throw validation(
          'One or more parameter values were invalid: Condition parameter type does not match schema type',
        );
    found.set(name, part);
  }
  const hashCondition = found.get(hash);
  if (!hashCondition) throw validation(`Query condition missed key schema element: ${hash}`);
  const hashValue = ((hashCondition as { right: Operand }).right as { value: AttributeValue }).value;
  return { hash: hashValue, range: range === undefined ? undefined : found.get(range) };
}

const query: Handler = async (call) => {
  const input = call.input;
  const table = await loadTable(call, tableName(input));
  const source = sourceOf(table, input.IndexName);
  const placeholders = placeholdersOf(input);
  const keyCondition =
    typeof input.KeyConditionExpression === 'string'
      ? parseCondition(input.KeyConditionExpression, 'KeyConditionExpression', placeholders)
      : legacyConditions(input.KeyConditions as Parameters<typeof legacyConditions>[0]);
  if (!keyCondition)
    throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const { hash, range } = keyConditions(keyCondition, source);
  const filter = filterOf(input, placeholders);
  if (filter) {
    const keyNames = source.schema.map((k) => k.AttributeName);
    const keyPath = conditionPaths(filter).find((o) => o.kind === 'path' && keyNames.includes(o.path[0] as string));
    if (keyPath?.kind === 'path')
      throw validation(
        `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${String(keyPath.path[0])}`,
      );
  }
  const hashName = hashKey(source.schema);
  // On the table itself only the partition is read: its items' documents share the prefix `<hash text>|`
  // (or, without a sort key, are named by the hash text alone, which the filter below makes exact).
  const partition = source.index
    ? keys.items(call, table.name)
    : keys.items(call, table.name) + keyText(hash) + (source.schema.length > 1 ? '|' : '');
  const all = await allItems(call.store, partition);
  const inSource = source.index ? indexItems(all, source.index) : all;
  const matching = inSource.filter(
    (item) => keyText(item[hashName]!) === keyText(hash) && (!range || evaluate(item, range, 'KeyConditionExpression')),
  );
  const compare = comparator(source);
  matching.sort((a, b) => (input.ScanIndexForward === false ? compare(b, a) : compare(a, b)));
  return answer(call, source, readPage(source, matching, input), filter, placeholders);
};

// ---- Scan ----

/** The segment a partition key falls in (FNV-1a over its text), so that parallel scans split the table. */
function segmentOf(value: AttributeValue, total: number): number {
  let h = 0x811c9dc5;
  for (const c of keyText(value)) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h % total;
}

const scan: Handler = async (call) => {
  const input = call.input;
  const table = await loadTable(call, tableName(input));
  const source = sourceOf(table, input.IndexName);
  const placeholders = placeholdersOf(input);
  const filter = filterOf(input, placeholders);
  const segment = input.Segment as number | undefined;
  const total = input.TotalSegments as number | undefined;
  if (segment !== undefined && total === undefined)
    throw validation(
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  if (total !== undefined && segment === undefined)
    throw validation(
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    );
  if (segment !== undefined && total !== undefined && segment >= total)
    throw validation(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`,
    );
  const all = await allItems(call.store, keys.items(call, table.name));
  const hashName = hashKey(source.schema);
  const inSource = (source.index ? indexItems(all, source.index) : all).filter(
    (item) => segment === undefined || segmentOf(item[hashName]!, total!) === segment,
  );
  inSource.sort(comparator(source));
  return answer(call, source, readPage(source, inSource, input), filter, placeholders);
};

export const queryHandlers = { Query: query, Scan: scan } satisfies Record<string, Handler>;
