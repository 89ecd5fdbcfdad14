import { describe, expect, it } from 'vitest';
import type { Operation, Shape } from '../model/types.js';
import { search } from '../query/index.js';
import { adjustS3BuiltIns, buildEndpointParams, builtInsFromConfig } from './params.js';
import type { EndpointRuleSet } from './resolve.js';

const ruleSet: EndpointRuleSet = {
  version: '1.0',
  rules: [],
  parameters: {
    Region: { type: 'string', builtIn: 'AWS::Region' },
    Bucket: { type: 'string' },
    Key: { type: 'string' },
    UseS3ExpressControlEndpoint: { type: 'boolean' },
    ForcePathStyle: { type: 'boolean', builtIn: 'AWS::S3::ForcePathStyle', default: false },
    ResourceArnList: { type: 'stringArray' },
  },
};

const inputShape: Shape = {
  type: 'structure',
  members: { Bucket: { shape: 'S', contextParam: { name: 'Bucket' } }, Other: { shape: 'S' } },
};

const operation = (extra: Partial<Operation> = {}): Operation => ({
  name: 'Op',
  http: { method: 'GET', requestUri: '/' },
  ...extra,
});

describe('buildEndpointParams', () => {
  it.each([
    ['built-ins alone', {}, {}, { Region: 'us-west-2', ForcePathStyle: true }],
    ['a contextParam member', { Bucket: 'b1' }, {}, { Region: 'us-west-2', ForcePathStyle: true, Bucket: 'b1' }],
    [
      'a client context parameter beats the built-in',
      {},
      { ForcePathStyle: false },
      { Region: 'us-west-2', ForcePathStyle: false },
    ],
  ])('%s', (_name, input, clientContext, expected) => {
    const params = buildEndpointParams({
      ruleSet,
      operation: operation(),
      inputShape,
      input,
      clientContext,
      builtIns: { 'AWS::Region': 'us-west-2', 'AWS::S3::ForcePathStyle': true },
    });
    expect(params).toEqual(expected);
  });

  it('prefers static over context over operation-context parameters, and skips unset ones', () => {
    const op = operation({
      staticContextParams: { UseS3ExpressControlEndpoint: { value: true }, Bucket: { value: 'static' } },
      operationContextParams: { ResourceArnList: { path: 'keys(RequestItems)' }, Key: { path: 'Missing.Path' } },
    });
    const params = buildEndpointParams({
      ruleSet,
      operation: op,
      inputShape,
      builtIns: {},
      input: { Bucket: 'from-input', RequestItems: { 'arn:a': 1, 'arn:b': 2 } },
      search,
    });
    expect(params).toEqual({
      UseS3ExpressControlEndpoint: true,
      Bucket: 'static',
      ResourceArnList: ['arn:a', 'arn:b'],
    });
  });
  it('refuses to skip operation context parameters when given no JMESPath evaluator', () => {
    const op = operation({ operationContextParams: { ResourceArnList: { path: 'keys(RequestItems)' } } });
    expect(() => buildEndpointParams({ ruleSet, operation: op, inputShape, builtIns: {}, input: {} })).toThrow(
      TypeError,
    );
  });
});

describe('builtInsFromConfig', () => {
  it('follows botocore defaults', () => {
    expect(builtInsFromConfig({ region: 'us-east-1' })).toEqual({
      'AWS::Region': 'us-east-1',
      'AWS::UseFIPS': false,
      'AWS::UseDualStack': false,
      'SDK::Endpoint': undefined,
      'AWS::STS::UseGlobalEndpoint': false,
      'AWS::S3::UseGlobalEndpoint': true,
      'AWS::S3::Accelerate': false,
      'AWS::S3::ForcePathStyle': false,
      'AWS::S3::UseArnRegion': true,
      'AWS::S3Control::UseArnRegion': false,
      'AWS::S3::DisableMultiRegionAccessPoints': false,
      'AWS::Auth::AccountId': undefined,
      'AWS::Auth::AccountIdEndpointMode': 'preferred',
    });
  });

  it.each([
    [
      'a custom endpoint turns FIPS and dual-stack off',
      { endpointUrl: 'http://localhost:5000', useFipsEndpoint: true, useDualstackEndpoint: true },
      { 'AWS::UseFIPS': false, 'AWS::UseDualStack': false, 'SDK::Endpoint': 'http://localhost:5000' },
    ],
    [
      'a custom endpoint is path-style by default',
      { endpointUrl: 'http://localhost:5000' },
      { 'AWS::S3::ForcePathStyle': true },
    ],
    [
      'unless virtual addressing is asked for',
      { endpointUrl: 'http://localhost:5000', s3: { addressingStyle: 'virtual' as const } },
      { 'AWS::S3::ForcePathStyle': false },
    ],
    [
      'an accelerate endpoint URL is not forced path-style',
      { endpointUrl: 'https://s3-accelerate.dualstack.amazonaws.com' },
      { 'AWS::S3::ForcePathStyle': false },
    ],
    [
      'accelerate wins over path style',
      { s3: { useAccelerateEndpoint: true, addressingStyle: 'path' as const } },
      { 'AWS::S3::Accelerate': true, 'AWS::S3::ForcePathStyle': false },
    ],
    [
      'legacy STS endpoints apply to the legacy regions',
      { region: 'eu-west-1', stsRegionalEndpoints: 'legacy' as const },
      { 'AWS::STS::UseGlobalEndpoint': true },
    ],
    [
      'but not to newer regions',
      { region: 'ap-east-1', stsRegionalEndpoints: 'legacy' as const },
      { 'AWS::STS::UseGlobalEndpoint': false },
    ],
    [
      'S3 us-east-1 regional endpoint',
      { region: 'us-east-1', s3: { usEast1RegionalEndpoint: 'regional' as const } },
      { 'AWS::S3::UseGlobalEndpoint': false },
    ],
    ['S3 global endpoint only for us-east-1', { region: 'us-west-2' }, { 'AWS::S3::UseGlobalEndpoint': false }],
  ])('%s', (_name, config, expected) => {
    expect(builtInsFromConfig(config)).toMatchObject(expected);
  });
});

describe('adjustS3BuiltIns', () => {
  const base = { 'AWS::Region': 'us-west-2', 'AWS::S3::ForcePathStyle': false, 'AWS::S3::UseGlobalEndpoint': false };
  it.each([
    [
      'GetBucketLocation goes path-style',
      'GetBucketLocation',
      { Bucket: 'b' },
      false,
      { 'AWS::S3::ForcePathStyle': true },
    ],
    [
      'an ARN bucket never does',
      'GetObject',
      { Bucket: 'arn:aws:s3:us-west-2:123456789012:accesspoint:ap' },
      false,
      { 'AWS::S3::ForcePathStyle': false },
    ],
    [
      'a presigned URL may use the global endpoint',
      'GetObject',
      { Bucket: 'bucket' },
      true,
      { 'AWS::Region': 'aws-global', 'AWS::S3::UseGlobalEndpoint': true },
    ],
    [
      'not for a bucket that is not a host label',
      'GetObject',
      { Bucket: 'my.bucket' },
      true,
      { 'AWS::Region': 'us-west-2' },
    ],
    [
      'not for an S3 Express bucket',
      'GetObject',
      { Bucket: 'b--usw2-az1--x-s3' },
      true,
      { 'AWS::Region': 'us-west-2' },
    ],
  ])('%s', (_name, operationName, input, presignGlobalEndpoint, expected) => {
    const forced =
      operationName === 'GetObject' && String(input.Bucket).startsWith('arn:')
        ? { ...base, 'AWS::S3::ForcePathStyle': true }
        : base;
    expect(adjustS3BuiltIns(forced, { operationName, input, presignGlobalEndpoint })).toMatchObject(expected);
  });
});
