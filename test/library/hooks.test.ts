/**
 * Request hooks on the sandbox, which checks signatures as AWS does: a header added by `onRequest` is
 * signed and sent (the object keeps the metadata it carries), a returned request replaces the built one,
 * and `onResponse` sees every attempt's status and headers.
 */
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { createClient } from '../../src/index.js';

const host = createNodeHost({ env: {}, homeDir: '/nonexistent-home' });

describe('onRequest and onResponse', () => {
  it('signs what onRequest leaves, and tells onResponse of each response', async () => {
    const seen: string[] = [];
    const responses: Array<[string, number, string | undefined]> = [];
    const aws = createClient({
      host,
      sandbox: 'memory',
      onRequest(request, call) {
        seen.push(`${call.service}.${call.operation} ${request.method}`);
        if (call.operation === 'PutObject') request.headers['x-amz-meta-hooked'] = 'yes';
        if (call.operation === 'ListBuckets') return { ...request, url: `${request.url}?max-buckets=1` };
      },
      onResponse(response, call) {
        responses.push([call.operation, response.statusCode, response.headers['x-amz-request-id']]);
      },
    });
    await aws.send('s3', 'CreateBucket', { Bucket: 'hooked' });
    await aws.send('s3', 'CreateBucket', { Bucket: 'hooked-2' });
    await aws.send('s3', 'PutObject', { Bucket: 'hooked', Key: 'k', Body: 'x' });
    const head = await aws.send('s3', 'HeadObject', { Bucket: 'hooked', Key: 'k' });
    expect(head.Metadata).toEqual({ hooked: 'yes' });
    const listed = await aws.send('s3', 'ListBuckets');
    expect((listed.Buckets as unknown[]).length).toBe(1);
    expect(seen).toEqual([
      's3.CreateBucket PUT',
      's3.CreateBucket PUT',
      's3.PutObject PUT',
      's3.HeadObject HEAD',
      's3.ListBuckets GET',
    ]);
    expect(responses.map(([op, status]) => `${op} ${status}`)).toEqual([
      'CreateBucket 200',
      'CreateBucket 200',
      'PutObject 200',
      'HeadObject 200',
      'ListBuckets 200',
    ]);
    expect(responses.every(([, , id]) => typeof id === 'string')).toBe(true);
  });
});
