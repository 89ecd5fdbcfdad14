/**
 * `ecs monitor-express-gateway-service` and the `--monitor-resources` of create/update/delete-express-
 * gateway-service, over an in-memory host on a clock of the test's own (each five-second wait moves it
 * on), against the ECS stand-in of test/support/express-gateway-stand-in.ts, whose resources change
 * from poll to poll. What is printed follows the CLI v2 code (ecs/monitorexpressgatewayservice.py,
 * serviceviewcollector.py, expressgateway/stream_display.py, managedresource.py): the time to the second
 * in UTC before each line, every resource at the first poll, then only those that changed.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { AbortedError } from '../../src/core/errors.js';
import type { HttpRequest } from '../../src/core/host.js';
import {
  createExpressGatewayStandIn,
  ecsOperation,
  type ExpressGatewayStandIn,
} from '../support/express-gateway-stand-in.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';

const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };
const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/default/web';
const START = Date.UTC(2026, 0, 2, 3, 4, 5);
const MONITOR = ['ecs', 'monitor-express-gateway-service', '--service-arn', SERVICE];

type Json = Record<string, unknown>;
const bodyOf = (req: HttpRequest) => JSON.parse(new TextDecoder().decode(req.body as Uint8Array)) as Json;

/** The stand-in as the host's network. */
function standInResponder(standIn: ExpressGatewayStandIn): Responder {
  return (req) => {
    const { status, body } = standIn.answer(ecsOperation(req.headers['X-Amz-Target']), bodyOf(req));
    return reply(status, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.1' });
  };
}

interface RunOptions {
  tty?: boolean;
  /** Ctrl-C during the n-th wait. */
  interruptAt?: number;
}

/** Runs `argv` on a clock that each wait moves on by its length; Ctrl-C is the run's signal aborted. */
async function run(responder: Responder, argv: string[], opts: RunOptions = {}) {
  const host = createMemoryHost(responder, { env: ENV });
  let now = START;
  const interrupt = new AbortController();
  host.now = () => new Date(now);
  host.sleep = async (ms) => {
    host.sleeps.push(ms);
    if (host.sleeps.length === opts.interruptAt) {
      interrupt.abort();
      throw new AbortedError();
    }
    now += ms;
  };
  const code = await runCli(argv, host, { signal: interrupt.signal, stdoutIsTty: opts.tty ?? false });
  return {
    code,
    out: host.out.join(''),
    err: host.err.join(''),
    operations: host.requests.map((r) => ecsOperation(r.headers['X-Amz-Target'])),
    requests: host.requests,
    sleeps: host.sleeps,
  };
}

/** A stand-in with the service created (its first deployment started). */
function createdService(): ExpressGatewayStandIn {
  const standIn = createExpressGatewayStandIn();
  standIn.answer('CreateExpressGatewayService', { serviceName: 'web' });
  return standIn;
}

const REV = 'arn:aws:ecs:us-east-1:123456789012:service-revision/default/web/1';
const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1a2b';
const LOGS = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/ecs/default/web';

/** An ECS that answers each operation with what `answers` gives it (an Error: a 400 with its name as the code). */
function ecs(answers: Record<string, (input: Json, poll: number) => unknown>): Responder {
  let poll = 0;
  return (req) => {
    const operation = ecsOperation(req.headers['X-Amz-Target']);
    if (operation === 'DescribeExpressGatewayService') poll += 1;
    const answer = answers[operation]?.(bodyOf(req), poll) ?? {};
    if (answer instanceof Error)
      return reply(400, JSON.stringify({ __type: answer.name, message: answer.message }), {
        'content-type': 'application/x-amz-json-1.1',
      });
    return reply(200, JSON.stringify(answer), { 'content-type': 'application/x-amz-json-1.1' });
  };
}

const serviceError = (code: string, message: string) => Object.assign(new Error(message), { name: code });
const described = (extra: Json = {}) => ({
  service: { serviceArn: SERVICE, cluster: 'default', activeConfigurations: [{ serviceRevisionArn: REV }], ...extra },
});
const events = (message: string) => ({ services: [{ serviceArn: SERVICE, events: [{ message }] }] });

/** One revision with a load balancer and a log group; the balancer comes up at the second poll. */
const SMALL_SERVICE = {
  DescribeExpressGatewayService: () => described(),
  DescribeServiceRevisions: (_: Json, poll: number) => ({
    serviceRevisions: [
      {
        serviceRevisionArn: REV,
        ecsManagedResources: {
          ingressPaths: [
            {
              endpoint: 'https://web.ecs.us-east-1.on.aws',
              loadBalancer:
                poll === 1
                  ? { arn: LB, status: 'PROVISIONING', statusReason: 'Creating', updatedAt: 1767322800.25 }
                  : { arn: LB, status: 'ACTIVE', updatedAt: 1767322920 },
            },
          ],
          logGroups: [{ arn: LOGS, status: 'ACTIVE' }],
        },
      },
    ],
  }),
  DescribeServices: (_: Json, poll: number) => events(poll < 3 ? 'has started 1 tasks' : 'has reached a steady state'),
};

/** The lines that begin with a time, shortened: the time of day, ARNs by their last part. */
const heads = (out: string) =>
  out
    .split('\n')
    .filter((line) => line.startsWith('['))
    .map((line) => line.replace(/^\[\d{4}-\d\d-\d\d (\S+)Z\]/, '$1').replace(/arn:aws:\S+?([^/:\s]+)(?=\s|$)/g, '$1'));

describe('ecs monitor-express-gateway-service', () => {
  it('prints every resource at the first poll, then only what changed, until Ctrl-C (exit 0)', async () => {
    const r = await run(ecs(SMALL_SERVICE), MONITOR, { interruptAt: 4 });
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(
      '[2026-01-02 03:04:05Z] Starting monitoring...\n' +
        '[2026-01-02 03:04:05Z] Cluster default\n' +
        `[2026-01-02 03:04:05Z] Service ${SERVICE}\n` +
        '  Info: has started 1 tasks\n' +
        `[2026-01-02 03:04:05Z] LoadBalancer ${LB} [PROVISIONING]\n` +
        '  Reason: Creating\n' +
        '  Last Updated At: 2026-01-02 03:00:00Z\n' +
        `[2026-01-02 03:04:05Z] LogGroup ${LOGS} [ACTIVE]\n` +
        `[2026-01-02 03:04:10Z] LoadBalancer ${LB} [ACTIVE]\n` +
        '  Last Updated At: 2026-01-02 03:02:00Z\n' +
        `[2026-01-02 03:04:15Z] Service ${SERVICE}\n` +
        '  Info: has reached a steady state\n' +
        '[2026-01-02 03:04:20Z] Monitoring stopped by user\n' +
        '[2026-01-02 03:04:20Z] Monitoring complete!\n',
    );
    // Each poll: the service, its revisions, its events; then five seconds.
    expect(r.operations).toEqual(
      Array(4).fill(['DescribeExpressGatewayService', 'DescribeServiceRevisions', 'DescribeServices']).flat(),
    );
    expect(r.requests.slice(0, 3).map(bodyOf)).toEqual([
      { serviceArn: SERVICE },
      { serviceRevisionArns: [REV] },
      { cluster: 'default', services: [SERVICE] },
    ]);
    expect(r.sleeps).toEqual([5000, 5000, 5000, 5000]);
  });

  it('colours by status with --color on (and by default on a terminal, in TEXT-ONLY), ending with a reset', async () => {
    const on = await run(ecs(SMALL_SERVICE), [...MONITOR, '--color', 'on'], { interruptAt: 1 });
    expect(on.out).toBe(
      '[2026-01-02 03:04:05Z] Starting monitoring...\n' +
        '[2026-01-02 03:04:05Z] \x1b[36mCluster\x1b[0m \x1b[32mdefault\x1b[0m\n' +
        `[2026-01-02 03:04:05Z] \x1b[36mService\x1b[0m \x1b[32m${SERVICE}\x1b[0m\n` +
        '  Info: has started 1 tasks\n' +
        `[2026-01-02 03:04:05Z] \x1b[36mLoadBalancer\x1b[0m \x1b[35m${LB}\x1b[0m [\x1b[35mPROVISIONING\x1b[0m]\n` +
        '  Reason: Creating\n' +
        '  Last Updated At: 2026-01-02 03:00:00Z\n' +
        `[2026-01-02 03:04:05Z] \x1b[36mLogGroup\x1b[0m \x1b[32m${LOGS}\x1b[0m [\x1b[32mACTIVE\x1b[0m]\n` +
        '[2026-01-02 03:04:05Z] Monitoring stopped by user\n' +
        '[2026-01-02 03:04:05Z] Monitoring complete!\n' +
        '\x1b[0m',
    );
    const terminal = await run(ecs(SMALL_SERVICE), MONITOR, { interruptAt: 1, tty: true });
    expect(terminal).toMatchObject({ code: 0, out: on.out, err: '' });
    const off = await run(ecs(SMALL_SERVICE), [...MONITOR, '--color', 'off'], { interruptAt: 1, tty: true });
    expect(off.out).not.toContain('\x1b');
  });

  it('merges the resources of every active configuration while a deployment replaces one (RESOURCE)', async () => {
    const standIn = createdService();
    standIn.answer('DescribeExpressGatewayService', { serviceArn: SERVICE });
    standIn.answer('DescribeExpressGatewayService', { serviceArn: SERVICE });
    standIn.answer('UpdateExpressGatewayService', { serviceArn: SERVICE, cpu: '512' });
    const r = await run(standInResponder(standIn), MONITOR, { interruptAt: 5 });
    expect(r.code).toBe(0);
    const lines = heads(r.out);
    // Both revisions' rules and target groups, merged type by type, the new ones coming up; the old
    // ones leave the view once the deployment is done (their revision is no longer active): nothing is
    // printed for that.
    expect(lines.filter((l) => /Rule|TargetGroup|Service /.test(l))).toEqual([
      '03:04:05 Service web',
      '03:04:05 Rule 100 [ACTIVE]',
      '03:04:05 Rule 200 [PROVISIONING]',
      '03:04:05 TargetGroup 7a8b9c [ACTIVE]',
      '03:04:05 TargetGroup 7a8b9c [PROVISIONING]',
      '03:04:10 Rule 200 [ACTIVE]',
      '03:04:10 TargetGroup 7a8b9c [ACTIVE]',
      '03:04:15 Service web',
    ]);
    expect(r.out).toContain('targetgroup/ecs-gateway-tg-web-2/7a8b9c [ACTIVE]');
    expect(r.operations.filter((o) => o === 'DescribeExpressGatewayService')).toHaveLength(5);
    expect(standIn.calls.filter((c) => c.operation === 'DescribeServiceRevisions').map((c) => c.input)).toEqual([
      ...Array(2).fill({ serviceRevisionArns: [REV, REV.replace(/1$/, '2')] }),
      ...Array(3).fill({ serviceRevisionArns: [REV.replace(/1$/, '2')] }),
    ]);
  });

  it('follows what the latest deployment brings and leaves behind (DEPLOYMENT)', async () => {
    const standIn = createdService();
    standIn.answer('DescribeExpressGatewayService', { serviceArn: SERVICE });
    standIn.answer('DescribeExpressGatewayService', { serviceArn: SERVICE });
    standIn.answer('UpdateExpressGatewayService', { serviceArn: SERVICE, cpu: '512' });
    const r = await run(standInResponder(standIn), [...MONITOR, '--resource-view', 'DEPLOYMENT'], { interruptAt: 6 });
    expect(r.code).toBe(0);
    expect(heads(r.out)).toEqual([
      '03:04:05 Starting monitoring...',
      '03:04:05 Cluster default',
      '03:04:05 Service web',
      '03:04:05 TargetServiceRevision 2',
      '03:04:05 TaskDefinition 2',
      '03:04:05 Rule 200 [PROVISIONING]',
      '03:04:05 TargetGroup 7a8b9c [PROVISIONING]',
      '03:04:05 Rule 100 [ACTIVE]',
      '03:04:05 TargetGroup 7a8b9c [ACTIVE]',
      '03:04:10 Rule 200 [ACTIVE]',
      '03:04:10 TargetGroup 7a8b9c [ACTIVE]',
      '03:04:15 Service web',
      '03:04:20 Rule 100 [DELETING]',
      '03:04:20 TargetGroup 7a8b9c [DELETING]',
      '03:04:25 Rule 100 [DELETED]',
      '03:04:25 TargetGroup 7a8b9c [DELETED]',
      '03:04:30 Monitoring stopped by user',
      '03:04:30 Monitoring complete!',
    ]);
    expect(r.operations.slice(0, 6)).toEqual([
      'DescribeExpressGatewayService',
      'ListServiceDeployments',
      'DescribeServiceDeployments',
      'DescribeServiceRevisions',
      'DescribeServiceRevisions',
      'DescribeServices',
    ]);
    const deployment = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/web/d2';
    expect(r.requests.slice(1, 5).map(bodyOf)).toEqual([
      { service: SERVICE, maxResults: 1 },
      { serviceDeploymentArns: [deployment] },
      { serviceRevisionArns: [REV.replace(/1$/, '2')] },
      { serviceRevisionArns: [REV] },
    ]);
  });

  it('stops by itself once the service is INACTIVE, after its resources are deleted', async () => {
    const standIn = createdService();
    standIn.answer('DeleteExpressGatewayService', { serviceArn: SERVICE });
    const r = await run(standInResponder(standIn), MONITOR);
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = heads(r.out);
    expect(lines.filter((l) => l.includes('LoadBalancer '))).toEqual([
      '03:04:05 LoadBalancer 1a2b3c [DELETING]',
      '03:04:10 LoadBalancer 1a2b3c [DELETED]',
    ]);
    expect(lines.slice(-2)).toEqual(['03:04:15 Service is inactive', '03:04:15 Monitoring complete!']);
    expect(r.sleeps).toHaveLength(2);
  });

  it('stops at --timeout minutes (30 unless given); 0 stops before the first poll', async () => {
    const r = await run(ecs(SMALL_SERVICE), [...MONITOR, '--timeout', '1']);
    expect(r.code).toBe(0);
    expect(r.operations.filter((o) => o === 'DescribeExpressGatewayService')).toHaveLength(12);
    expect(r.out.split('\n').slice(-3)).toEqual([
      '[2026-01-02 03:05:05Z] Monitoring timeout reached!',
      '[2026-01-02 03:05:05Z] Monitoring complete!',
      '',
    ]);
    const zero = await run(ecs(SMALL_SERVICE), [...MONITOR, '--timeout', '0']);
    expect(zero).toMatchObject({ code: 0, operations: [], err: '' });
    expect(heads(zero.out)).toEqual([
      '03:04:05 Starting monitoring...',
      '03:04:05 Monitoring timeout reached!',
      '03:04:05 Monitoring complete!',
    ]);
    const standard = await run(ecs(SMALL_SERVICE), MONITOR);
    expect(standard.sleeps).toHaveLength(360);
  });

  it('says what it waits for at every poll: the service, a deployment, the revisions', async () => {
    const r = await run(
      ecs({
        DescribeExpressGatewayService: (_, poll) => (poll === 1 ? { service: { serviceArn: SERVICE } } : described()),
        ListServiceDeployments: (_, poll) =>
          poll === 2 ? { serviceDeployments: [] } : { serviceDeployments: [{ serviceDeploymentArn: 'd1' }] },
        DescribeServiceDeployments: () => ({
          serviceDeployments: [{ serviceDeploymentArn: 'd1', targetServiceRevision: { arn: REV } }],
        }),
        DescribeServiceRevisions: () => ({ serviceRevisions: [], failures: [{ arn: REV, reason: 'MISSING' }] }),
        DescribeServices: () => events('has started 1 tasks'),
      }),
      [...MONITOR, '--resource-view', 'DEPLOYMENT'],
      { interruptAt: 4 },
    );
    expect(heads(r.out)).toEqual([
      '03:04:05 Starting monitoring...',
      '03:04:05 Trying to describe gateway service',
      '03:04:10 Cluster default',
      '03:04:10 Service web',
      '03:04:10 Waiting for a deployment to start',
      '03:04:15 Trying to describe service revisions',
      '03:04:20 Trying to describe service revisions',
      '03:04:20 Monitoring stopped by user',
      '03:04:20 Monitoring complete!',
    ]);
  });

  it('ends with "Error:" and exit 0 when an answer lists a failure or lacks what it must have', async () => {
    const failure = await run(
      ecs({
        DescribeExpressGatewayService: () => described(),
        DescribeServiceRevisions: () => ({
          serviceRevisions: [],
          failures: [
            { arn: REV, reason: 'MISSING' },
            { arn: `${REV}0`, reason: 'ACCESS_DENIED' },
          ],
        }),
      }),
      MONITOR,
    );
    expect(failure).toMatchObject({ code: 0, err: '' });
    expect(heads(failure.out)).toEqual([
      '03:04:05 Starting monitoring...',
      '03:04:05 Error: DescribeServiceRevisions:',
      '03:04:05 Monitoring complete!',
    ]);
    expect(failure.out).toContain(`Error: DescribeServiceRevisions:\n${REV}0 failed with ACCESS_DENIED\n`);
    const missing = await run(ecs({ DescribeExpressGatewayService: () => described() }), MONITOR);
    expect(missing.out).toContain('] Error: DescribeServiceRevisions response is missing serviceRevisions\n');
    const nameless = await run(
      ecs({
        DescribeExpressGatewayService: () => described(),
        DescribeServiceRevisions: () => ({ serviceRevisions: [], failures: [{ reason: 'MISSING' }] }),
      }),
      MONITOR,
    );
    expect(nameless.out).toContain('] Error: Invalid failure response: missing arn or reason\n');
  });

  it('fails with the service’s error (exit 254) after "Monitoring complete!" when a call is refused', async () => {
    const r = await run(
      ecs({ DescribeExpressGatewayService: () => serviceError('AccessDeniedException', 'Not authorized') }),
      MONITOR,
    );
    expect(r.code).toBe(254);
    expect(heads(r.out)).toEqual(['03:04:05 Starting monitoring...', '03:04:05 Monitoring complete!']);
    expect(r.err).toBe(
      '\nAn error occurred (AccessDeniedException) when calling the DescribeExpressGatewayService operation: Not authorized\n',
    );
    // Only ECS's refusal to describe an INACTIVE service's revisions is the end of monitoring.
    const other = await run(
      ecs({
        DescribeExpressGatewayService: () => described(),
        DescribeServiceRevisions: () => serviceError('InvalidParameterException', 'Bad revision'),
      }),
      MONITOR,
    );
    expect(other.code).toBe(254);
  });

  it('refuses --mode INTERACTIVE before any request: the CLI’s error off a terminal (exit 1), 252 on one', async () => {
    const piped = await run(ecs(SMALL_SERVICE), [...MONITOR, '--mode', 'INTERACTIVE']);
    expect(piped).toMatchObject({
      code: 1,
      out: '',
      err: 'aws: [ERROR]: Interactive mode requires a TTY (terminal). Use --mode TEXT-ONLY for non-interactive environments.\n',
      operations: [],
    });
    const terminal = await run(ecs(SMALL_SERVICE), [...MONITOR, '--mode', 'INTERACTIVE'], { tty: true });
    expect(terminal).toMatchObject({ code: 252, out: '', operations: [] });
    expect(terminal.err).toContain('The interactive monitor (--mode INTERACTIVE) is not available in isoaws');
    const text = await run(ecs(SMALL_SERVICE), [...MONITOR, '--mode', 'TEXT-ONLY'], { tty: true, interruptAt: 1 });
    expect(text.code).toBe(0);
  });

  it('refuses a bad --timeout, --resource-view or --mode, and a missing --service-arn, before any request', async () => {
    const timeout = await run(ecs(SMALL_SERVICE), [...MONITOR, '--timeout', 'soon']);
    expect(timeout).toMatchObject({ code: 255, err: "\ninvalid literal for int() with base 10: 'soon'\n", out: '' });
    const view = await run(ecs(SMALL_SERVICE), [...MONITOR, '--resource-view', 'ALL']);
    expect(view.code).toBe(252);
    expect(view.err).toContain('argument --resource-view: Invalid choice, valid choices are:');
    const arn = await run(ecs(SMALL_SERVICE), ['ecs', 'monitor-express-gateway-service']);
    expect(arn.code).toBe(252);
    expect(arn.err).toContain('the following arguments are required: --service-arn');
    for (const r of [timeout, view, arn]) expect(r.operations).toEqual([]);
  });
});

const CREATE = [
  'ecs',
  'create-express-gateway-service',
  '--service-name',
  'web',
  '--execution-role-arn',
  'arn:aws:iam::123456789012:role/exec',
  '--infrastructure-role-arn',
  'arn:aws:iam::123456789012:role/infra',
  '--primary-container',
  'image=nginx',
];

/** What the stand-in makes for a new service, in the order the monitor lists them. */
const CREATED = [
  'LoadBalancer 1a2b3c',
  'LoadBalancerSecurityGroup sg-0alb',
  'Certificate 5e6f7a8b',
  'Listener 4d5e6f',
  'Rule 100',
  'TargetGroup 7a8b9c',
  'ScalableTarget 0ec5web',
  'ApplicationAutoScalingPolicy cpu',
  'MetricAlarm TargetTracking-web-AlarmHigh',
  'SecurityGroup sg-0svc',
  'LogGroup web',
];

describe('--monitor-resources of create/update/delete-express-gateway-service', () => {
  it('follows the new deployment after the call, printing the monitor instead of the answer', async () => {
    const standIn = createExpressGatewayStandIn();
    const r = await run(standInResponder(standIn), [...CREATE, '--monitor-resources', '--monitor-mode', 'TEXT-ONLY'], {
      interruptAt: 2,
    });
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(heads(r.out)).toEqual([
      '03:04:05 Starting monitoring...',
      '03:04:05 Cluster default',
      '03:04:05 Service web',
      '03:04:05 TargetServiceRevision 1',
      '03:04:05 TaskDefinition 1',
      ...CREATED.map((r) => `03:04:05 ${r} [PROVISIONING]`),
      ...CREATED.map((r) => `03:04:10 ${r} [ACTIVE]`),
      '03:04:10 Monitoring stopped by user',
      '03:04:10 Monitoring complete!',
    ]);
    expect(r.out).not.toContain('"service"');
    expect(r.operations.slice(0, 3)).toEqual([
      'CreateExpressGatewayService',
      'DescribeExpressGatewayService',
      'ListServiceDeployments',
    ]);
    expect(bodyOf(r.requests[1]!)).toEqual({ serviceArn: SERVICE });
  });

  it('monitors by default on a terminal (TEXT-ONLY); elsewhere skips with the CLI’s error and prints the answer', async () => {
    const terminal = await run(standInResponder(createExpressGatewayStandIn()), [...CREATE, '--monitor-resources'], {
      tty: true,
      interruptAt: 1,
    });
    expect(terminal).toMatchObject({ code: 0, err: '' });
    expect(terminal.out).toMatch(/^\[2026-01-02 03:04:05Z\] Starting monitoring\.\.\.\n/);
    expect(terminal.out).toContain('\x1b[36mTargetServiceRevision\x1b[0m');
    const piped = await run(standInResponder(createExpressGatewayStandIn()), [...CREATE, '--monitor-resources']);
    expect(piped.code).toBe(0);
    expect(piped.err).toBe(
      'aws: [ERROR]: Interactive mode requires a TTY (terminal). Monitoring skipped. Use --monitor-mode TEXT-ONLY for non-interactive environments.\n',
    );
    expect(JSON.parse(piped.out).service.serviceArn).toBe(SERVICE);
    expect(piped.operations).toEqual(['CreateExpressGatewayService']);
    // Asked for explicitly off a terminal, as the CLI: the same.
    const asked = await run(standInResponder(createExpressGatewayStandIn()), [
      ...CREATE,
      '--monitor-resources',
      '--monitor-mode',
      'INTERACTIVE',
    ]);
    expect({ ...asked, requests: undefined }).toEqual({ ...piped, requests: undefined });
  });

  it('refuses INTERACTIVE on a terminal, and --monitor-mode without --monitor-resources, before the call', async () => {
    const interactive = await run(
      standInResponder(createExpressGatewayStandIn()),
      [...CREATE, '--monitor-resources', '--monitor-mode', 'INTERACTIVE'],
      { tty: true },
    );
    expect(interactive).toMatchObject({ code: 252, out: '', operations: [] });
    expect(interactive.err).toContain(
      'The interactive monitor (--monitor-mode INTERACTIVE) is not available in isoaws',
    );
    const alone = await run(standInResponder(createExpressGatewayStandIn()), [
      ...CREATE,
      '--monitor-mode',
      'TEXT-ONLY',
    ]);
    expect(alone).toMatchObject({
      code: 255,
      out: '',
      err: '\n--monitor-mode can only be used with --monitor-resources\n',
      operations: [],
    });
    const bad = await run(standInResponder(createExpressGatewayStandIn()), [...CREATE, '--monitor-resources', 'ALL']);
    expect(bad).toMatchObject({ code: 252, operations: [] });
    expect(bad.err).toContain('argument --monitor-resources: Invalid choice, valid choices are:');
  });

  it('follows every resource of a deleted service (RESOURCE unless told) until it is inactive', async () => {
    const standIn = createdService();
    const r = await run(standInResponder(standIn), [
      'ecs',
      'delete-express-gateway-service',
      '--service-arn',
      SERVICE,
      '--monitor-resources',
      '--monitor-mode',
      'TEXT-ONLY',
    ]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.operations).not.toContain('ListServiceDeployments');
    expect(heads(r.out).slice(-2)).toEqual(['03:04:15 Service is inactive', '03:04:15 Monitoring complete!']);
    const deployment = await run(standInResponder(createdService()), [
      'ecs',
      'delete-express-gateway-service',
      '--service-arn',
      SERVICE,
      '--monitor-resources',
      'DEPLOYMENT',
      '--monitor-mode',
      'TEXT-ONLY',
    ]);
    expect(deployment.operations).toContain('ListServiceDeployments');
  });

  it('leaves the call as it was without --monitor-resources, and a skeleton without monitoring', async () => {
    const plain = await run(standInResponder(createExpressGatewayStandIn()), CREATE);
    expect(plain).toMatchObject({ code: 0, err: '', operations: ['CreateExpressGatewayService'] });
    expect(bodyOf(plain.requests[0]!)).not.toHaveProperty('monitorResources');
    const skeleton = await run(standInResponder(createExpressGatewayStandIn()), [
      ...CREATE,
      '--generate-cli-skeleton',
      'output',
      '--monitor-resources',
      '--monitor-mode',
      'TEXT-ONLY',
    ]);
    expect(skeleton).toMatchObject({ code: 0, err: '', operations: [] });
    expect(JSON.parse(skeleton.out).service.serviceArn).toBe('serviceArn');
  });
});
