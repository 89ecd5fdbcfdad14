/**
 * The request path end to end over an in-memory host: retries against a responder that fails N times,
 * the retry quota, error typing and request ids, clock-skew correction, validation before sending,
 * streaming payloads, checksums and the S3 and Glacier quirks.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { NetworkError, ParamValidationError, ResponseParseError, ServiceError } from '../../src/core/errors.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>U</UserId></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const THROTTLED =
  '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>req-t</RequestId></ErrorResponse>';

describe('retries', () => {
  it('retries a throttled call and succeeds on the third attempt', async () => {
    const host = createMemoryHost((_r, i) =>
      i < 2 ? reply(400, THROTTLED) : reply(200, IDENTITY, { 'x-amzn-requestid': 'req-1' }),
    );
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('sts', 'GetCallerIdentity', {});
    expect(out.Account).toBe('123456789012');
    expect(out.$metadata).toMatchObject({ httpStatusCode: 200, requestId: 'req-1', attempts: 3 });
    expect(host.requests).toHaveLength(3);
    expect(host.sleeps).toEqual([500, 1000]);
    expect(host.requests.map((r) => r.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
      'attempt=3; max=3',
    ]);
  });

  it('gives up after max attempts with the last error, typed', async () => {
    const host = createMemoryHost(() => reply(400, THROTTLED));
    const aws = createClient(host, { region: 'us-east-1', credentials, maxAttempts: 2 });
    const err = await aws.send('sts', 'GetCallerIdentity', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({
      code: 'Throttling',
      statusCode: 400,
      requestId: 'req-t',
      service: 'sts',
      operation: 'GetCallerIdentity',
      message: 'Rate exceeded',
    });
    expect(host.requests).toHaveLength(2);
  });

  it('retries connection failures and surfaces a NetworkError naming the endpoint', async () => {
    const host = createMemoryHost(() => {
      throw new NetworkError(
        'https://sts.us-east-1.amazonaws.com',
        'Could not connect to the endpoint URL: "https://sts.us-east-1.amazonaws.com/"',
      );
    });
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const err = await aws.send('sts', 'GetCallerIdentity', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain('https://sts.us-east-1.amazonaws.com/');
    expect(host.requests).toHaveLength(3);
  });

  it('does not retry client errors', async () => {
    const host = createMemoryHost(() =>
      reply(403, '<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>'),
    );
    const aws = createClient(host, { region: 'us-east-1', credentials });
    await expect(aws.send('sts', 'GetCallerIdentity', {})).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(host.requests).toHaveLength(1);
  });

  it('legacy mode retries 5 times', async () => {
    const host = createMemoryHost(() => reply(503, ''));
    const aws = createClient(host, { region: 'us-east-1', credentials, retryMode: 'legacy' });
    await expect(aws.send('sts', 'GetCallerIdentity', {})).rejects.toBeInstanceOf(ServiceError);
    expect(host.requests).toHaveLength(5);
  });

  it('corrects the clock after a skew error and signs with server time', async () => {
    const skew =
      '<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired</Message></Error></ErrorResponse>';
    const host = createMemoryHost((_r, i) =>
      i === 0 ? reply(403, skew, { date: 'Tue, 02 Jan 2024 04:04:05 GMT' }) : reply(200, IDENTITY),
    );
    const aws = createClient(host, { region: 'us-east-1', credentials });
    await aws.send('sts', 'GetCallerIdentity', {});
    expect(host.requests[0]!.headers['x-amz-date']).toBe('20240102T030405Z');
    expect(host.requests[1]!.headers['x-amz-date']).toBe('20240102T040405Z');
  });
});

describe('errors and validation', () => {
  it('rejects invalid input before sending, listing every problem', async () => {
    const host = createMemoryHost(() => reply(200, '{}'));
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const err = await aws.send('dynamodb', 'PutItem', { Item: 5, Bogus: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParamValidationError);
    const paths = (err as ParamValidationError).problems.map((p) => p.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['TableName', 'Item', 'Bogus']));
    expect(host.requests).toHaveLength(0);
  });

  it('reports a proxy HTML page on a 200 as a parse error with status and body start', async () => {
    const host = createMemoryHost(() => reply(200, '<html><body>Proxy login required</body></html>'));
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const err = await aws.send('dynamodb', 'ListTables', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseParseError);
    expect((err as Error).message).toContain('200');
    expect((err as Error).message).toContain('Proxy login required');
  });
});

describe('requests as the AWS CLI sends them', () => {
  it('signs with SigV4 and the model signing name', async () => {
    const host = createMemoryHost(() => reply(200, '{"TableNames":[]}'));
    const aws = createClient(host, { region: 'eu-west-1', credentials });
    await (aws.dynamodb as { listTables(p: object): Promise<unknown> }).listTables({});
    const req = host.requests[0]!;
    expect(req.url).toBe('https://dynamodb.eu-west-1.amazonaws.com/');
    expect(req.headers['X-Amz-Target'] ?? req.headers['x-amz-target']).toBe('DynamoDB_20120810.ListTables');
    expect(req.headers.authorization ?? req.headers.Authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240102\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('sends S3 requests virtual-hosted, an https upload with a CRC32 checksum and its payload unsigned', async () => {
    const host = createMemoryHost(() => reply(200, '', { etag: '"abc"' }));
    const aws = createClient(host, { region: 'us-east-1', credentials });
    await aws.send('s3', 'PutObject', {
      Bucket: 'my-bucket',
      Key: 'dir/a b.txt',
      Body: new TextEncoder().encode('hello'),
    });
    const req = host.requests[0]!;
    expect(req.url).toBe('https://my-bucket.s3.amazonaws.com/dir/a%20b.txt');
    const h = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
    // botocore 1.43 leaves it unsigned too, sending the bytes aws-chunked with the CRC32 in a trailer;
    // bytes already in memory get the checksum as a header instead.
    expect(h['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(h['x-amz-checksum-crc32']).toBe('NhCmhg==');
    expect(h['x-amz-sdk-checksum-algorithm']).toBe('CRC32');
  });

  it('tells S3 an unsigned streamed upload is chunked with a trailer (botocore _set_extra_headers_for_unsigned_request)', async () => {
    const host = createMemoryHost(() => reply(200, '', { etag: '"abc"' }));
    const aws = createClient(host, { region: 'us-east-1', sign: false });
    async function* chunks() {
      yield new TextEncoder().encode('hello');
    }
    await aws.send('s3', 'PutObject', { Bucket: 'my-bucket', Key: 'k', Body: chunks() });
    const h = Object.fromEntries(Object.entries(host.requests[0]!.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(h['authorization']).toBeUndefined();
    expect(h['content-encoding']).toBe('aws-chunked');
    expect(h['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    expect(h['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
  });

  it("takes a large body's checksum and payload hash from Host.digest, computing here a checksum it leaves out", async () => {
    const asked: unknown[] = [];
    const host = createMemoryHost(() => reply(200, '', { etag: '"abc"' }));
    // A stand-in whose answers are not the real digests, so the headers show where they came from.
    host.digest = async (bytes, want) => {
      asked.push({ size: bytes.length, ...want });
      return { ...(want.checksum === 'CRC32' ? { checksum: 'ZGlnZXN0' } : {}), sha256: 'f'.repeat(64) };
    };
    const aws = createClient(host, {
      region: 'us-east-1',
      credentials,
      endpointUrl: 'http://127.0.0.1:9000',
      s3: { addressingStyle: 'path' },
    });
    const Body = new Uint8Array(1 << 20).fill(7);
    await aws.send('s3', 'UploadPart', { Bucket: 'b', Key: 'k', UploadId: 'u', PartNumber: 1, Body });
    await aws.send('s3', 'UploadPart', {
      Bucket: 'b',
      Key: 'k',
      UploadId: 'u',
      PartNumber: 2,
      Body,
      ChecksumAlgorithm: 'CRC32C',
    });
    await aws.send('s3', 'PutObject', { Bucket: 'b', Key: 'small', Body: Body.subarray(0, 1000) });
    const headers = host.requests.map((r) =>
      Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
    );
    expect(asked).toEqual([
      { size: 1 << 20, checksum: 'CRC32', sha256: true },
      { size: 1 << 20, checksum: 'CRC32C', sha256: true },
    ]);
    expect([headers[0]!['x-amz-checksum-crc32'], headers[0]!['x-amz-content-sha256']]).toEqual([
      'ZGlnZXN0',
      'f'.repeat(64),
    ]);
    expect([headers[1]!['x-amz-checksum-crc32c'], headers[1]!['x-amz-content-sha256']]).toEqual([
      'fRcoag==',
      'f'.repeat(64),
    ]);
    // Under a mebibyte the body is hashed where it is.
    expect(headers[2]!['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(headers[2]!['x-amz-content-sha256']).not.toBe('f'.repeat(64));
  });

  it('streams GetObject bodies as a ReadableStream', async () => {
    const host = createMemoryHost(() =>
      reply(200, 'file contents', { 'content-length': '13', 'content-type': 'text/plain' }),
    );
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('s3', 'GetObject', { Bucket: 'b', Key: 'k' });
    expect(out.Body).toBeInstanceOf(ReadableStream);
    expect(out.ContentLength).toBe(13);
    expect(await (out.Body as { text(): Promise<string> }).text()).toBe('file contents');
  });

  it('fills Glacier defaults: accountId "-" and the API version header', async () => {
    const host = createMemoryHost(() => reply(200, '{"VaultList":[]}'));
    const aws = createClient(host, { region: 'us-east-1', credentials });
    await aws.send('glacier', 'ListVaults', {});
    const req = host.requests[0]!;
    expect(new URL(req.url).pathname).toBe('/-/vaults');
    expect(req.headers['x-amz-glacier-version']).toBe('2012-06-01');
  });

  it('sends no Authorization for unsigned clients', async () => {
    const host = createMemoryHost(() => reply(200, '<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>'));
    const aws = createClient(host, { region: 'us-east-1', sign: false });
    await aws.send('s3', 'ListBuckets', {});
    expect(Object.keys(host.requests[0]!.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
  });
});

describe('responses the model cannot be read from', () => {
  it.each([
    ['[]', 'the body is a list, where the model has an object'],
    ['null', 'the body is null, where the model has an object'],
    ['"tables"', 'the body is a string, where the model has an object'],
    ['{"TableNames": {"a": 1}}', 'TableNames is an object, where the model has a list'],
  ])('a 200 with %s is a ResponseParseError saying where, never success or an internal error', async (body, reason) => {
    const host = createMemoryHost(() => reply(200, body, { 'x-amzn-requestid': 'req-9' }));
    const aws = createClient(host, { region: 'us-east-1', credentials });
    const out = await aws.send('dynamodb', 'ListTables', {}).catch((e: unknown) => e);
    expect(out).toBeInstanceOf(ResponseParseError);
    expect((out as Error).message).toBe(
      `Unable to parse response (${reason}), invalid XML/JSON received. Status 200, request id req-9. Body starts with: ${JSON.stringify(body)}`,
    );
  });

  it('CloudWatch speaks JSON, which botocore 1.43 and the AWS CLI v2 rank above the CBOR its model lists first', async () => {
    const host = createMemoryHost(() => reply(200, '{"DashboardEntries":[]}'));
    const aws = createClient(host, { region: 'us-east-1', credentials });
    expect(await aws.send('cloudwatch', 'ListDashboards', {})).toMatchObject({ DashboardEntries: [] });
    const headers = host.requests[0]!.headers;
    expect(headers['Content-Type']).toBe('application/x-amz-json-1.0');
    expect(headers['X-Amz-Target']).toBe('GraniteServiceVersion20100801.ListDashboards');
  });
});

describe('what a first call reads', () => {
  it('asks for the partitions while it reads the model, not after', async () => {
    const memory = createMemoryHost(() => reply(200, IDENTITY));
    const { models } = memory;
    const asked: string[] = [];
    const host = {
      ...memory,
      models: {
        ...models,
        load: async (service: string, operations?: readonly string[]) => {
          const bundle = await models.load(service, operations);
          asked.push(`model ${service}`);
          return bundle;
        },
        partitions: () => {
          asked.push('partitions');
          return models.partitions();
        },
      },
    };
    await createClient(host, { region: 'us-east-1', credentials }).send('sts', 'GetCallerIdentity', {});
    expect(asked.slice(0, 2)).toEqual(['partitions', 'model sts']);
  });
});
