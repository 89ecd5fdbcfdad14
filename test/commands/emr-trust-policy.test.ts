/**
 * `emr-containers update-role-trust-policy` on the trust policies the clidiff cases
 * (test/clidiff/role-commands.yaml) do not reach, against a stand-in for EKS and IAM: how the statement is
 * added to a policy without statements or with a single one, when an existing statement counts as the
 * same (the CLI's comparison, as text), how --dry-run escapes what is not ASCII, and the failures before
 * any change.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/5C1F2E8A9B0D';
const STATEMENT = {
  Effect: 'Allow',
  Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${PROVIDER}` },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: {
    StringLike: {
      [`${PROVIDER}:sub`]: 'system:serviceaccount:jobs:emr-containers-sa-*-*-123456789012-31k61zpmb7mlsiqq1k5',
    },
  },
};
const EC2 = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
const ARGS = ['emr-containers', 'update-role-trust-policy', '--cluster-name', 'analytics', '--namespace', 'jobs'];
const ROLE = ['--role-name', 'emr-job-role'];

/** EKS and IAM as the command uses them; the policy documents IAM was sent are kept. */
function standIn(
  trust: unknown,
  cluster: Record<string, unknown> = { identity: { oidc: { issuer: `https://${PROVIDER}` } } },
) {
  const sent: unknown[] = [];
  const host = createMemoryHost(
    (req: HttpRequest) => {
      if (req.method === 'GET')
        return reply(
          200,
          JSON.stringify({
            cluster: { name: 'analytics', arn: 'arn:aws:eks:us-east-1:123456789012:cluster/analytics', ...cluster },
          }),
          { 'content-type': 'application/json' },
        );
      const form = new URLSearchParams(new TextDecoder().decode(req.body as Uint8Array));
      const xml = (action: string, result: string) =>
        reply(
          200,
          `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">${result}<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></${action}Response>`,
          { 'content-type': 'text/xml' },
        );
      if (form.get('Action') === 'GetRole')
        return xml(
          'GetRole',
          `<GetRoleResult><Role><Path>/</Path><RoleName>emr-job-role</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::123456789012:role/emr-job-role</Arn><CreateDate>2024-05-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${encodeURIComponent(typeof trust === 'string' ? trust : JSON.stringify(trust))}</AssumeRolePolicyDocument></Role></GetRoleResult>`,
        );
      sent.push(JSON.parse(form.get('PolicyDocument')!));
      return xml('UpdateAssumeRolePolicy', '');
    },
    {
      env: {
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: 'http://aws.test',
      },
    },
  );
  return { host, sent };
}

describe('emr-containers update-role-trust-policy', () => {
  it.each([
    ['with no statements', { Version: '2012-10-17' }, { Version: '2012-10-17', Statement: [STATEMENT] }],
    ['with an empty list', { Version: '2012-10-17', Statement: [] }, { Version: '2012-10-17', Statement: [STATEMENT] }],
    // IAM takes one statement as an object, on which the CLI fails; it is read as a list of one.
    [
      'with a single statement object',
      { Statement: EC2, Version: '2012-10-17' },
      { Statement: [EC2, STATEMENT], Version: '2012-10-17' },
    ],
    [
      'whose statement has the action in a list (not the same, as text)',
      { Version: '2012-10-17', Statement: [{ ...STATEMENT, Action: [STATEMENT.Action] }] },
      { Version: '2012-10-17', Statement: [{ ...STATEMENT, Action: [STATEMENT.Action] }, STATEMENT] },
    ],
  ])('adds the statement to a policy %s', async (_, trust, expected) => {
    const { host, sent } = standIn(trust);
    expect(await runCli([...ARGS, ...ROLE], host)).toBe(0);
    expect(sent).toEqual([expected]);
    expect(host.out.join('')).toBe('Successfully updated trust policy of role emr-job-role\n');
  });

  it('finds the statement whatever the order of its keys', async () => {
    const reordered = {
      Condition: STATEMENT.Condition,
      Action: STATEMENT.Action,
      Principal: STATEMENT.Principal,
      Effect: 'Allow',
    };
    const { host, sent } = standIn({ Version: '2012-10-17', Statement: [EC2, reordered] });
    expect(await runCli([...ARGS, ...ROLE], host)).toBe(0);
    expect(sent).toEqual([]);
    expect(host.out.join('')).toBe(
      'Trust policy statement already exists for role emr-job-role. No changes were made!\n',
    );
  });

  it('prints with --dry-run what is not ASCII as json.dumps escapes it, and sends nothing', async () => {
    const { host, sent } = standIn({ Version: '2012-10-17', Statement: [{ Sid: 'für 🚀', ...EC2 }] });
    expect(await runCli([...ARGS, ...ROLE, '--dry-run'], host)).toBe(0);
    expect(sent).toEqual([]);
    const out = host.out.join('');
    expect(out).toContain('\n      "Sid": "f\\u00fcr \\ud83d\\ude80",\n');
    expect(out).toBe(
      `${JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'für 🚀', ...EC2 }, STATEMENT] }, null, 2).replace('für 🚀', 'f\\u00fcr \\ud83d\\ude80')}\n`,
    );
  });

  it('fails before reading the role when the cluster has no OIDC issuer (exit 255)', async () => {
    const { host, sent } = standIn({ Version: '2012-10-17' }, { identity: {} });
    expect(await runCli([...ARGS, ...ROLE], host)).toBe(255);
    expect(host.err.join('')).toBe('\nThe EKS cluster analytics has no OIDC identity provider issuer\n');
    expect(host.requests).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it('leaves a trust policy that is not a JSON object unchanged (exit 255)', async () => {
    const { host, sent } = standIn('not json');
    expect(await runCli([...ARGS, ...ROLE], host)).toBe(255);
    expect(host.err.join('')).toBe('\nThe trust policy of role emr-job-role is not a JSON object\n');
    expect(sent).toEqual([]);
  });
});
