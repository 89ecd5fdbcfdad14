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

describe('secgroupsimplify: one security-group rule from plain options', () => {
  const base = ['ec2', 'authorize-security-group-ingress', '--group-id', 'sg-1'];

  it.each([
    [
      ['--protocol', 'tcp', '--port', '22-25', '--cidr', '10.0.0.0/8'],
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 25, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    ],
    [['--protocol', 'all', '--port', 'all'], { IpProtocol: '-1', FromPort: -1, ToPort: -1 }],
    [
      ['--source-group', 'sg-2', '--group-owner', '111122223333'],
      { UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '111122223333' }] },
    ],
    [['--source-group', 'web'], { UserIdGroupPairs: [{ GroupName: 'web' }] }],
  ])('%j builds IpPermissions[0]', async (argv, permission) => {
    expect(await params([...base, ...argv])).toEqual({ GroupId: 'sg-1', IpPermissions: [permission] });
  });

  it('refuses an option beside --ip-permissions before reading any value, as the CLI checks the parsed arguments (exit 252)', async () => {
    const h = host();
    const rule = ['--ip-permissions', 'IpProtocol=tcp,FromPort=22,ToPort=22'];
    // --protocol bogus would be refused too, but the check against --ip-permissions comes first.
    expect(await runCli([...base, '--protocol', 'bogus', ...rule], h)).toBe(252);
    expect(h.err.join('')).toBe('\nThe --protocol option is not compatible with the --ip-permissions option \n');
    // An empty value is not given (Python's truth), and adds nothing.
    expect(await params([...base, '--port', '', ...rule])).toEqual({
      GroupId: 'sg-1',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }],
    });
  });

  it.each([
    [['--protocol', 'sctp'], 'protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.'],
    [['--protocol', '256'], 'protocol numbers must be in the range 0-255 or -1 to specify all protocols'],
    [['--port', '22-x'], 'port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)'],
  ])('refuses %j with the CLI’s words (exit 252)', async (argv, message) => {
    const h = host();
    expect(await runCli([...base, ...argv], h)).toBe(252);
    expect(h.err.join('')).toBe(`\n${message}\n`);
  });
});

describe('bundleinstance: ec2 bundle-instance from plain options', () => {
  const base = ['ec2', 'bundle-instance', '--instance-id', 'i-1'];
  const at = new Date('2026-12-05T12:00:00.123Z');
  const prepared = async (argv: string[]) => {
    const h = createMemoryHost(
      () => {
        throw new Error('no request is sent while parsing');
      },
      { env: { AWS_DEFAULT_REGION: 'us-east-1' }, now: at },
    );
    const parsed = await parseCommandLine([...base, ...argv], h);
    return parsed.prepared.kind === 'call' ? parsed.prepared.params : undefined;
  };

  it('writes the 24-hour upload policy and signs it with --owner-sak, which is not sent (bytes from AWS CLI v2 2.9.19)', async () => {
    const options = ['--bucket', 'mybucket', '--prefix', 'winami', '--owner-akid', 'AKIDEXAMPLE'];
    const { Storage } = (await prepared([...options, '--owner-sak', 'secretkey'])) as {
      Storage: { S3: Record<string, unknown> };
    };
    // bundleinstance._check_params at 2026-12-05T12:00:00.123000 (datetime.utcnow patched), as v2 runs it.
    expect({ ...Storage.S3, UploadPolicy: new TextDecoder().decode(Storage.S3.UploadPolicy as Uint8Array) }).toEqual({
      Bucket: 'mybucket',
      Prefix: 'winami',
      AWSAccessKeyId: 'AKIDEXAMPLE',
      UploadPolicy:
        '{"expiration": "2026-12-06T12:00:00.123000Z","conditions": [{"bucket": "mybucket"},{"acl": "ec2-bundle-read"},["starts-with", "$key", "winami"]]}',
      UploadPolicySignature: 'kghEW8XnxbtfLhWv7n5Y/UrqZMc=',
    });
    // Without the secret the policy goes unsigned.
    expect(((await prepared(options)) as { Storage: { S3: object } }).Storage.S3).not.toHaveProperty(
      'UploadPolicySignature',
    );
  });

  it('signs a --policy given as base64 over its decoded bytes, as v2 decodes blobs first', async () => {
    const policy = btoa('{"expiration": "2030-01-01T00:00:00.000000Z"}');
    const { Storage } = (await prepared([
      '--bucket',
      'b',
      '--prefix',
      'p',
      '--owner-sak',
      'secretkey',
      '--policy',
      policy,
    ])) as {
      Storage: { S3: Record<string, unknown> };
    };
    expect(new TextDecoder().decode(Storage.S3.UploadPolicy as Uint8Array)).toBe(
      '{"expiration": "2030-01-01T00:00:00.000000Z"}',
    );
    // base64(HMAC-SHA1("secretkey", base64(policy))), as v2 computes it.
    expect(Storage.S3.UploadPolicySignature).toBe('1UdBANFf9sJLBdCmRTZK/AqZhbk=');
  });

  it.each([
    [
      ['--storage', 'S3={Bucket=b}', '--prefix', 'p'],
      252,
      'Mixing the --storage option with the simple, scalar options is not recommended.',
    ],
    [[], 255, 'ec2 bundle-instance needs a place to store the bundle: --bucket and --prefix, or --storage'],
    [
      ['--bucket', 'b'],
      255,
      'To write the upload policy, ec2 bundle-instance needs --bucket and --prefix (or --policy)',
    ],
  ])('refuses %j (exit %i)', async (argv, code, message) => {
    const h = host();
    expect(await runCli([...base, ...argv], h)).toBe(code);
    expect(h.err.join('')).toBe(`\n${message}\n`);
  });
});

describe('rds: modify-option-group split into add-option-to-option-group and remove-option-from-option-group', () => {
  it('sends ModifyOptionGroup with --options as the one list each command takes', async () => {
    const add = await parseCommandLine(
      ['rds', 'add-option-to-option-group', '--option-group-name', 'og1', '--options', 'OptionName=MEMCACHED'],
      host(),
    );
    expect(add.operation).toBe('ModifyOptionGroup');
    expect(add.prepared).toMatchObject({
      params: { OptionGroupName: 'og1', OptionsToInclude: [{ OptionName: 'MEMCACHED' }] },
    });
    expect(
      await params(['rds', 'remove-option-from-option-group', '--option-group-name', 'og1', '--options', 'TDE', 'X']),
    ).toEqual({ OptionGroupName: 'og1', OptionsToRemove: ['TDE', 'X'] });
  });

  it('takes neither list under its own name, and has no modify-option-group', async () => {
    const h = host();
    const argv = ['rds', 'remove-option-from-option-group', '--option-group-name', 'og1', '--options', 'TDE'];
    expect(await runCli([...argv, '--options-to-include', 'OptionName=X'], h)).toBe(252);
    expect(h.err.join('')).toContain('Unknown options: --options-to-include, OptionName=X');
    const gone = host();
    expect(await runCli(['rds', 'modify-option-group', '--option-group-name', 'og1'], gone)).toBe(252);
    expect(gone.err.join('')).toContain("Invalid choice: 'modify-option-group'");
  });
});

describe('signin and cloudwatch: renamed commands keep their old names, hidden', () => {
  it.each([
    ['signin', 'create-oauth2-token', 'create-o-auth2-token', 'CreateOAuth2Token'],
    ['cloudwatch', 'get-otel-enrichment', 'get-o-tel-enrichment', 'GetOTelEnrichment'],
  ])('%s %s is listed and runs; %s runs too but is not listed', async (service, name, old, operation) => {
    // `help` parses without the operation's required arguments.
    expect((await parseCommandLine([service, name, 'help'], host())).operation).toBe(operation);
    expect((await parseCommandLine([service, old, 'help'], host())).operation).toBe(operation);
    const h = host();
    expect(await runCli([service, 'nope'], h)).toBe(252);
    expect(h.err.join('')).toContain(name);
    expect(h.err.join('')).not.toContain(old);
  });
});

describe('putconfigurationrecorder: the recording group as an argument of its own', () => {
  it('fills ConfigurationRecorder.recordingGroup from --recording-group, beside the recorder in shorthand', async () => {
    expect(
      await params([
        'configservice',
        'put-configuration-recorder',
        '--configuration-recorder',
        'name=default,roleARN=arn:aws:iam::123456789012:role/config',
        '--recording-group',
        'allSupported=true,includeGlobalResourceTypes=true',
      ]),
    ).toEqual({
      ConfigurationRecorder: {
        name: 'default',
        roleARN: 'arn:aws:iam::123456789012:role/config',
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
    });
  });

  it('documents each: the recorder without the group, the group from its member’s text', async () => {
    const h = host();
    expect(await runCli(['configservice', 'put-configuration-recorder', 'help'], h)).toBe(0);
    const page = h.out.join('');
    const recorder = page.slice(page.indexOf('--configuration-recorder (structure)'), page.indexOf('--tags (list)'));
    expect(recorder).not.toContain('recordingGroup');
    expect(page).toContain('--recording-group (structure)\n          Specifies which resource types are in scope');
  });
});

describe('cloudsearch: flattened expression and index-field arguments', () => {
  const field = ['cloudsearch', 'define-index-field', '--domain-name', 'dom1', '--name', 'f'];

  it('define-expression: --name and --expression fill the Expression', async () => {
    expect(
      await params([
        'cloudsearch',
        'define-expression',
        '--domain-name',
        'dom1',
        '--name',
        'p',
        '--expression',
        '_score*2',
      ]),
    ).toEqual({ DomainName: 'dom1', Expression: { ExpressionName: 'p', ExpressionValue: '_score*2' } });
  });

  it.each([
    [
      ['--type', 'int', '--default-value', '5', '--facet-enabled', 'true', '--sort-enabled', 'False'],
      { IntOptions: { DefaultValue: 5, FacetEnabled: true, SortEnabled: false } },
    ],
    [['--type', 'double-array', '--default-value', '1.5'], { DoubleArrayOptions: { DefaultValue: 1.5 } }],
    [['--type', 'latlon', '--search-enabled', 'no'], { LatLonOptions: { SearchEnabled: true } }],
    [
      ['--type', 'text', '--highlight-enabled', 'true', '--analysis-scheme', '_en_default_', '--default-value', '7'],
      { TextOptions: { HighlightEnabled: true, AnalysisScheme: '_en_default_', DefaultValue: '7' } },
    ],
  ])('define-index-field %j: the settings go to the options of its type', async (argv, options) => {
    const { IndexField } = (await params([...field, ...argv])) as { IndexField: Record<string, unknown> };
    expect(IndexField).toEqual({ IndexFieldName: 'f', IndexFieldType: argv[1], ...options });
  });

  it.each([
    [['--default-value', '5'], 252, 'the following arguments are required: --type'],
    [['--type', 'int', '--default-value', 'x'], 255, "invalid literal for int() with base 10: 'x'"],
    [['--type', 'int', '--index-field', 'IndexFieldName=f'], 252, 'Unknown options: --index-field'],
  ])('refuses %j as the CLI does (exit %i)', async (argv, code, message) => {
    const h = host();
    expect(await runCli([...field, ...argv], h)).toBe(code);
    expect(h.err.join('')).toContain(message);
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

describe('decryptpassword: ec2 get-password-data --priv-launch-key shows the password decrypted', () => {
  // Keys from `openssl genrsa -traditional 1024` and `openssl genpkey -algorithm RSA` (PKCS#8); the
  // ciphertexts are `Pa$$w0rd!xyz` from `openssl pkeyutl -encrypt -pkeyopt rsa_padding_mode:pkcs1`. Every
  // expected stdout, stderr and exit code is what AWS CLI 2.9.19 gives for the same answer from EC2.
  const KEY = `-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQDkgFDwSavLQiO4qjC1FMQsIsHOnBmbF8LWo5r2Z4/bGr5Th1BA
Esvk0/+C20iWTYyACa/qGG3VfADU4UAXTnJ/zF/+mU5Gy3R5r44b7cunDpI3jiFw
m3ubDPI5C1iG3Btvf1e1KVea2OUi3GvnyFUrvic7FyomJDx3NZfwKYOFIQIDAQAB
AoGBAInplHBi1qhYI/054yn3/arx022jM6UzAyrPFiFwQhgpHQSHH/18Gsni1k2h
kj79UTaaIi21Tt1R+aKCzU8DzwCFWKCf6FmsHt3JKJftlXKXWmRX7AJNYjIe8MMM
aqJ0heYv4aPe5676XJl9sv85q/CjO9+9ZqyTaKcTBTDb7PjNAkEA9cutvmHuWtd9
uUixVWslFiaredrnoM+4OFojgYVJKJIyIeD4fXnRKhH2F3VmxgOmqQLEWsQ7XqQP
zMB8N3TRXwJBAO381RZu9arqflcdoD85BVjJzq/fgybfOaUdwcUmSmKqiJcwT27y
w6uNhIcdAaEYT9RwQ5lPiyQavzX4T+H+uX8CQD5e3smupAMdJ2P61DTuqUyDp4OW
Tqx5yS9TgCr/nV7UKjB6m9OLM85PHHk7a0bX6lR8xUKbBM2xJ+k29s5DsFUCQCfY
xmDcMTvtyTuS1UrgpDmKiJW/6bivdXpk8hWtZJUCkp4l05bzBLoLlt38iFJNvMgI
B/l6bQSdidhifBWNzccCQE5H7Bm2UNhdQETfQpvBhOQejfkUtnUxpqcEK0Q6a3XZ
y21Gey03sYOZhtGWJfDEpuM87y9WJ0ioZUCEdyNm58o=
-----END RSA PRIVATE KEY-----
`;
  const KEY_PKCS8 = `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBALhHxexALF5lEWwP
L57Xex9BHnWz9QA4FPRun9DG2Vch31cC6OOxdV1WcLhM/t2akwZWf+/BDsZqMLXa
TU8QYF8tcvLF9w6oiJKYzhzL2uwh+tle+iYGUwpM82+jPJcdnts0/ShNVcM2icIR
Pu8dmdEwQaLqWEKKEUQ5FMDrPYjbAgMBAAECgYBRXR8+WHc+llFC7NGRyIJMImxY
e8RI/HoEEnPtsl5z4jjCKj65ibjQJUJPnW9KWN1hhv+l1A+5+1jWcjSAHDLwEp/R
BoBZ6kTgCJVtENGHdsgnfIwm2OqFECDXiQ//w2sFUzwWLcJJtKPtfAYuOe5mV1Wp
7wLivw1usY7O12TTQQJBAOwv4bmBvXeud3wkbY90kYHj6+PO2SV/v7NJoOQ4PHro
lri7ygI1gYMjc5NS2mnc7Wa/693bl7q5dac3x16Dm1cCQQDHvTH5jHUfT1zi3E+P
pVfKoT2zVXQLNWfzAJVCK7LdOEcwuVKZVJDEno4xBqxOIdCyiiBSy+v6cc1OAp/k
LJAdAkEAhpcaiD24nFTdXe7cSB1jNaOOLrkW4NmVgjN47dRmEpwsF4VbrjqTXQl8
uP1D3YO5/Q1s+XZDVnKM6wdMIz3X7QJAWxctc2FbCKxo8A0JO7lsEDz4ppCSG4p/
nZLmfwbuy3SfAtmBkeu/Gew1bKZebkN9qe7UTu4w8EZ2Gt2XjbfFAQJAeTMTaEap
poEHAWehnF0RfnC60M9UCNXVEr+K8a1IJTsVQan1jliph98jQJMVz83nL4sZMJ9s
Khn+/laIMD1qww==
-----END PRIVATE KEY-----
`;
  /** A key pair the password was not encrypted to. */
  const WRONG_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIICWwIBAAKBgQDQwH6o6QBv4nF+D6lYlxv2cAb2n6hHhH5MyNqGTGFoYgiZnncV
BK474ymxmV6+u35xrSBunivb8Xo2ZsgCkUTu8OHOqNqt4Uj6PjtT5VpM23ogix5t
WYg4gFtb2klbCqXHUx1gJtBufsg0eairorOXU2fRspqoyRvPuSw48UNFrwIDAQAB
AoGAITjhb4RVe3jwUv2vF9hErP27Pfi+0VL2vsWgcYsqXXBsqfYcQY4TJJjMg+VC
vNweDX1eEfy+Qiy2JH5LCo2QCKVDVUtzwbYM41xhg0pUccWSO3khBuoBH1VY2aFD
F3qptrSaZCgtJRcmK+vY/6mS9dnu6EpoRf0pkgOsjDfBSVECQQDzb+xx4Y4qi0NK
5Jkur5YDdCe+FOE4HVyhR6++LZXhC2KY3jS/j4VLJblt1YgyJcu2QfpeQDEl7ATQ
9x2gNcMdAkEA24ZXE6b4GoZOs/4IhhM4+pT9+JEuAFSWsXfv/1MTUYhLiXlrc2VN
08gbE47qoSMKYIELFhgv7pk1Dm8h/D0mOwJAVmkRNe9JhoJ+dXQlh7Pd/QXbIZbJ
xyBtA/atREVsIUDoU7j0YlbwipcudfVI7fwKjnxnAdOpXnujzgUZqAfNZQJAKgBD
CsyIbbLCviddhCGLZk45ZWSJk6CbkGrtLUG80X2tTilACL0aLen8XDqc46Wrp5kp
ANox2YnQn+ldbEBa3wJAAQvbzIB/gJ3AvM/sH2gjxPbjOMuAyNiatv897ZB2eCAb
/lD/wpGIjFBQjnR3Xf36rhM52MVN2OLAYnVwh3M57w==
-----END RSA PRIVATE KEY-----
`;
  const ENCRYPTED =
    'rYC3dA0Bk48gh11pi8MDaBO+ZOZNxxlNcs9B88AnRV6uMtwXKEr+Xo0M/s2lH+pFrSAPSrMWakrMnW8gX5/9Dicjzd5Y0xCM0oron76Ls98yHXTgBSFw2DbjnM7elwGbJLA1W9PCNiIPnNGpNekVeUXGwxg+v8/Gj7KIp1SHqd8=';
  const ENCRYPTED_PKCS8 =
    'FvRKO0JdggMdH6jErFQg6c7ogtl4PDQ4Sa4B3ZIjnDi12X0smwmOIJ3zD9aN4KjOXCn/lPGc7AmpCQNDJqVViBfdSbucNDGcUiE1Sl242tsmRuVuEEeTaMP5VW0pbDB9OByaK1DvN+9xg57BbvhxvpaEhGzq11/GuK1ireziSgA=';
  const FILES = {
    '/keys/k.pem': KEY,
    '/keys/p8.pem': KEY_PKCS8,
    '/keys/wrong.pem': WRONG_KEY,
    '/keys/notakey.pem': 'notakey\n',
    // Passphrase-protected (the CLI has no way to take the passphrase).
    '/keys/locked.pem': KEY.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n'),
    '/home/test/k.pem': KEY,
    '/work/k.pem': KEY,
  };
  const answer = (passwordData: string | undefined) =>
    '<GetPasswordDataResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>' +
    '<instanceId>i-1</instanceId><timestamp>2026-01-01T00:00:00.000Z</timestamp>' +
    (passwordData === undefined ? '' : `<passwordData>${passwordData}</passwordData>`) +
    '</GetPasswordDataResponse>';

  async function run(passwordData: string | undefined, args: string[], command = ['ec2', 'get-password-data']) {
    const h = createMemoryHost(() => reply(200, answer(passwordData), { 'content-type': 'text/xml' }), {
      env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', KEYS: '/keys' },
    });
    for (const [path, text] of Object.entries(FILES)) await h.fs.writeFile(path, text);
    h.cwd = '/work';
    const code = await runCli([...command, '--instance-id', 'i-1', ...args], h);
    return { code, out: h.out.join(''), err: h.err.join(''), requests: h.requests };
  }

  // 2.9.19's EC2 model lists PasswordData before Timestamp; the current one (isoaws's, and the current
  // CLI's) after it, and json output follows the model's order.
  const shown = (password: string) =>
    `{\n    "InstanceId": "i-1",\n    "Timestamp": "2026-01-01T00:00:00+00:00",\n    "PasswordData": ${JSON.stringify(password)}\n}\n`;
  const NOT_A_FILE =
    '\npriv-launch-key should be a path to the local SSH private key file used to launch the instance.\n';
  const UNDECRYPTABLE = '\nUnable to decrypt password data using provided private key file.\n';

  it('decrypts with a PKCS#1 key, in json output; the key is not sent', async () => {
    const r = await run(ENCRYPTED, ['--priv-launch-key', '/keys/k.pem']);
    expect(r).toMatchObject({ code: 0, out: shown('Pa$$w0rd!xyz'), err: '' });
    expect(r.requests).toHaveLength(1);
    expect(new TextDecoder().decode(r.requests[0]!.body as Uint8Array)).toBe(
      'Action=GetPasswordData&Version=2016-11-15&InstanceId=i-1',
    );
  });

  it('decrypts with a PKCS#8 key', async () => {
    expect(await run(ENCRYPTED_PKCS8, ['--priv-launch-key', '/keys/p8.pem'])).toMatchObject({
      code: 0,
      out: shown('Pa$$w0rd!xyz'),
    });
  });

  it('shows the password in text output and to --query', async () => {
    expect((await run(ENCRYPTED, ['--priv-launch-key', '/keys/k.pem', '--output', 'text'])).out).toBe(
      'i-1\tPa$$w0rd!xyz\t2026-01-01T00:00:00+00:00\n',
    );
    expect((await run(ENCRYPTED, ['--priv-launch-key', '/keys/k.pem', '--query', 'PasswordData'])).out).toBe(
      '"Pa$$w0rd!xyz"\n',
    );
  });

  it('reads the base64 EC2 wraps in line breaks', async () => {
    expect((await run(`\r\n  ${ENCRYPTED}\r\n`, ['--priv-launch-key', '/keys/k.pem'])).out).toBe(shown('Pa$$w0rd!xyz'));
  });

  it('expands $VAR and ~ in the path, and starts a relative one from the working directory', async () => {
    for (const path of ['$KEYS/k.pem', '${KEYS}/k.pem', '~/k.pem', 'k.pem', './../keys/k.pem'])
      expect(await run(ENCRYPTED, ['--priv-launch-key', path])).toMatchObject({ code: 0, out: shown('Pa$$w0rd!xyz') });
  });

  it('leaves an empty or absent PasswordData as it came (the password is not ready yet)', async () => {
    expect(await run('', ['--priv-launch-key', '/keys/k.pem'])).toMatchObject({ code: 0, out: shown('') });
    expect(await run(undefined, ['--priv-launch-key', '/keys/k.pem'])).toMatchObject({
      code: 0,
      out: '{\n    "InstanceId": "i-1",\n    "Timestamp": "2026-01-01T00:00:00+00:00"\n}\n',
    });
  });

  it('shows the ciphertext without the argument, or with it empty', async () => {
    expect((await run(ENCRYPTED, [])).out).toBe(shown(ENCRYPTED));
    expect(await run(ENCRYPTED, ['--priv-launch-key', ''])).toMatchObject({ code: 0, out: shown(ENCRYPTED) });
  });

  it('refuses a path that is not a file before anything is sent (exit 255)', async () => {
    for (const extra of [[], ['--generate-cli-skeleton'], ['--cli-input-json', '{bad'], ['--dry-run']]) {
      for (const path of ['/keys/missing.pem', '/keys']) {
        const r = await run(ENCRYPTED, ['--priv-launch-key', path, ...extra]);
        expect(r).toMatchObject({ code: 255, out: '', err: NOT_A_FILE });
        expect(r.requests).toHaveLength(0);
      }
    }
  });

  it('fails after the call with one sentence for any key that does not decrypt it (exit 255)', async () => {
    for (const file of ['wrong', 'p8', 'notakey', 'locked']) {
      for (const output of ['json', 'text']) {
        const r = await run(ENCRYPTED, ['--priv-launch-key', `/keys/${file}.pem`, '--output', output]);
        expect(r).toMatchObject({ code: 255, out: '', err: UNDECRYPTABLE });
        expect(r.requests).toHaveLength(1);
      }
    }
  });

  it('fails the same way for a PasswordData that is not base64 of a ciphertext', async () => {
    for (const data of ['abc', 'QUJD', '%%%'])
      expect(await run(data, ['--priv-launch-key', '/keys/k.pem'])).toMatchObject({ code: 255, err: UNDECRYPTABLE });
  });

  it('decrypts the output skeleton’s PasswordData too, which fails, as in the CLI', async () => {
    const r = await run(ENCRYPTED, ['--priv-launch-key', '/keys/k.pem', '--generate-cli-skeleton', 'output']);
    expect(r).toMatchObject({ code: 255, out: '', err: UNDECRYPTABLE });
    expect((await run(ENCRYPTED, ['--generate-cli-skeleton', 'output'])).code).toBe(0);
  });

  it('prints the input skeleton when the key file exists', async () => {
    const r = await run(ENCRYPTED, ['--priv-launch-key', '/keys/k.pem', '--generate-cli-skeleton']);
    expect(r).toMatchObject({ code: 0, out: '{\n    "InstanceId": "",\n    "DryRun": true\n}\n' });
  });

  it('wants a value, and is not an argument of the waiter on the same operation (exit 252)', async () => {
    const bare = await run(ENCRYPTED, ['--priv-launch-key']);
    expect(bare.code).toBe(252);
    expect(bare.err).toContain('aws: error: argument --priv-launch-key: expected one argument');
    const wait = await run(ENCRYPTED, ['--priv-launch-key', '/keys/k.pem'], ['ec2', 'wait', 'password-data-available']);
    expect(wait.code).toBe(252);
    expect(wait.err).toContain('Unknown options: --priv-launch-key, /keys/k.pem');
  });

  it('is in the help, after the model’s arguments', async () => {
    const r = await run(undefined, ['help'], ['ec2', 'get-password-data']);
    expect(r.out).toContain(
      '[--dry-run | --no-dry-run]\n          [--priv-launch-key <value>]\n          [--cli-input-json',
    );
    expect(r.out).toContain('--priv-launch-key (string)');
  });

  it('names the key file under --debug, never the password', async () => {
    const r = await run(ENCRYPTED, ['--priv-launch-key', '/keys/k.pem', '--debug']);
    expect(r.err).toContain('Decrypting password data using: /keys/k.pem');
    expect(r.err).not.toContain('Pa$$w0rd!xyz');
  });
});

describe('awslambda: --zip-file carries the deployment package', () => {
  // A zip archive holding one empty file, as Python's zipfile writes it.
  const ZIP = Buffer.from(
    'UEsDBBQAAAAAAAAAIUgAAAAAAAAAAAAAAAAIAAAAaW5kZXgucHlQSwECFAMUAAAAAAAAACFIAAAAAAAAAAAAAAAACAAAAAAAAAAAAAAAgAEAAAAAaW5kZXgucHlQSwUGAAAAAAEAAQA2AAAAJgAAAAAA',
    'base64',
  );
  const create = ['lambda', 'create-function', '--function-name', 'f', '--runtime', 'python3.12'];
  create.push('--role', 'arn:aws:iam::1:role/r', '--handler', 'index.handler');
  const withFiles = async () => {
    const h = host();
    await h.fs.writeFile('/code.zip', ZIP);
    await h.fs.writeFile('/index.py', 'def handler(e, c): return 1\n');
    return h;
  };

  it('puts a zip archive into Code.ZipFile, beside what --code gives', async () => {
    const parsed = await parseCommandLine(
      [...create, '--code', 'S3ObjectVersion=v1', '--zip-file', 'fileb:///code.zip'],
      await withFiles(),
    );
    const code = (parsed.prepared.kind === 'call' && parsed.prepared.params.Code) as Record<string, unknown>;
    expect(code.S3ObjectVersion).toBe('v1');
    expect(Buffer.from(code.ZipFile as Uint8Array).equals(ZIP)).toBe(true);
    const layer = await parseCommandLine(
      ['lambda', 'publish-layer-version', '--layer-name', 'l', '--zip-file', 'fileb:///code.zip'],
      await withFiles(),
    );
    const content = (layer.prepared.kind === 'call' && layer.prepared.params.Content) as Record<string, unknown>;
    expect(Buffer.from(content.ZipFile as Uint8Array).equals(ZIP)).toBe(true);
  });

  it.each([
    [[...create, '--zip-file', 'file:///index.py']],
    [[...create, '--zip-file', 'fileb:///index.py']],
    [['lambda', 'update-function-code', '--function-name', 'f', '--zip-file', 'fileb:///index.py']],
  ])('refuses what is no zip archive, in the CLI’s words (exit 252): %j', async (argv) => {
    const h = await withFiles();
    expect(await runCli(argv, h)).toBe(252);
    expect(h.err.join('')).toBe(
      '\n--zip-file must be a zip file with the fileb:// prefix.\nExample usage:  --zip-file fileb://path/to/file.zip\n',
    );
  });

  it('refuses ZipFile inside --code, as AWS CLI v2 does', async () => {
    const h = await withFiles();
    expect(await runCli([...create, '--code', 'ZipFile=abc'], h)).toBe(252);
    expect(h.err.join('')).toBe(
      "\nZipFile cannot be provided as part of the --code argument.  Please use the '--zip-file' option instead to specify a zip file.\n",
    );
  });
});

describe('kinesis and cloudsearchdomain', () => {
  it('turns auto-pagination off for kinesis list-streams --exclusive-start-stream-name, and hides it', async () => {
    const h = createMemoryHost(
      () =>
        reply(200, '{"StreamNames":["b"],"HasMoreStreams":true,"NextToken":"t"}', {
          'content-type': 'application/x-amz-json-1.1',
        }),
      { env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' } },
    );
    expect(await runCli(['kinesis', 'list-streams', '--exclusive-start-stream-name', 'a'], h)).toBe(0);
    expect(h.requests).toHaveLength(1);
    expect(JSON.parse(new TextDecoder().decode(h.requests[0]!.body as Uint8Array))).toEqual({
      ExclusiveStartStreamName: 'a',
    });
    const help = host();
    await runCli(['kinesis', 'list-streams', 'help'], help);
    expect(help.out.join('')).not.toContain('--exclusive-start-stream-name');
  });

  it('wants --endpoint-url for cloudsearchdomain, as AWS CLI v2 does (exit 252)', async () => {
    const h = host();
    expect(await runCli(['cloudsearchdomain', 'search', '--search-query', 'x'], h)).toBe(252);
    expect(h.err.join('')).toBe('\n--endpoint-url is required for cloudsearchdomain commands\n');
  });
});

describe('iot: the new certificate and keys saved to files', () => {
  it('writes each part of the result to its file and prints the result as usual', async () => {
    const answer = {
      certificateArn: 'arn:aws:iot:us-east-1:123456789012:cert/c1',
      certificateId: 'c1',
      certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      keyPair: { PublicKey: 'PUBLIC', PrivateKey: 'PRIVATE' },
    };
    const h = createMemoryHost(() => reply(200, JSON.stringify(answer), { 'content-type': 'application/json' }), {
      env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    });
    const argv = ['iot', 'create-keys-and-certificate', '--set-as-active', '--certificate-pem-outfile', '/c.pem'];
    argv.push('--public-key-outfile', '/pub.key', '--private-key-outfile', '/priv.key');
    expect(await runCli(argv, h)).toBe(0);
    const read = async (path: string) => new TextDecoder().decode(await h.fs.readFile(path));
    expect(await read('/c.pem')).toBe(answer.certificatePem);
    expect([await read('/pub.key'), await read('/priv.key')]).toEqual(['PUBLIC', 'PRIVATE']);
    expect(JSON.parse(h.out.join(''))).toEqual(answer);
  });
});

describe('iamvirtmfa: a virtual MFA device’s bootstrap data goes to a file', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x01]);
  const answer = `<CreateVirtualMFADeviceResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateVirtualMFADeviceResult><VirtualMFADevice><SerialNumber>arn:aws:iam::123456789012:mfa/dev</SerialNumber><Base32StringSeed>${Buffer.from('JBSWY3DP').toString('base64')}</Base32StringSeed><QRCodePNG>${Buffer.from(png).toString('base64')}</QRCodePNG></VirtualMFADevice></CreateVirtualMFADeviceResult></CreateVirtualMFADeviceResponse>`;

  it.each([
    ['QRCodePNG', png],
    ['Base32StringSeed', new TextEncoder().encode('JBSWY3DP')],
  ])('writes %s to --outfile and leaves both out of the output, as AWS CLI v2 does', async (method, bytes) => {
    const h = createMemoryHost(() => reply(200, answer, { 'content-type': 'text/xml' }), {
      env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    });
    const argv = ['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'dev'];
    expect(await runCli([...argv, '--outfile', '/seed', '--bootstrap-method', method], h)).toBe(0);
    expect(Buffer.from(await h.fs.readFile('/seed')).equals(Buffer.from(bytes))).toBe(true);
    expect(JSON.parse(h.out.join(''))).toEqual({
      VirtualMFADevice: { SerialNumber: 'arn:aws:iam::123456789012:mfa/dev' },
    });
  });

  it('requires both, as the CLI does (exit 252)', async () => {
    const h = host();
    expect(await runCli(['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'dev'], h)).toBe(252);
    expect(h.err.join('')).toContain('the following arguments are required: --outfile, --bootstrap-method');
  });
});

describe('putmetricdata: one datum from plain options', () => {
  it('fills MetricData[0] in the CLI’s member order (AWS CLI v2 sent these, over its query protocol)', async () => {
    const argv = ['cloudwatch', 'put-metric-data', '--namespace', 'N', '--metric-name', 'M', '--value', '1.5'];
    argv.push(
      '--unit',
      'Count',
      '--dimensions',
      'A=1,B=x y',
      '--statistic-values',
      'Sum=1,Minimum=0.5,Maximum=2,SampleCount=3',
    );
    argv.push('--timestamp', '2026-01-01T00:00:00Z', '--storage-resolution', '1');
    const sent = await params(argv);
    const datum = (sent?.MetricData as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(datum)).toEqual([
      'MetricName',
      'Timestamp',
      'Unit',
      'Value',
      'Dimensions',
      'StatisticValues',
      'StorageResolution',
    ]);
    expect(datum).toEqual({
      MetricName: 'M',
      Timestamp: '2026-01-01T00:00:00Z',
      Unit: 'Count',
      Value: 1.5,
      Dimensions: [
        { Name: 'A', Value: '1' },
        { Name: 'B', Value: 'x y' },
      ],
      StatisticValues: { Sum: 1, Minimum: 0.5, Maximum: 2, SampleCount: 3 },
      StorageResolution: 1,
    });
  });

  it('refuses a shortcut beside --metric-data with the CLI’s words (exit 252)', async () => {
    const h = host();
    const argv = ['cloudwatch', 'put-metric-data', '--namespace', 'N', '--metric-name', 'M'];
    expect(await runCli([...argv, '--metric-data', 'MetricName=X,Value=1'], h)).toBe(252);
    expect(h.err.join('')).toBe(
      '\nThe key "metric_name" cannot be specified when one of the following keys are also specified: metric_data\n',
    );
  });
});

describe('sessendemail: ses send-email without writing the structures out', () => {
  it('builds Destination and Message from plain options, as AWS CLI v2 sends them', async () => {
    const argv = ['ses', 'send-email', '--from', 'a@x.com', '--to', 'b@x.com', 'c@x.com'];
    expect(await params([...argv, '--subject', 'Hi', '--text', 'body'])).toEqual({
      Source: 'a@x.com',
      Destination: { ToAddresses: ['b@x.com', 'c@x.com'] },
      Message: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'body' } } },
    });
  });

  it('refuses addresses beside --destination with the CLI’s words (exit 252)', async () => {
    const h = host();
    const argv = ['ses', 'send-email', '--from', 'a@x.com', '--to', 'b@x.com', '--destination', 'ToAddresses=c@x.com'];
    expect(await runCli([...argv, '--subject', 'Hi', '--text', 'body'], h)).toBe(252);
    expect(h.err.join('')).toBe(
      '\nThe key "to" cannot be specified when one of the following keys are also specified: destination\n',
    );
  });
});

describe('rekognition and quicksight: nested blobs given at the top level', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0x69, 0x6d, 0x67]);
  const withImage = async () => {
    const h = host();
    await h.fs.writeFile('/img.jpg', jpeg);
    return h;
  };

  it('puts --image-bytes into Image.Bytes, as AWS CLI v2 does', async () => {
    const parsed = await parseCommandLine(
      ['rekognition', 'detect-labels', '--image-bytes', 'fileb:///img.jpg', '--max-labels', '3'],
      await withImage(),
    );
    const image = (parsed.prepared.kind === 'call' && parsed.prepared.params.Image) as { Bytes: Uint8Array };
    expect(Buffer.from(image.Bytes).equals(Buffer.from(jpeg))).toBe(true);
  });

  it('keeps what --target-image gives beside --source-image-bytes (compare-faces)', async () => {
    const parsed = await parseCommandLine(
      ['rekognition', 'compare-faces', '--source-image-bytes', 'fileb:///img.jpg'].concat([
        '--target-image',
        'S3Object={Bucket=b,Name=n}',
      ]),
      await withImage(),
    );
    const p = parsed.prepared.kind === 'call' ? parsed.prepared.params : {};
    expect(p.TargetImage).toEqual({ S3Object: { Bucket: 'b', Name: 'n' } });
    expect(Buffer.from((p.SourceImage as { Bytes: Uint8Array }).Bytes).equals(Buffer.from(jpeg))).toBe(true);
  });

  it('reads base64 text as the blob it is, and hoists quicksight’s asset bundle', async () => {
    expect(await params(['rekognition', 'detect-text', '--image-bytes', Buffer.from(jpeg).toString('base64')])).toEqual(
      {
        Image: { Bytes: jpeg },
      },
    );
    const argv = ['quicksight', 'start-asset-bundle-import-job', '--aws-account-id', '123456789012'];
    argv.push('--asset-bundle-import-job-id', 'j', '--asset-bundle-import-source-bytes', 'fileb:///img.jpg');
    const parsed = await parseCommandLine(argv, await withImage());
    const source = (parsed.prepared.kind === 'call' && parsed.prepared.params.AssetBundleImportSource) as {
      Body: Uint8Array;
    };
    expect(Buffer.from(source.Body).equals(Buffer.from(jpeg))).toBe(true);
  });
});

describe('translate: the terminology file and the document at the top level', () => {
  const csv = 'en,fr\nhello,bonjour\n';
  const withCsv = async () => {
    const h = host();
    await h.fs.writeFile('/t.csv', csv);
    return h;
  };
  const base = ['translate', 'import-terminology', '--name', 't', '--merge-strategy', 'OVERWRITE'];

  it('puts --data-file into TerminologyData.File, beside --terminology-data, as AWS CLI v2 does', async () => {
    const parsed = await parseCommandLine(
      [...base, '--data-file', 'fileb:///t.csv', '--terminology-data', 'Format=CSV'],
      await withCsv(),
    );
    const data = (parsed.prepared.kind === 'call' && parsed.prepared.params.TerminologyData) as Record<string, unknown>;
    expect(data.Format).toBe('CSV');
    expect(new TextDecoder().decode(data.File as Uint8Array)).toBe(csv);
  });

  it('refuses File inside --terminology-data, and requires --data-file (exit 252)', async () => {
    const h = await withCsv();
    const argv = [...base, '--data-file', 'fileb:///t.csv', '--terminology-data', 'Format=CSV,File=abc'];
    expect(await runCli(argv, h)).toBe(252);
    expect(h.err.join('')).toBe(
      "\nFile cannot be provided as part of the '--terminology-data' argument. Please use the '--data-file' option instead to specify a file.\n",
    );
    const missing = host();
    expect(await runCli([...base, '--terminology-data', 'Format=CSV'], missing)).toBe(252);
    expect(missing.err.join('')).toContain('the following arguments are required: --data-file');
  });
});

describe('s3errormsg: advice added to S3 errors', () => {
  const run = async (status: number, body: string) => {
    const h = createMemoryHost(() => reply(status, body, { 'content-type': 'application/xml' }), {
      env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    });
    const code = await runCli(['s3api', 'list-objects-v2', '--bucket', 'b'], h);
    return { code, err: h.err.join('') };
  };
  const advice =
    'You can fix this issue by explicitly providing the correct region location using the --region argument, the AWS_DEFAULT_REGION environment variable, or the region variable in the AWS CLI configuration file.  You can get the bucket\'s location by running "aws s3api get-bucket-location --bucket BUCKET".';

  it('names the endpoint of a bucket in another region, as AWS CLI v2 prints it', async () => {
    const r = await run(
      301,
      '<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message><Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket></Error>',
    );
    expect(r).toEqual({
      code: 254,
      err: `\nAn error occurred (PermanentRedirect) when calling the ListObjectsV2 operation: The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint: b.s3.eu-west-1.amazonaws.com\n${advice}\n`,
    });
  });

  it('explains a region that requires Signature Version 4', async () => {
    const r = await run(
      400,
      '<Error><Code>InvalidRequest</Code><Message>The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.</Message></Error>',
    );
    expect(r.err).toBe(
      `\nAn error occurred (InvalidRequest) when calling the ListObjectsV2 operation: You are attempting to operate on a bucket in a region that requires Signature Version 4.  ${advice}\n`,
    );
  });
});
