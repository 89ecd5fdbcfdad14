/**
 * One look at an ECS Express gateway service (the AWS CLI's ecs/serviceviewcollector.py): its
 * resources as ECS reports them, all through ECS — DescribeExpressGatewayService, the service
 * revisions' `ecsManagedResources` (load balancers, their security groups, certificates, listeners,
 * rules, target groups, the scalable target and its policies, metric alarms, the service's security
 * groups, log groups), and DescribeServices for the service's latest event.
 *
 * The RESOURCE view merges the resources of every active configuration; the DEPLOYMENT view follows the
 * latest deployment: its target revision and task definition, the resources it adds (`Updating`) and
 * those its source revisions had that it drops (`Disassociating`). While ECS has not caught up (no
 * deployment yet, a revision not found yet) a poll says so instead, in the CLI's words. A failure ECS
 * reports in an answer is a MonitoringError, which ends monitoring without failing the command, as in
 * the CLI; a refused call is the service's error.
 */
import type { Client } from '../../core/client.js';
import { IsoawsError, ServiceError } from '../../core/errors.js';
import {
  combineGroups,
  compareSets,
  group,
  resource,
  type ManagedResource,
  type ResourceGroup,
  type ResourceNode,
} from './resources.js';

export type ResourceView = 'RESOURCE' | 'DEPLOYMENT';

/** What one poll found: the resources (none when the service could not be described) and a line to show. */
export interface ServiceSnapshot {
  resources?: ResourceGroup;
  info?: string;
  /** The service is INACTIVE: deleted, with nothing left to follow. */
  inactive?: boolean;
}

/** An answer ECS gave that cannot be monitored: failures it lists, a member it left out. */
export class MonitoringError extends IsoawsError {
  override name = 'MonitoringError';
}

type Json = Record<string, unknown>;
type Call = (operation: string, params: Json) => Promise<Json>;

const WAITING = 'Waiting for a deployment to start';
const REVISIONS_PENDING = 'Trying to describe service revisions';
// ECS's answer to describing the revisions of a deleted service.
const INACTIVE = 'Cannot call DescribeServiceRevisions for a service that is INACTIVE';

export async function pollService(
  ecs: Client,
  serviceArn: string,
  view: ResourceView,
  signal?: AbortSignal,
): Promise<ServiceSnapshot> {
  const call: Call = async (operation, params) => {
    const { $metadata: _metadata, ...out } = await ecs.send('ecs', operation, params, { signal });
    return out;
  };
  try {
    const service = object((await call('DescribeExpressGatewayService', { serviceArn })).service);
    if (!service || !text(service.serviceArn) || service.activeConfigurations === undefined)
      return { info: 'Trying to describe gateway service' };
    const [managed, info] =
      view === 'DEPLOYMENT' ? await deploymentView(call, service) : await combinedView(call, service);
    const members: ResourceNode[] = [resource('Cluster', text(service.cluster)), await serviceResource(call, service)];
    if (managed) members.push(managed);
    return { resources: group(members), info };
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'InvalidParameterException' && err.message.includes(INACTIVE))
      return { resources: group(), info: 'Service is inactive', inactive: true };
    throw err;
  }
}

/** The resources of every active configuration, merged. */
async function combinedView(call: Call, service: Json): Promise<[ResourceGroup?, string?]> {
  const arns = list(service.activeConfigurations).map((c) => object(c)?.serviceRevisionArn);
  const { groups } = await describeRevisions(call, arns);
  if (!groups.length || groups.length !== arns.length) return [undefined, REVISIONS_PENDING];
  return [groups.reduce((all, next) => combineGroups(all, next))];
}

/** The latest deployment: what it deploys, what it adds and what it leaves behind. */
async function deploymentView(call: Call, service: Json): Promise<[ResourceGroup?, string?]> {
  const listed = expectMember(
    await call('ListServiceDeployments', { service: service.serviceArn, maxResults: 1 }),
    'ListServiceDeployments',
    'serviceDeployments',
  );
  const deploymentArn = object(listed[0])?.serviceDeploymentArn;
  if (deploymentArn === undefined) return [undefined, WAITING];
  const deployment = object(
    expectMember(
      await call('DescribeServiceDeployments', { serviceDeploymentArns: [deploymentArn] }),
      'DescribeServiceDeployments',
      'serviceDeployments',
      true,
    )[0],
  );
  const targetArn = object(deployment?.targetServiceRevision)?.arn;
  if (!deployment || !truthy(deployment.targetServiceRevision)) return [undefined, WAITING];
  const target = await describeRevisions(call, [targetArn]);
  if (target.groups.length !== 1) return [undefined, REVISIONS_PENDING];
  let source = group();
  const sourceArns = list(deployment.sourceServiceRevisions).map((r) => object(r)?.arn);
  // A deployment without sources (the first) has nothing to compare with. The CLI describes an empty
  // list too, and then fails merging nothing.
  if (sourceArns.length) {
    const sources = await describeRevisions(call, sourceArns);
    if (sources.groups.length !== sourceArns.length) return [undefined, REVISIONS_PENDING];
    source = sources.groups.reduce((all, next) => combineGroups(all, next));
  }
  const [updating, leaving] = compareSets(target.groups[0]!, source);
  const members = [
    resource('TargetServiceRevision', text(targetArn)),
    resource('TaskDefinition', text(target.described[0]!.taskDefinition)),
    { ...updating, type: 'Updating' },
    { ...leaving, type: 'Disassociating' },
  ];
  return [
    group(members, {
      type: 'Deployment',
      identifier: text(deploymentArn),
      status: text(deployment.status),
      reason: text(deployment.statusReason),
    }),
  ];
}

/** The service, with its latest event as a line of its own. */
async function serviceResource(call: Call, service: Json): Promise<ManagedResource> {
  const params: Json = { services: [service.serviceArn] };
  if (service.cluster !== undefined) params.cluster = service.cluster;
  const described = object(expectMember(await call('DescribeServices', params), 'DescribeServices', 'services')[0]);
  const event = object(list(described?.events)[0]);
  return resource('Service', text(service.serviceArn), { info: text(event?.message) });
}

async function describeRevisions(call: Call, arns: unknown[]): Promise<{ groups: ResourceGroup[]; described: Json[] }> {
  const out = await call('DescribeServiceRevisions', { serviceRevisionArns: arns });
  const described = expectMember(out, 'DescribeServiceRevisions', 'serviceRevisions', true).map((r) => object(r) ?? {});
  return { groups: described.map(revisionResources), described };
}

/**
 * `member` of an answer, after its `failures`: any is a MonitoringError, except — where ECS is only
 * eventually consistent — one whose reason is MISSING (not found yet).
 */
function expectMember(out: Json, operation: string, member: string, eventuallyConsistent = false): unknown[] {
  const failures = list(out.failures).map((f) => object(f) ?? {});
  if (failures.some((f) => !text(f.arn) || !text(f.reason)))
    throw new MonitoringError('Invalid failure response: missing arn or reason');
  const real = eventuallyConsistent ? failures.filter((f) => f.reason !== 'MISSING') : failures;
  if (real.length)
    throw new MonitoringError(
      `${operation}:\n${real.map((f) => `${text(f.arn)} failed with ${text(f.reason)}`).join('\n')}`,
    );
  if (out[member] === undefined) throw new MonitoringError(`${operation} response is missing ${member}`);
  return list(out[member]);
}

/** The parts of an ingress path, in the CLI's order: each a resource, or a list of them. */
const INGRESS_PATH_PARTS = [
  ['loadBalancer', 'LoadBalancer'],
  ['loadBalancerSecurityGroups', 'LoadBalancerSecurityGroup'],
  ['certificate', 'Certificate'],
  ['listener', 'Listener'],
  ['rule', 'Rule'],
  ['targetGroups', 'TargetGroup'],
] as const;

/** The resources a service revision says ECS manages for it (`ecsManagedResources`), grouped as the CLI shows them. */
export function revisionResources(revision: Json): ResourceGroup {
  const managed = object(revision.ecsManagedResources);
  if (!managed || !truthy(managed)) return group();
  const parts: ResourceGroup[] = [];
  if ('ingressPaths' in managed)
    parts.push(group(list(managed.ingressPaths).map(ingressPath), { type: 'IngressPaths' }));
  if ('autoScaling' in managed) {
    const scaling = object(managed.autoScaling) ?? {};
    parts.push(
      group(
        [
          ...resources(scaling.scalableTarget, 'ScalableTarget'),
          ...resources(scaling.applicationAutoScalingPolicies, 'ApplicationAutoScalingPolicy'),
        ],
        {
          type: 'AutoScalingConfiguration',
        },
      ),
    );
  }
  for (const [member, type, each] of [
    ['metricAlarms', 'MetricAlarms', 'MetricAlarm'],
    ['serviceSecurityGroups', 'ServiceSecurityGroups', 'SecurityGroup'],
    ['logGroups', 'LogGroups', 'LogGroup'],
  ] as const)
    if (member in managed)
      parts.push(
        group(
          list(managed[member]).map((r) => managedResource(r, each)),
          { type },
        ),
      );
  return group(parts);
}

function ingressPath(data: unknown): ResourceGroup {
  const path = object(data) ?? {};
  const members = INGRESS_PATH_PARTS.flatMap(([member, type]) => resources(path[member], type));
  return group(members, { type: 'IngressPath', identifier: text(path.endpoint) });
}

/** A part that is present (a resource, or a non-empty list of them) as resources of `type`. */
function resources(value: unknown, type: string): ManagedResource[] {
  if (!truthy(value)) return [];
  return Array.isArray(value) ? value.map((r) => managedResource(r, type)) : [managedResource(value, type)];
}

function managedResource(data: unknown, type: string): ManagedResource {
  const r = object(data) ?? {};
  return resource(type, text(r.arn), {
    status: text(r.status),
    reason: text(r.statusReason),
    updatedAt: r.updatedAt instanceof Date ? r.updatedAt.getTime() : undefined,
  });
}

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Python's truth of a value from JSON: an empty object, list or string is not there. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (object(value)) return Object.keys(value as Json).length > 0;
  return Boolean(value);
}
