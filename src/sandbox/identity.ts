/**
 * The sandbox's accounts and keys. There is one account, 123456789012 (the account AWS's documentation
 * uses), whose root keys are the documentation's example keys: the keys a client is given when nothing
 * else is configured. Keys that IAM creates for users and credentials that STS hands out are recorded
 * here too, so that they sign requests like any others.
 */
import type { Host } from '../core/host.js';
import type { Caller } from './service.js';
import type { SandboxStore } from './store.js';

export const ACCOUNT = '123456789012';

export const ROOT_KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

export const SANDBOX_REGION = 'us-east-1';

/**
 * What a host talking to the sandbox has when nothing is configured (`Host.defaults`): the root keys and
 * the sandbox's region, the last step of their chains, so a configured profile still wins.
 */
export function sandboxDefaults(): NonNullable<Host['defaults']> {
  return { credentials: { ...ROOT_KEYS, source: 'sandbox' }, region: SANDBOX_REGION };
}

/** A key the sandbox knows: its secret and who it belongs to. */
export interface KeyRecord {
  secretAccessKey: string;
  /** Temporary credentials only: their session token and when they lapse (ISO 8601). */
  sessionToken?: string;
  expiration?: string;
  /** `Inactive` keys (iam update-access-key) are refused. */
  status?: 'Active' | 'Inactive';
  caller: Omit<Caller, 'accessKeyId'>;
}

const ROOT: KeyRecord = {
  secretAccessKey: ROOT_KEYS.secretAccessKey,
  status: 'Active',
  caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT },
};

const keyDoc = (accessKeyId: string) => `auth/keys/${accessKeyId}`;

export async function findKey(store: SandboxStore, accessKeyId: string): Promise<KeyRecord | undefined> {
  if (accessKeyId === ROOT_KEYS.accessKeyId) return ROOT;
  return store.get<KeyRecord>(keyDoc(accessKeyId));
}

/** Records a key (IAM CreateAccessKey, STS credentials); call inside `store.exclusive`. */
export async function saveKey(store: SandboxStore, accessKeyId: string, record: KeyRecord): Promise<void> {
  await store.put(keyDoc(accessKeyId), record);
}

export async function deleteKey(store: SandboxStore, accessKeyId: string): Promise<void> {
  await store.delete(keyDoc(accessKeyId));
}
