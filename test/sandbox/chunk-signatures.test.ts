/**
 * A signed aws-chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), replayed byte for byte from S3's
 * documentation ("Signature Calculations for the Authorization Header: Transferring Payload in Multiple
 * Chunks", Example: PUT Object): the sandbox's root keys are the documentation's example keys, so the
 * documented seed and chunk signatures must pass, and a changed byte or signature must not.
 */
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import type { HttpResponse } from '../../src/core/host.js';
import { signRequest } from '../../src/core/signing/sigv4.js';
import { createSandbox } from '../../src/sandbox/sandbox.js';
import { ROOT_KEYS } from '../../src/sandbox/identity.js';
import { memoryStore } from '../../src/sandbox/store.js';

const WHEN = new Date('2013-05-24T00:00:00Z');
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const CHUNKS: Array<[size: number, signature: string]> = [
  [65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
  [1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
  [0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
];

function documentedBody(change: (bytes: Uint8Array) => void = () => {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [size, signature] of CHUNKS) {
    parts.push(new TextEncoder().encode(`${size.toString(16)};chunk-signature=${signature}\r\n`));
    parts.push(new Uint8Array(size).fill(0x61), new TextEncoder().encode('\r\n'));
  }
  const body = new Uint8Array(Buffer.concat(parts));
  change(body);
  return body;
}

async function text(res: HttpResponse): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of res.body) parts.push(chunk);
  return Buffer.concat(parts).toString();
}

async function setup() {
  const sandbox = createSandbox({
    store: memoryStore(),
    models: createNodeHost({ env: {} }).models,
    now: () => WHEN,
    random: Math.random,
  });
  const bucket = await signRequest(
    { method: 'PUT', url: 'https://s3.amazonaws.com/examplebucket', headers: {} },
    { credentials: ROOT_KEYS, region: 'us-east-1', service: 's3', now: WHEN, s3: true },
  );
  expect((await sandbox.send(bucket)).statusCode).toBe(200);
  const put = (body: Uint8Array) =>
    sandbox.send({
      method: 'PUT',
      url: 'https://s3.amazonaws.com/examplebucket/chunkObject.txt',
      headers: {
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`,
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '66560',
        'content-length': '66824',
      },
      body,
    });
  const head = async () => {
    const req = await signRequest(
      { method: 'HEAD', url: 'https://s3.amazonaws.com/examplebucket/chunkObject.txt', headers: {} },
      { credentials: ROOT_KEYS, region: 'us-east-1', service: 's3', now: WHEN, s3: true },
    );
    const res = await sandbox.send(req);
    return [res.statusCode, res.headers['content-length'], res.headers['x-amz-storage-class']];
  };
  return { put, head };
}

describe('signed aws-chunked uploads', () => {
  it('accept the documented example: seed signature, two data chunks and the final one', async () => {
    const { put, head } = await setup();
    const body = documentedBody();
    expect(body.length).toBe(66824);
    const res = await put(body);
    expect([res.statusCode, await text(res)]).toEqual([200, '']);
    expect(await head()).toEqual([200, '66560', 'REDUCED_REDUNDANCY']);
  });

  it.each([
    ['a changed byte in the second chunk', (b: Uint8Array) => void (b[65536 + 200] = 0x62)],
    ['a changed chunk signature', (b: Uint8Array) => void (b[30] = b[30] === 0x30 ? 0x31 : 0x30)],
    ['a changed final signature', (b: Uint8Array) => void (b[b.length - 5] = b[b.length - 5] === 0x39 ? 0x38 : 0x39)],
  ])('refuse %s, and store nothing', async (_, change) => {
    const { put, head } = await setup();
    const res = await put(documentedBody(change));
    expect(res.statusCode).toBe(403);
    expect(await text(res)).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await head())[0]).toBe(404);
  });
});
