/**
 * What the commands that make a service's default IAM roles share — `dlm create-default-role`,
 * `datapipeline create-default-roles`, `emr create-default-roles` — as the AWS CLI's commands share
 * their IAM helpers: whether an entity exists, the trust policy they write, the role CreateRole answers
 * with as the CLI prints it, the managed policy's document, and the instance profile of a role.
 */
import type { Client } from '../core/client.js';
import { ServiceError } from '../core/errors.js';
import { decodePolicyDocument } from '../cli/iam-policies.js';

/** Sends one IAM call, its answer without `$metadata`. */
export type IamCall = (operation: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** An IAM caller over the client, each call with the command's signal. */
export function iamCaller(iam: Client, signal: AbortSignal | undefined): IamCall {
  return async (operation, params) => {
    const { $metadata: _meta, ...output } = await iam.send('iam', operation, params, { signal });
    return output;
  };
}

/** Whether the call finds its entity: false on IAM's NoSuchEntity, any other error thrown. */
export async function iamEntityExists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'NoSuchEntity') return false;
    throw err;
  }
}

/** A trust policy letting `service` assume the role, key for key as the CLI writes it (its empty Sid included). */
export function trustPolicy(version: '2008-10-17' | '2012-10-17', service: string | string[]): unknown {
  return {
    Version: version,
    Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
}

/** The role CreateRole answered with, its trust policy decoded, as botocore hands it to the CLI. */
export function withDecodedTrustPolicy(role: unknown): unknown {
  const r = role as Record<string, unknown> | undefined;
  if (typeof r?.AssumeRolePolicyDocument !== 'string') return role;
  return { ...r, AssumeRolePolicyDocument: decodePolicyDocument(r.AssumeRolePolicyDocument) };
}

/** The document of the managed policy's default version, decoded; undefined when IAM gives none. */
export async function managedPolicyDocument(call: IamCall, policyArn: string): Promise<unknown> {
  const policy = await call('GetPolicy', { PolicyArn: policyArn });
  const versionId = (policy.Policy as { DefaultVersionId?: string } | undefined)?.DefaultVersionId;
  const version = await call('GetPolicyVersion', { PolicyArn: policyArn, VersionId: versionId });
  const document = (version.PolicyVersion as { Document?: string } | undefined)?.Document;
  return document === undefined ? undefined : decodePolicyDocument(document);
}

/** The instance profile named after `role`, holding it, unless one of that name exists. */
export async function ensureInstanceProfile(call: IamCall, role: string): Promise<void> {
  if (await iamEntityExists(() => call('GetInstanceProfile', { InstanceProfileName: role }))) return;
  await call('CreateInstanceProfile', { InstanceProfileName: role });
  await call('AddRoleToInstanceProfile', { InstanceProfileName: role, RoleName: role });
}
