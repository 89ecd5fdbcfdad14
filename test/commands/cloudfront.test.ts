/**
 * CloudFront's customizations (the AWS CLI's cloudfront.py): `sign`, whose URLs are byte-equal to
 * botocore 1.43.11's CloudFrontSigner with the CLI's RSASigner for the same key and dates (the key below is
 * a throwaway made for this test), and the plain options of create-invalidation, create-distribution and
 * update-distribution, argv → request.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { parseCommandLine } from '../../src/cli/main.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' };
const KEY =
  '-----BEGIN RSA PRIVATE KEY-----\nMIICXAIBAAKBgQDQLwqSvoUm6HV/t+ZWOqJwVHlggd4GGdG3uVBVcmvpDZaKfO0O\nvkD5H/jYReztivv8GesKCBACTS1IiVTQksLKpMKGXX0guIq7SY1C02ukfkW4y7Z+\nozPxiU5Jd5XLXmgasxmuELAPSNzsRVBUsdH1Pxbd9/z3NSHqI1GbylSK1wIDAQAB\nAoGBAJZZ0vYGGJ3v9qQFyZlvAU/FAl/7isC3NunMMUN0vpBy2s0ryf0C1GPXfl2b\nqrAn1zLL+R6mkgFHgbPIUvPLeleWvlcaqFI6amZVEak30AcLjtRpJi8/+MBHTimd\nKqjxoewf+CCcRonYmUxNaFViV6NNRLPiwU4ThRLfC+J+VBSBAkEA/lkizghZsEwh\nlaHqiJJka2DG6R7li3uEJmGVQId9sVQziDGfhjcRgykeMKTir3LB9aEUHHA3nI7H\n7TDTbKlPFwJBANGJJ7aCnRQFdWspShTD+oO4iLfYB6gk3CKQXILMTj9xmtysZUBU\nQS+PnaWzdlJfQaA/lN2uB3fNcWIzGV2d+kECQAHg3qTu4tqudUEJpRXFHwC8AjwO\nglt5Wgx+g/+qAH+iw46p7yeqmHKDhzmMvi/VhSEvQ1rCaWa6lzdlOOqAhZkCQG4V\nT77sKhg9se2l2JzGRZP0XCeyIHuvOdQS4fd53NYqGkE7dUpxuXmCS0Gl4lDuaK0H\nGm/IoXXIgnwj+nybpcECQAU2p7yol8GJVXZkE4y5zAAcCQ+5PtDykEGKgMduZPkm\nblshGHaA1TaeUwVM3UBEbSzumy3hJxCw9PPeYxKsZL4=\n-----END RSA PRIVATE KEY-----\n';

async function run(argv: string[], respond: Responder = () => reply(200, '')) {
  const host = createMemoryHost(respond, { env: ENV });
  await host.fs.writeFile('/work/key.pem', KEY);
  const code = await runCli(argv, host);
  return { code, host, out: host.out.join(''), err: host.err.join('') };
}

describe('cloudfront sign', () => {
  const sign = ['cloudfront', 'sign', '--key-pair-id', 'K2JCJMDEHXQW5F', '--private-key', 'file:///work/key.pem'];

  it('signs the canned policy until --date-less-than: Expires, Signature, Key-Pair-Id, no newline', async () => {
    const url = 'https://d111111abcdef8.cloudfront.net/private/photo.jpg';
    const { code, out, host } = await run([...sign, '--url', url, '--date-less-than', '2027-01-01']);
    expect(code).toBe(0);
    expect(out).toBe(
      'https://d111111abcdef8.cloudfront.net/private/photo.jpg?Expires=1798761600&Signature=OwKZG-XKS8YqgjS85qbK0n4CXpmH9nPMW16EKnjxGxO9BTcH0OFl45bHP4P-fRuPr3c-9JiVRqMFe0NI217dodZMTPfsz06e6ep8DBM7MypI-cDI7jPu78WMTUU9VSMV-GVeyRm7Rrkkp9CE9IZ~e2nadKI6neCVuYZwF2F09Gc_&Key-Pair-Id=K2JCJMDEHXQW5F',
    );
    expect(host.requests).toHaveLength(0);
  });

  it('puts the custom policy in the URL with --date-greater-than and --ip-address (a bare address is a /32)', async () => {
    const argv = [...sign, '--url', 'https://d111111abcdef8.cloudfront.net/a?x=1', '--date-less-than', '1798761600'];
    argv.push('--date-greater-than', '2026-12-06T10:00:00+02:00', '--ip-address', '192.0.2.1');
    const { code, out } = await run(argv);
    expect(code).toBe(0);
    expect(out).toBe(
      'https://d111111abcdef8.cloudfront.net/a?x=1&Policy=eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cHM6Ly9kMTExMTExYWJjZGVmOC5jbG91ZGZyb250Lm5ldC9hP3g9MSIsIkNvbmRpdGlvbiI6eyJEYXRlTGVzc1RoYW4iOnsiQVdTOkVwb2NoVGltZSI6MTc5ODc2MTYwMH0sIklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIxOTIuMC4yLjEvMzIifSwiRGF0ZUdyZWF0ZXJUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE3OTY1NDQwMDB9fX1dfQ__&Signature=nIm-3u-FuMdhaGr8VlwAyXRWv1NYgKejHshYgU-nKzHp4-JjWIZgh1ytfi7aku4jaVFJPKtuJ14SD9FR~yzo2cidYawvNuXXm74aCCw-fiAX4-Y2wHbl8ITO~s93zKx1WYdbcmdABMxV9mM96vVIFeNXbOL4bCy0TXBw42tjwdo_&Key-Pair-Id=K2JCJMDEHXQW5F',
    );
  });

  it.each([
    [['--date-less-than', 'tomorrow-ish'], 'Invalid timestamp "tomorrow-ish": Supported formats'],
    [['--date-less-than', '2027-01-01', '--private-key', 'not a key'], 'no RSA private key'],
  ])('refuses %j with a message naming what is wrong (exit 255)', async (extra, message) => {
    const { code, err } = await run([...sign, '--url', 'https://d1.cloudfront.net/a', ...extra]);
    expect(code).toBe(255);
    expect(err).toContain(message);
  });
});

describe('cloudfront plain options', () => {
  // The memory host's clock (2024-01-02T03:04:05Z) and random() (0.5) make the CLI's caller reference.
  const REFERENCE = 'cli-1704164645-500001';
  const params = async (argv: string[]) => {
    const host = createMemoryHost(() => reply(200, ''), { env: ENV });
    const parsed = await parseCommandLine(argv, host);
    return parsed.prepared.kind === 'call' ? parsed.prepared.params : undefined;
  };

  it('create-invalidation --paths stands for the InvalidationBatch', async () => {
    expect(
      await params(['cloudfront', 'create-invalidation', '--distribution-id', 'E1', '--paths', '/a', '/b/*']),
    ).toEqual({
      DistributionId: 'E1',
      InvalidationBatch: { CallerReference: REFERENCE, Paths: { Quantity: 2, Items: ['/a', '/b/*'] } },
    });
  });

  it('create-distribution fills the CLI’s template: an S3 origin for a bucket’s domain, else a custom one', async () => {
    const s3 = await params([
      'cloudfront',
      'create-distribution',
      '--origin-domain-name',
      'my-bucket.s3.amazonaws.com',
      '--default-root-object',
      'index.html',
    ]);
    const id = 'my-bucket.s3.amazonaws.com-1704164645-500001';
    expect(s3).toEqual({
      DistributionConfig: {
        CallerReference: REFERENCE,
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: id,
              DomainName: 'my-bucket.s3.amazonaws.com',
              OriginPath: '',
              S3OriginConfig: { OriginAccessIdentity: '' },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: id,
          ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
          TrustedSigners: { Enabled: false, Quantity: 0 },
          ViewerProtocolPolicy: 'allow-all',
          MinTTL: 0,
        },
        Enabled: true,
        Comment: '',
        DefaultRootObject: 'index.html',
      },
    });
    const custom = await params(['cloudfront', 'create-distribution', '--origin-domain-name', 'www.example.com']);
    expect((custom!.DistributionConfig as { Origins: { Items: unknown[] } }).Origins.Items[0]).toMatchObject({
      CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
    });
  });

  it('update-distribution --default-root-object reads the config and sends it back whole with its ETag', async () => {
    const config = [
      '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><CallerReference>ref-1</CallerReference>',
      '<Origins><Quantity>1</Quantity><Items><Origin><Id>o1</Id><DomainName>www.example.com</DomainName></Origin></Items></Origins>',
      '<DefaultCacheBehavior><TargetOriginId>o1</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></DefaultCacheBehavior>',
      '<Comment>kept</Comment><Enabled>true</Enabled></DistributionConfig>',
    ].join('');
    const { code, host } = await run(
      ['cloudfront', 'update-distribution', '--id', 'E1', '--default-root-object', 'home.html'],
      (_req, i) => (i === 0 ? reply(200, config, { etag: 'E2QWRUHEXAMPLE' }) : reply(200, '<Distribution/>')),
    );
    expect(code).toBe(0);
    const [get, put] = host.requests;
    expect([get!.method, new URL(get!.url).pathname]).toEqual(['GET', '/2020-05-31/distribution/E1/config']);
    expect(put!.headers['If-Match'] ?? put!.headers['if-match']).toBe('E2QWRUHEXAMPLE');
    const body = new TextDecoder().decode(put!.body as Uint8Array);
    expect(body).toContain('<CallerReference>ref-1</CallerReference>');
    expect(body).toContain('<Comment>kept</Comment>');
    expect(body).toContain('<DefaultRootObject>home.html</DefaultRootObject>');
  });

  it.each([
    [
      ['create-invalidation', '--distribution-id', 'E1', '--invalidation-batch', 'CallerReference=x', '--paths', '/a'],
      'The key "paths" cannot be specified when one of the following keys are also specified: invalidation_batch',
    ],
    [
      ['create-distribution', '--distribution-config', 'CallerReference=x', '--default-root-object', 'i.html'],
      'The key "default_root_object" cannot be specified when one of the following keys are also specified: distribution_config',
    ],
  ])('refuses an option beside the structure it stands for (exit 252)', async (argv, message) => {
    const { code, err } = await run(['cloudfront', ...argv]);
    expect(code).toBe(252);
    expect(err).toBe(`\n${message}\n`);
  });
});
