/**
 * `emr-containers update-role-trust-policy` (the AWS CLI's emrcontainers/update_role_trust_policy.py):
 * lets the service accounts EMR on EKS runs a role's jobs as, in one namespace of an EKS cluster, assume
 * that role through the cluster's OIDC provider. The cluster's account and provider come from EKS
 * DescribeCluster; the role's trust policy (IAM GetRole) gains the statement below unless one equal to it
 * is there, and is written back with UpdateAssumeRolePolicy — or, with `--dry-run`, printed instead.
 * What is printed, and how two statements are compared, are the CLI's.
 */
import type { Client } from '../../core/client.js';
import { IsoawsError } from '../../core/errors.js';
import { pyJsonDumps } from '../../core/query/python-text.js';
import { commandPage, flagOption, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { decodePolicyDocument } from '../../cli/iam-policies.js';
import { arnPartition } from '../arn-partition.js';
import { nestedClient } from '../nested-client.js';
import { describeCluster, eksClient, type EksCluster } from './eks-cluster.js';
import { pyJsonIndented } from './python-json.js';
import { base36 } from './service-accounts.js';

type Json = Record<string, unknown>;

const OPTIONS = [
  valueOption('cluster-name', 'string', 'The name of the Amazon EKS cluster the role is to be used with.', {
    required: true,
  }),
  valueOption('namespace', 'string', 'The namespace of that cluster the role is to be used in.', {
    required: true,
  }),
  valueOption('role-name', 'string', 'The name of the IAM role to use with Amazon EMR on EKS.', { required: true }),
  valueOption(
    'iam-endpoint',
    'string',
    'The endpoint to call IAM at, instead of the one of the region; only for a custom IAM endpoint.',
  ),
  flagOption('dry-run', 'Print the trust policy as it would be written, and leave the role unchanged.'),
];

const PAGE = commandPage(
  {
    name: 'update-role-trust-policy',
    description:
      "Adds to an IAM role's trust policy the statement that lets Amazon EMR on EKS jobs in a namespace of an EKS cluster assume the role, through the cluster's OIDC identity provider (which must exist, for example made with eksctl utils associate-iam-oidc-provider). The statement trusts the provider's service accounts system:serviceaccount:<namespace>:emr-containers-sa-*-*-<account>-<base36 of the role name>. A role that has the statement already is left unchanged.",
    examples: [
      'isoaws emr-containers update-role-trust-policy --cluster-name analytics --namespace spark-jobs --role-name emr-job-role',
      'isoaws emr-containers update-role-trust-policy --cluster-name analytics --namespace spark-jobs --role-name emr-job-role --dry-run',
    ],
  },
  OPTIONS,
);

export const updateRoleTrustPolicyCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (option: string) => values.get(option) as string;
    const roleName = text('role-name');
    const signal = env.ctx.signal;
    const { eks, region } = await eksClient(env);
    const cluster = await describeCluster(eks, text('cluster-name'), signal);
    const statement = trustStatement(cluster, text('namespace'), roleName, arnPartition(region));
    const iam = await nestedClient(env, 'IAM', values.get('iam-endpoint') as string | undefined);
    const policy = await trustPolicy(iam, roleName, signal);
    const out = env.ctx.host.stdout;
    if (statements(policy).some((existing) => sameStatement(statement, existing))) {
      out.write(`Trust policy statement already exists for role ${roleName}. No changes were made!\n`);
      return 0;
    }
    policy.Statement = [...statements(policy), statement];
    if (values.get('dry-run')) {
      out.write(`${pyJsonIndented(policy, 2)}\n`);
      return 0;
    }
    await iam.send(
      'iam',
      'UpdateAssumeRolePolicy',
      { RoleName: roleName, PolicyDocument: pyJsonDumps(policy, true) },
      { signal },
    );
    out.write(`Successfully updated trust policy of role ${roleName}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** The statement trusting the cluster's provider for the role's EMR service accounts in the namespace, key for key as the CLI writes it. */
function trustStatement(cluster: EksCluster, namespace: string, roleName: string, partition: string): Json {
  // The CLI fails here with Python's IndexError; the same exit code, with words that say what is missing.
  if (cluster.oidcProvider === undefined)
    throw new IsoawsError(`The EKS cluster ${cluster.name} has no OIDC identity provider issuer`);
  const provider = cluster.oidcProvider;
  return {
    Effect: 'Allow',
    Principal: { Federated: `arn:${partition}:iam::${cluster.accountId}:oidc-provider/${provider}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringLike: {
        [`${provider}:sub`]: `system:serviceaccount:${namespace}:emr-containers-sa-*-*-${cluster.accountId}-${base36(roleName)}`,
      },
    },
  };
}

/** The role's trust policy, decoded. */
async function trustPolicy(iam: Client, roleName: string, signal: AbortSignal | undefined): Promise<Json> {
  const out = await iam.send('iam', 'GetRole', { RoleName: roleName }, { signal });
  const encoded = (out.Role as { AssumeRolePolicyDocument?: string } | undefined)?.AssumeRolePolicyDocument;
  const policy = encoded === undefined ? undefined : decodePolicyDocument(encoded);
  if (!isObject(policy)) throw new IsoawsError(`The trust policy of role ${roleName} is not a JSON object`);
  return policy;
}

/**
 * The policy's statements. IAM also takes a single statement as an object, on which the CLI fails
 * (Python's "'dict' object has no attribute 'append'"); it is read here as a list of one.
 */
function statements(policy: Json): unknown[] {
  const { Statement } = policy;
  if (Statement === undefined || Statement === null) return [];
  return Array.isArray(Statement) ? Statement : [Statement];
}

/**
 * The CLI's check_if_dict_matches: the same keys, nested objects compared in turn and everything else
 * equal as text — so a statement with one more condition, or with its action in a list, differs.
 */
function sameStatement(expected: Json, actual: unknown): boolean {
  if (!isObject(actual) || Object.keys(expected).length !== Object.keys(actual).length) return false;
  return Object.entries(expected).every(([key, value]) =>
    isObject(value) ? sameStatement(value, actual[key]) : Object.hasOwn(actual, key) && actual[key] === value,
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
