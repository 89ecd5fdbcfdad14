/**
 * `datapipeline create-default-roles` (the AWS CLI's datapipeline/createdefaultroles.py): makes the two
 * IAM roles Data Pipeline uses unless they exist — DataPipelineDefaultRole, trusted by Data Pipeline and
 * EMR, with the AWS managed policy AWSDataPipelineRole attached, and DataPipelineDefaultResourceRole,
 * trusted by EC2, with AmazonEC2RoleforDataPipelineRole — and the instance profile of the second role's
 * name holding that role. A role that exists is left as it is. Printed, as an operation's result under
 * the CLI's title `create_role`, is a list with, for each role made, the role and the document of the
 * managed policy attached to it (an empty list when nothing was made).
 *
 * As in the CLI, the command warns first that AWS has deprecated it, IAM is called at the global
 * `--endpoint-url` when one is given, and the policy ARNs are those of the `aws` partition.
 */
import { commandPage, readCommandOptions, type CommandModule } from '../../cli/command.js';
import { pyJsonDumps } from '../../cli/history/py-json.js';
import { writeCommandResult } from '../../cli/operation.js';
import { toCliValue } from '../../cli/output/py-values.js';
import { ConfigurationError } from '../../cli/usage.js';
import {
  ensureInstanceProfile,
  iamCaller,
  iamEntityExists,
  managedPolicyDocument,
  trustPolicy,
  withDecodedTrustPolicy,
} from '../default-roles.js';

/** The instance profile takes the resource role's name. */
const RESOURCE_ROLE = 'DataPipelineDefaultResourceRole';

/** Each role: its name, the managed policy attached to it and the services its trust policy names. */
const ROLES = [
  {
    name: 'DataPipelineDefaultRole',
    policyArn: 'arn:aws:iam::aws:policy/service-role/AWSDataPipelineRole',
    service: ['datapipeline.amazonaws.com', 'elasticmapreduce.amazonaws.com'],
  },
  {
    name: RESOURCE_ROLE,
    policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforDataPipelineRole',
    service: 'ec2.amazonaws.com',
  },
];

const DOCS = 'https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-iam-roles.html';

/** The warning printed before anything is done; the last line is the guide's address. */
const DEPRECATION = `Warning: AWS has deprecated datapipeline create-default-roles, and it may fail to create the roles
when they do not exist. The guide to making them and their policies yourself:

${DOCS}
`;

const PAGE = commandPage(
  {
    name: 'create-default-roles',
    description: `Creates the IAM roles DataPipelineDefaultRole and ${RESOURCE_ROLE}, with their trust policies and AWS managed policies, and the instance profile ${RESOURCE_ROLE}, unless they exist; a role that exists is not changed. Prints each role made with its policy. AWS has deprecated this command: see ${DOCS}.`,
    examples: ['isoaws datapipeline create-default-roles'],
  },
  [],
);

export const createDefaultRolesCommand: CommandModule = {
  async run(env, args) {
    readCommandOptions([], args);
    env.ctx.host.stderr.write(DEPRECATION);
    const iam = await env.client('IAM');
    if (!iam.config.region)
      throw new ConfigurationError(
        'You must specify a region. You can also configure your region by running "aws configure".',
      );
    const call = iamCaller(iam, env.ctx.signal);
    const made: unknown[] = [];
    for (const role of ROLES) {
      if (await iamEntityExists(() => call('GetRole', { RoleName: role.name }))) continue;
      const created = await call('CreateRole', {
        RoleName: role.name,
        AssumeRolePolicyDocument: pyJsonDumps(trustPolicy('2008-10-17', role.service), { indent: 2 }),
      });
      await call('AttachRolePolicy', { PolicyArn: role.policyArn, RoleName: role.name });
      // A policy without a document prints as null here, as in the CLI.
      const policy = (await managedPolicyDocument(call, role.policyArn)) ?? null;
      made.push({ Role: withDecodedTrustPolicy(created.Role), RolePolicy: policy });
    }
    await ensureInstanceProfile(call, RESOURCE_ROLE);
    const { bundle } = await iam.service('iam');
    writeCommandResult(env.ctx, 'create_role', toCliValue(bundle, undefined, made, { markFloats: false }));
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
