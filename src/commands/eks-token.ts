/**
 * `eks get-token` (the AWS CLI's eks/get_token.py): a bearer token for a Kubernetes API server of EKS,
 * as kubectl's exec plugin asks for it. The token is `k8s-aws-v1.` and the URL-safe base64 (unpadded) of
 * an STS GetCallerIdentity URL presigned for 60 seconds with the cluster's name (or Outposts id) in the
 * signed `x-k8s-aws-id` header; EKS calls that URL to learn who is asking. It is printed as an
 * ExecCredential whose apiVersion follows KUBERNETES_EXEC_INFO, through `--query` and `--output` as the
 * current AWS CLI prints it. With `--role-arn`, the token is signed with that role's credentials.
 */
import { createClient, type Client } from '../core/client.js';
import { toBase64 } from '../core/protocols/shared.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../cli/command.js';
import { writeCommandResult } from '../cli/operation.js';
import { checkMutuallyExclusive, ConfigurationError } from '../cli/usage.js';

const OPTIONS = [
  valueOption(
    'cluster-name',
    'string',
    'The name of the EKS cluster to make a token for (for a local cluster on AWS Outposts, --cluster-id).',
  ),
  valueOption('role-arn', 'string', 'A role to assume, whose credentials sign the token instead of the profile’s.'),
  valueOption('session-name', 'string', 'The role session name with --role-arn: EKSGetTokenAuth unless given.'),
  valueOption(
    'cluster-id',
    'string',
    'The id of the EKS cluster to make a token for (local clusters on AWS Outposts).',
  ),
];

const PAGE = commandPage(
  {
    name: 'get-token',
    description:
      'Prints a token to authenticate to the Kubernetes API server of an Amazon EKS cluster, as an ExecCredential for kubectl (an alternative to aws-iam-authenticator). The token is valid for 15 minutes; its expirationTimestamp says 14.',
    examples: [
      'isoaws eks get-token --cluster-name my-cluster',
      'isoaws eks get-token --cluster-name my-cluster --query status.token --output text',
    ],
  },
  OPTIONS,
);

const BETA_API = 'client.authentication.k8s.io/v1beta1';
const SUPPORTED_APIS = [BETA_API, 'client.authentication.k8s.io/v1'];
const DEPRECATED_APIS = ['client.authentication.k8s.io/v1alpha1'];

export const getTokenCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (option: string) => values.get(option) as string | undefined;
    const { host } = env.ctx;
    const sts = await env.client('STS');
    if (!sts.config.region)
      throw new ConfigurationError(
        'You must specify a region. You can also configure your region by running "aws configure".',
      );
    const signer =
      text('role-arn') === undefined ? sts : await roleClient(sts, text('role-arn')!, text('session-name'));
    checkMutuallyExclusive(values, ['cluster-name', 'cluster-id'], ['cluster-name'], ['cluster-id']);
    const id = text('cluster-id') ?? text('cluster-name');
    if (!id) {
      // The CLI returns (not raises) this error, and Python's exit prints it with status 1.
      host.stderr.write('Either parameter --cluster-name or --cluster-id must be specified.\n');
      return 1;
    }
    const url = await signer.presign(
      'sts',
      'GetCallerIdentity',
      {},
      {
        expiresIn: 60,
        method: 'GET',
        headers: { 'x-k8s-aws-id': id },
      },
    );
    const token = `k8s-aws-v1.${toBase64(new TextEncoder().encode(url)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
    const expires = new Date(host.now().getTime() + 14 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const credential = {
      kind: 'ExecCredential',
      apiVersion: apiVersion(host.env.KUBERNETES_EXEC_INFO, (line) => host.stderr.write(`${line}\n`)),
      spec: {},
      status: { expirationTimestamp: expires, token },
    };
    writeCommandResult(env.ctx, 'get-token', credential);
    host.stdout.write('\n');
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** A client signing with the role's credentials (STS AssumeRole, as the CLI assumes it). */
async function roleClient(sts: Client, roleArn: string, sessionName = 'EKSGetTokenAuth'): Promise<Client> {
  const out = await sts.send('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: sessionName });
  const credentials = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  return createClient(sts.host, {
    ...sts.config,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    },
  });
}

/** The ExecCredential version kubectl asked for in KUBERNETES_EXEC_INFO, with the CLI's warnings. */
function apiVersion(execInfo: string | undefined, warn: (line: string) => void): string {
  if (!execInfo) return BETA_API;
  let asked: unknown;
  try {
    asked = (JSON.parse(execInfo) as { apiVersion?: unknown } | null)?.apiVersion;
  } catch {
    warn(
      `Error parsing KUBERNETES_EXEC_INFO, defaulting to ${BETA_API}. This is likely a bug in your Kubernetes client. Please update your Kubernetes client.`,
    );
    return BETA_API;
  }
  if (typeof asked === 'string' && SUPPORTED_APIS.includes(asked)) return asked;
  if (typeof asked === 'string' && DEPRECATED_APIS.includes(asked)) {
    warn(`Kubeconfig user entry is using deprecated API version ${asked}. Run 'aws eks update-kubeconfig' to update.`);
    return asked;
  }
  warn(
    `Unrecognized API version in KUBERNETES_EXEC_INFO, defaulting to ${BETA_API}. This is likely due to an outdated AWS CLI. Please update your AWS CLI.`,
  );
  return BETA_API;
}
