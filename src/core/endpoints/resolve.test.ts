import { describe, expect, it } from 'vitest';
import { EndpointError } from '../errors.js';
import { resolveEndpoint, type EndpointRuleSet, type PartitionTable } from './resolve.js';

/** A small rule set in the shape of the AWS ones: custom endpoint, region check, partition lookup. */
const ruleSet: EndpointRuleSet = {
  version: '1.0',
  parameters: {
    Region: { type: 'string', builtIn: 'AWS::Region' },
    Endpoint: { type: 'string', builtIn: 'SDK::Endpoint' },
    Bucket: { type: 'string' },
  },
  rules: [
    {
      conditions: [
        { fn: 'isSet', argv: [{ ref: 'Endpoint' }] },
        { fn: 'parseURL', argv: [{ ref: 'Endpoint' }], assign: 'url' },
      ],
      rules: [
        {
          conditions: [{ fn: 'isSet', argv: [{ ref: 'Bucket' }] }],
          endpoint: { url: '{url#scheme}://{url#authority}/{Bucket}{url#path}' },
          type: 'endpoint',
        },
        { conditions: [], endpoint: { url: { ref: 'Endpoint' } }, type: 'endpoint' },
      ],
      type: 'tree',
    },
    {
      conditions: [
        { fn: 'isSet', argv: [{ ref: 'Region' }] },
        { fn: 'aws.partition', argv: [{ ref: 'Region' }], assign: 'p' },
      ],
      endpoint: {
        url: 'https://svc.{Region}.{p#dnsSuffix}',
        headers: { 'x-test': ['a', 'b'] },
        properties: { authSchemes: [{ name: 'sigv4', signingName: 'svc', signingRegion: '{Region}' }] },
      },
      type: 'endpoint',
    },
    { conditions: [], error: 'Invalid Configuration: Missing Region', type: 'error' },
  ],
};

const partitions = (dnsSuffix: string): PartitionTable => ({
  partitions: [
    {
      id: 'aws',
      regionRegex: '^(us|eu)\\-\\w+\\-\\d+$',
      regions: { 'us-east-1': {} },
      outputs: { name: 'aws', dnsSuffix },
    },
  ],
});

describe('resolveEndpoint', () => {
  it('returns url, headers and properties as the rule builds them', () => {
    expect(resolveEndpoint(ruleSet, { Region: 'eu-west-1' }, partitions('amazonaws.com'))).toEqual({
      url: 'https://svc.eu-west-1.amazonaws.com',
      headers: { 'x-test': ['a', 'b'] },
      properties: { authSchemes: [{ name: 'sigv4', signingName: 'svc', signingRegion: 'eu-west-1' }] },
    });
  });

  it('uses the partition table of each call, not the previous one', () => {
    expect(resolveEndpoint(ruleSet, { Region: 'us-east-1' }, partitions('example.test')).url).toBe(
      'https://svc.us-east-1.example.test',
    );
    expect(resolveEndpoint(ruleSet, { Region: 'us-east-1' }, partitions('amazonaws.com')).url).toBe(
      'https://svc.us-east-1.amazonaws.com',
    );
  });

  it.each([
    ['a custom endpoint as given', { Endpoint: 'http://localhost:5000' }, 'http://localhost:5000'],
    ['with a path kept', { Endpoint: 'http://localhost:5000/prefix/' }, 'http://localhost:5000/prefix/'],
    ['{url#path} of a pathless endpoint is empty', { Endpoint: 'https://10.0.0.1', Bucket: 'b' }, 'https://10.0.0.1/b'],
    ['{url#path} of an endpoint with a path', { Endpoint: 'https://10.0.0.1/p', Bucket: 'b' }, 'https://10.0.0.1/b/p'],
  ])('%s', (_name, params, url) => {
    expect(resolveEndpoint(ruleSet, params, partitions('amazonaws.com')).url).toBe(url);
  });

  it("throws EndpointError with the rule set's message", () => {
    expect(() => resolveEndpoint(ruleSet, {}, partitions('amazonaws.com'))).toThrow(EndpointError);
    expect(() => resolveEndpoint(ruleSet, {}, partitions('amazonaws.com'))).toThrow(
      /^Invalid Configuration: Missing Region$/,
    );
  });

  it('does not change the params it is given', () => {
    const params = { Region: 'eu-west-1', Bucket: undefined };
    resolveEndpoint(ruleSet, params, partitions('amazonaws.com'));
    expect(params).toEqual({ Region: 'eu-west-1', Bucket: undefined });
  });
});
