/**
 * `cloudformation deploy` (the AWS CLI's cloudformation/deploy.py): a template file deployed to a stack
 * through a change set (deployer.ts), created or updated, with `--parameter-overrides` (Key=Value words,
 * or JSON in any of three layouts) merged into the template's parameters, the others kept at their
 * previous values. A template over 51,200 bytes goes through `--s3-bucket`, uploaded once per content.
 */
import { IsoawsError } from '../../core/errors.js';
import { expandUser, resolveLocal } from '../../core/local-paths.js';
import {
  commandPage,
  flagOption,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
  type CommandOption,
} from '../../cli/command.js';
import { readParamFile } from '../../cli/param-values.js';
import { ArgumentError } from '../../cli/usage.js';
import { ChangeEmptyError, Deployer, type ChangeSetRequest, type ParameterValue } from './deployer.js';
import { createS3Uploader, parseS3Url, type UploaderOptions } from './s3-uploader.js';
import { parseTemplate } from './template.js';

const OPTIONS: CommandOption[] = [
  valueOption('template-file', 'string', 'The path of the CloudFormation template.', { required: true }),
  valueOption('stack-name', 'string', 'The stack to deploy to: updated if it exists, created if not.', {
    required: true,
  }),
  valueOption('s3-bucket', 'string', 'The bucket the template is uploaded to; templates over 51,200 bytes need one.'),
  flagOption('force-upload', 'Upload the template even when the bucket already holds the same content.'),
  valueOption('s3-prefix', 'string', 'A prefix (folder) for the uploaded template’s key.'),
  valueOption('kms-key-id', 'string', 'The KMS key that encrypts the uploaded template at rest.'),
  valueOption(
    'parameter-overrides',
    'list',
    'Parameter values: Key1=Value1 Key2=Value2 …, or JSON (a file:// path too). Parameters not given keep their previous values.',
    { nargs: 'many' },
  ),
  valueOption('capabilities', 'list', 'Capabilities to acknowledge: CAPABILITY_IAM, CAPABILITY_NAMED_IAM.', {
    nargs: 'many',
  }),
  {
    specs: [{ flag: '--no-execute-changeset', dest: 'no-execute-changeset', nargs: 'flag', constValue: true }],
    shown: '--no-execute-changeset (boolean)',
    text: 'Create the change set and stop, without executing it.',
  },
  {
    specs: [
      { flag: '--disable-rollback', dest: 'disable-rollback', nargs: 'flag', constValue: true },
      { flag: '--no-disable-rollback', dest: 'disable-rollback', nargs: 'flag', constValue: false },
    ],
    shown: '--disable-rollback | --no-disable-rollback (boolean)',
    text: 'Keep (or roll back) the resources already changed when executing the change set fails.',
  },
  valueOption('role-arn', 'string', 'A role CloudFormation assumes to execute the change set.'),
  valueOption('notification-arns', 'list', 'SNS topics for the stack’s events.', { nargs: 'many' }),
  {
    specs: [
      { flag: '--fail-on-empty-changeset', dest: 'fail-on-empty-changeset', nargs: 'flag', constValue: true },
      { flag: '--no-fail-on-empty-changeset', dest: 'fail-on-empty-changeset', nargs: 'flag', constValue: false },
    ],
    shown: '--fail-on-empty-changeset | --no-fail-on-empty-changeset (boolean)',
    text: 'Fail (exit 255) when there is nothing to change; by default that is a success.',
  },
  valueOption('tags', 'list', 'Tags for the stack: Key1=Value1 Key2=Value2 …', { nargs: 'many' }),
];

const PAGE = commandPage(
  {
    name: 'deploy',
    description:
      'Deploys a CloudFormation template: creates a change set for the stack (creating the stack if it does not exist), waits for it, executes it and waits for the stack. With --no-execute-changeset it stops after creating the change set.',
    examples: [
      'isoaws cloudformation deploy --template-file stack.yaml --stack-name my-stack --parameter-overrides Env=prod --capabilities CAPABILITY_IAM',
    ],
  },
  OPTIONS,
);

/** Templates above this many bytes cannot be sent in the request and must go through S3. */
const MAX_TEMPLATE_BODY = 51_200;

export const deployCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (option: string) => values.get(option) as string | undefined;
    const list = (option: string) => values.get(option) as string[] | undefined;
    const { host } = env.ctx;
    const stackName = text('stack-name')!;
    const body = await readTemplate(env, text('template-file')!);
    const overrides = parseParameterOverrides(await expandParamFiles(env, list('parameter-overrides') ?? []));
    const tags = Object.entries(keyValues(list('tags') ?? [], 'tags')).map(([Key, Value]) => ({ Key, Value }));
    const parameters = mergeParameters(parseTemplate(body), overrides);
    const size = new TextEncoder().encode(body).length;
    const bucket = text('s3-bucket');
    if (size > MAX_TEMPLATE_BODY && !bucket)
      throw new IsoawsError(
        'Templates with a size greater than 51,200 bytes must be deployed via an S3 Bucket. Please add the --s3-bucket parameter to your command. The local template will be copied to that S3 bucket and then deployed.',
      );
    const template = bucket
      ? {
          url: await uploadTemplate(env, body, {
            bucket,
            prefix: text('s3-prefix'),
            kmsKeyId: text('kms-key-id'),
            forceUpload: !!values.get('force-upload'),
            signal: env.ctx.signal,
          }),
        }
      : { body };
    const deployer = new Deployer(await env.client(), host, env.ctx.signal);
    const request: ChangeSetRequest = {
      stackName,
      template,
      parameters,
      capabilities: list('capabilities') ?? [],
      roleArn: text('role-arn'),
      notificationArns: list('notification-arns'),
      tags,
    };
    const changeSet = await deployer.createChangeSet(request);
    try {
      await deployer.waitForChangeSet(changeSet.id, stackName);
    } catch (err) {
      if (!(err instanceof ChangeEmptyError) || values.get('fail-on-empty-changeset')) throw err;
      host.stdout.write(`\n${err.message}\n`);
      return 0;
    }
    if (values.get('no-execute-changeset')) {
      host.stdout.write(
        `Changeset created successfully. Run the following command to review changes:\naws cloudformation describe-change-set --change-set-name ${changeSet.id}\n`,
      );
      return 0;
    }
    await deployer.execute(changeSet.id, stackName, values.get('disable-rollback') === true);
    await deployer.waitForExecute(stackName, changeSet.type);
    host.stdout.write(`Successfully created/updated stack - ${stackName}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** The template's text; a path that is no file is the CLI's "Invalid template path". */
async function readTemplate(env: CommandEnv, path: string): Promise<string> {
  const { host } = env.ctx;
  const expanded = expandUser(host, path);
  const local = resolveLocal(host.cwd ?? '/', expanded);
  if (!(await host.fs.stat(local))?.isFile) throw new IsoawsError(`Invalid template path ${expanded}`);
  return new TextDecoder().decode(await host.fs.readFile(local));
}

/** `file://` values read as text, as the CLI's paramfile handling reads every argument. */
async function expandParamFiles(env: CommandEnv, values: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const value of values) {
    const read = await readParamFile(env.ctx.host, value);
    out.push(read === undefined ? value : typeof read === 'string' ? read : new TextDecoder().decode(read));
  }
  return out;
}

/**
 * `--parameter-overrides`: JSON (the first word) as CloudFormation's `[{ParameterKey, ParameterValue}]`,
 * CodePipeline's `{Parameters: {…}}` or `["Key=Value", …]`; otherwise the words as Key=Value.
 */
export function parseParameterOverrides(values: string[]): Record<string, string> {
  let data: unknown;
  try {
    data = values.length ? JSON.parse(values[0]!) : undefined;
  } catch {
    data = undefined;
  }
  if (data === undefined) return keyValues(values, 'parameter-overrides');
  if (Array.isArray(data) && data.every(isParameterPair))
    return Object.fromEntries(data.map((p) => [p.ParameterKey, p.ParameterValue]));
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && 'Parameters' in data)
    return (data as { Parameters: Record<string, string> }).Parameters;
  if (Array.isArray(data) && data.every((p) => typeof p === 'string' && p.includes('=')))
    return keyValues(data as string[], 'parameter-overrides');
  throw new ArgumentError(
    'JSON passed to --parameter-overrides must be one of the formats: ["Key1=Value1","Key2=Value2", ...] , [{"ParameterKey": "Key1", "ParameterValue": "Value1"}, ...] , ["Parameters": {"Key1": "Value1", "Key2": "Value2", ...}]',
  );
}

function isParameterPair(p: unknown): p is { ParameterKey: string; ParameterValue: string } {
  return (
    p !== null && typeof p === 'object' && 'ParameterKey' in p && 'ParameterValue' in p && Object.keys(p).length <= 2
  );
}

/** `Key=Value` words (split at the first `=`); the CLI names a bad one as Python prints the split. */
function keyValues(words: string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq === -1)
      throw new IsoawsError(
        `['${word.replaceAll("'", "\\'")}'] value passed to --${option} must be of format Key=Value`,
      );
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

/** Every template parameter: the override given, else its previous value. */
export function mergeParameters(template: unknown, overrides: Record<string, string>): ParameterValue[] {
  const declared = (template as { Parameters?: unknown } | null)?.Parameters;
  if (declared === null || typeof declared !== 'object' || Array.isArray(declared)) return [];
  return Object.keys(declared).map((key) =>
    Object.hasOwn(overrides, key)
      ? { ParameterKey: key, ParameterValue: overrides[key] }
      : { ParameterKey: key, UsePreviousValue: true },
  );
}

/** The template into the bucket as `[prefix/]<md5>.template` (s3-uploader.ts); its path-style URL for CreateChangeSet. */
async function uploadTemplate(env: CommandEnv, body: string, opts: UploaderOptions): Promise<string> {
  const uploader = createS3Uploader(await env.client('S3'), env.ctx.host, opts);
  const uploaded = await uploader.uploadWithDedup(new TextEncoder().encode(body), 'template');
  return uploader.pathStyleUrl(parseS3Url(uploaded)!.key);
}
