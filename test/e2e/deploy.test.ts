/**
 * CodeDeploy's own commands end to end, in process over the real Node host and real folders: S3 and IAM
 * are moto_server's; moto's CodeDeploy has applications, deployment groups and deployments (so
 * `create-deployment --s3-location` runs against it whole) but no revisions and no on-premises
 * instances, so `push`, `register` and `deregister` reach a CodeDeploy stand-in written here: an HTTP
 * server on 127.0.0.1 that keeps the instances it is told about and records every call.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { readZip } from '../support/zip-reader.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-deploy-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
/** S3 and IAM at moto: the commands reach them with clients of their own, without --endpoint-url. */
const motoServices = () => ({ AWS_ENDPOINT_URL_S3: moto!.endpoint, AWS_ENDPOINT_URL_IAM: moto!.endpoint });
const json = (out: string) => JSON.parse(out);

interface Call {
  operation: string;
  params: Record<string, unknown>;
}

interface Instance {
  instanceName: string;
  iamUserArn: string;
  tags: Array<{ Key: string; Value: string }>;
}

/** A CodeDeploy stand-in: revisions recorded, on-premises instances kept until deregistered. */
async function codedeployStandIn() {
  const calls: Call[] = [];
  const instances = new Map<string, Instance>();
  const answer = ({ operation, params }: Call): [number, unknown] => {
    const name = params.instanceName as string;
    const named = (params.instanceNames as string[] | undefined) ?? [];
    const tags = (params.tags as Instance['tags'] | undefined) ?? [];
    switch (operation) {
      case 'RegisterApplicationRevision':
        return [200, {}];
      case 'RegisterOnPremisesInstance':
        instances.set(name, { instanceName: name, iamUserArn: params.iamUserArn as string, tags: [] });
        return [200, {}];
      case 'AddTagsToOnPremisesInstances':
        for (const n of named) instances.get(n)?.tags.push(...tags);
        return [200, {}];
      case 'RemoveTagsFromOnPremisesInstances':
        for (const n of named) {
          const instance = instances.get(n);
          if (instance) instance.tags = instance.tags.filter((t) => !tags.some((r) => r.Key === t.Key));
        }
        return [200, {}];
      case 'GetOnPremisesInstance':
        return instances.has(name)
          ? [200, { instanceInfo: instances.get(name) }]
          : [400, { __type: 'InstanceNotRegisteredException', message: 'The on-premises instance is not registered' }];
      case 'DeregisterOnPremisesInstance':
        instances.delete(name);
        return [200, {}];
      default:
        return [400, { __type: 'UnknownOperationException' }];
    }
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const call = {
      operation: String(req.headers['x-amz-target']).replace(/^CodeDeploy_20141006\./, ''),
      params: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
    };
    calls.push(call);
    const [status, body] = answer(call);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, instances, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let codedeploy: Awaited<ReturnType<typeof codedeployStandIn>>;
beforeAll(async () => {
  codedeploy = await codedeployStandIn();
});
afterAll(() => codedeploy?.close());

describe.skipIf(!moto)('deploy push (S3 at moto)', () => {
  beforeAll(async () => {
    const app = join(dir, 'app');
    mkdirSync(join(app, 'scripts'), { recursive: true });
    mkdirSync(join(app, '.git'), { recursive: true });
    writeFileSync(join(app, 'appspec.yml'), 'version: 0.0\nos: linux\n');
    writeFileSync(join(app, 'scripts/start.sh'), '#!/bin/sh\necho started\n');
    writeFileSync(join(app, '.git/HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere/linked.txt'), 'not bundled');
    // A link to a folder is listed by os.walk but not entered: nothing of it is bundled.
    symlinkSync(join(dir, 'elsewhere'), join(app, 'linked'));
    expect((await run(['s3', 'mb', 's3://revisions'])).code).toBe(0);
    expect((await run(['s3api', 'put-bucket-versioning', '--bucket', 'revisions',
      '--versioning-configuration', 'Status=Enabled'])).code).toBe(0); // prettier-ignore
  });

  it('uploads the bundle to moto and registers it with the ETag and version moto gave', async () => {
    codedeploy.calls.length = 0;
    // prettier-ignore
    const r = await run(['deploy', 'push', '--application-name', 'WebApp', '--s3-location', 's3://revisions/web/app.zip',
      '--source', 'app', '--ignore-hidden-files', '--description', 'first'], { endpoint: codedeploy.url, env: motoServices() });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const head = json((await run(['s3api', 'head-object', '--bucket', 'revisions', '--key', 'web/app.zip'])).out);
    const eTag = String(head.ETag).replaceAll('"', '');
    expect(codedeploy.calls).toEqual([
      {
        operation: 'RegisterApplicationRevision',
        params: {
          applicationName: 'WebApp',
          revision: {
            revisionType: 'S3',
            s3Location: { bucket: 'revisions', key: 'web/app.zip', bundleType: 'zip', eTag, version: head.VersionId },
          },
          description: 'first',
        },
      },
    ]);
    expect(r.out).toBe(
      'To deploy with this revision, run:\naws deploy create-deployment --application-name WebApp ' +
        `--s3-location bucket=revisions,key=web/app.zip,bundleType=zip,eTag=${eTag},version=${head.VersionId} ` +
        '--deployment-group-name <deployment-group-name> --deployment-config-name <deployment-config-name> --description <description>\n',
    );
    const zip = await readZip((await run(['s3', 'cp', 's3://revisions/web/app.zip', '-'])).bytes);
    expect(zip.map((f) => [f.name, new TextDecoder().decode(f.data)])).toEqual([
      ['appspec.yml', 'version: 0.0\nos: linux\n'],
      ['scripts/start.sh', '#!/bin/sh\necho started\n'],
    ]);
    // The file's permission bits go in the archive, as zipfile keeps them.
    expect(zip[1]!.externalAttributes >>> 16).toBe(statSync(join(dir, 'app/scripts/start.sh')).mode);
  });

  it('a bundle of 6 MiB or more goes up as a multipart upload, 6 MiB a part', async () => {
    const big = join(dir, 'big');
    mkdirSync(big);
    writeFileSync(join(big, 'appspec.yml'), 'version: 0.0\n');
    const bytes = new Uint8Array(7 * 1024 * 1024);
    // Incompressible (xorshift), so that the zip stays above 6 MiB.
    let x = 2463534242;
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    writeFileSync(join(big, 'data.bin'), bytes);
    codedeploy.calls.length = 0;
    // prettier-ignore
    const r = await run(['deploy', 'push', '--application-name', 'WebApp', '--s3-location', 's3://revisions/big.zip',
      '--source', 'big'], { endpoint: codedeploy.url, env: motoServices() });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const head = json((await run(['s3api', 'head-object', '--bucket', 'revisions', '--key', 'big.zip'])).out);
    expect(head.ETag).toMatch(/-2"$/);
    const registered = codedeploy.calls[0]!.params.revision as { s3Location: { eTag: string } };
    expect(registered.s3Location.eTag).toBe(head.ETag.replaceAll('"', ''));
    expect(registered.s3Location.eTag).toMatch(/-2$/);
  });

  it('a bucket moto does not have is a failed upload (255), nothing registered', async () => {
    codedeploy.calls.length = 0;
    // prettier-ignore
    const r = await run(['deploy', 'push', '--application-name', 'WebApp', '--s3-location', 's3://no-such-bucket/a.zip',
      '--source', 'app'], { endpoint: codedeploy.url, env: motoServices() });
    expect(r.code).toBe(255);
    expect(r.err).toBe(
      "\nFailed to upload 'app' to 's3://no-such-bucket/a.zip': An error occurred (NoSuchBucket) when calling the PutObject operation: The specified bucket does not exist\n",
    );
    expect(codedeploy.calls).toEqual([]);
  });
});

describe.skipIf(!moto)('deploy register and deregister (IAM at moto)', () => {
  it('register makes the IAM user in moto, writes the config file and registers the instance with its tags', async () => {
    // prettier-ignore
    const r = await run(['deploy', 'register', '--instance-name', 'rack-7', '--tags', 'Key=Name,Value=web',
      '--region', 'eu-west-1'], { endpoint: codedeploy.url, env: motoServices() });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const user = json((await run(['iam', 'get-user', '--user-name', 'rack-7'])).out).User;
    expect(user.Path).toBe('/AWS/CodeDeploy/');
    const keys = json((await run(['iam', 'list-access-keys', '--user-name', 'rack-7'])).out).AccessKeyMetadata;
    expect(keys).toHaveLength(1);
    const policy = json(
      (await run(['iam', 'get-user-policy', '--user-name', 'rack-7', '--policy-name', 'codedeploy-agent'])).out,
    );
    expect(policy.PolicyDocument.Statement).toEqual([
      { Action: ['s3:Get*', 's3:List*'], Effect: 'Allow', Resource: '*' },
    ]);
    expect(codedeploy.instances.get('rack-7')).toEqual({
      instanceName: 'rack-7',
      iamUserArn: user.Arn,
      tags: [{ Key: 'Name', Value: 'web' }],
    });
    const secret = /^SecretAccessKey: (.+)$/m.exec(r.out)![1];
    const config = join(dir, 'codedeploy.onpremises.yml');
    expect(readFileSync(config, 'utf8')).toBe(
      `---\nregion: eu-west-1\niam_user_arn: ${user.Arn}\naws_access_key_id: ${keys[0].AccessKeyId}\naws_secret_access_key: ${secret}\n`,
    );
    expect(statSync(config).mode & 0o777).toBe(0o600);
  });

  it('register again fails at the IAM user moto already has (255), changing nothing', async () => {
    const calls = codedeploy.calls.length;
    const r = await run(['deploy', 'register', '--instance-name', 'rack-7'], {
      endpoint: codedeploy.url,
      env: motoServices(),
    });
    expect(r.code).toBe(255);
    expect(r.out).toBe('Creating the IAM user... ');
    expect(r.err).toMatch(/^ERROR\nAn error occurred \(EntityAlreadyExists\) when calling the CreateUser operation: /);
    expect(codedeploy.calls.length).toBe(calls);
  });

  it('deregister removes the tags and the instance, then the user, its policy and key from moto', async () => {
    const r = await run(['deploy', 'deregister', '--instance-name', 'rack-7', '--region', 'eu-west-1'], {
      endpoint: codedeploy.url,
      env: motoServices(),
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Tags: Key=Name,Value=web\nRemoving tags from the on-premises instance... DONE\n');
    expect(r.out).toContain('Deleting the IAM user (rack-7)... DONE\n');
    expect(codedeploy.instances.has('rack-7')).toBe(false);
    const gone = await run(['iam', 'get-user', '--user-name', 'rack-7']);
    expect(gone.code).toBe(254);
    expect(gone.err).toContain('NoSuchEntity');
  });
});

describe.skipIf(!moto)('create-deployment --s3-location (CodeDeploy at moto)', () => {
  it('sends the revision the shorthand describes, which moto keeps with the deployment', async () => {
    expect((await run(['deploy', 'create-application', '--application-name', 'Shop'])).code).toBe(0);
    // prettier-ignore
    expect((await run(['deploy', 'create-deployment-group', '--application-name', 'Shop', '--deployment-group-name', 'prod',
      '--service-role-arn', 'arn:aws:iam::123456789012:role/CodeDeploy'])).code).toBe(0);
    // prettier-ignore
    const created = await run(['deploy', 'create-deployment', '--application-name', 'Shop', '--deployment-group-name', 'prod',
      '--s3-location', 'bucket=revisions,key=web/app.zip,bundleType=zip,eTag=abc']);
    expect(created.err).toBe('');
    const id = json(created.out).deploymentId;
    const got = json((await run(['deploy', 'get-deployment', '--deployment-id', id])).out);
    expect(got.deploymentInfo.revision).toEqual({
      revisionType: 'S3',
      s3Location: { bucket: 'revisions', key: 'web/app.zip', bundleType: 'zip', eTag: 'abc' },
    });
  });
});
