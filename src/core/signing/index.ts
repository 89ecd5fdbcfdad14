/**
 * Request signing: AWS Signature Version 4 as botocore signs, and SigV4a (its ECDSA form, for a set of
 * regions), each in header or query (presigned URL) form. See sigv4.ts for the rules and for the
 * `sha256` / `payloadHash` seams, sigv4a.ts for what SigV4a changes.
 */
export {
  DEFAULT_PRESIGN_EXPIRES,
  MAX_PRESIGN_EXPIRES,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  UNSIGNED_PAYLOAD,
  presignUrl,
  presignWithStages,
  signRequest,
  signWithStages,
  signCanonicalRequest,
  signingKeySteps,
  shownSigningKey,
  type PresignOptions,
  type SignableRequest,
  type SignOptions,
  type Signed,
  type SigningCredentials,
  type SigningStages,
} from './sigv4.js';
export {
  presignUrlV4a,
  presignWithStagesV4a,
  signRequestV4a,
  signWithStagesV4a,
  type SigV4aPresignOptions,
  type SigV4aSignOptions,
} from './sigv4a.js';
export { parseRawRequest } from './raw-request.js';
