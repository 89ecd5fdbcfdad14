/**
 * Instances. They move through EC2's states by the clock rather than by timers: a transitional state
 * (pending, stopping, shutting-down) settles TRANSITION_MS after it began, whenever the state is next
 * read, so `aws ec2 wait instance-running` sees pending and then running. Terminated instances stay
 * listed for an hour, as in EC2.
 */
import { toBase64 } from '../../../core/protocols/shared.js';
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  applyFilters,
  invalidParameter,
  missingParameter,
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
  type InstanceRecord,
  type InstanceStateName,
  type Scope,
  type SubnetRecord,
} from './common.js';
import { checkImageId, findImage, imageNotFound } from './images.js';
import { hasKeyPair, keyPairNotFound } from './key-pairs.js';
import { addressIn, findSubnet, numberToIp, zoneId } from './network.js';
import { findGroupById, findGroupByName } from './security-groups.js';

const TRANSITION_MS = 5_000;
/** How long a terminated instance stays in DescribeInstances. */
const TERMINATED_KEPT_MS = 60 * 60_000;
/** How long a running instance reports `initializing` before its status checks pass. */
const STATUS_CHECK_MS = 10_000;
/** Instances one RunInstances may start (the sandbox's stand-in for the account's vCPU limit). */
const MAX_INSTANCES = 20;

const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

const SETTLES_TO: Partial<Record<InstanceStateName, InstanceStateName>> = {
  pending: 'running',
  stopping: 'stopped',
  'shutting-down': 'terminated',
};

function stateOf(name: InstanceStateName): { Code: number; Name: InstanceStateName } {
  return { Code: STATE_CODES[name], Name: name };
}

function enter(instance: InstanceRecord, name: InstanceStateName, at: number): void {
  instance.state = name;
  instance.since = new Date(at).toISOString();
}

/** Brings every instance up to `now`: finishes transitions that are due, forgets long-terminated ones. */
export function settleInstances(scope: Scope): void {
  const now = scope.call.now.getTime();
  for (const instance of Object.values(scope.state.instances)) {
    const next = SETTLES_TO[instance.state];
    const due = Date.parse(instance.since) + TRANSITION_MS;
    if (next && now >= due) enter(instance, next, due);
    if (instance.state === 'terminated' && now >= Date.parse(instance.since) + TERMINATED_KEPT_MS) {
      delete scope.state.instances[instance.id];
      delete scope.state.tags[instance.id];
    }
  }
}

function checkInstanceId(id: string): void {
  if (!/^i-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id)) {
    throw new SandboxError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`, 400);
  }
}

/** The instances `ids` name, in that order; all of them must exist. */
function instancesNamed(state: Ec2State, ids: string[]): InstanceRecord[] {
  ids.forEach(checkInstanceId);
  const missing = ids.filter((id) => !Object.hasOwn(state.instances, id));
  if (missing.length === 1) {
    throw new SandboxError('InvalidInstanceID.NotFound', `The instance ID '${missing[0]}' does not exist`, 400);
  }
  if (missing.length) {
    throw new SandboxError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`, 400);
  }
  return ids.map((id) => state.instances[id]!);
}

// Launching.

function dnsSuffix(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
}

function publicDns(region: string, ip: string): string {
  const dashed = ip.replace(/\./g, '-');
  return region === 'us-east-1'
    ? `ec2-${dashed}.compute-1.amazonaws.com`
    : `ec2-${dashed}.${region}.compute.amazonaws.com`;
}

function publicAddress(call: SandboxCall): string {
  // From 54.0.0.0/8 and 3.0.0.0/8, where EC2's public addresses mostly come from.
  const first = call.random() < 0.5 ? 54 : 3;
  return numberToIp(((first << 24) >>> 0) + 1 + Math.floor(call.random() * 0xfffffe));
}

/** The subnet to launch into: SubnetId, or the default subnet of the asked zone (or of the first zone). */
function launchSubnet(call: SandboxCall, state: Ec2State): SubnetRecord {
  const subnetId = str(call, 'SubnetId');
  if (subnetId !== undefined) return findSubnet(state, subnetId);
  const zone = (call.input.Placement as { AvailabilityZone?: string } | undefined)?.AvailabilityZone;
  const defaults = Object.values(state.subnets).filter((s) => s.defaultForAz);
  const subnet = zone === undefined ? defaults[0] : defaults.find((s) => s.zone === zone);
  if (!subnet) {
    if (zone !== undefined) throw invalidParameter(`Invalid availability zone: [${zone}]`);
    throw new SandboxError('MissingInput', 'No subnets found for the default VPC. Please specify a subnet.', 400);
  }
  return subnet;
}

function launchGroups(call: SandboxCall, state: Ec2State, vpcId: string): string[] {
  const ids = strList(call, 'SecurityGroupIds');
  const names = strList(call, 'SecurityGroups');
  const groups = ids.map((id) => {
    const group = findGroupById(state, id);
    if (group.vpcId !== vpcId) {
      throw invalidParameter(`Security group ${id} and subnet belong to different networks.`);
    }
    return group.id;
  });
  for (const name of names) {
    const group = findGroupByName(state, name, vpcId);
    if (!group) {
      throw new SandboxError(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in VPC '${vpcId}'`,
        400,
      );
    }
    groups.push(group.id);
  }
  if (!groups.length) groups.push(findGroupByName(state, 'default', vpcId)!.id);
  return [...new Set(groups)];
}

function count(call: SandboxCall, name: string): number {
  const value = call.input[name];
  if (value === undefined) throw missingParameter(name);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidParameter(
      `Value (${String(value)}) for parameter ${name[0]!.toLowerCase()}${name.slice(1)} is invalid. Expected a positive integer.`,
    );
  }
  return value;
}

const runInstances: Handler = (call) =>
  withState(call, (scope) => {
    const state = scope.state;
    const imageId = requiredStr(call, 'ImageId');
    checkImageId(imageId);
    if (!findImage(imageId)) throw imageNotFound([imageId]);
    const min = count(call, 'MinCount');
    const max = count(call, 'MaxCount');
    if (min > max)
      throw invalidParameter(`Value (${min}) for parameter minCount is invalid. It must not exceed maxCount (${max}).`);
    if (min > MAX_INSTANCES) {
      throw new SandboxError(
        'InstanceLimitExceeded',
        `You have requested more instances (${min}) than your current instance limit of ${MAX_INSTANCES} allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
        400,
      );
    }
    // EC2's default when no type is given.
    const type = str(call, 'InstanceType') ?? 'm1.small';
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type)) throw invalidParameter(`Invalid value '${type}' for InstanceType.`);
    const keyName = str(call, 'KeyName');
    if (keyName !== undefined && !hasKeyPair(state, keyName)) throw keyPairNotFound(keyName);
    const subnet = launchSubnet(call, state);
    const groupIds = launchGroups(call, state, subnet.vpcId);
    const tags = specifiedTags(call, 'instance');
    const reservationId = newId(call, 'r');
    const launched = call.now.toISOString();
    const instances: InstanceRecord[] = [];
    for (let i = 0; i < Math.min(max, MAX_INSTANCES); i++) {
      const instance: InstanceRecord = {
        id: newId(call, 'i'),
        reservationId,
        imageId,
        type,
        keyName,
        launchIndex: i,
        launched,
        state: 'pending',
        since: launched,
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        zone: subnet.zone,
        privateIp: addressIn(call, subnet.cidr),
        publicIp: subnet.mapPublicIp ? publicAddress(call) : undefined,
        groupIds,
        userData: str(call, 'UserData'),
        volumeId: newId(call, 'vol'),
        clientToken: str(call, 'ClientToken'),
      };
      state.instances[instance.id] = instance;
      setTags(state, instance.id, tags);
      instances.push(instance);
    }
    return {
      ReservationId: reservationId,
      OwnerId: scope.account,
      Groups: [],
      Instances: instances.map((i) => describeInstance(scope, i)),
    };
  });

// Describing.

function groupIdentifiers(state: Ec2State, ids: string[]): Array<{ GroupId: string; GroupName?: string }> {
  return ids.map((id) => ({ GroupId: id, GroupName: state.groups[id]?.name }));
}

function describeInstance(scope: Scope, instance: InstanceRecord): Record<string, unknown> {
  const { region, state } = scope;
  const image = findImage(instance.imageId);
  const gone = instance.state === 'terminated';
  const running = instance.state === 'running' || instance.state === 'pending';
  const publicIp = running ? instance.publicIp : undefined;
  const privateDns = gone ? '' : `ip-${instance.privateIp.replace(/\./g, '-')}.${dnsSuffix(region)}`;
  const rootDevice = image?.rootDevice ?? '/dev/xvda';
  return {
    InstanceId: instance.id,
    ImageId: instance.imageId,
    State: stateOf(instance.state),
    PrivateDnsName: privateDns,
    PublicDnsName: publicIp ? publicDns(region, publicIp) : '',
    StateTransitionReason: instance.reason ?? '',
    KeyName: instance.keyName,
    AmiLaunchIndex: instance.launchIndex,
    ProductCodes: [],
    InstanceType: instance.type,
    LaunchTime: new Date(instance.launched),
    Placement: {
      AvailabilityZone: instance.zone,
      AvailabilityZoneId: zoneId(region, instance.zone),
      GroupName: '',
      Tenancy: 'default',
    },
    Platform: image?.platform,
    PlatformDetails: image?.platformDetails,
    Monitoring: { State: 'disabled' },
    SubnetId: gone ? undefined : instance.subnetId,
    VpcId: gone ? undefined : instance.vpcId,
    PrivateIpAddress: gone ? undefined : instance.privateIp,
    PublicIpAddress: publicIp,
    Architecture: image?.architecture ?? 'x86_64',
    BlockDeviceMappings: gone
      ? []
      : [
          {
            DeviceName: rootDevice,
            Ebs: {
              AttachTime: new Date(instance.launched),
              DeleteOnTermination: true,
              Status: 'attached',
              VolumeId: instance.volumeId,
            },
          },
        ],
    ClientToken: instance.clientToken ?? '',
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    RootDeviceName: rootDevice,
    RootDeviceType: 'ebs',
    SecurityGroups: gone ? [] : groupIdentifiers(state, instance.groupIds),
    SourceDestCheck: gone ? undefined : true,
    StateReason:
      instance.state === 'stopped' || instance.state === 'stopping' || gone
        ? { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' }
        : undefined,
    Tags: tagsMember(state, instance.id),
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    EnclaveOptions: { Enabled: false },
    BootMode: 'uefi-preferred',
    CurrentInstanceBootMode: 'legacy-bios',
  };
}

const INSTANCE_FILTERS = (state: Ec2State): FilterTable<InstanceRecord> => ({
  'instance-id': (i) => i.id,
  'instance-state-name': (i) => i.state,
  'instance-state-code': (i) => String(STATE_CODES[i.state]),
  'instance-type': (i) => i.type,
  'image-id': (i) => i.imageId,
  'key-name': (i) => i.keyName,
  'vpc-id': (i) => (i.state === 'terminated' ? undefined : i.vpcId),
  'subnet-id': (i) => (i.state === 'terminated' ? undefined : i.subnetId),
  'availability-zone': (i) => i.zone,
  'reservation-id': (i) => i.reservationId,
  'private-ip-address': (i) => i.privateIp,
  'ip-address': (i) => (i.state === 'running' || i.state === 'pending' ? i.publicIp : undefined),
  architecture: (i) => findImage(i.imageId)?.architecture,
  platform: (i) => findImage(i.imageId)?.platform,
  'launch-index': (i) => String(i.launchIndex),
  'instance.group-id': (i) => i.groupIds,
  'instance.group-name': (i) => i.groupIds.map((id) => state.groups[id]?.name),
});

const describeInstances: Handler = (call) =>
  withState(call, (scope) => {
    const state = scope.state;
    const ids = strList(call, 'InstanceIds');
    const chosen = ids.length ? instancesNamed(state, ids) : Object.values(state.instances);
    const found = applyFilters(chosen, readFilters(call), INSTANCE_FILTERS(state), (i) => tagsOf(state, i.id));
    const reservations = new Map<string, InstanceRecord[]>();
    for (const instance of found) {
      reservations.set(instance.reservationId, [...(reservations.get(instance.reservationId) ?? []), instance]);
    }
    return {
      Reservations: [...reservations].map(([id, instances]) => ({
        ReservationId: id,
        OwnerId: scope.account,
        Groups: [],
        Instances: instances.map((i) => describeInstance(scope, i)),
      })),
    };
  });

const describeInstanceStatus: Handler = (call) =>
  withState(call, (scope) => {
    const state = scope.state;
    const ids = strList(call, 'InstanceIds');
    const all = call.input.IncludeAllInstances === true;
    let chosen = ids.length ? instancesNamed(state, ids) : Object.values(state.instances);
    if (!all) chosen = chosen.filter((i) => i.state === 'running');
    const now = call.now.getTime();
    const statusOf = (i: InstanceRecord) => {
      if (i.state !== 'running') return 'not-applicable';
      return now >= Date.parse(i.since) + STATUS_CHECK_MS ? 'ok' : 'initializing';
    };
    const table: FilterTable<InstanceRecord> = {
      'instance-state-name': (i) => i.state,
      'instance-state-code': (i) => String(STATE_CODES[i.state]),
      'availability-zone': (i) => i.zone,
      'instance-status.status': statusOf,
      'system-status.status': statusOf,
    };
    const summary = (status: string) => ({
      Status: status,
      Details:
        status === 'not-applicable'
          ? undefined
          : [{ Name: 'reachability', Status: status === 'ok' ? 'passed' : 'initializing' }],
    });
    return {
      InstanceStatuses: applyFilters(chosen, readFilters(call), table).map((i) => ({
        AvailabilityZone: i.zone,
        AvailabilityZoneId: zoneId(scope.region, i.zone),
        InstanceId: i.id,
        InstanceState: stateOf(i.state),
        InstanceStatus: summary(statusOf(i)),
        SystemStatus: summary(statusOf(i)),
        AttachedEbsStatus: summary(statusOf(i)),
        Events: [],
      })),
    };
  });

// State changes.

type Change = (instance: InstanceRecord, scope: Scope) => void;

/** Applies `change` to each named instance and reports each one's state before and after. */
function stateChange(outputMember: string, change: Change): Handler {
  return (call) =>
    withState(call, (scope) => {
      const ids = strList(call, 'InstanceIds');
      if (!ids.length) throw missingParameter('InstanceIds');
      const instances = instancesNamed(scope.state, ids);
      const changes = instances.map((instance) => {
        const previous = instance.state;
        change(instance, scope);
        return { InstanceId: instance.id, CurrentState: stateOf(instance.state), PreviousState: stateOf(previous) };
      });
      return { [outputMember]: changes };
    });
}

function incorrectState(instance: InstanceRecord, action: string): SandboxError {
  return new SandboxError(
    'IncorrectInstanceState',
    `The instance '${instance.id}' is not in a state from which it can be ${action}.`,
    400,
  );
}

function userInitiated(scope: Scope): string {
  const at = scope.call.now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' GMT');
  return `User initiated (${at})`;
}

const startInstance: Change = (instance, scope) => {
  if (instance.state === 'running' || instance.state === 'pending') return;
  if (instance.state !== 'stopped') throw incorrectState(instance, 'started');
  const subnet = scope.state.subnets[instance.subnetId];
  // A stopped instance lost its public address; starting it gives it a new one.
  instance.publicIp = subnet?.mapPublicIp ? publicAddress(scope.call) : undefined;
  instance.reason = undefined;
  enter(instance, 'pending', scope.call.now.getTime());
};

const stopInstance: Change = (instance, scope) => {
  if (instance.state === 'stopped' || instance.state === 'stopping') return;
  if (instance.state !== 'running') throw incorrectState(instance, 'stopped');
  instance.reason = userInitiated(scope);
  enter(instance, 'stopping', scope.call.now.getTime());
};

const terminateInstance: Change = (instance, scope) => {
  if (instance.state === 'terminated' || instance.state === 'shutting-down') return;
  instance.reason = userInitiated(scope);
  enter(instance, 'shutting-down', scope.call.now.getTime());
};

const rebootInstances: Handler = (call) =>
  withState(call, (scope) => {
    const ids = strList(call, 'InstanceIds');
    if (!ids.length) throw missingParameter('InstanceIds');
    for (const instance of instancesNamed(scope.state, ids)) {
      if (instance.state !== 'running' && instance.state !== 'pending') throw incorrectState(instance, 'rebooted');
    }
    return {};
  });

/** The attributes that may change on a stopped instance only. */
const STOPPED_ONLY = new Set(['InstanceType', 'UserData']);

const modifyInstanceAttribute: Handler = (call) =>
  withState(call, (scope) => {
    const id = requiredStr(call, 'InstanceId');
    const [instance] = instancesNamed(scope.state, [id]) as [InstanceRecord];
    const attribute = str(call, 'Attribute');
    const value = (name: string) => (call.input[name] as { Value?: unknown } | undefined)?.Value;
    const type = value('InstanceType') ?? (attribute === 'instanceType' ? str(call, 'Value') : undefined);
    const userData = value('UserData');
    const groups = strList(call, 'Groups');
    const changes = { InstanceType: type, UserData: userData };
    for (const [name, given] of Object.entries(changes)) {
      if (given !== undefined && STOPPED_ONLY.has(name) && instance.state !== 'stopped') {
        throw new SandboxError(
          'IncorrectInstanceState',
          `The instance '${instance.id}' is not in the 'stopped' state.`,
          400,
        );
      }
    }
    if (typeof type === 'string') instance.type = type;
    if (userData instanceof Uint8Array) instance.userData = toBase64(userData);
    if (groups.length) {
      for (const groupId of groups) {
        if (findGroupById(scope.state, groupId).vpcId !== instance.vpcId) {
          throw invalidParameter(`Security group ${groupId} and instance belong to different networks.`);
        }
      }
      instance.groupIds = [...new Set(groups)];
    }
    return {};
  });

export const instanceHandlers = {
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  DescribeInstanceStatus: describeInstanceStatus,
  StartInstances: stateChange('StartingInstances', startInstance),
  StopInstances: stateChange('StoppingInstances', stopInstance),
  TerminateInstances: stateChange('TerminatingInstances', terminateInstance),
  RebootInstances: rebootInstances,
  ModifyInstanceAttribute: modifyInstanceAttribute,
};
