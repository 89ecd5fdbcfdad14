/**
 * Where instances live: regions and their availability zones, VPCs and subnets. Every region has a
 * default VPC (172.31.0.0/16) with a default subnet per zone, made the first time the region is used,
 * as an account's own regions come with one.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  applyFilters,
  checkIdForm,
  invalidParameter,
  newId,
  readFilters,
  requiredStr,
  setTags,
  specifiedTags,
  str,
  strList,
  tagsMember,
  tagsOf,
  withState,
  type Ec2State,
  type FilterTable,
  type Scope,
  type SubnetRecord,
  type VpcRecord,
} from './common.js';

/** Regions every account has. */
const STANDARD_REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** Regions an account must opt in to: DescribeRegions lists them only with AllRegions. */
const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

const DIRECTIONS: Record<string, string> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** The short form zone ids are built on: `us-east-1` → `use1`, `ap-southeast-2` → `apse2`. */
function regionCode(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${DIRECTIONS[direction] ?? direction}${number}`;
}

/** The region's zones: `<region>a`, `b`, … (us-east-1 has six, us-west-2 four, most regions three). */
export function zonesOf(region: string): Array<{ name: string; id: string }> {
  const count = region === 'us-east-1' ? 6 : region === 'us-west-2' ? 4 : 3;
  return Array.from({ length: count }, (_, i) => ({
    name: `${region}${'abcdef'[i]}`,
    id: `${regionCode(region)}-az${i + 1}`,
  }));
}

export function zoneId(region: string, zone: string): string | undefined {
  return zonesOf(region).find((z) => z.name === zone)?.id;
}

// The default VPC.

/** Makes a VPC's `default` security group: all traffic in from its own members, all traffic out. */
function addDefaultGroup(scope: Scope, vpcId: string): void {
  const id = newId(scope.call, 'sg');
  scope.state.groups[id] = {
    id,
    name: 'default',
    description: 'default VPC security group',
    vpcId,
    rules: [
      { id: newId(scope.call, 'sgr'), egress: false, protocol: '-1', groupId: id },
      { id: newId(scope.call, 'sgr'), egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
    ],
  };
}

function addVpc(scope: Scope, cidr: string, isDefault: boolean, tenancy = 'default'): VpcRecord {
  const vpc: VpcRecord = {
    id: newId(scope.call, 'vpc'),
    cidr,
    isDefault,
    dhcpOptionsId: newId(scope.call, 'dopt'),
    tenancy,
  };
  scope.state.vpcs[vpc.id] = vpc;
  addDefaultGroup(scope, vpc.id);
  return vpc;
}

/** Creates the default VPC and its subnets the first time a region's state is used. */
export function ensureDefaultVpc(scope: Scope): void {
  if (Object.keys(scope.state.vpcs).length || Object.keys(scope.state.instances).length) return;
  const vpc = addVpc(scope, '172.31.0.0/16', true);
  zonesOf(scope.region).forEach((zone, i) => {
    const id = newId(scope.call, 'subnet');
    scope.state.subnets[id] = {
      id,
      vpcId: vpc.id,
      cidr: `172.31.${i * 16}.0/20`,
      zone: zone.name,
      defaultForAz: true,
      mapPublicIp: true,
    };
  });
}

export function defaultVpc(state: Ec2State): VpcRecord | undefined {
  return Object.values(state.vpcs).find((v) => v.isDefault);
}

// CIDR blocks.

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `a.b.c.d/n` as its first address and prefix length, or undefined when it is not one. */
export function parseCidr(cidr: string): { base: number; bits: number } | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  const base = match ? ipToNumber(match[1]!) : undefined;
  const bits = Number(match?.[2]);
  if (base === undefined || bits > 32) return undefined;
  return { base, bits };
}

function cidrRange(cidr: string): [number, number] {
  const { base, bits } = parseCidr(cidr)!;
  const size = 2 ** (32 - bits);
  const start = base - (base % size);
  return [start, start + size - 1];
}

/** A free-looking private address of the subnet: past the five AWS reserves at its start. */
export function addressIn(call: SandboxCall, cidr: string): string {
  const [start, end] = cidrRange(cidr);
  const usable = end - start - 5;
  return numberToIp(start + 4 + 1 + Math.floor(call.random() * Math.max(usable, 1)));
}

function checkBlock(cidr: string, minBits: number): void {
  const parsed = parseCidr(cidr);
  if (!parsed)
    throw invalidParameter(`Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  if (parsed.bits < minBits || parsed.bits > 28) {
    throw new SandboxError('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`, 400);
  }
}

// Descriptions.

function describeVpc(scope: Scope, vpc: VpcRecord): Record<string, unknown> {
  return {
    VpcId: vpc.id,
    CidrBlock: vpc.cidr,
    State: 'available',
    DhcpOptionsId: vpc.dhcpOptionsId,
    OwnerId: scope.account,
    InstanceTenancy: vpc.tenancy,
    IsDefault: vpc.isDefault,
    CidrBlockAssociationSet: [
      {
        AssociationId: `vpc-cidr-assoc-${vpc.id.slice(4)}`,
        CidrBlock: vpc.cidr,
        CidrBlockState: { State: 'associated' },
      },
    ],
    Tags: tagsMember(scope.state, vpc.id),
  };
}

function usedAddresses(state: Ec2State, subnetId: string): number {
  return Object.values(state.instances).filter((i) => i.subnetId === subnetId && i.state !== 'terminated').length;
}

function describeSubnet(scope: Scope, subnet: SubnetRecord): Record<string, unknown> {
  const bits = parseCidr(subnet.cidr)!.bits;
  return {
    SubnetId: subnet.id,
    SubnetArn: `arn:aws:ec2:${scope.region}:${scope.account}:subnet/${subnet.id}`,
    VpcId: subnet.vpcId,
    CidrBlock: subnet.cidr,
    State: 'available',
    AvailabilityZone: subnet.zone,
    AvailabilityZoneId: zoneId(scope.region, subnet.zone),
    AvailableIpAddressCount: 2 ** (32 - bits) - 5 - usedAddresses(scope.state, subnet.id),
    DefaultForAz: subnet.defaultForAz,
    MapPublicIpOnLaunch: subnet.mapPublicIp,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    OwnerId: scope.account,
    Tags: tagsMember(scope.state, subnet.id),
  };
}

const VPC_FILTERS: FilterTable<VpcRecord> = {
  'vpc-id': (v) => v.id,
  cidr: (v) => v.cidr,
  'cidr-block-association.cidr-block': (v) => v.cidr,
  'is-default': (v) => String(v.isDefault),
  state: () => 'available',
  'dhcp-options-id': (v) => v.dhcpOptionsId,
};

const SUBNET_FILTERS: FilterTable<SubnetRecord> = {
  'subnet-id': (s) => s.id,
  'vpc-id': (s) => s.vpcId,
  'cidr-block': (s) => s.cidr,
  'availability-zone': (s) => s.zone,
  'default-for-az': (s) => String(s.defaultForAz),
  'map-public-ip-on-launch': (s) => String(s.mapPublicIp),
  state: () => 'available',
};

export function findVpc(state: Ec2State, id: string): VpcRecord {
  const vpc = Object.hasOwn(state.vpcs, id) ? state.vpcs[id] : undefined;
  if (!vpc) throw new SandboxError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`, 400);
  return vpc;
}

export function findSubnet(state: Ec2State, id: string): SubnetRecord {
  const subnet = Object.hasOwn(state.subnets, id) ? state.subnets[id] : undefined;
  if (!subnet) throw new SandboxError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`, 400);
  return subnet;
}

const describeVpcs: Handler = (call) =>
  withState(call, (scope) => {
    const ids = strList(call, 'VpcIds');
    const vpcs = ids.length ? ids.map((id) => findVpc(scope.state, id)) : Object.values(scope.state.vpcs);
    const found = applyFilters(vpcs, readFilters(call), VPC_FILTERS, (v) => tagsOf(scope.state, v.id));
    return { Vpcs: found.map((v) => describeVpc(scope, v)) };
  });

const describeSubnets: Handler = (call) =>
  withState(call, (scope) => {
    const ids = strList(call, 'SubnetIds');
    const subnets = ids.length ? ids.map((id) => findSubnet(scope.state, id)) : Object.values(scope.state.subnets);
    const found = applyFilters(subnets, readFilters(call), SUBNET_FILTERS, (s) => tagsOf(scope.state, s.id));
    return { Subnets: found.map((s) => describeSubnet(scope, s)) };
  });

const createVpc: Handler = (call) =>
  withState(call, (scope) => {
    const cidr = requiredStr(call, 'CidrBlock');
    checkBlock(cidr, 16);
    const vpc = addVpc(scope, cidr, false, str(call, 'InstanceTenancy') ?? 'default');
    setTags(scope.state, vpc.id, specifiedTags(call, 'vpc'));
    return { Vpc: { ...describeVpc(scope, vpc), State: 'pending' } };
  });

function overlaps(a: string, b: string): boolean {
  const [a0, a1] = cidrRange(a);
  const [b0, b1] = cidrRange(b);
  return a0 <= b1 && b0 <= a1;
}

const createSubnet: Handler = (call) =>
  withState(call, (scope) => {
    const vpc = findVpc(scope.state, requiredStr(call, 'VpcId'));
    const cidr = requiredStr(call, 'CidrBlock');
    checkBlock(cidr, 16);
    const [start, end] = cidrRange(cidr);
    const [vpcStart, vpcEnd] = cidrRange(vpc.cidr);
    if (start < vpcStart || end > vpcEnd) {
      throw new SandboxError('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`, 400);
    }
    const siblings = Object.values(scope.state.subnets).filter((s) => s.vpcId === vpc.id);
    if (siblings.some((s) => overlaps(s.cidr, cidr))) {
      throw new SandboxError('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`, 400);
    }
    const zones = zonesOf(scope.region);
    const byId = str(call, 'AvailabilityZoneId');
    const zone = str(call, 'AvailabilityZone') ?? zones.find((z) => z.id === byId)?.name ?? zones[0]!.name;
    if (!zones.some((z) => z.name === zone)) {
      throw invalidParameter(
        `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.name).join(', ')}.`,
      );
    }
    const subnet: SubnetRecord = {
      id: newId(call, 'subnet'),
      vpcId: vpc.id,
      cidr,
      zone,
      defaultForAz: false,
      mapPublicIp: false,
    };
    scope.state.subnets[subnet.id] = subnet;
    setTags(scope.state, subnet.id, specifiedTags(call, 'subnet'));
    return { Subnet: { ...describeSubnet(scope, subnet), State: 'available' } };
  });

function dependencyViolation(id: string): SandboxError {
  return new SandboxError(
    'DependencyViolation',
    `The ${id.startsWith('vpc-') ? 'vpc' : 'subnet'} '${id}' has dependencies and cannot be deleted.`,
    400,
  );
}

const deleteSubnet: Handler = (call) =>
  withState(call, (scope) => {
    const subnet = findSubnet(scope.state, requiredStr(call, 'SubnetId'));
    if (usedAddresses(scope.state, subnet.id)) throw dependencyViolation(subnet.id);
    delete scope.state.subnets[subnet.id];
    delete scope.state.tags[subnet.id];
    return {};
  });

const deleteVpc: Handler = (call) =>
  withState(call, (scope) => {
    const id = requiredStr(call, 'VpcId');
    checkIdForm(id, 'vpc', 'InvalidVpcID.Malformed');
    const vpc = findVpc(scope.state, id);
    const state = scope.state;
    const groups = Object.values(state.groups).filter((g) => g.vpcId === vpc.id);
    const busy =
      Object.values(state.subnets).some((s) => s.vpcId === vpc.id) || groups.some((g) => g.name !== 'default');
    if (busy) throw dependencyViolation(vpc.id);
    for (const group of groups) {
      delete state.groups[group.id];
      delete state.tags[group.id];
    }
    delete state.vpcs[vpc.id];
    delete state.tags[vpc.id];
    return {};
  });

// Regions and zones.

const REGION_FILTERS: FilterTable<{ name: string; optIn: string }> = {
  'region-name': (r) => r.name,
  endpoint: (r) => `ec2.${r.name}.amazonaws.com`,
  'opt-in-status': (r) => r.optIn,
};

const describeRegions: Handler = async (call) => {
  const all = call.input.AllRegions === true;
  const regions = [
    ...STANDARD_REGIONS.map((name) => ({ name, optIn: 'opt-in-not-required' })),
    ...(all ? OPT_IN_REGIONS.map((name) => ({ name, optIn: 'not-opted-in' })) : []),
  ].sort((a, b) => (a.name < b.name ? -1 : 1));
  const names = strList(call, 'RegionNames');
  for (const name of names) {
    if (!regions.some((r) => r.name === name)) throw invalidParameter(`Invalid region: ${name}`);
  }
  const chosen = names.length ? regions.filter((r) => names.includes(r.name)) : regions;
  const found = applyFilters(chosen, readFilters(call), REGION_FILTERS);
  return {
    Regions: found.map((r) => ({ RegionName: r.name, Endpoint: `ec2.${r.name}.amazonaws.com`, OptInStatus: r.optIn })),
  };
};

const ZONE_FILTERS: FilterTable<{ name: string; id: string; region: string }> = {
  'zone-name': (z) => z.name,
  'zone-id': (z) => z.id,
  'region-name': (z) => z.region,
  state: () => 'available',
  'zone-type': () => 'availability-zone',
  'group-name': (z) => z.region,
  'opt-in-status': () => 'opt-in-not-required',
};

const describeAvailabilityZones: Handler = async (call) => {
  const zones = zonesOf(call.region).map((z) => ({ ...z, region: call.region }));
  const names = strList(call, 'ZoneNames');
  const ids = strList(call, 'ZoneIds');
  for (const name of names) {
    if (!zones.some((z) => z.name === name)) {
      throw invalidParameter(`The zone '${name}' does not exist.`);
    }
  }
  const chosen = names.length || ids.length ? zones.filter((z) => names.includes(z.name) || ids.includes(z.id)) : zones;
  const found = applyFilters(chosen, readFilters(call), ZONE_FILTERS);
  return {
    AvailabilityZones: found.map((z) => ({
      State: 'available',
      OptInStatus: 'opt-in-not-required',
      Messages: [],
      RegionName: z.region,
      ZoneName: z.name,
      ZoneId: z.id,
      GroupName: z.region,
      NetworkBorderGroup: z.region,
      ZoneType: 'availability-zone',
    })),
  };
};

export const networkHandlers = {
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
  CreateVpc: createVpc,
  CreateSubnet: createSubnet,
  DeleteVpc: deleteVpc,
  DeleteSubnet: deleteSubnet,
  DescribeRegions: describeRegions,
  DescribeAvailabilityZones: describeAvailabilityZones,
};
