/**
 * One security-group rule without JSON (the AWS CLI's secgroupsimplify.py): `ec2 authorize|revoke-
 * security-group-ingress|egress` take `--protocol`, `--port`, `--cidr`, `--source-group` and
 * `--group-owner`, which build `IpPermissions[0]`; the model's scalar arguments they replace stay
 * accepted but undocumented, and none may be given beside `--ip-permissions`.
 */
import { customArg, isTruthy, type CommandCustomization } from './command-args.js';
import { ArgumentError } from './usage.js';

const REPLACED = [
  'ip-protocol',
  'from-port',
  'to-port',
  'cidr-ip',
  'source-security-group-name',
  'source-security-group-owner-id',
];

/** The options, in the CLI's order (which its check against --ip-permissions follows). */
const OPTIONS = ['protocol', 'port', 'cidr', 'source-group', 'group-owner'];

const DOC =
  'One rule of the security group (with --protocol, --port, --cidr, --source-group, --group-owner); use --ip-permissions for several.';

export const securityGroupRule: CommandCustomization = {
  arguments(args) {
    for (const a of args) if (REPLACED.includes(a.name)) a.hidden = true;
    for (const name of OPTIONS) args.push(customArg(securityGroupRule, { name, nargs: 'one', doc: DOC }));
  },
  // Checked as soon as the command line is read, with Python's truth: an empty value is not given.
  check(values) {
    if (!isTruthy(values.get('ip-permissions'))) return;
    const used = OPTIONS.find((name) => isTruthy(values.get(name)));
    if (used) throw new ArgumentError(`The --${used} option is not compatible with the --ip-permissions option `);
  },
  fill: (params, arg, value) => addIpPermission(params, arg.name, value as string),
};

/** One option's value into `IpPermissions[0]`; an empty value adds nothing. */
function addIpPermission(params: Record<string, unknown>, name: string, value: string): void {
  if (!value) return;
  const permission = ((params.IpPermissions ??= [{}]) as Array<Record<string, unknown>>)[0]!;
  const pair = () => ((permission.UserIdGroupPairs ??= [{}]) as Array<Record<string, unknown>>)[0]!;
  switch (name) {
    case 'protocol': {
      if (/^[+-]?\d+$/.test(value.trim())) {
        const n = Number(value);
        if ((n < 0 || n > 255) && n !== -1)
          throw new ArgumentError('protocol numbers must be in the range 0-255 or -1 to specify all protocols');
      } else if (!['tcp', 'udp', 'icmp', 'all'].includes(value)) {
        throw new ArgumentError('protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.');
      }
      permission.IpProtocol = value === 'all' ? '-1' : value;
      break;
    }
    case 'port': {
      const [from, to] =
        value === '-1' || value === 'all'
          ? ['-1', '-1']
          : value.includes('-')
            ? [value.slice(0, value.indexOf('-')), value.slice(value.indexOf('-') + 1)]
            : [value, value];
      if (!/^\s*[+-]?\d+\s*$/.test(from!) || !/^\s*[+-]?\d+\s*$/.test(to!)) {
        throw new ArgumentError('port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)');
      }
      permission.FromPort = Number(from);
      permission.ToPort = Number(to);
      break;
    }
    case 'cidr':
      permission.IpRanges = [{ CidrIp: value }];
      break;
    case 'source-group':
      pair()[value.startsWith('sg-') ? 'GroupId' : 'GroupName'] = value;
      break;
    default:
      pair().UserId = value;
  }
}
