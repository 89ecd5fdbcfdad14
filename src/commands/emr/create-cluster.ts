/**
 * `emr create-cluster` (the CLI's emr/createcluster.py): a RunJobFlow request built from the
 * command's shorthands and defaults — instance groups from `--instance-type`/`--instance-count`, roles
 * from `--use-default-roles`, steps and installs by type, EMRFS settings, the profile's `emr` block —
 * checked as the CLI checks it, and the answer printed as `{"ClusterId", "ClusterArn"}`.
 */
import { commandPage, flagOption, valueOption, type CommandModule } from '../../cli/command.js';
import { pyInt } from '../../cli/shorthand.js';
import * as SCHEMAS from './arg-schemas.js';
import {
  applyEmrSettings,
  callEmr,
  emrSettings,
  readEmrOptions,
  showResult,
  type EmrOption,
  type EmrValues,
} from './command.js';
import { emrFsBootstrapActions, emrFsConfiguration, type EmrFsArgs } from './emrfs.js';
import { bothBooleans, fail, missingApplications, MESSAGES, mutuallyExclusive, requiredOptions } from './errors.js';
import {
  buildInstanceFleets,
  clusterInstanceGroups,
  type InstanceFleetArgs,
  type InstanceGroupArgs,
} from './instances.js';
import {
  buildAmiApplications,
  buildStep,
  buildSteps,
  keyValue,
  s3Link,
  scriptRunner,
  type ApplicationArgs,
  type StepArgs,
} from './steps.js';

const EMR_ROLE = 'EMR_DefaultRole';
const EC2_ROLE = 'EMR_EC2_DefaultRole';

const schemaOption = (name: string, schema: EmrOption['schema'], text: string, type = 'list'): EmrOption => ({
  ...valueOption(name, type, text, schema?.type === 'array' ? { nargs: 'many' } : {}),
  schema,
});

const OPTIONS: EmrOption[] = [
  valueOption('release-label', 'string', 'The Amazon EMR release of the cluster (emr-6.10.0, …).'),
  valueOption('os-release-label', 'string', 'The Amazon Linux release of the cluster’s instances.'),
  valueOption('ami-version', 'string', 'The AMI version of an older (2.x, 3.x) cluster; not with --release-label.'),
  schemaOption(
    'instance-groups',
    SCHEMAS.INSTANCE_GROUPS,
    'The instance groups: InstanceGroupType=MASTER|CORE|TASK,InstanceType=…,InstanceCount=…[,Name=…,BidPrice=…,EbsConfiguration=…,AutoScalingPolicy=…,Configurations=…,CustomAmiId=…] …',
  ),
  valueOption('instance-type', 'string', 'Shortcut for --instance-groups: the instance type of every node.'),
  valueOption('instance-count', 'string', 'With --instance-type: the number of nodes, one master and the rest core.'),
  flagOption('auto-terminate', 'Terminates the cluster once its steps are done.'),
  flagOption('no-auto-terminate', 'Keeps the cluster running once its steps are done (the default).'),
  schemaOption(
    'instance-fleets',
    SCHEMAS.INSTANCE_FLEETS,
    'The instance fleets: InstanceFleetType=…,TargetOnDemandCapacity=…,TargetSpotCapacity=…,InstanceTypeConfigs=[…],LaunchSpecifications={…} …',
  ),
  valueOption('name', 'string', 'The cluster’s name (Development Cluster by default).'),
  valueOption('log-uri', 'string', 'Where in S3 the cluster writes its logs.'),
  valueOption('log-encryption-kms-key-id', 'string', 'The KMS key that encrypts the logs.'),
  valueOption('service-role', 'string', 'The IAM role EMR acts as.'),
  valueOption('auto-scaling-role', 'string', 'The IAM role of automatic scaling; needed with an AutoScalingPolicy.'),
  flagOption(
    'use-default-roles',
    `Uses ${EMR_ROLE} as the service role and ${EC2_ROLE} as the instance profile (see create-default-roles).`,
  ),
  valueOption('configurations', 'string', 'Application configurations, as JSON (file:// to read them from a file).'),
  schemaOption(
    'ec2-attributes',
    SCHEMAS.EC2_ATTRIBUTES,
    'KeyName, SubnetId|SubnetIds, AvailabilityZone|AvailabilityZones, InstanceProfile, and the security groups.',
    'structure',
  ),
  flagOption('termination-protected', 'Protects the cluster from termination.'),
  flagOption('no-termination-protected', 'Does not protect the cluster from termination (the default).'),
  valueOption('scale-down-behavior', 'string', 'TERMINATE_AT_INSTANCE_HOUR or TERMINATE_AT_TASK_COMPLETION.'),
  flagOption('visible-to-all-users', 'Makes the cluster visible to all IAM users of the account (the default).'),
  flagOption('no-visible-to-all-users', 'Makes the cluster visible to its creator only.'),
  flagOption('enable-debugging', 'Adds the debugging step; needs --log-uri.'),
  flagOption('no-enable-debugging', 'No debugging step (the default).'),
  schemaOption('tags', SCHEMAS.TAGS, 'Tags as key=value words; a key alone gets an empty value.'),
  schemaOption('bootstrap-actions', SCHEMAS.BOOTSTRAP_ACTIONS, 'Bootstrap actions: Path=…[,Name=…,Args=[…]] …'),
  schemaOption('applications', SCHEMAS.APPLICATIONS, 'Applications to install: Name=…[,Args=[…]] …'),
  schemaOption(
    'emrfs',
    SCHEMAS.EMR_FS,
    'EMRFS: Consistent, RetryCount, RetryPeriod, SSE, Encryption, ProviderType, KMSKeyId, CustomProviderLocation, CustomProviderClass, Args.',
    'structure',
  ),
  schemaOption(
    'steps',
    SCHEMAS.STEPS,
    'Steps: Type=CUSTOM_JAR|STREAMING|HIVE|PIG|IMPALA|SPARK,Name=…,ActionOnFailure=…,Jar=…,Args=[…],MainClass=…,Properties=… …',
  ),
  valueOption('additional-info', 'string', 'Additional JSON-encoded information for the cluster.'),
  schemaOption(
    'restore-from-hbase-backup',
    SCHEMAS.HBASE_RESTORE_FROM_BACKUP,
    'Restores HBase from a backup: Dir=s3://…[,BackupVersion=…].',
    'structure',
  ),
  valueOption('security-configuration', 'string', 'The name of the security configuration to apply.'),
  valueOption('custom-ami-id', 'string', 'A custom Amazon EBS-backed Linux AMI for the instances.'),
  valueOption('ebs-root-volume-size', 'string', 'The size in GiB of each instance’s EBS root volume.'),
  valueOption('repo-upgrade-on-boot', 'string', 'SECURITY (the default) or NONE: the package updates applied at boot.'),
  schemaOption(
    'kerberos-attributes',
    SCHEMAS.KERBEROS_ATTRIBUTES,
    'Realm, KdcAdminPassword, CrossRealmTrustPrincipalPassword, ADDomainJoinUser, ADDomainJoinPassword.',
    'structure',
  ),
  schemaOption('step-concurrency-level', { type: 'integer' }, 'How many steps may run at once.', 'integer'),
  schemaOption(
    'managed-scaling-policy',
    SCHEMAS.MANAGED_SCALING_POLICY,
    'ComputeLimits={UnitType=…,MinimumCapacityUnits=…,MaximumCapacityUnits=…,…}.',
    'structure',
  ),
  schemaOption(
    'placement-group-configs',
    SCHEMAS.PLACEMENT_GROUP_CONFIGS,
    'Placement groups: InstanceRole=MASTER[,PlacementStrategy=SPREAD] …',
  ),
  schemaOption('auto-termination-policy', SCHEMAS.AUTO_TERMINATION_POLICY, 'IdleTimeout=<seconds>.', 'structure'),
];

const PAGE = commandPage(
  {
    name: 'create-cluster',
    description:
      'Creates an Amazon EMR cluster with the applications, instances, steps and settings given, and prints its id and ARN. Settings of the profile’s emr block (service_role, instance_profile, key_name, log_uri, enable_debugging) apply when the options are not given.',
    examples: [
      'isoaws emr create-cluster --release-label emr-6.10.0 --applications Name=Spark --instance-type m5.xlarge --instance-count 3 --use-default-roles',
    ],
  },
  OPTIONS,
);

const ROLE_HINT =
  ' Either choose --use-default-roles or use both --service-role <roleName> and --ec2-attributes InstanceProfile=<profileName>.';

export const createClusterCommand: CommandModule = {
  async run(env, args) {
    const { settings, profile } = await emrSettings(env);
    const values = await readEmrOptions(env, 'create-cluster', OPTIONS, args, settings);
    // With --use-default-roles the profile's roles do not apply.
    applyEmrSettings(
      values,
      OPTIONS,
      settings,
      profile,
      values.get('use-default-roles') ? ['service_role', 'instance_profile'] : [],
    );
    const client = await env.client();
    const params = buildRequest(values, client.config.region);
    const answer = await callEmr(env, client, 'RunJobFlow', params);
    const result = answer.JobFlowId === undefined ? {} : { ClusterId: answer.JobFlowId, ClusterArn: answer.ClusterArn };
    await showResult(env, 'RunJobFlow', 'run_job_flow', result);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** The CLI's apply_boolean_options: true when the first of a pair is given, refused when both are. */
function booleanPair(values: EmrValues, yes: string, no: string): boolean {
  if (values.get(yes) && values.get(no)) throw bothBooleans(`--${yes}`, `--${no}`);
  return Boolean(values.get(yes));
}

/** Appends to a list member of the request, creating it only for a non-empty list (the CLI's _update_cluster_dict). */
function extend(params: Record<string, unknown>, key: string, items: readonly unknown[]): void {
  if (Array.isArray(params[key])) (params[key] as unknown[]).push(...items);
  else if (items.length) params[key] = [...items];
}

/** The RunJobFlow request, in the order the CLI checks and builds it (its errors come in that order). */
export function buildRequest(values: EmrValues, region: string | undefined): Record<string, unknown> {
  const get = <T = string>(name: string) => values.get(name) as T | undefined;
  const releaseLabel = get('release-label');
  const amiVersion = get('ami-version');
  const params: Record<string, unknown> = { Name: get('name') ?? 'Development Cluster' };
  if (amiVersion !== undefined && releaseLabel !== undefined)
    throw mutuallyExclusive('--ami-version', '--release-label');
  if (amiVersion === undefined && releaseLabel === undefined) throw requiredOptions('--ami-version', '--release-label');

  let serviceRole = get('service-role');
  let ec2Attributes = get<Record<string, unknown>>('ec2-attributes');
  const useDefaultRoles = get<boolean>('use-default-roles') === true;
  if (useDefaultRoles && serviceRole !== undefined)
    throw mutuallyExclusive('--use-default-roles', '--service-role', ROLE_HINT);
  if (useDefaultRoles && ec2Attributes !== undefined && 'InstanceProfile' in ec2Attributes)
    throw mutuallyExclusive('--use-default-roles', '--ec2-attributes InstanceProfile', ROLE_HINT);
  const groupsGiven = get<InstanceGroupArgs[]>('instance-groups');
  const fleetsGiven = get<InstanceFleetArgs[]>('instance-fleets');
  if (groupsGiven !== undefined && fleetsGiven !== undefined)
    throw mutuallyExclusive('--instance-groups', '--instance-fleets');

  const instances: Record<string, unknown> = {};
  if (fleetsGiven !== undefined) instances.InstanceFleets = buildInstanceFleets(fleetsGiven);
  else instances.InstanceGroups = clusterInstanceGroups(groupsGiven, get('instance-type'), get('instance-count'));

  if (releaseLabel !== undefined) {
    params.ReleaseLabel = releaseLabel;
    const configurations = get('configurations');
    if (configurations !== undefined) params.Configurations = parseConfigurations(configurations);
  } else {
    // The CLI's check: an optional digit, then a dot.
    if (!/^\d?\./.test(amiVersion!))
      throw fail(
        `aws: error: The supplied AMI version "${amiVersion}" is invalid. Please see AMI Versions Supported in Amazon EMR in Amazon Elastic MapReduce Developer Guide: http://docs.aws.amazon.com/ElasticMapReduce/latest/DeveloperGuide/ami-versions-supported.html`,
      );
    params.AmiVersion = amiVersion;
  }
  setIf(params, 'AdditionalInfo', get('additional-info'));
  setIf(params, 'LogUri', get('log-uri'));
  setIf(params, 'OSReleaseLabel', get('os-release-label'));
  setIf(params, 'LogEncryptionKmsKeyId', get('log-encryption-kms-key-id'));
  if (useDefaultRoles) {
    serviceRole = EMR_ROLE;
    ec2Attributes = { ...ec2Attributes, InstanceProfile: EC2_ROLE };
  }
  setIf(params, 'ServiceRole', serviceRole);
  if (groupsGiven !== undefined && get('auto-scaling-role') === undefined) {
    const groups = instances.InstanceGroups as Array<Record<string, unknown>>;
    if (groups.some((g) => 'AutoScalingPolicy' in g)) throw fail(MESSAGES.missingAutoScalingRole);
  }
  setIf(params, 'AutoScalingRole', get('auto-scaling-role'));
  setIf(params, 'ScaleDownBehavior', get('scale-down-behavior'));

  // Neither of a pair given: the cluster stays up, and is visible to all users.
  if (!get('no-auto-terminate') && !get('auto-terminate')) values.set('no-auto-terminate', true);
  instances.KeepJobFlowAliveWhenNoSteps = booleanPair(values, 'no-auto-terminate', 'auto-terminate');
  instances.TerminationProtected = booleanPair(values, 'termination-protected', 'no-termination-protected');
  if (!get('visible-to-all-users') && !get('no-visible-to-all-users')) values.set('visible-to-all-users', true);
  params.VisibleToAllUsers = booleanPair(values, 'visible-to-all-users', 'no-visible-to-all-users');
  params.Tags = (get<string[]>('tags') ?? []).map(keyValue);
  params.Instances = instances;
  if (ec2Attributes !== undefined) applyEc2Attributes(params, instances, ec2Attributes);

  const debugging = booleanPair(values, 'enable-debugging', 'no-enable-debugging');
  if (get('log-uri') === undefined && debugging) throw fail(MESSAGES.logUri);
  if (debugging) {
    const step = releaseLabel
      ? { jar: 'command-runner.jar', args: ['state-pusher-script'] }
      : { jar: scriptRunner(region), args: [s3Link('/libs/state-pusher/0.1/fetch', region)] };
    extend(params, 'Steps', [
      buildStep({ ...step, name: 'Setup Hadoop Debugging', actionOnFailure: 'TERMINATE_CLUSTER' }),
    ]);
  }

  const applications = get<ApplicationArgs[]>('applications');
  if (applications !== undefined) {
    if (releaseLabel === undefined) {
      const built = buildAmiApplications(applications, region, amiVersion);
      extend(params, 'NewSupportedProducts', built.products);
      extend(params, 'BootstrapActions', built.bootstrapActions);
      extend(params, 'Steps', built.steps);
    } else {
      params.Applications = [...applications];
    }
  }
  const restore = get<{ Dir?: string; BackupVersion?: string }>('restore-from-hbase-backup');
  if (restore !== undefined) {
    const args = ['emr.hbase.backup.Main', '--restore', '--backup-dir', restore.Dir as string];
    if (restore.BackupVersion !== undefined) args.push('--backup-version', restore.BackupVersion);
    extend(params, 'Steps', [
      buildStep({ jar: '/home/hadoop/lib/hbase.jar', name: 'Restore HBase', actionOnFailure: 'CANCEL_AND_WAIT', args }),
    ]);
  }
  const bootstrapActions = get<Array<{ Name?: string; Path?: string; Args?: string[] }>>('bootstrap-actions');
  if (bootstrapActions !== undefined) addBootstrapActions(params, bootstrapActions);
  const emrfs = get<EmrFsArgs>('emrfs');
  if (emrfs !== undefined) {
    if (releaseLabel) {
      const configurations = (params.Configurations as Array<Record<string, unknown> | null> | undefined) ?? [];
      if (configurations.some((c) => c?.Classification === 'emrfs-site')) throw fail(MESSAGES.duplicateEmrFs);
      extend(params, 'Configurations', [emrFsConfiguration(emrfs)]);
    } else {
      extend(params, 'BootstrapActions', emrFsBootstrapActions(emrfs, region));
    }
  }
  const steps = get<StepArgs[]>('steps');
  if (steps !== undefined) extend(params, 'Steps', buildSteps(steps, region, releaseLabel));
  setIf(params, 'SecurityConfiguration', get('security-configuration'));
  setIf(params, 'CustomAmiId', get('custom-ami-id'));
  const rootVolume = get('ebs-root-volume-size');
  if (rootVolume !== undefined) setIf(params, 'EbsRootVolumeSize', pyInt(rootVolume));
  setIf(params, 'RepoUpgradeOnBoot', get('repo-upgrade-on-boot'));
  setIf(params, 'KerberosAttributes', get('kerberos-attributes'));
  if (get('step-concurrency-level') !== undefined) params.StepConcurrencyLevel = get('step-concurrency-level');
  setIf(params, 'ManagedScalingPolicy', get('managed-scaling-policy'));
  setIf(params, 'PlacementGroupConfigs', get('placement-group-configs'));
  setIf(params, 'AutoTerminationPolicy', get('auto-termination-policy'));
  checkRequiredApplications(applications, steps, restore !== undefined);
  return params;
}

/** Sets `key` when `value` is truthy in Python's sense (the CLI's apply_dict). */
function setIf(params: Record<string, unknown>, key: string, value: unknown): void {
  const truthy = Array.isArray(value)
    ? value.length > 0
    : typeof value === 'object' && value !== null
      ? Object.keys(value).length > 0
      : Boolean(value);
  if (truthy) params[key] = value;
}

function parseConfigurations(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw fail(MESSAGES.invalidConfigurations);
  }
}

/** `--ec2-attributes` into Instances (key, subnets, placement, security groups) and JobFlowRole. */
function applyEc2Attributes(
  params: Record<string, unknown>,
  instances: Record<string, unknown>,
  attrs: Record<string, unknown>,
): void {
  const has = (key: string) => key in attrs;
  if (has('SubnetId') && has('SubnetIds')) throw mutuallyExclusive('SubnetId', 'SubnetIds');
  if (has('AvailabilityZone') && has('AvailabilityZones'))
    throw mutuallyExclusive('AvailabilityZone', 'AvailabilityZones');
  if ((has('SubnetId') || has('SubnetIds')) && (has('AvailabilityZone') || has('AvailabilityZones')))
    throw fail(MESSAGES.subnetAndAz);
  const copy = (from: string, to: Record<string, unknown>, key: string) => setIf(to, key, attrs[from]);
  copy('KeyName', instances, 'Ec2KeyName');
  copy('SubnetId', instances, 'Ec2SubnetId');
  copy('SubnetIds', instances, 'Ec2SubnetIds');
  for (const zone of ['AvailabilityZone', 'AvailabilityZones']) {
    if (!has(zone)) continue;
    const placement: Record<string, unknown> = {};
    copy(zone, placement, zone);
    instances.Placement = placement;
  }
  copy('InstanceProfile', params, 'JobFlowRole');
  for (const group of [
    'EmrManagedMasterSecurityGroup',
    'EmrManagedSlaveSecurityGroup',
    'ServiceAccessSecurityGroup',
    'AdditionalMasterSecurityGroups',
    'AdditionalSlaveSecurityGroups',
  ])
    copy(group, instances, group);
}

/** `--bootstrap-actions` after those the applications added, sixteen at most in all. */
function addBootstrapActions(
  params: Record<string, unknown>,
  actions: ReadonlyArray<{ Name?: string; Path?: string; Args?: string[] }>,
): void {
  const existing = (params.BootstrapActions as unknown[] | undefined) ?? [];
  if (existing.length + actions.length > 16) throw fail(MESSAGES.tooManyBootstrapActions);
  const added = actions.map((action) => {
    const script: Record<string, unknown> = {};
    setIf(script, 'Path', action.Path);
    setIf(script, 'Args', action.Args);
    const config: Record<string, unknown> = { Name: action.Name ?? 'Bootstrap action' };
    setIf(config, 'ScriptBootstrapAction', script);
    return config;
  });
  const all = [...existing, ...added];
  if (all.length) params.BootstrapActions = all;
}

/** Hive, Pig and Impala steps, and an HBase restore, need their application among --applications. */
function checkRequiredApplications(
  applications: readonly ApplicationArgs[] | undefined,
  steps: readonly StepArgs[] | undefined,
  restoresHBase: boolean,
): void {
  const specified = new Set((applications ?? []).map((a) => a.Name.toLowerCase()));
  const missing = new Set<string>();
  for (const step of steps ?? []) {
    const type = step.Type?.toLowerCase();
    if (type && ['hive', 'pig', 'impala'].includes(type) && !specified.has(type)) missing.add(title(step.Type!));
  }
  if (restoresHBase && !specified.has('hbase')) missing.add('Hbase');
  if (missing.size) throw missingApplications([...missing]);
}

/** Python's str.title() of a one-word step type: `HIVE` → `Hive`. */
function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
