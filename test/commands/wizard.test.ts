/**
 * The wizards (`<service> wizard <name>`, `configure wizard`) driven with scripted answers through the
 * in-memory host: the questions in the order and with the conditions of the AWS CLI's definitions
 * (awscli/customizations/wizard/wizards), the requests they send, the config they write, and the CLI's
 * usage errors (2.9.19: 252 for a missing or unknown wizard name or an extra word).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1' };

/** One request as the test reads it: the service's endpoint prefix, the operation, the parameters. */
interface Call {
  service: string;
  op: string;
  params: Record<string, unknown>;
}

function readCall(req: HttpRequest): Call {
  const url = new URL(req.url);
  const service = url.hostname.split('.')[0]!;
  const body = req.body instanceof Uint8Array ? new TextDecoder().decode(req.body) : '';
  const target = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
  if (target) return { service, op: target.split('.')[1]!, params: JSON.parse(body) as Record<string, unknown> };
  const form = new URLSearchParams(body);
  if (form.has('Action')) {
    const { Action, Version: _v, ...params } = Object.fromEntries(form);
    return { service, op: Action!, params };
  }
  return {
    service,
    op: `${req.method} ${url.pathname}`,
    params: body ? (JSON.parse(body) as Record<string, unknown>) : {},
  };
}

const json = (body: unknown) => reply(200, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.0' });
const xml = (op: string, result: string) =>
  reply(200, `<${op}Response><${op}Result>${result}</${op}Result></${op}Response>`, { 'content-type': 'text/xml' });

/** A host answering `respond` and the questions with `answers` in turn (input ends after the last). */
function wizardHost(
  respond: (call: Call) => HttpResponse,
  answers: string[],
  files: Record<string, string> = {},
): MemoryHost & { calls: Call[]; asked: string[] } {
  const calls: Call[] = [];
  const asked: string[] = [];
  const host = createMemoryHost(
    (req) => {
      const call = readCall(req);
      calls.push(call);
      return respond(call);
    },
    { env: KEYS },
  );
  for (const [path, text] of Object.entries(files)) void host.fs.writeFile(path, text);
  return Object.assign(host, {
    calls,
    asked,
    prompt: {
      ask: async (question: string) => {
        asked.push(question);
        const answer = answers.shift();
        if (answer === undefined) throw new Error('EOF when reading a line');
        return answer;
      },
    },
  });
}

const text = (host: MemoryHost) => host.out.join('');
const readText = async (host: MemoryHost, path: string) => new TextDecoder().decode(await host.fs.readFile(path));

const TABLE_OUTPUT = [
  'Wizard successfully created DynamoDB Table:',
  '  Table name: Music',
  '  Primary partition key: Artist (S)',
  '  Primary sort key: SongTitle (N)',
  '',
  'Steps to create table is equivalent to running the following sample AWS CLI commands:',
  '',
  'aws dynamodb create-table \\',
  "  --table-name 'Music' \\",
  '  --attribute-definitions \\',
  "    'AttributeName=Artist,AttributeType=S' \\",
  "    'AttributeName=SongTitle,AttributeType=N' \\",
  '  --key-schema \\',
  "    'AttributeName=Artist,KeyType=HASH' \\",
  "    'AttributeName=SongTitle,KeyType=RANGE' \\",
  '  --provisioned-throughput \\',
  "     'ReadCapacityUnits=5,WriteCapacityUnits=10'",
  '',
  '',
  '',
].join('\n');

describe('dynamodb wizard new-table', () => {
  it('asks for a table with a sort key and provisioned capacity, previews the command, and creates it', async () => {
    const host = wizardHost(
      () => json({ TableDescription: {} }),
      // name, key, type (Enter: String), sort key? (Yes), its name and type, Provisioned, 5 (Enter), 10,
      // DEFAULT encryption, the CLI command as preview, Run (Enter: Yes).
      ['Music', 'Artist', '', '1', 'SongTitle', '2', '1', '', '10', '1', '2', ''],
    );
    expect(await runCli(['dynamodb', 'wizard', 'new-table'], host)).toBe(0);
    expect(host.asked).toEqual([
      'Enter the name of the table: ',
      'Enter the name of the primary key: ',
      'Choose 1-3 [1]: ',
      'Choose 1-2 [1]: ',
      'Enter the name of the sort key: ',
      'Choose 1-3 [1]: ',
      'Choose 1-2 [1]: ',
      'Enter read capacity units [5]: ',
      'Enter write capacity units [5]: ',
      'Choose 1-3 [1]: ',
      'Choose 1-3 [1]: ',
      'Choose 1-2 [1]: ',
    ]);
    expect(host.calls).toEqual([
      {
        service: 'dynamodb',
        op: 'CreateTable',
        params: {
          TableName: 'Music',
          KeySchema: [
            { AttributeName: 'Artist', KeyType: 'HASH' },
            { AttributeName: 'SongTitle', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'Artist', AttributeType: 'S' },
            { AttributeName: 'SongTitle', AttributeType: 'N' },
          ],
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 10 },
        },
      },
    ]);
    // The preview is shown before "Run wizard?", and the CLI's output (its template, byte for byte) after.
    const out = text(host);
    const preview = TABLE_OUTPUT.slice(TABLE_OUTPUT.indexOf('aws dynamodb'), TABLE_OUTPUT.lastIndexOf("'") + 1);
    expect(out.indexOf(`Preview:\n${preview}\n`)).toBeLessThan(out.indexOf('Run wizard?:\n  1) Yes\n  2) Back\n'));
    expect(out.endsWith(`  2) Back\n${TABLE_OUTPUT}`)).toBe(true);
    expect(host.err).toEqual([]);
  });

  it('lists the customer managed keys from KMS, and asks again after an answer that is not an int', async () => {
    const host = wizardHost(
      (call) =>
        call.service === 'kms'
          ? json({
              Aliases: [
                { AliasName: 'alias/aws/dynamodb', TargetKeyId: 'aws-key' },
                { AliasName: 'alias/tables', TargetKeyId: 'key-1' },
              ],
            })
          : json({}),
      ['Music', 'Artist', '2', '2', '1', 'many', '7', '', 'KMS - Customer managed CMK', 'alias/tables', '1', ''],
    );
    expect(await runCli(['dynamodb', 'wizard', 'new-table'], host)).toBe(0);
    expect(host.err.join('')).toBe('Invalid value many for datatype int\n');
    expect(text(host)).toContain('Choose a customer managed CMK:\n  1) alias/tables\n');
    expect(host.calls.map((c) => `${c.service} ${c.op}`)).toEqual(['kms ListAliases', 'dynamodb CreateTable']);
    expect(host.calls[1]!.params).toEqual({
      TableName: 'Music',
      KeySchema: [{ AttributeName: 'Artist', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'Artist', AttributeType: 'N' }],
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 5 },
      SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'key-1' },
    });
  });

  it('goes Back from "Run wizard?" to the last question, keeping the other answers', async () => {
    const host = wizardHost(() => json({}), ['Music', 'Artist', '', '2', '2', '1', '1', '2', '3', '', '']);
    expect(await runCli(['dynamodb', 'wizard', 'new-table'], host)).toBe(0);
    // Back re-asks the preview format with the earlier choice (None) as its default.
    expect(host.asked.slice(-4)).toEqual([
      'Choose 1-3 [1]: ',
      'Choose 1-2 [1]: ',
      'Choose 1-3 [1]: ',
      'Choose 1-2 [1]: ',
    ]);
    expect(host.calls[0]!.params).toMatchObject({ TableName: 'Music', BillingMode: 'PAY_PER_REQUEST' });
    expect(host.calls[0]!.params).not.toHaveProperty('ProvisionedThroughput');
    expect(text(host)).toContain(
      'Steps to create table is equivalent to deploying the following sample AWS CloudFormation template:',
    );
  });
});

const POLICIES = `<IsTruncated>false</IsTruncated><Policies>
  <member><PolicyName>ViewOnly</PolicyName><Arn>arn:aws:iam::aws:policy/ViewOnlyAccess</Arn><Path>/</Path><IsAttachable>true</IsAttachable></member>
  <member><PolicyName>Linked</PolicyName><Arn>arn:aws:iam::aws:policy/aws-service-role/Linked</Arn><Path>/aws-service-role/</Path><IsAttachable>true</IsAttachable></member>
  <member><PolicyName>ReadOnly</PolicyName><Arn>arn:aws:iam::aws:policy/ReadOnlyAccess</Arn><Path>/</Path><IsAttachable>true</IsAttachable></member>
</Policies>`;
const ROLE_ARN = 'arn:aws:iam::123456789012:role/app-role';
const iamReplies = (call: Call) => {
  if (call.op === 'ListPolicies') return xml('ListPolicies', POLICIES);
  if (call.op === 'CreateRole')
    return xml(
      'CreateRole',
      `<Role><RoleName>app-role</RoleName><Arn>${ROLE_ARN}</Arn><Path>/</Path><RoleId>R</RoleId><CreateDate>2024-01-01T00:00:00Z</CreateDate></Role>`,
    );
  if (call.op === 'GetCallerIdentity') return xml('GetCallerIdentity', '<Account>111122223333</Account>');
  return xml(call.op, '');
};
const TRUST_LAMBDA = [
  '{',
  '  "Version": "2008-10-17",',
  '  "Statement": [',
  '      {',
  '          "Action": "sts:AssumeRole",',
  '          "Principal": {',
  '              "Service": "lambda.amazonaws.com"',
  '          },',
  '          "Effect": "Allow",',
  '          "Sid": ""',
  '      }',
  '  ]',
  '}',
  '',
].join('\n');

describe('iam wizard new-role', () => {
  it('creates the role, attaches the chosen policy and writes a profile that assumes it', async () => {
    const host = wizardHost(
      iamReplies,
      // name, description, AWS Service, Lambda, ReadOnly (the list is sorted), a new profile "app"
      // with the source profile "dev", the CloudFormation preview, Run.
      ['app-role', 'For the app', '1', '2', '1', '1', 'app', '1', '2', '3', ''],
      { '/home/test/.aws/config': '[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n' },
    );
    expect(await runCli(['iam', 'wizard', 'new-role'], host)).toBe(0);
    expect(text(host)).toContain('Choose a policy to attach:\n  1) ReadOnly\n  2) ViewOnly\n');
    expect(text(host)).toContain('Name of the source profile:\n  1) default\n  2) dev\n');
    expect(host.calls.map((c) => c.op)).toEqual(['ListPolicies', 'CreateRole', 'AttachRolePolicy']);
    expect(host.calls[0]!.params).toEqual({ Scope: 'All' });
    expect(host.calls[1]!.params).toEqual({
      RoleName: 'app-role',
      AssumeRolePolicyDocument: TRUST_LAMBDA,
      Description: 'For the app',
    });
    expect(host.calls[2]!.params).toEqual({
      RoleName: 'app-role',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    expect(await readText(host, '/home/test/.aws/config')).toBe(
      `[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n[profile app]\nsource_profile = dev\nrole_arn = ${ROLE_ARN}\n`,
    );
    expect(
      text(host).endsWith(
        [
          'Wizard successfully created role with following properties:',
          '  Role name: app-role',
          `  Role ARN: ${ROLE_ARN}`,
          '',
          'Steps to create role is equivalent to deploying the following sample AWS CloudFormation template:',
          '',
          'Resources:',
          '  app-role:',
          '    Type: "AWS::IAM::Role"',
          '    Properties:',
          '      RoleName: app-role',
          '      Description: For the app',
          '      AssumeRolePolicyDocument:',
          '        Version: 2012-10-17',
          '        Statement:',
          '          - Effect: Allow',
          '            Principal:',
          '              Service:',
          '                - lambda.amazonaws.com',
          '            Action:',
          "              - 'sts:AssumeRole'",
          "            Sid: ''",
          '      ManagedPolicyArns:',
          '        - arn:aws:iam::aws:policy/ReadOnlyAccess',
          '',
          '',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });

  it("trusts this account (STS GetCallerIdentity), and a profile whose credentials aren't a profile gets the role alone", async () => {
    const host = wizardHost(iamReplies, ['ops', '', '2', '2', '1', 'ops', '2', '1', '']);
    expect(await runCli(['iam', 'wizard', 'new-role'], host)).toBe(0);
    const create = host.calls.find((c) => c.op === 'CreateRole')!;
    expect(JSON.parse(create.params.AssumeRolePolicyDocument as string)).toEqual({
      Version: '2008-10-17',
      Statement: [
        { Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Effect: 'Allow', Sid: '' },
      ],
    });
    expect(create.params.Description).toBe('');
    // The CLI fails this step on the unasked source profile (after making the role); isoaws leaves it out.
    expect(await readText(host, '/home/test/.aws/config')).toBe(`[profile ops]\nrole_arn = ${ROLE_ARN}\n`);
  });
});

describe('events wizard new-rule', () => {
  const TOPIC = 'arn:aws:sns:us-east-1:123456789012:alerts';
  const POLICY = { Version: '2008-10-17', Id: 'default', Statement: [{ Sid: 's1', Effect: 'Allow' }] };
  it('puts a rule on a predefined event pattern with an SNS target, its topic policy extended', async () => {
    const host = wizardHost(
      (call) => {
        if (call.op === 'ListTopics')
          return xml('ListTopics', `<Topics><member><TopicArn>${TOPIC}</TopicArn></member></Topics>`);
        if (call.op === 'GetTopicAttributes')
          return xml(
            'GetTopicAttributes',
            `<Attributes><entry><key>Policy</key><value>${JSON.stringify(POLICY).replace(/"/g, '&quot;')}</value></entry></Attributes>`,
          );
        if (call.op === 'PutRule') return json({ RuleArn: 'arn:aws:events:us-east-1:123456789012:rule/builds' });
        if (call.op === 'PutTargets') return json({ FailedEntryCount: 0, FailedEntries: [] });
        return xml(call.op, '');
      },
      // name, description, Event Pattern, predefined, CodeBuild, SNS topic, the topic, CLI preview, Run.
      ['builds', 'd', '1', '1', '1', '4', '1', '2', ''],
    );
    expect(await runCli(['events', 'wizard', 'new-rule'], host)).toBe(0);
    expect(host.calls.map((c) => `${c.service} ${c.op}`)).toEqual([
      'sns ListTopics',
      'events PutRule',
      'sns GetTopicAttributes',
      'sns SetTopicAttributes',
      'events PutTargets',
    ]);
    expect(host.calls[1]!.params).toEqual({
      Name: 'builds',
      Description: 'd',
      EventPattern: '{"source": ["aws.codebuild"]}',
    });
    expect(host.calls[3]!.params).toEqual({
      TopicArn: TOPIC,
      AttributeName: 'Policy',
      AttributeValue:
        '{"Version": "2008-10-17", "Id": "default", "Statement": [{"Sid": "s1", "Effect": "Allow"}, ' +
        `{"Effect": "Allow", "Action": "sns:Publish", "Principal": {"Service": "events.amazonaws.com"}, "Resource": "${TOPIC}"}]}`,
    });
    expect(host.calls[4]!.params).toEqual({ Rule: 'builds', Targets: [{ Id: 'cli-wizard-0', Arn: TOPIC }] });
    expect(text(host)).toContain(
      'Wizard successfully created rule with following properties:\n  Rule name: builds\n' +
        '  Rule ARN: arn:aws:events:us-east-1:123456789012:rule/builds\n' +
        '  Event pattern: {"source": ["aws.codebuild"]}\n' +
        `  Target resource: ${TOPIC}\n\nSteps to create rule is equivalent to running the following sample AWS CLI commands:\naws events put-rule \\\n`,
    );
  });

  it('puts a fixed-rate schedule with a Lambda target and lets events invoke the function', async () => {
    const fn = 'arn:aws:lambda:us-east-1:123456789012:function:worker';
    const host = wizardHost(
      (call) => {
        if (call.op === 'GET /2015-03-31/functions') return json({ Functions: [{ FunctionName: 'worker' }] });
        if (call.op === 'GET /2015-03-31/functions/worker') return json({ Configuration: { FunctionArn: fn } });
        if (call.op === 'PutRule') return json({ RuleArn: 'arn:aws:events:us-east-1:123456789012:rule/nightly' });
        return json({});
      },
      ['nightly', 'Every 5 min', '2', '1', '5', '1', '3', '1', '1', ''],
    );
    expect(await runCli(['events', 'wizard', 'new-rule'], host)).toBe(0);
    expect(host.calls.map((c) => c.op)).toEqual([
      'GET /2015-03-31/functions',
      'PutRule',
      'POST /2015-03-31/functions/worker/policy',
      'GET /2015-03-31/functions/worker',
      'PutTargets',
    ]);
    expect(host.calls[1]!.params).toEqual({
      Name: 'nightly',
      Description: 'Every 5 min',
      ScheduleExpression: 'rate(5 minutes)',
    });
    expect(host.calls[2]!.params).toEqual({
      StatementId: 'cli-wizard',
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: 'arn:aws:events:us-east-1:123456789012:rule/nightly',
    });
    expect(host.calls[4]!.params).toEqual({ Rule: 'nightly', Targets: [{ Id: 'cli-wizard-0', Arn: fn }] });
  });
});

describe('lambda wizard new-function', () => {
  it('creates the function with the chosen role and the zip file read from the path typed', async () => {
    const roles = `<IsTruncated>false</IsTruncated><Roles><member><RoleName>worker-role</RoleName><Arn>arn:aws:iam::123456789012:role/worker-role</Arn><Path>/</Path><RoleId>R</RoleId><CreateDate>2024-01-01T00:00:00Z</CreateDate></member></Roles>`;
    const host = wizardHost(
      (call) =>
        call.op === 'ListRoles'
          ? xml('ListRoles', roles)
          : json({ FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:worker' }),
      ['worker', '3', '1', 'app.handler', '~/code.zip', '1', ''],
      { '/home/test/code.zip': 'PK-zip-bytes' },
    );
    expect(await runCli(['lambda', 'wizard', 'new-function'], host)).toBe(0);
    expect(host.calls.map((c) => c.op)).toEqual(['ListRoles', 'POST /2015-03-31/functions']);
    expect(host.calls[1]!.params).toEqual({
      FunctionName: 'worker',
      Role: 'arn:aws:iam::123456789012:role/worker-role',
      Runtime: 'python3.7',
      Handler: 'app.handler',
      Code: { ZipFile: Buffer.from('PK-zip-bytes').toString('base64') },
    });
    expect(
      text(host).endsWith(
        'Wizard successfully created Lambda Function:\n  Function name: worker\n' +
          '  Function ARN: arn:aws:lambda:us-east-1:123456789012:function:worker\n\n\n',
      ),
    ).toBe(true);
  });
});

describe('configure wizard', () => {
  it('writes static credentials to the new profile of the config file, as the CLI does', async () => {
    const host = wizardHost(() => reply(500), ['1', 'dev', 'AKIDDEV', 'secret-dev']);
    expect(await runCli(['configure', 'wizard'], host)).toBe(0);
    expect(host.asked).toEqual([
      'Choose 1-4 [1]: ',
      'Enter the name of the profile: ',
      'Enter your Access Key Id: ',
      'Enter your Secret Access Key: ',
    ]);
    expect(host.calls).toEqual([]);
    expect(await readText(host, '/home/test/.aws/config')).toBe(
      '[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev\n',
    );
  });

  it('lists the roles (IAM ListRoles) and profiles for a role to assume from a source profile', async () => {
    const roles = `<IsTruncated>false</IsTruncated><Roles><member><RoleName>ops</RoleName><Arn>arn:aws:iam::123456789012:role/ops</Arn><Path>/</Path><RoleId>R</RoleId><CreateDate>2024-01-01T00:00:00Z</CreateDate></member></Roles>`;
    const host = wizardHost(() => xml('ListRoles', roles), ['2', 'ops', '1', '1', '2'], {
      '/home/test/.aws/credentials':
        '[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[base]\naws_access_key_id = C\naws_secret_access_key = D\n',
    });
    expect(await runCli(['configure', 'wizard'], host)).toBe(0);
    expect(text(host)).toContain('Select the source profile:\n  1) default\n  2) base\n');
    expect(host.calls.map((c) => c.op)).toEqual(['ListRoles']);
    expect(await readText(host, '/home/test/.aws/config')).toBe(
      '[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = base\n',
    );
  });

  it('with an environment credential source writes credential_source instead', async () => {
    const host = wizardHost(
      () => xml('ListRoles', '<IsTruncated>false</IsTruncated><Roles/>'),
      ['2', 'ci', 'arn:aws:iam::1:role/ci', '2'],
    );
    expect(await runCli(['configure', 'wizard'], host)).toBe(0);
    // No role to choose from: the first runner asks for the value as text.
    expect(host.asked[2]).toBe('Select the role you want to assume: ');
    expect(await readText(host, '/home/test/.aws/config')).toBe(
      '[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n',
    );
  });
});

describe('wizard usage and ending early', () => {
  it.each([
    [
      ['dynamodb', 'wizard'],
      '\nusage: aws [options] dynamodb wizard <subcommand> [parameters]\naws: error: too few arguments\n',
    ],
    [['dynamodb', 'wizard', 'new-table', 'extra'], '\nUnknown options: extra\n'],
    [['dynamodb', 'wizard', '--foo'], '\nUnknown options: --foo\n'],
    [['configure', 'wizard', 'nope'], '\nUnknown options: nope\n'],
    [['iam', 'wizard', '--role-name', 'new-role'], '\nUnknown options: --role-name\n'],
  ])('%j is a usage error (252)', async (argv, message) => {
    const host = wizardHost(() => reply(500), []);
    expect(await runCli(argv, host)).toBe(252);
    expect(host.err.join('')).toBe(message);
    expect(host.asked).toEqual([]);
  });

  it('an unknown wizard name lists the ones there are (252)', async () => {
    const host = wizardHost(() => reply(500), []);
    // As argparse: the first word that is not an option is the name, after an option too.
    expect(await runCli(['events', 'wizard', '--name', 'new-bus'], host)).toBe(252);
    expect(host.err.join('')).toContain(
      'aws: error: argument subcommand: Invalid choice, valid choices are:\n\nnew-rule                                \n',
    );
  });

  it('input that ends mid-way stops the wizard (255) before anything is sent or written', async () => {
    const host = wizardHost(() => reply(500), ['1', 'dev', 'AKIDDEV']);
    expect(await runCli(['configure', 'wizard'], host)).toBe(255);
    expect(host.err.join('')).toBe('\nEOF when reading a line\n');
    expect(await host.fs.stat('/home/test/.aws/config')).toBeUndefined();
  });

  it('Ctrl-C while a question waits ends the wizard as an interrupt (130)', async () => {
    const host = wizardHost(() => reply(500), []);
    const interrupt = new AbortController();
    host.prompt = {
      ask: () => {
        setTimeout(() => interrupt.abort(), 0);
        return new Promise<string>(() => undefined);
      },
    };
    expect(await runCli(['dynamodb', 'wizard', 'new-table'], host, { signal: interrupt.signal })).toBe(130);
    expect(host.calls).toEqual([]);
  });

  it('the wizard names the registry lists are the definitions shipped', async () => {
    const { WIZARD_DEFINITIONS } = await import('../../src/commands/wizard/definitions.js');
    const { WIZARDS } = await import('../../src/commands/names.js');
    const listed = Object.entries(WIZARDS).flatMap(([command, names]) =>
      names.length ? names.map((n) => `${command}/${n}`) : [`${command}/_main`],
    );
    expect(listed.sort()).toEqual(Object.keys(WIZARD_DEFINITIONS).sort());
  });
});
