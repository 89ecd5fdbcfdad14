/**
 * `emr create-default-roles` (the CLI's emr/createdefaultroles.py): the IAM roles create-cluster's
 * `--use-default-roles` names — EMR_EC2_DefaultRole (with its instance profile), EMR_DefaultRole and
 * EMR_AutoScaling_DefaultRole — each made with its AWS managed policy unless it exists. The services
 * trusted are named from EMR's endpoint (`elasticmapreduce.<suffix>`), as the CLI names them. The
 * roles made are printed with their policies under the title `create_role`, and the profile's `emr`
 * block gets service_role and instance_profile unless it names either already.
 */
import { IsoawsError } from '../../core/errors.js';
import { editConfigFile } from '../../core/config/edit-file.js';
import { readSharedFiles } from '../../core/config/profile.js';
import { profileSection, updateIniText } from '../../core/config/writer.js';
import { resolveOperationEndpoint } from '../../core/operation-endpoint.js';
import {
  commandPage,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
} from '../../cli/command.js';
import {
  ensureInstanceProfile,
  iamCaller,
  iamEntityExists,
  managedPolicyDocument,
  trustPolicy,
  withDecodedTrustPolicy,
} from '../default-roles.js';
import { writeCommandResult } from '../../cli/operation.js';
import { formatJson } from '../../cli/output/json.js';
import { toCliValue } from '../../cli/output/py-values.js';
import { ConfigurationError } from '../../cli/usage.js';
import { arnPartition } from '../arn-partition.js';
import { nestedClient } from '../nested-client.js';
import { emrSettings } from './command.js';

const EC2_ROLE = 'EMR_EC2_DefaultRole';
const EMR_ROLE = 'EMR_DefaultRole';

/** Each role, its managed policy (under `service-role/`), and the services that may assume it. */
const ROLES = [
  { role: EC2_ROLE, policy: 'AmazonElasticMapReduceforEC2Role', services: ['ec2'] },
  { role: EMR_ROLE, policy: 'AmazonElasticMapReduceRole', services: ['elasticmapreduce'] },
  {
    role: 'EMR_AutoScaling_DefaultRole',
    policy: 'AmazonElasticMapReduceforAutoScalingRole',
    services: ['elasticmapreduce', 'application-autoscaling'],
  },
] as const;

/** The regions of EMR in the aws-cn partition, where Application Auto Scaling's principal has the China suffix. */
const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'];

const OPTIONS = [
  valueOption(
    'iam-endpoint',
    'string',
    'The IAM endpoint to call for creating the roles; only for a custom IAM endpoint.',
  ),
];

const PAGE = commandPage(
  {
    name: 'create-default-roles',
    description: `Creates the default IAM roles ${EC2_ROLE} (with its instance profile) and ${EMR_ROLE}, and EMR_AutoScaling_DefaultRole, which create-cluster --use-default-roles uses; they have AWS managed policies. A role that exists is left alone. Unless the profile's emr block sets service_role or instance_profile already, both are set to these roles in the config file.`,
    examples: ['isoaws emr create-default-roles'],
  },
  OPTIONS,
);

export const createDefaultRolesCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const iam = await nestedClient(env, 'IAM', values.get('iam-endpoint') as string | undefined);
    const region = iam.config.region;
    if (!region)
      throw new ConfigurationError(
        'You must specify a region. You can also configure your region by running "aws configure".',
      );
    const emrEndpoint = await emrEndpointUrl(env);
    const call = iamCaller(iam, env.ctx.signal);
    const made: Array<{ Role: unknown; RolePolicy: unknown }> = [];
    for (const spec of ROLES) {
      if (!(await iamEntityExists(() => call('GetRole', { RoleName: spec.role })))) {
        const policyArn = `arn:${arnPartition(region)}:iam::aws:policy/service-role/${spec.policy}`;
        const principals = spec.services.map((service) => servicePrincipal(service, emrEndpoint));
        const created = await call('CreateRole', {
          RoleName: spec.role,
          AssumeRolePolicyDocument: formatJson(
            trustPolicy('2008-10-17', principals.length === 1 ? principals[0]! : principals),
            2,
          ),
        });
        await call('AttachRolePolicy', { PolicyArn: policyArn, RoleName: spec.role });
        made.push({
          Role: withDecodedTrustPolicy(created.Role),
          RolePolicy: await managedPolicyDocument(call, policyArn),
        });
      }
      // The EC2 role's instance profile is looked at next, whether the role was made now or before.
      if (spec.role === EC2_ROLE) await ensureInstanceProfile(call, EC2_ROLE);
    }
    await rememberRoles(env);
    const { bundle } = await iam.service('iam');
    writeCommandResult(env.ctx, 'create_role', toCliValue(bundle, undefined, made, { markFloats: false }));
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** Where EMR is called: --endpoint-url or a configured endpoint when given, else the region's own. */
async function emrEndpointUrl(env: CommandEnv): Promise<string> {
  const { client, bundle } = await env.service();
  if (client.config.endpointUrl !== undefined) return client.config.endpointUrl;
  const resolved = await resolveOperationEndpoint({
    host: client.host,
    config: client.config,
    bundle,
    operation: bundle.operations.ListClusters!,
    params: {},
    service: 'emr',
  });
  return resolved.url;
}

/**
 * A service's principal, `<service>.<suffix>`, the suffix and region read from EMR's endpoint
 * (`https://elasticmapreduce.<region>.<suffix>` or `https://<region>.elasticmapreduce.<suffix>`).
 * Application Auto Scaling's is application-autoscaling.amazonaws.com outside China.
 */
export function servicePrincipal(service: string, endpoint: string): string {
  const match =
    /^(https?:\/\/)([^.]+).elasticmapreduce.([^/]*)/.exec(endpoint) ??
    /^(https?:\/\/elasticmapreduce).([^.]+).([^/]*)/.exec(endpoint);
  if (!match) throw new IsoawsError('Could not resolve the service principal from the region or the endpoint.');
  const [, , region, suffix] = match;
  if (service === 'application-autoscaling' && !CHINA_REGIONS.includes(region!))
    return 'application-autoscaling.amazonaws.com';
  return `${service}.${suffix}`;
}

/** The profile's emr block gets the default roles, unless it names a role already. */
async function rememberRoles(env: CommandEnv): Promise<void> {
  const { settings, profile } = await emrSettings(env);
  if ('instance_profile' in settings || 'service_role' in settings) return;
  const files = await readSharedFiles(env.ctx.host);
  const section = profileSection(profile);
  await editConfigFile(env.ctx.host, files.configPath, (text) =>
    updateIniText(updateIniText(text, section, { emr: { service_role: EMR_ROLE } }), section, {
      emr: { instance_profile: EC2_ROLE },
    }),
  );
}
