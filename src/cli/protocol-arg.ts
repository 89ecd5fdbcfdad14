/**
 * `ec2 create-network-acl-entry` and `replace-network-acl-entry` take `--protocol tcp|udp|icmp|all`,
 * which the AWS CLI sends as the protocol's number (its protocolarg.py): the API itself wants `6`, `17`,
 * `1` or `-1`. Any other value (a number already) goes as typed.
 */
import type { CommandCustomization } from './command-args.js';

const NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', all: '-1' };

export const protocolNumbers: CommandCustomization = {
  member(arg, value) {
    if (arg.member !== 'Protocol' || typeof value !== 'string') return value;
    return Object.hasOwn(NUMBERS, value) ? NUMBERS[value] : value;
  },
};
