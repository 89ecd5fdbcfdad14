/**
 * Request signing: AWS Signature Version 4 as botocore signs, header or query (presigned URL) form. See
 * sigv4.ts for the rules and for the `sha256` / `payloadHash` seams. SigV4a (its ECDSA form, for a set of
 * regions) is sigv4a.ts, imported on its own where it is used, so its code loads only when an endpoint
 * asks for it.
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
export { parseRawRequest } from './raw-request.js';
