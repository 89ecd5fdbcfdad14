/**
 * `emr create-default-roles` (the CLI's emr/createdefaultroles.py): the IAM roles create-cluster's
 * `--use-default-roles` names — EMR_EC2_DefaultRole (with its instance profile), EMR_DefaultRole and
 * EMR_AutoScaling_DefaultRole — each made with its AWS managed policy unless it exists. The services
 * trusted are named from EMR's endpoint (`elasticmapreduce.<suffix>`), as the CLI names them. The
 * roles made are printed with their policies under the title `create_role`, and the profile's `emr`
 * block gets service_role and instance_profile unless it names either already.
 */
import { ServiceError, IsoawsError } from '../../core/errors.js';
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
import { decodePolicyDocument } from '../../cli/iam-policies.js';
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
    const signal = env.ctx.signal;
    const call = async (operation: string, params: Record<string, unknown>) => {
      const { $metadata: _meta, ...output } = await iam.send('iam', operation, params, { signal });
      return output;
    };
    const made: Array<{ Role: unknown; RolePolicy: unknown }> = [];
    for (const spec of ROLES) {
      if (!(await exists(() => call('GetRole', { RoleName: spec.role })))) {
        const policyArn = `arn:${arnPartition(region)}:iam::aws:policy/service-role/${spec.policy}`;
        const principals = spec.services.map((service) => servicePrincipal(service, emrEndpoint));
        const created = await call('CreateRole', {
          RoleName: spec.role,
          AssumeRolePolicyDocument: formatJson(trustPolicy(principals.length === 1 ? principals[0]! : principals), 2),
        });
        await call('AttachRolePolicy', { PolicyArn: policyArn, RoleName: spec.role });
        const policy = await call('GetPolicy', { PolicyArn: policyArn });
        const versionId = (policy.Policy as { DefaultVersionId?: string }).DefaultVersionId;
        const version = await call('GetPolicyVersion', { PolicyArn: policyArn, VersionId: versionId });
        const document = (version.PolicyVersion as { Document?: string }).Document;
        made.push({
          Role: decodeTrust(created.Role as Record<string, unknown>),
          RolePolicy: document === undefined ? undefined : decodePolicyDocument(document),
        });
      }
      // The EC2 role's instance profile is looked at next, whether the role was made now or before.
      if (spec.role === EC2_ROLE) await ensureInstanceProfile(call);
    }
    await rememberRoles(env);
    const { bundle } = await iam.service('iam');
    writeCommandResult(env.ctx, 'create_role', toCliValue(bundle, undefined, made, { markFloats: false }));
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

type IamCall = (operation: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Whether the call finds its entity: false on IAM's NoSuchEntity, any other error thrown. */
async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'NoSuchEntity') return false;
    throw err;
  }
}

async function ensureInstanceProfile(call: IamCall): Promise<void> {
  if (await exists(() => call('GetInstanceProfile', { InstanceProfileName: EC2_ROLE }))) return;
  await call('CreateInstanceProfile', { InstanceProfileName: EC2_ROLE });
  await call('AddRoleToInstanceProfile', { InstanceProfileName: EC2_ROLE, RoleName: EC2_ROLE });
}

/** The trust policy, key for key as the CLI writes it (its 2008 version and empty Sid included). */
function trustPolicy(principal: string | string[]): unknown {
  return {
    Version: '2008-10-17',
    Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }],
  };
}

/** CreateRole's role with its trust policy decoded, as botocore hands it to the CLI. */
function decodeTrust(role: Record<string, unknown>): Record<string, unknown> {
  const document = role.AssumeRolePolicyDocument;
  return typeof document === 'string' ? { ...role, AssumeRolePolicyDocument: decodePolicyDocument(document) } : role;
}

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
