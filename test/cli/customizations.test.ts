/**
 * The AWS CLI's customizations that change what a command line sends, argv → call without HTTP (the
 * list of them and where each stands is issue 20's).
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/main.js';
import { createMemoryHost } from '../support/memory-host.js';

const host = () =>
  createMemoryHost(
    () => {
      throw new Error('no request is sent while parsing');
    },
    { env: { AWS_DEFAULT_REGION: 'us-east-1' } },
  );

async function params(argv: string[]) {
  const parsed = await parseCommandLine(argv, host());
  return parsed.prepared.kind === 'call' ? parsed.prepared.params : undefined;
}

const ENTRY = ['--network-acl-id', 'acl-5fb85d36', '--ingress', '--rule-number', '100', '--rule-action', 'allow'];

describe('protocolarg: network ACL entries take protocol names', () => {
  it.each([
    ['tcp', '6'],
    ['udp', '17'],
    ['icmp', '1'],
    ['all', '-1'],
    ['6', '6'],
    ['50', '50'],
  ])('--protocol %s is sent as %s', async (name, number) => {
    for (const command of ['create-network-acl-entry', 'replace-network-acl-entry'])
      expect(await params(['ec2', command, ...ENTRY, '--protocol', name, '--cidr-block', '0.0.0.0/0'])).toMatchObject({
        Protocol: number,
      });
  });

  it('leaves other operations’ protocol arguments alone', async () => {
    expect(
      await params([
        'ec2',
        'authorize-security-group-ingress',
        '--group-id',
        'sg-1',
        '--protocol',
        'tcp',
        '--port',
        '22',
      ]),
    ).toMatchObject({ IpPermissions: [{ IpProtocol: 'tcp' }] });
  });
});
