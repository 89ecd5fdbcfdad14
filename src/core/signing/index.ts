/**
 * SigV4 with `@smithy/signature-v4`, configured the way botocore signs: other services get a
 * normalised, double-encoded path; S3 (`s3: true`) keeps its path as sent and always carries
 * `x-amz-content-sha256`. Bodies already in memory are hashed; a streamed body is signed with the
 * payload hash the caller passes (`UNSIGNED-PAYLOAD` or the aws-chunked trailer marker).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from '../credentials/types.js';
import type { HttpBody, HttpRequest } from '../host.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_UNSIGNED_PAYLOAD_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export interface SignOptions {
  credentials: Credentials;
  region: string;
  /** The signing name (`s3`, `dynamodb`, …). */
  service: string;
  now: Date;
  /** S3 rules: no path normalisation or double encoding, `x-amz-content-sha256` always sent. */
  s3: boolean;
  /** A precomputed payload hash or marker; computed from the body when absent. */
  payloadHash?: string;
  /** An endpoint auth scheme may turn double encoding off for a non-S3 service. */
  disableDoubleEncoding?: boolean;
}

/** Returns a copy of `req` with `Authorization`, `X-Amz-Date` and friends set. */
export async function signRequest(req: HttpRequest, opts: SignOptions): Promise<HttpRequest> {
  const url = new URL(req.url);
  const headers: Record<string, string> = { ...req.headers, host: url.host };
  if (opts.payloadHash) headers['x-amz-content-sha256'] = opts.payloadHash;
  else if (opts.s3) headers['x-amz-content-sha256'] = await sha256Hex(req.body);
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: opts.service,
    sha256: Sha256,
    uriEscapePath: !opts.s3 && !opts.disableDoubleEncoding,
    applyChecksum: opts.s3,
  });
  const query: Record<string, string | string[] | null> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev as string, v];
  }
  const signed = await signer.sign({
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    // The wire path is encoded once; with uriEscapePath the signer encodes it again, as SigV4 asks of non-S3 services.
    path: url.pathname,
    query,
    headers,
    body: req.body instanceof Uint8Array ? req.body : undefined,
  }, { signingDate: opts.now });
  const { host: _host, ...out } = signed.headers;
  return { ...req, headers: out };
}

async function sha256Hex(body: HttpBody | undefined): Promise<string> {
  const hash = new Sha256();
  if (body instanceof Uint8Array) hash.update(body);
  else if (body !== undefined) return UNSIGNED_PAYLOAD;
  const digest = await hash.digest();
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
