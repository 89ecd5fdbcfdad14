/**
 * The AWS CLI's customizations that change what a command line sends, argv → call without HTTP (the
 * list of them and where each stands is issue 20's).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { parseCommandLine } from '../../src/cli/main.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

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

describe('toplevelbool: EC2 {Value: boolean} members are a --x [VALUE] / --no-x pair', () => {
  const base = ['ec2', 'modify-instance-attribute', '--instance-id', 'i-1'];

  it.each([
    [['--ebs-optimized'], { EbsOptimized: { Value: true } }],
    [['--no-ebs-optimized'], { EbsOptimized: { Value: false } }],
    [['--ebs-optimized', 'Value=false'], { EbsOptimized: { Value: false } }],
    [['--source-dest-check'], { SourceDestCheck: { Value: true } }],
    // argrename.py's --enable-api-termination is run-instances'; here the pair keeps its own names.
    [['--no-disable-api-termination'], { DisableApiTermination: { Value: false } }],
    [['--disable-api-termination'], { DisableApiTermination: { Value: true } }],
  ])('%j sends %j, as AWS CLI v2 sends it', async (args, expected) => {
    expect(await params([...base, ...args])).toEqual({ InstanceId: 'i-1', ...expected });
  });

  it('refuses both at once with the CLI’s words and exit 252', async () => {
    const err = await parseCommandLine([...base, '--ebs-optimized', '--no-ebs-optimized'], host()).catch(
      (e: Error) => e,
    );
    expect((err as Error).message).toBe(
      'Cannot specify both the "--ebs-optimized" option and the "--no-ebs-optimized" option.',
    );
  });
});

describe('the EC2 page-size injector: unqualified describe-snapshots and describe-volumes ask for pages of 1,000', () => {
  async function pageSize(argv: string[]) {
    const parsed = await parseCommandLine(['ec2', ...argv], host());
    return parsed.prepared.kind === 'call' ? parsed.prepared.paging.pageSize : 'not a call';
  }

  // Each row is what AWS CLI v2 2.9.19 sent for the same line (MaxResults in its request, seen with --debug).
  it.each([
    [['describe-snapshots'], 1000],
    [['describe-snapshots', '--owner-ids', 'self'], 1000],
    [['describe-snapshots', '--restorable-by-user-ids', '1'], 1000],
    [['describe-snapshots', '--dry-run'], 1000],
    [['describe-snapshots', '--max-items', '5'], 1000],
    [['describe-snapshots', '--page-size', '7'], 7],
    [['describe-snapshots', '--snapshot-ids', 'snap-1'], undefined],
    [['describe-snapshots', '--filters', 'Name=status,Values=completed'], undefined],
    [['describe-volumes'], 1000],
    [['describe-volumes', '--dry-run'], 1000],
    [['describe-volumes', '--volume-ids', 'v-1'], undefined],
    [['describe-volumes', '--filters', 'Name=size,Values=8'], undefined],
    [['describe-instances'], undefined],
    [['describe-tags'], undefined],
  ])('%j → %j', async (argv, expected) => {
    expect(await pageSize(argv)).toBe(expected);
  });

  it('leaves --no-paginate alone', async () => {
    const parsed = await parseCommandLine(['ec2', 'describe-snapshots', '--no-paginate'], host());
    expect(parsed.prepared.kind === 'call' && parsed.prepared.params).toEqual({});
    expect(parsed.prepared.kind === 'call' && parsed.prepared.paginate).toBe(false);
  });
});

describe('runinstances: network shortcuts of ec2 run-instances fill the first network interface', () => {
  const base = ['ec2', 'run-instances', '--image-id', 'ami-1'];
  // Each expectation is what AWS CLI v2 2.9.19 sent for the same line (its --debug request body).
  it.each([
    [
      'secondary addresses move the subnet and groups into the interface',
      ['--subnet-id', 'subnet-1', '--secondary-private-ip-addresses', '10.0.0.6', '10.0.0.7'],
      ['--security-group-ids', 'sg-1', 'sg-2'],
      {
        NetworkInterfaces: [
          {
            DeviceIndex: 0,
            PrivateIpAddresses: [
              { PrivateIpAddress: '10.0.0.6', Primary: false },
              { PrivateIpAddress: '10.0.0.7', Primary: false },
            ],
            SubnetId: 'subnet-1',
            Groups: ['sg-1', 'sg-2'],
          },
        ],
      },
    ],
    [
      'a private address replaces the secondary ones, as the CLI replaces them',
      ['--subnet-id', 'subnet-1', '--secondary-private-ip-addresses', '10.0.0.6', '--private-ip-address', '10.0.0.5'],
      ['--secondary-private-ip-address-count', '2', '--associate-public-ip-address', '--ipv6-address-count', '1'],
      {
        NetworkInterfaces: [
          {
            DeviceIndex: 0,
            PrivateIpAddresses: [{ PrivateIpAddress: '10.0.0.5', Primary: true }],
            SecondaryPrivateIpAddressCount: 2,
            AssociatePublicIpAddress: true,
            SubnetId: 'subnet-1',
            Ipv6AddressCount: 1,
          },
        ],
      },
    ],
    [
      'given both, --no-associate-public-ip-address wins',
      ['--associate-public-ip-address'],
      ['--no-associate-public-ip-address'],
      { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false }] },
    ],
    [
      'without a shortcut, the subnet and address stay on the instance',
      ['--subnet-id', 'subnet-1'],
      ['--private-ip-address', '10.0.0.5'],
      { SubnetId: 'subnet-1', PrivateIpAddress: '10.0.0.5' },
    ],
    [
      'an interface given in full with addresses takes the subnet too',
      ['--network-interfaces', 'DeviceIndex=0,PrivateIpAddresses=[{PrivateIpAddress=10.1.1.1}]'],
      ['--subnet-id', 'subnet-9'],
      {
        NetworkInterfaces: [
          { DeviceIndex: 0, PrivateIpAddresses: [{ PrivateIpAddress: '10.1.1.1' }], SubnetId: 'subnet-9' },
        ],
      },
    ],
    [
      '--no-associate-public-ip-address may go with --network-interfaces',
      ['--network-interfaces', 'DeviceIndex=0'],
      ['--no-associate-public-ip-address'],
      { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false }] },
    ],
  ])('%s', async (_name, first, second, expected) => {
    expect(await params([...base, ...first, ...second])).toEqual({
      ImageId: 'ami-1',
      ...expected,
      MinCount: 1,
      MaxCount: 1,
    });
  });

  it('refuses a shortcut beside --network-interfaces with the CLI’s words and exit 252', async () => {
    const h = host();
    const argv = [...base, '--network-interfaces', 'DeviceIndex=0', '--secondary-private-ip-address-count', '2'];
    expect(await runCli(argv, h)).toBe(252);
    expect(h.err.join('')).toBe(
      '\nMixing the --network-interfaces option with the simple, scalar options is not supported.\n',
    );
  });

  it('takes a whole number of secondary addresses', async () => {
    const h = host();
    expect(await runCli([...base, '--secondary-private-ip-address-count', 'x'], h)).toBe(252);
    expect(h.err.join('')).toContain("argument --secondary-private-ip-address-count: invalid int value: 'x'");
  });

  it('lists the shortcuts in help after --count, as the CLI does', async () => {
    const h = host();
    expect(await runCli(['ec2', 'run-instances', 'help'], h)).toBe(0);
    expect(h.out.join('')).toContain(
      [
        '          [--count <value>]',
        '          [--secondary-private-ip-addresses <value>]',
        '          [--secondary-private-ip-address-count <value>]',
        '          [--associate-public-ip-address | --no-associate-public-ip-address]',
      ].join('\n'),
    );
  });
});

describe('remove_accid_host_prefix_from_model: S3 Control names the account in the host once', () => {
  it('sends get-public-access-block to <account>.s3-control.<region>, as AWS CLI v2 does', async () => {
    const h = createMemoryHost(
      () =>
        reply(
          200,
          '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>',
          { 'content-type': 'application/xml' },
        ),
      { env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' } },
    );
    expect(await runCli(['s3control', 'get-public-access-block', '--account-id', '123456789012'], h)).toBe(0);
    expect(h.requests[0]!.url).toBe(
      'https://123456789012.s3-control.us-east-1.amazonaws.com/v20180820/configuration/publicAccessBlock',
    );
  });
});

describe('streamingoutputarg: a blob payload is written to the outfile positional', () => {
  it('lambda invoke writes the function’s answer to the file and prints the rest, as AWS CLI v2 does', async () => {
    const h = createMemoryHost(
      () =>
        reply(200, '{"hello": "world", "n": 1}', {
          'content-type': 'application/json',
          'x-amz-executed-version': '$LATEST',
        }),
      { env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' } },
    );
    const argv = ['lambda', 'invoke', '--function-name', 'f', '--payload', 'eyJhIjoxfQ==', '/out.json'];
    expect(await runCli(argv, h)).toBe(0);
    expect(h.out.join('')).toBe('{\n    "StatusCode": 200,\n    "ExecutedVersion": "$LATEST"\n}\n');
    expect(new TextDecoder().decode(await h.fs.readFile('/out.json'))).toBe('{"hello": "world", "n": 1}');
    expect(new TextDecoder().decode(h.requests[0]!.body as Uint8Array)).toBe('{"a":1}');
  });

  it('requires the outfile, as the CLI does', async () => {
    const h = host();
    expect(await runCli(['lambda', 'invoke', '--function-name', 'f'], h)).toBe(252);
    expect(h.err.join('')).toContain('the following arguments are required: outfile');
  });
});

describe('globalargs: an --endpoint-url needs a scheme', () => {
  it('refuses one without, before any request, in the current CLI’s words (exit 252)', async () => {
    const h = host();
    expect(await runCli(['--endpoint-url', 'example.com', 'sts', 'get-caller-identity'], h)).toBe(252);
    expect(h.err.join('')).toBe(
      '\nBad value for --endpoint-url "example.com": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/\n',
    );
  });

  it('lets localhost:9 through, to fail as an invalid endpoint (exit 255), as AWS CLI v2 does', async () => {
    const h = createMemoryHost(() => reply(500), {
      env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    });
    expect(await runCli(['--endpoint-url', 'localhost:9', 'sts', 'get-caller-identity'], h)).toBe(255);
    expect(h.err.join('')).toBe('\nInvalid endpoint: localhost:9\n');
    expect(h.requests).toHaveLength(0);
  });
});

describe('removals: operations the AWS CLI has no command for', () => {
  it('refuses ses verify-email-address as the CLI does, an invalid choice (exit 252)', async () => {
    const h = host();
    expect(await runCli(['ses', 'verify-email-address', '--email-address', 'a@example.com'], h)).toBe(252);
    const err = h.err.join('');
    expect(err).toContain('argument operation: Invalid choice, valid choices are:');
    expect(err).toContain('verify-email-identity');
    expect(err).not.toContain('verify-email-address ');
  });

  it('leaves them out of help and completion, event-stream ones included', async () => {
    const h = host();
    expect(await runCli(['bedrock-runtime', 'help'], h)).toBe(0);
    expect(h.out.join('')).toContain('       o converse\n');
    expect(h.out.join('')).not.toContain('o converse-stream');
    const { complete } = await import('../../src/cli/completer.js');
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const line = 'isoaws lambda invoke';
    const words = await complete(line, line.length, host(), { commands: COMMANDS });
    expect(words).toContain('invoke');
    expect(words).not.toContain('invoke-with-response-stream');
  });
});

describe('argrename: the newer renames', () => {
  it('gives glue’s Region member --resource-region, leaving --region the global one', async () => {
    const h = createMemoryHost(() => reply(200, '{}', { 'content-type': 'application/x-amz-json-1.1' }), {
      env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    });
    const argv = ['glue', 'get-unfiltered-table-metadata', '--catalog-id', '123456789012', '--database-name', 'db'];
    argv.push('--name', 't', '--supported-permission-types', 'COLUMN_PERMISSION');
    expect(await runCli([...argv, '--resource-region', 'eu-west-1', '--region', 'us-west-2'], h)).toBe(0);
    expect(h.requests[0]!.url).toBe('https://glue.us-west-2.amazonaws.com/');
    expect(JSON.parse(new TextDecoder().decode(h.requests[0]!.body as Uint8Array)).Region).toBe('eu-west-1');
  });

  it('names controltower’s landing zone version --landing-zone-version', async () => {
    expect(
      await params(['controltower', 'create-landing-zone', '--landing-zone-version', '3.3', '--manifest', '{}']),
    ).toMatchObject({ version: '3.3' });
  });
});
