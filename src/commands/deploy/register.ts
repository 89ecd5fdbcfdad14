/**
 * `deploy register` (the AWS CLI's codedeploy/register.py): registers an on-premises instance with
 * CodeDeploy. Without `--iam-user-arn` it first makes the instance an IAM user of its own name under
 * `/AWS/CodeDeploy/`, an access key and the `codedeploy-agent` policy (S3 reads), and writes the
 * configuration file the agent reads (`codedeploy.onpremises.yml` in the current folder, readable only
 * by its owner, as newer CLIs write it: it holds the secret key). `--tags` are added last.
 *
 * Each step prints its line on stdout as the CLI does, `DONE` once it is through; the first that fails
 * ends the command with `ERROR`, its reason and a pointer to the user guide on stderr (exit 255), the
 * steps before it left as they are. As in the CLI, only the CodeDeploy client takes `--endpoint-url`;
 * IAM is reached at its own endpoint or one configured for it (nested-client.ts).
 */
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import type { ServiceModel } from '../../core/model/types.js';
import { validateParams } from '../../core/validate.js';
import { BOTOCORE_WORDING } from '../../core/validate-botocore.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import type { CliArg } from '../../cli/command-args.js';
import { unpackArgument } from '../../cli/param-values.js';
import { UsageError } from '../../cli/usage.js';
import { nestedClient } from '../nested-client.js';
import { checkIamUserArn, checkInstanceName, checkTags, requireRegion, type Tag } from './checks.js';
import { CONFIG_FILE, instanceNameOption, runSteps } from './on-premises.js';

const OPTIONS = [
  instanceNameOption,
  valueOption('tags', 'list', 'Tags for the on-premises instance, as Key=string,Value=string pairs (10 at most).', {
    nargs: 'many',
  }),
  valueOption('iam-user-arn', 'string', 'An IAM user to register the instance with, instead of a new one.'),
];

const PAGE = commandPage(
  {
    name: 'register',
    description:
      'Registers an on-premises instance with AWS CodeDeploy and optionally tags it. Unless an IAM user is given, first creates one for the instance, with an access key and a policy that lets it read from Amazon S3, and saves its credentials in the on-premises configuration file codedeploy.onpremises.yml in the current folder.',
    examples: [
      'isoaws deploy register --instance-name AssetTag12010298EX --tags Key=Name,Value=CodeDeployDemo-OnPrem --region us-west-2',
    ],
  },
  OPTIONS,
);

/** `--tags` as the CLI's schema has it: a list of Key/Value pairs, both required. */
const TAGS_MODEL: ServiceModel = {
  metadata: { apiVersion: '', endpointPrefix: '', protocol: 'json' },
  operations: {},
  shapes: {
    Tags: { type: 'list', member: { shape: 'Tag' } },
    Tag: { type: 'structure', required: ['Key', 'Value'], members: { Key: { shape: 'S' }, Value: { shape: 'S' } } },
    S: { type: 'string' },
  },
};

/** The policy the new user gets, in the CLI's own layout. */
const POLICY_NAME = 'codedeploy-agent';
const POLICY_DOCUMENT = [
  '{',
  '    "Version": "2012-10-17",',
  '    "Statement": [ {',
  '        "Action": [ "s3:Get*", "s3:List*" ],',
  '        "Effect": "Allow",',
  '        "Resource": "*"',
  '    } ]',
  '}',
].join('\n');

export const registerCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host, signal } = env.ctx;
    const rawTags = values.get('tags') as string[] | undefined;
    if (rawTags?.length === 0) throw new UsageError('argument --tags: expected at least one argument');
    const tags = rawTags && (await readTags(env.ctx.host, rawTags));
    const codedeploy = await env.client();
    const region = requireRegion(codedeploy.config.region);
    const instanceName = values.get('instance-name') as string;
    checkInstanceName(instanceName);
    if (tags) checkTags(tags);
    let iamUserArn = values.get('iam-user-arn') as string | undefined;
    checkIamUserArn(iamUserArn);
    const iam = await nestedClient(env, 'IAM');
    const out = (text: string) => host.stdout.write(text);

    return runSteps(host, 'Register the on-premises instance', async () => {
      if (!iamUserArn) {
        out('Creating the IAM user... ');
        const user = await iam.send(
          'iam',
          'CreateUser',
          { Path: '/AWS/CodeDeploy/', UserName: instanceName },
          { signal },
        );
        iamUserArn = String((user.User as { Arn?: string } | undefined)?.Arn);
        out(`DONE\nIamUserArn: ${iamUserArn}\n`);

        out('Creating the IAM user access key... ');
        const created = await iam.send('iam', 'CreateAccessKey', { UserName: instanceName }, { signal });
        const key = created.AccessKey as { AccessKeyId: string; SecretAccessKey: string };
        out(`DONE\nAccessKeyId: ${key.AccessKeyId}\nSecretAccessKey: ${key.SecretAccessKey}\n`);

        out('Creating the IAM user policy... ');
        const policy = { UserName: instanceName, PolicyName: POLICY_NAME, PolicyDocument: POLICY_DOCUMENT };
        await iam.send('iam', 'PutUserPolicy', policy, { signal });
        out(`DONE\nPolicyName: ${POLICY_NAME}\nPolicyDocument: ${POLICY_DOCUMENT}\n`);

        out(`Creating the on-premises instance configuration file named ${CONFIG_FILE}...`);
        const config =
          `---\nregion: ${region}\niam_user_arn: ${iamUserArn}\n` +
          `aws_access_key_id: ${key.AccessKeyId}\naws_secret_access_key: ${key.SecretAccessKey}\n`;
        const path = `${(host.cwd ?? '/').replace(/\/$/, '')}/${CONFIG_FILE}`;
        try {
          await host.fs.writeFile(path, config, { mode: 0o600 });
        } catch (err) {
          throw new IsoawsError(`Failed to create config file ${CONFIG_FILE}: ${(err as Error).message}`);
        }
        out('DONE\n');
      }
      out('Registering the on-premises instance... ');
      await codedeploy.send('codedeploy', 'RegisterOnPremisesInstance', { instanceName, iamUserArn }, { signal });
      out('DONE\n');
      if (tags?.length) {
        out('Adding tags to the on-premises instance... ');
        await codedeploy.send(
          'codedeploy',
          'AddTagsToOnPremisesInstances',
          { tags, instanceNames: [instanceName] },
          { signal },
        );
        out('DONE\n');
      }
      out(
        `Copy the on-premises configuration file named ${CONFIG_FILE} to the on-premises instance, and run the following command on the on-premises instance to install and configure the AWS CodeDeploy Agent:\n` +
          `aws deploy install --config-file ${CONFIG_FILE}\n`,
      );
    });
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** `--tags` read as the CLI reads an argument with a schema: shorthand or JSON (or file://), then validated. */
async function readTags(host: Host, raw: string[]): Promise<Tag[]> {
  const shape = TAGS_MODEL.shapes.Tags;
  const arg: CliArg = { name: 'tags', kind: 'custom', dest: 'tags', nargs: 'many', required: false, shape };
  const value = await unpackArgument(arg, raw, {
    host,
    model: TAGS_MODEL,
    cliService: 'deploy',
    cliOperation: 'register',
  });
  validateParams(TAGS_MODEL, { shape: 'Tags' }, value, BOTOCORE_WORDING);
  return value as Tag[];
}
