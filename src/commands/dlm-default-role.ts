/**
 * `dlm create-default-role` (the AWS CLI's dlm/createdefaultrole.py): creates the IAM role Data
 * Lifecycle Manager acts as — AWSDataLifecycleManagerDefaultRole for snapshot policies, or
 * AWSDataLifecycleManagerDefaultRoleForAMIManagement with `--resource-type image` — trusting
 * dlm.amazonaws.com, and attaches the AWS managed policy made for it, whose ARN is in the partition of
 * the region. As in the CLI, nothing is printed and nothing changes when the role exists already (its
 * policies are not checked) or when the managed policy cannot be found; otherwise the new role and the
 * managed policy's document are printed as an operation's result is (--output, --query), under the
 * CLI's title `create_role`. IAM is called at `--iam-endpoint` when given (see nested-client.ts).
 */
import { ServiceError } from '../core/errors.js';
import type { Client } from '../core/client.js';
import { pyJsonDumps } from '../core/query/python-text.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../cli/command.js';
import { decodePolicyDocument } from '../cli/iam-policies.js';
import { writeCommandResult } from '../cli/operation.js';
import { toCliValue } from '../cli/output/py-values.js';
import { ConfigurationError } from '../cli/usage.js';
import { arnPartition } from './arn-partition.js';
import { nestedClient } from './nested-client.js';

const RESOURCE_TYPES = ['snapshot', 'image'] as const;
type ResourceType = (typeof RESOURCE_TYPES)[number];

/** The role made for each resource type, and the AWS managed policy (under `service-role/`) attached to it. */
const ROLES: Record<ResourceType, { role: string; policy: string }> = {
  snapshot: { role: 'AWSDataLifecycleManagerDefaultRole', policy: 'AWSDataLifecycleManagerServiceRole' },
  image: {
    role: 'AWSDataLifecycleManagerDefaultRoleForAMIManagement',
    policy: 'AWSDataLifecycleManagerServiceRoleForAMIManagement',
  },
};

/** The trust policy, key for key as the CLI writes it (its empty Sid included). */
const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: 'dlm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

const OPTIONS = [
  valueOption(
    'iam-endpoint',
    'string',
    'The endpoint to call IAM at, instead of the one of the region; only for a custom IAM endpoint.',
  ),
  valueOption(
    'resource-type',
    'string',
    "What the role is for: 'snapshot' (the default) or 'image' (policies that manage AMIs).",
    { choices: RESOURCE_TYPES },
  ),
];

const PAGE = commandPage(
  {
    name: 'create-default-role',
    description:
      'Creates the default IAM role that Amazon Data Lifecycle Manager uses, with its trust policy and its AWS managed policy attached, and prints the role and the policy. A role that exists already is left unchanged, its policies included, and nothing is printed; nothing is made or printed either when the managed policy cannot be found.',
    examples: ['isoaws dlm create-default-role', 'isoaws dlm create-default-role --resource-type image'],
  },
  OPTIONS,
);

export const createDefaultRoleCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const names = ROLES[(values.get('resource-type') as ResourceType | undefined) ?? 'snapshot'];
    const iam = await nestedClient(env, 'IAM', values.get('iam-endpoint') as string | undefined);
    const region = iam.config.region;
    // Asked for up front, as isoaws asks for every call (src/cli/operation.ts); the CLI sends the first
    // GetRole to IAM's global endpoint without one, and asks only when it needs the partition.
    if (!region)
      throw new ConfigurationError(
        'You must specify a region. You can also configure your region by running "aws configure".',
      );
    const signal = env.ctx.signal;
    if (await found(() => iam.send('iam', 'GetRole', { RoleName: names.role }, { signal }))) return 0;
    const policyArn = `arn:${arnPartition(region)}:iam::aws:policy/service-role/${names.policy}`;
    if (!(await found(() => iam.send('iam', 'GetPolicy', { PolicyArn: policyArn }, { signal })))) return 0;
    const { $metadata: _created, ...created } = await iam.send(
      'iam',
      'CreateRole',
      { RoleName: names.role, AssumeRolePolicyDocument: pyJsonDumps(TRUST_POLICY, true) },
      { signal },
    );
    await iam.send('iam', 'AttachRolePolicy', { PolicyArn: policyArn, RoleName: names.role }, { signal });
    const result = { RolePolicy: await policyDocument(iam, policyArn, signal), ...decodeTrustPolicy(created) };
    const { bundle } = await iam.service('iam');
    writeCommandResult(env.ctx, 'create_role', toCliValue(bundle, undefined, result, { markFloats: false }));
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** Whether the call finds its entity: false on IAM's NoSuchEntity, any other error thrown. */
async function found(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'NoSuchEntity') return false;
    throw err;
  }
}

/** The document of the policy's default version, decoded ({} when IAM gives none, as in the CLI). */
async function policyDocument(iam: Client, policyArn: string, signal: AbortSignal | undefined): Promise<unknown> {
  const policy = await iam.send('iam', 'GetPolicy', { PolicyArn: policyArn }, { signal });
  const versionId = (policy.Policy as { DefaultVersionId?: string } | undefined)?.DefaultVersionId ?? '';
  const version = await iam.send('iam', 'GetPolicyVersion', { PolicyArn: policyArn, VersionId: versionId }, { signal });
  const document = (version.PolicyVersion as { Document?: string } | undefined)?.Document;
  return document === undefined ? {} : decodePolicyDocument(document);
}

/** CreateRole's answer with the role's trust policy decoded, as botocore hands it to the CLI. */
function decodeTrustPolicy(created: Record<string, unknown>): Record<string, unknown> {
  const role = created.Role as Record<string, unknown> | undefined;
  if (typeof role?.AssumeRolePolicyDocument !== 'string') return created;
  return {
    ...created,
    Role: { ...role, AssumeRolePolicyDocument: decodePolicyDocument(role.AssumeRolePolicyDocument) },
  };
}
