/**
 * `ec2 create-network-acl-entry` and `replace-network-acl-entry` take `--protocol tcp|udp|icmp|all`,
 * which the AWS CLI sends as the protocol's number (its protocolarg.py): the API itself wants `6`, `17`,
 * `1` or `-1`. Any other value (a number already) goes as typed.
 */
const NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', all: '-1' };

const OPERATIONS = new Set(['ec2.CreateNetworkAclEntry', 'ec2.ReplaceNetworkAclEntry']);

export function protocolArgument(cliService: string, operation: string, member: string, value: unknown): unknown {
  if (member !== 'Protocol' || !OPERATIONS.has(`${cliService}.${operation}`) || typeof value !== 'string') return value;
  return Object.hasOwn(NUMBERS, value) ? NUMBERS[value] : value;
}
