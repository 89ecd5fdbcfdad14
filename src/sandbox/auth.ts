/**
 * SigV4 as a service checks it: the Authorization header or the presigned query parameters taken
 * apart, the key looked up, the date and expiry checked, and the signature recomputed from the request
 * as it arrived (core/signing's receivedStages, the code that signs, so the two cannot drift apart).
 * Failures are answered in each service's words: S3's InvalidAccessKeyId / SignatureDoesNotMatch
 * (with the canonical request and string to sign it computed), the others' InvalidClientTokenId /
 * SignatureDoesNotMatch / MissingAuthenticationToken.
 */
import type { Sha256Constructor } from '../core/host.js';
import { Sha256 } from '../core/signing/sha256.js';
import { toHex } from '../core/hex.js';
import { amzDate, EMPTY_SHA256, fromAmzDate, receivedStages } from '../core/signing/sigv4.js';
import { findKey } from './identity.js';
import { SandboxError, type Caller } from './service.js';
import type { SandboxStore } from './store.js';

export interface Authorization {
  accessKeyId: string;
  /** `20261205T120000Z` */
  longDate: string;
  region: string;
  /** The signing name in the credential scope (`s3`, `iam`). */
  service: string;
  signedHeaders: string[];
  signature: string;
  /** Seconds a presigned URL is valid; undefined for a signed header. */
  expires?: number;
  securityToken?: string;
}

/** The request's SigV4 authorization, or undefined when it carries none (an anonymous request). */
export function readAuthorization(
  headers: Readonly<Record<string, string>>,
  query: ReadonlyArray<[string, string]>,
): Authorization | undefined {
  const header = headers.authorization;
  const q = new Map(query);
  if (header !== undefined) {
    const m =
      /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]+)\s*$/.exec(
        header,
      );
    if (!m) throw incomplete(`Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.`);
    const date = headers['x-amz-date'];
    if (date === undefined)
      throw incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
    return build(m[1]!, date, m[2]!, m[3]!, undefined, headers['x-amz-security-token']);
  }
  if (q.has('X-Amz-Signature') || q.has('X-Amz-Credential')) {
    const need = (name: string) => {
      const v = q.get(name);
      if (v === undefined) throw incomplete(`Query-string authentication requires the ${name} parameter.`);
      return v;
    };
    if (need('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
      throw incomplete('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256".');
    const expires = Number(need('X-Amz-Expires'));
    return build(
      need('X-Amz-Credential'),
      need('X-Amz-Date'),
      need('X-Amz-SignedHeaders'),
      need('X-Amz-Signature'),
      expires,
      q.get('X-Amz-Security-Token'),
    );
  }
  return undefined;
}

function build(
  credential: string,
  longDate: string,
  signedHeaders: string,
  signature: string,
  expires: number | undefined,
  securityToken: string | undefined,
): Authorization {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request')
    throw incomplete(`Credential should be scoped to a valid region, service and the terminal 'aws4_request'.`);
  if (!/^\d{8}T\d{6}Z$/.test(longDate))
    throw incomplete(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'".`);
  if (parts[1] !== longDate.slice(0, 8))
    throw new SandboxError(
      'SignatureDoesNotMatch',
      `Credential should be scoped to a valid date: the scope's ${parts[1]} is not the request's ${longDate.slice(0, 8)}.`,
      403,
    );
  return {
    accessKeyId: parts[0]!,
    longDate,
    region: parts[2]!,
    service: parts[3]!,
    signedHeaders: signedHeaders.split(';'),
    signature,
    ...(expires !== undefined ? { expires } : {}),
    ...(securityToken !== undefined ? { securityToken } : {}),
  };
}

function incomplete(message: string): SandboxError {
  return new SandboxError('IncompleteSignature', message, 400);
}

/** Requests signed more than 15 minutes from the sandbox's clock are refused, as AWS refuses them. */
const SKEW_MS = 15 * 60_000;

export interface VerifyInput {
  auth: Authorization;
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  /** The payload hash the signature covers (`x-amz-content-sha256`, or the body's SHA-256 the caller computed). */
  payloadHash: string;
  now: Date;
  /** S3's rules and words. */
  s3: boolean;
  sha256?: Sha256Constructor;
}

/** Checks the signature; resolves to who signed (and the secret that signed, for the chunks of a signed stream), or throws the service's error. */
export async function verify(
  store: SandboxStore,
  v: VerifyInput,
): Promise<{ caller: Caller; secretAccessKey: string }> {
  const { auth, s3 } = v;
  const key = await findKey(store, auth.accessKeyId);
  if (!key || key.status === 'Inactive') {
    throw s3
      ? new SandboxError(
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
          403,
          {
            AWSAccessKeyId: auth.accessKeyId,
          },
        )
      : new SandboxError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  if (key.sessionToken !== undefined && key.sessionToken !== auth.securityToken) {
    throw s3
      ? new SandboxError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400)
      : new SandboxError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  if (key.expiration !== undefined && Date.parse(key.expiration) <= v.now.getTime()) {
    throw s3
      ? new SandboxError('ExpiredToken', 'The provided token has expired.', 400)
      : new SandboxError('ExpiredToken', 'The security token included in the request is expired', 403);
  }
  const signedAt = fromAmzDate(auth.longDate).getTime();
  if (auth.expires !== undefined) {
    if (!Number.isInteger(auth.expires) || auth.expires < 1 || auth.expires > 604_800)
      throw new SandboxError(
        'AuthorizationQueryParametersError',
        'X-Amz-Expires must be between 1 and 604800 seconds.',
        400,
      );
    if (signedAt + auth.expires * 1000 < v.now.getTime())
      throw new SandboxError('AccessDenied', 'Request has expired', 403);
    if (signedAt - SKEW_MS > v.now.getTime()) throw new SandboxError('AccessDenied', 'Request is not valid yet', 403);
  } else if (Math.abs(signedAt - v.now.getTime()) > SKEW_MS) {
    const message = 'The difference between the request time and the current time is too large.';
    throw s3
      ? new SandboxError('RequestTimeTooSkewed', message, 403, {
          RequestTime: auth.longDate,
          ServerTime: v.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          MaxAllowedSkewMilliseconds: String(SKEW_MS),
        })
      : new SandboxError(
          'SignatureDoesNotMatch',
          `Signature expired: ${auth.longDate} is now earlier than ${amzDate(new Date(v.now.getTime() - SKEW_MS))} (${amzDate(v.now)} - 15 min.)`,
          403,
        );
  }
  const stages = await receivedStages(
    { method: v.method, url: v.url, headers: v.headers },
    {
      credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: key.secretAccessKey },
      region: auth.region,
      service: auth.service,
      longDate: auth.longDate,
      signedHeaders: auth.signedHeaders,
      payloadHash: v.payloadHash,
      s3,
      ...(v.sha256 ? { sha256: v.sha256 } : {}),
    },
  );
  if (stages.signature !== auth.signature) {
    if (!s3)
      throw new SandboxError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        403,
      );
    throw new SandboxError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
      {
        AWSAccessKeyId: auth.accessKeyId,
        StringToSign: stages.stringToSign,
        SignatureProvided: auth.signature,
        StringToSignBytes: spacedHex(stages.stringToSign),
        CanonicalRequest: stages.canonicalRequest,
        CanonicalRequestBytes: spacedHex(stages.canonicalRequest),
      },
    );
  }
  return { caller: { ...key.caller, accessKeyId: auth.accessKeyId }, secretAccessKey: key.secretAccessKey };
}

/** S3 lists the bytes of what it signed as spaced hex pairs. */
function spacedHex(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Checks the chunk signatures of a signed `aws-chunked` body, each chained to the one before it. */
export interface ChunkVerifier {
  /** A SHA-256 for one chunk's bytes. */
  hasher(): { update(data: Uint8Array): void; digest(): Promise<Uint8Array> };
  /** A chunk's signature against its bytes' hex SHA-256 (the last, empty chunk's too). */
  chunk(signature: string | undefined, sha256: string): Promise<void>;
  /** The trailing headers' signature against their canonical form (`name:value\n` each). */
  trailer(signature: string | undefined, canonical: string): Promise<void>;
}

/**
 * The verifier for a body sent as STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): the first chunk's
 * signature chains from the request's own, and each chunk's string to sign names its bytes' hash, as
 * S3's streaming signature defines it.
 */
export async function chunkVerifier(
  auth: Authorization,
  secretAccessKey: string,
  sha256: Sha256Constructor = Sha256,
): Promise<ChunkVerifier> {
  const date = auth.longDate.slice(0, 8);
  const scope = `${date}/${auth.region}/${auth.service}/aws4_request`;
  const hmac = async (key: string | Uint8Array, data: string) => {
    const h = new sha256(key);
    h.update(data);
    return h.digest();
  };
  let key: Uint8Array = await hmac(`AWS4${secretAccessKey}`, date);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = await hmac(key, part);
  let previous = auth.signature;
  const check = async (signature: string | undefined, lines: string[]) => {
    const expected = toHex(
      await hmac(key, [...lines.slice(0, 1), auth.longDate, scope, previous, ...lines.slice(1)].join('\n')),
    );
    if (signature !== expected)
      throw new SandboxError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
      );
    previous = expected;
  };
  return {
    hasher: () => new sha256(),
    chunk: (signature, hash) => check(signature, ['AWS4-HMAC-SHA256-PAYLOAD', EMPTY_SHA256, hash]),
    trailer: async (signature, canonical) => {
      const h = new sha256();
      h.update(canonical);
      await check(signature, ['AWS4-HMAC-SHA256-TRAILER', toHex(await h.digest())]);
    },
  };
}
