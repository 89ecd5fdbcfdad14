/** IAM users, groups and group membership. */
import { ACCOUNT } from '../../identity.js';
import { randomId, type ServiceHandlers } from '../../service.js';
import type { SandboxStore } from '../../store.js';
import { keysOf, moveKeys } from './access-keys.js';
import { hasLoginProfile } from './login-profiles.js';
import {
  alreadyExists,
  callerUserName,
  checkName,
  deleteConflict,
  docKey,
  findPrincipal,
  GROUP,
  limitExceeded,
  loadAll,
  loadPrincipal,
  more,
  name,
  noSuchEntity,
  optText,
  paginate,
  path,
  principalOut,
  refuseDeleteWithPolicies,
  ROOT_ARN,
  sameName,
  savePrincipal,
  tagHandlers,
  tags,
  tagsOut,
  text,
  underPath,
  USER,
  type GroupDoc,
  type Input,
  type Kind,
  type Principal,
  type UserDoc,
} from './common.js';

/** GetUser's answer for the root, which has no user document: AWS gives the account's creation date. */
const ACCOUNT_CREATED = '2025-01-01T00:00:00.000Z';
const MAX_GROUPS_PER_USER = 10;

const userOut = (user: UserDoc) => principalOut(USER, user);
const groupOut = (group: GroupDoc) => principalOut(GROUP, group);
const isMember = (user: UserDoc, groupName: string) => user.Groups.some((g) => sameName(g, groupName));

async function members(store: SandboxStore, groupName: string): Promise<UserDoc[]> {
  return (await loadAll<UserDoc>(store, USER.prefix)).filter((user) => isMember(user, groupName));
}

/** A principal's new name and path (UpdateUser, UpdateGroup), moved to its new key if the name changed. */
async function rename<T extends Principal>(store: SandboxStore, kind: Kind, doc: T, input: Input): Promise<T> {
  const newName = optText(input, `New${kind.Noun}Name`);
  const updated: T = {
    ...doc,
    Name: newName === undefined ? doc.Name : checkName(newName, `New${kind.Noun}Name`, kind.maxName),
    Path: input.NewPath === undefined ? doc.Path : path(input, 'NewPath'),
  };
  if (!sameName(updated.Name, doc.Name)) {
    if (await findPrincipal(store, kind, updated.Name))
      throw alreadyExists(`${kind.Noun} with name ${updated.Name} already exists.`);
    await store.delete(docKey(kind.prefix, doc.Name));
  }
  await savePrincipal(store, kind, updated);
  return updated;
}

function newPrincipal(kind: Kind, input: Input, id: string, now: Date): Principal {
  return {
    Name: name(input, `${kind.Noun}Name`, kind.maxName),
    Path: path(input),
    Id: `${kind.idPrefix}${id}`,
    CreateDate: now.toISOString(),
    InlinePolicies: {},
    AttachedPolicies: [],
  };
}

/** Refuses a name already taken by another of its kind, in AWS's words. */
export async function refuseExisting(store: SandboxStore, kind: Kind, doc: Principal): Promise<void> {
  if (await findPrincipal(store, kind, doc.Name))
    throw alreadyExists(`${kind.Noun} with name ${doc.Name} already exists.`);
}

export const userHandlers: ServiceHandlers = {
  CreateUser: (call) =>
    call.store.exclusive(async () => {
      const user: UserDoc = {
        ...newPrincipal(USER, call.input, randomId(call.random, 17), call.now),
        Tags: tags(call.input.Tags),
        Groups: [],
      };
      await refuseExisting(call.store, USER, user);
      await savePrincipal(call.store, USER, user);
      return { User: { ...userOut(user), ...tagsOut(user.Tags) } };
    }),

  GetUser: async (call) => {
    const userName = optText(call.input, 'UserName') ?? callerUserName(call.caller);
    if (userName === undefined)
      return { User: { UserId: ACCOUNT, Arn: ROOT_ARN, CreateDate: new Date(ACCOUNT_CREATED) } };
    const user = await loadPrincipal<UserDoc>(call.store, USER, userName);
    return { User: { ...userOut(user), ...tagsOut(user.Tags) } };
  },

  ListUsers: async (call) => {
    const users = underPath(await loadAll<UserDoc>(call.store, USER.prefix), optText(call.input, 'PathPrefix'));
    const page = paginate(users, call.input);
    return { Users: page.page.map(userOut), ...more(page) };
  },

  UpdateUser: (call) =>
    call.store.exclusive(async () => {
      const user = await loadPrincipal<UserDoc>(call.store, USER, text(call.input, 'UserName'));
      await moveKeys(call.store, user.Name, await rename(call.store, USER, user, call.input));
      return {};
    }),

  DeleteUser: (call) =>
    call.store.exclusive(async () => {
      const user = await loadPrincipal<UserDoc>(call.store, USER, text(call.input, 'UserName'));
      refuseDeleteWithPolicies(user);
      if ((await keysOf(call.store, user.Name)).length)
        throw deleteConflict('Cannot delete entity, must delete access keys first.');
      if (user.Groups.length) throw deleteConflict('Cannot delete entity, must remove users from group first.');
      if (await hasLoginProfile(call.store, user))
        throw deleteConflict('Cannot delete entity, must delete login profile first.');
      await call.store.delete(docKey(USER.prefix, user.Name));
      return {};
    }),

  ...tagHandlers(USER),
};

export const groupHandlers: ServiceHandlers = {
  CreateGroup: (call) =>
    call.store.exclusive(async () => {
      const group = newPrincipal(GROUP, call.input, randomId(call.random, 17), call.now);
      await refuseExisting(call.store, GROUP, group);
      await savePrincipal(call.store, GROUP, group);
      return { Group: groupOut(group) };
    }),

  GetGroup: async (call) => {
    const group = await loadPrincipal<GroupDoc>(call.store, GROUP, text(call.input, 'GroupName'));
    const page = paginate(await members(call.store, group.Name), call.input);
    return { Group: groupOut(group), Users: page.page.map(userOut), ...more(page) };
  },

  ListGroups: async (call) => {
    const groups = underPath(await loadAll<GroupDoc>(call.store, GROUP.prefix), optText(call.input, 'PathPrefix'));
    const page = paginate(groups, call.input);
    return { Groups: page.page.map(groupOut), ...more(page) };
  },

  UpdateGroup: (call) =>
    call.store.exclusive(async () => {
      const group = await loadPrincipal<GroupDoc>(call.store, GROUP, text(call.input, 'GroupName'));
      const updated = await rename(call.store, GROUP, group, call.input);
      // Membership is kept by name on each user, so the members follow the group's new name.
      for (const user of await members(call.store, group.Name)) {
        const groups = user.Groups.map((g) => (sameName(g, group.Name) ? updated.Name : g));
        await savePrincipal(call.store, USER, { ...user, Groups: groups });
      }
      return {};
    }),

  DeleteGroup: (call) =>
    call.store.exclusive(async () => {
      const group = await loadPrincipal<GroupDoc>(call.store, GROUP, text(call.input, 'GroupName'));
      if ((await members(call.store, group.Name)).length)
        throw deleteConflict('Cannot delete entity, must remove users from group first.');
      refuseDeleteWithPolicies(group);
      await call.store.delete(docKey(GROUP.prefix, group.Name));
      return {};
    }),

  AddUserToGroup: (call) =>
    call.store.exclusive(async () => {
      const group = await loadPrincipal<GroupDoc>(call.store, GROUP, text(call.input, 'GroupName'));
      const user = await loadPrincipal<UserDoc>(call.store, USER, text(call.input, 'UserName'));
      if (isMember(user, group.Name)) return {};
      if (user.Groups.length >= MAX_GROUPS_PER_USER)
        throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
      await savePrincipal(call.store, USER, { ...user, Groups: [...user.Groups, group.Name] });
      return {};
    }),

  RemoveUserFromGroup: (call) =>
    call.store.exclusive(async () => {
      const group = await loadPrincipal<GroupDoc>(call.store, GROUP, text(call.input, 'GroupName'));
      const user = await loadPrincipal<UserDoc>(call.store, USER, text(call.input, 'UserName'));
      if (!isMember(user, group.Name))
        throw noSuchEntity(`The user with name ${user.Name} is not in group ${group.Name}.`);
      await savePrincipal(call.store, USER, { ...user, Groups: user.Groups.filter((g) => !sameName(g, group.Name)) });
      return {};
    }),

  ListGroupsForUser: async (call) => {
    const user = await loadPrincipal<UserDoc>(call.store, USER, text(call.input, 'UserName'));
    const groups = (await loadAll<GroupDoc>(call.store, GROUP.prefix)).filter((g) => isMember(user, g.Name));
    const page = paginate(groups, call.input);
    return { Groups: page.page.map(groupOut), ...more(page) };
  },
};
