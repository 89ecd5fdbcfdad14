/**
 * Security groups and their rules. A rule is kept per peer (one CIDR or one group) so that each has its
 * own `sgr-` id; DescribeSecurityGroups folds them back into IpPermissions by protocol and port range.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  applyFilters,
  checkIdForm,
  invalidParameter,
  missingParameter,
  newId,
  readFilters,
  requiredStr,
  setTags,
  specifiedTags,
  str,
  strList,
  tagsOf,
  withState,
  type Ec2State,
  type FilterTable,
  type GroupRecord,
  type RuleRecord,
  type Scope,
} from './common.js';
import { defaultVpc, findVpc, parseCidr } from './network.js';

const PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

function groupNotFound(what: string, vpcId?: string): SandboxError {
  const where = vpcId ? ` in default VPC '${vpcId}'` : '';
  return new SandboxError('InvalidGroup.NotFound', `The security group '${what}' does not exist${where}`, 400);
}

export function findGroupById(state: Ec2State, id: string): GroupRecord {
  checkIdForm(id, 'sg', 'InvalidGroupId.Malformed');
  const group = Object.hasOwn(state.groups, id) ? state.groups[id] : undefined;
  if (!group) throw groupNotFound(id);
  return group;
}

export function findGroupByName(state: Ec2State, name: string, vpcId: string): GroupRecord | undefined {
  return Object.values(state.groups).find((g) => g.name === name && g.vpcId === vpcId);
}

/** The group GroupId names, or GroupName in the default VPC. */
function targetGroup(call: SandboxCall, state: Ec2State): GroupRecord {
  const id = str(call, 'GroupId');
  if (id !== undefined) return findGroupById(state, id);
  const name = str(call, 'GroupName');
  if (name === undefined) throw missingParameter('GroupId');
  const vpc = defaultVpc(state);
  const group = vpc && findGroupByName(state, name, vpc.id);
  if (!group) throw groupNotFound(name, vpc?.id);
  return group;
}

// Rules.

type NewRule = Omit<RuleRecord, 'id'>;

interface PermissionInput {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: Array<{ CidrIp?: string; Description?: string }>;
  Ipv6Ranges?: Array<{ CidrIpv6?: string; Description?: string }>;
  UserIdGroupPairs?: Array<{ GroupId?: string; GroupName?: string; Description?: string }>;
}

function normaliseProtocol(value: string | undefined): string {
  if (value === undefined || value === '') throw missingParameter('IpProtocol');
  const protocol = PROTOCOLS[value.toLowerCase()] ?? value.toLowerCase();
  if (!['tcp', 'udp', 'icmp', 'icmpv6', '-1'].includes(protocol) && !/^\d{1,3}$/.test(protocol)) {
    throw invalidParameter(`Invalid value '${value}' for IP protocol. Unknown protocol.`);
  }
  return protocol;
}

/** The ports a rule keeps: none for all traffic; both, in range, for TCP and UDP. */
function ports(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): Pick<NewRule, 'fromPort' | 'toPort'> {
  if (protocol === '-1') return {};
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) {
      throw invalidParameter("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange");
    }
    if (from < 0 || to > 65535 || from > to) {
      throw invalidParameter(`Invalid value 'Invalid port range (${from}-${to}).' for portRange`);
    }
  }
  return { fromPort: from ?? -1, toPort: to ?? -1 };
}

function checkCidr(cidr: string): void {
  if (!parseCidr(cidr)) throw invalidParameter(`CIDR block ${cidr} is malformed`);
}

/** The rules an Authorize or Revoke call names, by IpPermissions or by the older flat members. */
function requestedRules(call: SandboxCall, state: Ec2State, group: GroupRecord, egress: boolean): NewRule[] {
  const permissions = (call.input.IpPermissions as PermissionInput[] | undefined) ?? [];
  if (!permissions.length) {
    const source = str(call, 'SourceSecurityGroupName');
    permissions.push({
      IpProtocol: str(call, 'IpProtocol') ?? (source !== undefined ? '-1' : undefined),
      FromPort: call.input.FromPort as number | undefined,
      ToPort: call.input.ToPort as number | undefined,
      IpRanges: str(call, 'CidrIp') !== undefined ? [{ CidrIp: str(call, 'CidrIp') }] : [],
      UserIdGroupPairs: source !== undefined ? [{ GroupName: source }] : [],
    });
  }
  const rules: NewRule[] = [];
  for (const p of permissions) {
    const protocol = normaliseProtocol(p.IpProtocol);
    const base = { egress, protocol, ...ports(protocol, p.FromPort, p.ToPort) };
    for (const range of p.IpRanges ?? []) {
      if (range.CidrIp === undefined) throw missingParameter('CidrIp');
      checkCidr(range.CidrIp);
      rules.push({ ...base, cidr: range.CidrIp, description: range.Description });
    }
    for (const range of p.Ipv6Ranges ?? []) {
      if (range.CidrIpv6 === undefined) throw missingParameter('CidrIpv6');
      rules.push({ ...base, cidrV6: range.CidrIpv6, description: range.Description });
    }
    for (const pair of p.UserIdGroupPairs ?? []) {
      const peer =
        pair.GroupId !== undefined
          ? findGroupById(state, pair.GroupId)
          : pair.GroupName !== undefined
            ? findGroupByName(state, pair.GroupName, group.vpcId)
            : undefined;
      if (!peer) throw groupNotFound(pair.GroupName ?? '', group.vpcId);
      rules.push({ ...base, groupId: peer.id, description: pair.Description });
    }
  }
  if (!rules.length) throw missingParameter('IpPermissions');
  return rules;
}

function sameRule(a: NewRule, b: NewRule): boolean {
  return (
    a.egress === b.egress &&
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.cidr === b.cidr &&
    a.cidrV6 === b.cidrV6 &&
    a.groupId === b.groupId
  );
}

/** A rule as EC2 spells it in InvalidPermission errors. */
function ruleText(rule: NewRule): string {
  const peer = rule.cidr ?? rule.cidrV6 ?? rule.groupId ?? '';
  const proto = rule.protocol === '-1' ? 'ALL' : rule.protocol.toUpperCase();
  const range = rule.fromPort === undefined ? '' : `, from port: ${rule.fromPort}, to port: ${rule.toPort}`;
  return `peer: ${peer}, ${proto}${range}, ALLOW`;
}

function describeRule(scope: Scope, group: GroupRecord, rule: RuleRecord): Record<string, unknown> {
  return {
    SecurityGroupRuleId: rule.id,
    GroupId: group.id,
    IsEgress: rule.egress,
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort ?? -1,
    ToPort: rule.toPort ?? -1,
    CidrIpv4: rule.cidr,
    CidrIpv6: rule.cidrV6,
    ReferencedGroupInfo: rule.groupId ? { GroupId: rule.groupId, UserId: scope.account } : undefined,
    Description: rule.description,
    Tags: tagsOf(scope.state, rule.id),
  };
}

/** Rules folded into IpPermissions: one per protocol and port range, with its peers. */
function permissionsOf(scope: Scope, group: GroupRecord, egress: boolean): Array<Record<string, unknown>> {
  const out = new Map<
    string,
    { IpRanges: unknown[]; Ipv6Ranges: unknown[]; UserIdGroupPairs: unknown[] } & Record<string, unknown>
  >();
  for (const rule of group.rules.filter((r) => r.egress === egress)) {
    const key = `${rule.protocol}/${rule.fromPort}/${rule.toPort}`;
    let permission = out.get(key);
    if (!permission) {
      permission = {
        IpProtocol: rule.protocol,
        FromPort: rule.fromPort,
        ToPort: rule.toPort,
        UserIdGroupPairs: [],
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      };
      out.set(key, permission);
    }
    if (rule.cidr !== undefined) permission.IpRanges.push({ CidrIp: rule.cidr, Description: rule.description });
    if (rule.cidrV6 !== undefined) permission.Ipv6Ranges.push({ CidrIpv6: rule.cidrV6, Description: rule.description });
    if (rule.groupId !== undefined) {
      permission.UserIdGroupPairs.push({ GroupId: rule.groupId, UserId: scope.account, Description: rule.description });
    }
  }
  return [...out.values()];
}

function describeGroup(scope: Scope, group: GroupRecord): Record<string, unknown> {
  return {
    GroupId: group.id,
    GroupName: group.name,
    Description: group.description,
    OwnerId: scope.account,
    VpcId: group.vpcId,
    SecurityGroupArn: groupArn(scope, group.id),
    IpPermissions: permissionsOf(scope, group, false),
    IpPermissionsEgress: permissionsOf(scope, group, true),
    Tags: tagsOf(scope.state, group.id),
  };
}

function groupArn(scope: Scope, id: string): string {
  return `arn:aws:ec2:${scope.region}:${scope.account}:security-group/${id}`;
}

function authorize(egress: boolean): Handler {
  return (call) =>
    withState(call, (scope) => {
      const group = egress ? findGroupById(scope.state, requiredStr(call, 'GroupId')) : targetGroup(call, scope.state);
      const wanted = requestedRules(call, scope.state, group, egress);
      const tags = specifiedTags(call, 'security-group-rule');
      const added: RuleRecord[] = [];
      for (const rule of wanted) {
        if ([...group.rules, ...added].some((r) => sameRule(r, rule))) {
          throw new SandboxError(
            'InvalidPermission.Duplicate',
            `the specified rule "${ruleText(rule)}" already exists`,
            400,
          );
        }
        added.push({ id: newId(call, 'sgr'), ...rule });
      }
      group.rules.push(...added);
      for (const rule of added) setTags(scope.state, rule.id, tags);
      return { Return: true, SecurityGroupRules: added.map((r) => describeRule(scope, group, r)) };
    });
}

function revoke(egress: boolean): Handler {
  return (call) =>
    withState(call, (scope) => {
      const group = egress ? findGroupById(scope.state, requiredStr(call, 'GroupId')) : targetGroup(call, scope.state);
      const ids = strList(call, 'SecurityGroupRuleIds');
      const removed: RuleRecord[] = [];
      if (ids.length) {
        for (const id of ids) {
          const rule = group.rules.find((r) => r.id === id && r.egress === egress);
          if (!rule) {
            throw new SandboxError(
              'InvalidSecurityGroupRuleId.NotFound',
              `The security group rule ID '${id}' does not exist`,
              400,
            );
          }
          removed.push(rule);
        }
      } else {
        for (const wanted of requestedRules(call, scope.state, group, egress)) {
          const rule = group.rules.find((r) => sameRule(r, wanted));
          if (!rule) {
            throw new SandboxError(
              'InvalidPermission.NotFound',
              'The specified rule does not exist in this security group.',
              400,
            );
          }
          removed.push(rule);
        }
      }
      group.rules = group.rules.filter((r) => !removed.includes(r));
      for (const rule of removed) delete scope.state.tags[rule.id];
      return {
        Return: true,
        RevokedSecurityGroupRules: removed.map((r) => ({
          SecurityGroupRuleId: r.id,
          GroupId: group.id,
          IsEgress: r.egress,
          IpProtocol: r.protocol,
          FromPort: r.fromPort ?? -1,
          ToPort: r.toPort ?? -1,
          CidrIpv4: r.cidr,
          CidrIpv6: r.cidrV6,
          ReferencedGroupId: r.groupId,
          Description: r.description,
        })),
      };
    });
}

const createSecurityGroup: Handler = (call) =>
  withState(call, (scope) => {
    const name = requiredStr(call, 'GroupName');
    const description = requiredStr(call, 'Description');
    if (name.length > 255 || description.length > 255) {
      throw invalidParameter('Group names and descriptions may be at most 255 characters long.');
    }
    if (name.startsWith('sg-')) throw invalidParameter('Group names may not be in the format sg-*.');
    const vpcId = str(call, 'VpcId') ?? defaultVpc(scope.state)?.id;
    if (vpcId === undefined) {
      throw new SandboxError('VPCIdNotSpecified', 'No default VPC for this user', 400);
    }
    findVpc(scope.state, vpcId);
    if (findGroupByName(scope.state, name, vpcId)) {
      throw new SandboxError(
        'InvalidGroup.Duplicate',
        `The security group '${name}' already exists for VPC '${vpcId}'`,
        400,
      );
    }
    const group: GroupRecord = {
      id: newId(call, 'sg'),
      name,
      description,
      vpcId,
      rules: [{ id: newId(call, 'sgr'), egress: true, protocol: '-1', cidr: '0.0.0.0/0' }],
    };
    scope.state.groups[group.id] = group;
    setTags(scope.state, group.id, specifiedTags(call, 'security-group'));
    const tags = tagsOf(scope.state, group.id);
    return { GroupId: group.id, SecurityGroupArn: groupArn(scope, group.id), Tags: tags.length ? tags : undefined };
  });

const GROUP_FILTERS: FilterTable<GroupRecord> = {
  'group-name': (g) => g.name,
  'group-id': (g) => g.id,
  'vpc-id': (g) => g.vpcId,
  description: (g) => g.description,
  'ip-permission.protocol': (g) => g.rules.filter((r) => !r.egress).map((r) => r.protocol),
  'ip-permission.from-port': (g) => g.rules.filter((r) => !r.egress).map((r) => String(r.fromPort ?? -1)),
  'ip-permission.to-port': (g) => g.rules.filter((r) => !r.egress).map((r) => String(r.toPort ?? -1)),
  'ip-permission.cidr': (g) => g.rules.filter((r) => !r.egress).map((r) => r.cidr),
  'ip-permission.group-id': (g) => g.rules.filter((r) => !r.egress).map((r) => r.groupId),
  'egress.ip-permission.cidr': (g) => g.rules.filter((r) => r.egress).map((r) => r.cidr),
};

const describeSecurityGroups: Handler = (call) =>
  withState(call, (scope) => {
    const state = scope.state;
    const ids = strList(call, 'GroupIds');
    const names = strList(call, 'GroupNames');
    let groups = Object.values(state.groups);
    if (ids.length || names.length) {
      const vpc = defaultVpc(state);
      const byName = names.map((name) => {
        const group = vpc && findGroupByName(state, name, vpc.id);
        if (!group) throw groupNotFound(name, vpc?.id);
        return group;
      });
      const byId = ids.map((id) => findGroupById(state, id));
      groups = groups.filter((g) => byId.includes(g) || byName.includes(g));
    }
    const found = applyFilters(groups, readFilters(call), GROUP_FILTERS, (g) => tagsOf(state, g.id));
    return { SecurityGroups: found.map((g) => describeGroup(scope, g)) };
  });

const deleteSecurityGroup: Handler = (call) =>
  withState(call, (scope) => {
    const state = scope.state;
    const group = targetGroup(call, state);
    if (group.name === 'default') {
      throw new SandboxError(
        'CannotDelete',
        `the specified group: "${group.id}" name: "default" cannot be deleted by a user`,
        400,
      );
    }
    const inUse =
      Object.values(state.instances).some((i) => i.state !== 'terminated' && i.groupIds.includes(group.id)) ||
      Object.values(state.groups).some((g) => g !== group && g.rules.some((r) => r.groupId === group.id));
    if (inUse) throw new SandboxError('DependencyViolation', `resource ${group.id} has a dependent object`, 400);
    for (const rule of group.rules) delete state.tags[rule.id];
    delete state.groups[group.id];
    delete state.tags[group.id];
    return { Return: true, GroupId: group.id };
  });

export const securityGroupHandlers = {
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  DeleteSecurityGroup: deleteSecurityGroup,
  AuthorizeSecurityGroupIngress: authorize(false),
  AuthorizeSecurityGroupEgress: authorize(true),
  RevokeSecurityGroupIngress: revoke(false),
  RevokeSecurityGroupEgress: revoke(true),
};
