/**
 * Glacier's vaults and what hangs on them (tags, notifications, access policy), and the account's data
 * retrieval policy and provisioned capacity.
 */
import { compareKeys } from '../../store.js';
import { randomId, type Handler, type SandboxCall } from '../../service.js';
import {
  invalidParameter,
  keys,
  limitExceeded,
  loadVault,
  missingParameter,
  notFound,
  page,
  scopeOf,
  vaultArn,
  vaultName,
  type Scope,
  type UploadRecord,
  type VaultRecord,
} from './common.js';

/** Vaults per account and region (AWS: 1,000). */
const MAX_VAULTS = 1000;
const MAX_TAGS = 50;
const NOTIFICATION_EVENTS = ['ArchiveRetrievalCompleted', 'InventoryRetrievalCompleted'];
/** Provisioned capacity units an account may hold (AWS: 2). */
const MAX_CAPACITY_UNITS = 2;

/** Reads, changes and writes back a vault, alone; `change` may return what the handler answers. */
async function updateVault<T>(call: SandboxCall, change: (vault: VaultRecord, scope: Scope) => T): Promise<T> {
  const scope = scopeOf(call);
  const name = vaultName(call);
  return call.store.exclusive(async () => {
    const vault = await loadVault(call.store, scope, name);
    const result = change(vault, scope);
    await call.store.put(keys.vault(scope, name), vault);
    return result;
  });
}

/** The latest inventory already taken by `now`. */
function lastInventoryDate(vault: VaultRecord, now: Date): string | undefined {
  const past = vault.inventoryDates.filter((date) => Date.parse(date) <= now.getTime());
  return past.sort().at(-1);
}

function describe(scope: Scope, vault: VaultRecord, now: Date): Record<string, unknown> {
  return {
    VaultARN: vaultArn(scope, vault.name),
    VaultName: vault.name,
    CreationDate: vault.creationDate,
    LastInventoryDate: lastInventoryDate(vault, now),
    NumberOfArchives: vault.numberOfArchives,
    SizeInBytes: vault.sizeInBytes,
  };
}

const createVault: Handler = async (call) => {
  const scope = scopeOf(call);
  const name = vaultName(call);
  if (!/^[A-Za-z0-9_.-]{1,255}$/.test(name))
    throw invalidParameter(
      `Invalid vault name: ${name}. Names are 1 to 255 characters of a-z, A-Z, 0-9, '_' (underscore), '-' (hyphen) and '.' (period).`,
    );
  await call.store.exclusive(async () => {
    // Creating a vault that exists is not an error: AWS answers as if it had made it.
    if (await call.store.get(keys.vault(scope, name))) return;
    if ((await call.store.keys(keys.vaults(scope))).length >= MAX_VAULTS)
      throw limitExceeded(`The number of vaults in ${scope.region} has reached the limit of ${MAX_VAULTS}.`);
    const vault: VaultRecord = {
      name,
      creationDate: call.now.toISOString(),
      numberOfArchives: 0,
      sizeInBytes: 0,
      inventoryDates: [],
      tags: {},
    };
    await call.store.put(keys.vault(scope, name), vault);
  });
  return { location: `/${scope.account}/vaults/${name}` };
};

const describeVault: Handler = async (call) => {
  const scope = scopeOf(call);
  return describe(scope, await loadVault(call.store, scope, vaultName(call)), call.now);
};

const listVaults: Handler = async (call) => {
  const scope = scopeOf(call);
  const vaults: VaultRecord[] = [];
  for (const key of await call.store.keys(keys.vaults(scope))) {
    const vault = await call.store.get<VaultRecord>(key);
    if (vault) vaults.push(vault);
  }
  // AWS lists vaults in the ASCII order of their names; the marker is the ARN of the next page's first vault.
  vaults.sort((a, b) => compareKeys(a.name, b.name));
  const listed = page(vaults, (v) => vaultArn(scope, v.name), call.input, 10);
  return { VaultList: listed.items.map((v) => describe(scope, v, call.now)), Marker: listed.marker };
};

const deleteVault: Handler = async (call) => {
  const scope = scopeOf(call);
  const name = vaultName(call);
  const partBlobs = await call.store.exclusive(async () => {
    const vault = await loadVault(call.store, scope, name);
    if (vault.numberOfArchives > 0)
      throw invalidParameter(`Vault not empty or recently written to: ${vaultArn(scope, name)}`);
    // Its jobs and unfinished uploads go with it, so that a new vault of the same name starts clean.
    const blobs: string[] = [];
    for (const key of await call.store.keys(keys.uploads(scope, name))) {
      const upload = await call.store.get<UploadRecord>(key);
      blobs.push(...Object.values(upload?.parts ?? {}).map((p) => p.blob));
      await call.store.delete(key);
    }
    for (const key of await call.store.keys(keys.jobs(scope, name))) await call.store.delete(key);
    await call.store.delete(keys.vault(scope, name));
    return blobs;
  });
  for (const blob of partBlobs) await call.store.deleteBlob(blob);
  return {};
};

const addTagsToVault: Handler = (call) =>
  updateVault(call, (vault) => {
    const tags = { ...vault.tags, ...stringMap(call.input.Tags, 'Tags') };
    if (Object.keys(tags).length > MAX_TAGS)
      throw limitExceeded(`The vault would have more than ${MAX_TAGS} tags: ${Object.keys(tags).length}.`);
    vault.tags = tags;
    return {};
  });

const listTagsForVault: Handler = async (call) => {
  const scope = scopeOf(call);
  return { Tags: (await loadVault(call.store, scope, vaultName(call))).tags };
};

const removeTagsFromVault: Handler = (call) =>
  updateVault(call, (vault) => {
    const keysToRemove = call.input.TagKeys ?? [];
    if (!Array.isArray(keysToRemove)) throw invalidParameter('Invalid value for TagKeys');
    for (const key of keysToRemove) delete vault.tags[String(key)];
    return {};
  });

function stringMap(value: unknown, member: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(`Invalid value for ${member}`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

const setVaultNotifications: Handler = (call) =>
  updateVault(call, (vault) => {
    const config = call.input.vaultNotificationConfig as { SNSTopic?: unknown; Events?: unknown } | undefined;
    if (!config) throw missingParameter('Required body missing: vault notification configuration');
    const events = config.Events ?? [];
    if (!Array.isArray(events)) throw invalidParameter('Invalid value for Events');
    for (const event of events)
      if (!NOTIFICATION_EVENTS.includes(String(event)))
        throw invalidParameter(`Invalid event: ${String(event)} (one of ${NOTIFICATION_EVENTS.join(', ')})`);
    vault.notifications = {
      SNSTopic: config.SNSTopic === undefined ? undefined : String(config.SNSTopic),
      Events: events.map(String),
    };
    return {};
  });

const getVaultNotifications: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = await loadVault(call.store, scope, vaultName(call));
  if (!vault.notifications) throw notFound(`No notification configuration is set for vault: ${vault.name}`);
  return { vaultNotificationConfig: vault.notifications };
};

const deleteVaultNotifications: Handler = (call) =>
  updateVault(call, (vault) => {
    delete vault.notifications;
    return {};
  });

const setVaultAccessPolicy: Handler = (call) =>
  updateVault(call, (vault) => {
    const policy = (call.input.policy as { Policy?: unknown } | undefined)?.Policy;
    if (typeof policy !== 'string') throw missingParameter('Required parameter missing: Policy');
    try {
      JSON.parse(policy);
    } catch {
      throw invalidParameter('Invalid vault access policy: it is not valid JSON');
    }
    vault.accessPolicy = policy;
    return {};
  });

const getVaultAccessPolicy: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = await loadVault(call.store, scope, vaultName(call));
  if (vault.accessPolicy === undefined)
    throw notFound(`No vault access policy is set for: ${vaultArn(scope, vault.name)}`);
  return { policy: { Policy: vault.accessPolicy } };
};

const deleteVaultAccessPolicy: Handler = (call) =>
  updateVault(call, (vault) => {
    delete vault.accessPolicy;
    return {};
  });

interface RetrievalRule {
  Strategy: string;
  BytesPerHour?: number;
}

/** What an account that never set a policy has: retrievals within the free tier only. */
const DEFAULT_RETRIEVAL_POLICY = { Rules: [{ Strategy: 'FreeTier' }] };

const getDataRetrievalPolicy: Handler = async (call) => {
  const scope = scopeOf(call);
  return { Policy: (await call.store.get(keys.retrievalPolicy(scope))) ?? DEFAULT_RETRIEVAL_POLICY };
};

const setDataRetrievalPolicy: Handler = async (call) => {
  const scope = scopeOf(call);
  const policy = call.input.Policy as { Rules?: unknown } | undefined;
  const rules = policy?.Rules ?? [];
  if (!Array.isArray(rules) || rules.length > 1)
    throw invalidParameter('A data retrieval policy holds one rule (Strategy BytesPerHour, FreeTier or None).');
  const checked: RetrievalRule[] = rules.map((rule: { Strategy?: unknown; BytesPerHour?: unknown } | null) => {
    const strategy = String(rule?.Strategy);
    if (!['BytesPerHour', 'FreeTier', 'None'].includes(strategy))
      throw invalidParameter(`Invalid Strategy: ${strategy} (BytesPerHour, FreeTier or None)`);
    if (strategy !== 'BytesPerHour') {
      if (rule?.BytesPerHour !== undefined && rule.BytesPerHour !== null)
        throw invalidParameter(`BytesPerHour applies to the BytesPerHour strategy only, not ${strategy}`);
      return { Strategy: strategy };
    }
    const bytes = Number(rule?.BytesPerHour);
    if (!Number.isSafeInteger(bytes) || bytes < 1)
      throw invalidParameter('The BytesPerHour strategy needs BytesPerHour, a positive whole number of bytes');
    return { Strategy: strategy, BytesPerHour: bytes };
  });
  await call.store.put(keys.retrievalPolicy(scope), { Rules: checked });
  return {};
};

interface CapacityRecord {
  CapacityId: string;
  StartDate: string;
  ExpirationDate: string;
}

const listProvisionedCapacity: Handler = async (call) => {
  const scope = scopeOf(call);
  const list: CapacityRecord[] = [];
  for (const key of await call.store.keys(keys.capacities(scope))) {
    const unit = await call.store.get<CapacityRecord>(key);
    if (unit) list.push(unit);
  }
  return { ProvisionedCapacityList: list.sort((a, b) => compareKeys(a.StartDate, b.StartDate)) };
};

const purchaseProvisionedCapacity: Handler = async (call) => {
  const scope = scopeOf(call);
  const id = randomId(call.random, 24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
  await call.store.exclusive(async () => {
    // Units lapse a month after purchase; only live ones count against the limit.
    let live = 0;
    for (const key of await call.store.keys(keys.capacities(scope))) {
      const unit = await call.store.get<CapacityRecord>(key);
      if (unit && Date.parse(unit.ExpirationDate) > call.now.getTime()) live++;
    }
    if (live >= MAX_CAPACITY_UNITS)
      throw limitExceeded(`An account may hold ${MAX_CAPACITY_UNITS} provisioned capacity units at a time.`);
    const expiration = new Date(call.now);
    expiration.setUTCMonth(expiration.getUTCMonth() + 1);
    const unit: CapacityRecord = {
      CapacityId: id,
      StartDate: call.now.toISOString(),
      ExpirationDate: expiration.toISOString(),
    };
    await call.store.put(keys.capacity(scope, id), unit);
  });
  return { capacityId: id };
};

export const vaultHandlers = {
  CreateVault: createVault,
  DescribeVault: describeVault,
  ListVaults: listVaults,
  DeleteVault: deleteVault,
  AddTagsToVault: addTagsToVault,
  ListTagsForVault: listTagsForVault,
  RemoveTagsFromVault: removeTagsFromVault,
  SetVaultNotifications: setVaultNotifications,
  GetVaultNotifications: getVaultNotifications,
  DeleteVaultNotifications: deleteVaultNotifications,
  SetVaultAccessPolicy: setVaultAccessPolicy,
  GetVaultAccessPolicy: getVaultAccessPolicy,
  DeleteVaultAccessPolicy: deleteVaultAccessPolicy,
  GetDataRetrievalPolicy: getDataRetrievalPolicy,
  SetDataRetrievalPolicy: setDataRetrievalPolicy,
  ListProvisionedCapacity: listProvisionedCapacity,
  PurchaseProvisionedCapacity: purchaseProvisionedCapacity,
} satisfies Record<string, Handler>;
