/**
 * The Kubernetes service accounts Amazon EMR on EKS runs a role's jobs as (the AWS CLI's
 * emrcontainers/constants.py and the mappings of create_role_associations.py): most are named
 * `emr-containers-sa-<framework>-<component>-<account>-<base36 of the role name>`, so that a trust policy
 * can match them with one wildcard; the operators and Livy have fixed names. Which ones a submission
 * model uses, and in which namespace, is the table below.
 */

/** The submission models `--type` names. */
export const SUBMISSION_TYPES = [
  'start_job_run',
  'interactive_endpoint',
  'spark_operator',
  'flink_operator',
  'livy',
] as const;
export type SubmissionType = (typeof SUBMISSION_TYPES)[number];

export interface ServiceAccountTarget {
  serviceAccount: string;
  namespace: string;
}

/**
 * A service account of a model: `[framework, component]`, named after the account and role and living in
 * the job namespace, or a fixed name living in the operator's namespace (`operator`) or the job's.
 */
type Entry = [framework: string, component: string] | { name: string; operator: boolean };

const MODELS: Record<SubmissionType, Entry[]> = {
  start_job_run: [
    ['spark', 'client'],
    ['spark', 'driver'],
    ['spark', 'executor'],
  ],
  interactive_endpoint: [
    ['spark', 'jeg'],
    ['spark', 'jeg-kernel'],
    ['spark', 'session'],
  ],
  spark_operator: [
    { name: 'emr-containers-sa-spark-operator', operator: true },
    ['spark', 'driver'],
    ['spark', 'executor'],
  ],
  flink_operator: [
    { name: 'emr-containers-sa-flink-operator', operator: true },
    ['flink', 'jobmanager'],
    ['flink', 'taskmanager'],
  ],
  livy: [
    { name: 'emr-containers-sa-livy', operator: true },
    // "container", not "containers": the name EMR on EKS gives it, as the CLI spells it.
    { name: 'emr-container-sa-spark-livy', operator: false },
  ],
};

/** The service accounts of `type` for the role, each with its namespace (the operator's, else the job's). */
export function emrServiceAccounts(
  type: SubmissionType,
  o: { accountId: string; roleName: string; namespace: string; operatorNamespace?: string },
): ServiceAccountTarget[] {
  const encoded = base36(o.roleName);
  return MODELS[type].map((entry) =>
    Array.isArray(entry)
      ? {
          serviceAccount: `emr-containers-sa-${entry[0]}-${entry[1]}-${o.accountId}-${encoded}`,
          namespace: o.namespace,
        }
      : { serviceAccount: entry.name, namespace: (entry.operator && o.operatorNamespace) || o.namespace },
  );
}

/**
 * The CLI's base36 of a name: its characters (code points) read as the digits of a base-256 number,
 * written in base 36 with lowercase letters; `0` for the empty name.
 */
export function base36(text: string): string {
  let value = 0n;
  for (const ch of text) value = value * 256n + BigInt(ch.codePointAt(0)!);
  return value.toString(36);
}
