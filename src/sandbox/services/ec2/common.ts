/**
 * What EC2's handlers share: the state of one account in one region (kept as a single document, so a
 * handler reads and writes it whole inside `exclusive`), ids, tags, and filters as EC2 applies them.
 */
import { randomId, SandboxError, type SandboxCall } from '../../service.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface VpcRecord {
  id: string;
  cidr: string;
  isDefault: boolean;
  dhcpOptionsId: string;
  tenancy: string;
}

export interface SubnetRecord {
  id: string;
  vpcId: string;
  cidr: string;
  zone: string;
  defaultForAz: boolean;
  mapPublicIp: boolean;
}

/** One rule of a security group: one peer (a CIDR or a group) for one protocol and port range. */
export interface RuleRecord {
  id: string;
  egress: boolean;
  /** `tcp`, `udp`, `icmp`, `-1` or a protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidr?: string;
  cidrV6?: string;
  groupId?: string;
  description?: string;
}

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  rules: RuleRecord[];
}

export interface KeyPairRecord {
  id: string;
  name: string;
  type: string;
  fingerprint: string;
  /** The OpenSSH public key, for DescribeKeyPairs' IncludePublicKey. */
  publicKey: string;
  created: string;
}

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export interface InstanceRecord {
  id: string;
  reservationId: string;
  imageId: string;
  type: string;
  keyName?: string;
  launchIndex: number;
  launched: string;
  state: InstanceStateName;
  /** When the instance entered its state: transitional states settle a few seconds later. */
  since: string;
  /** Why it last stopped or terminated (StateTransitionReason). */
  reason?: string;
  subnetId: string;
  vpcId: string;
  zone: string;
  privateIp: string;
  publicIp?: string;
  groupIds: string[];
  userData?: string;
  volumeId: string;
  clientToken?: string;
}

export interface Ec2State {
  vpcs: Record<string, VpcRecord>;
  subnets: Record<string, SubnetRecord>;
  groups: Record<string, GroupRecord>;
  keyPairs: Record<string, KeyPairRecord>;
  instances: Record<string, InstanceRecord>;
  /** Tags by resource id. */
  tags: Record<string, Tag[]>;
}

/** What a handler is given besides the call: the region's state, loaded and to be written back. */
export interface Scope {
  call: SandboxCall;
  state: Ec2State;
  account: string;
  region: string;
}

function emptyState(): Ec2State {
  return { vpcs: {}, subnets: {}, groups: {}, keyPairs: {}, instances: {}, tags: {} };
}

/** The hooks that bring a loaded state up to `now` (default VPC, instance states); set by index.ts. */
export const prepare: Array<(scope: Scope) => void> = [];

/** Runs `fn` over the region's state, alone, and writes the state back (it may have settled meanwhile). */
export async function withState<T>(call: SandboxCall, fn: (scope: Scope) => T | Promise<T>): Promise<T> {
  const key = `ec2/${call.caller.account}/${call.region}`;
  return call.store.exclusive(async () => {
    const state = (await call.store.get<Ec2State>(key)) ?? emptyState();
    const scope: Scope = { call, state, account: call.caller.account, region: call.region };
    for (const hook of prepare) hook(scope);
    const result = await fn(scope);
    await call.store.put(key, state);
    return result;
  });
}

/** An EC2 id: the prefix and 17 hex digits, as EC2 has made them since 2016. */
export function newId(call: SandboxCall, prefix: string): string {
  return `${prefix}-${randomId(call.random, 17, '0123456789abcdef')}`;
}

export function invalidParameter(message: string): SandboxError {
  return new SandboxError('InvalidParameterValue', message, 400);
}

export function missingParameter(name: string): SandboxError {
  return new SandboxError('MissingParameter', `The request must contain the parameter ${name}`, 400);
}

export function str(call: SandboxCall, name: string): string | undefined {
  const value = call.input[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredStr(call: SandboxCall, name: string): string {
  const value = str(call, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

export function strList(call: SandboxCall, name: string): string[] {
  const value = call.input[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Checks an id's form before looking it up, as EC2 does (`InvalidInstanceID.Malformed`). */
export function checkIdForm(id: string, prefix: string, code: string): void {
  if (!new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id)) {
    throw new SandboxError(code, `Invalid id: "${id}" (expecting "${prefix}-...")`, 400);
  }
}

// Tags.

export function tagsOf(state: Ec2State, id: string): Tag[] {
  return state.tags[id] ?? [];
}

/** The Tags member of a description: left out when there are none, as EC2 does for most resources. */
export function tagsMember(state: Ec2State, id: string): Tag[] | undefined {
  const tags = tagsOf(state, id);
  return tags.length ? tags : undefined;
}

export function setTags(state: Ec2State, id: string, tags: Tag[]): void {
  const current = [...tagsOf(state, id)];
  for (const tag of tags) {
    const at = current.findIndex((t) => t.Key === tag.Key);
    if (at >= 0) current[at] = tag;
    else current.push(tag);
  }
  state.tags[id] = current;
}

/** Tags from a Tags list of the input, checked as CreateTags checks them. */
export function readTags(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const tag = item as { Key?: unknown; Value?: unknown };
    if (typeof tag.Key !== 'string' || tag.Key === '') throw missingParameter('Tag.Key');
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw invalidParameter("Tag keys starting with 'aws:' are reserved for internal use");
    }
    return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}

/** The tags TagSpecifications give a resource type (`instance`, `security-group`, `key-pair`, …). */
export function specifiedTags(call: SandboxCall, resourceType: string): Tag[] {
  const specs = call.input.TagSpecifications;
  if (!Array.isArray(specs)) return [];
  const tags: Tag[] = [];
  for (const spec of specs as Array<{ ResourceType?: unknown; Tags?: unknown }>) {
    if (spec.ResourceType === undefined) throw missingParameter('TagSpecification.ResourceType');
    if (spec.ResourceType === resourceType) tags.push(...readTags(spec.Tags));
  }
  return tags;
}

// Filters.

export interface Filter {
  name: string;
  values: string[];
}

export function readFilters(call: SandboxCall): Filter[] {
  const value = call.input.Filters;
  if (!Array.isArray(value)) return [];
  return (value as Array<{ Name?: unknown; Values?: unknown }>).map((f) => ({
    name: typeof f.Name === 'string' ? f.Name : '',
    values: Array.isArray(f.Values) ? f.Values.filter((v): v is string => typeof v === 'string') : [],
  }));
}

/**
 * A filter value as a pattern: `*` any run of characters, `?` one, `\` escapes the next character;
 * matched case-sensitively against the whole value.
 */
export function filterPattern(value: string): RegExp {
  let source = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) source += escapeRegExp(value[++i]!);
    else if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** How a resource type answers each filter name it knows: the value or values a filter matches. */
export type FilterTable<T> = Readonly<Record<string, (item: T) => string | undefined | Array<string | undefined>>>;

/**
 * The items every filter matches: filters are ANDed, a filter's values ORed. A name the resource type
 * does not know is refused, even when there is nothing to match. Taggable types (`tagsOf`) also know
 * `tag:<key>`, `tag-key` and `tag-value`.
 */
export function applyFilters<T>(
  items: T[],
  filters: Filter[],
  table: FilterTable<T>,
  tagsOf?: (item: T) => Tag[],
): T[] {
  const tests = filters.map((filter) => {
    const column = Object.hasOwn(table, filter.name) ? table[filter.name] : undefined;
    const tagged = tagsOf && /^tag:.|^tag-(key|value)$/.test(filter.name);
    if (!column && !tagged) throw invalidParameter(`The filter '${filter.name}' is invalid`);
    const patterns = filter.values.map(filterPattern);
    return (item: T) => {
      const have = column ? [column(item)].flat() : tagValues(tagsOf!(item), filter.name);
      return have.some((v) => v !== undefined && patterns.some((p) => p.test(v)));
    };
  });
  return items.filter((item) => tests.every((test) => test(item)));
}

function tagValues(tags: Tag[], name: string): string[] {
  if (name === 'tag-key') return tags.map((t) => t.Key);
  if (name === 'tag-value') return tags.map((t) => t.Value);
  return tags.filter((t) => t.Key === name.slice(4)).map((t) => t.Value);
}
