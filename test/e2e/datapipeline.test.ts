/**
 * The Data Pipeline customizations against moto_server, in process over the real Node host, as far as
 * moto goes: a definition file put and read back in the file format, activate-pipeline with inline
 * values, and create-default-roles (moto started with its copy of the AWS managed policies, which lacks
 * AWSDataPipelineRole: the service role is made beforehand, so the command leaves it and makes the
 * resource role and instance profile). moto keeps no parameter objects or values and has no
 * QueryObjects: test/commands/datapipeline.test.ts covers those against a recording stand-in.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' });
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-datapipeline-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
const ok = async (...argv: string[]) => {
  const r = await run(argv);
  expect([r.code, r.err]).toEqual([0, '']);
  return r.out;
};

describe.skipIf(!moto)('datapipeline against moto_server', () => {
  it('puts a definition file and reads it back in the file format', async () => {
    const id = JSON.parse(await ok('datapipeline', 'create-pipeline', '--name', 'p', '--unique-id', 'u1')) as {
      pipelineId: string;
    };
    const definition = {
      objects: [
        { id: 'Default', name: 'Default', scheduleType: 'ondemand', failureAndRerunMode: 'CASCADE' },
        { id: 'Echo', type: 'ShellCommandActivity', command: 'echo hi', runsOn: { ref: 'Ec2' }, tags: ['a', 'b'] },
        { id: 'Ec2', name: 'Ec2', type: 'Ec2Resource' },
      ],
    };
    writeFileSync(join(dir, 'def.json'), JSON.stringify(definition));
    const put = ['--pipeline-id', id.pipelineId, '--pipeline-definition', 'file://def.json'];
    expect(JSON.parse(await ok('datapipeline', 'put-pipeline-definition', ...put))).toEqual({ errored: false });

    const read = JSON.parse(
      await ok('datapipeline', 'get-pipeline-definition', '--pipeline-id', id.pipelineId),
    ) as typeof definition;
    // The name defaults to the id, fields come back sorted by key, a list as a list again.
    expect(read).toEqual({
      objects: [
        { id: 'Default', name: 'Default', failureAndRerunMode: 'CASCADE', scheduleType: 'ondemand' },
        {
          id: 'Echo',
          name: 'Echo',
          command: 'echo hi',
          runsOn: { ref: 'Ec2' },
          tags: ['a', 'b'],
          type: 'ShellCommandActivity',
        },
        { id: 'Ec2', name: 'Ec2', type: 'Ec2Resource' },
      ],
    });
    // What get-pipeline-definition printed goes back in as it is.
    writeFileSync(join(dir, 'again.json'), JSON.stringify(read));
    await ok(
      'datapipeline',
      'put-pipeline-definition',
      '--pipeline-id',
      id.pipelineId,
      '--pipeline-definition',
      'file://again.json',
    );
    expect(JSON.parse(await ok('datapipeline', 'get-pipeline-definition', '--pipeline-id', id.pipelineId))).toEqual(
      read,
    );

    await ok(
      'datapipeline',
      'activate-pipeline',
      '--pipeline-id',
      id.pipelineId,
      '--parameter-values',
      'myA=1',
      'myA=2',
    );
    const state = await ok(
      ...['datapipeline', 'describe-pipelines', '--pipeline-ids', id.pipelineId, '--output', 'text'],
      ...['--query', "pipelineDescriptionList[0].fields[?key=='@pipelineState'].stringValue"],
    );
    expect(state).toBe('SCHEDULED\n');
  });

  it('create-default-roles makes what is missing and leaves the rest', async () => {
    const trust = '{"Version":"2012-10-17","Statement":[]}';
    await ok('iam', 'create-role', '--role-name', 'DataPipelineDefaultRole', '--assume-role-policy-document', trust);

    const first = await run(['datapipeline', 'create-default-roles']);
    expect(first.code).toBe(0);
    expect(first.err).toContain('dp-iam-roles.html');
    const printed = JSON.parse(first.out) as Array<{
      Role: Record<string, unknown>;
      RolePolicy: { Statement: unknown[] };
    }>;
    expect(printed).toHaveLength(1);
    expect(printed[0]!.Role).toMatchObject({
      RoleName: 'DataPipelineDefaultResourceRole',
      AssumeRolePolicyDocument: {
        Version: '2008-10-17',
        Statement: [
          { Sid: '', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
    });
    expect(printed[0]!.RolePolicy.Statement.length).toBeGreaterThan(0);

    const attached = await ok(
      ...['iam', 'list-attached-role-policies', '--role-name', 'DataPipelineDefaultResourceRole'],
      ...['--query', 'AttachedPolicies[].PolicyName', '--output', 'text'],
    );
    expect(attached).toBe('AmazonEC2RoleforDataPipelineRole\n');
    const profile = await ok(
      ...['iam', 'get-instance-profile', '--instance-profile-name', 'DataPipelineDefaultResourceRole'],
      ...['--query', 'InstanceProfile.Roles[].RoleName', '--output', 'text'],
    );
    expect(profile).toBe('DataPipelineDefaultResourceRole\n');
    // The service role made beforehand is not touched.
    expect(
      await ok(
        'iam',
        'list-attached-role-policies',
        '--role-name',
        'DataPipelineDefaultRole',
        '--query',
        'length(AttachedPolicies)',
      ),
    ).toBe('0\n');

    const again = await run(['datapipeline', 'create-default-roles']);
    expect([again.code, again.out]).toEqual([0, '[]\n']);
  });
});
