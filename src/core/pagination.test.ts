import { describe, expect, it } from 'vitest';
import { paginate } from './pagination.js';
import type { PaginatorConfig } from './model/types.js';

async function pages(config: PaginatorConfig, responses: Array<Record<string, unknown>>, params = {}, pageSize?: number) {
  const requests: Array<Record<string, unknown>> = [];
  const out: Array<Record<string, unknown>> = [];
  for await (const page of paginate(async (p) => { requests.push(p); return responses[requests.length - 1]!; }, config, params, { pageSize })) out.push(page);
  return { requests, out };
}

describe('paginate', () => {
  it('follows S3 ListObjectsV2 continuation tokens and sets the limit key', async () => {
    const config = { input_token: 'ContinuationToken', output_token: 'NextContinuationToken', limit_key: 'MaxKeys', result_key: ['Contents', 'CommonPrefixes'] };
    const { requests, out } = await pages(config, [{ NextContinuationToken: 't1' }, { NextContinuationToken: 't2' }, {}], { Bucket: 'b' }, 2);
    expect(out).toHaveLength(3);
    expect(requests).toEqual([{ Bucket: 'b', MaxKeys: 2 }, { Bucket: 'b', MaxKeys: 2, ContinuationToken: 't1' }, { Bucket: 'b', MaxKeys: 2, ContinuationToken: 't2' }]);
  });

  it('evaluates JMESPath output tokens (S3 ListObjects: NextMarker || Contents[-1].Key) and more_results', async () => {
    const config = { input_token: 'Marker', output_token: 'NextMarker || Contents[-1].Key', more_results: 'IsTruncated', result_key: 'Contents' };
    const { requests } = await pages(config, [{ IsTruncated: true, Contents: [{ Key: 'a' }, { Key: 'b' }] }, { IsTruncated: false, Contents: [{ Key: 'c' }] }]);
    expect(requests[1]).toEqual({ Marker: 'b' });
    expect(requests).toHaveLength(2);
  });

  it('passes several tokens at once (Route 53 ListResourceRecordSets)', async () => {
    const config = {
      input_token: ['StartRecordName', 'StartRecordType', 'StartRecordIdentifier'],
      output_token: ['NextRecordName', 'NextRecordType', 'NextRecordIdentifier'],
      more_results: 'IsTruncated', limit_key: 'MaxItems', result_key: 'ResourceRecordSets',
    };
    const { requests } = await pages(config, [{ IsTruncated: true, NextRecordName: 'b.', NextRecordType: 'A' }, { IsTruncated: false }], { HostedZoneId: 'Z' });
    expect(requests[1]).toEqual({ HostedZoneId: 'Z', StartRecordName: 'b.', StartRecordType: 'A' });
  });

  it('uses a map token as it is (DynamoDB LastEvaluatedKey)', async () => {
    const key = { id: { S: 'x' } };
    const { requests } = await pages({ input_token: 'ExclusiveStartKey', output_token: 'LastEvaluatedKey', limit_key: 'Limit', result_key: 'Items' }, [{ LastEvaluatedKey: key }, {}]);
    expect(requests[1]).toEqual({ ExclusiveStartKey: key });
  });

  it('fails instead of looping when the service repeats a token', async () => {
    const config = { input_token: 'NextToken', output_token: 'NextToken' };
    await expect(pages(config, [{ NextToken: 'same' }, { NextToken: 'same' }, { NextToken: 'same' }])).rejects.toThrow('same next token');
  });
});
