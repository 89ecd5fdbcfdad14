/**
 * The Data Pipeline customizations against a recording stand-in in memory: what put-pipeline-definition
 * and activate-pipeline send for a definition file and the parameter options, get-pipeline-definition's
 * answer in the file format, list-runs' requests and table, and the IAM calls of create-default-roles.
 * moto has no QueryObjects and keeps no parameters (test/e2e/datapipeline.test.ts runs what it has); the
 * clidiff cases (test/clidiff/datapipeline.yaml) hold these against AWS CLI v2 2.9.19.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { createMemoryHost, reply, type MemoryHost, type Responder } from '../support/memory-host.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1' };
const json = (body: unknown) => reply(200, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.1' });
const header = (req: HttpRequest, name: string) =>
  Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1];
const target = (req: HttpRequest) => header(req, 'x-amz-target');
const body = (req: HttpRequest) =>
  JSON.parse(new TextDecoder().decode(req.body as Uint8Array)) as Record<string, unknown>;
const form = (req: HttpRequest) =>
  Object.fromEntries(new URLSearchParams(new TextDecoder().decode(req.body as Uint8Array)));

async function run(
  argv: string[],
  responder: Responder = () => json({ errored: false }),
  files: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string; host: MemoryHost }> {
  const host = createMemoryHost(responder, { env: { ...ENV, ...env } });
  for (const [path, text] of Object.entries(files)) await host.fs.writeFile(path, text);
  const code = await runCli(argv, host);
  return { code, out: host.out.join(''), err: host.err.join(''), host };
}

const DEFINITION = JSON.stringify({
  objects: [
    { id: 'Default', scheduleType: 'ondemand' },
    { id: 'Act', name: 'Echo', type: 'ShellCommandActivity', command: 'echo #{myVar}', runsOn: { ref: 'Ec2' } },
  ],
  parameters: [{ id: 'myVar', type: 'String', default: 'x' }],
  values: { myVar: 'hello', myList: ['1', '2'] },
});
const PUT = ['datapipeline', 'put-pipeline-definition', '--pipeline-id', 'df-1'];

describe('put-pipeline-definition', () => {
  it('sends the definition file as pipeline objects, parameter objects and values', async () => {
    const r = await run([...PUT, '--pipeline-definition', 'file://def.json'], undefined, { '/def.json': DEFINITION });
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe('{\n    "errored": false\n}\n');
    const [req] = r.host.requests;
    expect(target(req!)).toBe('DataPipeline.PutPipelineDefinition');
    expect(body(req!)).toEqual({
      pipelineId: 'df-1',
      pipelineObjects: [
        { id: 'Default', name: 'Default', fields: [{ key: 'scheduleType', stringValue: 'ondemand' }] },
        {
          id: 'Act',
          name: 'Echo',
          fields: [
            { key: 'command', stringValue: 'echo #{myVar}' },
            { key: 'runsOn', refValue: 'Ec2' },
            { key: 'type', stringValue: 'ShellCommandActivity' },
          ],
        },
      ],
      parameterObjects: [
        {
          id: 'myVar',
          attributes: [
            { key: 'default', stringValue: 'x' },
            { key: 'type', stringValue: 'String' },
          ],
        },
      ],
      parameterValues: [
        { id: 'myVar', stringValue: 'hello' },
        { id: 'myList', stringValue: '1' },
        { id: 'myList', stringValue: '2' },
      ],
    });
  });

  it('lets --parameter-objects, --parameter-values and --parameter-values-uri replace the definition’s', async () => {
    const files = {
      '/def.json': DEFINITION,
      '/params.json': '{"parameters": [{"id": "myOther", "type": "Integer"}]}',
      '/values.json': '{"values": {"myOther": "7"}}',
    };
    const inline = await run(
      [...PUT, '--pipeline-definition', 'file://def.json', '--parameter-objects', 'file://params.json'].concat([
        '--parameter-values',
        'myOther=1',
        'myOther=2',
      ]),
      undefined,
      files,
    );
    expect(inline.code).toBe(0);
    expect(body(inline.host.requests[0]!)).toMatchObject({
      parameterObjects: [{ id: 'myOther', attributes: [{ key: 'type', stringValue: 'Integer' }] }],
      parameterValues: [
        { id: 'myOther', stringValue: '1' },
        { id: 'myOther', stringValue: '2' },
      ],
    });
    // The AWS CLI refuses this pair ("Only parameter-values or parameter-values-uri is allowed"): README.
    const uri = await run(
      [...PUT, '--pipeline-definition', 'file://def.json', '--parameter-values-uri', 'file://values.json'],
      undefined,
      files,
    );
    expect(uri.code).toBe(0);
    expect(body(uri.host.requests[0]!).parameterValues).toEqual([{ id: 'myOther', stringValue: '7' }]);
  });

  it.each([
    [
      ['--parameter-values', 'a=1', '--parameter-values-uri', 'file://def.json'],
      'Only parameter-values or parameter-values-uri is allowed\n',
    ],
    [['--parameter-values', 'a=1', 'b'], 'Error in parameter: Invalid inline parameter format: b\n\n'],
    [['--parameter-values'], 'argument --parameter-values: expected at least one argument'],
    [['--pipeline-objects', 'id=a,name=a,fields=[]'], 'Unknown options: --pipeline-objects, id=a,name=a,fields=[]\n'],
  ])('refuses %j before sending anything (252)', async (extra, message) => {
    const r = await run([...PUT, '--pipeline-definition', 'file://def.json', ...extra], undefined, {
      '/def.json': DEFINITION,
    });
    expect(r.code).toBe(252);
    expect(r.err).toContain(message);
    expect(r.host.requests).toEqual([]);
  });

  it.each([
    ['{"parameters": []}', 252, '\nError in pipeline definition: Missing "objects" key\n\n'],
    [
      '{"objects": [{"name": "x"}]}',
      252,
      '\nError in pipeline definition: Missing "id" key of element: {"name": "x"}\n\n',
    ],
    ['{"objects": [', 255, '\nExpecting value: line 1 column 14 (char 13)\n'],
    ['{"objects": ["a"]}', 252, '\nError in pipeline definition: Element of "objects" is not an object: "a"\n\n'],
  ])('refuses the definition %s with the CLI’s message', async (text, code, message) => {
    const r = await run([...PUT, '--pipeline-definition', text]);
    expect([r.code, r.err]).toEqual([code, message]);
    expect(r.host.requests).toEqual([]);
  });

  it('leaves values of the wrong type to validation, which names them as botocore does', async () => {
    const r = await run([...PUT, '--pipeline-definition', '{"objects": [{"id": "a", "b": true, "n": null}]}']);
    expect(r.code).toBe(252);
    expect(r.err).toBe(
      '\nParameter validation failed:\n' +
        "Invalid type for parameter pipelineObjects[0].fields[0].stringValue, value: True, type: <class 'bool'>, valid types: <class 'str'>\n" +
        "Invalid type for parameter pipelineObjects[0].fields[1].stringValue, value: None, type: <class 'NoneType'>, valid types: <class 'str'>\n",
    );
  });

  it('names an unreadable file as a parameter error, and a file without values as None', async () => {
    const missing = await run([...PUT, '--pipeline-definition', 'file://nope.json']);
    expect([missing.code, missing.err]).toEqual([
      252,
      "\nError parsing parameter '--pipeline-definition': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'\n",
    ]);
    const noValues = await run([
      ...PUT,
      '--pipeline-definition',
      '{"objects": []}',
      '--parameter-values-uri',
      '{"other": {}}',
    ]);
    expect(noValues.code).toBe(252);
    expect(noValues.err).toContain(
      "Invalid type for parameter parameterValues, value: None, type: <class 'NoneType'>, valid types: <class 'list'>, <class 'tuple'>",
    );
  });

  it('still takes the definition’s members from --cli-input-json without --pipeline-definition', async () => {
    const input = JSON.stringify({ pipelineId: 'df-2', pipelineObjects: [{ id: 'a', name: 'a', fields: [] }] });
    const r = await run(['datapipeline', 'put-pipeline-definition', '--cli-input-json', input]);
    expect(r.code).toBe(0);
    expect(body(r.host.requests[0]!)).toEqual({
      pipelineId: 'df-2',
      pipelineObjects: [{ id: 'a', name: 'a', fields: [] }],
    });
  });
});

describe('activate-pipeline', () => {
  it('takes parameter values inline or from a file', async () => {
    const inline = await run(
      ['datapipeline', 'activate-pipeline', '--pipeline-id', 'df-1', '--parameter-values', 'myA=1', 'myA=2'],
      () => json({}),
    );
    expect(inline.code).toBe(0);
    expect(body(inline.host.requests[0]!)).toEqual({
      pipelineId: 'df-1',
      parameterValues: [
        { id: 'myA', stringValue: '1' },
        { id: 'myA', stringValue: '2' },
      ],
    });
    const uri = await run(
      ['datapipeline', 'activate-pipeline', '--pipeline-id', 'df-1', '--parameter-values-uri', 'file://v.json'],
      () => json({}),
      { '/v.json': '{"values": {"myB": "x"}}' },
    );
    expect(body(uri.host.requests[0]!)).toEqual({
      pipelineId: 'df-1',
      parameterValues: [{ id: 'myB', stringValue: 'x' }],
    });
  });
});

describe('get-pipeline-definition', () => {
  const answer = () =>
    json({
      pipelineObjects: [
        {
          id: 'A',
          name: 'A',
          fields: [
            { key: 'runsOn', refValue: 'R' },
            { key: 'type', stringValue: 'X' },
          ],
        },
      ],
      parameterValues: [{ id: 'myP', stringValue: '1' }],
    });

  it('prints the definition in the file format, which --query sees', async () => {
    const r = await run(['datapipeline', 'get-pipeline-definition', '--pipeline-id', 'df-1'], answer);
    expect(JSON.parse(r.out)).toEqual({
      objects: [{ id: 'A', name: 'A', runsOn: { ref: 'R' }, type: 'X' }],
      values: { myP: '1' },
    });
    const q = await run(
      [
        'datapipeline',
        'get-pipeline-definition',
        '--pipeline-id',
        'df-1',
        '--query',
        'objects[0].runsOn.ref',
        '--output',
        'text',
      ],
      answer,
    );
    expect(q.out).toBe('R\n');
  });
});

/** QueryObjects in two pages, then DescribeObjects. */
function runsService(ids: string[][], objects: (ids: string[]) => unknown[]): Responder {
  let page = 0;
  return (req): HttpResponse => {
    if (target(req) === 'DataPipeline.QueryObjects') {
      const i = page++;
      return json({
        ids: ids[i],
        hasMoreResults: i + 1 < ids.length,
        ...(i + 1 < ids.length ? { marker: `m${i + 1}` } : {}),
      });
    }
    return json({ pipelineObjects: objects(body(req).objectIds as string[]) });
  };
}

const RUN_OBJECTS: Record<string, unknown> = {
  '@Act_1': {
    id: '@Act_1',
    name: '@Act_1',
    fields: [
      { key: '@componentParent', refValue: 'Act' },
      { key: '@scheduledStartTime', stringValue: '2024-01-02T00:00:00' },
      { key: '@status', stringValue: 'FINISHED' },
      { key: '@actualStartTime', stringValue: '2024-01-02T00:01:00' },
      { key: '@actualEndTime', stringValue: '2024-01-02T00:05:00' },
    ],
  },
  '@Long_1': {
    id: '@Long_1',
    name: '@Long_1',
    fields: [
      { key: '@componentParent', refValue: 'ActivityWithAVeryLongNameThatGoesOnAndOnPastFiftyCharacters' },
      { key: '@scheduledStartTime', stringValue: '2024-01-01T00:00:00' },
      { key: '@status', stringValue: 'WAITING_ON_DEPENDENCIES' },
    ],
  },
};
/** The two runs, found on two pages. */
const runs = () => runsService([['@Act_1'], ['@Long_1']], (ids) => ids.map((id) => RUN_OBJECTS[id]));
const LIST_RUNS = ['datapipeline', 'list-runs', '--pipeline-id', 'df-1'];

describe('list-runs', () => {
  it('queries the last four days (all pages), describes the runs and prints the CLI’s table', async () => {
    const r = await run(LIST_RUNS, runs());
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe(
      [
        '       Name                                                Scheduled Start      Status                 ',
        '       ID                                                  Started              Ended              ',
        '-'.repeat(99),
        '   1.  ActivityWithAVeryLongNameThatGoesOnAndOnPastFiftyC  2024-01-01T00:00:00  WAITING_ON_DEPENDENCIES',
        '       @Long_1                                                                                     ',
        '',
        '   2.  Act                                                 2024-01-02T00:00:00  FINISHED               ',
        '       @Act_1                                              2024-01-02T00:01:00  2024-01-02T00:05:00',
        '',
        '',
      ].join('\n'),
    );
    const [first, second, describe] = r.host.requests.map(body);
    expect(first).toEqual({
      pipelineId: 'df-1',
      sphere: 'INSTANCE',
      query: {
        selectors: [
          {
            fieldName: '@actualStartTime',
            operator: { type: 'BETWEEN', values: ['2023-12-29T03:04:05', '2024-01-02T03:04:05'] },
          },
        ],
      },
    });
    expect(second).toMatchObject({ marker: 'm1' });
    expect(describe).toEqual({ pipelineId: 'df-1', objectIds: ['@Act_1', '@Long_1'] });
  });

  it('sends the filters given instead, statuses upper-cased', async () => {
    const r = await run(
      [...LIST_RUNS, '--status', 'finished, running', '--start-interval', 'a, b', '--schedule-interval', 'c,d'],
      runs(),
    );
    expect(body(r.host.requests[0]!).query).toEqual({
      selectors: [
        { fieldName: '@actualStartTime', operator: { type: 'BETWEEN', values: ['a', 'b'] } },
        { fieldName: '@scheduledStartTime', operator: { type: 'BETWEEN', values: ['c', 'd'] } },
        { fieldName: '@status', operator: { type: 'EQ', values: ['FINISHED', 'RUNNING'] } },
      ],
    });
  });

  it('describes a hundred ids at a time', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `@R_${String(i).padStart(3, '0')}`);
    const service = runsService([ids], (asked) => asked.map((id) => ({ id, name: id, fields: [] })));
    const r = await run([...LIST_RUNS, '--output', 'json'], service);
    expect(r.host.requests.slice(1).map((q) => (body(q).objectIds as string[]).length)).toEqual([100, 100, 50]);
    expect((JSON.parse(r.out) as unknown[]).length).toBe(250);
  });

  it('prints through --output when given on the command line, not for a profile’s output', async () => {
    const asJson = await run([...LIST_RUNS, '--output', 'json'], runs());
    expect(JSON.parse(asJson.out)).toEqual([
      {
        '@id': '@Long_1',
        name: '@Long_1',
        '@componentParent': 'ActivityWithAVeryLongNameThatGoesOnAndOnPastFiftyCharacters',
        '@scheduledStartTime': '2024-01-01T00:00:00',
        '@status': 'WAITING_ON_DEPENDENCIES',
      },
      expect.objectContaining({ '@id': '@Act_1', '@actualEndTime': '2024-01-02T00:05:00' }),
    ]);
    const profile = await run(
      LIST_RUNS,
      runsService([['@Act_1']], (ids) => ids.map((id) => RUN_OBJECTS[id])),
      {},
      { AWS_DEFAULT_OUTPUT: 'json' },
    );
    expect(profile.out).toMatch(/^ {7}Name/);
  });

  it('applies --query before the table', async () => {
    const r = await run([...LIST_RUNS, '--query', '[?"@status"==\'FINISHED\']'], runs());
    expect(r.out.split('\n').filter((l) => /^ +\d+\. /.test(l))).toEqual([
      '   1.  Act                                                 2024-01-02T00:00:00  FINISHED               ',
    ]);
  });

  it.each([
    [
      ['--status', 'FINISHED'],
      'Invalid status: FINISHED, must be one of: waiting, pending, cancelled, running, finished, failed, waiting_for_runner, waiting_on_dependencies, shutting_down',
    ],
    [
      ['--start-interval', '2024-01-01'],
      '--start-interval takes two times separated by a comma (start,end), not: 2024-01-01',
    ],
  ])('refuses %j before any request (252)', async (extra, message) => {
    const r = await run([...LIST_RUNS, ...extra], runs());
    expect([r.code, r.err]).toEqual([252, `\n${message}\n`]);
    expect(r.host.requests).toEqual([]);
  });
});

const iamXml = (operation: string, inner = '') =>
  reply(
    200,
    `<${operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></${operation}Response>`,
    { 'content-type': 'text/xml' },
  );
const noSuchEntity = () =>
  reply(
    404,
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>not found</Message></Error><RequestId>1</RequestId></ErrorResponse>',
    { 'content-type': 'text/xml' },
  );
const role = (name: string) =>
  `<Role><Path>/</Path><AssumeRolePolicyDocument>%7B%22Version%22%3A%222008-10-17%22%7D</AssumeRolePolicyDocument><RoleId>AROA1</RoleId><RoleName>${name}</RoleName><Arn>arn:aws:iam::123456789012:role/${name}</Arn><CreateDate>2024-05-01T12:34:56Z</CreateDate></Role>`;

/** IAM with nothing of Data Pipeline's: each Get… finds nothing, each Create… answers. */
const emptyIam: Responder = (req) => {
  const { Action, RoleName } = form(req);
  switch (Action) {
    case 'GetRole':
    case 'GetInstanceProfile':
      return noSuchEntity();
    case 'CreateRole':
      return iamXml('CreateRole', role(RoleName!));
    case 'GetPolicy':
      return iamXml('GetPolicy', '<Policy><DefaultVersionId>v3</DefaultVersionId></Policy>');
    case 'GetPolicyVersion':
      return iamXml(
        'GetPolicyVersion',
        '<PolicyVersion><Document>%7B%22Statement%22%3A%5B%5D%7D</Document></PolicyVersion>',
      );
    default:
      return iamXml(Action!);
  }
};

describe('create-default-roles', () => {
  it('makes both roles and the instance profile, printing the roles made with their policies', async () => {
    const r = await run(['datapipeline', 'create-default-roles', '--endpoint-url', 'http://iam.test'], emptyIam);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^Warning: AWS has deprecated datapipeline create-default-roles[^]*dp-iam-roles\.html\n$/);
    expect(r.host.requests.every((q) => q.url.startsWith('http://iam.test'))).toBe(true);
    const calls = r.host.requests.map(form);
    expect(calls.map((c) => `${c.Action} ${c.RoleName ?? c.InstanceProfileName}`)).toEqual([
      'GetRole DataPipelineDefaultRole',
      'CreateRole DataPipelineDefaultRole',
      'AttachRolePolicy DataPipelineDefaultRole',
      'GetPolicy undefined',
      'GetPolicyVersion undefined',
      'GetRole DataPipelineDefaultResourceRole',
      'CreateRole DataPipelineDefaultResourceRole',
      'AttachRolePolicy DataPipelineDefaultResourceRole',
      'GetPolicy undefined',
      'GetPolicyVersion undefined',
      'GetInstanceProfile DataPipelineDefaultResourceRole',
      'CreateInstanceProfile DataPipelineDefaultResourceRole',
      'AddRoleToInstanceProfile DataPipelineDefaultResourceRole',
    ]);
    expect(calls[2]!.PolicyArn).toBe('arn:aws:iam::aws:policy/service-role/AWSDataPipelineRole');
    expect(calls[7]!.PolicyArn).toBe('arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforDataPipelineRole');
    expect(calls[4]!.VersionId).toBe('v3');
    expect(calls[6]!.AssumeRolePolicyDocument).toBe(
      '{\n  "Version": "2008-10-17",\n  "Statement": [\n    {\n      "Sid": "",\n      "Effect": "Allow",\n' +
        '      "Principal": {\n        "Service": "ec2.amazonaws.com"\n      },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}',
    );
    const printed = JSON.parse(r.out) as Array<{ Role: Record<string, unknown>; RolePolicy: unknown }>;
    expect(printed.map((p) => p.Role.RoleName)).toEqual(['DataPipelineDefaultRole', 'DataPipelineDefaultResourceRole']);
    expect(printed[0]).toMatchObject({
      Role: { AssumeRolePolicyDocument: { Version: '2008-10-17' }, CreateDate: '2024-05-01T12:34:56+00:00' },
      RolePolicy: { Statement: [] },
    });
  });

  it('leaves what exists alone and prints an empty list', async () => {
    const r = await run(['datapipeline', 'create-default-roles'], (req) => iamXml(form(req).Action!));
    expect([r.code, r.out]).toEqual([0, '[]\n']);
    expect(r.host.requests.map((q) => form(q).Action)).toEqual(['GetRole', 'GetRole', 'GetInstanceProfile']);
  });

  it('fails on an error other than NoSuchEntity (254), and without a region (253)', async () => {
    const denied = await run(['datapipeline', 'create-default-roles'], () =>
      reply(403, '<ErrorResponse><Error><Code>AccessDenied</Code><Message>nope</Message></Error></ErrorResponse>', {
        'content-type': 'text/xml',
      }),
    );
    expect(denied.code).toBe(254);
    expect(denied.err).toMatch(/\nAn error occurred \(AccessDenied\) when calling the GetRole operation: nope\n$/);
    const noRegion = await run(['datapipeline', 'create-default-roles'], emptyIam, {}, { AWS_DEFAULT_REGION: '' });
    expect(noRegion.code).toBe(253);
    expect(noRegion.host.requests).toEqual([]);
  });
});
