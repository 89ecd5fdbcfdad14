/**
 * The role-managing customizations against moto_server, in process over the real Node host:
 * `dlm create-default-role` (moto started with its copy of the AWS managed policies) and
 * `emr-containers update-role-trust-policy` on a cluster made with EKS CreateCluster, whose OIDC issuer
 * moto invents. As in the AWS CLI, these commands reach IAM at --iam-endpoint and EKS at its configured
 * endpoint, never at --endpoint-url: every run here gives --endpoint-url a port nothing listens on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' });
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-roles-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
/** A command these tests check: --endpoint-url unusable, IAM and EKS at moto the ways the CLI allows. */
const aws = async (...argv: string[]) => {
  const { code, out, err } = await run(argv, {
    endpoint: 'http://127.0.0.1:9',
    env: { AWS_ENDPOINT_URL_EKS: moto!.endpoint, AWS_MAX_ATTEMPTS: '1' },
  });
  return { code, out, err };
};
/** A plain call to moto, to set up or look. */
const motoJson = async (...argv: string[]) => {
  const r = await run(argv);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as unknown;
};

const DLM_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: 'dlm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe.skipIf(!moto)('dlm create-default-role against moto_server', () => {
  it('creates the role with its trust policy and managed policy, prints both, and leaves it alone after', async () => {
    const first = await aws('dlm', 'create-default-role', '--iam-endpoint', moto!.endpoint);
    expect([first.code, first.err]).toEqual([0, '']);
    const printed = JSON.parse(first.out) as {
      RolePolicy: { Statement: Array<{ Action: string[] }> };
      Role: { RoleName: string; Arn: string; CreateDate: string; AssumeRolePolicyDocument: unknown };
    };
    expect(Object.keys(printed)).toEqual(['RolePolicy', 'Role']);
    expect(printed.Role).toMatchObject({
      RoleName: 'AWSDataLifecycleManagerDefaultRole',
      Arn: 'arn:aws:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole',
      AssumeRolePolicyDocument: DLM_TRUST,
    });
    expect(printed.Role.CreateDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(printed.RolePolicy.Statement[0]!.Action).toContain('ec2:CreateSnapshot');

    const role = ['--role-name', 'AWSDataLifecycleManagerDefaultRole'];
    expect(await motoJson('iam', 'get-role', ...role, '--query', 'Role.AssumeRolePolicyDocument')).toEqual(DLM_TRUST);
    expect(await motoJson('iam', 'list-attached-role-policies', ...role, '--query', 'AttachedPolicies')).toEqual([
      {
        PolicyName: 'AWSDataLifecycleManagerServiceRole',
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole',
      },
    ]);

    // The role exists now: nothing is printed and nothing changes.
    expect(await aws('dlm', 'create-default-role', '--iam-endpoint', moto!.endpoint)).toEqual({
      code: 0,
      out: '',
      err: '',
    });
    expect(await motoJson('iam', 'list-attached-role-policies', ...role, '--query', 'length(AttachedPolicies)')).toBe(
      1,
    );
  });

  it('makes the AMI-management role for --resource-type image, printed through --query and --output', async () => {
    const r = await aws(
      'dlm',
      'create-default-role',
      '--iam-endpoint',
      moto!.endpoint,
      '--resource-type',
      'image',
      '--query',
      '[Role.RoleName, RolePolicy.Version]',
      '--output',
      'text',
    );
    expect(r).toEqual({ code: 0, out: 'AWSDataLifecycleManagerDefaultRoleForAMIManagement\t2012-10-17\n', err: '' });
    const attached = [
      '--role-name',
      'AWSDataLifecycleManagerDefaultRoleForAMIManagement',
      '--query',
      'AttachedPolicies[].PolicyArn',
    ];
    expect(await motoJson('iam', 'list-attached-role-policies', ...attached)).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRoleForAMIManagement',
    ]);
  });
});

describe.skipIf(!moto)('emr-containers update-role-trust-policy against moto_server', () => {
  it('adds the statement for the cluster’s OIDC provider once per namespace; --dry-run only prints it', async () => {
    const ec2Trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    await motoJson(
      'iam',
      'create-role',
      '--role-name',
      'emr-job-role',
      '--assume-role-policy-document',
      JSON.stringify(ec2Trust),
    );
    const issuer = (await motoJson(
      'eks',
      'create-cluster',
      '--name',
      'analytics',
      '--role-arn',
      'arn:aws:iam::123456789012:role/eks-cluster',
      '--resources-vpc-config',
      'subnetIds=subnet-1',
      '--query',
      'cluster.identity.oidc.issuer',
    )) as string;
    // moto gives a new cluster an OIDC issuer, so no stand-in is needed for EKS.
    expect(issuer).toMatch(/^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/\w+$/);
    const provider = issuer.slice('https://'.length);
    const statement = (namespace: string) => ({
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${provider}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringLike: {
          [`${provider}:sub`]: `system:serviceaccount:${namespace}:emr-containers-sa-*-*-123456789012-31k61zpmb7mlsiqq1k5`,
        },
      },
    });
    const trustPolicy = () =>
      motoJson('iam', 'get-role', '--role-name', 'emr-job-role', '--query', 'Role.AssumeRolePolicyDocument');
    const update = (namespace: string, ...more: string[]) =>
      aws(
        'emr-containers',
        'update-role-trust-policy',
        '--cluster-name',
        'analytics',
        '--namespace',
        namespace,
        '--role-name',
        'emr-job-role',
        '--iam-endpoint',
        moto!.endpoint,
        ...more,
      );

    const dry = await update('spark-jobs', '--dry-run');
    expect([dry.code, dry.err]).toEqual([0, '']);
    const merged = { ...ec2Trust, Statement: [...ec2Trust.Statement, statement('spark-jobs')] };
    expect(dry.out).toBe(`${JSON.stringify(merged, null, 2)}\n`);
    expect(await trustPolicy()).toEqual(ec2Trust);

    expect(await update('spark-jobs')).toEqual({
      code: 0,
      out: 'Successfully updated trust policy of role emr-job-role\n',
      err: '',
    });
    expect(await trustPolicy()).toEqual(merged);

    expect(await update('spark-jobs')).toEqual({
      code: 0,
      out: 'Trust policy statement already exists for role emr-job-role. No changes were made!\n',
      err: '',
    });
    expect(await update('other-jobs')).toMatchObject({ code: 0 });
    expect(await trustPolicy()).toEqual({ ...merged, Statement: [...merged.Statement, statement('other-jobs')] });
  });

  it('reports a cluster EKS does not know as its error (exit 254)', async () => {
    const r = await aws(
      'emr-containers',
      'update-role-trust-policy',
      '--cluster-name',
      'no-such-cluster',
      '--namespace',
      'jobs',
      '--role-name',
      'emr-job-role',
    );
    expect(r.code).toBe(254);
    expect(r.err).toMatch(
      // AWS_MAX_ATTEMPTS=1: the one attempt was the last, which botocore says.
      /^\nAn error occurred \(ResourceNotFoundException\) when calling the DescribeCluster operation \(reached max retries: 0\): .*no-such-cluster.*\n$/,
    );
  });
});
