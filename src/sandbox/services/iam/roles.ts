/** IAM roles and the instance profiles that carry them to EC2 instances. */
import { ACCOUNT } from '../../identity.js';
import { randomId, type SandboxCall, type ServiceHandlers } from '../../service.js';
import type { SandboxStore } from '../../store.js';
import {
  alreadyExists,
  arnOf,
  deleteConflict,
  docKey,
  encodeDocument,
  findPrincipal,
  inRange,
  limitExceeded,
  loadAll,
  loadPrincipal,
  more,
  name,
  noSuchEntity,
  optInt,
  optText,
  paginate,
  path,
  policyDocument,
  principalOut,
  refuseDeleteWithPolicies,
  ROLE,
  savePrincipal,
  sameName,
  tagHandlers,
  tags,
  tagsOut,
  text,
  underPath,
  type RoleDoc,
  type Tag,
} from './common.js';
import { refuseExisting } from './users-groups.js';

interface InstanceProfileDoc {
  Name: string;
  Path: string;
  Id: string;
  CreateDate: string;
  /** Role names: at most one, as in AWS. */
  Roles: string[];
  Tags: Tag[];
}

const PROFILES = 'iam/instance-profiles/';
const DEFAULT_MAX_SESSION = 3600;

/** What STS needs of a role: AssumeRole checks the ARN and the session length against it. */
export interface RoleSummary {
  RoleName: string;
  RoleId: string;
  Arn: string;
  MaxSessionDuration: number;
}

export async function findRole(store: SandboxStore, roleName: string): Promise<RoleSummary | undefined> {
  const role = await findPrincipal<RoleDoc>(store, ROLE, roleName);
  return (
    role && {
      RoleName: role.Name,
      RoleId: role.Id,
      Arn: arnOf(ROLE, role),
      MaxSessionDuration: role.MaxSessionDuration,
    }
  );
}

const roleOut = (role: RoleDoc) => ({
  ...principalOut(ROLE, role),
  AssumeRolePolicyDocument: encodeDocument(role.AssumeRolePolicyDocument),
  Description: role.Description,
  MaxSessionDuration: role.MaxSessionDuration,
});

const maxSession = (call: SandboxCall) => {
  const value = optInt(call.input, 'MaxSessionDuration');
  return value === undefined ? undefined : inRange('MaxSessionDuration', value, 3600, 43200);
};

const loadRole = (call: SandboxCall) => loadPrincipal<RoleDoc>(call.store, ROLE, text(call.input, 'RoleName'));

const profileKey = (profileName: string) => docKey(PROFILES, profileName);

async function loadProfile(call: SandboxCall): Promise<InstanceProfileDoc> {
  const profileName = text(call.input, 'InstanceProfileName');
  const profile = await call.store.get<InstanceProfileDoc>(profileKey(profileName));
  if (!profile) throw noSuchEntity(`Instance Profile ${profileName} cannot be found.`);
  return profile;
}

const hasRole = (profile: InstanceProfileDoc, roleName: string) => profile.Roles.some((r) => sameName(r, roleName));

async function profileOut(store: SandboxStore, profile: InstanceProfileDoc): Promise<Record<string, unknown>> {
  const roles = await Promise.all(profile.Roles.map((r) => findPrincipal<RoleDoc>(store, ROLE, r)));
  return {
    Path: profile.Path,
    InstanceProfileName: profile.Name,
    InstanceProfileId: profile.Id,
    Arn: `arn:aws:iam::${ACCOUNT}:instance-profile${profile.Path}${profile.Name}`,
    CreateDate: new Date(profile.CreateDate),
    Roles: roles.filter((r) => r !== undefined).map(roleOut),
    ...tagsOut(profile.Tags),
  };
}

async function profilesOut(call: SandboxCall, profiles: InstanceProfileDoc[]) {
  const page = paginate(profiles, call.input);
  return { InstanceProfiles: await Promise.all(page.page.map((p) => profileOut(call.store, p))), ...more(page) };
}

export const roleHandlers: ServiceHandlers = {
  CreateRole: (call) =>
    call.store.exclusive(async () => {
      const role: RoleDoc = {
        Name: name(call.input, 'RoleName', ROLE.maxName),
        Path: path(call.input),
        Id: `${ROLE.idPrefix}${randomId(call.random, 17)}`,
        CreateDate: call.now.toISOString(),
        InlinePolicies: {},
        AttachedPolicies: [],
        AssumeRolePolicyDocument: policyDocument(call.input, 'AssumeRolePolicyDocument'),
        Description: optText(call.input, 'Description'),
        MaxSessionDuration: maxSession(call) ?? DEFAULT_MAX_SESSION,
        Tags: tags(call.input.Tags),
      };
      await refuseExisting(call.store, ROLE, role);
      await savePrincipal(call.store, ROLE, role);
      return { Role: { ...roleOut(role), ...tagsOut(role.Tags) } };
    }),

  GetRole: async (call) => {
    const role = await loadRole(call);
    // The sandbox does not track use; AWS shows a role never used with an empty RoleLastUsed.
    return { Role: { ...roleOut(role), ...tagsOut(role.Tags), RoleLastUsed: {} } };
  },

  ListRoles: async (call) => {
    const roles = underPath(await loadAll<RoleDoc>(call.store, ROLE.prefix), optText(call.input, 'PathPrefix'));
    const page = paginate(roles, call.input);
    return { Roles: page.page.map(roleOut), ...more(page) };
  },

  UpdateRole: (call) =>
    call.store.exclusive(async () => {
      const role = await loadRole(call);
      const description = optText(call.input, 'Description') ?? role.Description;
      await savePrincipal(call.store, ROLE, {
        ...role,
        Description: description,
        MaxSessionDuration: maxSession(call) ?? role.MaxSessionDuration,
      });
      return {};
    }),

  UpdateRoleDescription: (call) =>
    call.store.exclusive(async () => {
      const role = await loadRole(call);
      const updated = { ...role, Description: text(call.input, 'Description') };
      await savePrincipal(call.store, ROLE, updated);
      return { Role: { ...roleOut(updated), ...tagsOut(updated.Tags) } };
    }),

  UpdateAssumeRolePolicy: (call) =>
    call.store.exclusive(async () => {
      const role = await loadRole(call);
      const document = policyDocument(call.input, 'PolicyDocument');
      await savePrincipal(call.store, ROLE, { ...role, AssumeRolePolicyDocument: document });
      return {};
    }),

  DeleteRole: (call) =>
    call.store.exclusive(async () => {
      const role = await loadRole(call);
      const profiles = await loadAll<InstanceProfileDoc>(call.store, PROFILES);
      if (profiles.some((p) => hasRole(p, role.Name)))
        throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
      refuseDeleteWithPolicies(role);
      await call.store.delete(docKey(ROLE.prefix, role.Name));
      return {};
    }),

  ...tagHandlers(ROLE),
};

export const instanceProfileHandlers: ServiceHandlers = {
  CreateInstanceProfile: (call) =>
    call.store.exclusive(async () => {
      const profile: InstanceProfileDoc = {
        Name: name(call.input, 'InstanceProfileName', 128),
        Path: path(call.input),
        Id: `AIPA${randomId(call.random, 17)}`,
        CreateDate: call.now.toISOString(),
        Roles: [],
        Tags: tags(call.input.Tags),
      };
      if (await call.store.get(profileKey(profile.Name)))
        throw alreadyExists(`Instance Profile ${profile.Name} already exists.`);
      await call.store.put(profileKey(profile.Name), profile);
      return { InstanceProfile: await profileOut(call.store, profile) };
    }),

  GetInstanceProfile: async (call) => ({ InstanceProfile: await profileOut(call.store, await loadProfile(call)) }),

  ListInstanceProfiles: async (call) => {
    const all = await loadAll<InstanceProfileDoc>(call.store, PROFILES);
    return profilesOut(call, underPath(all, optText(call.input, 'PathPrefix')));
  },

  DeleteInstanceProfile: (call) =>
    call.store.exclusive(async () => {
      const profile = await loadProfile(call);
      if (profile.Roles.length)
        throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
      await call.store.delete(profileKey(profile.Name));
      return {};
    }),

  AddRoleToInstanceProfile: (call) =>
    call.store.exclusive(async () => {
      const profile = await loadProfile(call);
      const role = await loadRole(call);
      if (profile.Roles.length) throw limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
      await call.store.put(profileKey(profile.Name), { ...profile, Roles: [role.Name] });
      return {};
    }),

  RemoveRoleFromInstanceProfile: (call) =>
    call.store.exclusive(async () => {
      const profile = await loadProfile(call);
      const role = await loadRole(call);
      if (!hasRole(profile, role.Name))
        throw noSuchEntity(`The role with name ${role.Name} is not in instance profile ${profile.Name}.`);
      await call.store.put(profileKey(profile.Name), {
        ...profile,
        Roles: profile.Roles.filter((r) => !sameName(r, role.Name)),
      });
      return {};
    }),

  ListInstanceProfilesForRole: async (call) => {
    const role = await loadRole(call);
    const all = await loadAll<InstanceProfileDoc>(call.store, PROFILES);
    return profilesOut(
      call,
      all.filter((p) => hasRole(p, role.Name)),
    );
  },
};
