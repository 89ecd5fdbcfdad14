/**
 * The EC2 protocol: the query protocol with EC2's dialect (botocore's EC2Serializer/EC2QueryParser).
 * Members are named by `queryName`, else by their `locationName` with the first letter capitalised;
 * every list is flattened (`Name.N`) and an empty list sends nothing; errors nest in
 * `<Response><Errors><Error>` with a `RequestID`, success bodies carry a lower-case `requestId`.
 * Spec: https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html
 */
import { createQueryProtocol, type QueryDialect } from './query.js';
import type { Protocol } from './types.js';
import { refTrait } from '../model/shapes.js';
import { childNamed } from './xml.js';

export const EC2_DIALECT: QueryDialect = {
  serializedName: (model, ref, defaultName) => {
    const queryName = refTrait(model, ref, 'queryName');
    // botocore keeps an unnamed member's name as is; the bundled EC2 model's member names are all
    // capitalised already, so capitalising it too (as the ec2Query spec says) changes nothing there.
    return queryName ?? capitalize(refTrait(model, ref, 'locationName') ?? defaultName);
  },
  listsAlwaysFlattened: true,
  errorNode: (root) => {
    const errors = childNamed(root, 'Errors');
    return (errors && childNamed(errors, 'Error')) ?? root;
  },
  errorRequestId: (fields) => (typeof fields.RequestID === 'string' ? fields.RequestID : undefined),
  responseRequestId: (root) => childNamed(root, 'requestId')?.text,
  defaultResultWrapper: false,
};

export const protocol: Protocol = createQueryProtocol(EC2_DIALECT);

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
