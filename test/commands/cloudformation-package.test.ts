/**
 * `cloudformation package` against an S3 stand-in holding objects in memory: the requests it makes (a
 * HeadObject, then a PutObject with the CLI's encryption and metadata, for each artifact not already
 * there), what it uploads (folders zipped, a lone file zipped by itself, a nested stack's template
 * packaged in turn and written as YAML), what it prints (the rewritten template; the CLI's progress
 * lines on stderr) and its errors, in the CLI's words (package.py, artifact_exporter.py,
 * s3uploader.py, exceptions.py). Every key is checked to be the MD5 of the bytes sent under it.
 */
import { describe, expect, it } from 'vitest';
import { md5 } from '../../src/core/checksums/md5.js';
import { toHex } from '../../src/core/hex.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';
import { readZip } from '../support/zip-reader.js';

const NOW = new Date('2026-03-04T05:06:08Z');
const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const md5Hex = (bytes: Uint8Array) => toHex(md5(bytes));

interface Upload {
  key: string;
  body: Uint8Array;
  headers: Record<string, string>;
}

/** An S3 bucket `bkt` in memory: HEAD finds what PUT stored; any other bucket does not exist. */
function s3Bucket(existing: Record<string, string> = {}) {
  const objects = new Map<string, Uint8Array>(
    Object.entries(existing).map(([k, v]) => [k, new TextEncoder().encode(v)]),
  );
  const uploads: Upload[] = [];
  const respond = (req: HttpRequest): HttpResponse => {
    const url = new URL(req.url);
    const bucket = url.hostname.split('.')[0];
    const key = decodeURIComponent(url.pathname.slice(1));
    if (bucket !== 'bkt')
      return reply(
        404,
        `<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>${bucket}</BucketName></Error>`,
        { 'content-type': 'application/xml' },
      );
    if (req.method === 'HEAD') return reply(objects.has(key) ? 200 : 404, '', { etag: '"e"' });
    if (req.method === 'PUT') {
      const body = req.body as Uint8Array;
      objects.set(key, body);
      uploads.push({ key, body, headers: lower(req.headers) });
      return reply(200, '', { etag: `"${md5Hex(body)}"` });
    }
    throw new Error(`unexpected ${req.method} ${req.url}`);
  };
  return { respond, objects, uploads };
}

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** The files of a project under /work, each modified at a fixed time, and the CLI run from /work. */
async function packageIn(files: Record<string, string>, argv: string[], bucket = s3Bucket()) {
  const host = createMemoryHost(bucket.respond, { now: NOW, env: ENV });
  host.cwd = '/work';
  for (const [path, content] of Object.entries(files)) {
    await host.fs.writeFile(`/work/${path}`, content);
    await host.fs.setMtime!(`/work/${path}`, Date.UTC(2025, 0, 2, 3, 4, 6));
  }
  const code = await runCli(['cloudformation', 'package', ...argv], host);
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests, host, ...bucket };
}

const PROJECT = {
  'template.yaml': `AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Resources:
  Function:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: index.handler
      Role: !GetAtt Role.Arn
  Legacy:
    Type: AWS::Lambda::Function
    Properties:
      Code: legacy.py
  Shared:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: stacks/shared.yaml
      Parameters:
        Env: !Ref AWS::StackName
  Params:
    Fn::Transform:
      Name: AWS::Include
      Parameters:
        Location: include/params.yaml
`,
  'src/index.py': 'def handler(event, context):\n    return 1\n',
  'src/lib/util.py': 'X = 1\n',
  'legacy.py': 'def handler(event, context):\n    return 2\n',
  'stacks/shared.yaml': `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      DefinitionUri: ../api.yaml
      Description: 'yes'
`,
  'api.yaml': 'openapi: 3.0.0\n',
  'include/params.yaml': 'Type: String\n',
};

describe('cloudformation package', () => {
  it('uploads each artifact under its MD5 and prints the template pointing at them', async () => {
    const r = await packageIn(PROJECT, [
      '--template-file',
      'template.yaml',
      '--s3-bucket',
      'bkt',
      '--s3-prefix',
      'app',
      '--kms-key-id',
      'alias/artifacts',
      '--metadata',
      'team=web,tier=1',
    ]);
    expect([r.code, r.err.includes('\n')]).toEqual([0, false]);
    // Each PutObject follows a HeadObject for its key; the include first (global artifacts), then the
    // resources in order, the nested stack's own artifact before its template.
    const [include, code, legacy, api, shared] = r.uploads;
    expect(r.requests.map((q) => `${q.method} ${new URL(q.url).pathname}`)).toEqual(
      r.uploads.flatMap((u) => [`HEAD /${u.key}`, `PUT /${u.key}`]),
    );
    expect(r.uploads.map((u) => u.key)).toEqual([
      `app/${md5Hex(include!.body)}`,
      `app/${md5Hex(code!.body)}`,
      `app/${md5Hex(legacy!.body)}`,
      `app/${md5Hex(api!.body)}`,
      `app/${md5Hex(shared!.body)}.template`,
    ]);
    for (const u of r.uploads)
      expect(u.headers).toMatchObject({
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': 'alias/artifacts',
        'x-amz-meta-team': 'web',
        'x-amz-meta-tier': '1',
      });
    expect(text(include!.body)).toBe('Type: String\n');
    expect(text(api!.body)).toBe('openapi: 3.0.0\n');
    // The folder, zipped as os.walk lists it: its files, then its subfolders', with their times.
    const zipped = await readZip(code!.body);
    expect(zipped.map((f) => [f.name, text(f.data)])).toEqual([
      ['index.py', PROJECT['src/index.py']],
      ['lib/util.py', PROJECT['src/lib/util.py']],
    ]);
    // A lone code file, zipped by itself, stamped with the time of packaging as the CLI's copy is.
    const lone = await readZip(legacy!.body);
    expect(lone.map((f) => [f.name, text(f.data)])).toEqual([['legacy.py', PROJECT['legacy.py']]]);
    expect(lone[0]!.time).toBe((NOW.getHours() << 11) | (NOW.getMinutes() << 5) | (NOW.getSeconds() >> 1));
    // The nested template, packaged and written as YAML (its quoting kept).
    expect(text(shared!.body)).toBe(`Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      DefinitionUri: s3://bkt/${api!.key}
      Description: 'yes'
`);
    expect(r.out).toBe(`
AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Resources:
  Function:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bkt/${code!.key}
      Handler: index.handler
      Role:
        Fn::GetAtt:
        - Role
        - Arn
  Legacy:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        S3Bucket: bkt
        S3Key: ${legacy!.key}
  Shared:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.us-east-1.amazonaws.com/bkt/${shared!.key}
      Parameters:
        Env:
          Ref: AWS::StackName
  Params:
    Fn::Transform:
      Name: AWS::Include
      Parameters:
        Location: s3://bkt/${include!.key}
`);
    expect(r.err).toBe(
      r.uploads.map((u) => `\rUploading to ${u.key}  ${u.body.length} / ${u.body.length}.0  (100.00%)`).join(''),
    );
  });

  it('writes JSON to --output-template-file and says how to deploy it', async () => {
    const files = {
      't.json':
        '{"Resources": {"Glue": {"Type": "AWS::Glue::Job", "Properties": {"Command": {"Name": "glueetl", "ScriptLocation": "etl.py"}, "MaxRetries": 1.0}}}}',
      'etl.py': 'print("etl")\n',
    };
    const r = await packageIn(files, [
      '--template-file',
      't.json',
      '--s3-bucket',
      'bkt',
      '--use-json',
      '--output-template-file',
      'out/packaged.json',
    ]);
    // The folder is not there: Python's open() error, exit 255, after the uploads.
    expect([r.code, r.err.endsWith("\n[Errno 2] No such file or directory: 'out/packaged.json'\n")]).toEqual([
      255,
      true,
    ]);
    const again = await packageIn(files, [
      '--template-file',
      't.json',
      '--s3-bucket',
      'bkt',
      '--use-json',
      '--output-template-file',
      'packaged.json',
    ]);
    const key = again.uploads[0]!.key;
    expect(again.code).toBe(0);
    expect(again.out).toBe(
      '\nSuccessfully packaged artifacts and wrote output template to file packaged.json.\nExecute the following command to deploy the packaged template\naws cloudformation deploy --template-file /work/packaged.json --stack-name <YOUR STACK NAME>\n',
    );
    expect(text(await again.host.fs.readFile('/work/packaged.json'))).toBe(`{
    "Resources": {
        "Glue": {
            "Type": "AWS::Glue::Job",
            "Properties": {
                "Command": {
                    "Name": "glueetl",
                    "ScriptLocation": "s3://bkt/${key}"
                },
                "MaxRetries": 1.0
            }
        }
    }
}`);
  });

  it('does not upload what the bucket holds already, unless --force-upload', async () => {
    const files = {
      't.yaml': 'Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      DefinitionUri: api.yaml\n',
      'api.yaml': 'openapi: 3.0.0\n',
    };
    const key = md5Hex(new TextEncoder().encode('openapi: 3.0.0\n'));
    const argv = ['--template-file', 't.yaml', '--s3-bucket', 'bkt'];
    const held = await packageIn(files, argv, s3Bucket({ [key]: 'openapi: 3.0.0\n' }));
    expect([held.code, held.requests.map((q) => q.method), held.err]).toEqual([0, ['HEAD'], '']);
    expect(held.out).toContain(`DefinitionUri: s3://bkt/${key}\n`);
    const forced = await packageIn(files, [...argv, '--force-upload'], s3Bucket({ [key]: 'openapi: 3.0.0\n' }));
    expect([forced.code, forced.requests.map((q) => q.method)]).toEqual([0, ['PUT']]);
    expect(forced.err).toBe(`\rUploading to ${key}  15 / 15.0  (100.00%)`);
  });

  it('prints a progress line for each 8 KiB block sent, and none for an empty file', async () => {
    const big = 'x'.repeat(20_000);
    const r = await packageIn(
      {
        't.yaml':
          'Resources:\n  A:\n    Type: AWS::Glue::Job\n    Properties:\n      Command: {ScriptLocation: big.py}\n  B:\n    Type: AWS::Serverless::Api\n    Properties:\n      DefinitionUri: empty.yaml\n',
        'big.py': big,
        'empty.yaml': '',
      },
      ['--template-file', 't.yaml', '--s3-bucket', 'bkt'],
    );
    const key = md5Hex(new TextEncoder().encode(big));
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `\rUploading to ${key}  8192 / 20000.0  (40.96%)\rUploading to ${key}  16384 / 20000.0  (81.92%)\rUploading to ${key}  20000 / 20000.0  (100.00%)`,
    );
    expect(r.uploads.map((u) => u.body.length)).toEqual([20_000, 0]);
  });
});

describe('the resource properties packaged, and the form each takes', () => {
  const props = (type: string, body: string) =>
    `Resources:\n  R:\n    Type: ${type}\n    Properties:\n${body.replace(/^/gm, '      ')}\n`;
  it.each([
    ['AWS::Serverless::Api', 'DefinitionUri: a.txt', 'DefinitionUri: s3://bkt/K'],
    ['AWS::AppSync::GraphQLSchema', 'DefinitionS3Location: a.txt', 'DefinitionS3Location: s3://bkt/K'],
    [
      'AWS::AppSync::Resolver',
      'RequestMappingTemplateS3Location: a.txt\nResponseMappingTemplateS3Location: a.txt',
      'RequestMappingTemplateS3Location: s3://bkt/K\nResponseMappingTemplateS3Location: s3://bkt/K',
    ],
    [
      'AWS::AppSync::FunctionConfiguration',
      'RequestMappingTemplateS3Location: a.txt',
      'RequestMappingTemplateS3Location: s3://bkt/K',
    ],
    ['AWS::ApiGateway::RestApi', 'BodyS3Location: a.txt', 'BodyS3Location:\n  Bucket: bkt\n  Key: K'],
    ['AWS::ElasticBeanstalk::ApplicationVersion', 'SourceBundle: a.txt', 'SourceBundle:\n  S3Bucket: bkt\n  S3Key: K'],
    ['AWS::Glue::Job', 'Command:\n  ScriptLocation: a.txt', 'Command:\n  ScriptLocation: s3://bkt/K'],
    [
      'AWS::StepFunctions::StateMachine',
      'DefinitionS3Location: a.txt',
      'DefinitionS3Location:\n  Bucket: bkt\n  Key: K',
    ],
    ['AWS::Serverless::StateMachine', 'DefinitionUri: a.txt', 'DefinitionUri:\n  Bucket: bkt\n  Key: K'],
    // An S3 URL already there is kept; its version goes into the mapping.
    [
      'AWS::Lambda::Function',
      'Code: s3://other/code.zip?versionId=3',
      "Code:\n  S3Bucket: other\n  S3Key: code.zip\n  S3ObjectVersion: '3'",
    ],
    // A zip file is uploaded as it is, not zipped again.
    ['AWS::Lambda::LayerVersion', 'Content: a.zip', 'Content:\n  S3Bucket: bkt\n  S3Key: Z'],
    ['AWS::Serverless::LayerVersion', 'ContentUri: a.zip', 'ContentUri: s3://bkt/Z'],
    ['AWS::CodeCommit::Repository', 'Code:\n  S3: a.zip', 'Code:\n  S3:\n    Bucket: bkt\n    Key: Z'],
    // A mapping (an intrinsic function, a bucket and key) is left as it is.
    ['AWS::Serverless::Function', 'CodeUri: {Bucket: b, Key: k}', 'CodeUri:\n  Bucket: b\n  Key: k'],
    ['AWS::Serverless::Application', 'Location: {ApplicationId: x}', 'Location:\n  ApplicationId: x'],
    // Types that do not package a property left out leave the resource alone.
    ['AWS::StepFunctions::StateMachine', 'Definition: {}', 'Definition: {}'],
  ])('%s: %s', async (type, given, expected) => {
    const zip = EMPTY_ZIP;
    const r = await packageIn({ 't.yaml': props(type, given), 'a.txt': 'artifact\n', 'a.zip': zip }, [
      '--template-file',
      't.yaml',
      '--s3-bucket',
      'bkt',
    ]);
    const K = md5Hex(new TextEncoder().encode('artifact\n'));
    const Z = md5Hex(new TextEncoder().encode(zip));
    expect(r.code).toBe(0);
    expect(r.out).toBe(`\n${props(type, expected.replaceAll(/\bK\b/g, K).replaceAll(/\bZ\b/g, Z))}`);
  });

  it('packages the template’s folder for a property left out where the type allows it', async () => {
    const r = await packageIn(
      {
        'fn/t.yaml': 'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: x}\n',
        'fn/x.py': 'x\n',
      },
      ['--template-file', 'fn/t.yaml', '--s3-bucket', 'bkt'],
    );
    const [upload] = r.uploads;
    expect((await readZip(upload!.body)).map((f) => f.name)).toEqual(['t.yaml', 'x.py']);
    expect(r.out).toBe(
      `\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: x\n      CodeUri: s3://bkt/${upload!.key}\n`,
    );
  });

  it('packages the ServerlessRepo readme and licence named in Metadata, and resources inside Fn::ForEach', async () => {
    const r = await packageIn(
      {
        't.yaml':
          'Metadata:\n  AWS::ServerlessRepo::Application:\n    Name: app\n    ReadmeUrl: README.md\n    LicenseUrl: LICENSE\nResources:\n  Fn::ForEach::Topics:\n  - Name\n  - [A, B]\n  - Api${Name}:\n      Type: AWS::Serverless::Api\n      Properties:\n        DefinitionUri: api.yaml\n',
        'README.md': '# app\n',
        LICENSE: 'MIT\n',
        'api.yaml': 'openapi: 3.0.0\n',
      },
      ['--template-file', 't.yaml', '--s3-bucket', 'bkt'],
    );
    const [readme, licence, api] = r.uploads.map((u) => u.key);
    expect(r.out).toBe(
      `\nMetadata:\n  AWS::ServerlessRepo::Application:\n    Name: app\n    ReadmeUrl: s3://bkt/${readme}\n    LicenseUrl: s3://bkt/${licence}\nResources:\n  Fn::ForEach::Topics:\n  - Name\n  - - A\n    - B\n  - Api\${Name}:\n      Type: AWS::Serverless::Api\n      Properties:\n        DefinitionUri: s3://bkt/${api}\n`,
    );
  });
});

describe('errors, in the CLI’s words', () => {
  const run = (files: Record<string, string>, argv = ['--template-file', 't.yaml', '--s3-bucket', 'bkt']) =>
    packageIn(files, argv);

  it.each([
    ['a template that is not there', {}, '\nInvalid template path t.yaml\n'],
    [
      'a local artifact that is not there',
      { 't.yaml': 'Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: ./build/out\n' },
      '\nUnable to upload artifact ./build/out referenced by Code parameter of F resource.\nParameter Code of resource F refers to a file or folder that does not exist /work/build/out\n',
    ],
    [
      'a nested template that is not there',
      {
        't.yaml':
          'Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: nested.yaml\n',
      },
      '\nUnable to upload artifact nested.yaml referenced by TemplateURL parameter of S resource.\nTemplateURL parameter of S resource is invalid. It must be a S3 URL or path to CloudFormation template file. Actual: /work/nested.yaml\n',
    ],
    [
      'a missing artifact inside a nested template',
      {
        't.yaml':
          'Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: n/nested.yaml\n',
        'n/nested.yaml':
          'Resources:\n  A:\n    Type: AWS::Serverless::Api\n    Properties:\n      DefinitionUri: api.yaml\n',
      },
      '\nUnable to upload artifact n/nested.yaml referenced by TemplateURL parameter of S resource.\nUnable to upload artifact api.yaml referenced by DefinitionUri parameter of A resource.\nParameter DefinitionUri of resource A refers to a file or folder that does not exist /work/n/api.yaml\n',
    ],
    [
      'an included file that is not there (not wrapped)',
      {
        't.yaml':
          'Resources:\n  X:\n    Fn::Transform:\n      Name: AWS::Include\n      Parameters:\n        Location: ./inc.yaml\n',
      },
      '\nParameter Location of resource AWS::Include refers to a file or folder that does not exist /work/./inc.yaml\n',
    ],
    [
      'a template YAML cannot read',
      { 't.yaml': 'Resources:\n\tA: 1\n' },
      '\nwhile scanning for the next token\nfound character \'\\t\' that cannot start any token\n  in "<unicode string>", line 2, column 1:\n    \tA: 1\n    ^ (line: 2)\n',
    ],
    [
      'a malformed Fn::ForEach',
      { 't.yaml': 'Resources:\n  Fn::ForEach::X: [a, b]\n' },
      '\nThe value of Fn::ForEach::X has an invalid "Fn::ForEach::" format: Must be a list of three entries\n',
    ],
    [
      'a template that is not a mapping',
      { 't.yaml': '- a\n- b\n' },
      '\nInvalid template /work/t.yaml: it is not a mapping (object)\n',
    ],
    [
      'a nested stack that includes itself',
      {
        't.yaml':
          'Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: t.yaml\n',
      },
      '\nUnable to upload artifact t.yaml referenced by TemplateURL parameter of S resource.\nThe template /work/t.yaml includes itself as a nested stack: /work/t.yaml → /work/t.yaml\n',
    ],
  ])('%s: exit 255', async (_, files, err) => {
    const r = await run(files);
    expect([r.code, r.err, r.out, r.uploads.length]).toEqual([255, err, '', 0]);
  });

  it('says how to make a bucket that does not exist, after the progress line of what was sent', async () => {
    const files = {
      't.yaml': 'Resources:\n  A:\n    Type: AWS::Serverless::Api\n    Properties:\n      DefinitionUri: api.yaml\n',
      'api.yaml': 'openapi: 3.0.0\n',
    };
    const key = md5Hex(new TextEncoder().encode('openapi: 3.0.0\n'));
    const r = await run(files, ['--template-file', 't.yaml', '--s3-bucket', 'nobkt']);
    expect([r.code, r.err]).toEqual([
      255,
      `\rUploading to ${key}  15 / 15.0  (100.00%)\nUnable to upload artifact api.yaml referenced by DefinitionUri parameter of A resource.\nS3 Bucket does not exist. Execute the command to create a new bucket\naws s3 mb s3://nobkt\n`,
    ]);
  });

  it('needs --template-file and --s3-bucket (exit 252)', async () => {
    const r = await run({}, ['--template-file', 't.yaml']);
    expect(r.code).toBe(252);
    expect(r.err).toContain('the following arguments are required: --s3-bucket');
  });
});

/** A zip file the template names: an archive holding nothing (its end record alone) is a zip to zipfile. */
const EMPTY_ZIP = `PK\x05\x06${'\0'.repeat(18)}`;
