/**
 * `servicecatalog generate`, `configservice subscribe` and `gamelift get-game-session-log` against a
 * recording stand-in in memory (the memory host's `send`), for what the end-to-end tests and the clidiff
 * cases cannot reach: the regions Service Catalog's check lets through, where each client of subscribe
 * sends its requests, S3's answers that count as "no bucket", and urllib's redirects and errors. The
 * expected words are the AWS CLI's (generatebase.py, subscribe.py, customizations/utils.py, getlog.py
 * and Python's urllib).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest, HttpResponse } from '../../src/core/host.js';
import { encodeCbor } from '../../src/core/protocols/cbor.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };
const header = (req: HttpRequest, name: string) =>
  Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1];
const json = (body: unknown) => reply(200, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.1' });

describe('servicecatalog generate', () => {
  const argv = [
    ...['servicecatalog', 'generate', 'provisioning-artifact', '--product-id', 'prod-1', '--file-path', 'web.template'],
    ...['--bucket-name', 'tpl', '--provisioning-artifact-name', 'v1', '--provisioning-artifact-description', 'd'],
    ...['--provisioning-artifact-type', 'CLOUD_FORMATION_TEMPLATE'],
  ];
  const hostIn = (env: Record<string, string>) => {
    const host = createMemoryHost((req) => (req.method === 'PUT' ? reply(200) : json({ Status: 'CREATING' })), {
      env: { ...KEYS, ...env },
    });
    void host.fs.writeFile('/web.template', 'Resources: {}\n');
    return host;
  };

  // botocore 1.43.11 lists ap-southeast-6 for Service Catalog but not ap-southeast-5, nor other partitions.
  it.each([
    ['us-east-1', 'https://s3.amazonaws.com/tpl/web.template'],
    ['ap-southeast-6', 'https://s3-ap-southeast-6.amazonaws.com/tpl/web.template'],
    ['eu-west-1', 'https://s3-eu-west-1.amazonaws.com/tpl/web.template'],
  ])('%s is served, the template loaded from %s', async (region, url) => {
    const host = hostIn({});
    expect(await runCli([...argv, '--region', region], host)).toBe(0);
    expect(host.out.join('')).toBe('{\n  "Status": "CREATING"\n}');
    const [put, call] = host.requests;
    expect(put!.url).toBe(`https://tpl.s3.${region}.amazonaws.com/web.template`);
    expect(JSON.parse(new TextDecoder().decode(call!.body as Uint8Array)).Parameters.Info).toEqual({
      LoadTemplateFromURL: url,
    });
  });

  it.each(['ap-southeast-5', 'us-gov-west-1', 'cn-north-1'])(
    '%s is refused before any request (252)',
    async (region) => {
      const host = hostIn({});
      expect(await runCli([...argv, '--region', region], host)).toBe(252);
      expect(host.err.join('')).toBe(
        `\nAn error occurred (InvalidParametersException) : Region ${region} is not supported\n`,
      );
      expect(host.requests).toEqual([]);
    },
  );

  it('names the --region option’s value, None when the region comes from the environment', async () => {
    const host = hostIn({ AWS_DEFAULT_REGION: 'mars-north-1' });
    expect(await runCli(argv, host)).toBe(252);
    expect(host.err.join('')).toBe('\nAn error occurred (InvalidParametersException) : Region None is not supported\n');
  });

  it('without a subcommand, or with an option first, says so as the CLI does (252)', async () => {
    const host = hostIn({ AWS_DEFAULT_REGION: 'us-east-1' });
    expect(await runCli(['servicecatalog', 'generate'], host)).toBe(252);
    expect(await runCli(['servicecatalog', 'generate', '--product-id', 'p'], host)).toBe(252);
    expect(host.err.join('')).toBe(
      '\nusage: aws [options] servicecatalog generate <subcommand> [parameters]\naws: error: too few arguments\n' +
        '\nUnknown options: --product-id,p\n',
    );
  });
});

describe('configservice subscribe', () => {
  const argv = (bucket: string, topic: string) => [
    ...['--endpoint-url', 'http://127.0.0.1:4566', 'configservice', 'subscribe', '--s3-bucket', bucket],
    ...['--sns-topic', topic, '--iam-role', 'arn:aws:iam::123456789012:role/config'],
  ];
  /** S3 answers HeadBucket with `head`; everything else succeeds, the recorder named with a non-ASCII name. */
  const standIn = (head: number, region = 'us-east-1') =>
    createMemoryHost(
      (req): HttpResponse => {
        if (req.method === 'HEAD') return reply(head);
        if (req.method === 'PUT') return reply(200);
        if (header(req, 'content-type')?.startsWith('application/x-www-form-urlencoded'))
          return reply(
            200,
            '<CreateTopicResponse><CreateTopicResult><TopicArn>arn:aws:sns:x:1:t</TopicArn></CreateTopicResult></CreateTopicResponse>',
            { 'content-type': 'text/xml' },
          );
        const target = header(req, 'x-amz-target');
        if (target?.endsWith('DescribeConfigurationRecorders'))
          return json({ ConfigurationRecorders: [{ name: 'défaut ☃', roleARN: 'r' }] });
        if (target?.endsWith('DescribeDeliveryChannels')) return json({ DeliveryChannels: [] });
        return json({});
      },
      { env: { ...KEYS, AWS_DEFAULT_REGION: region } },
    );
  const calls = (requests: HttpRequest[]) =>
    requests.map((r) => `${r.method} ${r.url} ${header(r, 'x-amz-target') ?? ''}`.trim());

  it('reaches S3 and SNS at their own endpoints and only Config at --endpoint-url', async () => {
    const host = standIn(404, 'us-west-2');
    expect(await runCli(argv('config-bucket/a/b', 'topic'), host)).toBe(0);
    expect(calls(host.requests)).toEqual([
      'HEAD https://config-bucket.s3.us-west-2.amazonaws.com/',
      'PUT https://config-bucket.s3.us-west-2.amazonaws.com/',
      'POST https://sns.us-west-2.amazonaws.com/',
      'POST http://127.0.0.1:4566/ StarlingDoveService.PutConfigurationRecorder',
      'POST http://127.0.0.1:4566/ StarlingDoveService.PutDeliveryChannel',
      'POST http://127.0.0.1:4566/ StarlingDoveService.StartConfigurationRecorder',
      'POST http://127.0.0.1:4566/ StarlingDoveService.DescribeConfigurationRecorders',
      'POST http://127.0.0.1:4566/ StarlingDoveService.DescribeDeliveryChannels',
    ]);
    const body = (i: number) => new TextDecoder().decode(host.requests[i]!.body as Uint8Array);
    // Outside us-east-1 the new bucket names its region.
    expect(body(1)).toContain('<LocationConstraint>us-west-2</LocationConstraint>');
    expect(JSON.parse(body(4))).toEqual({
      DeliveryChannel: {
        name: 'default',
        s3BucketName: 'config-bucket',
        snsTopicARN: 'arn:aws:sns:x:1:t',
        s3KeyPrefix: 'a/b',
      },
    });
    // json.dumps's default ensure_ascii: the name's non-ASCII characters as escapes.
    expect(host.out.join('')).toBe(
      'Using new S3 bucket: config-bucket\nUsing new SNS topic: arn:aws:sns:x:1:t\nSubscribe succeeded:\n\n' +
        'Configuration Recorders: [\n    {\n        "name": "d\\u00e9faut \\u2603",\n        "roleARN": "r"\n    }\n]\n\n' +
        'Delivery Channels: []\n',
    );
  });

  it.each([403, 301, 500])('takes a HeadBucket answer of %i as a bucket that is there', async (status) => {
    const host = standIn(status);
    expect(await runCli(argv('config-bucket', 'arn:aws:sns:us-east-1:1:t'), host)).toBe(0);
    expect(host.out.join('')).toMatch(
      /^Using existing S3 bucket: config-bucket\nUsing existing SNS topic: arn:aws:sns:us-east-1:1:t\n/,
    );
    expect(host.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });
});

describe('gamelift get-game-session-log', () => {
  const argv = ['gamelift', 'get-game-session-log', '--game-session-id', 'gs-1', '--save-as', 'logs/gs-1.zip'];
  /** GameLift gives the URL http://logs.test/0; `answer` says what each GET of it (and where it leads) gets. */
  const standIn = (answer: (url: string) => HttpResponse) => {
    const host = createMemoryHost(
      (req) => (req.method === 'GET' ? answer(req.url) : gameliftAnswer(req, { PreSignedUrl: 'http://logs.test/0' })),
      { env: { ...KEYS, AWS_DEFAULT_REGION: 'us-east-1' } },
    );
    void host.fs.mkdir('/logs');
    return host;
  };
  const redirect = (status: number, to: string) => reply(status, '', { location: to });

  it('follows redirects, relative ones too', async () => {
    const host = standIn((url) =>
      url.endsWith('/0')
        ? redirect(302, '/1')
        : url.endsWith('/1')
          ? redirect(308, 'http://other.test/2')
          : reply(200, 'log'),
    );
    expect(await runCli(argv, host)).toBe(0);
    expect(host.requests.slice(1).map((r) => r.url)).toEqual([
      'http://logs.test/0',
      'http://logs.test/1',
      'http://other.test/2',
    ]);
    expect(new TextDecoder().decode(await host.fs.readFile('/logs/gs-1.zip'))).toBe('log');
  });

  it.each([
    ['the same URL a fifth time', (url: string) => redirect(302, url), 4, 302, 'Found'],
    ['an eleventh redirect', (url: string) => redirect(301, `${url}x`), 10, 301, 'Moved Permanently'],
  ])('stops at %s, as urllib does', async (_, answer, redirects, status, reason) => {
    const host = standIn(answer);
    expect(await runCli(argv, host)).toBe(255);
    expect(host.requests.length - 1).toBe(redirects + 1);
    expect(host.err.join('')).toBe(
      `\nHTTP Error ${status}: The HTTP server returned a redirect error that would lead to an infinite loop.\nThe last 30x error message was:\n${reason}\n`,
    );
    expect(host.out).toEqual([]);
  });

  it.each([
    [500, 'Internal Server Error'],
    [304, 'Not Modified'],
    [307, 'Temporary Redirect'], // no Location to follow
  ])('takes an answer of %i as urllib’s HTTPError', async (status, reason) => {
    const host = standIn(() => reply(status, 'x'));
    expect(await runCli(argv, host)).toBe(255);
    expect(host.err.join('')).toBe(`\nHTTP Error ${status}: ${reason}\n`);
    expect(await host.fs.stat('/logs/gs-1.zip')).toBeUndefined();
  });

  it('fails as open() does for a folder that is not there, after the first line', async () => {
    const host = standIn(() => reply(200, 'log'));
    expect(await runCli([...argv.slice(0, -1), 'nowhere/gs-1.zip'], host)).toBe(255);
    expect(host.out.join('')).toBe('Downloading log archive for game session gs-1...\r');
    expect(host.err.join('')).toBe("\n[Errno 2] No such file or directory: 'nowhere/gs-1.zip'\n");
  });
});

/** A GameLift answer in the protocol the request came in (CBOR or JSON). */
function gameliftAnswer(req: HttpRequest, body: Record<string, unknown>): HttpResponse {
  if (!req.url.includes('/service/GameLift/operation/')) return json(body);
  return reply(200, encodeCbor(body), { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' });
}
