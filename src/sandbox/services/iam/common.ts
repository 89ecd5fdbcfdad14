/**
 * What the IAM handlers share: the documents users, groups and roles are stored as, reading inputs,
 * AWS's errors, names and paths, tags, policy documents and List* pagination.
 */
import { fromBase64, toBase64, utf8Decode } from '../../../core/protocols/shared.js';
import { uriEncode } from '../../../core/request-url.js';
import { ACCOUNT } from '../../identity.js';
import { SandboxError, type Caller, type SandboxCall, type ServiceHandlers } from '../../service.js';
import type { SandboxStore } from '../../store.js';

export type Input = SandboxCall['input'];

export interface Tag {
  Key: string;
  Value: string;
}

/** What users, groups and roles have in common: a name, a path, an id and the policies they carry. */
export interface Principal {
  Name: string;
  Path: string;
  Id: string;
  CreateDate: string;
  /** Inline policies: name → the document as it was given. */
  InlinePolicies: Record<string, string>;
  /** Managed policy ARNs, in the order they were attached. */
  AttachedPolicies: string[];
}

export interface UserDoc extends Principal {
  Tags: Tag[];
  /** The groups the user belongs to, by name: membership lives with the user only. */
  Groups: string[];
}

export type GroupDoc = Principal;

export interface RoleDoc extends Principal {
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  Tags: Tag[];
}

/** How one kind of principal is named, stored and shown. */
export interface Kind {
  /** As in messages and ARNs: `user`. */
  noun: 'user' | 'group' | 'role';
  /** As in operation and member names: `User` (`UserName`, `PutUserPolicy`). */
  Noun: 'User' | 'Group' | 'Role';
  prefix: string;
  idPrefix: string;
  maxName: number;
  /** The AWS quota on managed policies attached to one of these. */
  quota: string;
}

export const USER: Kind = {
  noun: 'user',
  Noun: 'User',
  prefix: 'iam/users/',
  idPrefix: 'AIDA',
  maxName: 64,
  quota: 'PoliciesPerUser',
};
export const GROUP: Kind = {
  noun: 'group',
  Noun: 'Group',
  prefix: 'iam/groups/',
  idPrefix: 'AGPA',
  maxName: 128,
  quota: 'PoliciesPerGroup',
};
export const ROLE: Kind = {
  noun: 'role',
  Noun: 'Role',
  prefix: 'iam/roles/',
  idPrefix: 'AROA',
  maxName: 64,
  quota: 'PoliciesPerRole',
};

export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;

/** IAM names are unique regardless of case (`Alice` and `alice` are one user), so keys are lower-cased. */
export const docKey = (prefix: string, name: string) => `${prefix}${name.toLowerCase()}`;

export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const arnOf = (kind: Kind, doc: Principal) => `arn:aws:iam::${ACCOUNT}:${kind.noun}${doc.Path}${doc.Name}`;

export async function loadAll<T>(store: SandboxStore, prefix: string): Promise<T[]> {
  const docs = await Promise.all((await store.keys(prefix)).map((key) => store.get<T>(key)));
  return docs.filter((doc) => doc !== undefined) as T[];
}

export async function findPrincipal<T extends Principal>(
  store: SandboxStore,
  kind: Kind,
  name: string,
): Promise<T | undefined> {
  return store.get<T>(docKey(kind.prefix, name));
}

export async function loadPrincipal<T extends Principal>(store: SandboxStore, kind: Kind, name: string): Promise<T> {
  const doc = await findPrincipal<T>(store, kind, name);
  if (!doc) throw noSuchEntity(`The ${kind.noun} with name ${name} cannot be found.`);
  return doc;
}

export async function savePrincipal<T extends Principal>(store: SandboxStore, kind: Kind, doc: T): Promise<void> {
  await store.put(docKey(kind.prefix, doc.Name), doc);
}

/** The members every output of a user, group or role starts with. */
export function principalOut(kind: Kind, doc: Principal): Record<string, unknown> {
  return {
    Path: doc.Path,
    [`${kind.Noun}Name`]: doc.Name,
    [`${kind.Noun}Id`]: doc.Id,
    Arn: arnOf(kind, doc),
    CreateDate: new Date(doc.CreateDate),
  };
}

/**
 * The name of the IAM user who signed the request; undefined for the account's root. Other callers (an
 * assumed role) have no user to stand for, as AWS says.
 */
export function callerUserName(caller: Caller): string | undefined {
  if (caller.arn === ROOT_ARN) return undefined;
  const match = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn);
  if (!match) throw validationError('Must specify userName when calling with non-User credentials');
  return match[1];
}

// Errors, with the codes and statuses of the IAM model.

export const noSuchEntity = (message: string) => new SandboxError('NoSuchEntity', message, 404);
export const alreadyExists = (message: string) => new SandboxError('EntityAlreadyExists', message, 409);
export const deleteConflict = (message: string) => new SandboxError('DeleteConflict', message, 409);
export const limitExceeded = (message: string) => new SandboxError('LimitExceeded', message, 409);
export const validationError = (message: string) => new SandboxError('ValidationError', message, 400);
export const invalidInput = (message: string) => new SandboxError('InvalidInput', message, 400);
export const malformedPolicy = () => new SandboxError('MalformedPolicyDocument', 'Syntax errors in policy.', 400);

/** AWS's wording for a member that breaks a constraint: `userName` for `UserName`. */
function constraint(member: string, value: unknown, rule: string): SandboxError {
  const field = member.charAt(0).toLowerCase() + member.slice(1);
  const shown = value === undefined ? 'null' : `'${String(value)}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

// Inputs. The front checks the model's constraints too; these guard what the handlers rely on.

export function text(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') throw constraint(member, undefined, 'Member must not be null');
  return value;
}

export function optText(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

export function optInt(input: Input, member: string): number | undefined {
  const value = input[member];
  return typeof value === 'number' ? value : undefined;
}

const NAME = /^[\w+=,.@-]+$/;

/** A user, group, role, policy or instance profile name: used in keys, so always checked here. */
export function name(input: Input, member: string, max: number): string {
  return checkName(text(input, member), member, max);
}

export function checkName(value: string, member: string, max: number): string {
  if (!NAME.test(value))
    throw constraint(member, value, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  if (value.length > max) throw constraint(member, value, `Member must have length less than or equal to ${max}`);
  return value;
}

/** Paths of users, groups, roles and instance profiles (`/` or `/a/b/`), and of managed policies. */
export const ENTITY_PATH = /^\/(?:[\x21-\x7e]+\/)?$/;
export const POLICY_PATH = /^(?:\/[A-Za-z0-9.,+@=_-]+)*\/$/;

export function path(input: Input, member = 'Path', pattern = ENTITY_PATH): string {
  const value = optText(input, member) ?? '/';
  if (!pattern.test(value) || value.length > 512)
    throw validationError(
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    );
  return value;
}

export function inRange(member: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min)
    throw constraint(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(member, value, `Member must have value less than or equal to ${max}`);
  return value;
}

// Tags.

const MAX_TAGS = 50;

/** Tags as given, refused if a key repeats (keys compare without case, as AWS's do). */
export function tags(value: unknown): Tag[] {
  const list = Array.isArray(value) ? (value as Tag[]) : [];
  const keys = new Set(list.map((t) => t.Key.toLowerCase()));
  if (keys.size < list.length)
    throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  if (list.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
  return list.map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** `existing` with `added` put in place of the tags they share a key with. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const replaced = new Set(added.map((t) => t.Key.toLowerCase()));
  const merged = [...existing.filter((t) => !replaced.has(t.Key.toLowerCase())), ...added];
  if (merged.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
  return merged;
}

export function withoutTags(existing: Tag[], keys: unknown): Tag[] {
  const gone = new Set((Array.isArray(keys) ? (keys as string[]) : []).map((k) => k.toLowerCase()));
  return existing.filter((t) => !gone.has(t.Key.toLowerCase()));
}

/** Outputs carry `Tags` only when there are some, as AWS's do. */
export const tagsOut = (list: Tag[]) => (list.length ? { Tags: list } : {});

// Policy documents.

/** A policy document as given, once it is known to be a JSON object with a Statement. */
export function policyDocument(input: Input, member: string): string {
  const doc = text(input, member);
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    throw malformedPolicy();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformedPolicy();
  const statement = (parsed as Record<string, unknown>).Statement;
  if (!statement || typeof statement !== 'object') throw malformedPolicy();
  return doc;
}

/** IAM returns policy documents URL-encoded (RFC 3986); the CLI decodes them for display. */
export const encodeDocument = uriEncode;

// Pagination.

const MARKER_PREFIX = 'isoaws-iam:';

/**
 * One page of a List*: up to MaxItems (default 100) from the Marker on, with IsTruncated and the
 * Marker of the next page. The marker is opaque to callers: the offset of the next item.
 */
export function paginate<T>(items: readonly T[], input: Input): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const max = optInt(input, 'MaxItems') ?? 100;
  const start = markerOffset(optText(input, 'Marker'));
  if (start > items.length) throw validationError('Invalid Marker.');
  const page = items.slice(start, start + max);
  const next = start + page.length;
  return next < items.length
    ? { page, IsTruncated: true, Marker: toBase64(`${MARKER_PREFIX}${next}`) }
    : { page, IsTruncated: false };
}

function markerOffset(marker: string | undefined): number {
  if (marker === undefined) return 0;
  let decoded = '';
  try {
    decoded = utf8Decode(fromBase64(marker));
  } catch {
    // Not base64: reported below like any marker this sandbox did not write.
  }
  const match = new RegExp(`^${MARKER_PREFIX}(\\d+)$`).exec(decoded);
  if (!match) throw validationError('Invalid Marker.');
  return Number(match[1]);
}

/** The members of a List* output other than its items. */
export const more = (p: { IsTruncated: boolean; Marker?: string }) =>
  p.Marker === undefined ? { IsTruncated: p.IsTruncated } : { IsTruncated: p.IsTruncated, Marker: p.Marker };

export function underPath<T extends { Path: string }>(items: T[], prefix: string | undefined): T[] {
  return prefix === undefined ? items : items.filter((item) => item.Path.startsWith(prefix));
}

/** A user, group or role keeps its policies until they are removed one by one, as in AWS. */
export function refuseDeleteWithPolicies(doc: Principal): void {
  if (doc.AttachedPolicies.length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (Object.keys(doc.InlinePolicies).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
}

/** Tag…, Untag… and List…Tags for users or roles. */
export function tagHandlers(kind: Kind): ServiceHandlers {
  const nameMember = `${kind.Noun}Name`;
  const update = (call: SandboxCall, change: (existing: Tag[]) => Tag[]) =>
    call.store.exclusive(async () => {
      const doc = await loadPrincipal<Principal & { Tags: Tag[] }>(call.store, kind, text(call.input, nameMember));
      await savePrincipal(call.store, kind, { ...doc, Tags: change(doc.Tags) });
      return {};
    });
  return {
    [`Tag${kind.Noun}`]: (call) => update(call, (existing) => mergeTags(existing, tags(call.input.Tags))),
    [`Untag${kind.Noun}`]: (call) => update(call, (existing) => withoutTags(existing, call.input.TagKeys)),
    [`List${kind.Noun}Tags`]: async (call) => {
      const doc = await loadPrincipal<Principal & { Tags: Tag[] }>(call.store, kind, text(call.input, nameMember));
      const page = paginate(doc.Tags, call.input);
      return { Tags: page.page, ...more(page) };
    },
  };
}
