/**
 * DynamoDB's tables: creation (keys, attribute definitions, billing, secondary indexes checked as the
 * service checks them), descriptions, listing, updates, deletion, tags, time to live and the account's
 * limits. A new table is CREATING for its first two seconds by the request's clock, then ACTIVE; item
 * counts and sizes are counted when described (AWS refreshes them about every six hours).
 */
import { randomUuid, SandboxError, type Handler, type SandboxCall } from '../../service.js';
import { compareKeys } from '../../store.js';
import {
  allItems,
  attributeType,
  CREATING_MS,
  keys,
  loadTable,
  notFound,
  tableArn,
  tableName,
  type IndexRecord,
  type KeyElement,
  type TableRecord,
} from './common.js';
import { validation } from './expressions.js';
import { itemSize, type Item } from './values.js';

type Throughput = { ReadCapacityUnits?: number; WriteCapacityUnits?: number };

interface IndexInput {
  IndexName?: string;
  KeySchema?: KeyElement[];
  Projection?: IndexRecord['Projection'];
  ProvisionedThroughput?: Throughput;
}

function invalid(message: string): SandboxError {
  return validation(`One or more parameter values were invalid: ${message}`);
}

function checkTableName(name: string): void {
  if (name.length < 3 || name.length > 255)
    throw validation(
      `1 validation error detected: Value '${name}' at 'tableName' failed to satisfy constraint: Member must have length ${name.length < 3 ? 'greater than or equal to 3' : 'less than or equal to 255'}`,
    );
  if (!/^[a-zA-Z0-9_.-]+$/.test(name))
    throw validation(
      `1 validation error detected: Value '${name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`,
    );
}

function checkKeySchema(schema: KeyElement[] | undefined, where: string): KeyElement[] {
  if (!schema || schema.length === 0 || schema.length > 2)
    throw validation(`Invalid KeySchema: ${where} KeySchema must have one HASH key and at most one RANGE key`);
  if (schema[0]!.KeyType !== 'HASH')
    throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (schema[1] && schema[1].KeyType !== 'RANGE')
    throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  if (schema[1] && schema[1].AttributeName === schema[0]!.AttributeName)
    throw validation('Invalid KeySchema: Some index key attribute have no definition');
  return schema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType }));
}

function throughputOf(given: Throughput | undefined, billing: TableRecord['billingMode'], index?: string) {
  if (billing === 'PAY_PER_REQUEST') {
    if (given && !index)
      throw invalid(
        'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      );
    return undefined;
  }
  if (given?.ReadCapacityUnits === undefined || given.WriteCapacityUnits === undefined)
    throw invalid(
      index
        ? `ProvisionedThroughput is not specified for index: ${index}`
        : 'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  for (const [name, value] of Object.entries(given))
    if (value < 1) throw invalid(`Given value ${value} for ${name} is out of bounds`);
  return { ReadCapacityUnits: given.ReadCapacityUnits, WriteCapacityUnits: given.WriteCapacityUnits };
}

function indexRecord(given: IndexInput, billing: TableRecord['billingMode'], global: boolean): IndexRecord {
  const name = given.IndexName ?? '';
  const projection = given.Projection ?? {};
  if (projection.ProjectionType === 'INCLUDE' && !projection.NonKeyAttributes?.length)
    throw validation(
      'One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified',
    );
  if (projection.ProjectionType !== 'INCLUDE' && projection.NonKeyAttributes)
    throw invalid(`ProjectionType is ${projection.ProjectionType ?? 'ALL'}, but NonKeyAttributes is specified`);
  const record: IndexRecord = {
    IndexName: name,
    KeySchema: checkKeySchema(given.KeySchema, `Index ${name}`),
    Projection: { ProjectionType: projection.ProjectionType ?? 'ALL', NonKeyAttributes: projection.NonKeyAttributes },
  };
  if (global) record.ProvisionedThroughput = throughputOf(given.ProvisionedThroughput, billing, name);
  return record;
}

/** Every key attribute of the table and its indexes is defined, and nothing else is. */
function checkDefinitions(table: TableRecord): void {
  const used = new Set(
    [table.keySchema, ...[...table.globalIndexes, ...table.localIndexes].map((i) => i.KeySchema)].flatMap((s) =>
      s.map((k) => k.AttributeName),
    ),
  );
  const defined = table.attributeDefinitions.map((d) => d.AttributeName);
  const missing = [...used].filter((a) => !defined.includes(a));
  if (missing.length)
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${missing.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
    );
  if (defined.length !== used.size || new Set(defined).size !== defined.length)
    throw invalid(
      'Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
  for (const d of table.attributeDefinitions)
    if (!['S', 'N', 'B'].includes(d.AttributeType))
      throw invalid(`Member must satisfy enum value set: [B, N, S] for AttributeType ${d.AttributeType}`);
}

function checkIndexNames(table: TableRecord): void {
  const names = [...table.globalIndexes, ...table.localIndexes].map((i) => i.IndexName);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw invalid(`Duplicate index name: ${duplicate}`);
}

const createTable: Handler = async (call) => {
  const input = call.input;
  const name = tableName(input);
  checkTableName(name);
  const billingGiven = typeof input.BillingMode === 'string';
  const billing = (input.BillingMode as TableRecord['billingMode'] | undefined) ?? 'PROVISIONED';
  const keySchema = checkKeySchema(input.KeySchema as KeyElement[] | undefined, 'Table');
  const throughput = throughputOf(input.ProvisionedThroughput as Throughput | undefined, billing);
  const table: TableRecord = {
    name,
    id: randomUuid(call.random),
    createdAt: call.now.toISOString(),
    keySchema,
    attributeDefinitions: ((input.AttributeDefinitions as TableRecord['attributeDefinitions'] | undefined) ?? []).map(
      (d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType }),
    ),
    billingMode: billing,
    billingModeGiven: billingGiven,
    throughput: throughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    globalIndexes: ((input.GlobalSecondaryIndexes as IndexInput[] | undefined) ?? []).map((i) =>
      indexRecord(i, billing, true),
    ),
    localIndexes: ((input.LocalSecondaryIndexes as IndexInput[] | undefined) ?? []).map((i) =>
      indexRecord(i, billing, false),
    ),
    tags: {},
    deletionProtection: input.DeletionProtectionEnabled === true,
  };
  for (const tag of (input.Tags as Array<{ Key: string; Value: string }> | undefined) ?? [])
    table.tags[tag.Key] = tag.Value;
  const stream = input.StreamSpecification as TableRecord['stream'];
  if (stream?.StreamEnabled) table.stream = { StreamEnabled: true, StreamViewType: stream.StreamViewType };
  checkDefinitions(table);
  checkIndexNames(table);
  for (const index of table.localIndexes) {
    const tableHash = keySchema[0]!.AttributeName;
    if (keySchema.length < 2)
      throw invalid(
        'Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex',
      );
    if (index.KeySchema[0]!.AttributeName !== tableHash || index.KeySchema.length < 2)
      throw invalid(
        `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${index.KeySchema[0]!.AttributeName}, table hash key: ${tableHash}`,
      );
  }
  await call.store.exclusive(async () => {
    if (await call.store.get(keys.table(call, name)))
      throw new SandboxError('ResourceInUseException', `Table already exists: ${name}`, 400);
    await call.store.put(keys.table(call, name), table);
  });
  return { TableDescription: await describe(call, table) };
};

/** The table's items that an index holds: those with all of its key attributes. */
export function indexItems(items: Item[], index: IndexRecord): Item[] {
  return items.filter((item) => index.KeySchema.every((k) => item[k.AttributeName] !== undefined));
}

function throughputDescription(t: TableRecord['throughput']) {
  return {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: t.ReadCapacityUnits,
    WriteCapacityUnits: t.WriteCapacityUnits,
  };
}

export async function describe(
  call: SandboxCall,
  table: TableRecord,
  status?: string,
): Promise<Record<string, unknown>> {
  const items = await allItems(call.store, keys.items(call, table.name));
  const arn = tableArn(call, table.name);
  const created = new Date(table.createdAt);
  const sized = (list: Item[]) => ({
    IndexSizeBytes: list.reduce((n, i) => n + itemSize(i), 0),
    ItemCount: list.length,
  });
  const out: Record<string, unknown> = {
    AttributeDefinitions: table.attributeDefinitions,
    TableName: table.name,
    KeySchema: table.keySchema,
    TableStatus: status ?? (call.now.getTime() - created.getTime() < CREATING_MS ? 'CREATING' : 'ACTIVE'),
    CreationDateTime: created,
    ProvisionedThroughput: throughputDescription(table.throughput),
    TableSizeBytes: items.reduce((n, i) => n + itemSize(i), 0),
    ItemCount: items.length,
    TableArn: arn,
    TableId: table.id,
    DeletionProtectionEnabled: table.deletionProtection,
  };
  if (table.billingModeGiven || table.billingMode === 'PAY_PER_REQUEST')
    out.BillingModeSummary = {
      BillingMode: table.billingMode,
      LastUpdateToPayPerRequestDateTime: table.billingModeChangedAt
        ? new Date(table.billingModeChangedAt)
        : table.billingMode === 'PAY_PER_REQUEST'
          ? created
          : undefined,
    };
  if (table.localIndexes.length)
    out.LocalSecondaryIndexes = table.localIndexes.map((i) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema,
      Projection: i.Projection,
      ...sized(indexItems(items, i)),
      IndexArn: `${arn}/index/${i.IndexName}`,
    }));
  if (table.globalIndexes.length)
    out.GlobalSecondaryIndexes = table.globalIndexes.map((i) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema,
      Projection: i.Projection,
      IndexStatus: 'ACTIVE',
      ProvisionedThroughput: throughputDescription(
        i.ProvisionedThroughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      ),
      ...sized(indexItems(items, i)),
      IndexArn: `${arn}/index/${i.IndexName}`,
    }));
  if (table.stream) {
    // The stream's label is its creation time, as AWS labels it.
    const label = table.createdAt.replace(/Z$/, '');
    out.StreamSpecification = table.stream;
    out.LatestStreamLabel = label;
    out.LatestStreamArn = `${arn}/stream/${label}`;
  }
  return out;
}

const describeTable: Handler = async (call) => {
  const name = tableName(call.input);
  return {
    Table: await describe(call, await loadTable(call, name, `Requested resource not found: Table: ${name} not found`)),
  };
};

const listTables: Handler = async (call) => {
  const prefix = keys.tables(call);
  const names = (await call.store.keys(prefix)).map((k) => k.slice(prefix.length)).sort(compareKeys);
  const limit = (call.input.Limit as number | undefined) ?? 100;
  if (limit < 1 || limit > 100)
    throw validation(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`,
    );
  const start = call.input.ExclusiveStartTableName as string | undefined;
  const after = start === undefined ? names : names.filter((n) => compareKeys(n, start) > 0);
  const page = after.slice(0, limit);
  return { TableNames: page, LastEvaluatedTableName: after.length > limit ? page[page.length - 1] : undefined };
};

interface IndexUpdate {
  Create?: IndexInput;
  Delete?: { IndexName?: string };
  Update?: { IndexName?: string; ProvisionedThroughput?: Throughput };
}

function updateThroughput(
  current: TableRecord['throughput'],
  given: Throughput | undefined,
  billing: TableRecord['billingMode'],
) {
  const next = throughputOf(given, billing);
  if (
    next &&
    next.ReadCapacityUnits === current.ReadCapacityUnits &&
    next.WriteCapacityUnits === current.WriteCapacityUnits
  )
    throw validation(
      `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${current.ReadCapacityUnits}. Requested ReadCapacityUnits: ${next.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${current.WriteCapacityUnits}. Requested WriteCapacityUnits: ${next.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  return next;
}

const updateTable: Handler = async (call) => {
  const input = call.input;
  const name = tableName(input);
  const updates = (input.GlobalSecondaryIndexUpdates as IndexUpdate[] | undefined) ?? [];
  if (
    input.BillingMode === undefined &&
    input.ProvisionedThroughput === undefined &&
    updates.length === 0 &&
    input.StreamSpecification === undefined &&
    input.DeletionProtectionEnabled === undefined
  )
    throw validation(
      'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
    );
  const table = await call.store.exclusive(async () => {
    const table = await loadTable(call, name, `Requested resource not found: Table: ${name} not found`);
    const billing = (input.BillingMode as TableRecord['billingMode'] | undefined) ?? table.billingMode;
    if (billing !== table.billingMode) {
      table.billingModeChangedAt = call.now.toISOString();
      table.billingModeGiven = true;
    }
    if (billing === 'PAY_PER_REQUEST') {
      throughputOf(input.ProvisionedThroughput as Throughput | undefined, billing);
      table.throughput = { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
      for (const index of table.globalIndexes) delete index.ProvisionedThroughput;
    } else if (input.ProvisionedThroughput !== undefined || billing !== table.billingMode)
      table.throughput = updateThroughput(
        table.throughput,
        input.ProvisionedThroughput as Throughput | undefined,
        billing,
      )!;
    table.billingMode = billing;
    for (const d of (input.AttributeDefinitions as TableRecord['attributeDefinitions'] | undefined) ?? []) {
      const known = attributeType(table, d.AttributeName);
      if (known === undefined)
        table.attributeDefinitions.push({ AttributeName: d.AttributeName, AttributeType: d.AttributeType });
      else if (known !== d.AttributeType)
        throw invalid(`Cannot change the type of attribute ${d.AttributeName} from ${known} to ${d.AttributeType}`);
    }
    for (const update of updates) {
      if (update.Create) table.globalIndexes.push(indexRecord(update.Create, billing, true));
      const target = update.Delete?.IndexName ?? update.Update?.IndexName;
      if (target === undefined) continue;
      const index = table.globalIndexes.find((i) => i.IndexName === target);
      if (!index) throw notFound(`Requested resource not found: Global Secondary Index not found: ${target}`);
      if (update.Delete) table.globalIndexes = table.globalIndexes.filter((i) => i !== index);
      else index.ProvisionedThroughput = throughputOf(update.Update!.ProvisionedThroughput, billing, target);
    }
    // Definitions only the deleted indexes used go with them, as AWS drops them.
    const used = new Set(
      [table.keySchema, ...[...table.globalIndexes, ...table.localIndexes].map((i) => i.KeySchema)].flatMap((s) =>
        s.map((k) => k.AttributeName),
      ),
    );
    table.attributeDefinitions = table.attributeDefinitions.filter((d) => used.has(d.AttributeName));
    checkDefinitions(table);
    checkIndexNames(table);
    const stream = input.StreamSpecification as TableRecord['stream'];
    if (stream)
      table.stream = stream.StreamEnabled ? { StreamEnabled: true, StreamViewType: stream.StreamViewType } : undefined;
    if (typeof input.DeletionProtectionEnabled === 'boolean')
      table.deletionProtection = input.DeletionProtectionEnabled;
    await call.store.put(keys.table(call, name), table);
    return table;
  });
  return { TableDescription: await describe(call, table, 'UPDATING') };
};

const deleteTable: Handler = async (call) => {
  const name = tableName(call.input);
  return call.store.exclusive(async () => {
    const table = await loadTable(call, name, `Requested resource not found: Table: ${name} not found`);
    if (table.deletionProtection)
      throw validation(
        `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`,
      );
    const description = await describe(call, table, 'DELETING');
    for (const key of await call.store.keys(keys.items(call, name))) await call.store.delete(key);
    await call.store.delete(keys.table(call, name));
    return { TableDescription: description };
  });
};

// ---- tags ----

async function tableByArn(call: SandboxCall): Promise<TableRecord> {
  const arn = call.input.ResourceArn;
  const m = typeof arn === 'string' ? /^arn:aws[\w-]*:dynamodb:([^:]*):(\d+):table\/([^/]+)$/.exec(arn) : null;
  if (!m) throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${String(arn)}`);
  const table =
    m[1] === call.region && m[2] === call.caller.account
      ? await call.store.get<TableRecord>(keys.table(call, m[3]!))
      : undefined;
  if (!table) throw notFound(`Requested resource not found: ResourcArn: ${String(arn)} not found`);
  return table;
}

const tagResource: Handler = async (call) => {
  await call.store.exclusive(async () => {
    const table = await tableByArn(call);
    for (const tag of (call.input.Tags as Array<{ Key: string; Value: string }> | undefined) ?? [])
      table.tags[tag.Key] = tag.Value;
    if (Object.keys(table.tags).length > 50)
      throw validation('One or more parameter values were invalid: Too many tags');
    await call.store.put(keys.table(call, table.name), table);
  });
  return {};
};

const untagResource: Handler = async (call) => {
  await call.store.exclusive(async () => {
    const table = await tableByArn(call);
    for (const key of (call.input.TagKeys as string[] | undefined) ?? []) delete table.tags[key];
    await call.store.put(keys.table(call, table.name), table);
  });
  return {};
};

const listTagsOfResource: Handler = async (call) => {
  const table = await tableByArn(call);
  return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
};

// ---- time to live, limits, endpoints ----

const describeTimeToLive: Handler = async (call) => {
  const table = await loadTable(call, tableName(call.input));
  return {
    TimeToLiveDescription: table.ttl?.Enabled
      ? { TimeToLiveStatus: 'ENABLED', AttributeName: table.ttl.AttributeName }
      : { TimeToLiveStatus: 'DISABLED' },
  };
};

const updateTimeToLive: Handler = async (call) => {
  const spec = call.input.TimeToLiveSpecification as { Enabled: boolean; AttributeName: string };
  await call.store.exclusive(async () => {
    const table = await loadTable(call, tableName(call.input));
    if (spec.Enabled === Boolean(table.ttl?.Enabled))
      throw validation(`TimeToLive is already ${spec.Enabled ? 'enabled' : 'disabled'}`);
    if (!spec.Enabled && table.ttl && table.ttl.AttributeName !== spec.AttributeName)
      throw validation(
        'TimeToLive is active on a different AttributeName: current AttributeName is ' + table.ttl.AttributeName,
      );
    table.ttl = { AttributeName: spec.AttributeName, Enabled: spec.Enabled };
    await call.store.put(keys.table(call, table.name), table);
  });
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
};

const describeLimits: Handler = async () => ({
  AccountMaxReadCapacityUnits: 80000,
  AccountMaxWriteCapacityUnits: 80000,
  TableMaxReadCapacityUnits: 40000,
  TableMaxWriteCapacityUnits: 40000,
});

const describeEndpoints: Handler = async (call) => ({
  Endpoints: [{ Address: `dynamodb.${call.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }],
});

export const tableHandlers = {
  CreateTable: createTable,
  DescribeTable: describeTable,
  ListTables: listTables,
  UpdateTable: updateTable,
  DeleteTable: deleteTable,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
  DescribeTimeToLive: describeTimeToLive,
  UpdateTimeToLive: updateTimeToLive,
  DescribeLimits: describeLimits,
  DescribeEndpoints: describeEndpoints,
} satisfies Record<string, Handler>;
