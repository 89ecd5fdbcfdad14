/**
 * `servicecatalog generate`, `configservice subscribe` and `gamelift upload-build` /
 * `get-game-session-log`, in process over the real Node host and real folders, against moto_server where
 * moto has the calls: S3, SNS, AWS Config and Service Catalog's CreateProduct. Moto has no GameLift and
 * no CreateProvisioningArtifact, so those are answered by a local stand-in written here (an HTTP server
 * on 127.0.0.1 that records what it is sent and answers GameLift in the protocol it was asked in, CBOR
 * or JSON); the objects they upload and download still live in moto's S3.
 */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../src/core/protocols/cbor.js';
import type { HttpRequest } from '../../src/core/host.js';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { readZip } from '../support/zip-reader.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-small-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });
const aws = async (argv: string[], opts: Parameters<typeof run>[1] = {}) => {
  const { code, out, err } = await run(argv, opts);
  return { code, out, err };
};
/** An object's bytes, as `s3 cp s3://… -` writes them. */
const object = async (url: string) => (await run(['s3', 'cp', url, '-'])).bytes;
/** S3 and SNS at moto too: the commands reach them with clients of their own, without --endpoint-url. */
const motoServices = () => ({ AWS_ENDPOINT_URL_S3: moto!.endpoint, AWS_ENDPOINT_URL_SNS: moto!.endpoint });
const text = (data: Uint8Array) => new TextDecoder().decode(data);

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** An HTTP stand-in on 127.0.0.1 that records each request and lets `answer` reply. */
async function standIn(answer: (req: Recorded, res: ServerResponse) => void) {
  const seen: Recorded[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
    seen.push(recorded);
    answer(recorded, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A GameLift call as the stand-in read it, whichever protocol it came in. */
function gameliftCall(req: Recorded): { operation: string; params: unknown; cbor: boolean } {
  const cbor = /\/service\/GameLift\/operation\/(\w+)$/.exec(req.url);
  if (cbor) return { operation: cbor[1]!, params: decodeCbor(new Uint8Array(req.body)), cbor: true };
  const operation = String(req.headers['x-amz-target']).replace(/^GameLift\./, '');
  return { operation, params: JSON.parse(req.body.toString() || '{}'), cbor: false };
}

/**
 * A GameLift stand-in answering each operation with `answers[operation]`, in the protocol it was asked
 * in; a GET (a presigned URL's) goes to `get`.
 */
function gamelift(answers: Record<string, unknown>, get?: (req: Recorded, res: ServerResponse) => void) {
  return standIn((req, res) => {
    if (req.method === 'GET' && get) return get(req, res);
    const { operation, cbor } = gameliftCall(req);
    const answer = answers[operation];
    if (answer === undefined) return void res.writeHead(404).end();
    if (cbor)
      res
        .writeHead(200, { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' })
        .end(encodeCbor(answer));
    else res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer));
  });
}

describe.skipIf(!moto)('servicecatalog generate', () => {
  const template = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n';
  beforeAll(async () => {
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'templates/queue.template'), template);
    expect((await aws(['s3', 'mb', 's3://sc-templates'])).code).toBe(0);
  });

  it('product: uploads the template under its name, then CreateProduct loads it from its URL (moto)', async () => {
    const requests: HttpRequest[] = [];
    // prettier-ignore
    const r = await aws(['servicecatalog', 'generate', 'product', '--product-name', 'queue', '--product-owner', 'ops',
      '--product-type', 'CLOUD_FORMATION_TEMPLATE', '--file-path', 'templates/queue.template', '--bucket-name', 'sc-templates',
      '--provisioning-artifact-name', 'v1', '--provisioning-artifact-description', 'First',
      '--provisioning-artifact-type', 'CLOUD_FORMATION_TEMPLATE', '--tags', 'Key=team,Value=data', 'Key=tier,Value=1'],
      { requests });
    expect(r.code).toBe(0);
    expect(r.err).toBe(`\rUploading to queue.template  ${template.length} / ${template.length}.0  (100.00%)`);
    // json.dumps(indent=2), no newline after it.
    expect(r.out).toMatch(/^\{\n {2}"ProductViewDetail": \{\n {4}"ProductViewSummary": \{\n[\s\S]*\n\}$/);
    const answer = JSON.parse(r.out);
    expect(answer.ProductViewDetail.ProductViewSummary).toMatchObject({ Name: 'queue', Owner: 'ops' });
    expect(answer.Tags).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'tier', Value: '1' },
    ]);
    expect(text(await object('s3://sc-templates/queue.template'))).toBe(template);
    const create = requests.find((q) =>
      Object.entries(q.headers).some(([k, v]) => k.toLowerCase() === 'x-amz-target' && v.endsWith('.CreateProduct')),
    )!;
    const sent = JSON.parse(text(create.body as Uint8Array));
    expect(sent.ProvisioningArtifactParameters).toEqual({
      Name: 'v1',
      Description: 'First',
      Info: { LoadTemplateFromURL: 'https://s3.amazonaws.com/sc-templates/queue.template' },
      Type: 'CLOUD_FORMATION_TEMPLATE',
    });
    expect(sent.IdempotencyToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const described = await aws(['servicecatalog', 'describe-product', '--name', 'queue']);
    expect(JSON.parse(described.out).ProductViewSummary.Id).toBe(answer.ProductViewDetail.ProductViewSummary.Id);
  });

  it('provisioning-artifact: the upload and the call both at --endpoint-url (stand-in)', async () => {
    const standin = await standIn((req, res) => {
      if (req.method === 'PUT') return void res.writeHead(200, { etag: '"e"' }).end();
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({
          Status: 'CREATING',
          ProvisioningArtifactDetail: { Id: 'pa-1', Name: 'v2', CreatedTime: 1700000000.25, Active: true },
          Info: { TemplateUrl: 'https://s3-eu-west-1.amazonaws.com/sc-templates/queue.template' },
        }),
      );
    });
    try {
      // prettier-ignore
      const r = await aws(['servicecatalog', 'generate', 'provisioning-artifact', '--region', 'eu-west-1',
        '--product-id', 'prod-1', '--file-path', 'templates/queue.template', '--bucket-name', 'sc-templates',
        '--provisioning-artifact-name', 'v2', '--provisioning-artifact-description', 'Second',
        '--provisioning-artifact-type', 'CLOUD_FORMATION_TEMPLATE'], { endpoint: standin.url });
      expect(r.code).toBe(0);
      expect(r.out).toBe(
        [
          '{',
          '  "ProvisioningArtifactDetail": {',
          '    "Id": "pa-1",',
          '    "Name": "v2",',
          '    "CreatedTime": "2023-11-14T22:13:20.250000+00:00",',
          '    "Active": true',
          '  },',
          '  "Info": {',
          '    "TemplateUrl": "https://s3-eu-west-1.amazonaws.com/sc-templates/queue.template"',
          '  },',
          '  "Status": "CREATING"',
          '}',
        ].join('\n'),
      );
      const [put, call] = standin.seen;
      expect([put!.method, put!.url, put!.headers['x-amz-server-side-encryption'], put!.body.toString()]).toEqual([
        'PUT',
        '/sc-templates/queue.template',
        'AES256',
        template,
      ]);
      expect(call!.headers['x-amz-target']).toBe('AWS242ServiceCatalogService.CreateProvisioningArtifact');
      expect(JSON.parse(call!.body.toString())).toMatchObject({
        ProductId: 'prod-1',
        Parameters: {
          Name: 'v2',
          Description: 'Second',
          Info: { LoadTemplateFromURL: 'https://s3-eu-west-1.amazonaws.com/sc-templates/queue.template' },
          Type: 'CLOUD_FORMATION_TEMPLATE',
        },
      });
    } finally {
      await standin.close();
    }
  });

  it('a bucket that is not there is the uploader’s message, and nothing is created (exit 255)', async () => {
    // prettier-ignore
    const r = await aws(['servicecatalog', 'generate', 'product', '--product-name', 'lost', '--product-owner', 'ops',
      '--product-type', 'CLOUD_FORMATION_TEMPLATE', '--file-path', 'templates/queue.template', '--bucket-name', 'sc-none',
      '--provisioning-artifact-name', 'v1', '--provisioning-artifact-description', 'First',
      '--provisioning-artifact-type', 'CLOUD_FORMATION_TEMPLATE']);
    expect(r.code).toBe(255);
    expect(r.err).toMatch(
      /\nS3 Bucket does not exist\. Execute the command to create a new bucket\naws s3 mb s3:\/\/sc-none\n$/,
    );
    expect((await aws(['servicecatalog', 'describe-product', '--name', 'lost'])).code).toBe(254);
  });
});

describe.skipIf(!moto)('configservice subscribe (moto)', () => {
  const role = 'arn:aws:iam::123456789012:role/config';

  it('makes the bucket and the topic, puts the recorder and the channel, starts recording', async () => {
    // prettier-ignore
    const r = await aws(['configservice', 'subscribe', '--s3-bucket', 'config-logs/aws/config', '--sns-topic', 'config-events',
      '--iam-role', role], { env: motoServices() });
    expect(r).toEqual({
      code: 0,
      err: '',
      out: `Using new S3 bucket: config-logs
Using new SNS topic: arn:aws:sns:us-east-1:123456789012:config-events
Subscribe succeeded:

Configuration Recorders: [
    {
        "name": "default",
        "roleARN": "${role}",
        "recordingGroup": {
            "allSupported": true,
            "includeGlobalResourceTypes": false,
            "resourceTypes": [],
            "exclusionByResourceTypes": {
                "resourceTypes": []
            },
            "recordingStrategy": {
                "useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"
            }
        }
    }
]

Delivery Channels: [
    {
        "name": "default",
        "s3BucketName": "config-logs",
        "s3KeyPrefix": "aws/config",
        "snsTopicARN": "arn:aws:sns:us-east-1:123456789012:config-events"
    }
]
`,
    });
    expect((await aws(['s3api', 'head-bucket', '--bucket', 'config-logs'])).code).toBe(0);
    // prettier-ignore
    const status = await aws(['configservice', 'describe-configuration-recorder-status', '--query',
      'ConfigurationRecordersStatus[].[name, recording]', '--output', 'text']);
    expect(status.out).toBe('default\tTrue\n');
  });

  it('uses a bucket that is there and a topic given by its ARN as they are', async () => {
    expect((await aws(['s3', 'mb', 's3://config-existing'])).code).toBe(0);
    const topic = JSON.parse((await aws(['sns', 'create-topic', '--name', 'config-existing'])).out).TopicArn;
    // prettier-ignore
    const r = await aws(['configservice', 'subscribe', '--s3-bucket', 'config-existing', '--sns-topic', topic,
      '--iam-role', role], { env: motoServices() });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(
        `^Using existing S3 bucket: config-existing\nUsing existing SNS topic: ${topic}\nSubscribe succeeded:\n`,
      ),
    );
    expect(r.out).toContain('"s3BucketName": "config-existing",\n        "snsTopicARN"');
    const topics = await aws(['sns', 'list-topics', '--query', 'length(Topics)']);
    expect(topics.out).toBe('2\n');
  });
});

describe.skipIf(!moto)('gamelift upload-build and get-game-session-log (stand-in GameLift, moto S3)', () => {
  const keys = { AccessKeyId: 'ASIAUPLOADKEYEXAMPLE', SecretAccessKey: 'upload-secret', SessionToken: 'upload-token' };
  const location = { Bucket: 'gamelift-builds', Key: '123456789012/build-1' };

  beforeAll(async () => {
    const files: Record<string, string> = {
      'build/server.sh': '#!/bin/sh\nexec ./server\n',
      'build/b.txt': 'b',
      'build/assets/maps/pond.map': 'pond',
      'build/assets/z.dat': 'z',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
      utimesSync(join(dir, path), new Date('2024-03-01T10:20:30Z'), new Date('2024-03-01T10:20:30Z'));
    }
    mkdirSync(join(dir, 'empty/nested'), { recursive: true });
    expect((await aws(['s3', 'mb', `s3://${location.Bucket}`])).code).toBe(0);
  });

  it('zips the folder as os.walk lists it and uploads it with the upload keys', async () => {
    const standin = await gamelift({
      CreateBuild: { Build: { BuildId: 'build-1', Status: 'INITIALIZED' } },
      RequestUploadCredentials: { UploadCredentials: keys, StorageLocation: location },
    });
    const requests: HttpRequest[] = [];
    try {
      // prettier-ignore
      const r = await aws(['gamelift', 'upload-build', '--name', 'frog', '--build-version', '2.0', '--build-root', 'build',
        '--operating-system', 'AMAZON_LINUX_2023', '--server-sdk-version', '5.1.0', '--tags', 'team=games', 'note=a=b', 'solo'],
        { endpoint: standin.url, env: motoServices(), requests });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(standin.seen.map((q) => gameliftCall(q)).map(({ operation, params }) => [operation, params])).toEqual([
        [
          'CreateBuild',
          {
            Name: 'frog',
            Version: '2.0',
            OperatingSystem: 'AMAZON_LINUX_2023',
            ServerSdkVersion: '5.1.0',
            Tags: [
              { Key: 'team', Value: 'games' },
              { Key: 'note', Value: 'a=b' },
              { Key: 'solo', Value: '' },
            ],
          },
        ],
        ['RequestUploadCredentials', { BuildId: 'build-1' }],
      ]);
      const zip = await object(`s3://${location.Bucket}/${location.Key}`);
      // A folder's files first, then its folders, each in name order.
      expect((await readZip(zip)).map((f) => [f.name, text(f.data)])).toEqual([
        ['b.txt', 'b'],
        ['server.sh', '#!/bin/sh\nexec ./server\n'],
        ['assets/z.dat', 'z'],
        ['assets/maps/pond.map', 'pond'],
      ]);
      expect(r.out).toBe(
        `\rUploading build:  ${zip.length} Bytes / ${zip.length} Bytes  (100.00%)` +
          'Successfully uploaded build to AWS GameLift\nBuild ID: build-1\n',
      );
      // Signed with the keys GameLift gave, sent to S3's endpoint and not to --endpoint-url.
      const put = requests.find((q) => q.method === 'PUT')!;
      expect(put.url).toBe(`${moto!.endpoint}/${location.Bucket}/${location.Key}`);
      const header = (name: string) => Object.entries(put.headers).find(([k]) => k.toLowerCase() === name)?.[1];
      expect(header('authorization')).toContain(`Credential=${keys.AccessKeyId}/`);
      expect(header('x-amz-security-token')).toBe(keys.SessionToken);
    } finally {
      await standin.close();
    }
  });

  it('sends a zip of 8 MiB or more in parts, a progress line for every 8 KiB', async () => {
    // Bytes no deflate can shrink, so the archive is over the multipart threshold too.
    const big = new Uint8Array(9 * 1024 * 1024);
    for (let at = 0; at < big.length; at += 65536) crypto.getRandomValues(big.subarray(at, at + 65536));
    mkdirSync(join(dir, 'big'), { recursive: true });
    writeFileSync(join(dir, 'big/level.pak'), big);
    const bigLocation = { Bucket: location.Bucket, Key: '123456789012/build-2' };
    const standin = await gamelift({
      CreateBuild: { Build: { BuildId: 'build-2' } },
      RequestUploadCredentials: { UploadCredentials: keys, StorageLocation: bigLocation },
    });
    const requests: HttpRequest[] = [];
    try {
      // prettier-ignore
      const r = await aws(['gamelift', 'upload-build', '--name', 'big', '--build-version', '1', '--build-root', 'big'],
        { endpoint: standin.url, env: motoServices(), requests });
      expect([r.code, r.err]).toEqual([0, '']);
      const zip = await object(`s3://${bigLocation.Bucket}/${bigLocation.Key}`);
      const [entry] = await readZip(zip);
      // (Buffer's compare: toEqual walks nine million elements one by one.)
      expect([entry!.name, Buffer.compare(entry!.data, big)]).toEqual(['level.pak', 0]);
      expect(requests.filter((q) => q.method === 'PUT' && /[?&]partNumber=/.test(q.url))).toHaveLength(2);
      const lines = r.out.split('\r').slice(1);
      expect(lines).toHaveLength(Math.ceil(zip.length / 8192));
      expect(lines[0]).toBe(`Uploading big:  8.0 KiB / 9.0 MiB  (${((8192 / zip.length) * 100).toFixed(2)}%)`);
      expect(lines.at(-1)).toBe(
        'Uploading big:  9.0 MiB / 9.0 MiB  (100.00%)Successfully uploaded big to AWS GameLift\nBuild ID: build-2\n',
      );
    } finally {
      await standin.close();
    }
  });

  it('a folder with no file in it is refused before any request (exit 255)', async () => {
    const standin = await gamelift({});
    try {
      const r = await aws(
        ['gamelift', 'upload-build', '--name', 'f', '--build-version', '1', '--build-root', 'empty'],
        {
          endpoint: standin.url,
        },
      );
      expect(r).toEqual({
        code: 255,
        out: '',
        err: 'Fail to upload empty. The build root directory is empty or does not exist.\n',
      });
      expect(standin.seen).toEqual([]);
    } finally {
      await standin.close();
    }
  });

  it('downloads the log archive from the presigned URL, after a redirect', async () => {
    const log = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    writeFileSync(join(dir, 'log.zip'), log);
    expect((await aws(['s3', 'cp', 'log.zip', 's3://gamelift-builds/logs/gsess-1.zip'])).code).toBe(0);
    const presigned = (await aws(['s3', 'presign', 's3://gamelift-builds/logs/gsess-1.zip'])).out.trim();
    const answers: Record<string, unknown> = {};
    const standin = await gamelift(answers, (_, res) => res.writeHead(307, { location: presigned }).end('moved'));
    answers.GetGameSessionLogUrl = { PreSignedUrl: `${standin.url}/redirect/gsess-1.zip` };
    try {
      mkdirSync(join(dir, 'logs'), { recursive: true });
      // prettier-ignore
      const r = await aws(['gamelift', 'get-game-session-log', '--game-session-id', 'gsess-1', '--save-as', 'logs/gsess-1.zip'],
        { endpoint: standin.url });
      expect(r).toEqual({
        code: 0,
        err: '',
        out:
          'Downloading log archive for game session gsess-1...\r' +
          'Successfully downloaded log archive for game session gsess-1 to logs/gsess-1.zip\n',
      });
      expect(Buffer.compare(readFileSync(join(dir, 'logs/gsess-1.zip')), log)).toBe(0);
      expect(gameliftCall(standin.seen[0]!)).toMatchObject({
        operation: 'GetGameSessionLogUrl',
        params: { GameSessionId: 'gsess-1' },
      });
      expect(standin.seen.map((q) => `${q.method} ${q.url}`).slice(1)).toEqual(['GET /redirect/gsess-1.zip']);
    } finally {
      await standin.close();
    }
  });

  it('an archive that is not there is urllib’s HTTP Error, and no file is written (exit 255)', async () => {
    const answering = await gamelift({
      GetGameSessionLogUrl: { PreSignedUrl: `${moto!.endpoint}/gamelift-builds/logs/none.zip` },
    });
    try {
      // prettier-ignore
      const r = await aws(['gamelift', 'get-game-session-log', '--game-session-id', 'gsess-2', '--save-as', 'none.zip'],
        { endpoint: answering.url });
      expect(r).toEqual({ code: 255, out: '', err: '\nHTTP Error 404: Not Found\n' });
      expect(() => readFileSync(join(dir, 'none.zip'))).toThrow(/ENOENT/);
    } finally {
      await answering.close();
    }
  });
});
