import { describe, expect, it } from 'vitest';
import type { ServiceModel } from '../model/types.js';
import { protocol } from './rest-xml.js';

const model: ServiceModel = {
  metadata: { apiVersion: '2006-03-01', endpointPrefix: 's3', protocol: 'rest-xml' },
  operations: {
    PutBucketPolicy: { name: 'PutBucketPolicy', http: { method: 'PUT', requestUri: '/{Bucket}?policy' } },
  },
  shapes: {},
};

describe('rest-xml parse', () => {
  it('reads nothing from the body of an operation without an output, as botocore (moto answers `True`)', () => {
    const parsed = protocol.parse({
      model,
      operation: model.operations.PutBucketPolicy!,
      response: { statusCode: 200, headers: {}, body: new TextEncoder().encode('True') },
    });
    expect(parsed).toEqual({ kind: 'output', output: {} });
  });
});
