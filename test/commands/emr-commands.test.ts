/**
 * The EMR commands' pure parts and the paths the end-to-end tests and clidiff cases cannot reach:
 * RunJobFlow requests built for AMI-version clusters (HBase by AMI version, the Hive site step, EMRFS's
 * custom provider), service principals read from EMR's endpoint in every partition, and ssh where only
 * PuTTY is installed, or no SSH program at all, against a recording stand-in in memory. Expected words
 * and values are the AWS CLI's (emr/createcluster.py, applicationutils.py, emrfsutils.py,
 * createdefaultroles.py, sshutils.py).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { INSTANCE_GROUPS } from '../../src/commands/emr/arg-schemas.js';
import { buildRequest } from '../../src/commands/emr/create-cluster.js';
import { servicePrincipal } from '../../src/commands/emr/create-default-roles.js';
import { readSchemaArg } from '../../src/commands/emr/schema.js';
import { buildAmiApplications, buildSteps } from '../../src/commands/emr/steps.js';
import { ArgumentError } from '../../src/cli/usage.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const values = (entries: Record<string, unknown>) => new Map(Object.entries(entries));
const ami = (version: string, extra: Record<string, unknown> = {}) =>
  buildRequest(values({ 'ami-version': version, 'instance-type': 'm3.xlarge', ...extra }), 'eu-west-1');

describe('schema arguments', () => {
  it('are typed by the schema and validated as botocore validates them, items named from the top', async () => {
    const host = createMemoryHost(() => reply(500));
    const group = 'InstanceGroupType=TASK,InstanceType=m5.large,InstanceCount=2,EbsConfiguration={EbsOptimized=true}';
    expect(await readSchemaArg(host, 'add-instance-groups', 'instance-groups', INSTANCE_GROUPS, [group])).toEqual([
      {
        InstanceGroupType: 'TASK',
        InstanceType: 'm5.large',
        InstanceCount: 2,
        EbsConfiguration: { EbsOptimized: true },
      },
    ]);
    await expect(
      readSchemaArg(host, 'add-instance-groups', 'instance-groups', INSTANCE_GROUPS, ['x=1', 'InstanceGroupType=TASK']),
    ).rejects.toThrow(
      'Parameter validation failed:\nMissing required parameter in [0]: "InstanceGroupType"\n' +
        'Missing required parameter in [0]: "InstanceType"\nMissing required parameter in [0]: "InstanceCount"\n' +
        'Unknown parameter in [0]: "x", must be one of: Name, InstanceGroupType, BidPrice, InstanceType, InstanceCount, CustomAmiId, EbsConfiguration, AutoScalingPolicy, Configurations\n' +
        'Missing required parameter in [1]: "InstanceType"\nMissing required parameter in [1]: "InstanceCount"',
    );
  });
});

describe('create-cluster for AMI versions', () => {
  it('starts HBase with the jar of the AMI generation, and refuses AMIs before 2.1', () => {
    const step = (version: string) =>
      (ami(version, { applications: [{ Name: 'HBase' }] }).Steps as Array<{ HadoopJarStep: { Jar: string } }>)[0]!
        .HadoopJarStep.Jar;
    expect(step('3.11.0')).toBe('/home/hadoop/lib/hbase.jar');
    expect(step('2.4.2')).toBe('/home/hadoop/lib/hbase-0.92.0.jar');
    expect(() => step('1.0')).toThrow(new ArgumentError('aws: error: AMI version 1.0 is not compatible with HBase.'));
  });

  it("installs Hive's site file from us-east-1's base path whatever the region, as the CLI does", () => {
    const { steps } = buildAmiApplications([{ Name: 'Hive', Args: ['--hive-site=s3://b/site.xml'] }], 'eu-west-1');
    expect(steps.map((s) => (s.HadoopJarStep as { Args: string[] }).Args)).toEqual([
      [
        ...['s3://eu-west-1.elasticmapreduce/libs/hive/hive-script', '--install-hive', '--base-path'],
        ...['s3://eu-west-1.elasticmapreduce/libs/hive', '--hive-versions', 'latest'],
      ],
      [
        ...['s3://eu-west-1.elasticmapreduce/libs/hive/hive-script', '--base-path'],
        ...['s3://us-east-1.elasticmapreduce/libs/hive', '--install-hive-site', '--hive-site=s3://b/site.xml'],
        ...['--hive-versions', 'latest'],
      ],
    ]);
  });

  it('fetches a custom EMRFS encryption provider before setting EMRFS up', () => {
    const request = ami('3.11.0', {
      emrfs: {
        Encryption: 'clientside',
        ProviderType: 'custom',
        CustomProviderLocation: 's3://b/p.jar',
        CustomProviderClass: 'my.Provider',
      },
    });
    expect(request.BootstrapActions).toEqual([
      {
        Name: 'S3 get',
        ScriptBootstrapAction: {
          Args: ['-s', 's3://b/p.jar', '-d', '/usr/share/aws/emr/auxlib', '-f'],
          Path: 'file:/usr/share/aws/emr/scripts/s3get',
        },
      },
      {
        Name: 'Setup EMRFS',
        ScriptBootstrapAction: {
          Args: ['-e', 'fs.s3.cse.enabled=true', '-e', 'fs.s3.cse.encryptionMaterialsProvider=my.Provider'],
          Path: 's3://eu-west-1.elasticmapreduce/bootstrap-actions/configure-hadoop',
        },
      },
    ]);
  });

  it('refuses more than sixteen bootstrap actions, those of the applications counted', () => {
    const actions = Array.from({ length: 16 }, (_, i) => ({ Path: `s3://b/${i}.sh` }));
    expect(() => ami('3.11.0', { 'bootstrap-actions': actions })).not.toThrow();
    expect(() => ami('3.11.0', { 'bootstrap-actions': actions, applications: [{ Name: 'Ganglia' }] })).toThrow(
      'aws: error: maximum number of bootstrap actions for a cluster exceeded.',
    );
  });

  it('runs release steps through command-runner.jar and AMI ones through the region’s script runner', () => {
    const spark = [{ Type: 'spark', Args: ['app.py'] }];
    expect(buildSteps(spark, 'ap-south-1', 'emr-7.0.0')[0]!.HadoopJarStep).toEqual({
      Jar: 'command-runner.jar',
      Args: ['spark-submit', 'app.py'],
    });
    expect(buildSteps(spark, undefined)[0]!.HadoopJarStep).toEqual({
      Jar: 's3://us-east-1.elasticmapreduce/libs/script-runner/script-runner.jar',
      Args: ['/home/hadoop/spark/bin/spark-submit', 'app.py'],
    });
  });
});

describe("create-default-roles' service principals", () => {
  it.each([
    ['https://elasticmapreduce.us-east-1.amazonaws.com', 'ec2', 'ec2.amazonaws.com'],
    ['https://eu-west-1.elasticmapreduce.amazonaws.com', 'elasticmapreduce', 'elasticmapreduce.amazonaws.com'],
    ['https://elasticmapreduce.cn-north-1.amazonaws.com.cn', 'ec2', 'ec2.amazonaws.com.cn'],
    [
      'https://elasticmapreduce.cn-north-1.amazonaws.com.cn',
      'application-autoscaling',
      'application-autoscaling.amazonaws.com.cn',
    ],
    [
      'https://elasticmapreduce.us-gov-west-1.amazonaws.com',
      'application-autoscaling',
      'application-autoscaling.amazonaws.com',
    ],
  ])('%s gives %s the principal %s', (endpoint, service, principal) => {
    expect(servicePrincipal(service, endpoint)).toBe(principal);
  });

  it('cannot read one from an endpoint of another form', () => {
    expect(() => servicePrincipal('ec2', 'http://127.0.0.1:5000')).toThrow(
      'Could not resolve the service principal from the region or the endpoint.',
    );
  });
});

describe('emr ssh without OpenSSH', () => {
  const cluster = JSON.stringify({
    Cluster: { Id: 'j-1', Status: { State: 'WAITING' }, MasterPublicDnsName: 'ec2-1-2-3-4.compute-1.amazonaws.com' },
  });
  const hostWith = async (programs: string[]) => {
    const host = createMemoryHost(() => reply(200, cluster, { 'content-type': 'application/x-amz-json-1.1' }), {
      env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1', PATH: '/opt/bin' },
    });
    for (const program of programs) await host.fs.writeFile(`/opt/bin/${program}`, '', { mode: 0o755 });
    const lines: string[] = [];
    host.runShell = async (line) => {
      lines.push(line);
      return 0;
    };
    return { host, lines };
  };

  it('runs PuTTY where it is the only SSH program, with a .ppk key', async () => {
    const { host, lines } = await hostWith(['putty.exe', 'putty']);
    expect(await runCli(['emr', 'ssh', '--cluster-id', 'j-1', '--key-pair-file', 'my key.ppk'], host)).toBe(0);
    expect(host.out.join('')).toBe('putty -ssh -i my key.ppk hadoop@ec2-1-2-3-4.compute-1.amazonaws.com -t\n');
    expect(lines).toEqual(["putty -ssh -i 'my key.ppk' hadoop@ec2-1-2-3-4.compute-1.amazonaws.com -t"]);
  });

  it('refuses a key PuTTY cannot read (252), and says when there is no SSH program at all (255)', async () => {
    const putty = await hostWith(['putty.exe']);
    expect(await runCli(['emr', 'ssh', '--cluster-id', 'j-1', '--key-pair-file', 'k.pem'], putty.host)).toBe(252);
    expect(putty.host.err.join('')).toContain('Key file file format is incorrect. Putty expects a ppk file.');
    const none = await hostWith([]);
    expect(
      await runCli(['emr', 'get', '--cluster-id', 'j-1', '--key-pair-file', 'k.pem', '--src', 'a'], none.host),
    ).toBe(255);
    expect(none.host.err.join('')).toBe(
      '\nSCP or Pscp not available. Please refer to the documentation at http://docs.aws.amazon.com/ElasticMapReduce/latest/DeveloperGuide/EMR_SetUp_SSH.html. \n',
    );
    expect([putty.lines, none.lines]).toEqual([[], []]);
  });

  it('copies with pscp where it is the only scp', async () => {
    const { host, lines } = await hostWith(['pscp.exe', 'pscp']);
    const argv = ['emr', 'put', '--cluster-id', 'j-1', '--key-pair-file', 'k.ppk', '--src', 'dir/a.txt'];
    expect(await runCli(argv, host)).toBe(0);
    expect(lines).toEqual(['pscp -scp -r -i k.ppk dir/a.txt hadoop@ec2-1-2-3-4.compute-1.amazonaws.com:a.txt']);
  });
});
