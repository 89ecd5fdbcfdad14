/**
 * The CLI's smaller EMR commands (emr/describecluster.py, terminateclusters.py,
 * modifyclusterattributes.py, addsteps.py, addinstancegroups.py, installapplications.py): each a
 * request or two built from the command's options, the answer printed as the CLI prints it.
 */
import { flagOption, valueOption } from '../../cli/command.js';
import { writeCommandResult } from '../../cli/operation.js';
import { ArgumentError } from '../../cli/usage.js';
import * as SCHEMAS from './arg-schemas.js';
import {
  callAndShow,
  callEmr,
  emrCommand,
  presented,
  refuseReleaseCluster,
  releaseLabel,
  showResult,
} from './command.js';
import { fail, MESSAGES, mutuallyExclusive } from './errors.js';
import { buildInstanceGroups, type InstanceGroupArgs } from './instances.js';
import { buildAmiApplications, buildSteps, type ApplicationArgs, type StepArgs } from './steps.js';

const CLUSTER_ID = valueOption('cluster-id', 'string', 'The cluster’s id (j-…).', { required: true });

export const describeClusterCommand = emrCommand(
  'describe-cluster',
  'Describes a cluster: DescribeCluster’s answer with the cluster’s instance groups (or fleets) and bootstrap actions.',
  [CLUSTER_ID],
  async (env, values, client) => {
    const params = { ClusterId: values.get('cluster-id') };
    const described = await presented(env, 'DescribeCluster', await callEmr(env, client, 'DescribeCluster', params));
    const cluster = (described as { Cluster?: Record<string, unknown> }).Cluster;
    const fleets = cluster?.InstanceCollectionType === 'INSTANCE_FLEET';
    const listOperation = fleets ? 'ListInstanceFleets' : 'ListInstanceGroups';
    const listKey = fleets ? 'InstanceFleets' : 'InstanceGroups';
    const instances = (await presented(
      env,
      listOperation,
      await callEmr(env, client, listOperation, params),
    )) as Record<string, unknown>;
    const actions = (await presented(
      env,
      'ListBootstrapActions',
      await callEmr(env, client, 'ListBootstrapActions', params),
    )) as Record<string, unknown>;
    // As the CLI merges them: BootstrapActions placed first (empty when there are none), then the instances.
    // The CLI's merge fails with a KeyError when the answer has no Cluster; here the answer is shown as is.
    if (cluster) {
      cluster.BootstrapActions = [];
      if (instances[listKey] !== undefined) cluster[listKey] = instances[listKey];
      if (actions.BootstrapActions !== undefined) cluster.BootstrapActions = actions.BootstrapActions;
    }
    writeCommandResult(env.ctx, 'describe_cluster', described);
  },
);

export const terminateClustersCommand = emrCommand(
  'terminate-clusters',
  'Shuts down clusters; a termination-protected one is left running.',
  [
    {
      ...valueOption('cluster-ids', 'list', 'The ids of the clusters to terminate.', { nargs: 'many', required: true }),
      schema: SCHEMAS.CLUSTER_IDS,
    },
  ],
  (env, values, client) => callAndShow(env, client, 'TerminateJobFlows', { JobFlowIds: values.get('cluster-ids') }),
);

export const modifyClusterAttributesCommand = emrCommand(
  'modify-cluster-attributes',
  "Modifies the cluster attributes 'visible-to-all-users' and 'termination-protected'.",
  [
    CLUSTER_ID,
    flagOption('visible-to-all-users', 'Makes the cluster visible to all IAM users of the account.'),
    flagOption('no-visible-to-all-users', 'Makes the cluster visible to its creator only.'),
    flagOption('termination-protected', 'Sets termination protection on.'),
    flagOption('no-termination-protected', 'Sets termination protection off.'),
  ],
  async (env, values, client) => {
    const on = (name: string) => values.get(name) === true;
    if (on('visible-to-all-users') && on('no-visible-to-all-users'))
      throw mutuallyExclusive('--visible-to-all-users', '--no-visible-to-all-users');
    if (on('termination-protected') && on('no-termination-protected'))
      throw mutuallyExclusive('--termination-protected', '--no-termination-protected');
    const visibility = on('visible-to-all-users') || on('no-visible-to-all-users');
    const protection = on('termination-protected') || on('no-termination-protected');
    if (!visibility && !protection) throw fail(MESSAGES.missingClusterAttributes);
    const ids = [values.get('cluster-id')];
    if (visibility)
      await callAndShow(env, client, 'SetVisibleToAllUsers', {
        JobFlowIds: ids,
        VisibleToAllUsers: on('visible-to-all-users'),
      });
    if (protection)
      await callAndShow(env, client, 'SetTerminationProtection', {
        JobFlowIds: ids,
        TerminationProtected: on('termination-protected'),
      });
  },
);

export const addStepsCommand = emrCommand(
  'add-steps',
  'Adds steps to a cluster; a step’s program runs as the cluster’s release (or AMI version) runs it.',
  [
    CLUSTER_ID,
    {
      ...valueOption(
        'steps',
        'list',
        'Steps: Type=CUSTOM_JAR|STREAMING|HIVE|PIG|IMPALA|SPARK,Name=…,ActionOnFailure=…,Jar=…,Args=[…],MainClass=…,Properties=… …',
        { nargs: 'many', required: true },
      ),
      schema: SCHEMAS.STEPS,
    },
    valueOption('execution-role-arn', 'string', 'The IAM role the steps run as (runtime roles).'),
  ],
  async (env, values, client) => {
    const clusterId = values.get('cluster-id') as string;
    const label = await releaseLabel(env, client, clusterId);
    const params: Record<string, unknown> = {
      JobFlowId: clusterId,
      Steps: buildSteps(values.get('steps') as StepArgs[], client.config.region, label),
    };
    if (values.get('execution-role-arn') !== undefined) params.ExecutionRoleArn = values.get('execution-role-arn');
    await callAndShow(env, client, 'AddJobFlowSteps', params);
  },
);

export const addInstanceGroupsCommand = emrCommand(
  'add-instance-groups',
  'Adds instance groups to a running cluster.',
  [
    CLUSTER_ID,
    {
      ...valueOption(
        'instance-groups',
        'list',
        'InstanceGroupType=TASK,InstanceType=…,InstanceCount=…[,Name=…,BidPrice=…,EbsConfiguration=…,AutoScalingPolicy=…] …',
        { nargs: 'many', required: true },
      ),
      schema: SCHEMAS.INSTANCE_GROUPS,
    },
  ],
  async (env, values, client) => {
    const answer = await callEmr(env, client, 'AddInstanceGroups', {
      JobFlowId: values.get('cluster-id'),
      InstanceGroups: buildInstanceGroups(values.get('instance-groups') as InstanceGroupArgs[]),
    });
    const result =
      answer.JobFlowId !== undefined && answer.InstanceGroupIds !== undefined
        ? { ClusterId: answer.JobFlowId, InstanceGroupIds: answer.InstanceGroupIds, ClusterArn: answer.ClusterArn }
        : {};
    await showResult(env, 'AddInstanceGroups', 'add_instance_groups', result);
  },
);

/** The applications the CLI knows of, and those install-applications installs on a running cluster. */
const KNOWN_APPLICATIONS = [
  'HIVE',
  'PIG',
  'HBASE',
  'GANGLIA',
  'IMPALA',
  'SPARK',
  'MAPR',
  'MAPR_M3',
  'MAPR_M5',
  'MAPR_M7',
];
const INSTALLABLE = ['HIVE', 'PIG'];

export const installApplicationsCommand = emrCommand(
  'install-applications',
  'Installs Hive or Pig on a running cluster of an AMI version (3.x, 2.x); release-label clusters are refused.',
  [
    CLUSTER_ID,
    {
      ...valueOption('applications', 'list', 'The applications: Name=HIVE|PIG[,Args=[…]] …', {
        nargs: 'many',
        required: true,
      }),
      schema: SCHEMAS.APPLICATIONS,
    },
  ],
  async (env, values, client) => {
    const clusterId = values.get('cluster-id') as string;
    await refuseReleaseCluster(env, client, 'install-applications', clusterId);
    const applications = values.get('applications') as ApplicationArgs[];
    for (const app of applications) {
      const name = app.Name.toUpperCase();
      if (!KNOWN_APPLICATIONS.includes(name))
        throw new ArgumentError(
          `aws: error: Unknown application: ${app.Name}. 'Name' should be one of the following: ${KNOWN_APPLICATIONS.join(', ')}`,
        );
      if (!INSTALLABLE.includes(name))
        throw new ArgumentError(
          `aws: error: ${app.Name} cannot be installed on a running cluster. 'Name' should be one of the following: ${INSTALLABLE.join(', ')}`,
        );
    }
    const { steps } = buildAmiApplications(applications, client.config.region);
    await callAndShow(env, client, 'AddJobFlowSteps', { JobFlowId: clusterId, Steps: steps });
  },
);
