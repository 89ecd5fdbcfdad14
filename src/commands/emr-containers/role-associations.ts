/**
 * `emr-containers create-role-associations` and `delete-role-associations` (the AWS CLI's
 * emrcontainers/create_role_associations.py and delete_role_associations.py): EKS Pod Identity
 * associations between an IAM role and the service accounts EMR on EKS runs the role's jobs as
 * (service-accounts.ts; `--service-account-name` names one instead), one call per service account.
 *
 * Creating skips, with a note on stderr, a service account that has an association already
 * (ResourceInUseException); any other refusal first deletes what this run created, then fails.
 * Deleting removes the first association each service account has — whichever role it is for, as in
 * the CLI — and skips, with a note, one that has none. The associations created or deleted are printed
 * with Python's json.dumps, as the CLI prints them: indented by 4, with no newline after.
 */
import type { Client } from '../../core/client.js';
import { IsoawsError, ServiceError } from '../../core/errors.js';
import {
  commandPage,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
} from '../../cli/command.js';
import { arnPartition } from '../arn-partition.js';
import { describeCluster, eksClient } from './eks-cluster.js';
import { pyJsonIndented } from './python-json.js';
import {
  emrServiceAccounts,
  SUBMISSION_TYPES,
  type ServiceAccountTarget,
  type SubmissionType,
} from './service-accounts.js';

type Json = Record<string, unknown>;
type Verb = 'create' | 'delete';

export const createRoleAssociationsCommand = associationsCommand('create');
export const deleteRoleAssociationsCommand = associationsCommand('delete');

function associationsCommand(verb: Verb): CommandModule {
  const options = associationOptions(verb);
  const name = `${verb}-role-associations`;
  return {
    async run(env, args) {
      const values = readCommandOptions(options, args);
      const text = (option: string) => values.get(option) as string | undefined;
      const { eks, region } = await eksClient(env);
      const clusterName = text('cluster-name')!;
      const roleName = text('role-name')!;
      const { accountId } = await describeCluster(eks, clusterName, env.ctx.signal);
      const namespace = text('namespace')!;
      // Python's truth: an empty --service-account-name or --operator-namespace counts as not given.
      const targets: ServiceAccountTarget[] = text('service-account-name')
        ? [{ serviceAccount: text('service-account-name')!, namespace }]
        : emrServiceAccounts((text('type') as SubmissionType | undefined) ?? 'start_job_run', {
            accountId,
            roleName,
            namespace,
            operatorNamespace: text('operator-namespace'),
          });
      const run = { env, eks, clusterName, roleName };
      const results =
        verb === 'create'
          ? await createAll(run, `arn:${arnPartition(region)}:iam::${accountId}:role/${roleName}`, targets)
          : await deleteAll(run, targets);
      if (results.length) env.ctx.host.stdout.write(pyJsonIndented(results, 4));
      return 0;
    },
    page: async (sub) =>
      sub === undefined
        ? commandPage(
            {
              name,
              description:
                verb === 'create'
                  ? "Associates an IAM role with the service accounts Amazon EMR on EKS runs its jobs as, in a namespace of an EKS cluster, through EKS Pod Identity: emr-containers-sa-<framework>-<component>-<account>-<base36 of the role name> for the chosen submission model (--type), the operator's and Livy's own service accounts in --operator-namespace, or the one --service-account-name names. A service account that has an association already is skipped; if another association cannot be made, those made by this run are deleted again."
                  : 'Deletes the EKS Pod Identity associations of the service accounts Amazon EMR on EKS runs its jobs as, in a namespace of an EKS cluster (the same service accounts as create-role-associations), or of the one --service-account-name names. A service account without an association is skipped.',
              examples: [
                `isoaws emr-containers ${name} --cluster-name analytics --namespace spark-jobs --role-name emr-job-role`,
                `isoaws emr-containers ${name} --cluster-name analytics --namespace jobs --role-name emr-job-role --type spark_operator --operator-namespace spark-operator`,
              ],
            },
            options,
          )
        : undefined,
  };
}

interface Run {
  env: CommandEnv;
  eks: Client;
  clusterName: string;
  roleName: string;
}

async function createAll(run: Run, roleArn: string, targets: ServiceAccountTarget[]): Promise<Json[]> {
  const { env, eks, clusterName, roleName } = run;
  const signal = env.ctx.signal;
  const stderr = env.ctx.host.stderr;
  const created: Json[] = [];
  for (const { serviceAccount, namespace } of targets) {
    try {
      const out = await eks.send(
        'eks',
        'CreatePodIdentityAssociation',
        { clusterName, namespace, roleArn, serviceAccount },
        { signal },
      );
      created.push(association(out));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      const about = `service account ${serviceAccount} and role ${roleName} in namespace ${namespace}`;
      if (err.code === 'ResourceInUseException') {
        stderr.write(
          `Skipping pod identity association creation because pod identity association already exists for ${about}: ${err.message}\n`,
        );
        continue;
      }
      for (const made of created) {
        // The CLI names the service account that failed in each line, not the one rolled back.
        stderr.write(`Rolling back association for ${about} as an error was encountered\n`);
        await eks.send(
          'eks',
          'DeletePodIdentityAssociation',
          { clusterName: made.clusterName, associationId: made.associationId },
          { signal },
        );
      }
      throw new IsoawsError(
        `Failed to create pod identity association for service account ${serviceAccount}, role ${roleName} in namespace ${namespace}: ${err.message}`,
        { cause: err },
      );
    }
  }
  return created;
}

async function deleteAll(run: Run, targets: ServiceAccountTarget[]): Promise<Json[]> {
  const { env, eks, clusterName, roleName } = run;
  const signal = env.ctx.signal;
  const deleted: Json[] = [];
  for (const { serviceAccount, namespace } of targets) {
    try {
      const listed = await eks.send(
        'eks',
        'ListPodIdentityAssociations',
        { clusterName, namespace, serviceAccount },
        { signal },
      );
      const first = (listed.associations as Json[] | undefined)?.[0];
      if (!first) {
        env.ctx.host.stderr.write(
          `Skipping deletion as no pod identity association found for service account ${serviceAccount} and role ${roleName} in namespace ${namespace}\n`,
        );
        continue;
      }
      const out = await eks.send(
        'eks',
        'DeletePodIdentityAssociation',
        { clusterName, associationId: first.associationId },
        { signal },
      );
      deleted.push(association(out));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      throw new IsoawsError(
        `Failed to delete pod identity association for service account ${serviceAccount}, role ${roleName} in namespace ${namespace}: ${err.message}`,
        { cause: err },
      );
    }
  }
  return deleted;
}

/** The association of an answer, or the whole answer when it has none (as the CLI keeps it). */
function association(out: Json): Json {
  const { $metadata: _metadata, ...answer } = out;
  return (answer.association as Json | undefined) ?? answer;
}

function associationOptions(verb: Verb) {
  const [act, to] = verb === 'create' ? ['associate', 'with'] : ['dissociate', 'from'];
  return [
    valueOption('cluster-name', 'string', `The name of the Amazon EKS cluster to ${act} the IAM role ${to}.`, {
      required: true,
    }),
    valueOption('namespace', 'string', 'The namespace of that cluster the jobs or applications run in.', {
      required: true,
    }),
    valueOption('role-name', 'string', `The name of the IAM role to ${act} ${to} Amazon EMR on EKS.`, {
      required: true,
    }),
    valueOption(
      'type',
      'string',
      `The submission model whose service accounts to ${act}: ${SUBMISSION_TYPES.join(', ')}. The default is start_job_run.`,
      { choices: SUBMISSION_TYPES },
    ),
    valueOption(
      'operator-namespace',
      'string',
      'The namespace the operator (spark_operator, flink_operator) or Livy runs in, for its own service account, when it is not --namespace.',
    ),
    valueOption(
      'service-account-name',
      'string',
      `One service account to ${act}, instead of those of Amazon EMR on EKS.`,
    ),
  ];
}
