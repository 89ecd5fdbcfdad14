/**
 * What `ecs deploy` deploys to and how long it waits (the AWS CLI's ecs/deploy.py and filehelpers.py):
 * the CodeDeploy application and deployment group named after the cluster and service unless given,
 * both checked to be for ECS and the group to target that service in that cluster, and the time to
 * wait, from the group's blue/green waits. Pure: the responses come in, names and errors go out.
 */
import { IsoawsError } from '../../core/errors.js';

/** The service deployed to, with the names and ARNs the deployment group may hold. */
export interface DeployTarget {
  service: string;
  serviceArn: string;
  cluster: string;
  clusterArn: string;
  application: string;
  deploymentGroup: string;
}

/** Each of cluster and service counts this many characters in the default names. */
const MAX_NAME_PART = 46;

/** The minutes waited at least and at most, and the margin added to the group's own waits. */
export const MIN_WAIT_MINUTES = 30;
export const MAX_WAIT_MINUTES = 360;
const WAIT_MARGIN_MINUTES = 10;
/** Seconds between two looks at the deployment. */
export const POLL_DELAY_SECONDS = 15;

/** The described service and the names given on the command line, as the deployment's target. */
export function deployTarget(
  described: { serviceName: string; serviceArn: string; clusterArn: string },
  given: { application?: string; deploymentGroup?: string },
): DeployTarget {
  // The cluster's name is what follows the first '/' of its ARN (arn:aws:ecs:…:cluster/NAME).
  const cluster = described.clusterArn.split('/')[1] ?? described.clusterArn;
  const suffix = `${cluster.slice(0, MAX_NAME_PART)}-${described.serviceName.slice(0, MAX_NAME_PART)}`;
  return {
    service: described.serviceName,
    serviceArn: described.serviceArn,
    cluster,
    clusterArn: described.clusterArn,
    application: given.application ?? `AppECS-${suffix}`,
    deploymentGroup: given.deploymentGroup ?? `DgpECS-${suffix}`,
  };
}

/** GetApplication's and GetDeploymentGroup's answers, as far as the checks read them. */
export interface ApplicationInfo {
  application?: { computePlatform?: string };
}
export interface DeploymentGroupInfo {
  deploymentGroupInfo?: {
    computePlatform?: string;
    ecsServices?: Array<{ serviceName?: string; clusterName?: string }>;
    blueGreenDeploymentConfiguration?: {
      deploymentReadyOption?: { waitTimeInMinutes?: number };
      terminateBlueInstancesOnDeploymentSuccess?: { terminationWaitTimeInMinutes?: number };
    };
  };
}

/** The application and group must be for ECS, and every service the group targets this one (by name or ARN). */
export function checkCodeDeployResources(
  target: DeployTarget,
  application: ApplicationInfo,
  group: DeploymentGroupInfo,
): void {
  if (application.application?.computePlatform !== 'ECS')
    throw new IsoawsError(`Error: Application '${target.application}' must support 'ECS' compute platform`);
  const info = group.deploymentGroupInfo;
  if (info?.computePlatform !== 'ECS')
    throw new IsoawsError(`Error: Deployment Group '${target.deploymentGroup}' must support 'ECS' compute platform`);
  for (const ecs of info.ecsServices ?? []) {
    if (ecs.serviceName !== target.service && ecs.serviceName !== target.serviceArn)
      throw notTargeted(target, 'service', target.service);
    if (ecs.clusterName !== target.cluster && ecs.clusterName !== target.clusterArn)
      throw notTargeted(target, 'cluster', target.cluster);
  }
}

function notTargeted(target: DeployTarget, kind: string, name: string): IsoawsError {
  return new IsoawsError(`Error: deployment group '${target.deploymentGroup}' does not target ECS ${kind} '${name}'`);
}

/**
 * The minutes to wait for the deployment: the group's wait for traffic to be rerouted plus its wait
 * before the old tasks end, plus ten, kept between 30 minutes and 6 hours. The CLI fails on a group
 * whose answer leaves either wait out; isoaws counts it as none.
 */
export function waitMinutes(group: DeploymentGroupInfo): number {
  const blueGreen = group.deploymentGroupInfo?.blueGreenDeploymentConfiguration;
  const configured =
    (blueGreen?.deploymentReadyOption?.waitTimeInMinutes ?? 0) +
    (blueGreen?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0);
  return Math.min(MAX_WAIT_MINUTES, Math.max(MIN_WAIT_MINUTES, configured + WAIT_MARGIN_MINUTES));
}
