/**
 * Tags on any sandbox resource, by its id: CreateTags, DeleteTags and DescribeTags. The resource type
 * follows from the id's prefix, as EC2's ids carry it.
 */
import { SandboxError, type Handler } from '../../service.js';
import {
  applyFilters,
  missingParameter,
  readFilters,
  readTags,
  setTags,
  strList,
  withState,
  type Ec2State,
  type FilterTable,
  type Tag,
} from './common.js';
import { findImage } from './images.js';

interface Kind {
  type: string;
  exists: (state: Ec2State, id: string) => boolean;
  notFound: (id: string) => string;
  code: string;
}

const has = (records: (state: Ec2State) => object) => (state: Ec2State, id: string) =>
  Object.hasOwn(records(state), id);

const KINDS: Record<string, Kind> = {
  i: {
    type: 'instance',
    exists: has((s) => s.instances),
    code: 'InvalidInstanceID.NotFound',
    notFound: (id) => `The instance ID '${id}' does not exist`,
  },
  sg: {
    type: 'security-group',
    exists: has((s) => s.groups),
    code: 'InvalidGroup.NotFound',
    notFound: (id) => `The security group '${id}' does not exist`,
  },
  sgr: {
    type: 'security-group-rule',
    exists: (s, id) => Object.values(s.groups).some((g) => g.rules.some((r) => r.id === id)),
    code: 'InvalidSecurityGroupRuleId.NotFound',
    notFound: (id) => `The security group rule ID '${id}' does not exist`,
  },
  vpc: {
    type: 'vpc',
    exists: has((s) => s.vpcs),
    code: 'InvalidVpcID.NotFound',
    notFound: (id) => `The vpc ID '${id}' does not exist`,
  },
  subnet: {
    type: 'subnet',
    exists: has((s) => s.subnets),
    code: 'InvalidSubnetID.NotFound',
    notFound: (id) => `The subnet ID '${id}' does not exist`,
  },
  key: {
    type: 'key-pair',
    exists: has((s) => s.keyPairs),
    code: 'InvalidKeyPair.NotFound',
    notFound: (id) => `The key pair ID '${id}' does not exist`,
  },
  ami: {
    type: 'image',
    exists: (_, id) => findImage(id) !== undefined,
    code: 'InvalidAMIID.NotFound',
    notFound: (id) => `The image id '[${id}]' does not exist`,
  },
};

function kindOf(id: string): Kind | undefined {
  const prefix = id.slice(0, id.indexOf('-'));
  return Object.hasOwn(KINDS, prefix) ? KINDS[prefix] : undefined;
}

function checkResources(state: Ec2State, ids: string[]): void {
  if (!ids.length) throw missingParameter('ResourceId');
  for (const id of ids) {
    const kind = kindOf(id);
    if (!kind) throw new SandboxError('InvalidID', `The ID '${id}' is not valid`, 400);
    if (!kind.exists(state, id)) throw new SandboxError(kind.code, kind.notFound(id), 400);
  }
}

const createTags: Handler = (call) =>
  withState(call, (scope) => {
    const ids = strList(call, 'Resources');
    const tags = readTags(call.input.Tags);
    if (!tags.length) throw missingParameter('Tag');
    checkResources(scope.state, ids);
    for (const id of ids) setTags(scope.state, id, tags);
    return {};
  });

/** Removes the tags named: by key alone, or by key and value (a tag whose value differs stays). */
const deleteTags: Handler = (call) =>
  withState(call, (scope) => {
    const ids = strList(call, 'Resources');
    checkResources(scope.state, ids);
    const given = Array.isArray(call.input.Tags) ? (call.input.Tags as Array<{ Key?: string; Value?: string }>) : [];
    for (const id of ids) {
      const kept = (scope.state.tags[id] ?? []).filter(
        (tag) =>
          given.length > 0 && !given.some((g) => g.Key === tag.Key && (g.Value === undefined || g.Value === tag.Value)),
      );
      if (kept.length) scope.state.tags[id] = kept;
      else delete scope.state.tags[id];
    }
    return {};
  });

type TagRow = Tag & { ResourceId: string; ResourceType: string };

const TAG_FILTERS: FilterTable<TagRow> = {
  'resource-id': (t) => t.ResourceId,
  'resource-type': (t) => t.ResourceType,
  key: (t) => t.Key,
  value: (t) => t.Value,
};

const describeTags: Handler = (call) =>
  withState(call, (scope) => {
    const rows: TagRow[] = [];
    for (const [id, tags] of Object.entries(scope.state.tags)) {
      const kind = kindOf(id);
      if (!kind || !kind.exists(scope.state, id)) continue;
      for (const tag of tags) rows.push({ ResourceId: id, ResourceType: kind.type, Key: tag.Key, Value: tag.Value });
    }
    return { Tags: applyFilters(rows, readFilters(call), TAG_FILTERS) };
  });

export const tagHandlers = { CreateTags: createTags, DeleteTags: deleteTags, DescribeTags: describeTags };
