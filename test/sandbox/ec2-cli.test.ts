import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxCli } from './cli-support.js';

describe('EC2 through the CLI', () => {
  it('runs the public scenario as moto answers it', async () => {
    const cli = sandboxCli();
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, b.length >> 8, b.length & 255]), b]);
    const mp = (v: string) => {
      const b = Buffer.from(v, 'base64url');
      return str(b[0]! & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
    };
    const blob = Buffer.concat([str(Buffer.from('ssh-rsa')), mp(jwk.e), mp(jwk.n)]).toString('base64');
    writeFileSync(join(cli.work, 'key.pub'), `ssh-rsa ${blob} learner@example\n`);
    const run = (line: string[]) => cli.run(line);
    expect(
      (
        await run([
          'ec2',
          'import-key-pair',
          '--key-name',
          'imported',
          '--public-key-material',
          'fileb://key.pub',
          '--query',
          'KeyName',
        ])
      ).out,
    ).toBe('"imported"\n');
    const keys = await run([
      'ec2',
      'describe-key-pairs',
      '--query',
      'KeyPairs[].[KeyName,KeyFingerprint]',
      '--output',
      'text',
    ]);
    expect(keys.out).toMatch(/^imported\t([0-9a-f]{2}:){15}[0-9a-f]{2}\n$/);
    expect(
      (
        await run([
          'ec2',
          'create-security-group',
          '--group-name',
          'web',
          '--description',
          'web',
          '--query',
          'GroupId != `null`',
        ])
      ).out,
    ).toBe('true\n');
    const auth = await run([
      'ec2',
      'authorize-security-group-ingress',
      '--group-name',
      'web',
      '--ip-permissions',
      'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]',
    ]);
    expect(auth.code).toBe(0);
    expect(JSON.parse(auth.out)).toEqual({
      Return: true,
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: expect.stringMatching(/^sgr-/),
          GroupId: expect.stringMatching(/^sg-/),
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          CidrIpv4: '0.0.0.0/0',
          Tags: [],
        },
      ],
    });
    expect(
      JSON.parse(
        (
          await run([
            'ec2',
            'describe-security-groups',
            '--filters',
            'Name=group-name,Values=web',
            '--query',
            'SecurityGroups[].IpPermissions[].FromPort',
          ])
        ).out,
      ),
    ).toEqual([443]);
    expect(
      JSON.parse(
        (
          await run([
            'ec2',
            'run-instances',
            '--image-id',
            'ami-12c6146b',
            '--instance-type',
            't3.micro',
            '--query',
            'Instances[].InstanceType',
          ])
        ).out,
      ),
    ).toEqual(['t3.micro']);
    expect(
      (
        await run([
          'ec2',
          'describe-instances',
          '--filters',
          'Name=instance-state-name,Values=pending,running',
          '--query',
          'length(Reservations[].Instances[])',
        ])
      ).out,
    ).toBe('1\n');
  });

  it('follows the user guide walk-through', async () => {
    const cli = sandboxCli();
    const pem = await cli.run([
      'ec2',
      'create-key-pair',
      '--key-name',
      'MyKeyPair',
      '--query',
      'KeyMaterial',
      '--output',
      'text',
    ]);
    expect(pem.code).toBe(0);
    expect(pem.out).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
    const listed = await cli.json(['ec2', 'describe-key-pairs', '--key-name', 'MyKeyPair']);
    expect(listed.KeyPairs[0].KeyName).toBe('MyKeyPair');
    const sg = await cli.json([
      'ec2',
      'create-security-group',
      '--group-name',
      'my-sg',
      '--description',
      'My security group',
    ]);
    const auth = await cli.run([
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      sg.GroupId,
      '--protocol',
      'tcp',
      '--port',
      '22',
      '--cidr',
      '203.0.113.0/24',
    ]);
    expect(auth.code).toBe(0);
    const groups = await cli.json(['ec2', 'describe-security-groups', '--group-ids', sg.GroupId]);
    expect(groups.SecurityGroups[0].IpPermissions[0]).toMatchObject({
      FromPort: 22,
      IpRanges: [{ CidrIp: '203.0.113.0/24' }],
    });
    const run = await cli.json([
      'ec2',
      'run-instances',
      '--image-id',
      'ami-0c02fb55956c7d316',
      '--count',
      '1',
      '--instance-type',
      't2.micro',
      '--key-name',
      'MyKeyPair',
      '--security-group-ids',
      sg.GroupId,
    ]);
    const id = run.Instances[0].InstanceId;
    expect((await cli.run(['ec2', 'create-tags', '--resources', id, '--tags', 'Key=Name,Value=MyInstance'])).code).toBe(
      0,
    );
    const ids = await cli.json([
      'ec2',
      'describe-instances',
      '--filters',
      'Name=instance-type,Values=t2.micro',
      '--query',
      'Reservations[].Instances[].InstanceId',
    ]);
    expect(ids).toEqual([id]);
    cli.advance(6_000);
    expect((await cli.run(['ec2', 'wait', 'instance-running', '--instance-ids', id])).code).toBe(0);
    const term = await cli.json(['ec2', 'terminate-instances', '--instance-ids', id]);
    expect(term.TerminatingInstances[0].CurrentState.Name).toBe('shutting-down');
    expect((await cli.run(['ec2', 'delete-key-pair', '--key-name', 'MyKeyPair'])).code).toBe(0);
    const missing = await cli.run(['ec2', 'describe-instances', '--instance-ids', 'i-0123456789abcdef0']);
    expect(missing.code).toBe(254);
    expect(missing.err).toContain('(InvalidInstanceID.NotFound)');
  });
});
