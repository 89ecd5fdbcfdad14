/**
 * `ecs deploy` against moto_server, in process over the real Node host: the cluster, service, CodeDeploy
 * application and blue/green deployment group made first, then a deployment of a new task definition
 * whose AppSpec moto keeps. moto leaves every deployment "Created", so CodeDeploy is reached through a
 * stand-in in front of moto that records each call and reports the deployment Succeeded once asked —
 * the part of CodeDeploy moto does not play. As in the AWS CLI, `--endpoint-url` is ECS's only, and
 * CodeDeploy is found through AWS_ENDPOINT_URL_CODEDEPLOY.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
const dir = mkdtempSync(join(tmpdir(), 'isoaws-ecs-deploy-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });

/** CodeDeploy's calls, by operation, as the stand-in saw them. */
const seen: string[] = [];
let standIn: Server | undefined;
let standInUrl = '';

/** Forwards to moto; GetDeployment's answer says Succeeded, as CodeDeploy's would once the deployment is done. */
function startStandIn(upstream: string): Promise<void> {
  const target = new URL(upstream);
  standIn = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      seen.push(operation);
      const up = request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            let text = Buffer.concat(body).toString();
            if (operation === 'GetDeployment') text = text.replace('"status": "Created"', '"status": "Succeeded"');
            const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
            res.writeHead(answer.statusCode!, headers);
            res.end(text);
          });
        },
      );
      up.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) =>
    standIn!.listen(0, '127.0.0.1', () => {
      standInUrl = `http://127.0.0.1:${(standIn!.address() as { port: number }).port}`;
      resolve();
    }),
  );
}

const aws = async (...argv: string[]) => {
  const { code, out, err } = await run(argv, { env: { AWS_ENDPOINT_URL_CODEDEPLOY: standInUrl } });
  return { code, out, err };
};
const ok = async (...argv: string[]) => {
  const r = await aws(...argv);
  expect(r.err, argv.join(' ')).toBe('');
  return r.out;
};

beforeAll(async () => {
  if (!moto) return;
  await startStandIn(moto.endpoint);
  await ok('ecs', 'create-cluster', '--cluster-name', 'prod');
  await ok(
    'ecs',
    'register-task-definition',
    '--family',
    'web',
    '--container-definitions',
    'name=web,image=nginx:1,memory=128',
  );
  await ok(
    ...['ecs', 'create-service', '--cluster', 'prod', '--service-name', 'web', '--task-definition', 'web'],
    ...['--desired-count', '1', '--deployment-controller', 'type=CODE_DEPLOY'],
  );
  await ok('deploy', 'create-application', '--application-name', 'AppECS-prod-web', '--compute-platform', 'ECS');
  await ok('deploy', 'create-application', '--application-name', 'servers', '--compute-platform', 'Server');
  await ok(
    ...['deploy', 'create-deployment-group', '--application-name', 'AppECS-prod-web'],
    ...['--deployment-group-name', 'DgpECS-prod-web', '--service-role-arn', 'arn:aws:iam::123456789012:role/cd'],
    ...['--ecs-services', 'serviceName=web,clusterName=prod'],
    ...['--deployment-style', 'deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL'],
    '--blue-green-deployment-configuration',
    'deploymentReadyOption={actionOnTimeout=STOP_DEPLOYMENT,waitTimeInMinutes=30},terminateBlueInstancesOnDeploymentSuccess={action=TERMINATE,terminationWaitTimeInMinutes=20}',
  );
  writeFileSync(
    join(dir, 'taskdef.json'),
    '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:2", "memory": 128}]}',
  );
  writeFileSync(
    join(dir, 'appspec.yaml'),
    'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\n',
  );
});
afterAll(async () => {
  await new Promise((resolve) => (standIn ? standIn.close(resolve) : resolve(undefined)));
  await moto?.stop();
});

const DEPLOY = ['ecs', 'deploy', '--service', 'web', '--cluster', 'prod'];
const FILES = ['--task-definition', 'taskdef.json', '--codedeploy-appspec', 'appspec.yaml'];

describe.skipIf(!moto)('ecs deploy against moto_server', () => {
  it('registers the task definition and deploys it through CodeDeploy with the AppSpec filled in', async () => {
    seen.length = 0;
    const r = await aws(...DEPLOY, ...FILES);
    const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const id = /^Successfully created deployment (\S+)$/m.exec(r.out)![1]!;
    expect(r.out).toBe(
      `Successfully registered new ECS task definition ${arn}\nSuccessfully created deployment ${id}\n` +
        `Waiting for ${id} to succeed (will wait up to 60 minutes)...\nSuccessfully deployed ${arn} to service 'web'\n`,
    );
    expect(seen).toEqual(['GetApplication', 'GetDeploymentGroup', 'CreateDeployment', 'GetDeployment']);
    const image = await ok(
      'ecs',
      'describe-task-definition',
      '--task-definition',
      'web:2',
      '--query',
      'taskDefinition.containerDefinitions[0].image',
    );
    expect(image).toBe('"nginx:2"\n');
    const revision = JSON.parse(
      await ok('deploy', 'get-deployment', '--deployment-id', id, '--query', 'deploymentInfo.revision'),
    );
    expect(revision.revisionType).toBe('AppSpecContent');
    expect(revision.appSpecContent.content).toBe(
      `{"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "${arn}", "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}]}`,
    );
  });

  it('refuses a service, an application and a group that do not fit, before registering anything', async () => {
    expect(await aws('ecs', 'deploy', '--service', 'api', '--cluster', 'prod', ...FILES)).toEqual({
      code: 255,
      out: '',
      err: "\nError: Service 'api' not found in cluster 'prod'\n",
    });
    expect(await aws(...DEPLOY, ...FILES, '--codedeploy-application', 'servers')).toMatchObject({
      code: 255,
      err: expect.stringMatching(
        /^\nFailed to describe Code Deploy deployment group:\nAn error occurred \(DeploymentGroupDoesNotExistException\) when calling the GetDeploymentGroup operation: /,
      ),
    });
    expect(await aws(...DEPLOY, ...FILES, '--codedeploy-application', 'nope')).toMatchObject({
      code: 255,
      err: expect.stringMatching(
        /^\nFailed to describe Code Deploy application:\nAn error occurred \(ApplicationDoesNotExistException\) when calling the GetApplication operation: /,
      ),
    });
    const families = await ok('ecs', 'list-task-definitions', '--query', 'length(taskDefinitionArns)');
    expect(families).toBe('2\n');
  });
});
