/**
 * `cloudformation deploy` against a scripted stand-in: the requests it makes (the change set's name,
 * description, parameters kept at their previous values only where the stack has them), a change set with
 * nothing to change, a failed one, a failed stack, and templates too big to send inline (uploaded once per
 * content to --s3-bucket). Messages are the AWS CLI's (deploy.py, deployer.py, exceptions.py).
 */
import { describe, expect, it } from 'vitest';
import { mergeParameters, parseParameterOverrides } from '../../src/commands/cloudformation/deploy.js';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const NOW = new Date('2026-12-06T01:00:00.250Z');
const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };
const TEMPLATE = 'Parameters:\n  A: {Type: String}\n  B: {Type: String}\nResources: {}\n';
const NS = 'xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"';
const CHANGE_SET = 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs/1';

const xml = (body: string): HttpResponse => reply(200, body, { 'content-type': 'text/xml' });
const form = (req: HttpRequest) => new URLSearchParams(new TextDecoder().decode(req.body as Uint8Array));

/** A stand-in answering each action from `answers` (a function of the request for the varying ones). */
function standIn(answers: Record<string, (req: HttpRequest) => HttpResponse>) {
  return (req: HttpRequest): HttpResponse => {
    const action = req.method === 'POST' ? (form(req).get('Action') ?? '') : `${req.method} S3`;
    const answer = answers[action];
    if (!answer) throw new Error(`unexpected ${action} ${req.url}`);
    return answer(req);
  };
}

const stackStatus = (status: string) => () =>
  xml(
    `<DescribeStacksResponse ${NS}><DescribeStacksResult><Stacks><member><StackName>s</StackName><StackStatus>${status}</StackStatus></member></Stacks></DescribeStacksResult></DescribeStacksResponse>`,
  );
const noStack = () =>
  reply(
    400,
    `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id s does not exist</Message></Error></ErrorResponse>`,
    { 'content-type': 'text/xml' },
  );
const created = () =>
  xml(
    `<CreateChangeSetResponse ${NS}><CreateChangeSetResult><Id>${CHANGE_SET}</Id></CreateChangeSetResult></CreateChangeSetResponse>`,
  );
const changeSet =
  (status: string, reason = '') =>
  () =>
    xml(
      `<DescribeChangeSetResponse ${NS}><DescribeChangeSetResult><Status>${status}</Status><StatusReason>${reason}</StatusReason></DescribeChangeSetResult></DescribeChangeSetResponse>`,
    );
const executed = () => xml(`<ExecuteChangeSetResponse ${NS}><ExecuteChangeSetResult/></ExecuteChangeSetResponse>`);

async function deploy(
  argv: string[],
  answers: Record<string, (req: HttpRequest) => HttpResponse>,
  template = TEMPLATE,
) {
  const host = createMemoryHost(standIn(answers), { now: NOW, env: ENV });
  await host.fs.writeFile('/t.yaml', new TextEncoder().encode(template));
  const code = await runCli(
    ['cloudformation', 'deploy', '--template-file', '/t.yaml', '--stack-name', 's', ...argv],
    host,
  );
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests, host };
}

describe('cloudformation deploy', () => {
  it('creates a new stack: parameters not given are left out, the change set named by the clock', async () => {
    const r = await deploy(['--parameter-overrides', 'A=1', '--capabilities', 'CAPABILITY_IAM', '--tags', 'team=web'], {
      DescribeStacks: noStack,
      CreateChangeSet: created,
      DescribeChangeSet: changeSet('CREATE_COMPLETE'),
      ExecuteChangeSet: executed,
    });
    // The stack waiter's DescribeStacks answers "does not exist" too: the stand-in has no stack to show.
    expect(r.code).toBe(255);
    const create = form(r.requests.find((q) => form(q).get('Action') === 'CreateChangeSet')!);
    expect(Object.fromEntries(create)).toEqual({
      Action: 'CreateChangeSet',
      Version: '2010-05-15',
      ChangeSetName: 'awscli-cloudformation-package-deploy-1796518800',
      StackName: 's',
      TemplateBody: TEMPLATE,
      ChangeSetType: 'CREATE',
      'Parameters.member.1.ParameterKey': 'A',
      'Parameters.member.1.ParameterValue': '1',
      'Capabilities.member.1': 'CAPABILITY_IAM',
      Description: 'Created by AWS CLI at 2026-12-06T01:00:00.250000 UTC',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'web',
    });
    expect(form(r.requests.find((q) => form(q).get('Action') === 'ExecuteChangeSet')!).get('DisableRollback')).toBe(
      'false',
    );
    expect(r.out).toBe('\nWaiting for changeset to be created..\nWaiting for stack create/update to complete\n');
    expect(r.err).toBe(
      '\nFailed to create/update the stack. Run the following command\nto fetch the list of events leading up to the failure\naws cloudformation describe-stack-events --stack-name s\n',
    );
  });

  it('updates an existing stack, keeping previous values only for parameters the stack has', async () => {
    const r = await deploy(['--parameter-overrides', 'A=2', '--disable-rollback'], {
      DescribeStacks: stackStatus('UPDATE_COMPLETE'),
      GetTemplateSummary: () =>
        xml(
          `<GetTemplateSummaryResponse ${NS}><GetTemplateSummaryResult><Parameters><member><ParameterKey>B</ParameterKey></member></Parameters></GetTemplateSummaryResult></GetTemplateSummaryResponse>`,
        ),
      CreateChangeSet: created,
      DescribeChangeSet: changeSet('CREATE_COMPLETE'),
      ExecuteChangeSet: executed,
    });
    expect([r.code, r.out]).toEqual([
      0,
      '\nWaiting for changeset to be created..\nWaiting for stack create/update to complete\nSuccessfully created/updated stack - s\n',
    ]);
    const create = Object.fromEntries(form(r.requests.find((q) => form(q).get('Action') === 'CreateChangeSet')!));
    expect(create).toMatchObject({
      ChangeSetType: 'UPDATE',
      'Parameters.member.1.ParameterKey': 'A',
      'Parameters.member.1.ParameterValue': '2',
      'Parameters.member.2.ParameterKey': 'B',
      'Parameters.member.2.UsePreviousValue': 'true',
    });
    expect(form(r.requests.find((q) => form(q).get('Action') === 'ExecuteChangeSet')!).get('DisableRollback')).toBe(
      'true',
    );
  });

  it('succeeds with nothing to change unless --fail-on-empty-changeset', async () => {
    const empty = {
      DescribeStacks: stackStatus('CREATE_COMPLETE'),
      GetTemplateSummary: () =>
        xml(`<GetTemplateSummaryResponse ${NS}><GetTemplateSummaryResult/></GetTemplateSummaryResponse>`),
      CreateChangeSet: created,
      DescribeChangeSet: changeSet(
        'FAILED',
        "The submitted information didn't contain changes. Submit different information.",
      ),
    };
    const quiet = await deploy([], empty);
    expect([quiet.code, quiet.out]).toEqual([
      0,
      '\nWaiting for changeset to be created..\n\nNo changes to deploy. Stack s is up to date\n',
    ]);
    const strict = await deploy(['--fail-on-empty-changeset'], empty);
    expect([strict.code, strict.err]).toEqual([255, '\nNo changes to deploy. Stack s is up to date\n']);
  });

  it('says why a change set failed', async () => {
    const r = await deploy([], {
      DescribeStacks: noStack,
      CreateChangeSet: created,
      DescribeChangeSet: changeSet('FAILED', 'Template error: unresolved reference'),
    });
    expect(r.code).toBe(255);
    expect(r.err).toBe(
      '\nFailed to create the changeset: Waiter ChangeSetCreateComplete failed: Waiter encountered a terminal failure state: For expression "Status" we matched expected path: "FAILED" Status: FAILED. Reason: Template error: unresolved reference\n',
    );
  });

  it('needs a bucket for a template over 51,200 bytes, and uploads it there once per content', async () => {
    const big = `${TEMPLATE}# ${'x'.repeat(51_200)}\n`;
    const refused = await deploy([], {}, big);
    expect([refused.code, refused.requests.length]).toEqual([255, 0]);
    expect(refused.err).toContain('Templates with a size greater than 51,200 bytes must be deployed via an S3 Bucket.');
    const r = await deploy(
      ['--s3-bucket', 'artifacts', '--s3-prefix', 'web', '--no-execute-changeset'],
      {
        'HEAD S3': () => reply(404),
        'PUT S3': () => reply(200, '', { etag: '"e"' }),
        DescribeStacks: noStack,
        CreateChangeSet: created,
        DescribeChangeSet: changeSet('CREATE_COMPLETE'),
      },
      big,
    );
    expect(r.code).toBe(0);
    const put = r.requests.find((q) => q.method === 'PUT')!;
    expect(put.url).toMatch(/^https:\/\/artifacts\.s3\.us-east-1\.amazonaws\.com\/web\/[0-9a-f]{32}\.template$/);
    const key = new URL(put.url).pathname.slice(1);
    expect(Object.fromEntries(Object.entries(put.headers).map(([k, v]) => [k.toLowerCase(), v]))).toMatchObject({
      'x-amz-server-side-encryption': 'AES256',
    });
    const create = form(r.requests.find((q) => form(q).get('Action') === 'CreateChangeSet')!);
    expect(create.get('TemplateURL')).toBe(`https://s3.us-east-1.amazonaws.com/artifacts/${key}`);
    expect(create.has('TemplateBody')).toBe(false);
    // The same content again: the key is there, so nothing is uploaded.
    const again = await deploy(
      ['--s3-bucket', 'artifacts', '--s3-prefix', 'web', '--no-execute-changeset'],
      {
        'HEAD S3': () => reply(200, '', { etag: '"e"' }),
        DescribeStacks: noStack,
        CreateChangeSet: created,
        DescribeChangeSet: changeSet('CREATE_COMPLETE'),
      },
      big,
    );
    expect([again.code, again.requests.some((q) => q.method === 'PUT')]).toEqual([0, false]);
  });
});

describe('parameter overrides', () => {
  it.each([
    [['A=1', 'B=x=y'], { A: '1', B: 'x=y' }],
    [['[{"ParameterKey": "A", "ParameterValue": "1"}]'], { A: '1' }],
    [['{"Parameters": {"A": "1"}}'], { A: '1' }],
    [['["A=1", "B=2"]'], { A: '1', B: '2' }],
  ])('reads %j', (words, expected) => {
    expect(parseParameterOverrides(words)).toEqual(expected);
  });

  it('refuses JSON in no known layout, in the CLI’s words', () => {
    expect(() => parseParameterOverrides(['[1, 2]'])).toThrow(
      'JSON passed to --parameter-overrides must be one of the formats:',
    );
  });

  it('gives every template parameter a value or its previous one', () => {
    expect(mergeParameters({ Parameters: { A: {}, B: {} } }, { A: '1', C: '3' })).toEqual([
      { ParameterKey: 'A', ParameterValue: '1' },
      { ParameterKey: 'B', UsePreviousValue: true },
    ]);
    expect(mergeParameters({ Resources: {} }, { A: '1' })).toEqual([]);
  });
});
