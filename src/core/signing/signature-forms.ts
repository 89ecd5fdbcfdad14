/**
 * The forms a SigV4-family signature takes, shared by SigV4 (sigv4.ts) and SigV4a (sigv4a.ts): an
 * `Authorization` header, a presigned URL's query, and the stages of either. An algorithm brings only
 * what differs — its name, its credential scope, the headers or query parameters it adds, and how a
 * string to sign becomes a signature — so the two signers cannot drift apart in the rest.
 */
import { toHex } from '../hex.js';
import type { Sha256Constructor } from '../host.js';
import {
  canonicalRequestOf,
  digest,
  encodedQuery,
  hasher,
  headerSigningInput,
  presignInput,
  signedHeaderList,
  type CommonSignOptions,
  type PathRules,
  type SignableRequest,
  type Signed,
  type SigningCredentials,
  type SigningStages,
  type SplitUrl,
} from './canonical-request.js';

/** What computing a signature needs, whichever form it takes: SigV4 signs with the secret alone. */
export interface StageOptions extends PathRules {
  credentials: Pick<SigningCredentials, 'secretAccessKey'>;
  sha256?: Sha256Constructor;
}

/** A presigned URL's auth parameters, before the algorithm puts them in its order. */
export interface PresignParams {
  credential: string;
  longDate: string;
  expires: string;
  signedHeaders: string;
  token: string | undefined;
}

export interface SignatureAlgorithm<O extends StageOptions> {
  /** `AWS4-HMAC-SHA256`, `AWS4-ECDSA-P256-SHA256`. */
  name: string;
  /** The credential scope: `20150830/us-east-1/iam/aws4_request`. */
  scope(shortDate: string, opts: O): string;
  /** Headers the algorithm adds and signs in the header form (SigV4a's region set). */
  headers?(opts: O): Record<string, string>;
  /** A presigned URL's auth parameters, without the signature, in the order the reference signer writes them. */
  presignParams(params: PresignParams, opts: O): Array<[string, string]>;
  /** The signature of a string to sign, as hex. */
  sign(sha256: Sha256Constructor, stringToSign: string, shortDate: string, opts: O): Promise<string>;
}

/** `req` with its `Authorization` header (and the headers that header signs), and each stage. */
export async function signHeaderForm<T extends SignableRequest, O extends StageOptions>(
  algorithm: SignatureAlgorithm<O>,
  req: T,
  opts: O & CommonSignOptions,
): Promise<{ request: Signed<T>; stages: SigningStages }> {
  const input = await headerSigningInput(req, opts, algorithm.headers?.(opts));
  const stages = await signingStages(algorithm, { ...input, method: req.method, opts });
  const { headers } = input;
  headers.authorization =
    `${algorithm.name} Credential=${opts.credentials.accessKeyId}/${stages.credentialScope}, ` +
    `SignedHeaders=${stages.signedHeaders}, Signature=${stages.signature}`;
  return { request: { ...req, headers }, stages };
}

/** A presigned URL of `req`: its operation's parameters, then the auth parameters, then the signature. */
export async function presignForm<O extends StageOptions>(
  algorithm: SignatureAlgorithm<O>,
  req: SignableRequest,
  opts: O & CommonSignOptions & { expiresIn?: number },
): Promise<{ url: string; stages: SigningStages }> {
  const input = await presignInput(req, opts);
  const { url, longDate, operationParams } = input;
  const authParams = algorithm.presignParams(
    {
      credential: `${opts.credentials.accessKeyId}/${algorithm.scope(longDate.slice(0, 8), opts)}`,
      longDate,
      expires: String(input.expiresIn),
      signedHeaders: signedHeaderList(input.signingHeaders),
      token: opts.credentials.sessionToken,
    },
    opts,
  );
  const query: Record<string, string> = {};
  for (const [k, v] of [...operationParams, ...authParams]) query[k] = v;
  const stages = await signingStages(algorithm, {
    method: req.method,
    url,
    query,
    signingHeaders: input.signingHeaders,
    payloadHash: input.payloadHash,
    longDate,
    opts,
  });
  const search = encodedQuery([...operationParams, ...authParams, ['X-Amz-Signature', stages.signature]]);
  return { url: `${url.scheme}://${url.authority}${url.rawPath}?${search}`, stages };
}

/** The canonical request of what is signed, and the string to sign and signature made from it. */
export async function signingStages<O extends StageOptions>(
  algorithm: SignatureAlgorithm<O>,
  args: {
    method: string;
    url: SplitUrl;
    query: Record<string, string | string[]>;
    signingHeaders: Record<string, string>;
    payloadHash: string;
    longDate: string;
    opts: O;
  },
): Promise<SigningStages> {
  const { canonicalRequest, signedHeaders } = canonicalRequestOf({
    method: args.method,
    url: args.url,
    query: args.query,
    headers: args.signingHeaders,
    payloadHash: args.payloadHash,
    rules: args.opts,
  });
  const signed = await signCanonical(algorithm, canonicalRequest, args.longDate, args.opts);
  return { canonicalRequest, ...signed, payloadHash: args.payloadHash, signedHeaders };
}

/** The string to sign over a canonical request (algorithm, date, scope, the request's SHA-256) and its signature. */
export async function signCanonical<O extends StageOptions>(
  algorithm: SignatureAlgorithm<O>,
  canonicalRequest: string,
  longDate: string,
  opts: O,
): Promise<{ stringToSign: string; credentialScope: string; signature: string }> {
  const sha256 = await hasher(opts.sha256);
  const shortDate = longDate.slice(0, 8);
  const credentialScope = algorithm.scope(shortDate, opts);
  const stringToSign = `${algorithm.name}\n${longDate}\n${credentialScope}\n${toHex(await digest(sha256, canonicalRequest))}`;
  return { stringToSign, credentialScope, signature: await algorithm.sign(sha256, stringToSign, shortDate, opts) };
}
