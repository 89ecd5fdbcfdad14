/**
 * What the EMR on EKS commands need of the EKS cluster (the AWS CLI's emrcontainers/eks.py): one
 * DescribeCluster, whose ARN gives the account (its fifth field; the CLI asks STS nothing) and whose
 * OIDC issuer URL, without `https://`, names the cluster's identity provider. The EKS client is made as
 * the CLI makes it: in the command's region, which it cannot do without one, and without --endpoint-url
 * (see nested-client.ts).
 */
import type { Client } from '../../core/client.js';
import { IsoawsError } from '../../core/errors.js';
import type { CommandEnv } from '../../cli/command.js';
import { ConfigurationError } from '../../cli/usage.js';
import { nestedClient } from '../nested-client.js';

export interface EksCluster {
  name: string;
  /** The account the cluster is in. */
  accountId: string;
  /** The host and path of the cluster's OIDC issuer (`oidc.eks.<region>.amazonaws.com/id/<id>`), if it has one. */
  oidcProvider: string | undefined;
}

/** The EKS client of the command, and the region it is in. */
export async function eksClient(env: CommandEnv): Promise<{ eks: Client; region: string }> {
  const eks = await nestedClient(env, 'EKS');
  const region = eks.config.region;
  if (!region)
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  return { eks, region };
}

/** The cluster's account and OIDC provider, from one DescribeCluster (its errors are EKS's, exit 254). */
export async function describeCluster(eks: Client, name: string, signal?: AbortSignal): Promise<EksCluster> {
  const out = await eks.send('eks', 'DescribeCluster', { name }, { signal });
  const cluster = out.cluster as { arn?: string; identity?: { oidc?: { issuer?: string } } } | undefined;
  const accountId = cluster?.arn?.split(':')[4];
  // The CLI fails here with Python's IndexError; the same exit code, with words that say what is missing.
  if (accountId === undefined) throw new IsoawsError(`DescribeCluster gave no ARN for the cluster ${name}`);
  const issuer = cluster?.identity?.oidc?.issuer;
  return { name, accountId, oidcProvider: issuer?.includes('https://') ? issuer.split('https://')[1] : undefined };
}
