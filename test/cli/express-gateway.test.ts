/**
 * The parts of the Express gateway monitor that need no network: how a service revision's
 * `ecsManagedResources` become resources (each type the CLI's serviceviewcollector.py parses), how the
 * resources of several revisions merge and a deployment's are compared (managedresourcegroup.py), and
 * how a resource is printed and when it counts as changed (managedresource.py, stream_display.py).
 */
import { describe, expect, it } from 'vitest';
import { revisionResources } from '../../src/cli/express-gateway/collector.js';
import {
  combineGroups,
  compareSets,
  group,
  leaves,
  resource,
  type ManagedResource,
} from '../../src/cli/express-gateway/resources.js';
import { ChangeTracker, resourceLines } from '../../src/cli/express-gateway/stream-display.js';

const at = (iso: string) => new Date(iso);
const managed = (arn: string, status: string, extra: Record<string, unknown> = {}) => ({ arn, status, ...extra });
/** A leaf as `Type id STATUS`, for comparing lists of them at a glance. */
const brief = (r: ManagedResource) => [r.type, r.identifier, r.status].filter(Boolean).join(' ');

describe('a service revision’s managed resources', () => {
  it('are every type the CLI parses, grouped and in its order, with status, reason and update time', () => {
    const parsed = revisionResources({
      ecsManagedResources: {
        logGroups: [managed('lg', 'ACTIVE')],
        ingressPaths: [
          {
            endpoint: 'https://web.example',
            targetGroups: [managed('tg1', 'ACTIVE'), managed('tg2', 'PROVISIONING')],
            rule: managed('rule', 'ACTIVE'),
            listener: managed('listener', 'ACTIVE'),
            certificate: managed('cert', 'PENDING', { statusReason: 'Validating the domain' }),
            loadBalancerSecurityGroups: [managed('sg-alb', 'ACTIVE')],
            loadBalancer: managed('lb', 'FAILED', {
              statusReason: 'Not enough IP addresses',
              updatedAt: at('2026-01-02T03:04:05.678Z'),
            }),
          },
        ],
        serviceSecurityGroups: [managed('sg-svc', 'ACTIVE')],
        metricAlarms: [managed('alarm', 'ACTIVE')],
        autoScaling: {
          applicationAutoScalingPolicies: [managed('policy', 'ACTIVE')],
          scalableTarget: managed('target', 'ACTIVE'),
        },
      },
    });
    expect([...parsed.members.keys()]).toEqual([
      'IngressPaths/',
      'AutoScalingConfiguration/',
      'MetricAlarms/',
      'ServiceSecurityGroups/',
      'LogGroups/',
    ]);
    const ingress = parsed.members.get('IngressPaths/');
    expect(ingress?.kind === 'group' && [...ingress.members.keys()]).toEqual(['IngressPath/https://web.example']);
    expect(leaves(parsed).map(brief)).toEqual([
      'LoadBalancer lb FAILED',
      'LoadBalancerSecurityGroup sg-alb ACTIVE',
      'Certificate cert PENDING',
      'Listener listener ACTIVE',
      'Rule rule ACTIVE',
      'TargetGroup tg1 ACTIVE',
      'TargetGroup tg2 PROVISIONING',
      'ScalableTarget target ACTIVE',
      'ApplicationAutoScalingPolicy policy ACTIVE',
      'MetricAlarm alarm ACTIVE',
      'SecurityGroup sg-svc ACTIVE',
      'LogGroup lg ACTIVE',
    ]);
    expect(leaves(parsed)[0]).toEqual({
      kind: 'resource',
      type: 'LoadBalancer',
      identifier: 'lb',
      status: 'FAILED',
      reason: 'Not enough IP addresses',
      updatedAt: Date.parse('2026-01-02T03:04:05.678Z'),
    });
    expect(leaves(parsed)[2]!.reason).toBe('Validating the domain');
  });

  it('leave out the parts that are absent or empty, and a revision without any is an empty group', () => {
    const parsed = revisionResources({
      ecsManagedResources: {
        ingressPaths: [{ endpoint: 'e', loadBalancer: {}, targetGroups: [], listener: managed('l', 'ACTIVE') }],
        autoScaling: {},
        logGroups: [],
      },
    });
    expect([...parsed.members.keys()]).toEqual(['IngressPaths/', 'AutoScalingConfiguration/', 'LogGroups/']);
    expect(leaves(parsed).map(brief)).toEqual(['Listener l ACTIVE']);
    for (const revision of [{}, { ecsManagedResources: {} }, { ecsManagedResources: null }])
      expect(revisionResources(revision).members.size).toBe(0);
  });

  it('keep a resource whose ARN is not known yet, without an identifier', () => {
    const parsed = revisionResources({ ecsManagedResources: { metricAlarms: [{ status: 'PROVISIONING' }] } });
    expect(leaves(parsed)).toEqual([{ kind: 'resource', type: 'MetricAlarm', status: 'PROVISIONING' }]);
  });
});

describe('merging the resources of several revisions', () => {
  it('keeps the copy updated last, a copy without a time losing to one with', () => {
    const old = resource('TargetGroup', 'tg', { status: 'ACTIVE', updatedAt: 1000 });
    const recent = resource('TargetGroup', 'tg', { status: 'DELETING', updatedAt: 2000 });
    const timeless = resource('TargetGroup', 'tg', { status: 'ACTIVE' });
    expect(leaves(combineGroups(group([old]), group([recent])))).toEqual([recent]);
    expect(leaves(combineGroups(group([recent]), group([old])))).toEqual([recent]);
    expect(leaves(combineGroups(group([timeless]), group([old])))).toEqual([old]);
    expect(leaves(combineGroups(group([old]), group([timeless])))).toEqual([old]);
  });

  it('merges groups of one key member by member, in first-seen order, and drops unnamed beside named', () => {
    const first = group([
      group([resource('Rule', 'r1'), resource('TargetGroup', undefined, { status: 'PROVISIONING' })], {
        type: 'IngressPath',
        identifier: 'e',
      }),
      group([resource('LogGroup', 'lg')], { type: 'LogGroups' }),
    ]);
    const second = group([
      group([resource('Rule', 'r2'), resource('TargetGroup', 'tg2')], { type: 'IngressPath', identifier: 'e' }),
    ]);
    const merged = combineGroups(first, second);
    expect([...merged.members.keys()]).toEqual(['IngressPath/e', 'LogGroups/']);
    expect(leaves(merged).map(brief)).toEqual(['Rule r1', 'Rule r2', 'TargetGroup tg2', 'LogGroup lg']);
    expect(combineGroups(first, undefined)).toBe(first);
  });
});

describe('comparing a deployment’s target with its source', () => {
  const path = (...members: ManagedResource[]) =>
    group([group(members, { type: 'IngressPath', identifier: 'e' })], { type: 'IngressPaths' });

  it('finds what only the target has and what only the source had, a shared resource in neither', () => {
    const target = group([path(resource('Rule', 'new'), resource('Listener', 'l')), resource('LogGroup', 'lg')]);
    const source = group([path(resource('Rule', 'old'), resource('Listener', 'l')), resource('LogGroup', 'lg')]);
    const [added, dropped] = compareSets(target, source);
    expect(leaves(added).map(brief)).toEqual(['Rule new']);
    expect(leaves(dropped).map(brief)).toEqual(['Rule old']);
  });

  it('does not count as dropped what the target may still name: a type it has without an identifier', () => {
    const target = group([resource('TargetGroup', undefined, { status: 'PROVISIONING' }), resource('Rule', 'r')]);
    const source = group([resource('TargetGroup', 'tg-old'), resource('Rule', 'r-old')]);
    const [added, dropped] = compareSets(target, source);
    expect(leaves(added).map(brief)).toEqual(['TargetGroup PROVISIONING', 'Rule r']);
    expect(leaves(dropped).map(brief)).toEqual(['Rule r-old']);
  });
});

describe('a resource’s lines', () => {
  const lb = resource('LoadBalancer', 'arn:lb', {
    status: 'PROVISIONING',
    reason: 'Creating',
    updatedAt: Date.parse('2026-01-02T03:04:05.900Z'),
    info: 'extra',
  });

  it('say its type, identifier and status, then its reason, last update (UTC, to the second) and information', () => {
    expect(resourceLines(lb, '2026-01-02 03:05:00Z', false)).toBe(
      '[2026-01-02 03:05:00Z] LoadBalancer arn:lb [PROVISIONING]\n' +
        '  Reason: Creating\n' +
        '  Last Updated At: 2026-01-02 03:04:05Z\n' +
        '  Info: extra',
    );
    expect(resourceLines(resource('Cluster', 'default'), 'T', false)).toBe('[T] Cluster default');
    expect(resourceLines({ kind: 'resource', status: 'ACTIVE' }, 'T', false)).toBe('[T] Unknown Resource [ACTIVE]');
  });

  it('are coloured by status: green when done or without one, red failed, yellow deleted, magenta otherwise', () => {
    const line = (status?: string) => resourceLines(resource('T', 'id', { status }), 'T', true);
    expect(line(undefined)).toBe('[T] \x1b[36mT\x1b[0m \x1b[32mid\x1b[0m');
    expect(line('SUCCESSFUL')).toBe('[T] \x1b[36mT\x1b[0m \x1b[32mid\x1b[0m [\x1b[32mSUCCESSFUL\x1b[0m]');
    expect(line('FAILED')).toBe('[T] \x1b[36mT\x1b[0m \x1b[31mid\x1b[0m [\x1b[31mFAILED\x1b[0m]');
    expect(line('DELETED')).toBe('[T] \x1b[36mT\x1b[0m \x1b[33mid\x1b[0m [\x1b[33mDELETED\x1b[0m]');
    expect(line('ROLLBACK_FAILED')).toBe('[T] \x1b[36mT\x1b[0m \x1b[35mid\x1b[0m [\x1b[35mROLLBACK_FAILED\x1b[0m]');
  });
});

describe('change detection between polls', () => {
  it('gives every resource first, then only those that are new or differ in any field', () => {
    const tracker = new ChangeTracker();
    const lb = resource('LoadBalancer', 'lb', { status: 'PROVISIONING', updatedAt: 1 });
    const tg = resource('TargetGroup', 'tg', { status: 'ACTIVE' });
    expect(tracker.changed(group([lb, tg]))).toEqual([lb, tg]);
    expect(tracker.changed(group([{ ...lb }, { ...tg }]))).toEqual([]);
    const later = { ...lb, updatedAt: 2 };
    const rule = resource('Rule', 'r');
    expect(tracker.changed(group([later, tg, rule]))).toEqual([later, rule]);
    expect(tracker.changed(group([later, { ...tg, info: 'event' }]))).toEqual([{ ...tg, info: 'event' }]);
    // Gone and back again is new again.
    expect(tracker.changed(group([later, tg, rule]))).toEqual([tg, rule]);
  });
});
