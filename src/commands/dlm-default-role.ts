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
import { pyJsonDumps } from '../core/query/python-text.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../cli/command.js';
import { writeCommandResult } from '../cli/operation.js';
import { toCliValue } from '../cli/output/py-values.js';
import { ConfigurationError } from '../cli/usage.js';
import { arnPartition } from './arn-partition.js';
import {
  iamCaller,
  iamEntityExists,
  managedPolicyDocument,
  trustPolicy,
  withDecodedTrustPolicy,
} from './default-roles.js';
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
    const call = iamCaller(iam, env.ctx.signal);
    if (await iamEntityExists(() => call('GetRole', { RoleName: names.role }))) return 0;
    const policyArn = `arn:${arnPartition(region)}:iam::aws:policy/service-role/${names.policy}`;
    if (!(await iamEntityExists(() => call('GetPolicy', { PolicyArn: policyArn })))) return 0;
    const created = await call('CreateRole', {
      RoleName: names.role,
      AssumeRolePolicyDocument: pyJsonDumps(trustPolicy('2012-10-17', 'dlm.amazonaws.com'), true),
    });
    await call('AttachRolePolicy', { PolicyArn: policyArn, RoleName: names.role });
    // A policy without a document prints as {} here, as in the CLI.
    const result = {
      RolePolicy: (await managedPolicyDocument(call, policyArn)) ?? {},
      ...created,
      Role: withDecodedTrustPolicy(created.Role),
    };
    const { bundle } = await iam.service('iam');
    writeCommandResult(env.ctx, 'create_role', toCliValue(bundle, undefined, result, { markFloats: false }));
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
