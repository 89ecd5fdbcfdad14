/**
 * A stand-in for the part of ECS that Express gateway services and their monitor use (moto has none
 * of it): Create/Update/Delete/DescribeExpressGatewayService, ListServiceDeployments,
 * DescribeServiceDeployments, DescribeServiceRevisions and DescribeServices, answered as ECS's JSON
 * protocol answers them. Its clock is the number of DescribeExpressGatewayService calls (one per poll
 * of a monitor), so the state moves on between polls: a resource a revision brings is PROVISIONING for
 * two polls, then ACTIVE; a deployment is IN_PROGRESS for three, then SUCCESSFUL, and the revisions it
 * replaced leave the active configurations, their own resources DELETING, then DELETED; a deleted
 * service is DRAINING, its resources DELETING, then DELETED, and after three polls INACTIVE, when
 * ECS refuses to describe its revisions (that refusal is ECS's; which configurations an INACTIVE service
 * lists is the stand-in's guess: its last). `answer` is the whole server; test/e2e serves it over HTTP.
 */
type Json = Record<string, unknown>;

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
/** When the stand-in's clock reads 0, epoch seconds (2026-01-02T03:00:00Z); each poll is a minute on. */
export const EPOCH = Date.UTC(2026, 0, 2, 3, 0, 0) / 1000;

const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;

interface Part {
  arn: string;
  /** The poll it was made at, and the one its removal began at. */
  born: number;
  gone?: number;
}

interface Revision {
  arn: string;
  taskDefinition: string;
  /** The resources ECS manages for it, by ecsManagedResources member (a list, or one for `one`). */
  parts: Record<string, Part[]>;
}

interface Deployment {
  arn: string;
  started: number;
  source?: Revision;
  target: Revision;
}

interface Service {
  name: string;
  cluster: string;
  arn: string;
  revisions: Revision[];
  deployments: Deployment[];
  deleted?: number;
}

export interface StandInCall {
  operation: string;
  input: Json;
}

export interface ExpressGatewayStandIn {
  calls: StandInCall[];
  /** The answer to `operation` with `input`: the HTTP status and the JSON body. */
  answer(operation: string, input: Json): { status: number; body: Json };
}

export function createExpressGatewayStandIn(): ExpressGatewayStandIn {
  const calls: StandInCall[] = [];
  const services = new Map<string, Service>();
  let clock = 0;

  const status = (part: Part) => {
    if (part.gone !== undefined && clock > part.gone)
      return clock - part.gone <= 1 ? { status: 'DELETING', at: part.gone } : { status: 'DELETED', at: part.gone + 2 };
    return clock - part.born <= 1 ? { status: 'PROVISIONING', at: part.born } : { status: 'ACTIVE', at: part.born + 2 };
  };
  const described = (part: Part): Json => {
    const { status: s, at } = status(part);
    return {
      arn: part.arn,
      status: s,
      updatedAt: EPOCH + at * 60,
      ...(s === 'PROVISIONING' ? { statusReason: 'Waiting for the resource to be created' } : {}),
    };
  };
  const part = (service: string, rest: string): Part => ({ arn: arn(service, rest), born: clock });
  const done = (d: Deployment) => clock - d.started > 2;
  const active = (s: Service) => {
    const latest = s.deployments.at(-1)!;
    return done(latest) || !latest.source ? [latest.target] : [latest.source, latest.target];
  };

  const newRevision = (s: Service, shared?: Revision): Revision => {
    const n = s.revisions.length + 1;
    const own = {
      rule: [part('elasticloadbalancing', `listener-rule/app/ecs-express-gateway-alb/1a2b3c/4d5e6f/${n}00`)],
      targetGroups: [part('elasticloadbalancing', `targetgroup/ecs-gateway-tg-${s.name}-${n}/7a8b9c`)],
    };
    const parts = shared
      ? { ...shared.parts, ...own }
      : {
          loadBalancer: [part('elasticloadbalancing', 'loadbalancer/app/ecs-express-gateway-alb/1a2b3c')],
          loadBalancerSecurityGroups: [part('ec2', 'security-group/sg-0alb')],
          certificate: [part('acm', 'certificate/5e6f7a8b')],
          listener: [part('elasticloadbalancing', 'listener/app/ecs-express-gateway-alb/1a2b3c/4d5e6f')],
          ...own,
          scalableTarget: [part('application-autoscaling', `scalable-target/0ec5${s.name}`)],
          applicationAutoScalingPolicies: [part('autoscaling', `scalingPolicy:0ec5${s.name}:policyName/cpu`)],
          metricAlarms: [part('cloudwatch', `alarm:TargetTracking-${s.name}-AlarmHigh`)],
          serviceSecurityGroups: [part('ec2', 'security-group/sg-0svc')],
          logGroups: [part('logs', `log-group:/aws/ecs/${s.cluster}/${s.name}`)],
        };
    const revision = {
      arn: arn('ecs', `service-revision/${s.cluster}/${s.name}/${n}`),
      taskDefinition: arn('ecs', `task-definition/${s.name}:${n}`),
      parts,
    };
    s.revisions.push(revision);
    return revision;
  };
  const deploy = (s: Service, target: Revision, source?: Revision) => {
    s.deployments.push({
      arn: arn('ecs', `service-deployment/${s.cluster}/${s.name}/d${s.deployments.length + 1}`),
      started: clock,
      source,
      target,
    });
    // What the source had and the target has not goes once the deployment is done.
    for (const list of Object.values(source?.parts ?? {}))
      for (const p of list) if (!Object.values(target.parts).some((l) => l.includes(p))) p.gone = clock + 3;
  };

  const revisionJson = (s: Service, r: Revision): Json => {
    const parts = (member: string) => (r.parts[member] ?? []).map(described);
    const one = (member: string) => parts(member)[0];
    return {
      serviceRevisionArn: r.arn,
      serviceArn: s.arn,
      clusterArn: arn('ecs', `cluster/${s.cluster}`),
      taskDefinition: r.taskDefinition,
      ecsManagedResources: {
        ingressPaths: [
          {
            accessType: 'PUBLIC',
            endpoint: `https://${s.name}.ecs.${REGION}.on.aws`,
            loadBalancer: one('loadBalancer'),
            loadBalancerSecurityGroups: parts('loadBalancerSecurityGroups'),
            certificate: one('certificate'),
            listener: one('listener'),
            rule: one('rule'),
            targetGroups: parts('targetGroups'),
          },
        ],
        autoScaling: {
          scalableTarget: one('scalableTarget'),
          applicationAutoScalingPolicies: parts('applicationAutoScalingPolicies'),
        },
        metricAlarms: parts('metricAlarms'),
        serviceSecurityGroups: parts('serviceSecurityGroups'),
        logGroups: parts('logGroups'),
      },
    };
  };
  const serviceJson = (s: Service): Json => ({
    cluster: s.cluster,
    serviceName: s.name,
    serviceArn: s.arn,
    status: { statusCode: s.deleted === undefined ? 'ACTIVE' : clock - s.deleted < 3 ? 'DRAINING' : 'INACTIVE' },
    activeConfigurations: active(s).map((r) => ({ serviceRevisionArn: r.arn })),
  });
  const fail = (code: string, message: string) => ({ status: 400, body: { __type: code, message } });
  const find = (ref: unknown) =>
    [...services.values()].find((s) => s.arn === ref || s.name === ref) ??
    (() => {
      throw fail('ServiceNotFoundException', 'Service not found.');
    })();
  const byRevision = (ref: unknown) => {
    for (const s of services.values()) {
      const r = s.revisions.find((x) => x.arn === ref);
      if (r) return { s, r };
    }
    return undefined;
  };

  const operations: Record<string, (input: Json) => Json> = {
    CreateExpressGatewayService(input) {
      const name = String(input.serviceName ?? 'web');
      const cluster = String(input.cluster ?? 'default');
      const s: Service = {
        name,
        cluster,
        arn: arn('ecs', `service/${cluster}/${name}`),
        revisions: [],
        deployments: [],
      };
      services.set(name, s);
      deploy(s, newRevision(s));
      return { service: serviceJson(s) };
    },
    UpdateExpressGatewayService(input) {
      const s = find(input.serviceArn);
      const source = s.deployments.at(-1)!.target;
      deploy(s, newRevision(s, source), source);
      return { service: serviceJson(s) };
    },
    DeleteExpressGatewayService(input) {
      const s = find(input.serviceArn);
      s.deleted = clock;
      for (const p of Object.values(s.deployments.at(-1)!.target.parts).flat()) p.gone = clock;
      return { service: serviceJson(s) };
    },
    DescribeExpressGatewayService(input) {
      clock += 1;
      return { service: serviceJson(find(input.serviceArn)) };
    },
    ListServiceDeployments(input) {
      const s = find(input.service);
      const newest = [...s.deployments].reverse().slice(0, Number(input.maxResults ?? 20));
      return { serviceDeployments: newest.map((d) => ({ serviceDeploymentArn: d.arn, serviceArn: s.arn })) };
    },
    DescribeServiceDeployments(input) {
      const all = [...services.values()].flatMap((s) => s.deployments.map((d) => ({ s, d })));
      const wanted = input.serviceDeploymentArns as string[];
      const found = all.filter(({ d }) => wanted.includes(d.arn));
      return {
        serviceDeployments: found.map(({ s, d }) => ({
          serviceDeploymentArn: d.arn,
          serviceArn: s.arn,
          status: done(d) ? 'SUCCESSFUL' : 'IN_PROGRESS',
          targetServiceRevision: { arn: d.target.arn },
          ...(d.source ? { sourceServiceRevisions: [{ arn: d.source.arn }] } : {}),
        })),
        failures: wanted.filter((w) => !found.some(({ d }) => d.arn === w)).map((w) => ({ arn: w, reason: 'MISSING' })),
      };
    },
    DescribeServiceRevisions(input) {
      const wanted = input.serviceRevisionArns as string[];
      const found = wanted.map(byRevision);
      if (found.some((f) => f && f.s.deleted !== undefined && clock - f.s.deleted >= 3))
        throw fail('InvalidParameterException', 'Cannot call DescribeServiceRevisions for a service that is INACTIVE.');
      return {
        serviceRevisions: found.flatMap((f) => (f ? [revisionJson(f.s, f.r)] : [])),
        failures: wanted.filter((_, i) => !found[i]).map((w) => ({ arn: w, reason: 'MISSING' })),
      };
    },
    DescribeServices(input) {
      const s = find((input.services as string[])[0]);
      const latest = s.deployments.at(-1)!;
      const message =
        s.deleted !== undefined
          ? `(service ${s.name}) has begun draining connections on 1 tasks.`
          : done(latest)
            ? `(service ${s.name}) has reached a steady state.`
            : `(service ${s.name}) has started 1 tasks: (task ${s.deployments.length}f2e).`;
      return { services: [{ serviceArn: s.arn, serviceName: s.name, events: [{ id: 'e1', message }] }], failures: [] };
    },
  };

  return {
    calls,
    answer(operation, input) {
      calls.push({ operation, input });
      const handler = operations[operation];
      if (!handler) return fail('UnknownOperationException', `${operation} is not in the stand-in`);
      try {
        return { status: 200, body: handler(input) };
      } catch (err) {
        if (typeof err === 'object' && err !== null && 'status' in err) return err as { status: number; body: Json };
        throw err;
      }
    },
  };
}

/** The operation an ECS request names (`X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>`). */
export function ecsOperation(target: string | undefined): string {
  return String(target ?? '').split('.')[1] ?? '';
}
