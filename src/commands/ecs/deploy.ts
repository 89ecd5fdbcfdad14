/**
 * `ecs deploy` (the AWS CLI's ecs/deploy.py): a blue/green deployment of an ECS service through
 * CodeDeploy. The task definition file (register-task-definition's JSON) and the AppSpec (JSON or
 * YAML) are read first; the service is described, the CodeDeploy application and deployment group
 * (named after cluster and service unless given) checked to be for ECS and for this service; only then
 * is the task definition registered, its ARN written into the AppSpec, the deployment created and
 * waited on, every 15 seconds for the group's waits plus ten minutes (30 minutes to 6 hours).
 *
 * Each step prints the CLI's line on stdout. A service's refusal is the CLI's "Failed to <step>:" and
 * botocore's text, a failed or timed-out wait the waiter's error: exit 255, as in the CLI. As in the CLI,
 * `--endpoint-url` is ECS's; CodeDeploy is reached at its own endpoint or one configured for it
 * (AWS_ENDPOINT_URL_CODEDEPLOY, `[services]`; see nested-client.ts).
 */
import { sha256Hasher } from '../../core/checksums/sha.js';
import type { Client } from '../../core/client.js';
import { errorText, IsoawsError, ServiceError } from '../../core/errors.js';
import { toHex } from '../../core/hex.js';
import { expandPath, resolveLocal } from '../../core/local-paths.js';
import {
  commandPage,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
} from '../../cli/command.js';
import { pyJsonLoads } from '../../cli/history/py-json.js';
import { PyFloat } from '../../cli/output/py-values.js';
import { osErrorText } from '../../cli/param-values.js';
import { nestedClient } from '../nested-client.js';
import { appSpecJson, parseAppSpec, withTaskDefinition } from './appspec.js';
import {
  checkCodeDeployResources,
  deployTarget,
  POLL_DELAY_SECONDS,
  waitMinutes,
  type ApplicationInfo,
  type DeploymentGroupInfo,
  type DeployTarget,
} from './deploy-target.js';

const OPTIONS = [
  valueOption('service', 'string', 'The short name or full ARN of the service to update.', { required: true }),
  valueOption(
    'task-definition',
    'string',
    'The path of the task definition file, in the JSON of `ecs register-task-definition --generate-cli-skeleton`.',
    { required: true },
  ),
  valueOption(
    'codedeploy-appspec',
    'string',
    "The path of the CodeDeploy AppSpec file (JSON or YAML); its resources' TaskDefinition is set to the new task definition's ARN, whatever it holds.",
    { required: true },
  ),
  valueOption('cluster', 'string', 'The short name or full ARN of the service’s cluster; "default" when not given.'),
  valueOption(
    'codedeploy-application',
    'string',
    'The CodeDeploy application (ECS compute platform) to deploy with; AppECS-[CLUSTER_NAME]-[SERVICE_NAME] when not given.',
  ),
  valueOption(
    'codedeploy-deployment-group',
    'string',
    'The CodeDeploy deployment group, which must target the service and its cluster; DgpECS-[CLUSTER_NAME]-[SERVICE_NAME] when not given.',
  ),
];

const PAGE = commandPage(
  {
    name: 'deploy',
    description:
      "Deploys a new task definition to an ECS service that uses CodeDeploy for its deployments: registers the task definition, sets its ARN in the CodeDeploy AppSpec, creates a CodeDeploy deployment and waits for it to succeed. Exits with 255 when it has not succeeded within 30 minutes, or within the deployment group's configured waits plus 10 minutes (6 hours at most).",
    examples: [
      'isoaws ecs deploy --service web --cluster prod --task-definition taskdef.json --codedeploy-appspec appspec.yaml',
    ],
  },
  OPTIONS,
);

export const deployCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (option: string) => values.get(option) as string | undefined;
    const { host } = env.ctx;
    const signal = env.ctx.signal;
    const taskDefinition = taskDefinitionParams(await readTextFile(env, text('task-definition')!));
    const appspec = parseAppSpec(await readTextFile(env, text('codedeploy-appspec')!));

    const ecs = await env.client();
    const target = await describeTarget(ecs, text('service')!, text('cluster') ?? 'default', signal, {
      application: text('codedeploy-application'),
      deploymentGroup: text('codedeploy-deployment-group'),
    });
    const codedeploy = await nestedClient(env, 'CODEDEPLOY');
    const application = (await failingAs('describe Code Deploy application', () =>
      codedeploy.send('codedeploy', 'GetApplication', { applicationName: target.application }, { signal }),
    )) as ApplicationInfo;
    const group = (await failingAs('describe Code Deploy deployment group', () =>
      codedeploy.send(
        'codedeploy',
        'GetDeploymentGroup',
        { applicationName: target.application, deploymentGroupName: target.deploymentGroup },
        { signal },
      ),
    )) as DeploymentGroupInfo;
    checkCodeDeployResources(target, application, group);
    const minutes = waitMinutes(group);

    const registered = await failingAs('register ECS task definition', () =>
      ecs.send('ecs', 'RegisterTaskDefinition', taskDefinition, { signal }),
    );
    const arn = (registered.taskDefinition as { taskDefinitionArn: string }).taskDefinitionArn;
    host.stdout.write(`Successfully registered new ECS task definition ${arn}\n`);

    const content = appSpecJson(withTaskDefinition(appspec, arn));
    const created = await failingAs('create deployment', async () =>
      codedeploy.send(
        'codedeploy',
        'CreateDeployment',
        {
          applicationName: target.application,
          deploymentGroupName: target.deploymentGroup,
          revision: {
            revisionType: 'AppSpecContent',
            appSpecContent: { content, sha256: await sha256Text(env, content) },
          },
        },
        { signal },
      ),
    );
    const deploymentId = created.deploymentId as string;
    host.stdout.write(`Successfully created deployment ${deploymentId}\n`);
    host.stdout.write(`Waiting for ${deploymentId} to succeed (will wait up to ${minutes} minutes)...\n`);
    await codedeploy.waitFor(
      'codedeploy',
      'DeploymentSuccessful',
      { deploymentId },
      { delay: POLL_DELAY_SECONDS, maxAttempts: (minutes * 60) / POLL_DELAY_SECONDS, signal },
    );
    host.stdout.write(`Successfully deployed ${arn} to service '${target.service}'\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** The service as ECS describes it, and the CodeDeploy names that go with it. */
async function describeTarget(
  ecs: Client,
  service: string,
  cluster: string,
  signal: AbortSignal | undefined,
  given: { application?: string; deploymentGroup?: string },
): Promise<DeployTarget> {
  const described = await failingAs('describe ECS service', () =>
    ecs.send('ecs', 'DescribeServices', { cluster, services: [service] }, { signal }),
  );
  const found = (described.services ?? []) as Array<{ serviceName: string; serviceArn: string; clusterArn: string }>;
  if (!found.length) throw new IsoawsError(`Error: Service '${service}' not found in cluster '${cluster}'`);
  return deployTarget(found[0]!, given);
}

/** A service's refusal of `step` as the CLI reports it: "Failed to <step>:" over botocore's text. */
async function failingAs<T>(step: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ServiceError) throw new IsoawsError(`Failed to ${step}:\n${errorText(err)}`, { cause: err });
    throw err;
  }
}

/**
 * A file's text as Python's `open()` reads it: `$VAR` and `~` expanded, UTF-8, universal newlines. One
 * that cannot be read is the CLI's "Unable to load file at <path as given>: <OSError>".
 */
async function readTextFile(env: CommandEnv, given: string): Promise<string> {
  const { host } = env.ctx;
  const path = expandPath(host, given);
  let bytes: Uint8Array;
  try {
    bytes = await host.fs.readFile(resolveLocal(host.cwd ?? '/', path));
  } catch (err) {
    throw new IsoawsError(`Error: Unable to load file at ${given}: ${osErrorText(err, path)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/\r\n?/g, '\n');
  } catch {
    throw new IsoawsError(`Error: Unable to load file at ${given}: the file is not UTF-8 text`);
  }
}

/** The task definition file's JSON as RegisterTaskDefinition's parameters; Python's json error when it is not JSON. */
function taskDefinitionParams(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = pyJsonLoads(text);
  } catch (err) {
    throw new IsoawsError(pythonJsonError(text, (err as Error).message));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new IsoawsError(
      `The task definition file must hold a JSON object (register-task-definition's parameters), not ${Array.isArray(value) ? 'a list' : 'a single value'}`,
    );
  return plainNumbers(value) as Record<string, unknown>;
}

/** `What at character N` as Python's json module words it: `What: line L column C (char N)`. */
function pythonJsonError(text: string, message: string): string {
  const m = /^(.*) at character (\d+)$/.exec(message);
  if (!m) return message;
  const at = Number(m[2]);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return `${m[1]}: line ${line} column ${column} (char ${at})`;
}

/** Python's floats and big ints as the numbers the request carries. */
function plainNumbers(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plainNumbers);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainNumbers(v)]));
  return value;
}

async function sha256Text(env: CommandEnv, text: string): Promise<string> {
  const hasher = await sha256Hasher(env.ctx.host.sha256);
  hasher.update(new TextEncoder().encode(text));
  return toHex(await hasher.digest());
}
