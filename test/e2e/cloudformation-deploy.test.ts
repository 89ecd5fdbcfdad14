/**
 * `cloudformation deploy` against moto_server, in process over the real Node host: a stack created from a
 * YAML template with short-form intrinsics, its parameters overridden and defaulted; deployed again with
 * nothing to change; a change set left unexecuted. The printed lines are the ones AWS CLI v2 2.9.19
 * printed for the same commands against moto.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-deploy-'));
writeFileSync(
  join(dir, 'stack.yaml'),
  `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  TopicName:
    Type: String
  Env:
    Type: String
    Default: dev
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref TopicName
`,
);

const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
const aws = async (...argv: string[]) => {
  const { code, out, err } = await run(argv);
  return { code, out, err };
};

describe.skipIf(!moto)('cloudformation deploy against moto_server', () => {
  it('creates the stack, with the overridden parameter and the default one', async () => {
    const deploy = ['cloudformation', 'deploy', '--template-file', 'stack.yaml', '--stack-name', 'web'];
    expect(await aws(...deploy, '--parameter-overrides', 'TopicName=alerts')).toEqual({
      code: 0,
      out: '\nWaiting for changeset to be created..\nWaiting for stack create/update to complete\nSuccessfully created/updated stack - web\n',
      err: '',
    });
    const described = await aws('cloudformation', 'describe-stacks', '--stack-name', 'web', '--query', 'Stacks[0]');
    expect(JSON.parse(described.out)).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      Parameters: [
        { ParameterKey: 'TopicName', ParameterValue: 'alerts' },
        { ParameterKey: 'Env', ParameterValue: 'dev' },
      ],
    });
    const topics = await aws('sns', 'list-topics', '--query', 'Topics[].TopicArn', '--output', 'text');
    expect(topics.out).toContain('arn:aws:sns:us-east-1:123456789012:alerts');
    // moto refuses a change set with nothing to change outright, so the CLI's empty-change-set path is a
    // service error here: exit 254, as AWS CLI v2 exits against moto.
    const again = await aws(...deploy, '--parameter-overrides', 'TopicName=alerts');
    expect(again.code).toBe(254);
    expect(again.err).toContain('No updates are to be performed.');
  });

  it('stops after the change set with --no-execute-changeset', async () => {
    const r = await aws(
      'cloudformation',
      'deploy',
      '--template-file',
      'stack.yaml',
      '--stack-name',
      'review',
      '--parameter-overrides',
      '[{"ParameterKey": "TopicName", "ParameterValue": "reviewed"}]',
      '--no-execute-changeset',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^\nWaiting for changeset to be created..\nChangeset created successfully. Run the following command to review changes:\naws cloudformation describe-change-set --change-set-name arn:aws:cloudformation:us-east-1:123456789012:changeSet\/awscli-cloudformation-package-deploy-\d+\/[0-9a-f-]+\n$/,
    );
    const status = await aws(
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      'review',
      '--query',
      'Stacks[0].StackStatus',
    );
    expect(status.out).toBe('"REVIEW_IN_PROGRESS"\n');
  });

  it('refuses a missing template and a tag without =, in the CLI’s words (exit 255)', async () => {
    expect(await aws('cloudformation', 'deploy', '--template-file', 'nope.yaml', '--stack-name', 'x')).toEqual({
      code: 255,
      out: '',
      err: '\nInvalid template path nope.yaml\n',
    });
    const tags = await aws(
      'cloudformation',
      'deploy',
      '--template-file',
      'stack.yaml',
      '--stack-name',
      'x',
      '--tags',
      'foo',
    );
    expect([tags.code, tags.err]).toEqual([255, "\n['foo'] value passed to --tags must be of format Key=Value\n"]);
  });
});
