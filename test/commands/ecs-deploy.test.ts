/**
 * `ecs deploy` against a recording stand-in in memory (the memory host's `send`): what moto cannot
 * play (a deployment that moves to Succeeded, Failed or never ends), where each client sends its
 * requests, the AppSpec content and SHA-256 sent, and the CLI's errors and exit codes. The expected
 * words are the AWS CLI's (ecs/deploy.py, ecs/exceptions.py, botocore's waiter).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest } from '../../src/core/host.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1' };
const ACCOUNT = '123456789012';
const CLUSTER_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`;
const SERVICE_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`;
const TASK_DEF_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:7`;

const target = (req: HttpRequest) => (req.headers['X-Amz-Target'] ?? req.headers['x-amz-target'] ?? '').split('.')[1];
const bodyOf = (req: HttpRequest) => JSON.parse(new TextDecoder().decode(req.body as Uint8Array));
const json = (body: unknown, status = 200) =>
  reply(status, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.1' });
const fault = (code: string, message: string) => json({ __type: code, message }, 400);

type Answers = Record<string, unknown | ((req: HttpRequest, call: number) => unknown)>;

const GROUP = {
  deploymentGroupInfo: {
    computePlatform: 'ECS',
    ecsServices: [{ serviceName: 'web', clusterName: 'prod' }],
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 20 },
      terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 15 },
    },
  },
};

const DEFAULTS: Answers = {
  DescribeServices: { services: [{ serviceName: 'web', serviceArn: SERVICE_ARN, clusterArn: CLUSTER_ARN }] },
  GetApplication: { application: { applicationName: 'AppECS-prod-web', computePlatform: 'ECS' } },
  GetDeploymentGroup: GROUP,
  RegisterTaskDefinition: { taskDefinition: { taskDefinitionArn: TASK_DEF_ARN } },
  CreateDeployment: { deploymentId: 'd-ABCDEF123' },
  GetDeployment: { deploymentInfo: { status: 'Succeeded' } },
};

const TASK_DEF = '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "cpu": 256}]}';
const APPSPEC_YAML = `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "<TASK_DEFINITION>"
        LoadBalancerInfo:
          ContainerName: "web"
          ContainerPort: 80
`;

function hostWith(answers: Answers = {}, files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const all = { ...DEFAULTS, ...answers };
  const calls: Record<string, number> = {};
  const host = createMemoryHost(
    (req) => {
      const op = target(req)!;
      const n = (calls[op] = (calls[op] ?? 0) + 1);
      const answer = all[op];
      const value = typeof answer === 'function' ? answer(req, n) : answer;
      if (value === undefined) return reply(418, '');
      return value instanceof Object && 'statusCode' in value ? (value as ReturnType<typeof json>) : json(value);
    },
    { env: { ...KEYS, ...env } },
  );
  for (const [path, text] of Object.entries({ '/taskdef.json': TASK_DEF, '/appspec.yaml': APPSPEC_YAML, ...files }))
    void host.fs.writeFile(path, new TextEncoder().encode(text));
  return host;
}

const ARGV = ['ecs', 'deploy', '--service', 'web', '--cluster', 'prod'];
const FILES = ['--task-definition', 'taskdef.json', '--codedeploy-appspec', 'appspec.yaml'];
const run = async (host: MemoryHost, ...extra: string[]) => {
  const code = await runCli([...ARGV, ...FILES, ...extra], host);
  return { code, out: host.out.join(''), err: host.err.join('') };
};
const ops = (host: MemoryHost) => host.requests.map((r) => `${new URL(r.url).host} ${target(r)}`);

describe('ecs deploy', () => {
  it('registers, deploys the AppSpec with the new ARN and waits, printing the CLI’s lines', async () => {
    const host = hostWith();
    expect(await run(host)).toEqual({
      code: 0,
      out:
        `Successfully registered new ECS task definition ${TASK_DEF_ARN}\n` +
        'Successfully created deployment d-ABCDEF123\n' +
        'Waiting for d-ABCDEF123 to succeed (will wait up to 45 minutes)...\n' +
        `Successfully deployed ${TASK_DEF_ARN} to service 'web'\n`,
      err: '',
    });
    expect(ops(host)).toEqual([
      'ecs.us-east-1.amazonaws.com DescribeServices',
      'codedeploy.us-east-1.amazonaws.com GetApplication',
      'codedeploy.us-east-1.amazonaws.com GetDeploymentGroup',
      'ecs.us-east-1.amazonaws.com RegisterTaskDefinition',
      'codedeploy.us-east-1.amazonaws.com CreateDeployment',
      'codedeploy.us-east-1.amazonaws.com GetDeployment',
    ]);
    const [describe, app, group, register, create] = host.requests.map(bodyOf);
    expect(describe).toEqual({ cluster: 'prod', services: ['web'] });
    expect(app).toEqual({ applicationName: 'AppECS-prod-web' });
    expect(group).toEqual({ applicationName: 'AppECS-prod-web', deploymentGroupName: 'DgpECS-prod-web' });
    expect(register).toEqual(JSON.parse(TASK_DEF));
    const content =
      '{"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": ' +
      `{"TaskDefinition": "${TASK_DEF_ARN}", "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}]}`;
    expect(create).toEqual({
      applicationName: 'AppECS-prod-web',
      deploymentGroupName: 'DgpECS-prod-web',
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
      },
    });
  });

  it('names the application and group after the cluster of the service’s ARN, 46 characters of each', async () => {
    const long = 's'.repeat(50);
    const host = hostWith({
      DescribeServices: {
        services: [
          {
            serviceName: long,
            serviceArn: `${SERVICE_ARN}x`,
            clusterArn: `arn:aws:ecs:us-east-1:1:cluster/${'c'.repeat(50)}`,
          },
        ],
      },
      GetDeploymentGroup: { deploymentGroupInfo: { ...GROUP.deploymentGroupInfo, ecsServices: [] } },
    });
    const code = await runCli(['ecs', 'deploy', '--service', long, ...FILES], host);
    expect(code).toBe(0);
    const [describe, app] = host.requests.map(bodyOf);
    expect(describe).toEqual({ cluster: 'default', services: [long] });
    expect(app).toEqual({ applicationName: `AppECS-${'c'.repeat(46)}-${'s'.repeat(46)}` });
  });

  it('uses the application and group given, and accepts a group that names service and cluster by ARN', async () => {
    const host = hostWith({
      GetDeploymentGroup: {
        deploymentGroupInfo: {
          ...GROUP.deploymentGroupInfo,
          ecsServices: [{ serviceName: SERVICE_ARN, clusterName: CLUSTER_ARN }],
        },
      },
    });
    const r = await run(host, '--codedeploy-application', 'app', '--codedeploy-deployment-group', 'blue-green');
    expect(r.code).toBe(0);
    expect(bodyOf(host.requests[2]!)).toEqual({ applicationName: 'app', deploymentGroupName: 'blue-green' });
    expect(bodyOf(host.requests[4]!)).toMatchObject({ applicationName: 'app', deploymentGroupName: 'blue-green' });
  });

  it('sends --endpoint-url to ECS only; CodeDeploy takes AWS_ENDPOINT_URL_CODEDEPLOY', async () => {
    const host = hostWith({}, {}, { AWS_ENDPOINT_URL_CODEDEPLOY: 'http://codedeploy.test:4566' });
    expect((await run(host, '--endpoint-url', 'http://ecs.test:4566')).code).toBe(0);
    expect(ops(host)).toEqual([
      'ecs.test:4566 DescribeServices',
      'codedeploy.test:4566 GetApplication',
      'codedeploy.test:4566 GetDeploymentGroup',
      'ecs.test:4566 RegisterTaskDefinition',
      'codedeploy.test:4566 CreateDeployment',
      'codedeploy.test:4566 GetDeployment',
    ]);
  });

  it('polls every 15 seconds until the deployment succeeds', async () => {
    const host = hostWith({
      GetDeployment: (_req: HttpRequest, n: number) => ({
        deploymentInfo: { status: n < 3 ? 'InProgress' : 'Succeeded' },
      }),
    });
    expect((await run(host)).code).toBe(0);
    expect(host.sleeps).toEqual([15_000, 15_000]);
  });

  it.each([
    [{ waitTimeInMinutes: 5 }, { terminationWaitTimeInMinutes: 5 }, 30],
    [{ waitTimeInMinutes: 200 }, { terminationWaitTimeInMinutes: 200 }, 360],
    [{}, undefined, 30],
  ])(
    'waits %o + %o + 10 minutes, kept within 30 and 360 (%i), then fails as the waiter does',
    async (ready, terminate, minutes) => {
      const host = hostWith({
        GetDeploymentGroup: {
          deploymentGroupInfo: {
            ...GROUP.deploymentGroupInfo,
            blueGreenDeploymentConfiguration: {
              deploymentReadyOption: ready,
              ...(terminate ? { terminateBlueInstancesOnDeploymentSuccess: terminate } : {}),
            },
          },
        },
        GetDeployment: { deploymentInfo: { status: 'InProgress' } },
      });
      const r = await run(host);
      expect(r.out).toContain(`(will wait up to ${minutes} minutes)...\n`);
      expect([r.code, r.err]).toEqual([255, '\nWaiter DeploymentSuccessful failed: Max attempts exceeded\n']);
      expect(host.requests.filter((req) => target(req) === 'GetDeployment')).toHaveLength(minutes * 4);
    },
  );

  it.each(['Failed', 'Stopped'])('fails with the waiter’s words when the deployment is %s (255)', async (status) => {
    const host = hostWith({ GetDeployment: { deploymentInfo: { status } } });
    const r = await run(host);
    expect(r).toEqual({
      code: 255,
      out:
        `Successfully registered new ECS task definition ${TASK_DEF_ARN}\n` +
        'Successfully created deployment d-ABCDEF123\n' +
        'Waiting for d-ABCDEF123 to succeed (will wait up to 45 minutes)...\n',
      err: `\nWaiter DeploymentSuccessful failed: Waiter encountered a terminal failure state: For expression "deploymentInfo.status" we matched expected path: "${status}"\n`,
    });
  });

  it.each([
    [
      'a service not found',
      { DescribeServices: { services: [], failures: [{ arn: SERVICE_ARN, reason: 'MISSING' }] } },
      "Error: Service 'web' not found in cluster 'prod'",
      1,
    ],
    [
      'a cluster ECS does not know',
      { DescribeServices: fault('ClusterNotFoundException', 'Cluster not found.') },
      'Failed to describe ECS service:\nAn error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found.',
      1,
    ],
    [
      'an application CodeDeploy does not know',
      { GetApplication: fault('ApplicationDoesNotExistException', 'No application found for name: AppECS-prod-web') },
      'Failed to describe Code Deploy application:\nAn error occurred (ApplicationDoesNotExistException) when calling the GetApplication operation: No application found for name: AppECS-prod-web',
      2,
    ],
    [
      'a deployment group CodeDeploy does not know',
      { GetDeploymentGroup: fault('DeploymentGroupDoesNotExistException', 'No Deployment Group found') },
      'Failed to describe Code Deploy deployment group:\nAn error occurred (DeploymentGroupDoesNotExistException) when calling the GetDeploymentGroup operation: No Deployment Group found',
      3,
    ],
    [
      'an application for EC2',
      { GetApplication: { application: { computePlatform: 'Server' } } },
      "Error: Application 'AppECS-prod-web' must support 'ECS' compute platform",
      3,
    ],
    [
      'a group for Lambda',
      { GetDeploymentGroup: { deploymentGroupInfo: { ...GROUP.deploymentGroupInfo, computePlatform: 'Lambda' } } },
      "Error: Deployment Group 'DgpECS-prod-web' must support 'ECS' compute platform",
      3,
    ],
    [
      'a group for another service',
      {
        GetDeploymentGroup: {
          deploymentGroupInfo: {
            ...GROUP.deploymentGroupInfo,
            ecsServices: [{ serviceName: 'api', clusterName: 'prod' }],
          },
        },
      },
      "Error: deployment group 'DgpECS-prod-web' does not target ECS service 'web'",
      3,
    ],
    [
      'a group for another cluster',
      {
        GetDeploymentGroup: {
          deploymentGroupInfo: {
            ...GROUP.deploymentGroupInfo,
            ecsServices: [{ serviceName: 'web', clusterName: 'test' }],
          },
        },
      },
      "Error: deployment group 'DgpECS-prod-web' does not target ECS cluster 'prod'",
      3,
    ],
  ])('refuses %s before registering anything (255)', async (_what, answers, message, calls) => {
    const host = hostWith(answers);
    expect(await run(host)).toEqual({ code: 255, out: '', err: `\n${message}\n` });
    expect(host.requests).toHaveLength(calls);
  });

  it('reports a refused registration and a refused deployment with the CLI’s step', async () => {
    const refused = hostWith({
      RegisterTaskDefinition: fault('ClientException', 'Container.image should not be null.'),
    });
    expect(await run(refused)).toEqual({
      code: 255,
      out: '',
      err: '\nFailed to register ECS task definition:\nAn error occurred (ClientException) when calling the RegisterTaskDefinition operation: Container.image should not be null.\n',
    });
    const blocked = hostWith({ CreateDeployment: fault('DeploymentLimitExceededException', 'busy') });
    const r = await run(blocked);
    expect([r.code, r.err]).toEqual([
      255,
      '\nFailed to create deployment:\nAn error occurred (DeploymentLimitExceededException) when calling the CreateDeployment operation: busy\n',
    ]);
    expect(r.out).toBe(`Successfully registered new ECS task definition ${TASK_DEF_ARN}\n`);
  });

  it.each([
    [{ '/taskdef.json': '' }, 'Expecting value: line 1 column 1 (char 0)'],
    [
      { '/taskdef.json': '{"family": "web",\n}' },
      'Expecting property name enclosed in double quotes: line 2 column 1 (char 18)',
    ],
    [{ '/appspec.yaml': 'a: [' }, undefined],
  ])('refuses a file that does not parse before any request (255)', async (files, message) => {
    const host = hostWith({}, files);
    const r = await run(host);
    expect(r.code).toBe(255);
    if (message) expect(r.err).toBe(`\n${message}\n`);
    expect(host.requests).toEqual([]);
  });

  it('names a file it cannot read as given, with the OSError', async () => {
    const host = hostWith();
    const code = await runCli(
      [...ARGV, '--task-definition', '$HOME/td.json', '--codedeploy-appspec', 'appspec.yaml'],
      host,
    );
    expect(code).toBe(255);
    expect(host.err.join('')).toBe(
      "\nError: Unable to load file at $HOME/td.json: [Errno 2] No such file or directory: '$HOME/td.json'\n",
    );
  });

  it('finds the AppSpec’s keys in any case, in JSON too, and keeps the rest as written', async () => {
    const appspec =
      '{"Version": 1, "resources": [{"Svc": {"Type": "x", "PROPERTIES": {"taskdefinition": "old", "n": 1.5, "t": "\u00e9"}}}]}';
    const host = hostWith({}, { '/appspec.yaml': appspec });
    expect((await run(host)).code).toBe(0);
    expect(bodyOf(host.requests[4]!).revision.appSpecContent.content).toBe(
      `{"Version": 1, "resources": [{"Svc": {"Type": "x", "PROPERTIES": {"taskdefinition": "${TASK_DEF_ARN}", "n": 1.5, "t": "\\u00e9"}}}]}`,
    );
  });

  it.each([
    ['', "Error: Resource 'codedeploy-appspec' must include property 'resources'"],
    ['version: 0.0\n', "Error: Resource 'codedeploy-appspec' must include property 'resources'"],
    ['resources:\n  - svc:\n      type: x\n', "Error: Resource 'svc' must include property 'properties'"],
    [
      'resources:\n  - svc:\n      properties:\n        x: 1\n',
      "Error: Resource 'properties' must include property 'taskDefinition'",
    ],
  ])('refuses the AppSpec %j after registering, as the CLI does (255)', async (appspec, message) => {
    const host = hostWith({}, { '/appspec.yaml': appspec });
    expect(await run(host)).toEqual({
      code: 255,
      out: `Successfully registered new ECS task definition ${TASK_DEF_ARN}\n`,
      err: `\n${message}\n`,
    });
  });

  it('wants its three required options (252)', async () => {
    const host = hostWith();
    expect(await runCli(['ecs', 'deploy', '--service', 'web'], host)).toBe(252);
    expect(host.err.join('')).toContain(
      'the following arguments are required: --task-definition, --codedeploy-appspec',
    );
    expect(host.requests).toEqual([]);
  });
});
