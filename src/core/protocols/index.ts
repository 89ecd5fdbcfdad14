/**
 * Protocol selection and lazy loading. A service may list several protocols (`metadata.protocols`);
 * like botocore 1.43 and the AWS CLI v2 we take the first one we support in botocore's priority order,
 * where JSON comes before CBOR: CloudWatch, GameLift and the others that list `smithy-rpc-v2-cbor` first
 * and `json` beside it speak JSON, CBOR only those that offer nothing botocore ranks higher. Each protocol
 * module is imported only when a service that uses it is called, which keeps start-up and the browser's
 * first chunk small.
 */
import type { ServiceMetadata } from '../model/types.js';
import type { Protocol } from './types.js';
import { UnknownNameError } from '../errors.js';

export type ProtocolName = 'smithy-rpc-v2-cbor' | 'json' | 'rest-json' | 'rest-xml' | 'query' | 'ec2';

/** botocore's PRIORITY_ORDERED_SUPPORTED_PROTOCOLS. */
export const PROTOCOL_PRIORITY: readonly ProtocolName[] = [
  'json',
  'rest-json',
  'rest-xml',
  'smithy-rpc-v2-cbor',
  'query',
  'ec2',
];

/** The protocol a client must speak to a service described by `metadata`. */
export function selectProtocol(metadata: Pick<ServiceMetadata, 'protocol' | 'protocols'>): ProtocolName {
  const offered = metadata.protocols ?? [metadata.protocol];
  for (const name of PROTOCOL_PRIORITY) {
    if (offered.includes(name)) return name;
  }
  throw new UnknownNameError(`No supported protocol among: ${offered.join(', ')}`);
}

/** Loads the module implementing `name`. */
export async function loadProtocol(name: ProtocolName): Promise<Protocol> {
  switch (name) {
    case 'query':
      return (await import('./query.js')).protocol;
    case 'ec2':
      return (await import('./ec2.js')).protocol;
    case 'json':
      return (await import('./json.js')).protocol;
    case 'rest-json':
      return (await import('./rest-json.js')).protocol;
    case 'rest-xml':
      return (await import('./rest-xml.js')).protocol;
    case 'smithy-rpc-v2-cbor':
      return (await import('./rpc-v2-cbor.js')).protocol;
  }
}
