/**
 * EMR's high-level commands against moto_server, in process over the real Node host: a cluster made
 * with create-cluster is read back with the operations (what RunJobFlow was sent), described with the
 * CLI's merged describe-cluster, given steps, groups and tags, listed by state, protected and
 * terminated; create-default-roles makes the roles at --iam-endpoint (moto started with its copy of the
 * AWS managed policies) and names them in the config file; ssh and put run the ssh and scp found on
 * PATH — here stand-ins that print the words they were given.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner, type CliRunOptions } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' });
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-emr-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
const aws = async (argv: string[], opts?: CliRunOptions) => {
  const { code, out, err } = await run(argv, opts);
  return { code, out, err };
};
const json = async <T = unknown>(...argv: string[]): Promise<T> => {
  const r = await aws(argv);
  expect([r.code, r.err]).toEqual([0, '']);
  return JSON.parse(r.out) as T;
};

interface Cluster {
  Status: { Timeline: { CreationDateTime: string } };
  InstanceGroups: Array<{ InstanceGroupType: string; InstanceType: string; RequestedInstanceCount: number }>;
}

async function newCluster(...extra: string[]): Promise<string> {
  const made = await json<{ ClusterId: string; ClusterArn: string }>(
    ...['emr', 'create-cluster', '--release-label', 'emr-6.2.0', '--instance-type', 'm5.xlarge'],
    ...['--instance-count', '3', '--use-default-roles', ...extra],
  );
  expect(Object.keys(made)).toEqual(['ClusterId', 'ClusterArn']);
  expect(made.ClusterArn).toBe(`arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/${made.ClusterId}`);
  return made.ClusterId;
}

describe.skipIf(!moto)('emr commands against moto_server', () => {
  it('create-cluster sends what its shorthand means; describe-cluster merges groups and bootstrap actions', async () => {
    const id = await newCluster(
      ...['--name', 'Analytics', '--applications', 'Name=Spark', 'Name=Hive', '--tags', 'team=data', 'owner'],
      ...['--steps', 'Type=Spark,Args=[--deploy-mode,cluster,s3://b/x.py]', 'Type=Hive,Args=[-f,s3://b/q.q]'],
      ...['--bootstrap-actions', 'Path=s3://b/ba.sh,Args=[x]', '--ec2-attributes', 'KeyName=k'],
    );
    const described = await json<{ Cluster: Cluster }>('emr', 'describe-cluster', '--cluster-id', id);
    const cluster = described.Cluster;
    expect(cluster).toMatchObject({
      Id: id,
      Name: 'Analytics',
      ReleaseLabel: 'emr-6.2.0',
      ServiceRole: 'EMR_DefaultRole',
      VisibleToAllUsers: true,
      AutoTerminate: false,
      Tags: [
        { Key: 'team', Value: 'data' },
        { Key: 'owner', Value: '' },
      ],
      Ec2InstanceAttributes: { IamInstanceProfile: 'EMR_EC2_DefaultRole', Ec2KeyName: 'k' },
      BootstrapActions: [{ Name: 'Bootstrap action', ScriptPath: 's3://b/ba.sh', Args: ['x'] }],
    });
    expect(Object.keys(cluster).slice(-2)).toEqual(['BootstrapActions', 'InstanceGroups']);
    expect(
      cluster.InstanceGroups.map((g) => [g.InstanceGroupType, g.InstanceType, g.RequestedInstanceCount]).sort(),
    ).toEqual([
      ['CORE', 'm5.xlarge', 2],
      ['MASTER', 'm5.xlarge', 1],
    ]);
    expect(cluster.Status.Timeline.CreationDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);

    const steps = await json('emr', 'list-steps', '--cluster-id', id, '--query', 'Steps[].[Name,Config.Args]');
    expect(steps).toEqual(
      expect.arrayContaining([
        ['Spark application', ['spark-submit', '--deploy-mode', 'cluster', 's3://b/x.py']],
        ['Hive program', ['hive-script', '--run-hive-script', '--args', '-f', 's3://b/q.q']],
      ]),
    );
  });

  it('add-steps reads the release label first; add-instance-groups and add-tags use the shorthand', async () => {
    const id = await newCluster();
    const added = await json<{ StepIds: string[] }>(
      'emr',
      'add-steps',
      '--cluster-id',
      id,
      '--steps',
      'Type=Streaming,Args=[-m,x]',
    );
    expect(added.StepIds).toHaveLength(1);
    const step = await json<{ Step: { Config: unknown } }>(
      ...['emr', 'describe-step', '--cluster-id', id, '--step-id', added.StepIds[0]!],
    );
    expect(step.Step.Config).toMatchObject({ Jar: 'command-runner.jar', Args: ['hadoop-streaming', '-m', 'x'] });

    const groups = await aws([
      ...['emr', 'add-instance-groups', '--cluster-id', id, '--instance-groups'],
      'InstanceGroupType=TASK,InstanceType=m5.large,InstanceCount=2,BidPrice=0.2',
    ]);
    expect(groups.code).toBe(0);
    const tasks = await json(
      ...['emr', 'describe-cluster', '--cluster-id', id],
      ...['--query', "Cluster.InstanceGroups[?InstanceGroupType=='TASK'].[Market,BidPrice,RequestedInstanceCount]"],
    );
    expect(tasks).toEqual([['SPOT', '0.2', 2]]);

    expect((await aws(['emr', 'add-tags', '--resource-id', id, '--tags', 'a=1', 'b'])).code).toBe(0);
    expect(await json('emr', 'describe-cluster', '--cluster-id', id, '--query', 'Cluster.Tags')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '' },
    ]);
  });

  it('list-clusters filters by --active and --terminated; protection stops terminate-clusters', async () => {
    const id = await newCluster('--name', 'ToEnd');
    const active = () => json<string[]>('emr', 'list-clusters', '--active', '--query', 'Clusters[].Id');
    const terminated = () => json<string[]>('emr', 'list-clusters', '--terminated', '--query', 'Clusters[].Id');
    expect(await active()).toContain(id);
    expect(await terminated()).not.toContain(id);

    expect((await aws(['emr', 'modify-cluster-attributes', '--cluster-id', id, '--termination-protected'])).code).toBe(
      0,
    );
    const query = ['--query', 'Cluster.TerminationProtected'];
    expect(await json('emr', 'describe-cluster', '--cluster-id', id, ...query)).toBe(true);
    const refused = await aws(['emr', 'terminate-clusters', '--cluster-ids', id]);
    expect(refused.code).toBe(254);
    expect(refused.err).toContain('when calling the TerminateJobFlows operation');

    await aws(['emr', 'modify-cluster-attributes', '--cluster-id', id, '--no-termination-protected']);
    expect((await aws(['emr', 'terminate-clusters', '--cluster-ids', id])).code).toBe(0);
    expect(await active()).not.toContain(id);
    expect(await terminated()).toContain(id);

    const both = await aws(['emr', 'list-clusters', '--active', '--failed']);
    expect([both.code, both.err]).toEqual([
      252,
      '\naws: error: You can specify only one of the cluster state filters: --cluster-states, --active, --terminated, --failed.\n',
    ]);
  });

  it('create-default-roles makes the roles at --iam-endpoint, prints them and names them in the config file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-emr-roles-'));
    const roles = cliRunner({ home, work: home, endpoint: () => 'https://elasticmapreduce.us-east-1.amazonaws.com' });
    // The global endpoint is EMR's own, which is not called: the principals are read from it.
    const first = await roles(['emr', 'create-default-roles', '--iam-endpoint', moto!.endpoint], {
      env: { AWS_MAX_ATTEMPTS: '1' },
    });
    expect([first.code, first.err]).toEqual([0, '']);
    const made = JSON.parse(first.out) as Array<{
      Role: { RoleName: string; AssumeRolePolicyDocument: { Statement: Array<{ Principal: { Service: unknown } }> } };
      RolePolicy: { Statement: Array<{ Action: string[] }> };
    }>;
    expect(made.map((m) => [m.Role.RoleName, m.Role.AssumeRolePolicyDocument.Statement[0]!.Principal.Service])).toEqual(
      [
        ['EMR_EC2_DefaultRole', 'ec2.amazonaws.com'],
        ['EMR_DefaultRole', 'elasticmapreduce.amazonaws.com'],
        ['EMR_AutoScaling_DefaultRole', ['elasticmapreduce.amazonaws.com', 'application-autoscaling.amazonaws.com']],
      ],
    );
    expect(made[0]!.RolePolicy.Statement[0]!.Action).toContain('elasticmapreduce:ListClusters');
    expect(readFileSync(join(home, 'config'), 'utf8')).toBe(
      '[default]\nemr =\n    service_role = EMR_DefaultRole\n    instance_profile = EMR_EC2_DefaultRole\n',
    );
    const profiles = await json(
      ...['iam', 'list-instance-profiles', '--query', 'InstanceProfiles[].[InstanceProfileName,Roles[].RoleName]'],
    );
    expect(profiles).toContainEqual(['EMR_EC2_DefaultRole', ['EMR_EC2_DefaultRole']]);

    // Everything there: nothing is made, nothing but the empty list printed.
    const again = await roles(['emr', 'create-default-roles', '--iam-endpoint', moto!.endpoint]);
    expect([again.code, again.out]).toEqual([0, '[]\n']);
  });

  it('ssh and put run the ssh and scp of PATH with the command line the CLI builds, and exit with their status', async () => {
    const id = await newCluster();
    const dns = await json<string>(
      'emr',
      'describe-cluster',
      '--cluster-id',
      id,
      '--query',
      'Cluster.MasterPublicDnsName',
    );
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    for (const program of ['ssh', 'scp']) {
      writeFileSync(join(bin, program), `#!/bin/sh\necho "${program} got:"\nprintf '[%s]\\n' "$@"\nexit 3\n`);
      chmodSync(join(bin, program), 0o755);
    }
    const env = { env: { PATH: `${bin}:/usr/bin:/bin` } };
    const ssh = await aws(['emr', 'ssh', '--cluster-id', id, '--key-pair-file', 'k.pem', '--command', 'ls -l'], env);
    expect(ssh.code).toBe(3);
    expect(ssh.out).toBe(
      `ssh -o StrictHostKeyChecking=no -o ServerAliveInterval=10 -i k.pem hadoop@${dns} -t ls -l\n` +
        `ssh got:\n[-o]\n[StrictHostKeyChecking=no]\n[-o]\n[ServerAliveInterval=10]\n[-i]\n[k.pem]\n[hadoop@${dns}]\n[-t]\n[ls -l]\n`,
    );
    const put = await aws(['emr', 'put', '--cluster-id', id, '--src', '/data/a b.txt'], {
      ...env,
      config: '[default]\nemr =\n  key_pair_file = my key.pem\n',
    });
    expect(put.code).toBe(3);
    expect(put.out).toBe(
      `scp -r -o StrictHostKeyChecking=no -i my key.pem /data/a b.txt hadoop@${dns}:a b.txt\n` +
        `scp got:\n[-r]\n[-o StrictHostKeyChecking=no]\n[-i]\n[my key.pem]\n[/data/a b.txt]\n[hadoop@${dns}:a b.txt]\n`,
    );
    writeFileSync(join(dir, 'config'), '');

    const terminated = await newCluster();
    await aws(['emr', 'terminate-clusters', '--cluster-ids', terminated]);
    const refused = await aws(['emr', 'socks', '--cluster-id', terminated, '--key-pair-file', 'k.pem'], env);
    expect([refused.code, refused.out, refused.err]).toEqual([
      255,
      '',
      '\naws: error: Cluster terminating or already terminated.\n',
    ]);
  });
});
