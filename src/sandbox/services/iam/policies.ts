/**
 * Managed policies (the account's own and a catalogue of AWS's), their versions and attachments, and
 * the inline policies of users, groups and roles. Attachments live only on the user, group or role, so
 * counts and entity lists are read from there.
 */
import { ACCOUNT } from '../../identity.js';
import { randomId, SandboxError, type SandboxCall, type ServiceHandlers } from '../../service.js';
import type { SandboxStore } from '../../store.js';
import { AWS_MANAGED_POLICIES, type AwsManagedPolicy } from './aws-policies.js';
import {
  alreadyExists,
  checkName,
  deleteConflict,
  docKey,
  encodeDocument,
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
  POLICY_PATH,
  policyDocument,
  ROLE,
  savePrincipal,
  tags,
  tagsOut,
  text,
  USER,
  type Kind,
  type Principal,
  type Tag,
} from './common.js';

interface PolicyVersionDoc {
  VersionId: string;
  Document: string;
  CreateDate: string;
}

interface PolicyDoc {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  Tags: Tag[];
  /** Oldest first. */
  Versions: PolicyVersionDoc[];
  /** AWS never reuses a version number, even once its version is deleted. */
  NextVersion: number;
}

const POLICIES = 'iam/policies/';
const AWS_ARN = 'arn:aws:iam::aws:policy/';
const MAX_VERSIONS = 5;
const MAX_ATTACHED = 10;
const PRINCIPALS = [USER, GROUP, ROLE] as const;

function awsPolicy(p: AwsManagedPolicy): PolicyDoc {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: p.statement }, null, 4);
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: `${AWS_ARN}${p.name}`,
    Path: '/',
    Description: p.description,
    CreateDate: p.created,
    UpdateDate: p.updated,
    DefaultVersionId: p.defaultVersion,
    Tags: [],
    Versions: [{ VersionId: p.defaultVersion, Document: document, CreateDate: p.updated }],
    NextVersion: 0,
  };
}

const AWS_POLICIES = AWS_MANAGED_POLICIES.map(awsPolicy);

async function findPolicy(store: SandboxStore, arn: string): Promise<PolicyDoc | undefined> {
  if (arn.startsWith(AWS_ARN)) return AWS_POLICIES.find((p) => p.Arn === arn);
  const match = /^arn:aws:iam::(\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (match?.[1] !== ACCOUNT || !match[2]) return undefined;
  const policy = await store.get<PolicyDoc>(docKey(POLICIES, match[2]));
  return policy?.Arn === arn ? policy : undefined;
}

async function requirePolicy(call: SandboxCall): Promise<PolicyDoc> {
  const arn = text(call.input, 'PolicyArn');
  const policy = await findPolicy(call.store, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return policy;
}

/** A policy this account may change: AWS's own are refused as AWS refuses them. */
async function ownPolicy(call: SandboxCall): Promise<PolicyDoc> {
  const policy = await requirePolicy(call);
  if (policy.Arn.startsWith(AWS_ARN))
    throw new SandboxError(
      'AccessDenied',
      `User: ${call.caller.arn} is not authorized to perform: iam:${call.operation} on resource: policy ${policy.Arn}`,
      403,
    );
  return policy;
}

const savePolicy = (store: SandboxStore, policy: PolicyDoc) => store.put(docKey(POLICIES, policy.PolicyName), policy);

function findVersion(policy: PolicyDoc, call: SandboxCall): PolicyVersionDoc {
  const versionId = text(call.input, 'VersionId');
  const version = policy.Versions.find((v) => v.VersionId === versionId);
  if (!version) throw noSuchEntity(`Policy ${policy.Arn} version ${versionId} does not exist or is not attachable.`);
  return version;
}

/** Every user, group and role with the policy attached. */
async function attachedTo(store: SandboxStore, arn: string): Promise<Array<{ kind: Kind; doc: Principal }>> {
  const found: Array<{ kind: Kind; doc: Principal }> = [];
  for (const kind of PRINCIPALS)
    for (const doc of await loadAll<Principal>(store, kind.prefix))
      if (doc.AttachedPolicies.includes(arn)) found.push({ kind, doc });
  return found;
}

async function attachmentCounts(store: SandboxStore): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const kind of PRINCIPALS)
    for (const doc of await loadAll<Principal>(store, kind.prefix))
      for (const arn of doc.AttachedPolicies) counts.set(arn, (counts.get(arn) ?? 0) + 1);
  return counts;
}

/** A policy as outputs show it; ListPolicies leaves out the description and tags, as AWS's does. */
function policyOut(policy: PolicyDoc, attachments: number, full: boolean): Record<string, unknown> {
  return {
    PolicyName: policy.PolicyName,
    PolicyId: policy.PolicyId,
    Arn: policy.Arn,
    Path: policy.Path,
    DefaultVersionId: policy.DefaultVersionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(full ? { Description: policy.Description, ...tagsOut(policy.Tags) } : {}),
    CreateDate: new Date(policy.CreateDate),
    UpdateDate: new Date(policy.UpdateDate),
  };
}

const versionOut = (policy: PolicyDoc, version: PolicyVersionDoc) => ({
  VersionId: version.VersionId,
  IsDefaultVersion: version.VersionId === policy.DefaultVersionId,
  CreateDate: new Date(version.CreateDate),
});

async function listedPolicies(call: SandboxCall): Promise<PolicyDoc[]> {
  const scope = optText(call.input, 'Scope') ?? 'All';
  const local = scope === 'AWS' ? [] : await loadAll<PolicyDoc>(call.store, POLICIES);
  const aws = scope === 'Local' ? [] : AWS_POLICIES;
  const prefix = optText(call.input, 'PathPrefix') ?? '/';
  return [...aws, ...local]
    .filter((p) => p.Path.startsWith(prefix))
    .sort((a, b) => a.PolicyName.toLowerCase().localeCompare(b.PolicyName.toLowerCase()));
}

export const managedPolicyHandlers: ServiceHandlers = {
  CreatePolicy: (call) =>
    call.store.exclusive(async () => {
      const policyName = name(call.input, 'PolicyName', 128);
      const policyPath = path(call.input, 'Path', POLICY_PATH);
      const document = policyDocument(call.input, 'PolicyDocument');
      if (await call.store.get(docKey(POLICIES, policyName)))
        throw alreadyExists(`A policy called ${policyName} already exists. Duplicate names are not allowed.`);
      const now = call.now.toISOString();
      const policy: PolicyDoc = {
        PolicyName: policyName,
        PolicyId: `ANPA${randomId(call.random, 17)}`,
        Arn: `arn:aws:iam::${ACCOUNT}:policy${policyPath}${policyName}`,
        Path: policyPath,
        Description: optText(call.input, 'Description'),
        CreateDate: now,
        UpdateDate: now,
        DefaultVersionId: 'v1',
        Tags: tags(call.input.Tags),
        Versions: [{ VersionId: 'v1', Document: document, CreateDate: now }],
        NextVersion: 2,
      };
      await savePolicy(call.store, policy);
      return { Policy: policyOut(policy, 0, true) };
    }),

  GetPolicy: async (call) => {
    const policy = await requirePolicy(call);
    return { Policy: policyOut(policy, (await attachedTo(call.store, policy.Arn)).length, true) };
  },

  ListPolicies: async (call) => {
    const counts = await attachmentCounts(call.store);
    const count = (p: PolicyDoc) => counts.get(p.Arn) ?? 0;
    const onlyAttached = call.input.OnlyAttached === true;
    const page = paginate(
      (await listedPolicies(call)).filter((p) => !onlyAttached || count(p) > 0),
      call.input,
    );
    return { Policies: page.page.map((p) => policyOut(p, count(p), false)), ...more(page) };
  },

  DeletePolicy: (call) =>
    call.store.exclusive(async () => {
      const policy = await ownPolicy(call);
      if ((await attachedTo(call.store, policy.Arn)).length)
        throw deleteConflict('Cannot delete a policy attached to entities.');
      if (policy.Versions.length > 1)
        throw deleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        );
      await call.store.delete(docKey(POLICIES, policy.PolicyName));
      return {};
    }),

  CreatePolicyVersion: (call) =>
    call.store.exclusive(async () => {
      const policy = await ownPolicy(call);
      const document = policyDocument(call.input, 'PolicyDocument');
      if (policy.Versions.length >= MAX_VERSIONS)
        throw limitExceeded(
          `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
        );
      const version = { VersionId: `v${policy.NextVersion}`, Document: document, CreateDate: call.now.toISOString() };
      const updated: PolicyDoc = {
        ...policy,
        Versions: [...policy.Versions, version],
        NextVersion: policy.NextVersion + 1,
        DefaultVersionId: call.input.SetAsDefault === true ? version.VersionId : policy.DefaultVersionId,
        UpdateDate: version.CreateDate,
      };
      await savePolicy(call.store, updated);
      return { PolicyVersion: versionOut(updated, version) };
    }),

  GetPolicyVersion: async (call) => {
    const policy = await requirePolicy(call);
    const version = findVersion(policy, call);
    return { PolicyVersion: { Document: encodeDocument(version.Document), ...versionOut(policy, version) } };
  },

  ListPolicyVersions: async (call) => {
    const policy = await requirePolicy(call);
    // Newest first, as AWS lists them; the documents only come with GetPolicyVersion.
    const page = paginate([...policy.Versions].reverse(), call.input);
    return { Versions: page.page.map((v) => versionOut(policy, v)), ...more(page) };
  },

  DeletePolicyVersion: (call) =>
    call.store.exclusive(async () => {
      const policy = await ownPolicy(call);
      const version = findVersion(policy, call);
      if (version.VersionId === policy.DefaultVersionId)
        throw deleteConflict('Cannot delete the default version of a policy.');
      await savePolicy(call.store, { ...policy, Versions: policy.Versions.filter((v) => v !== version) });
      return {};
    }),

  SetDefaultPolicyVersion: (call) =>
    call.store.exclusive(async () => {
      const policy = await ownPolicy(call);
      const version = findVersion(policy, call);
      await savePolicy(call.store, { ...policy, DefaultVersionId: version.VersionId });
      return {};
    }),

  ListEntitiesForPolicy: async (call) => {
    const policy = await requirePolicy(call);
    const filter = optText(call.input, 'EntityFilter');
    const prefix = optText(call.input, 'PathPrefix') ?? '/';
    const entities = (await attachedTo(call.store, policy.Arn)).filter(
      ({ kind, doc }) => (filter === undefined || filter === kind.Noun) && doc.Path.startsWith(prefix),
    );
    const page = paginate(entities, call.input);
    const of = (kind: Kind) =>
      page.page
        .filter((e) => e.kind === kind)
        .map(({ doc }) => ({ [`${kind.Noun}Name`]: doc.Name, [`${kind.Noun}Id`]: doc.Id }));
    return { PolicyGroups: of(GROUP), PolicyUsers: of(USER), PolicyRoles: of(ROLE), ...more(page) };
  },
};

/** The path of a managed policy, read from its ARN (`/` in `…:policy/x`, `/a/` in `…:policy/a/x`). */
const pathOfArn = (arn: string) => arn.slice(arn.indexOf(':policy/') + ':policy'.length, arn.lastIndexOf('/') + 1);

/** Attach…Policy, Detach…Policy and ListAttached…Policies for users, groups or roles. */
function attachmentHandlers(kind: Kind): ServiceHandlers {
  const load = (call: SandboxCall) => loadPrincipal<Principal>(call.store, kind, text(call.input, `${kind.Noun}Name`));
  return {
    [`Attach${kind.Noun}Policy`]: (call) =>
      call.store.exclusive(async () => {
        const doc = await load(call);
        const arn = text(call.input, 'PolicyArn');
        if (!(await findPolicy(call.store, arn)))
          throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
        if (doc.AttachedPolicies.includes(arn)) return {};
        if (doc.AttachedPolicies.length >= MAX_ATTACHED)
          throw limitExceeded(`Cannot exceed quota for ${kind.quota}: ${MAX_ATTACHED}`);
        await savePrincipal(call.store, kind, { ...doc, AttachedPolicies: [...doc.AttachedPolicies, arn] });
        return {};
      }),

    [`Detach${kind.Noun}Policy`]: (call) =>
      call.store.exclusive(async () => {
        const doc = await load(call);
        const arn = text(call.input, 'PolicyArn');
        if (!doc.AttachedPolicies.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
        await savePrincipal(call.store, kind, {
          ...doc,
          AttachedPolicies: doc.AttachedPolicies.filter((a) => a !== arn),
        });
        return {};
      }),

    [`ListAttached${kind.Noun}Policies`]: async (call) => {
      const doc = await load(call);
      const prefix = optText(call.input, 'PathPrefix') ?? '/';
      const page = paginate(
        doc.AttachedPolicies.filter((arn) => pathOfArn(arn).startsWith(prefix)),
        call.input,
      );
      const attached = page.page.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
      return { AttachedPolicies: attached, ...more(page) };
    },
  };
}

/** Put…Policy, Get…Policy, List…Policies and Delete…Policy for the inline policies of users, groups or roles. */
function inlinePolicyHandlers(kind: Kind): ServiceHandlers {
  const nameMember = `${kind.Noun}Name`;
  const load = (call: SandboxCall) => loadPrincipal<Principal>(call.store, kind, text(call.input, nameMember));
  const policyText = (doc: Principal, policyName: string) => {
    const document = Object.hasOwn(doc.InlinePolicies, policyName) ? doc.InlinePolicies[policyName] : undefined;
    if (document === undefined) throw noSuchEntity(`The ${kind.noun} policy with name ${policyName} cannot be found.`);
    return document;
  };
  return {
    [`Put${kind.Noun}Policy`]: (call) =>
      call.store.exclusive(async () => {
        const doc = await load(call);
        const policyName = checkName(text(call.input, 'PolicyName'), 'PolicyName', 128);
        const document = policyDocument(call.input, 'PolicyDocument');
        await savePrincipal(call.store, kind, {
          ...doc,
          InlinePolicies: { ...doc.InlinePolicies, [policyName]: document },
        });
        return {};
      }),

    [`Get${kind.Noun}Policy`]: async (call) => {
      const doc = await load(call);
      const policyName = text(call.input, 'PolicyName');
      const document = policyText(doc, policyName);
      return { [nameMember]: doc.Name, PolicyName: policyName, PolicyDocument: encodeDocument(document) };
    },

    [`List${kind.Noun}Policies`]: async (call) => {
      const doc = await load(call);
      const page = paginate(Object.keys(doc.InlinePolicies).sort(), call.input);
      return { PolicyNames: page.page, ...more(page) };
    },

    [`Delete${kind.Noun}Policy`]: (call) =>
      call.store.exclusive(async () => {
        const doc = await load(call);
        const policyName = text(call.input, 'PolicyName');
        policyText(doc, policyName);
        const { [policyName]: _deleted, ...rest } = doc.InlinePolicies;
        await savePrincipal(call.store, kind, { ...doc, InlinePolicies: rest });
        return {};
      }),
  };
}

export const principalPolicyHandlers: ServiceHandlers = Object.assign(
  {},
  ...PRINCIPALS.flatMap((kind) => [attachmentHandlers(kind), inlinePolicyHandlers(kind)]),
) as ServiceHandlers;
