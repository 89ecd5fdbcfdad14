/**
 * Access keys of IAM users and of the account's root. A key is a document of its own (owner, status)
 * and, so that it signs requests, a record in identity.ts holding its secret and whom it signs as.
 */
import { ACCOUNT, deleteKey, findKey, saveKey, type KeyRecord } from '../../identity.js';
import { randomId, type SandboxCall, type ServiceHandlers } from '../../service.js';
import type { SandboxStore } from '../../store.js';
import {
  arnOf,
  callerUserName,
  invalidInput,
  limitExceeded,
  loadAll,
  loadPrincipal,
  more,
  noSuchEntity,
  optText,
  paginate,
  ROOT_ARN,
  sameName,
  text,
  USER,
  type UserDoc,
} from './common.js';

export interface AccessKeyDoc {
  AccessKeyId: string;
  /** The owning user; absent for the root's own keys. */
  UserName?: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
}

const KEYS = 'iam/access-keys/';
const MAX_KEYS = 2;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const ownedBy = (key: AccessKeyDoc, userName: string | undefined) =>
  userName === undefined ? key.UserName === undefined : key.UserName !== undefined && sameName(key.UserName, userName);

/** The keys of a user, or of the root for undefined. */
export async function keysOf(store: SandboxStore, userName: string | undefined): Promise<AccessKeyDoc[]> {
  return (await loadAll<AccessKeyDoc>(store, KEYS)).filter((key) => ownedBy(key, userName));
}

function keyCaller(user: UserDoc | undefined): KeyRecord['caller'] {
  return user
    ? { account: ACCOUNT, arn: arnOf(USER, user), userId: user.Id }
    : { account: ACCOUNT, arn: ROOT_ARN, userId: ACCOUNT };
}

/** After a rename or a new path the user's keys must sign as the user's new ARN. */
export async function moveKeys(store: SandboxStore, oldName: string, user: UserDoc): Promise<void> {
  for (const key of await keysOf(store, oldName)) {
    await store.put(KEYS + key.AccessKeyId, { ...key, UserName: user.Name });
    const record = await findKey(store, key.AccessKeyId);
    if (record) await saveKey(store, key.AccessKeyId, { ...record, caller: keyCaller(user) });
  }
}

/** The user an operation's keys belong to: UserName's, else the caller's own (undefined for the root). */
async function owner(call: SandboxCall): Promise<UserDoc | undefined> {
  const userName = optText(call.input, 'UserName') ?? callerUserName(call.caller);
  return userName === undefined ? undefined : loadPrincipal<UserDoc>(call.store, USER, userName);
}

async function ownedKey(call: SandboxCall, user: UserDoc | undefined): Promise<AccessKeyDoc> {
  const id = text(call.input, 'AccessKeyId');
  const key = await call.store.get<AccessKeyDoc>(KEYS + id);
  if (!key || !ownedBy(key, user?.Name)) throw noSuchEntity(`The Access Key with id ${id} cannot be found`);
  return key;
}

const metadata = (key: AccessKeyDoc) => ({
  UserName: key.UserName,
  AccessKeyId: key.AccessKeyId,
  Status: key.Status,
  CreateDate: new Date(key.CreateDate),
});

export const accessKeyHandlers: ServiceHandlers = {
  CreateAccessKey: (call) =>
    call.store.exclusive(async () => {
      const user = await owner(call);
      if ((await keysOf(call.store, user?.Name)).length >= MAX_KEYS)
        throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS}`);
      const key: AccessKeyDoc = {
        AccessKeyId: `AKIA${randomId(call.random, 16)}`,
        UserName: user?.Name,
        Status: 'Active',
        CreateDate: call.now.toISOString(),
      };
      const secretAccessKey = randomId(call.random, 40, SECRET_ALPHABET);
      await call.store.put(KEYS + key.AccessKeyId, key);
      await saveKey(call.store, key.AccessKeyId, { secretAccessKey, status: 'Active', caller: keyCaller(user) });
      return { AccessKey: { ...metadata(key), SecretAccessKey: secretAccessKey } };
    }),

  ListAccessKeys: async (call) => {
    const user = await owner(call);
    const page = paginate(await keysOf(call.store, user?.Name), call.input);
    return { AccessKeyMetadata: page.page.map(metadata), ...more(page) };
  },

  UpdateAccessKey: (call) =>
    call.store.exclusive(async () => {
      const status = text(call.input, 'Status');
      if (status !== 'Active' && status !== 'Inactive') throw invalidInput(`Invalid status: ${status}.`);
      const key = await ownedKey(call, await owner(call));
      await call.store.put(KEYS + key.AccessKeyId, { ...key, Status: status });
      const record = await findKey(call.store, key.AccessKeyId);
      if (record) await saveKey(call.store, key.AccessKeyId, { ...record, status });
      return {};
    }),

  DeleteAccessKey: (call) =>
    call.store.exclusive(async () => {
      const key = await ownedKey(call, await owner(call));
      await call.store.delete(KEYS + key.AccessKeyId);
      await deleteKey(call.store, key.AccessKeyId);
      return {};
    }),

  GetAccessKeyLastUsed: async (call) => {
    const id = text(call.input, 'AccessKeyId');
    const key = await call.store.get<AccessKeyDoc>(KEYS + id);
    if (!key) throw noSuchEntity(`The Access Key with id ${id} cannot be found`);
    // The sandbox does not track use; AWS reports a key never used like this.
    return { UserName: key.UserName, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
  },
};
