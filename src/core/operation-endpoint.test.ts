import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../adapters/node/host.js';
import { resolveOperationEndpoint } from './operation-endpoint.js';

const host = createNodeHost({ env: {} });
const bundle = await host.models.load('s3');
const operation = { ...bundle.operations.GetObject!, name: 'GetObject' };
const endpointOf = (Bucket: string) =>
  resolveOperationEndpoint({
    host,
    config: { region: 'eu-west-1' },
    bundle,
    operation,
    params: { Bucket, Key: 'k' },
    service: 's3',
  });

describe('resolveOperationEndpoint', () => {
  it('resolves the same parameters once, and others anew', async () => {
    const first = await endpointOf('cached-bucket');
    expect(first.url).toBe('https://cached-bucket.s3.eu-west-1.amazonaws.com');
    expect(await endpointOf('cached-bucket')).toBe(first);
    expect((await endpointOf('other-bucket')).url).toBe('https://other-bucket.s3.eu-west-1.amazonaws.com');
  });

  it('keeps a bounded number per rule set, dropping the oldest', async () => {
    const oldest = await endpointOf('bucket-0');
    for (let i = 1; i <= 50; i++) await endpointOf(`bucket-${i}`);
    const again = await endpointOf('bucket-0');
    expect(again).not.toBe(oldest);
    expect(again).toEqual(oldest);
  });
});
