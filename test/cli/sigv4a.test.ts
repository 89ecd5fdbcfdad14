/**
 * SigV4a from the command line to the wire: an endpoint or an operation that asks for `sigv4a` gets an
 * `AWS4-ECDSA-P256-SHA256` signature over the region set (botocore's set_operation_specific_signer with
 * the CRT's signers). Requests go to the in-memory host, which records them; each signature is checked
 * with node:crypto against the public key the SigV4a test suite gives for its credentials, which these
 * tests use. The endpoints and signed headers of the multi-region access point and EventBridge lines
 * are what AWS CLI v2 2.9.19 (with awscrt) sent for them (its --debug output); the region-set setting
 * and Sustainability follow botocore 1.43 (2.9.19 has neither).
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest } from '../../src/core/host.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';
import { FIXTURES } from '../conformance/fixtures.js';

// The SigV4a suite's credentials and the public point of the key derived from them.
const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_DEFAULT_REGION: 'us-west-2',
};
const POINT = JSON.parse(readFileSync(join(FIXTURES, 'sigv4a/get-vanilla/public-key.json'), 'utf8'));
const PUBLIC_KEY = createPublicKey({
  key: {
    kty: 'EC',
    crv: 'P-256',
    x: Buffer.from(POINT.X, 'hex').toString('base64url'),
    y: Buffer.from(POINT.Y, 'hex').toString('base64url'),
  },
  format: 'jwk',
});
const MRAP = 'arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap';

async function run(
  argv: string[],
  respond: Responder = () => reply(200, '{}'),
  opts: { env?: Record<string, string>; config?: string } = {},
) {
  const host = createMemoryHost(respond, { env: { ...ENV, ...opts.env } });
  if (opts.config !== undefined) await host.fs.writeFile('/home/test/.aws/config', opts.config);
  const code = await runCli(argv, host);
  return { code, requests: host.requests, out: host.out.join(''), err: host.err.join('') };
}

const header = (req: HttpRequest, name: string) =>
  Object.entries(req.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** The Authorization header's parts. */
function authorization(req: HttpRequest) {
  const m = /^(\S+) Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
    header(req, 'authorization') ?? '',
  );
  expect(m, header(req, 'authorization')).not.toBeNull();
  return { algorithm: m![1]!, credential: m![2]!, signedHeaders: m![3]!.split(';'), signature: m![4]! };
}

/**
 * Checks the request's signature as a verifier would, from the request alone: the canonical request
 * rebuilt here (the path as sent, as S3 signs it, or as the plain `/` the others send), the string to
 * sign, and an ECDSA verification with the public key.
 */
function signatureVerifies(req: HttpRequest, payloadHash: string): boolean {
  const auth = authorization(req);
  const url = new URL(req.url);
  const query = [...url.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join('&');
  const value = (name: string) => (name === 'host' ? url.host : header(req, name)!.trim());
  const canonical = [
    req.method,
    url.pathname,
    query,
    ...auth.signedHeaders.map((name) => `${name}:${value(name)}`),
    '',
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const date = header(req, 'x-amz-date')!;
  const scope = auth.credential.slice(auth.credential.indexOf('/') + 1);
  const stringToSign = ['AWS4-ECDSA-P256-SHA256', date, scope, sha256Hex(canonical)].join('\n');
  return verify(
    'sha256',
    Buffer.from(stringToSign),
    { key: PUBLIC_KEY, dsaEncoding: 'der' },
    Buffer.from(auth.signature, 'hex'),
  );
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('SigV4a: an S3 multi-region access point', () => {
  it('s3api get-object signs for every region (*) at the s3-global endpoint', async () => {
    const r = await run(['s3api', 'get-object', '--bucket', MRAP, '--key', 'k', 'out.txt'], () => reply(200, ''));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [req] = r.requests;
    expect(req!.url).toBe('https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k');
    expect(authorization(req!)).toMatchObject({
      algorithm: 'AWS4-ECDSA-P256-SHA256',
      credential: 'AKIDEXAMPLE/20240102/s3/aws4_request',
      // x-amz-checksum-mode: response checksums are asked for by default (newer than 2.9.19).
      signedHeaders: ['host', 'x-amz-checksum-mode', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-region-set'],
    });
    expect(header(req!, 'x-amz-region-set')).toBe('*');
    expect(header(req!, 'x-amz-content-sha256')).toBe(EMPTY_SHA256);
    expect(signatureVerifies(req!, EMPTY_SHA256)).toBe(true);
  });

  it('a tampered request does not verify (the check can fail)', async () => {
    const r = await run(['s3api', 'get-object', '--bucket', MRAP, '--key', 'k', 'out.txt'], () => reply(200, ''));
    const req = r.requests[0]!;
    expect(signatureVerifies({ ...req, url: req.url.replace('/k', '/other') }, EMPTY_SHA256)).toBe(false);
  });

  it('s3 presign gives a SigV4a URL', async () => {
    const r = await run(['s3', 'presign', `s3://${MRAP}/k`, '--expires-in', '600']);
    expect(r.code).toBe(0);
    const url = new URL(r.out.trim());
    expect(url.origin + url.pathname).toBe('https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      'X-Amz-Algorithm': 'AWS4-ECDSA-P256-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20240102/s3/aws4_request',
      'X-Amz-Date': '20240102T030405Z',
      'X-Amz-Expires': '600',
      'X-Amz-Region-Set': '*',
      'X-Amz-SignedHeaders': 'host',
    });
  });
});

describe('SigV4a: an EventBridge global endpoint', () => {
  const putEvents = [
    'events',
    'put-events',
    '--endpoint-id',
    'abcde.veo',
    '--entries',
    '[{"Source":"s","DetailType":"d","Detail":"{}"}]',
  ];

  it('put-events --endpoint-id signs for * at the global endpoint', async () => {
    const r = await run(putEvents);
    expect(r.code).toBe(0);
    const [req] = r.requests;
    expect(req!.url).toBe('https://abcde.veo.endpoint.events.amazonaws.com/');
    expect(authorization(req!)).toMatchObject({
      algorithm: 'AWS4-ECDSA-P256-SHA256',
      credential: 'AKIDEXAMPLE/20240102/events/aws4_request',
      signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-region-set', 'x-amz-target'],
    });
    expect(header(req!, 'x-amz-region-set')).toBe('*');
    // Not S3: no X-Amz-Content-SHA256 header, the body's hash is signed.
    expect(header(req!, 'x-amz-content-sha256')).toBeUndefined();
    const body = req!.body as Uint8Array;
    expect(signatureVerifies(req!, sha256Hex(body))).toBe(true);
  });

  it('takes the region set from AWS_SIGV4A_SIGNING_REGION_SET, then from the config file', async () => {
    const fromEnv = await run(putEvents, undefined, {
      env: { AWS_SIGV4A_SIGNING_REGION_SET: 'us-east-1,us-west-2' },
      config: '[default]\nsigv4a_signing_region_set = eu-west-1\n',
    });
    expect(header(fromEnv.requests[0]!, 'x-amz-region-set')).toBe('us-east-1,us-west-2');
    const fromFile = await run(putEvents, undefined, { config: '[default]\nsigv4a_signing_region_set = eu-west-1\n' });
    expect(header(fromFile.requests[0]!, 'x-amz-region-set')).toBe('eu-west-1');
  });

  it('signs without the endpoint id as before: SigV4 for the client region', async () => {
    const r = await run(['events', 'put-events', '--entries', '[{"Source":"s","DetailType":"d","Detail":"{}"}]']);
    expect(authorization(r.requests[0]!)).toMatchObject({
      algorithm: 'AWS4-HMAC-SHA256',
      credential: 'AKIDEXAMPLE/20240102/us-west-2/events/aws4_request',
    });
    expect(header(r.requests[0]!, 'x-amz-region-set')).toBeUndefined();
  });
});

describe('SigV4a for a whole service', () => {
  // Sustainability's model lists aws.auth#sigv4a first and its endpoints ask for sigv4a.
  it('signs every call with SigV4a', async () => {
    const r = await run([
      'sustainability',
      'get-estimated-carbon-emissions-dimension-values',
      '--dimensions',
      'SERVICE',
      '--time-period',
      'Start=2024-01-01T00:00:00Z,End=2024-02-01T00:00:00Z',
    ]);
    expect(r.err).toBe('');
    expect(r.requests[0]!.url).toBe(
      'https://api.sustainability.us-west-2.api.aws/v1/estimated-carbon-emissions-dimension-values',
    );
    expect(authorization(r.requests[0]!)).toMatchObject({
      algorithm: 'AWS4-ECDSA-P256-SHA256',
      credential: 'AKIDEXAMPLE/20240102/sustainability/aws4_request',
    });
    expect(header(r.requests[0]!, 'x-amz-region-set')).toBe('*');
  });
});
