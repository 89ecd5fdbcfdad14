/**
 * `deploy deregister` (the AWS CLI's codedeploy/deregister.py): undoes `deploy register`. It reads the
 * instance's IAM user and tags from CodeDeploy, removes the tags, deregisters the instance and, unless
 * `--no-delete-iam-user`, deletes the user's inline policies, its access keys and the user (the user's
 * name is the ARN's last path segment). IAM's NoSuchEntity is not a failure there: what is already gone
 * needs no deleting. Output and failures are register's (on-premises.ts); only the CodeDeploy client
 * takes `--endpoint-url`.
 */
import type { Client } from '../../core/client.js';
import { IsoawsError, ServiceError } from '../../core/errors.js';
import { commandPage, flagOption, readCommandOptions, type CommandModule } from '../../cli/command.js';
import { nestedClient } from '../nested-client.js';
import { checkInstanceName, requireRegion, type Tag } from './checks.js';
import { instanceNameOption, runSteps } from './on-premises.js';

const OPTIONS = [
  instanceNameOption,
  flagOption('no-delete-iam-user', "Keep the instance's IAM user, its policies and access keys."),
];

const PAGE = commandPage(
  {
    name: 'deregister',
    description:
      "Removes the on-premises instance's tags, deregisters it from AWS CodeDeploy and, unless asked not to, deletes its IAM user with the user's policies and access keys.",
    examples: ['isoaws deploy deregister --instance-name AssetTag12010298EX --region us-west-2'],
  },
  OPTIONS,
);

export const deregisterCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host, signal } = env.ctx;
    const codedeploy = await env.client();
    requireRegion(codedeploy.config.region);
    const instanceName = values.get('instance-name') as string;
    checkInstanceName(instanceName);
    const iam = await nestedClient(env, 'IAM');
    const out = (text: string) => host.stdout.write(text);

    return runSteps(host, 'Deregister the on-premises instance', async () => {
      out('Retrieving on-premises instance information... ');
      const answer = await codedeploy.send('codedeploy', 'GetOnPremisesInstance', { instanceName }, { signal });
      const info = (answer.instanceInfo ?? {}) as { iamUserArn?: string; tags?: Tag[] };
      const iamUserArn = required(info, 'iamUserArn');
      const tags = required(info, 'tags');
      const userName = iamUserArn.slice(iamUserArn.lastIndexOf('/') + 1);
      out(`DONE\nIamUserArn: ${iamUserArn}\n`);
      if (tags.length) out(`Tags:${tags.map((t) => ` Key=${t.Key},Value=${t.Value}`).join('')}\n`);

      if (tags.length) {
        out('Removing tags from the on-premises instance... ');
        await codedeploy.send(
          'codedeploy',
          'RemoveTagsFromOnPremisesInstances',
          { tags, instanceNames: [instanceName] },
          { signal },
        );
        out('DONE\n');
      }
      out('Deregistering the on-premises instance... ');
      await codedeploy.send('codedeploy', 'DeregisterOnPremisesInstance', { instanceName }, { signal });
      out('DONE\n');
      if (!values.get('no-delete-iam-user')) {
        out('Deleting the IAM user policies... ');
        await unlessGone(async () => {
          for await (const page of iam.paginate('iam', 'ListUserPolicies', { UserName: userName }, { signal }))
            for (const PolicyName of (page.PolicyNames as string[] | undefined) ?? [])
              await iam.send('iam', 'DeleteUserPolicy', { UserName: userName, PolicyName }, { signal });
        });
        out('DONE\n');
        out('Deleting the IAM user access keys... ');
        await unlessGone(() => deleteAccessKeys(iam, userName, signal));
        out('DONE\n');
        out(`Deleting the IAM user (${userName})... `);
        await unlessGone(() => iam.send('iam', 'DeleteUser', { UserName: userName }, { signal }));
        out('DONE\n');
      }
      out(
        'Run the following command on the on-premises instance to uninstall the codedeploy-agent:\naws deploy uninstall\n',
      );
    });
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** A member the CLI reads without a default: missing, it fails as Python's KeyError prints (`'tags'`). */
function required<T extends object, K extends keyof T & string>(info: T, name: K): NonNullable<T[K]> {
  if (info[name] === undefined) throw new IsoawsError(`'${name}'`);
  return info[name]!;
}

async function deleteAccessKeys(iam: Client, userName: string, signal: AbortSignal | undefined): Promise<void> {
  for await (const page of iam.paginate('iam', 'ListAccessKeys', { UserName: userName }, { signal }))
    for (const { AccessKeyId } of (page.AccessKeyMetadata as Array<{ AccessKeyId: string }> | undefined) ?? [])
      await iam.send('iam', 'DeleteAccessKey', { UserName: userName, AccessKeyId }, { signal });
}

/** Runs an IAM deletion; NoSuchEntity (the user or what it had is gone already) ends it quietly. */
async function unlessGone(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!(err instanceof ServiceError && err.code === 'NoSuchEntity')) throw err;
  }
}
