/**
 * `cloudformation package` against moto_server, in process over the real Node host and a real folder:
 * a template with a Lambda function whose code is a folder, an IAM role, a nested stack and an SNS
 * topic is packaged into a moto bucket, then deployed from the packaged file with `cloudformation
 * deploy`; moto builds the function from the uploaded zip and the nested stack from the uploaded
 * template. Packaging again uploads nothing (the keys are there); `--force-upload` sends it all again.
 */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { md5 } from '../../src/core/checksums/md5.js';
import { toHex } from '../../src/core/hex.js';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { readZip } from '../support/zip-reader.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-package-'));
const files: Record<string, string> = {
  'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: packaged-fn
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
        - Effect: Allow
          Principal: {Service: lambda.amazonaws.com}
          Action: sts:AssumeRole
  Function:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: packaged
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: src
  Alerts:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/alerts.yaml
`,
  'src/index.py': 'def handler(event, context):\n    return {"ok": True}\n',
  'nested/alerts.yaml': `Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: packaged-alerts
`,
};
for (const [path, content] of Object.entries(files)) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), content);
  utimesSync(join(dir, path), new Date('2025-01-02T03:04:06Z'), new Date('2025-01-02T03:04:06Z'));
}

// moto reads a nested stack's path-style TemplateURL only from a host named localhost.
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint.replace('127.0.0.1', 'localhost') });
const aws = async (...argv: string[]) => {
  const { code, out, err } = await run(argv);
  return { code, out, err };
};
const keysIn = async () =>
  JSON.parse(
    (await aws('s3api', 'list-objects-v2', '--bucket', 'artifacts', '--query', 'Contents[].[Key,Size]')).out,
  ) as Array<[string, number]>;

describe.skipIf(!moto)('cloudformation package against moto_server', () => {
  it('packages the template into the bucket, and the packaged template deploys', async () => {
    expect((await aws('s3', 'mb', 's3://artifacts')).code).toBe(0);
    const packaged = await aws(
      'cloudformation',
      'package',
      '--template-file',
      'template.yaml',
      '--s3-bucket',
      'artifacts',
      '--s3-prefix',
      'builds',
      '--output-template-file',
      'packaged.yaml',
    );
    expect(packaged.code).toBe(0);
    expect(packaged.out).toBe(
      `\nSuccessfully packaged artifacts and wrote output template to file packaged.yaml.\nExecute the following command to deploy the packaged template\naws cloudformation deploy --template-file ${join(dir, 'packaged.yaml')} --stack-name <YOUR STACK NAME>\n`,
    );
    // Two objects: the code's zip and the nested template, each under the MD5 of its bytes.
    const keys = await keysIn();
    expect(keys).toHaveLength(2);
    const [code, nested] = [
      keys.find(([k]) => !k.endsWith('.template'))!,
      keys.find(([k]) => k.endsWith('.template'))!,
    ];
    const fetched = async (key: string) => {
      const target = join(dir, 'fetched');
      expect((await aws('s3', 'cp', `s3://artifacts/${key}`, target)).code).toBe(0);
      return new Uint8Array(readFileSync(target));
    };
    const zip = await fetched(code[0]);
    expect(code[0]).toBe(`builds/${toHex(md5(zip))}`);
    expect((await readZip(zip)).map((f) => [f.name, new TextDecoder().decode(f.data)])).toEqual([
      ['index.py', files['src/index.py']],
    ]);
    const nestedText = new TextDecoder().decode(await fetched(nested[0]));
    expect(nested[0]).toBe(`builds/${toHex(md5(new TextEncoder().encode(nestedText)))}.template`);
    expect(nestedText).toBe(files['nested/alerts.yaml']);
    expect(packaged.err).toBe(
      [code, nested].map(([key, size]) => `\rUploading to ${key}  ${size} / ${size}.0  (100.00%)`).join(''),
    );
    expect(readFileSync(join(dir, 'packaged.yaml'), 'utf8')).toBe(`AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: packaged-fn
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
        - Effect: Allow
          Principal:
            Service: lambda.amazonaws.com
          Action: sts:AssumeRole
  Function:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: packaged
      Runtime: python3.12
      Handler: index.handler
      Role:
        Fn::GetAtt:
        - Role
        - Arn
      Code:
        S3Bucket: artifacts
        S3Key: ${code[0]}
  Alerts:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ${moto!.endpoint.replace('127.0.0.1', 'localhost')}/artifacts/${nested[0]}
`);

    const deployed = await aws(
      'cloudformation',
      'deploy',
      '--template-file',
      'packaged.yaml',
      '--stack-name',
      'packaged',
      '--capabilities',
      'CAPABILITY_NAMED_IAM',
    );
    expect(deployed).toMatchObject({ code: 0, err: '' });
    const fn = JSON.parse((await aws('lambda', 'get-function', '--function-name', 'packaged')).out);
    expect(fn.Configuration.CodeSize).toBe(code[1]);
    const topics = await aws('sns', 'list-topics', '--query', 'Topics[].TopicArn', '--output', 'text');
    expect(topics.out).toContain(':packaged-alerts');
  });

  it('uploads nothing the bucket holds, unless --force-upload', async () => {
    const argv = ['cloudformation', 'package', '--template-file', 'template.yaml', '--s3-bucket', 'artifacts'];
    const first = await aws(...argv, '--s3-prefix', 'again');
    const second = await aws(...argv, '--s3-prefix', 'again');
    expect([first.code, second.code, second.err]).toEqual([0, 0, '']);
    expect(second.out).toBe(first.out);
    const forced = await aws(...argv, '--s3-prefix', 'again', '--force-upload');
    expect(forced.err).toBe(first.err);
  });

  it('says how to make a bucket that does not exist (exit 255)', async () => {
    const r = await aws(
      'cloudformation',
      'package',
      '--template-file',
      'template.yaml',
      '--s3-bucket',
      'no-such-bucket',
    );
    expect(r.code).toBe(255);
    expect(r.err).toMatch(
      /\nUnable to upload artifact src referenced by Code parameter of Function resource\.\nS3 Bucket does not exist\. Execute the command to create a new bucket\naws s3 mb s3:\/\/no-such-bucket\n$/,
    );
  });
});
