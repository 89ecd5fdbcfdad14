import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handlers } from '../../src/sandbox/services/ec2/index.js';
import { harness, type Harness } from './support.js';

type Rec = Record<string, unknown>;

async function fails(promise: Promise<unknown>, code: string, message?: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; statusCode: number; message: string },
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(error).toMatchObject({ code, statusCode: 400 });
  if (message !== undefined) expect(error!.message).toMatch(message);
}

function instancesOf(output: Rec): Rec[] {
  return (output.Reservations as Array<{ Instances: Rec[] }>).flatMap((r) => r.Instances);
}

async function stateOf(h: Harness, id: string): Promise<string> {
  const { output } = await h.call('DescribeInstances', { InstanceIds: [id] });
  return (instancesOf(output)[0]!.State as { Name: string }).Name;
}

async function run(h: Harness, input: Rec = {}): Promise<string[]> {
  const { output } = await h.call('RunInstances', {
    ImageId: 'ami-0c02fb55956c7d316',
    MinCount: 1,
    MaxCount: 1,
    ...input,
  });
  return (output.Instances as Rec[]).map((i) => i.InstanceId as string);
}

describe('EC2 key pairs', () => {
  it('creates an RSA key whose PEM is PKCS#1 and whose fingerprint is the SHA-1 of its PKCS#8 DER', async () => {
    const h = harness('ec2', handlers);
    const { output } = await h.call('CreateKeyPair', { KeyName: 'MyKeyPair' });
    expect(output.KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);
    const material = output.KeyMaterial as string;
    expect(material).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END RSA PRIVATE KEY-----$/);
    const key = createPrivateKey(material);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
    const expected = createHash('sha1').update(pkcs8).digest('hex').match(/../g)!.join(':');
    expect(output.KeyFingerprint).toBe(expected);

    await fails(h.call('CreateKeyPair', { KeyName: 'MyKeyPair' }), 'InvalidKeyPair.Duplicate', /already exists/);
    const listed = await h.call('DescribeKeyPairs', { IncludePublicKey: true });
    const [pair] = listed.output.KeyPairs as Rec[];
    expect(pair).toMatchObject({ KeyName: 'MyKeyPair', KeyType: 'rsa', KeyFingerprint: expected, Tags: [] });
    expect(pair!.CreateTime).toEqual(h.clock.now);
    expect(pair!.PublicKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E/);
  });

  it('creates an ED25519 key in OpenSSH format whose fingerprint is the base64 SHA-256 of its public blob', async () => {
    const h = harness('ec2', handlers);
    const { output } = await h.call('CreateKeyPair', { KeyName: 'edkey', KeyType: 'ed25519' });
    const material = output.KeyMaterial as string;
    const match = /^-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/=\n]+)\n-----END OPENSSH PRIVATE KEY-----$/.exec(
      material,
    );
    expect(match).not.toBeNull();
    expect(match![1]!.split('\n').every((line) => line.length <= 70)).toBe(true);
    const file = Buffer.from(match![1]!.replace(/\n/g, ''), 'base64');
    const strings: Buffer[] = [];
    let at = 'openssh-key-v1\0'.length;
    expect(file.subarray(0, at).toString('latin1')).toBe('openssh-key-v1\0');
    const next = () => {
      const length = file.readUInt32BE(at);
      const out = file.subarray(at + 4, at + 4 + length);
      at += 4 + length;
      return out;
    };
    strings.push(next(), next(), next());
    expect(strings.map(String)).toEqual(['none', 'none', '']);
    expect(file.readUInt32BE(at)).toBe(1);
    at += 4;
    const blob = next();
    const secret = next();
    expect(at).toBe(file.length);
    expect(secret.length % 8).toBe(0);
    expect(secret.readUInt32BE(0)).toBe(secret.readUInt32BE(4));
    // The private section's seed must give the public key the blob carries.
    const publicKey = blob.subarray(blob.length - 32);
    const privatePart = secret.subarray(8 + 4 + 11 + 4 + 32 + 4, 8 + 4 + 11 + 4 + 32 + 4 + 64);
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), privatePart.subarray(0, 32)]);
    const derived = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
    expect((derived.export({ format: 'jwk' }) as { x: string }).x).toBe(publicKey.toString('base64url'));
    expect(privatePart.subarray(32)).toEqual(publicKey);
    expect(output.KeyFingerprint).toBe(createHash('sha256').update(blob).digest('base64'));

    const listed = await h.call('DescribeKeyPairs', { IncludePublicKey: true });
    expect(listed.output.KeyPairs).toMatchObject([
      { KeyName: 'edkey', KeyType: 'ed25519', PublicKey: `ssh-ed25519 ${blob.toString('base64')} edkey` },
    ]);
    await fails(h.call('CreateKeyPair', { KeyName: 'dsa', KeyType: 'dsa' }), 'InvalidParameterValue');
  });

  it('imports an OpenSSH RSA key with the MD5 of its SubjectPublicKeyInfo as fingerprint', async () => {
    const h = harness('ec2', handlers);
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ssh = `${sshLine(publicKey)} learner@example\n`;
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const expected = createHash('md5').update(spki).digest('hex').match(/../g)!.join(':');
    const { output } = await h.call('ImportKeyPair', {
      KeyName: 'imported',
      PublicKeyMaterial: new TextEncoder().encode(ssh),
    });
    expect(output).toMatchObject({ KeyName: 'imported', KeyFingerprint: expected });
    await fails(
      h.call('ImportKeyPair', { KeyName: 'bad', PublicKeyMaterial: new TextEncoder().encode('ssh-rsa notbase64') }),
      'InvalidKey.Format',
    );
  });

  it('describes by name, id and filters, and deletes idempotently', async () => {
    const h = harness('ec2', handlers);
    const a = (
      await h.call('CreateKeyPair', {
        KeyName: 'alpha',
        TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'team', Value: 'web' }] }],
      })
    ).output;
    await h.call('CreateKeyPair', { KeyName: 'beta' });
    await h.call('CreateKeyPair', { KeyName: 'gamma' });
    const names = async (input: Rec) =>
      ((await h.call('DescribeKeyPairs', input)).output.KeyPairs as Rec[]).map((k) => k.KeyName);
    expect(await names({ KeyNames: ['beta'] })).toEqual(['beta']);
    expect(await names({ KeyPairIds: [a.KeyPairId] })).toEqual(['alpha']);
    expect(await names({ Filters: [{ Name: 'key-name', Values: ['?lpha', 'gam*'] }] })).toEqual(['alpha', 'gamma']);
    expect(await names({ Filters: [{ Name: 'fingerprint', Values: [a.KeyFingerprint] }] })).toEqual(['alpha']);
    expect(await names({ Filters: [{ Name: 'tag:team', Values: ['web'] }] })).toEqual(['alpha']);
    await fails(
      h.call('DescribeKeyPairs', { KeyNames: ['nope'] }),
      'InvalidKeyPair.NotFound',
      "The key pair 'nope' does not exist",
    );
    await fails(h.call('DescribeKeyPairs', { Filters: [{ Name: 'colour', Values: ['x'] }] }), 'InvalidParameterValue');
    expect((await h.call('DeleteKeyPair', { KeyName: 'beta' })).output.Return).toBe(true);
    expect((await h.call('DeleteKeyPair', { KeyName: 'beta' })).output.Return).toBe(true);
    expect(await names({})).toEqual(['alpha', 'gamma']);
  });
});

function sshLine(publicKey: ReturnType<typeof generateKeyPairSync>['publicKey']): string {
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const mp = (b64: string) => {
    let bytes = Buffer.from(b64, 'base64url');
    if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
    return str(bytes);
  };
  const str = (bytes: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    return Buffer.concat([len, bytes]);
  };
  return `ssh-rsa ${Buffer.concat([str(Buffer.from('ssh-rsa')), mp(jwk.e), mp(jwk.n)]).toString('base64')}`;
}

describe('EC2 networks', () => {
  it('gives each region a default VPC with a default subnet per zone', async () => {
    const h = harness('ec2', handlers);
    const vpcs = (await h.call('DescribeVpcs')).output.Vpcs as Rec[];
    expect(vpcs).toHaveLength(1);
    expect(vpcs[0]).toMatchObject({ CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available' });
    const subnets = (await h.call('DescribeSubnets', { Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))
      .output.Subnets as Rec[];
    expect(subnets.map((s) => [s.AvailabilityZone, s.CidrBlock])).toEqual([
      ['us-east-1a', '172.31.0.0/20'],
      ['us-east-1b', '172.31.16.0/20'],
      ['us-east-1c', '172.31.32.0/20'],
      ['us-east-1d', '172.31.48.0/20'],
      ['us-east-1e', '172.31.64.0/20'],
      ['us-east-1f', '172.31.80.0/20'],
    ]);
    expect(subnets[0]).toMatchObject({
      DefaultForAz: true,
      MapPublicIpOnLaunch: true,
      VpcId: vpcs[0]!.VpcId,
      AvailabilityZoneId: 'use1-az1',
    });
    const other = (await h.call('DescribeSubnets', {}, { region: 'eu-west-1' })).output.Subnets as Rec[];
    expect(other.map((s) => s.AvailabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('creates and deletes a VPC and its subnet', async () => {
    const h = harness('ec2', handlers);
    const vpc = (await h.call('CreateVpc', { CidrBlock: '10.0.0.0/16' })).output.Vpc as Rec;
    expect(vpc).toMatchObject({ CidrBlock: '10.0.0.0/16', IsDefault: false });
    const subnet = (await h.call('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' })).output.Subnet as Rec;
    expect(subnet).toMatchObject({ AvailableIpAddressCount: 251, DefaultForAz: false });
    await fails(h.call('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: '10.1.0.0/24' }), 'InvalidSubnet.Range');
    await fails(h.call('DeleteVpc', { VpcId: vpc.VpcId }), 'DependencyViolation');
    await h.call('DeleteSubnet', { SubnetId: subnet.SubnetId });
    await h.call('DeleteVpc', { VpcId: vpc.VpcId });
    expect(((await h.call('DescribeVpcs')).output.Vpcs as Rec[]).length).toBe(1);
    await fails(h.call('DescribeVpcs', { VpcIds: [vpc.VpcId] }), 'InvalidVpcID.NotFound');
  });

  it('lists regions and the call region zones', async () => {
    const h = harness('ec2', handlers);
    const regions = (await h.call('DescribeRegions')).output.Regions as Rec[];
    expect(regions).toContainEqual({
      RegionName: 'eu-west-1',
      Endpoint: 'ec2.eu-west-1.amazonaws.com',
      OptInStatus: 'opt-in-not-required',
    });
    expect(regions.some((r) => r.RegionName === 'af-south-1')).toBe(false);
    const all = (await h.call('DescribeRegions', { AllRegions: true })).output.Regions as Rec[];
    expect(all.find((r) => r.RegionName === 'af-south-1')?.OptInStatus).toBe('not-opted-in');
    const zones = (await h.call('DescribeAvailabilityZones', {}, { region: 'ap-southeast-2' })).output
      .AvailabilityZones as Rec[];
    expect(zones.map((z) => [z.ZoneName, z.ZoneId, z.State])).toEqual([
      ['ap-southeast-2a', 'apse2-az1', 'available'],
      ['ap-southeast-2b', 'apse2-az2', 'available'],
      ['ap-southeast-2c', 'apse2-az3', 'available'],
    ]);
  });
});

describe('EC2 security groups', () => {
  it('creates, authorizes (both forms), refuses duplicates, describes and revokes', async () => {
    const h = harness('ec2', handlers);
    const { output } = await h.call('CreateSecurityGroup', { GroupName: 'my-sg', Description: 'My security group' });
    const groupId = output.GroupId as string;
    expect(groupId).toMatch(/^sg-[0-9a-f]{17}$/);
    const vpcId = ((await h.call('DescribeVpcs')).output.Vpcs as Rec[])[0]!.VpcId;
    await fails(
      h.call('CreateSecurityGroup', { GroupName: 'my-sg', Description: 'again' }),
      'InvalidGroup.Duplicate',
      `The security group 'my-sg' already exists for VPC '${vpcId}'`,
    );
    const shorthand = await h.call('AuthorizeSecurityGroupIngress', {
      GroupId: groupId,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '203.0.113.0/24',
    });
    expect(shorthand.output.Return).toBe(true);
    const [rule] = shorthand.output.SecurityGroupRules as Rec[];
    expect(rule).toMatchObject({
      GroupId: groupId,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIpv4: '203.0.113.0/24',
    });
    expect(rule!.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    await h.call('AuthorizeSecurityGroupIngress', {
      GroupName: 'my-sg',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24' }] }],
    });
    await fails(
      h.call('AuthorizeSecurityGroupIngress', {
        GroupName: 'my-sg',
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIp: '203.0.113.0/24',
      }),
      'InvalidPermission.Duplicate',
      'the specified rule "peer: 203.0.113.0/24, TCP, from port: 22, to port: 22, ALLOW" already exists',
    );
    const described = (await h.call('DescribeSecurityGroups', { GroupIds: [groupId] })).output.SecurityGroups as Rec[];
    expect(described[0]).toMatchObject({
      GroupName: 'my-sg',
      VpcId: vpcId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '203.0.113.0/24' }, { CidrIp: '198.51.100.0/24' }],
          UserIdGroupPairs: [],
          Ipv6Ranges: [],
          PrefixListIds: [],
        },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    await h.call('RevokeSecurityGroupIngress', {
      GroupId: groupId,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '203.0.113.0/24',
    });
    await fails(
      h.call('RevokeSecurityGroupIngress', {
        GroupId: groupId,
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIp: '203.0.113.0/24',
      }),
      'InvalidPermission.NotFound',
    );
    await h.call('AuthorizeSecurityGroupEgress', {
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
    });
    await h.call('RevokeSecurityGroupEgress', {
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    const after = (
      (await h.call('DescribeSecurityGroups', { GroupNames: ['my-sg'] })).output.SecurityGroups as Rec[]
    )[0]!;
    expect((after.IpPermissionsEgress as Rec[]).map((p) => p.IpProtocol)).toEqual(['udp']);
  });

  it('filters with wildcards and several values, and has a default group per VPC', async () => {
    const h = harness('ec2', handlers);
    for (const name of ['web-a', 'web-b', 'db'])
      await h.call('CreateSecurityGroup', { GroupName: name, Description: `${name} group` });
    const names = async (filters: Rec[]) =>
      ((await h.call('DescribeSecurityGroups', { Filters: filters })).output.SecurityGroups as Rec[]).map(
        (g) => g.GroupName,
      );
    expect(await names([{ Name: 'group-name', Values: ['web-*'] }])).toEqual(['web-a', 'web-b']);
    expect(
      await names([
        { Name: 'group-name', Values: ['web-?', 'db'] },
        { Name: 'description', Values: ['*b group'] },
      ]),
    ).toEqual(['web-b', 'db']);
    expect(await names([{ Name: 'group-name', Values: ['default'] }])).toEqual(['default']);
    const [def] = (await h.call('DescribeSecurityGroups', { GroupNames: ['default'] })).output.SecurityGroups as Rec[];
    expect(def!.IpPermissions).toMatchObject([{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: def!.GroupId }] }]);
    await fails(h.call('DeleteSecurityGroup', { GroupName: 'default' }), 'CannotDelete');
    await fails(h.call('DescribeSecurityGroups', { GroupNames: ['nope'] }), 'InvalidGroup.NotFound');
    await fails(h.call('DescribeSecurityGroups', { GroupIds: ['sg-0123456789abcdef0'] }), 'InvalidGroup.NotFound');
    await fails(h.call('DescribeSecurityGroups', { GroupIds: ['web'] }), 'InvalidGroupId.Malformed');
  });

  it('refuses to delete a group an instance uses, until the instance is gone', async () => {
    const h = harness('ec2', handlers);
    const groupId = (await h.call('CreateSecurityGroup', { GroupName: 'app', Description: 'app' })).output.GroupId;
    const [id] = await run(h, { SecurityGroupIds: [groupId] });
    await fails(h.call('DeleteSecurityGroup', { GroupId: groupId }), 'DependencyViolation');
    await h.call('TerminateInstances', { InstanceIds: [id] });
    h.clock.now = new Date(h.clock.now.getTime() + 10_000);
    expect((await h.call('DeleteSecurityGroup', { GroupId: groupId })).output).toEqual({
      Return: true,
      GroupId: groupId,
    });
  });
});

describe('EC2 images', () => {
  it('lists the catalogue by owner, name wildcard and architecture', async () => {
    const h = harness('ec2', handlers);
    const names = async (input: Rec) =>
      ((await h.call('DescribeImages', input)).output.Images as Rec[]).map((i) => i.Name);
    expect(
      await names({
        Owners: ['amazon'],
        Filters: [
          { Name: 'name', Values: ['al2023-ami-*'] },
          { Name: 'architecture', Values: ['arm64'] },
        ],
      }),
    ).toEqual(['al2023-ami-2023.6.20241212.0-kernel-6.1-arm64']);
    expect(
      (await names({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['*ubuntu-noble-24.04-*'] }] }))
        .length,
    ).toBe(1);
    await fails(h.call('DescribeImages', { ImageIds: ['ami-0123456789abcdef0'] }), 'InvalidAMIID.NotFound');
  });
});

describe('EC2 instances', () => {
  it('runs instances that become running after five seconds', async () => {
    const h = harness('ec2', handlers);
    await h.call('CreateKeyPair', { KeyName: 'k' });
    const { output } = await h.call('RunInstances', {
      ImageId: 'ami-0c02fb55956c7d316',
      MinCount: 2,
      MaxCount: 2,
      InstanceType: 't2.micro',
      KeyName: 'k',
      UserData: 'IyEvYmluL2Jhc2g=',
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }],
    });
    expect(output.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    const launched = output.Instances as Rec[];
    expect(launched).toHaveLength(2);
    expect(launched[0]).toMatchObject({
      State: { Code: 0, Name: 'pending' },
      InstanceType: 't2.micro',
      KeyName: 'k',
      AmiLaunchIndex: 0,
      Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
      Tags: [{ Key: 'Name', Value: 'web' }],
    });
    expect(launched[0]!.PrivateIpAddress).toMatch(/^172\.31\.\d+\.\d+$/);
    expect(launched[0]!.PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((launched[0]!.SecurityGroups as Rec[])[0]!.GroupName).toBe('default');
    const id = launched[0]!.InstanceId as string;
    expect(await stateOf(h, id)).toBe('pending');
    h.clock.now = new Date(h.clock.now.getTime() + 5_000);
    expect(await stateOf(h, id)).toBe('running');
  });

  it('defaults the type to m1.small and checks the image, key and counts', async () => {
    const h = harness('ec2', handlers);
    const id = (await run(h))[0]!;
    const [instance] = instancesOf((await h.call('DescribeInstances', { InstanceIds: [id] })).output);
    expect(instance!.InstanceType).toBe('m1.small');
    await fails(
      run(h, { ImageId: 'ami-0123456789abcdef0' }),
      'InvalidAMIID.NotFound',
      "The image id '[ami-0123456789abcdef0]' does not exist",
    );
    await fails(run(h, { KeyName: 'missing' }), 'InvalidKeyPair.NotFound', "The key pair 'missing' does not exist");
    await fails(run(h, { MinCount: 3, MaxCount: 2 }), 'InvalidParameterValue');
    await fails(run(h, { SecurityGroups: ['nope'] }), 'InvalidGroup.NotFound');
    await fails(
      h.call('DescribeInstances', { InstanceIds: ['i-0123456789abcdef0'] }),
      'InvalidInstanceID.NotFound',
      "The instance ID 'i-0123456789abcdef0' does not exist",
    );
    await fails(h.call('DescribeInstances', { InstanceIds: ['bogus'] }), 'InvalidInstanceID.Malformed');
  });

  it('stops, starts and terminates through the transitional states', async () => {
    const h = harness('ec2', handlers);
    const id = (await run(h))[0]!;
    const later = (ms: number) => (h.clock.now = new Date(h.clock.now.getTime() + ms));
    await fails(h.call('StopInstances', { InstanceIds: [id] }), 'IncorrectInstanceState');
    later(5_000);
    const stopped = await h.call('StopInstances', { InstanceIds: [id] });
    expect(stopped.output.StoppingInstances).toEqual([
      { InstanceId: id, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    later(5_000);
    expect(await stateOf(h, id)).toBe('stopped');
    const [stoppedInstance] = instancesOf((await h.call('DescribeInstances', { InstanceIds: [id] })).output);
    expect(stoppedInstance!.PublicIpAddress).toBeUndefined();
    expect(stoppedInstance!.StateTransitionReason).toMatch(/^User initiated \(2026-12-01 12:00:05 GMT\)$/);
    const started = await h.call('StartInstances', { InstanceIds: [id] });
    expect(started.output.StartingInstances).toMatchObject([
      { CurrentState: { Name: 'pending' }, PreviousState: { Name: 'stopped' } },
    ]);
    later(5_000);
    await h.call('RebootInstances', { InstanceIds: [id] });
    const terminated = await h.call('TerminateInstances', { InstanceIds: [id] });
    expect(terminated.output.TerminatingInstances).toMatchObject([
      { CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16 } },
    ]);
    later(5_000);
    expect(await stateOf(h, id)).toBe('terminated');
    await fails(h.call('StartInstances', { InstanceIds: [id] }), 'IncorrectInstanceState');
    await fails(h.call('RebootInstances', { InstanceIds: [id] }), 'IncorrectInstanceState');
    later(60 * 60_000);
    await fails(h.call('DescribeInstances', { InstanceIds: [id] }), 'InvalidInstanceID.NotFound');
  });

  it('filters as EC2 does: values ORed, filters ANDed, wildcards, tags', async () => {
    const h = harness('ec2', handlers);
    const [a] = await run(h, {
      InstanceType: 't2.micro',
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web-1' }] }],
    });
    const [b] = await run(h, {
      InstanceType: 't3.micro',
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web-2' }] }],
    });
    const [c] = await run(h, { InstanceType: 'm5.large' });
    h.clock.now = new Date(h.clock.now.getTime() + 5_000);
    await h.call('StopInstances', { InstanceIds: [c] });
    const ids = async (filters: Rec[]) =>
      instancesOf((await h.call('DescribeInstances', { Filters: filters })).output).map((i) => i.InstanceId);
    expect(await ids([{ Name: 'instance-type', Values: ['t2.micro'] }])).toEqual([a]);
    expect(await ids([{ Name: 'instance-type', Values: ['t?.micro'] }])).toEqual([a, b]);
    expect(await ids([{ Name: 'instance-type', Values: ['t2.micro', 'm5.*'] }])).toEqual([a, c]);
    expect(await ids([{ Name: 'instance-state-name', Values: ['pending', 'running'] }])).toEqual([a, b]);
    expect(
      await ids([
        { Name: 'tag:Name', Values: ['web-*'] },
        { Name: 'instance-type', Values: ['t3.micro'] },
      ]),
    ).toEqual([b]);
    expect(await ids([{ Name: 'tag-key', Values: ['Name'] }])).toEqual([a, b]);
    expect(
      await ids([
        { Name: 'image-id', Values: ['ami-0c02fb55956c7d316'] },
        { Name: 'instance-state-code', Values: ['64'] },
      ]),
    ).toEqual([c]);
    await fails(ids([{ Name: 'colour', Values: ['red'] }]), 'InvalidParameterValue', "The filter 'colour' is invalid");
    const statuses = (await h.call('DescribeInstanceStatus')).output.InstanceStatuses as Rec[];
    expect(statuses.map((s) => s.InstanceId)).toEqual([a, b]);
    expect(statuses[0]).toMatchObject({
      InstanceState: { Name: 'running' },
      InstanceStatus: { Status: 'initializing' },
    });
    h.clock.now = new Date(h.clock.now.getTime() + 20_000);
    const later = (await h.call('DescribeInstanceStatus', { IncludeAllInstances: true })).output
      .InstanceStatuses as Rec[];
    expect(later.map((s) => (s.InstanceStatus as Rec).Status)).toEqual(['ok', 'ok', 'not-applicable']);
  });
});

describe('EC2 tags', () => {
  it('tags any resource and describes tags with filters', async () => {
    const h = harness('ec2', handlers);
    const id = (await run(h))[0]!;
    const groupId = (await h.call('CreateSecurityGroup', { GroupName: 'g', Description: 'g' })).output.GroupId;
    await h.call('CreateTags', {
      Resources: [id, groupId],
      Tags: [
        { Key: 'env', Value: 'dev' },
        { Key: 'owner', Value: 'me' },
      ],
    });
    const tags = async (filters: Rec[]) => (await h.call('DescribeTags', { Filters: filters })).output.Tags as Rec[];
    expect(await tags([{ Name: 'resource-type', Values: ['instance'] }])).toEqual([
      { ResourceId: id, ResourceType: 'instance', Key: 'env', Value: 'dev' },
      { ResourceId: id, ResourceType: 'instance', Key: 'owner', Value: 'me' },
    ]);
    expect((await tags([{ Name: 'key', Values: ['env'] }])).map((t) => t.ResourceId)).toEqual([id, groupId]);
    await h.call('DeleteTags', { Resources: [id], Tags: [{ Key: 'env', Value: 'other' }, { Key: 'owner' }] });
    expect((await tags([{ Name: 'resource-id', Values: [id] }])).map((t) => t.Key)).toEqual(['env']);
    await fails(
      h.call('CreateTags', { Resources: ['i-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }),
      'InvalidInstanceID.NotFound',
    );
    await fails(h.call('CreateTags', { Resources: ['thing-1'], Tags: [{ Key: 'a', Value: 'b' }] }), 'InvalidID');
  });
});
