/**
 * `ec2 run-instances`' network shortcuts (the AWS CLI's runinstances.py): `--secondary-private-ip-addresses`,
 * `--secondary-private-ip-address-count` and `--associate-public-ip-address` / `--no-…` fill the first
 * network interface (`NetworkInterfaces[0]`, device 0) without writing the structure out. Once that
 * interface holds any of them, the instance-level `SubnetId`, `SecurityGroupIds`, `PrivateIpAddress` and
 * `Ipv6AddressCount` move into it too, because EC2 refuses them beside a network interface. As in the CLI,
 * a `--private-ip-address` then becomes the interface's only address, replacing the secondary ones.
 */
import { ArgumentError } from './usage.js';

/** The shortcuts, after the model's arguments (where the CLI's argument table has them). */
/**
 * The shortcuts, for the argument table (arg-table.ts), which puts them after `--count` as the CLI's table
 * has them. The pair has a destination each, as in the CLI: given both, `--no-…` is applied last and wins.
 */
export const RUN_INSTANCES_SHORTCUTS: ReadonlyArray<{
  name: string;
  nargs: 'one' | 'many' | 'flag';
  parseType?: 'int';
  flagValue?: boolean;
}> = [
  { name: 'secondary-private-ip-addresses', nargs: 'many' },
  { name: 'secondary-private-ip-address-count', nargs: 'one', parseType: 'int' },
  { name: 'associate-public-ip-address', nargs: 'flag', flagValue: true },
  { name: 'no-associate-public-ip-address', nargs: 'flag', flagValue: false },
];

/** The shortcuts the CLI checks against `--network-interfaces` (not `--no-associate-public-ip-address`). */
const CHECKED = ['secondary-private-ip-addresses', 'secondary-private-ip-address-count', 'associate-public-ip-address'];

/**
 * The CLI refuses a shortcut beside `--network-interfaces`, checking truth as Python does: an empty list,
 * a count of 0 and `--no-associate-public-ip-address` pass.
 */
export function checkRunInstancesArgs(values: ReadonlyMap<string, unknown>): void {
  if (!values.get('network-interfaces')) return;
  if (CHECKED.some((dest) => isTruthy(values.get(dest))))
    throw new ArgumentError('Mixing the --network-interfaces option with the simple, scalar options is not supported.');
}

function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/** One shortcut's value into `NetworkInterfaces[0]`; values Python counts as false add nothing. */
export function addNetworkInterfaceArg(params: Record<string, unknown>, name: string, value: unknown): void {
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
export function moveIntoNetworkInterface(params: Record<string, unknown>): void {
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
