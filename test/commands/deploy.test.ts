/**
 * CodeDeploy's own commands — `deploy push`, `register`, `deregister` — and the `--s3-location` /
 * `--github-location` arguments of the revision operations, against a recording stand-in in memory (the
 * memory host's `send`, answering S3, IAM and CodeDeploy by operation). What the end-to-end tests
 * (test/e2e/deploy.test.ts) cannot make moto do is here: multipart bundles, failures at each step, IAM's
 * pages and NoSuchEntity. The expected words are the AWS CLI's (codedeploy/push.py, register.py,
 * deregister.py, utils.py, locationargs.py).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';
import { readZip } from '../support/zip-reader.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1' };
const text = (body: unknown) => new TextDecoder().decode(body as Uint8Array);
const header = (req: HttpRequest, name: string) =>
  Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1];

/** The operation a request calls: a JSON target, an IAM Action, or S3's method and query. */
function operationOf(req: HttpRequest): string {
  const target = header(req, 'x-amz-target');
  if (target) return target.split('.')[1]!;
  if (req.url.includes('iam.amazonaws.com')) return new URLSearchParams(text(req.body)).get('Action')!;
  const url = new URL(req.url);
  if (req.method === 'POST' && url.searchParams.has('uploads')) return 'CreateMultipartUpload';
  if (req.method === 'POST') return 'CompleteMultipartUpload';
  if (req.method === 'DELETE') return 'AbortMultipartUpload';
  return url.searchParams.has('partNumber') ? 'UploadPart' : 'PutObject';
}

/** What a request sent: JSON and IAM form bodies decoded; S3's bodies left as bytes. */
function paramsOf(req: HttpRequest): Record<string, unknown> {
  if (header(req, 'x-amz-target')) return JSON.parse(text(req.body));
  return Object.fromEntries(new URLSearchParams(text(req.body)));
}

type Answer = HttpResponse | ((req: HttpRequest) => HttpResponse);

/** A host whose `send` answers each operation from `answers` (a JSON `{}` for CodeDeploy by default). */
function hostWith(answers: Record<string, Answer>, env: Record<string, string> = ENV): MemoryHost {
  return createMemoryHost(
    (req) => {
      const answer = answers[operationOf(req)];
      if (typeof answer === 'function') return answer(req);
      return answer ?? reply(200, '{}', { 'content-type': 'application/x-amz-json-1.1' });
    },
    { env },
  );
}

const calls = (host: MemoryHost) => host.requests.map(operationOf);
const iamXml = (operation: string, result: string) =>
  reply(
    200,
    `<${operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${operation}Response>`,
    { 'content-type': 'text/xml' },
  );
const iamError = (status: number, code: string, message: string) =>
  reply(
    status,
    `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    { 'content-type': 'text/xml' },
  );
const s3Error = (status: number, code: string, message: string) =>
  reply(status, `<Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    'content-type': 'application/xml',
  });
const jsonError = (type: string, message: string) =>
  reply(400, JSON.stringify({ __type: type, message }), { 'content-type': 'application/x-amz-json-1.1' });

const GUIDE =
  'by following the instructions in "Configure Existing On-Premises Instances by Using AWS CodeDeploy" in the AWS CodeDeploy User Guide.\n';

describe('deploy push', () => {
  const push = ['deploy', 'push', '--application-name', 'WebApp', '--s3-location', 's3://bkt/rev/app.zip'];
  const folder = async (host: MemoryHost) => {
    await host.fs.writeFile('/app/appspec.yml', 'version: 0.0\nos: linux\n');
    await host.fs.writeFile('/app/index.html', '<h1>hi</h1>');
    await host.fs.writeFile('/app/.env', 'SECRET=1');
    await host.fs.writeFile('/app/.git/HEAD', 'ref: main');
    await host.fs.writeFile('/app/scripts/start.sh', 'run');
  };
  const uploaded = async (host: MemoryHost) => {
    const put = host.requests.find((r) => operationOf(r) === 'PutObject')!;
    return (await readZip(put.body as Uint8Array)).map((f) => f.name);
  };

  it('zips the folder, uploads it, registers the revision with its ETag and prints the create-deployment line', async () => {
    const host = hostWith({ PutObject: reply(200, '', { etag: '"0a1b2c"' }) });
    await folder(host);
    expect(await runCli([...push, '--source', '/app/scripts/..'], host)).toBe(0);
    expect(calls(host)).toEqual(['PutObject', 'RegisterApplicationRevision']);
    expect(host.requests[0]!.url).toBe('https://bkt.s3.us-east-1.amazonaws.com/rev/app.zip');
    expect(await uploaded(host)).toEqual(['.env', 'appspec.yml', 'index.html', '.git/HEAD', 'scripts/start.sh']);
    // The frozen clock has no fraction of a second, which isoformat() then leaves out.
    expect(paramsOf(host.requests[1]!)).toEqual({
      applicationName: 'WebApp',
      revision: {
        revisionType: 'S3',
        s3Location: { bucket: 'bkt', key: 'rev/app.zip', bundleType: 'zip', eTag: '0a1b2c' },
      },
      description: 'Uploaded by AWS CLI 2024-01-02T03:04:05 UTC',
    });
    expect(host.out.join('')).toBe(
      'To deploy with this revision, run:\naws deploy create-deployment --application-name WebApp ' +
        '--s3-location bucket=bkt,key=rev/app.zip,bundleType=zip,eTag=0a1b2c --deployment-group-name <deployment-group-name> ' +
        '--deployment-config-name <deployment-config-name> --description <description>\n',
    );
    expect(host.err.join('')).toBe('');
  });

  it('--ignore-hidden-files leaves dot files and dot folders out; a versioned bucket adds the version', async () => {
    const host = hostWith({ PutObject: reply(200, '', { etag: '"e1"', 'x-amz-version-id': 'v7' }) });
    await folder(host);
    host.cwd = '/app';
    const args = [...push, '--ignore-hidden-files', '--description', 'Release 7'];
    expect(await runCli(args, host)).toBe(0);
    expect(await uploaded(host)).toEqual(['appspec.yml', 'index.html', 'scripts/start.sh']);
    expect(paramsOf(host.requests[1]!)).toMatchObject({
      revision: { s3Location: { eTag: 'e1', version: 'v7' } },
      description: 'Release 7',
    });
    expect(host.out.join('')).toContain('--s3-location bucket=bkt,key=rev/app.zip,bundleType=zip,eTag=e1,version=v7 ');
  });

  it('gives the default description the microseconds isoformat() writes', async () => {
    const host = createMemoryHost(
      (req) => (req.method === 'PUT' ? reply(200, '', { etag: '"e"' }) : reply(200, '{}')),
      {
        env: ENV,
        now: new Date('2024-05-06T07:08:09.012Z'),
      },
    );
    await folder(host);
    expect(await runCli([...push, '--source', '/app'], host)).toBe(0);
    expect(paramsOf(host.requests[1]!).description).toBe('Uploaded by AWS CLI 2024-05-06T07:08:09.012000 UTC');
  });

  it('uploads a bundle of 6 MiB or more in 6 MiB parts, one after another', async () => {
    const host = hostWith({
      CreateMultipartUpload: reply(
        200,
        '<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>',
      ),
      UploadPart: (req) => reply(200, '', { etag: `"part${new URL(req.url).searchParams.get('partNumber')}"` }),
      CompleteMultipartUpload: reply(
        200,
        '<CompleteMultipartUploadResult><ETag>"whole-2"</ETag></CompleteMultipartUploadResult>',
      ),
    });
    await host.fs.writeFile('/big/appspec.yml', 'version: 0.0\n');
    await host.fs.writeFile('/big/blob.bin', noise(7 * 1024 * 1024));
    expect(await runCli([...push, '--source', '/big'], host)).toBe(0);
    expect(calls(host)).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
      'RegisterApplicationRevision',
    ]);
    const parts = host.requests.filter((r) => operationOf(r) === 'UploadPart');
    expect((parts[0]!.body as Uint8Array).length).toBe(6 * 1024 * 1024);
    expect((parts[1]!.body as Uint8Array).length).toBeGreaterThan(1024 * 1024);
    expect(text(host.requests[3]!.body)).toContain('<Part><PartNumber>1</PartNumber><ETag>"part1"</ETag></Part>');
    expect(paramsOf(host.requests[4]!)).toMatchObject({ revision: { s3Location: { eTag: 'whole-2' } } });
  });

  it('aborts the multipart upload when S3 refuses a part, and says what failed (255)', async () => {
    const host = hostWith({
      CreateMultipartUpload: reply(
        200,
        '<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>',
      ),
      UploadPart: s3Error(403, 'AccessDenied', 'Access Denied'),
      AbortMultipartUpload: reply(204),
    });
    await host.fs.writeFile('/big/appspec.yml', 'version: 0.0\n');
    await host.fs.writeFile('/big/blob.bin', noise(6 * 1024 * 1024));
    expect(await runCli([...push, '--source', '/big'], host)).toBe(255);
    expect(calls(host)).toEqual(['CreateMultipartUpload', 'UploadPart', 'AbortMultipartUpload']);
    expect(host.requests[2]!.url).toContain('uploadId=up-1');
    expect(host.err.join('')).toBe(
      "\nFailed to upload '/big' to 's3://bkt/rev/app.zip': An error occurred (AccessDenied) when calling the UploadPart operation: Access Denied\n",
    );
  });

  it('a refused PutObject is a failed upload (255); nothing is registered', async () => {
    const host = hostWith({ PutObject: s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist') });
    await folder(host);
    expect(await runCli([...push, '--source', '/app'], host)).toBe(255);
    expect(calls(host)).toEqual(['PutObject']);
    expect(host.err.join('')).toBe(
      "\nFailed to upload '/app' to 's3://bkt/rev/app.zip': An error occurred (NoSuchBucket) when calling the PutObject operation: The specified bucket does not exist\n",
    );
  });

  it('a refused registration is the service error (254)', async () => {
    const host = hostWith({
      PutObject: reply(200, '', { etag: '"e"' }),
      RegisterApplicationRevision: jsonError(
        'ApplicationDoesNotExistException',
        'No application found for name: WebApp',
      ),
    });
    await folder(host);
    expect(await runCli([...push, '--source', '/app'], host)).toBe(254);
    expect(host.err.join('')).toBe(
      '\nAn error occurred (ApplicationDoesNotExistException) when calling the RegisterApplicationRevision operation: No application found for name: WebApp\n',
    );
    expect(host.out.join('')).toBe('');
  });

  it('refuses, before any request, a folder without appspec.yml at its top (255)', async () => {
    const host = hostWith({});
    await host.fs.writeFile('/app/sub/appspec.yml', 'version: 0.0\n');
    expect(await runCli([...push, '--source', '/app'], host)).toBe(255);
    expect(host.err.join('')).toBe('\n/app/appspec.yml was not found\n');
    expect(await runCli([...push, '--source', '/nowhere/'], host)).toBe(255);
    expect(host.err.join('')).toContain('\n/nowhere/appspec.yml was not found\n');
    expect(host.requests).toEqual([]);
  });

  it.each([
    [['--s3-location', 'bkt/app.zip'], '--s3-location must specify the Amazon S3 URL format as s3://<bucket>/<key>.'],
    [['--s3-location', 's3://bkt'], '--s3-location must specify the Amazon S3 URL format as s3://<bucket>/<key>.'],
    [
      ['--s3-location', 's3://b/k', '--ignore-hidden-files', '--no-ignore-hidden-files'],
      'You cannot specify both --ignore-hidden-files and --no-ignore-hidden-files.',
    ],
  ])('refuses %j (252)', async (extra, message) => {
    const host = hostWith({});
    expect(await runCli(['deploy', 'push', '--application-name', 'a', ...extra], host)).toBe(252);
    expect(host.err.join('')).toBe(`\n${message}\n`);
    expect(host.requests).toEqual([]);
  });

  it('needs a region for CodeDeploy before it zips anything (253)', async () => {
    const host = hostWith({}, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's' });
    expect(await runCli(push, host)).toBe(253);
    expect(host.err.join('')).toBe(
      '\nYou must specify a region. You can also configure your region by running "aws configure".\n',
    );
  });
});

/** Incompressible bytes, the same every run. */
function noise(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

describe('deploy register', () => {
  const USER_ARN = 'arn:aws:iam::123456789012:user/AWS/CodeDeploy/rack-7';
  const answers = {
    CreateUser: () =>
      iamXml(
        'CreateUser',
        `<User><Path>/AWS/CodeDeploy/</Path><UserName>rack-7</UserName><UserId>AID</UserId><Arn>${USER_ARN}</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></User>`,
      ),
    CreateAccessKey: () =>
      iamXml(
        'CreateAccessKey',
        '<AccessKey><UserName>rack-7</UserName><AccessKeyId>AKIANEW</AccessKeyId><Status>Active</Status><SecretAccessKey>s3cr3t</SecretAccessKey></AccessKey>',
      ),
    PutUserPolicy: () => iamXml('PutUserPolicy', ''),
  };

  it('makes the IAM user, its key and policy, writes the config file (owner only), registers and tags', async () => {
    const host = hostWith(answers);
    host.cwd = '/work';
    const args = ['deploy', 'register', '--instance-name', 'rack-7', '--tags', 'Key=Name,Value=web', 'Key=env,Value='];
    expect(await runCli(args, host)).toBe(0);
    expect(calls(host)).toEqual([
      'CreateUser',
      'CreateAccessKey',
      'PutUserPolicy',
      'RegisterOnPremisesInstance',
      'AddTagsToOnPremisesInstances',
    ]);
    expect(host.requests[0]!.url).toBe('https://iam.amazonaws.com/');
    expect(paramsOf(host.requests[0]!)).toMatchObject({ Path: '/AWS/CodeDeploy/', UserName: 'rack-7' });
    const policy = paramsOf(host.requests[2]!);
    expect(policy).toMatchObject({ UserName: 'rack-7', PolicyName: 'codedeploy-agent' });
    expect(JSON.parse(policy.PolicyDocument as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: ['s3:Get*', 's3:List*'], Effect: 'Allow', Resource: '*' }],
    });
    expect(paramsOf(host.requests[3]!)).toEqual({ instanceName: 'rack-7', iamUserArn: USER_ARN });
    expect(paramsOf(host.requests[4]!)).toEqual({
      tags: [
        { Key: 'Name', Value: 'web' },
        { Key: 'env', Value: '' },
      ],
      instanceNames: ['rack-7'],
    });
    expect(host.out.join('')).toBe(
      `Creating the IAM user... DONE\nIamUserArn: ${USER_ARN}\n` +
        'Creating the IAM user access key... DONE\nAccessKeyId: AKIANEW\nSecretAccessKey: s3cr3t\n' +
        `Creating the IAM user policy... DONE\nPolicyName: codedeploy-agent\nPolicyDocument: ${policy.PolicyDocument}\n` +
        'Creating the on-premises instance configuration file named codedeploy.onpremises.yml...DONE\n' +
        'Registering the on-premises instance... DONE\n' +
        'Adding tags to the on-premises instance... DONE\n' +
        'Copy the on-premises configuration file named codedeploy.onpremises.yml to the on-premises instance, and run the following command on the on-premises instance to install and configure the AWS CodeDeploy Agent:\n' +
        'aws deploy install --config-file codedeploy.onpremises.yml\n',
    );
    expect(text(await host.fs.readFile('/work/codedeploy.onpremises.yml'))).toBe(
      `---\nregion: us-east-1\niam_user_arn: ${USER_ARN}\naws_access_key_id: AKIANEW\naws_secret_access_key: s3cr3t\n`,
    );
    expect((await host.fs.stat('/work/codedeploy.onpremises.yml'))!.mode! & 0o777).toBe(0o600);
  });

  it('with --iam-user-arn only registers the instance, in the region given', async () => {
    const host = hostWith({});
    const arn = 'arn:aws:iam::123456789012:user/ops/rack-8';
    const args = ['deploy', 'register', '--instance-name', 'rack-8', '--iam-user-arn', arn, '--region', 'eu-west-1'];
    expect(await runCli(args, host)).toBe(0);
    expect(calls(host)).toEqual(['RegisterOnPremisesInstance']);
    expect(host.requests[0]!.url).toBe('https://codedeploy.eu-west-1.amazonaws.com/');
    expect(host.out.join('')).toMatch(/^Registering the on-premises instance\.\.\. DONE\nCopy the on-premises/);
    expect(await host.fs.stat('/codedeploy.onpremises.yml')).toBeUndefined();
  });

  it('stops at the first step that fails: its line left open, ERROR and the guide on stderr (255)', async () => {
    const host = hostWith({
      CreateUser: iamError(409, 'EntityAlreadyExists', 'User with name rack-7 already exists.'),
    });
    expect(await runCli(['deploy', 'register', '--instance-name', 'rack-7'], host)).toBe(255);
    expect(host.out.join('')).toBe('Creating the IAM user... ');
    expect(host.err.join('')).toBe(
      'ERROR\nAn error occurred (EntityAlreadyExists) when calling the CreateUser operation: User with name rack-7 already exists.\n' +
        `Register the on-premises instance ${GUIDE}`,
    );
  });

  it('a refused registration leaves the IAM user and the config file made before it', async () => {
    const host = hostWith({
      ...answers,
      RegisterOnPremisesInstance: jsonError(
        'InstanceNameAlreadyRegisteredException',
        'The on-premises instance name rack-7 is already registered',
      ),
    });
    expect(await runCli(['deploy', 'register', '--instance-name', 'rack-7'], host)).toBe(255);
    expect(host.out.join('')).toMatch(/\.\.\.DONE\nRegistering the on-premises instance\.\.\. $/);
    expect(host.err.join('')).toMatch(
      /^ERROR\nAn error occurred \(InstanceNameAlreadyRegisteredException\) when calling the RegisterOnPremisesInstance operation/,
    );
    expect(await host.fs.stat('/codedeploy.onpremises.yml')).toBeDefined();
  });

  const tooMany = Array.from({ length: 11 }, (_, i) => `Key=k${i},Value=v`);
  it.each([
    [['--instance-name', 'i-0abc'], "Instance name cannot start with 'i-'."],
    [['--instance-name', 'rack 7'], 'Instance name contains invalid characters.'],
    [['--instance-name', 'r'.repeat(101)], 'Instance name cannot be longer than 100 characters.'],
    [['--instance-name', 'rack', '--tags', ...tooMany], 'Instances can only have a maximum of 10 tags.'],
    [
      ['--instance-name', 'rack', '--tags', `Key=${'k'.repeat(129)},Value=v`],
      'Tag Key cannot be longer than 128 characters.',
    ],
    [
      ['--instance-name', 'rack', '--tags', `Key=k,Value=${'é'.repeat(257)}`],
      'Tag Value cannot be longer than 256 characters.',
    ],
    [
      ['--instance-name', 'rack', '--tags', 'Key=k'],
      'Parameter validation failed:\nMissing required parameter in [0]: "Value"',
    ],
    [
      ['--instance-name', 'rack', '--tags', '[{"Key": "k", "Value": "v", "Other": 1}]'],
      'Parameter validation failed:\nUnknown parameter in [0]: "Other", must be one of: Key, Value',
    ],
    [['--instance-name', 'rack', '--iam-user-arn', 'arn:aws:iam::123:user/x'], 'Invalid IAM user ARN.'],
  ])('refuses %j before any request (252)', async (args, message) => {
    const host = hostWith({});
    expect(await runCli(['deploy', 'register', ...args], host)).toBe(252);
    expect(host.err.join('')).toBe(`\n${message}\n`);
    expect(host.requests).toEqual([]);
  });

  it('a tag value of 256 characters (not UTF-16 units) is allowed', async () => {
    const host = hostWith({});
    const args = [
      'deploy',
      'register',
      '--instance-name',
      'rack',
      '--iam-user-arn',
      'arn:aws:iam::123456789012:user/x',
    ];
    expect(await runCli([...args, '--tags', `Key=k,Value=${'😀'.repeat(256)}`], host)).toBe(0);
  });

  it('without a region says so (253)', async () => {
    const host = hostWith({}, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's' });
    expect(await runCli(['deploy', 'register', '--instance-name', 'rack'], host)).toBe(253);
    expect(host.err.join('')).toBe('\nRegion not specified.\n');
  });
});

describe('deploy deregister', () => {
  const USER_ARN = 'arn:aws:iam::123456789012:user/AWS/CodeDeploy/rack-7';
  const instance = (tags: unknown) =>
    reply(200, JSON.stringify({ instanceInfo: { instanceName: 'rack-7', iamUserArn: USER_ARN, tags } }), {
      'content-type': 'application/x-amz-json-1.1',
    });
  let policyPage = 0;
  const answers = {
    GetOnPremisesInstance: () =>
      instance([
        { Key: 'Name', Value: 'web' },
        { Key: 'env', Value: 'prod' },
      ]),
    // Two pages of policies, as IAM pages with Marker.
    ListUserPolicies: () =>
      policyPage++ === 0
        ? iamXml(
            'ListUserPolicies',
            '<PolicyNames><member>codedeploy-agent</member></PolicyNames><IsTruncated>true</IsTruncated><Marker>m1</Marker>',
          )
        : iamXml(
            'ListUserPolicies',
            '<PolicyNames><member>extra</member></PolicyNames><IsTruncated>false</IsTruncated>',
          ),
    DeleteUserPolicy: () => iamXml('DeleteUserPolicy', ''),
    ListAccessKeys: () =>
      iamXml(
        'ListAccessKeys',
        '<AccessKeyMetadata><member><UserName>rack-7</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId><Status>Active</Status></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>',
      ),
    DeleteAccessKey: () => iamXml('DeleteAccessKey', ''),
    DeleteUser: () => iamXml('DeleteUser', ''),
  };

  it('removes the tags, deregisters, and deletes the user’s policies (every page), keys and the user', async () => {
    policyPage = 0;
    const host = hostWith(answers);
    expect(await runCli(['deploy', 'deregister', '--instance-name', 'rack-7'], host)).toBe(0);
    expect(calls(host)).toEqual([
      'GetOnPremisesInstance',
      'RemoveTagsFromOnPremisesInstances',
      'DeregisterOnPremisesInstance',
      'ListUserPolicies',
      'DeleteUserPolicy',
      'ListUserPolicies',
      'DeleteUserPolicy',
      'ListAccessKeys',
      'DeleteAccessKey',
      'DeleteUser',
    ]);
    expect(paramsOf(host.requests[1]!)).toEqual({
      tags: [
        { Key: 'Name', Value: 'web' },
        { Key: 'env', Value: 'prod' },
      ],
      instanceNames: ['rack-7'],
    });
    expect(paramsOf(host.requests[5]!)).toMatchObject({ UserName: 'rack-7', Marker: 'm1' });
    expect(paramsOf(host.requests[6]!)).toMatchObject({ UserName: 'rack-7', PolicyName: 'extra' });
    expect(paramsOf(host.requests[8]!)).toMatchObject({ UserName: 'rack-7', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(host.out.join('')).toBe(
      `Retrieving on-premises instance information... DONE\nIamUserArn: ${USER_ARN}\nTags: Key=Name,Value=web Key=env,Value=prod\n` +
        'Removing tags from the on-premises instance... DONE\n' +
        'Deregistering the on-premises instance... DONE\n' +
        'Deleting the IAM user policies... DONE\n' +
        'Deleting the IAM user access keys... DONE\n' +
        'Deleting the IAM user (rack-7)... DONE\n' +
        'Run the following command on the on-premises instance to uninstall the codedeploy-agent:\naws deploy uninstall\n',
    );
  });

  it('--no-delete-iam-user keeps the user; no tags means no RemoveTags', async () => {
    const host = hostWith({ GetOnPremisesInstance: instance([]) });
    expect(await runCli(['deploy', 'deregister', '--instance-name', 'rack-7', '--no-delete-iam-user'], host)).toBe(0);
    expect(calls(host)).toEqual(['GetOnPremisesInstance', 'DeregisterOnPremisesInstance']);
    expect(host.out.join('')).toBe(
      `Retrieving on-premises instance information... DONE\nIamUserArn: ${USER_ARN}\n` +
        'Deregistering the on-premises instance... DONE\n' +
        'Run the following command on the on-premises instance to uninstall the codedeploy-agent:\naws deploy uninstall\n',
    );
  });

  it('a user IAM no longer has is not a failure (NoSuchEntity)', async () => {
    const gone = () => iamError(404, 'NoSuchEntity', 'The user with name rack-7 cannot be found.');
    const host = hostWith({
      GetOnPremisesInstance: () => instance([]),
      ListUserPolicies: gone,
      ListAccessKeys: gone,
      DeleteUser: gone,
    });
    expect(await runCli(['deploy', 'deregister', '--instance-name', 'rack-7'], host)).toBe(0);
    expect(host.out.join('')).toContain('Deleting the IAM user (rack-7)... DONE\n');
  });

  it('another IAM error stops it (255)', async () => {
    const host = hostWith({
      GetOnPremisesInstance: () => instance([]),
      ListUserPolicies: iamError(403, 'AccessDenied', 'not allowed'),
    });
    expect(await runCli(['deploy', 'deregister', '--instance-name', 'rack-7'], host)).toBe(255);
    expect(host.out.join('')).toMatch(/Deleting the IAM user policies\.\.\. $/);
    expect(host.err.join('')).toBe(
      `ERROR\nAn error occurred (AccessDenied) when calling the ListUserPolicies operation: not allowed\nDeregister the on-premises instance ${GUIDE}`,
    );
  });

  it('an instance CodeDeploy does not know stops it after the first line (255)', async () => {
    const host = hostWith({
      GetOnPremisesInstance: jsonError('InstanceNotRegisteredException', 'The on-premises instance is not registered'),
    });
    expect(await runCli(['deploy', 'deregister', '--instance-name', 'rack-9'], host)).toBe(255);
    expect(host.out.join('')).toBe('Retrieving on-premises instance information... ');
    expect(calls(host)).toEqual(['GetOnPremisesInstance']);
  });

  it('checks the name before any request (252)', async () => {
    const host = hostWith({});
    expect(await runCli(['deploy', 'deregister', '--instance-name', 'i-123'], host)).toBe(252);
    expect(host.err.join('')).toBe("\nInstance name cannot start with 'i-'.\n");
    expect(host.requests).toEqual([]);
  });
});

describe('--s3-location and --github-location', () => {
  const sent = async (args: string[]) => {
    const host = hostWith({});
    await host.fs.writeFile('/loc.json', '{"bucket": "fb", "key": "fk", "bundleType": "tgz"}');
    const code = await runCli(['deploy', ...args], host);
    return { code, params: host.requests.length ? paramsOf(host.requests[0]!) : undefined, err: host.err.join('') };
  };

  it('fill the revision of create-deployment, get- and register-application-revision', async () => {
    expect(
      (
        await sent([
          'create-deployment',
          '--application-name',
          'a',
          '--s3-location',
          'bucket=b,key=k/r.zip,bundleType=zip,eTag=e,version=v,extra=x',
        ])
      ).params,
    ).toEqual({
      applicationName: 'a',
      revision: {
        revisionType: 'S3',
        s3Location: { bucket: 'b', key: 'k/r.zip', bundleType: 'zip', eTag: 'e', version: 'v' },
      },
    });
    expect(
      (
        await sent([
          'get-application-revision',
          '--application-name',
          'a',
          '--github-location',
          '{"repository": "me/app", "commitId": "abc"}',
        ])
      ).params,
    ).toEqual({
      applicationName: 'a',
      revision: { revisionType: 'GitHub', gitHubLocation: { repository: 'me/app', commitId: 'abc' } },
    });
    expect(
      (await sent(['register-application-revision', '--application-name', 'a', '--s3-location', 'file:///loc.json']))
        .params,
    ).toMatchObject({ revision: { revisionType: 'S3', s3Location: { bucket: 'fb', key: 'fk', bundleType: 'tgz' } } });
  });

  it('replace --revision, --github-location last of all, as the CLI applies them in table order', async () => {
    const revision = ['--revision', 'revisionType=String,string={content=x}'];
    const s3 = ['--s3-location', 'bucket=b,key=k,bundleType=zip'];
    const github = ['--github-location', 'repository=me/app,commitId=abc'];
    expect(
      (await sent(['create-deployment', '--application-name', 'a', ...s3, ...revision])).params!.revision,
    ).toMatchObject({
      revisionType: 'S3',
    });
    expect(
      (await sent(['create-deployment', '--application-name', 'a', ...github, ...s3])).params!.revision,
    ).toMatchObject({
      revisionType: 'GitHub',
    });
  });

  it.each([
    [['--s3-location', 'bucket=b,key=k'], '--s3-location must specify bucket, key and bundleType.'],
    [['--s3-location', 'bucket=b,key=,bundleType=zip'], '--s3-location must specify bucket, key and bundleType.'],
    [['--github-location', 'repository=me/app'], '--github-location must specify repository and commitId.'],
  ])('refuse %j without what they need (252)', async (args, message) => {
    const r = await sent(['create-deployment', '--application-name', 'a', ...args]);
    expect(r).toEqual({ code: 252, params: undefined, err: `\n${message}\n` });
  });

  it('leave --revision optional, so that register-application-revision without any is the model’s error', async () => {
    const r = await sent(['register-application-revision', '--application-name', 'a']);
    expect(r).toEqual({
      code: 252,
      params: undefined,
      err: '\nParameter validation failed:\nMissing required parameter in input: "revision"\n',
    });
  });
});
