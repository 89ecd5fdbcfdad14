/**
 * `--copy-props`: what a copy inside S3 takes from its source, as the AWS CLI's copy-props subscribers
 * decide it. S3 itself carries the metadata and tags over on a single CopyObject, but not onto a
 * multipart copy, and drops the source's metadata when the request names any: so the CLI reads them
 * (HeadObject, GetObjectTagging) and sends them itself where S3 would not.
 *
 * - `none`: the copy gets neither (MetadataDirective and TaggingDirective REPLACE).
 * - `metadata-directive`: the content headers and metadata, not the tags.
 * - `default`: both.
 * - left out when `--metadata-directive` is given: that directive decides alone.
 */
import type { Client } from '../../core/client.js';
import { encodeQuery } from '../../core/request-url.js';
import { copyObject } from '../../core/transfer/objects.js';
import { payerParams, type ListedObject, type TransferOptions } from './transfer-options.js';

/** The properties a copy with MetadataDirective REPLACE must restate to keep them. */
const METADATA_PROPS = [
  'CacheControl',
  'ContentDisposition',
  'ContentEncoding',
  'ContentLanguage',
  'ContentType',
  'Expires',
  'Metadata',
];

/** A tag set larger than this goes on with PutObjectTagging after the copy, not in the Tagging header. */
const MAX_TAGGING_HEADER = 2048;

interface Tag {
  Key: string;
  Value: string;
}

/** Copies `object` (of the source bucket) to the target key with the properties `--copy-props` asks for. */
export async function copyWithProps(
  client: Client,
  source: { bucket: string; object: ListedObject },
  target: { bucket: string; key: string },
  o: TransferOptions,
): Promise<void> {
  const { object } = source;
  const extra = { ...o.extra };
  const multipart = object.size >= o.settings.multipartThreshold;
  let lateTags: Tag[] | undefined;
  if (o.copyProps === 'none') {
    extra.MetadataDirective = 'REPLACE';
    extra.TaggingDirective = 'REPLACE';
  } else if (o.copyProps) {
    const restated = METADATA_PROPS.some((p) => p in extra);
    if (restated) extra.MetadataDirective = 'REPLACE';
    if (multipart || restated) {
      const head = object.head ?? (await sourceHead(source.bucket, object.key, o));
      for (const p of METADATA_PROPS) if (!(p in extra) && head[p] !== undefined) extra[p] = head[p];
    }
    if (o.copyProps === 'metadata-directive') extra.TaggingDirective = 'REPLACE';
    else if (multipart) {
      const tags = await sourceTags(source.bucket, object.key, o);
      const header = encodeQuery(tags.map((t) => [t.Key, t.Value]));
      if (new TextEncoder().encode(header).length <= MAX_TAGGING_HEADER) {
        if (tags.length) extra.Tagging = header;
      } else lateTags = tags;
    }
  }
  await copyObject(
    client,
    { Bucket: source.bucket, Key: object.key, size: object.size, extra: copySourceParams(o) },
    { Bucket: target.bucket, Key: target.key, extra },
    o,
  );
  if (lateTags) await putTags(client, target, lateTags, o);
}

/** The source's SSE-C key as CopyObject and UploadPartCopy take it. */
export function copySourceParams(o: Pick<TransferOptions, 'sourceSse'>): Record<string, unknown> | undefined {
  const sse = o.sourceSse;
  return (
    sse && { CopySourceSSECustomerAlgorithm: sse.SSECustomerAlgorithm, CopySourceSSECustomerKey: sse.SSECustomerKey }
  );
}

async function sourceHead(bucket: string, key: string, o: TransferOptions): Promise<Record<string, unknown>> {
  const params = { ...o.sourceSse, ...payerParams(o), Bucket: bucket, Key: key };
  return o.sourceClient.send('s3', 'HeadObject', params, { signal: o.signal });
}

async function sourceTags(bucket: string, key: string, o: TransferOptions): Promise<Tag[]> {
  const params = { ...payerParams(o), Bucket: bucket, Key: key };
  const out = await o.sourceClient.send('s3', 'GetObjectTagging', params, { signal: o.signal });
  return (out.TagSet ?? []) as Tag[];
}

/** Tags too many for a header, set once the copy is made; a copy that cannot get them is removed, as the CLI does. */
async function putTags(
  client: Client,
  target: { bucket: string; key: string },
  TagSet: Tag[],
  o: TransferOptions,
): Promise<void> {
  const object = { Bucket: target.bucket, Key: target.key, ...payerParams(o) };
  try {
    await client.send('s3', 'PutObjectTagging', { ...object, Tagging: { TagSet } }, { signal: o.signal });
  } catch (err) {
    await client.send('s3', 'DeleteObject', object, { signal: o.signal });
    throw err;
  }
}
