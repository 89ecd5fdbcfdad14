/**
 * IAM's URL-encoded policy documents as the AWS CLI shows them: decoded and parsed, in every output
 * format and for --query (botocore's json_decode_policies), here against the sandbox, which encodes
 * them as IAM does.
 */
import { describe, expect, it } from 'vitest';
import { sandboxCli } from './cli-support.js';

const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] };
const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('IAM policy documents in the CLI', () => {
  const cli = sandboxCli();

  it('are printed decoded, and --query reaches inside them', async () => {
    await cli.json(['iam', 'create-user', '--user-name', 'ana']);
    await cli.run([
      'iam',
      'put-user-policy',
      '--user-name',
      'ana',
      '--policy-name',
      'p',
      '--policy-document',
      JSON.stringify(POLICY),
    ]);
    const got = await cli.json(['iam', 'get-user-policy', '--user-name', 'ana', '--policy-name', 'p']);
    expect(got).toEqual({ UserName: 'ana', PolicyName: 'p', PolicyDocument: POLICY });
    const effect = await cli.run([
      'iam',
      'get-user-policy',
      '--user-name',
      'ana',
      '--policy-name',
      'p',
      '--query',
      'PolicyDocument.Statement[0].Action',
      '--output',
      'text',
    ]);
    expect(effect.out).toBe('s3:ListBucket\n');

    await cli.json(['iam', 'create-role', '--role-name', 'r', '--assume-role-policy-document', JSON.stringify(TRUST)]);
    const roles = await cli.json(['iam', 'list-roles', '--query', 'Roles[].AssumeRolePolicyDocument']);
    expect(roles).toEqual([TRUST]);
    const text = await cli.run([
      'iam',
      'get-role',
      '--role-name',
      'r',
      '--query',
      'Role.AssumeRolePolicyDocument',
      '--output',
      'text',
    ]);
    expect(text.out).toBe('2012-10-17\nSTATEMENT\tsts:AssumeRole\tAllow\nPRINCIPAL\tec2.amazonaws.com\n');
  });
});
