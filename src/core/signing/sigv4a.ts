/**
 * AWS Signature Version 4a (`AWS4-ECDSA-P256-SHA256`): the asymmetric SigV4 that multi-region access
 * points, EventBridge global endpoints, CloudFront KeyValueStore and S3 on Outposts ask for, as botocore
 * has the CRT sign it (crt/auth.py `CrtSigV4AsymAuth`, `CrtS3SigV4AsymAuth` and their query forms). The
 * canonical request is SigV4's (canonical-request.ts, with its S3 and payload rules); what differs:
 *
 * - The signature is good for a set of regions, not one: `X-Amz-Region-Set` (`*`, or
 *   `us-east-1,us-west-2`) is a signed header, or a signed query parameter of a presigned URL, and the
 *   credential scope has no region (`20150830/s3/aws4_request`).
 * - The key: an ECDSA P-256 private key derived from the access key id and secret (NIST SP 800-108
 *   counter-mode KDF over HMAC-SHA256), so it holds for every day, region and service, unlike SigV4's
 *   daily HMAC chain.
 * - The signature: ECDSA over the SHA-256 of the string to sign, DER-encoded, in hex (p256.ts).
 * - A presigned URL's auth parameters come in the CRT's order: algorithm, credential, date, signed
 *   headers, expiry, token, region set.
 */
import { IsoawsError } from '../errors.js';
import type { Sha256Constructor } from '../host.js';
import {
  digest,
  hasher,
  type CommonSignOptions,
  type SignableRequest,
  type Signed,
  type SigningCredentials,
  type SigningStages,
} from './canonical-request.js';
import { bytesToBigInt, derHex, N, signDigest } from './p256.js';
import { presignForm, signHeaderForm, type SignatureAlgorithm, type StageOptions } from './signature-forms.js';

export const SIGV4A_ALGORITHM = 'AWS4-ECDSA-P256-SHA256';

export interface SigV4aSignOptions extends Omit<CommonSignOptions, 'credentials'> {
  /** `null` signs nothing (`--no-sign-request`): the request comes back unchanged. */
  credentials: SigningCredentials | null;
  /** The regions the signature holds in: `*` for all, or a comma-separated list (`us-east-1,us-west-2`). */
  regionSet: string;
  /** The signing name (`s3`, `events`, …). */
  service: string;
}

export interface SigV4aPresignOptions extends SigV4aSignOptions {
  /** Seconds the URL stays valid: default 3600, at most 604800. */
  expiresIn?: number;
}

type WithCredentials<T> = T & { credentials: SigningCredentials };

/**
 * Signs `req` with an `Authorization` header: a copy with `x-amz-date`, `x-amz-region-set`,
 * `x-amz-security-token` (temporary credentials), `x-amz-content-sha256` (S3, or an unsigned/streaming
 * payload) and `authorization` set, as signRequest does for SigV4.
 */
export async function signRequestV4a<T extends SignableRequest>(req: T, opts: SigV4aSignOptions): Promise<Signed<T>> {
  if (opts.credentials === null) return { ...req, headers: { ...req.headers } };
  return (await signWithStagesV4a(req, { ...opts, credentials: opts.credentials })).request;
}

/** `signRequestV4a` with each stage of the signature, for tests and `--debug`. */
export async function signWithStagesV4a<T extends SignableRequest>(
  req: T,
  opts: WithCredentials<SigV4aSignOptions>,
): Promise<{ request: Signed<T>; stages: SigningStages }> {
  return signHeaderForm(SIGV4A, req, opts);
}

/**
 * A presigned URL signed with SigV4a: `req`'s headers stay headers and are signed, the region set is a
 * query parameter. With `credentials: null` the URL comes back unsigned.
 */
export async function presignUrlV4a(req: SignableRequest, opts: SigV4aPresignOptions): Promise<string> {
  if (opts.credentials === null) return req.url;
  return (await presignWithStagesV4a(req, { ...opts, credentials: opts.credentials })).url;
}

/** `presignUrlV4a` with each stage of the signature. */
export async function presignWithStagesV4a(
  req: SignableRequest,
  opts: WithCredentials<SigV4aPresignOptions>,
): Promise<{ url: string; stages: SigningStages }> {
  return presignForm(SIGV4A, req, opts);
}

/** The regions and service a SigV4a signature is scoped to, and the whole key pair its key derives from. */
type SigV4aScope = StageOptions & { credentials: SigningCredentials; regionSet: string; service: string };

const SIGV4A: SignatureAlgorithm<SigV4aScope> = {
  name: SIGV4A_ALGORITHM,
  // SigV4's scope without the region: `20150830/s3/aws4_request`.
  scope: (shortDate, { service }) => `${shortDate}/${service}/aws4_request`,
  headers: ({ regionSet }) => ({ 'x-amz-region-set': regionSet }),
  presignParams: (p, { regionSet }) => [
    ['X-Amz-Algorithm', SIGV4A_ALGORITHM],
    ['X-Amz-Credential', p.credential],
    ['X-Amz-Date', p.longDate],
    ['X-Amz-SignedHeaders', p.signedHeaders],
    ['X-Amz-Expires', p.expires],
    ...(p.token ? [['X-Amz-Security-Token', p.token] as [string, string]] : []),
    ['X-Amz-Region-Set', regionSet],
  ],
  async sign(sha256, stringToSign, _shortDate, opts) {
    const privateKey = await sigv4aPrivateKey(opts.credentials, sha256);
    return derHex(await signDigest(sha256, privateKey, await digest(sha256, stringToSign)));
  },
};

const MAX_COUNTER = 254;

/**
 * The P-256 private key of a pair of credentials: NIST SP 800-108's KDF in counter mode with
 * HMAC-SHA256 under `AWS4A` + the secret, over `1 (4 bytes) ‖ label ‖ 0x00 ‖ context ‖ 256 (4 bytes)`
 * where the label is the algorithm's name and the context the access key id followed by a counter byte.
 * A candidate above n - 2 is passed over for the next counter (about once in 2³²); the key is the
 * candidate plus one, so it falls in [1, n - 1].
 */
export async function sigv4aPrivateKey(
  credentials: Pick<SigningCredentials, 'accessKeyId' | 'secretAccessKey'>,
  sha256?: Sha256Constructor,
): Promise<bigint> {
  const hash = await hasher(sha256);
  const encoder = new TextEncoder();
  const label = encoder.encode(SIGV4A_ALGORITHM);
  const accessKeyId = encoder.encode(credentials.accessKeyId);
  for (let counter = 1; counter <= MAX_COUNTER; counter++) {
    const fixedInput = Uint8Array.of(...[0, 0, 0, 1], ...label, 0, ...accessKeyId, counter, ...[0, 0, 1, 0]);
    const candidate = bytesToBigInt(await digest(hash, fixedInput, `AWS4A${credentials.secretAccessKey}`));
    if (candidate <= N - 2n) return candidate + 1n;
  }
  throw new IsoawsError('Could not derive a SigV4a signing key from these credentials');
}
