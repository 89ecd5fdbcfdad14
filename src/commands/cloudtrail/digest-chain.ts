/**
 * The chain of CloudTrail digest files, walked as validation.py's DigestTraverser walks it: the digest
 * keys of the trail in the range are listed once (ListObjects from a marker just before the start,
 * stopping an hour past the end), and from the newest, each digest is fetched, checked (its fields, its
 * place, its signature) and handed on, then the one it names as previous follows — in another bucket if
 * it says so — until a digest starts before the range. Where the chain breaks (no previous digest, a
 * digest missing or invalid), the next older key of the listing takes over and the caller is told.
 *
 * A digest's signature (SHA256withRSA, hex, in the object's `signature` metadata) covers
 * `digestEndTime \n bucket/key \n sha256(the inflated digest) \n previousDigestSignature` ("null" for
 * the first of a chain); the key comes from ListPublicKeys by the digest's fingerprint. Backfill digests
 * (`…_backfill.json.gz`, for logs delivered late) form chains of their own, signed with keys looked up
 * around their `backfill-generation-timestamp`.
 */
import type { Client } from '../../core/client.js';
import { AbortedError, IsoawsError, ServiceError } from '../../core/errors.js';
import { GzipFormatError, inflateGzipMember } from '../../core/gzip-member.js';
import { toHex } from '../../core/hex.js';
import type { Host } from '../../core/host.js';
import { pyStr, pyTypeName } from '../../core/query/python-text.js';
import { readRsaPublicKeyDer, RsaKeyError } from '../../core/rsa-pkcs1.js';
import { concatBytes } from '../../core/streaming-body.js';
import { compactDate, dayPath, displayDate, MICROS, parseJsonDate, toDate } from './dates.js';
import type { S3Clients } from './s3-clients.js';
import { sha256, unhexlify, verifySha256WithRsa } from './signature.js';

/** A digest file's JSON, with the `_signature` fields its metadata adds. */
export type DigestData = Record<string, unknown>;

/** Where a trail's digests are: the bucket and prefix, and what their keys are made of. */
export interface TrailDigests {
  bucket: string;
  prefix?: string;
  accountId: string;
  trailName: string;
  homeRegion: string;
  /** The region whose digests are read: `--region`, else the trail's home region. */
  sourceRegion: string;
  organizationId?: string;
}

/** What the caller is told of a break in the chain. */
export interface ChainEvents {
  onMissing(bucket: string, lastKey: string, backfill: boolean): void;
  onInvalid(message: string, backfill: boolean): void;
  /** No digest links back, yet older ones exist: nothing was delivered between the two. */
  onGap(nextEndDate: number, lastStartDate: number, backfill: boolean): void;
}

export interface DigestChainOptions {
  host: Host;
  cloudtrail: Client;
  s3: S3Clients;
  trail: TrailDigests;
  events: ChainEvents;
  signal?: AbortSignal;
}

/** A digest that cannot be valid; its message is the status line the CLI prints. */
class DigestError extends IsoawsError {
  override name = 'DigestError';
}

/**
 * The trail's digests, checked, newest first: `walk(start, end, backfill)` yields each valid digest of
 * the range (standard digests, or backfill ones) and reports the breaks through `events`.
 */
export function digestChain(o: DigestChainOptions) {
  const { host, trail, events, signal } = o;
  const now = host.now();
  const parse = (value: unknown) => parseJsonDate(value, now);
  const listings = new Map<string, { standard: string[]; backfill: string[] }>();

  /** The digest keys of `bucket` in the range, oldest first, listed once per bucket and range. */
  async function keysInRange(bucket: string, start: number, end: number, backfill: boolean): Promise<string[]> {
    const cacheKey = JSON.stringify([bucket, trail.prefix ?? null, start, end]);
    let listing = listings.get(cacheKey);
    if (!listing) {
      listing = await listDigestKeys(bucket, start, end);
      listings.set(cacheKey, listing);
    }
    return backfill ? listing.backfill : listing.standard;
  }

  async function listDigestKeys(bucket: string, start: number, end: number) {
    const listing = { standard: [] as string[], backfill: [] as string[] };
    const client = await o.s3.forBucket(bucket);
    const params = { Bucket: bucket, Marker: digestKey(trail, start - MICROS.minute), Prefix: digestPrefix(trail) };
    // Key names sort by their time, so the listing stops at the first past the end (an hour later, for
    // the logs that spill over into the next digest).
    const first = compactDate(start);
    const last = compactDate(end + MICROS.hour);
    const ours = digestKeyPattern(trail);
    pages: for await (const page of client.paginate('s3', 'ListObjects', params, { signal })) {
      for (const { Key: key } of (page.Contents ?? []) as Array<{ Key?: string }>) {
        if (!key || !ours.test(key)) continue;
        const date = keyDate(key);
        if (date > last) break pages;
        if (date < first) continue;
        (isBackfillKey(key) ? listing.backfill : listing.standard).push(key);
      }
    }
    return listing;
  }

  /** The last key of `keys` (taken off it), or with `before`, the last one older than that key. */
  function takeLast(keys: string[], before?: string): [string, number] | [undefined, undefined] {
    if (before === undefined) {
      const key = keys.pop();
      return key === undefined ? [undefined, undefined] : [key, parse(keyDate(key))];
    }
    const limit = parse(keyDate(before));
    for (let key = keys.pop(); key !== undefined; key = keys.pop()) {
      const date = parse(keyDate(key));
      if (date < limit) return [key, date];
    }
    return [undefined, undefined];
  }

  async function publicKeys(start: number, end: number): Promise<Map<string, Record<string, unknown>>> {
    const out = await o.cloudtrail.send(
      'cloudtrail',
      'ListPublicKeys',
      { StartTime: toDate(start), EndTime: toDate(end) },
      { signal },
    );
    const keys = new Map(
      ((out.PublicKeyList ?? []) as Array<Record<string, unknown>>).map((k) => [String(k.Fingerprint), k]),
    );
    if (!keys.size) throw new IsoawsError(`No public keys found between ${displayDate(start)} and ${displayDate(end)}`);
    return keys;
  }

  /** The digest at `key`: its JSON and inflated bytes, with the signature its metadata carries. */
  async function fetchDigest(bucket: string, key: string): Promise<{ data: DigestData; inflated: Uint8Array }> {
    const client = await o.s3.forBucket(bucket);
    const out = await client.send('s3', 'GetObject', { Bucket: bucket, Key: key }, { signal });
    const body = await (out.Body as { bytes(): Promise<Uint8Array> }).bytes();
    const chunks: Uint8Array[] = [];
    let inflated: Uint8Array;
    let data: unknown;
    try {
      // zlib.decompress: the whole first member, or an error; json.loads of it as strict UTF-8.
      if (!inflateGzipMember(body, (chunk) => chunks.push(chunk)).complete) throw new GzipFormatError('truncated');
      inflated = concatBytes(chunks);
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(inflated));
    } catch (err) {
      if (err instanceof GzipFormatError || err instanceof SyntaxError || err instanceof TypeError)
        throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: invalid format`);
      throw err;
    }
    const metadata = (out.Metadata ?? {}) as Record<string, string>;
    if (!Object.hasOwn(metadata, 'signature') || !Object.hasOwn(metadata, 'signature-algorithm'))
      throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: signature verification failed`);
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      // What Python says when the CLI sets the signature fields on a JSON value that is not an object.
      throw new Error(
        Array.isArray(data)
          ? 'list indices must be integers or slices, not str'
          : `'${pyTypeName(data)}' object does not support item assignment`,
      );
    const digest = data as DigestData;
    digest._signature = metadata.signature;
    digest._signature_algorithm = metadata['signature-algorithm'];
    if (isBackfillKey(key)) {
      if (!Object.hasOwn(metadata, 'backfill-generation-timestamp'))
        throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: invalid format`);
      digest._backfill_generation_timestamp = metadata['backfill-generation-timestamp'];
    }
    return { data: digest, inflated };
  }

  /** The digest at `key` once it has passed every check, and its end time. */
  async function validDigest(
    keys: Map<string, Record<string, unknown>>,
    bucket: string,
    key: string,
    backfill: boolean,
  ): Promise<{ digest: DigestData; end: number }> {
    const { data, inflated } = await fetchDigest(bucket, key);
    if (REQUIRED.some((field) => !Object.hasOwn(data, field)))
      throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: invalid format`);
    if (data.digestS3Bucket !== bucket || data.digestS3Object !== key)
      throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: has been moved from its original location`);
    const fingerprint = data.digestPublicKeyFingerprint;
    const found = () => (typeof fingerprint === 'string' ? keys.get(fingerprint) : undefined);
    if (!found() && backfill) {
      const generated = parse(data._backfill_generation_timestamp);
      for (const [id, k] of await publicKeys(generated - MICROS.hour, generated + MICROS.hour)) keys.set(id, k);
    }
    const publicKey = found();
    if (!publicKey)
      throw new DigestError(
        `Digest file\ts3://${bucket}/${key}\tINVALID: public key not found in region ${trail.homeRegion} for fingerprint ${pyStr(fingerprint)}`,
      );
    await checkSignature(bucket, key, publicKey, data, inflated);
    return { digest: data, end: parse(data.digestEndTime) };
  }

  async function checkSignature(
    bucket: string,
    key: string,
    publicKey: Record<string, unknown>,
    data: DigestData,
    inflated: Uint8Array,
  ): Promise<void> {
    if (!(publicKey.Value instanceof Uint8Array)) throw new Error("'Value'");
    let rsaKey;
    try {
      rsaKey = readRsaPublicKeyDer(publicKey.Value);
    } catch (err) {
      if (!(err instanceof RsaKeyError)) throw err;
      throw new DigestError(
        `Digest file\ts3://${bucket}/${key}\tINVALID: Unable to load PKCS #1 key with fingerprint ${pyStr(data.digestPublicKeyFingerprint)}`,
      );
    }
    const previous = data.previousDigestSignature;
    const toSign = [
      pyStr(data.digestEndTime),
      `${pyStr(data.digestS3Bucket)}/${pyStr(data.digestS3Object)}`,
      toHex(await sha256(host, inflated)),
      // The Java signer writes a first digest's absent previous signature as "null".
      previous === null ? 'null' : pyStr(previous),
    ].join('\n');
    const signature = unhexlify(String(data._signature));
    if (!(await verifySha256WithRsa(host, rsaKey, new TextEncoder().encode(toSign), signature)))
      throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: signature verification failed`);
  }

  return {
    /** The valid digests of the range, newest first, with the breaks in the chain reported as met. */
    async *walk(start: number, end: number, backfill: boolean): AsyncGenerator<DigestData> {
      let bucket = trail.bucket;
      let keys = await keysInRange(bucket, start, end, backfill);
      // Backfill digests look their keys up one by one, around the time each was made.
      const known = backfill ? new Map() : await publicKeys(start, end + 2 * MICROS.hour);
      let [key, endDate] = takeLast(keys);
      let lastStart = endDate;
      const next = (lastKey: string): [string, number] | [undefined, undefined] => {
        const found = takeLast(keys, lastKey);
        [key, endDate] = found;
        return found;
      };
      while (key !== undefined && start <= lastStart!) {
        try {
          const valid = await validDigest(known, bucket, key, backfill);
          endDate = valid.end;
          lastStart = parse(valid.digest.digestStartTime);
          const previousBucket = valid.digest.previousDigestS3Bucket;
          const previousKey = valid.digest.previousDigestS3Object;
          yield valid.digest;
          if (previousBucket == null || previousKey == null) {
            const [nextKey, nextEnd] = next(key);
            if (nextKey !== undefined) events.onGap(nextEnd, lastStart, backfill);
          } else {
            key = String(previousKey);
            if (previousBucket !== bucket) {
              bucket = String(previousBucket);
              keys = await keysInRange(bucket, start, endDate, backfill);
            }
          }
        } catch (err) {
          if (err instanceof AbortedError) throw err;
          const lastKey = key;
          if (err instanceof ServiceError) {
            if (err.code !== 'NoSuchKey') throw err;
            next(lastKey);
            events.onMissing(bucket, lastKey, backfill);
          } else {
            next(lastKey);
            const message = err instanceof Error ? err.message : String(err);
            events.onInvalid(
              err instanceof DigestError ? message : `Digest file\ts3://${bucket}/${lastKey}\tINVALID: ${message}`,
              backfill,
            );
          }
        }
      }
    },
  };
}

/** The fields a digest must have before anything else about it is looked at. */
const REQUIRED = [
  'digestPublicKeyFingerprint',
  'digestS3Bucket',
  'digestS3Object',
  'previousDigestSignature',
  'digestEndTime',
  'digestStartTime',
];

function isBackfillKey(key: string): boolean {
  return key.endsWith('_backfill.json.gz');
}

/** The `YYYYMMDDTHHMMSSZ` of a digest key, by position as the CLI takes it. */
function keyDate(key: string): string {
  return isBackfillKey(key) ? key.slice(-33, -17) : key.slice(-24, -8);
}

/** The folder of the trail's digests for its source region. */
function digestPrefix(t: TrailDigests): string {
  const org = t.organizationId ? `${t.organizationId}/` : '';
  return withPrefix(t.prefix, `AWSLogs/${org}${t.accountId}/CloudTrail-Digest/${t.sourceRegion}`);
}

/** The key a digest delivered at `micros` would have: where the listing starts. */
function digestKey(t: TrailDigests, micros: number): string {
  const org = t.organizationId ? `${t.organizationId}/` : '';
  const name = `${t.accountId}_CloudTrail-Digest_${t.sourceRegion}_${t.trailName}_${t.homeRegion}_${compactDate(micros)}.json.gz`;
  return withPrefix(
    t.prefix,
    `AWSLogs/${org}${t.accountId}/CloudTrail-Digest/${t.sourceRegion}/${dayPath(micros)}/${name}`,
  );
}

/** The keys of this trail's digests (standard and backfill) and no other trail's. */
function digestKeyPattern(t: TrailDigests): RegExp {
  const org = t.organizationId ? `${t.organizationId}/` : '';
  const [account, source, home, name] = [t.accountId, t.sourceRegion, t.homeRegion, t.trailName].map(escapeRegExp);
  const key =
    `AWSLogs/${org}${account}/CloudTrail-Digest/${source}/\\d+/\\d+/\\d+/` +
    `${account}_CloudTrail-Digest_${source}_${name}_${home}_.+(?:_backfill)?\\.json\\.gz`;
  return new RegExp(`^${t.prefix ? `${escapeRegExp(t.prefix)}/` : ''}${key}$`);
}

function withPrefix(prefix: string | undefined, key: string): string {
  return prefix ? `${prefix}/${key}` : key;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
