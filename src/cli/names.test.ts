import { describe, expect, it } from 'vitest';
import { xformName } from './names.js';

// Expected values are botocore 1.43.11's xform_name(name, '-').
describe('xformName', () => {
  it.each([
    ['ListObjectsV2', 'list-objects-v2'],
    ['DescribeDBInstances', 'describe-db-instances'],
    ['GetCallerIdentity', 'get-caller-identity'],
    ['ListWebACLs', 'list-web-acls'],
    ['GatewayARNs', 'gateway-arns'],
    ['CreateCachediSCSIVolume', 'create-cached-iscsi-volume'],
    ['ExecutePartiQLStatement', 'execute-partiql-statement'],
    ['SendWhatsAppMessage', 'send-whatsapp-message'],
    ['GetOTelEnrichment', 'get-otel-enrichment'],
    ['MaxItems', 'max-items'],
    ['SSECustomerKeyMD5', 'sse-customer-key-md5'],
    ['DryRun', 'dry-run'],
    ['already-kebab', 'already-kebab'],
  ])('%s → %s', (input, expected) => {
    expect(xformName(input)).toBe(expected);
  });
});
