/**
 * CloudTrail log file validation without CloudTrail: what a trail would have delivered, written into
 * moto_server's S3 the way CloudTrail writes it (moto keeps trails but delivers nothing), and a stand-in
 * for the CloudTrail endpoint that answers ListPublicKeys itself (moto does not implement it), passes the
 * other CloudTrail calls to moto and refuses anything else.
 *
 * Digest files follow CloudTrail's documented layout: gzipped JSON under
 * `[prefix/]AWSLogs/[org/]account/CloudTrail-Digest/region/YYYY/MM/DD/…_YYYYMMDDTHHMMSSZ[_backfill].json.gz`,
 * signed with SHA256withRSA over `digestEndTime \n bucket/key \n sha256(the JSON) \n previous signature`
 * (`null` for the first of a chain), the signature in hex in the object's `signature` metadata. The keys
 * are made here with node:crypto, and the stand-in hands out their public halves as CloudTrail does:
 * DER RSAPublicKey (PKCS#1), base64 in the JSON, each valid for a span of time.
 *
 * A CloudTrail Lake export (`lakeExport`) is made the same way: its result files and a `result_sign.json`
 * signed over their hashes joined by spaces.
 *
 * Objects are written with plain HTTP to moto (path-style, unsigned: moto does not check), so the fixture
 * does not depend on the client under test.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface SigningKey {
  fingerprint: string;
  privateKey: KeyObject;
  /** DER RSAPublicKey. */
  publicDer: Buffer;
  validFrom: Date;
  validTo: Date;
}

export function signingKey(fingerprint: string, validFrom: string, validTo: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    fingerprint,
    privateKey,
    publicDer: publicKey.export({ type: 'pkcs1', format: 'der' }),
    validFrom: new Date(validFrom),
    validTo: new Date(validTo),
  };
}

/** Where one trail's files go, as CloudTrail names them. */
export interface TrailPlace {
  account: string;
  /** The trail's home region. */
  region: string;
  /** The region whose events the files hold (a multi-region trail's other regions); the home region unless given. */
  sourceRegion?: string;
  trail: string;
  prefix?: string;
  organizationId?: string;
}

export interface LogSpec {
  bucket: string;
  key: string;
  /** What CloudTrail wrote (the digest's hash is of this). */
  content: string;
}

export interface DigestSpec {
  bucket: string;
  place: TrailPlace;
  start: string;
  end: string;
  /** The delivery time in the key name; the end time unless given. */
  keyTime?: string;
  logs: LogSpec[];
  previous?: WrittenDigest;
  signer: SigningKey;
  /** A backfill digest, made at this time. */
  backfillAt?: string;
}

export interface WrittenDigest {
  bucket: string;
  key: string;
  signature: string;
  json: string;
}

export function digestKey(place: TrailPlace, time: string, backfill = false): string {
  const t = new Date(time).toISOString();
  const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}T${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}Z`;
  const org = place.organizationId ? `${place.organizationId}/` : '';
  const source = place.sourceRegion ?? place.region;
  const name = `${place.account}_CloudTrail-Digest_${source}_${place.trail}_${place.region}_${stamp}${backfill ? '_backfill' : ''}.json.gz`;
  const key = `AWSLogs/${org}${place.account}/CloudTrail-Digest/${source}/${t.slice(0, 4)}/${t.slice(5, 7)}/${t.slice(8, 10)}/${name}`;
  return place.prefix ? `${place.prefix}/${key}` : key;
}

export function logKey(place: TrailPlace, time: string, id: string): string {
  const t = new Date(time).toISOString();
  const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}T${t.slice(11, 13)}${t.slice(14, 16)}Z`;
  const org = place.organizationId ? `${place.organizationId}/` : '';
  const source = place.sourceRegion ?? place.region;
  const key = `AWSLogs/${org}${place.account}/CloudTrail/${source}/${t.slice(0, 4)}/${t.slice(5, 7)}/${t.slice(8, 10)}/${place.account}_CloudTrail_${source}_${stamp}_${id}.json.gz`;
  return place.prefix ? `${place.prefix}/${key}` : key;
}

/** A day's CloudTrail log file: its events as JSON. */
export function logContent(eventName: string, time: string): string {
  return JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: time, eventName, awsRegion: 'us-east-1' }] });
}

/** The digest's JSON and signature, signed as CloudTrail signs; nothing is written. */
export function makeDigest(spec: DigestSpec): WrittenDigest & { metadata: Record<string, string> } {
  const key = digestKey(spec.place, spec.keyTime ?? spec.end, spec.backfillAt !== undefined);
  const json = JSON.stringify({
    awsAccountId: spec.place.account,
    digestStartTime: spec.start,
    digestEndTime: spec.end,
    digestS3Bucket: spec.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: spec.signer.fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: spec.end,
    oldestEventTime: spec.start,
    previousDigestS3Bucket: spec.previous?.bucket ?? null,
    previousDigestS3Object: spec.previous?.key ?? null,
    previousDigestHashValue: spec.previous ? sha256(spec.previous.json) : null,
    previousDigestHashAlgorithm: spec.previous ? 'SHA-256' : null,
    previousDigestSignature: spec.previous?.signature ?? null,
    logFiles: spec.logs.map((log) => ({
      s3Bucket: log.bucket,
      s3Object: log.key,
      hashValue: sha256(log.content),
      hashAlgorithm: 'SHA-256',
      newestEventTime: spec.end,
      oldestEventTime: spec.start,
    })),
  });
  const toSign = [spec.end, `${spec.bucket}/${key}`, sha256(json), spec.previous?.signature ?? 'null'].join('\n');
  const signature = sign('sha256', Buffer.from(toSign), spec.signer.privateKey).toString('hex');
  const metadata: Record<string, string> = { signature, 'signature-algorithm': 'SHA256withRSA' };
  if (spec.backfillAt !== undefined) metadata['backfill-generation-timestamp'] = spec.backfillAt;
  return { bucket: spec.bucket, key, signature, json, metadata };
}

/** A CloudTrail Lake query's export: its result files and the sign file signed over their hashes. */
export function lakeExport(
  signer: SigningKey,
  files: Record<string, Buffer>,
  queryCompleteTime: string,
): Record<string, Buffer> {
  const entries = Object.entries(files).map(([fileName, data]) => ({ fileHashValue: sha256(data), fileName }));
  const signed = entries.map((e) => e.fileHashValue).join(' ');
  const signFile = {
    region: 'us-east-1',
    files: entries,
    hashAlgorithm: 'SHA-256',
    signatureAlgorithm: 'SHA256withRSA',
    hashSignature: sign('sha256', Buffer.from(signed), signer.privateKey).toString('hex'),
    publicKeyFingerprint: signer.fingerprint,
    queryCompleteTime,
  };
  return { ...files, 'result_sign.json': Buffer.from(JSON.stringify(signFile, null, 2)) };
}

/** Plain calls to moto: buckets, objects (with metadata), and JSON-protocol operations. */
export function motoWriter(endpoint: string) {
  const put = async (path: string, body?: Buffer | string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${endpoint}/${path}`, {
      method: 'PUT',
      body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body),
      headers,
    });
    if (res.status >= 300) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
  };
  return {
    async bucket(name: string, region = 'us-east-1') {
      const location =
        region === 'us-east-1'
          ? undefined
          : `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`;
      await put(name, location);
    },
    async object(bucket: string, key: string, body: Buffer | string, metadata: Record<string, string> = {}) {
      const headers = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`x-amz-meta-${k}`, v]));
      await put(`${bucket}/${key}`, body, headers);
    },
    async log(log: LogSpec, body = gzipSync(log.content)) {
      await this.object(log.bucket, log.key, body);
    },
    async digest(spec: DigestSpec): Promise<WrittenDigest> {
      const digest = makeDigest(spec);
      await this.object(digest.bucket, digest.key, gzipSync(digest.json), digest.metadata);
      return digest;
    },
    /**
     * A JSON-protocol call to `service` (`cloudtrail`, `CloudTrail_20131101.CreateTrail`); its parsed
     * answer. moto routes by the credential scope of the (unchecked) Authorization header.
     */
    async call(service: string, target: string, body: unknown): Promise<Record<string, unknown>> {
      const authorization = `AWS4-HMAC-SHA256 Credential=testing/20240301/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', authorization },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${target}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    },
  };
}

export interface CloudTrailStandIn {
  url: string;
  /** The StartTime and EndTime (epoch seconds) of every ListPublicKeys asked. */
  keyRequests: Array<{ StartTime?: number; EndTime?: number }>;
  close(): Promise<void>;
}

/**
 * CloudTrail on 127.0.0.1: ListPublicKeys from `keys` (those valid at some time in the range asked), other
 * CloudTrail calls passed to moto, and anything else refused.
 */
export async function startCloudTrailStandIn(motoEndpoint: string, keys: SigningKey[]): Promise<CloudTrailStandIn> {
  const upstream = new URL(motoEndpoint);
  const keyRequests: CloudTrailStandIn['keyRequests'] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (String(req.headers['x-amz-target']).endsWith('CloudTrail_20131101.ListPublicKeys')) {
      const asked = JSON.parse(body.toString() || '{}') as { StartTime?: number; EndTime?: number };
      keyRequests.push(asked);
      const from = (asked.StartTime ?? 0) * 1000;
      const to = (asked.EndTime ?? Number.MAX_SAFE_INTEGER / 1000) * 1000;
      const list = keys
        .filter((k) => k.validFrom.getTime() <= to && k.validTo.getTime() >= from)
        .map((k) => ({
          Value: k.publicDer.toString('base64'),
          ValidityStartTime: k.validFrom.getTime() / 1000,
          ValidityEndTime: k.validTo.getTime() / 1000,
          Fingerprint: k.fingerprint,
        }));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ PublicKeyList: list }));
      return;
    }
    // Only CloudTrail comes here: S3 and Organizations calls have their own endpoints, as in the CLI.
    if (!String(req.headers['x-amz-target']).includes('CloudTrail_20131101.')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('this stand-in answers CloudTrail only');
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keyRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
