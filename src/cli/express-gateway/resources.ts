/**
 * The resources of an ECS Express gateway service as its monitor sees them (the AWS CLI's
 * expressgateway/managedresource.py and managedresourcegroup.py): leaves — a load balancer, a target
 * group, the cluster — each with a status, a reason and when it last changed, inside groups — an ingress
 * path, the auto-scaling configuration, a deployment — that keep their members in order, one per key
 * (`<type>/<identifier>`). Pure: what the monitor shows is worked out here, the calls are collector.ts's.
 *
 * Two comparisons are kept apart, as in the CLI. `combineGroups` merges the resources of several
 * service revisions (the RESOURCE view), keeping the most recently updated copy of each; `compareSets`
 * finds what a deployment adds and what it leaves behind (the DEPLOYMENT view). Whether a resource
 * changed between two polls is stream-display.ts's business.
 */

export interface ManagedResource {
  kind: 'resource';
  type?: string;
  identifier?: string;
  status?: string;
  reason?: string;
  /** When it last changed, epoch milliseconds. */
  updatedAt?: number;
  /** A line of its own: the service's latest event. */
  info?: string;
}

export interface ResourceGroup {
  kind: 'group';
  type?: string;
  identifier?: string;
  status?: string;
  reason?: string;
  /** By key, in the order they were first given; a later one of the same key replaces it in place. */
  members: Map<string, ResourceNode>;
}

export type ResourceNode = ManagedResource | ResourceGroup;

type Fields = Omit<ManagedResource, 'kind'>;

export function resource(
  type: string,
  identifier: string | undefined,
  fields: Omit<Fields, 'type' | 'identifier'> = {},
): ManagedResource {
  return { kind: 'resource', type, identifier, ...fields };
}

export function group(
  members: Iterable<ResourceNode> = [],
  fields: Pick<ResourceGroup, 'type' | 'identifier' | 'status' | 'reason'> = {},
): ResourceGroup {
  const byKey = new Map<string, ResourceNode>();
  for (const member of members) byKey.set(keyOf(member), member);
  return { kind: 'group', ...fields, members: byKey };
}

/** `<type>/<identifier>`, either part empty when absent. */
export function keyOf(node: ResourceNode): string {
  return `${node.type || ''}/${node.identifier || ''}`;
}

/** The leaves, depth first, in order. */
export function leaves(node: ResourceGroup): ManagedResource[] {
  return [...node.members.values()].flatMap((m) => (m.kind === 'group' ? leaves(m) : [m]));
}

/**
 * The copy of a resource updated last: `a` unless `b` says it was updated later. A copy without a time
 * loses to one with (the CLI fails comparing nothing with a time).
 */
function newer(a: ManagedResource, b: ManagedResource): ManagedResource {
  if (!b.updatedAt) return a;
  if (a.updatedAt === undefined) return b;
  return a.updatedAt >= b.updatedAt ? a : b;
}

function combineNodes(a: ResourceNode, b: ResourceNode): ResourceNode {
  if (a.kind === 'group' && b.kind === 'group') return combineGroups(a, b);
  if (a.kind === 'resource' && b.kind === 'resource') return newer(a, b);
  return a;
}

/**
 * The members of both groups, under `a`'s type and identifier. Members of one key are combined (the
 * newer resource, the merged group). Where a type has members with and without an identifier, those
 * without are dropped: a revision that has not yet named a resource does not hide one that has.
 */
export function combineGroups(a: ResourceGroup, b: ResourceGroup | undefined): ResourceGroup {
  if (!b) return a;
  const byType = new Map<string | undefined, ResourceNode[]>();
  for (const node of [...a.members.values(), ...b.members.values()]) {
    const list = byType.get(node.type) ?? [];
    list.push(node);
    byType.set(node.type, list);
  }
  const kept = [...byType.values()].flatMap((nodes) => {
    const named = nodes.filter((n) => n.identifier);
    return named.length && named.length < nodes.length ? named : nodes;
  });
  const merged = new Map<string, ResourceNode>();
  for (const node of kept) {
    const key = keyOf(node);
    const seen = merged.get(key);
    merged.set(key, seen ? combineNodes(seen, node) : node);
  }
  return group(merged.values(), { type: a.type, identifier: a.identifier });
}

/**
 * What only `target` has and what only `source` has, both under `target`'s type and identifier: the
 * resources a deployment brings and those it leaves behind. Groups both have are compared member by
 * member; a resource both have is in neither. A member of `source` is not counted as left behind when
 * `target` has a member of its type without an identifier yet (it may become that one).
 */
export function compareSets(target: ResourceGroup, source: ResourceGroup): [ResourceGroup, ResourceGroup] {
  const targetKeys = new Set(target.members.keys());
  const sourceKeys = new Set(source.members.keys());
  // As Python's rstrip('/'): every trailing slash goes.
  const unnamedTypes = [...targetKeys].filter((k) => k.endsWith('/')).map((k) => k.replace(/\/+$/, ''));
  const onlyTarget = (key: string) => !sourceKeys.has(key);
  const onlySource = (key: string) => !targetKeys.has(key) && !unnamedTypes.some((t) => key.startsWith(`${t}/`));
  const inner = new Map<string, [ResourceGroup, ResourceGroup]>();
  for (const [key, node] of target.members) {
    const other = source.members.get(key);
    if (node.kind === 'group' && other?.kind === 'group') inner.set(key, compareSets(node, other));
  }
  const pick = (from: ResourceGroup, only: (key: string) => boolean, side: 0 | 1) =>
    [...from.members].flatMap(([key, node]) => (only(key) ? [node] : inner.has(key) ? [inner.get(key)![side]] : []));
  const fields = { type: target.type, identifier: target.identifier };
  return [group(pick(target, onlyTarget, 0), fields), group(pick(source, onlySource, 1), fields)];
}
