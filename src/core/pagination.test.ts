import { describe, expect, it } from 'vitest';
import { mergePages, paginate } from './pagination.js';
import type { PaginatorConfig } from './model/types.js';

async function pages(
  config: PaginatorConfig,
  responses: Array<Record<string, unknown>>,
  params = {},
  pageSize?: number,
) {
  const requests: Array<Record<string, unknown>> = [];
  const out: Array<Record<string, unknown>> = [];
  for await (const page of paginate(
    async (p) => {
      requests.push(p);
      return responses[requests.length - 1]!;
    },
    config,
    params,
    { pageSize },
  ))
    out.push(page);
  return { requests, out };
}

describe('paginate', () => {
  it('follows S3 ListObjectsV2 continuation tokens and sets the limit key', async () => {
    const config = {
      input_token: 'ContinuationToken',
      output_token: 'NextContinuationToken',
      limit_key: 'MaxKeys',
      result_key: ['Contents', 'CommonPrefixes'],
    };
    const { requests, out } = await pages(
      config,
      [{ NextContinuationToken: 't1' }, { NextContinuationToken: 't2' }, {}],
      { Bucket: 'b' },
      2,
    );
    expect(out).toHaveLength(3);
    expect(requests).toEqual([
      { Bucket: 'b', MaxKeys: 2 },
      { Bucket: 'b', MaxKeys: 2, ContinuationToken: 't1' },
      { Bucket: 'b', MaxKeys: 2, ContinuationToken: 't2' },
    ]);
  });

  it('evaluates JMESPath output tokens (S3 ListObjects: NextMarker || Contents[-1].Key) and more_results', async () => {
    const config = {
      input_token: 'Marker',
      output_token: 'NextMarker || Contents[-1].Key',
      more_results: 'IsTruncated',
      result_key: 'Contents',
    };
    const { requests } = await pages(config, [
      { IsTruncated: true, Contents: [{ Key: 'a' }, { Key: 'b' }] },
      { IsTruncated: false, Contents: [{ Key: 'c' }] },
    ]);
    expect(requests[1]).toEqual({ Marker: 'b' });
    expect(requests).toHaveLength(2);
  });

  it('passes several tokens at once (Route 53 ListResourceRecordSets)', async () => {
    const config = {
      input_token: ['StartRecordName', 'StartRecordType', 'StartRecordIdentifier'],
      output_token: ['NextRecordName', 'NextRecordType', 'NextRecordIdentifier'],
      more_results: 'IsTruncated',
      limit_key: 'MaxItems',
      result_key: 'ResourceRecordSets',
    };
    const { requests } = await pages(
      config,
      [{ IsTruncated: true, NextRecordName: 'b.', NextRecordType: 'A' }, { IsTruncated: false }],
      { HostedZoneId: 'Z' },
    );
    expect(requests[1]).toEqual({ HostedZoneId: 'Z', StartRecordName: 'b.', StartRecordType: 'A' });
  });

  it('uses a map token as it is (DynamoDB LastEvaluatedKey)', async () => {
    const key = { id: { S: 'x' } };
    const { requests } = await pages(
      { input_token: 'ExclusiveStartKey', output_token: 'LastEvaluatedKey', limit_key: 'Limit', result_key: 'Items' },
      [{ LastEvaluatedKey: key }, {}],
    );
    expect(requests[1]).toEqual({ ExclusiveStartKey: key });
  });

  it('fails instead of looping when the service repeats a token', async () => {
    const config = { input_token: 'NextToken', output_token: 'NextToken' };
    await expect(pages(config, [{ NextToken: 'same' }, { NextToken: 'same' }, { NextToken: 'same' }])).rejects.toThrow(
      'same next token',
    );
  });
});

describe('mergePages', () => {
  it('concatenates result keys and keeps non-aggregate keys from the first page', () => {
    const config = {
      input_token: 'Marker',
      output_token: 'NextMarker',
      result_key: ['Contents', 'CommonPrefixes'],
      non_aggregate_keys: ['Name'],
    };
    const merged = mergePages(
      [
        { Name: 'b', Contents: [{ Key: 'a' }], IsTruncated: true },
        { Name: 'b', Contents: [{ Key: 'c' }], CommonPrefixes: [{ Prefix: 'd/' }] },
      ],
      config,
    );
    expect(merged).toEqual({ Contents: [{ Key: 'a' }, { Key: 'c' }], CommonPrefixes: [{ Prefix: 'd/' }], Name: 'b' });
  });

  it('rebuilds nested result keys and sums counts (CloudFront, DynamoDB Scan)', () => {
    const cloudfront = {
      input_token: 'Marker',
      output_token: 'DistributionList.NextMarker',
      result_key: 'DistributionList.Items',
    };
    expect(
      mergePages([{ DistributionList: { Items: [1] } }, { DistributionList: { Items: [2] } }], cloudfront),
    ).toEqual({ DistributionList: { Items: [1, 2] } });
    const scan = {
      input_token: 'ExclusiveStartKey',
      output_token: 'LastEvaluatedKey',
      result_key: ['Items', 'Count', 'ScannedCount'],
    };
    expect(
      mergePages(
        [
          { Items: [1], Count: 1, ScannedCount: 5 },
          { Items: [2, 3], Count: 2, ScannedCount: 5 },
        ],
        scan,
      ),
    ).toEqual({ Items: [1, 2, 3], Count: 3, ScannedCount: 10 });
  });
});
