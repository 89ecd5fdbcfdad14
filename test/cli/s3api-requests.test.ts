/**
 * s3api commands of the seed's walk-through against a recording stand-in, checked on the wire:
 * put-bucket-acl sends its --grant-* strings verbatim as headers, quotes included (no shorthand parsing of
 * string parameters, ERR-30), and put-bucket-logging turns file://logging.json into the PutBucketLogging XML.
 */
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/host.js';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' };

/** Runs one s3api command; `files` are put in the memory file system under the path the CLI will read. */
async function s3api(argv: string[], files: Record<string, string> = {}) {
  const host = createMemoryHost(() => reply(200), { env: ENV });
  for (const [path, text] of Object.entries(files)) await host.fs.writeFile(path, text);
  const code = await runCli(['s3api', ...argv, '--endpoint-url', 'http://127.0.0.1:1'], host);
  expect({ code, err: host.err.join('') }).toEqual({ code: 0, err: '' });
  expect(host.requests).toHaveLength(1);
  const req = host.requests[0]!;
  const url = new URL(req.url);
  return { req, call: `${req.method} ${url.pathname}${url.search}`, out: host.out.join('') };
}

/** The request's headers whose lower-cased name starts with `prefix`, names lower-cased. */
const headersOf = (req: HttpRequest, prefix: string) =>
  Object.fromEntries(
    Object.entries(req.headers)
      .map(([k, v]) => [k.toLowerCase(), v])
      .filter(([k]) => k!.startsWith(prefix)),
  );

const bodyText = async (req: HttpRequest) => {
  const body = req.body;
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Blob) return body.text();
  return new TextDecoder().decode(body as Uint8Array);
};

describe('s3api put-bucket-acl', () => {
  it('sends --grant-full-control and --grant-read verbatim, quotes included, on PUT /MyBucket?acl (S3API-01)', async () => {
    const { req, call, out } = await s3api([
      'put-bucket-acl',
      '--bucket',
      'MyBucket',
      '--grant-full-control',
      'emailaddress="user1@example.com",emailaddress="user2@example.com"',
      '--grant-read',
      'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
    ]);
    expect(call).toBe('PUT /MyBucket?acl');
    expect(headersOf(req, 'x-amz-grant-')).toEqual({
      'x-amz-grant-full-control': 'emailaddress="user1@example.com",emailaddress="user2@example.com"',
      'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
    });
    expect(out).toBe('');
  });

  it('sends --grant-read-acp and --grant-write for the LogDelivery group as given (S3API-02)', async () => {
    const logDelivery = 'URI="http://acs.amazonaws.com/groups/s3/LogDelivery"';
    const { req, call } = await s3api([
      'put-bucket-acl',
      '--bucket',
      'MyBucket',
      '--grant-read-acp',
      logDelivery,
      '--grant-write',
      logDelivery,
    ]);
    expect(call).toBe('PUT /MyBucket?acl');
    expect(headersOf(req, 'x-amz-grant-')).toEqual({
      'x-amz-grant-read-acp': logDelivery,
      'x-amz-grant-write': logDelivery,
    });
  });
});

describe('s3api put-bucket-logging', () => {
  it('turns file://logging.json into the BucketLoggingStatus XML: target, prefix and both grants (S3API-03)', async () => {
    const logging = {
      LoggingEnabled: {
        TargetBucket: 'MyBucket',
        TargetPrefix: 'MyBucketLogs/',
        TargetGrants: [
          { Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: 'user@example.com' }, Permission: 'FULL_CONTROL' },
          { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
        ],
      },
    };
    const { req, call } = await s3api(
      ['put-bucket-logging', '--bucket', 'MyBucket', '--bucket-logging-status', 'file://logging.json'],
      { 'logging.json': JSON.stringify(logging) },
    );
    expect(call).toBe('PUT /MyBucket?logging');
    const xml = (await bodyText(req)).replace(/>\s+</g, '><');
    expect(xml).toContain('<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(xml).toContain('<TargetBucket>MyBucket</TargetBucket>');
    expect(xml).toContain('<TargetPrefix>MyBucketLogs/</TargetPrefix>');
    const grants = [...xml.matchAll(/<Grant>(.*?)<\/Grant>/g)].map((m) => m[1]);
    expect(grants).toHaveLength(2);
    expect(grants[0]).toMatch(
      /^<Grantee xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance" xsi:type="AmazonCustomerByEmail">/,
    );
    expect(grants[0]).toContain('<EmailAddress>user@example.com</EmailAddress>');
    expect(grants[0]).toMatch(/<\/Grantee><Permission>FULL_CONTROL<\/Permission>$/);
    expect(grants[1]).toMatch(
      /^<Grantee xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance" xsi:type="Group">/,
    );
    expect(grants[1]).toContain('<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>');
    expect(grants[1]).toMatch(/<\/Grantee><Permission>READ<\/Permission>$/);
  });
});
