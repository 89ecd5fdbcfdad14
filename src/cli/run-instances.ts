/**
 * `ec2 run-instances`' network shortcuts (the AWS CLI's runinstances.py): `--secondary-private-ip-addresses`,
 * `--secondary-private-ip-address-count` and `--associate-public-ip-address` / `--no-…` fill the first
 * network interface (`NetworkInterfaces[0]`, device 0) without writing the structure out. Once that
 * interface holds any of them, the instance-level `SubnetId`, `SecurityGroupIds`, `PrivateIpAddress` and
 * `Ipv6AddressCount` move into it too, because EC2 refuses them beside a network interface. As in the CLI,
 * a `--private-ip-address` then becomes the interface's only address, replacing the secondary ones.
 * Also `--count` (addcount.py), which replaces `--min-count` and `--max-count` (default 1).
 */
import type { CliArg } from './command-args.js';
import { customArg, isTruthy, type CommandCustomization } from './command-args.js';
import { ArgumentError } from './usage.js';

/**
 * `--count` (addcount.py) in place of `--min-count` and `--max-count`, then the shortcuts, as the CLI's
 * table has them. The pair has a destination each, as in the CLI: given both, `--no-…` is applied last
 * and wins.
 */
export const runInstances: CommandCustomization = {
  arguments(args) {
    removeWhere(args, (a) => a.name === 'min-count' || a.name === 'max-count');
    const arg = (a: Parameters<typeof customArg>[1]) => args.push(customArg(runInstances, a));
    arg({ name: 'count', nargs: 'one', doc: COUNT_DOC });
    arg({ name: 'secondary-private-ip-addresses', nargs: 'many', doc: ADDRESSES_DOC });
    arg({ name: 'secondary-private-ip-address-count', nargs: 'one', parseType: 'int', doc: ADDRESS_COUNT_DOC });
    arg({ name: 'associate-public-ip-address', nargs: 'flag', flagValue: true, doc: PUBLIC_ADDRESS_DOC });
    arg({ name: 'no-associate-public-ip-address', nargs: 'flag', flagValue: false, doc: PUBLIC_ADDRESS_DOC });
  },
  check: checkRunInstancesArgs,
  fill(params, arg, value) {
    if (arg.name === 'count') Object.assign(params, parseCount(value as string));
    else addNetworkInterfaceArg(params, arg.name, value);
  },
  finish(params) {
    params.MinCount ??= 1;
    params.MaxCount ??= 1;
    moveIntoNetworkInterface(params);
  },
};

const COUNT_DOC = 'Number of instances to launch: a single number, or min:max (e.g. 1 or 1:10).';
const ADDRESSES_DOC =
  'A secondary private IP address of the instance in a VPC; give several to assign several. To have addresses assigned for you, use --secondary-private-ip-address-count.';
const ADDRESS_COUNT_DOC = 'How many secondary private IP addresses to assign the instance in a VPC.';
const PUBLIC_ADDRESS_DOC = 'Whether the new instance in a VPC gets a public IP address.';

function removeWhere(list: CliArg[], predicate: (item: CliArg) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (predicate(list[i]!)) list.splice(i, 1);
}

/** `--count 2` or `--count 1:5`: MinCount and MaxCount. */
function parseCount(value: string): { MinCount: number; MaxCount: number } {
  const [min, max = min, ...rest] = value.split(':');
  if (rest.length || !/^\s*[+-]?\d+\s*$/.test(min!) || !/^\s*[+-]?\d+\s*$/.test(max!)) {
    throw new ArgumentError('count parameter should be of form min[:max] (e.g. 1 or 1:10)');
  }
  return { MinCount: Number(min), MaxCount: Number(max) };
}

/** The shortcuts the CLI checks against `--network-interfaces` (not `--no-associate-public-ip-address`). */
const CHECKED = ['secondary-private-ip-addresses', 'secondary-private-ip-address-count', 'associate-public-ip-address'];

/**
 * The CLI refuses a shortcut beside `--network-interfaces`, checking truth as Python does: an empty list,
 * a count of 0 and `--no-associate-public-ip-address` pass.
 */
function checkRunInstancesArgs(values: ReadonlyMap<string, unknown>): void {
  if (!values.get('network-interfaces')) return;
  if (CHECKED.some((dest) => isTruthy(values.get(dest))))
    throw new ArgumentError('Mixing the --network-interfaces option with the simple, scalar options is not supported.');
}

/** One shortcut's value into `NetworkInterfaces[0]`; values Python counts as false add nothing. */
function addNetworkInterfaceArg(params: Record<string, unknown>, name: string, value: unknown): void {
  switch (name) {
    case 'secondary-private-ip-addresses': {
      const addresses = value as string[];
      if (!addresses.length) return;
      const interface0 = firstInterface(params);
      interface0.PrivateIpAddresses ??= addresses.map((PrivateIpAddress) => ({ PrivateIpAddress, Primary: false }));
      return;
    }
    case 'secondary-private-ip-address-count':
      if (value) firstInterface(params).SecondaryPrivateIpAddressCount = value;
      return;
    default:
      firstInterface(params).AssociatePublicIpAddress = value;
  }
}

function firstInterface(params: Record<string, unknown>): Record<string, unknown> {
  const interfaces = (params.NetworkInterfaces ??= [{ DeviceIndex: 0 }]) as Array<Record<string, unknown>>;
  return interfaces[0]!;
}

const INTERFACE_ONLY = ['PrivateIpAddresses', 'SecondaryPrivateIpAddressCount', 'AssociatePublicIpAddress'];

/**
 * Before the request is built (after `--cli-input-json` too): the instance-level network members move into
 * a first network interface that holds an interface-only member, as the CLI's `_fix_args` moves them.
 */
function moveIntoNetworkInterface(params: Record<string, unknown>): void {
  const interface0 = (params.NetworkInterfaces as Array<Record<string, unknown>> | undefined)?.[0];
  if (!interface0 || !INTERFACE_ONLY.some((member) => member in interface0)) return;
  if ('SubnetId' in params) {
    interface0.SubnetId = params.SubnetId;
    delete params.SubnetId;
  }
  if ('SecurityGroupIds' in params) {
    interface0.Groups = params.SecurityGroupIds;
    delete params.SecurityGroupIds;
  }
  if ('PrivateIpAddress' in params) {
    interface0.PrivateIpAddresses = [{ PrivateIpAddress: params.PrivateIpAddress, Primary: true }];
    delete params.PrivateIpAddress;
  }
  if ('Ipv6AddressCount' in params) {
    interface0.Ipv6AddressCount = params.Ipv6AddressCount;
    delete params.Ipv6AddressCount;
  }
}
