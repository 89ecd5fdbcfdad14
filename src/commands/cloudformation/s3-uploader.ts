/**
 * Uploads for `cloudformation package` and `deploy` (the AWS CLI's s3uploader.py): each artifact goes to
 * `--s3-bucket` under `[--s3-prefix/]<md5 of its bytes>[.extension]`, so unchanged content keeps its key
 * and is not sent again (HeadObject finds it; `--force-upload` sends it anyway). Objects are encrypted
 * (AES256, or `aws:kms` with `--kms-key-id`) and carry `--metadata`; at 8 MiB and above they go multipart,
 * as the CLI's transfer manager does with its default settings (the profile's `s3` block is not read).
 * `servicecatalog generate` uses the same uploader with a key of its own (`upload`).
 *
 * Progress goes to stderr as the CLI's ProgressPercentage writes it: `\rUploading to <key>  <sent> /
 * <size>.0  (<percent>%)`, one line for every 8 KiB block http.client hands the socket, none for an
 * empty file. A bucket that does not exist is the CLI's NoSuchBucketError message.
 */
import type { Client } from '../../core/client.js';
import { md5 } from '../../core/checksums/md5.js';
import { IsoawsError, ServiceError } from '../../core/errors.js';
import { toHex } from '../../core/hex.js';
import type { Host } from '../../core/host.js';
import { uploadObject } from '../../core/transfer/objects.js';
import { DEFAULT_TRANSFER_SETTINGS } from '../../core/transfer/settings.js';
import { pyFloatRepr } from '../../cli/output/py-values.js';

export interface UploaderOptions {
  bucket: string;
  prefix?: string;
  kmsKeyId?: string;
  forceUpload: boolean;
  /** User metadata for every object (`--metadata`). */
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

export interface S3Uploader {
  readonly bucket: string;
  /** Uploads `bytes` as `[prefix/]remotePath` unless that key holds them already (and forceUpload is off); its `s3://` URL. */
  upload(bytes: Uint8Array, remotePath: string): Promise<string>;
  /** Uploads `bytes` as `<md5>[.extension]` unless that key holds them already; the object's `s3://` URL. */
  uploadWithDedup(bytes: Uint8Array, extension?: string): Promise<string>;
  /** The object's path-style `https://` URL (a nested stack's TemplateURL must be one). */
  pathStyleUrl(key: string): string;
}

/** http.client's send block: the CLI's progress callback fires once per block read from the file. */
const SEND_BLOCK = 8192;
/** botocore sends `Expect: 100-continue` from this size on, so an error answer then comes before the body. */
const EXPECT_CONTINUE_SIZE = 1024 * 1024;

export function createS3Uploader(s3: Client, host: Host, opts: UploaderOptions): S3Uploader {
  const { bucket, signal } = opts;
  const exists = (key: string) =>
    s3.send('s3', 'HeadObject', { Bucket: bucket, Key: key }, { signal }).then(
      () => true,
      (err: unknown) => {
        // Any answer from S3 (404, 403…) counts as "not there"; a failure to reach it does not.
        if (err instanceof ServiceError) return false;
        throw err;
      },
    );

  async function upload(bytes: Uint8Array, remotePath: string): Promise<string> {
    const key = opts.prefix ? `${opts.prefix}/${remotePath}` : remotePath;
    if (!opts.forceUpload && (await exists(key))) return `s3://${bucket}/${key}`;
    const extra: Record<string, unknown> = opts.kmsKeyId
      ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: opts.kmsKeyId }
      : { ServerSideEncryption: 'AES256' };
    if (opts.metadata && Object.keys(opts.metadata).length) extra.Metadata = opts.metadata;
    let sent = 0;
    const report = (bytesSent: number) => {
      for (const at of progressPoints(sent, sent + bytesSent, bytes.length))
        host.stderr.write(
          `\rUploading to ${key}  ${at} / ${pyFloatRepr(bytes.length)}  (${percent((at / bytes.length) * 100)}%)`,
        );
      sent += bytesSent;
    };
    try {
      await uploadObject(
        s3,
        {
          kind: 'file',
          size: bytes.length,
          read: async ({ start, end }) => bytes.subarray(start, end),
        },
        { Bucket: bucket, Key: key, extra },
        { settings: DEFAULT_TRANSFER_SETTINGS, signal, progress: report },
      );
    } catch (err) {
      // S3 answered after the whole body went out: the CLI had printed its progress by then.
      if (err instanceof ServiceError && sent === 0 && bytes.length < EXPECT_CONTINUE_SIZE) report(bytes.length);
      if (err instanceof ServiceError && err.code === 'NoSuchBucket')
        throw new IsoawsError(
          `S3 Bucket does not exist. Execute the command to create a new bucket\naws s3 mb s3://${bucket}`,
          { cause: err },
        );
      throw err;
    }
    return `s3://${bucket}/${key}`;
  }

  return {
    bucket,
    upload,
    uploadWithDedup: (bytes, extension) => upload(bytes, `${toHex(md5(bytes))}${extension ? `.${extension}` : ''}`),
    pathStyleUrl(key) {
      // The S3 client's own endpoint, as the CLI's uploader names it (v2 uses the regional one in us-east-1 too).
      const base =
        s3.config.endpointUrl?.replace(/\/+$/, '') ?? `https://s3.${s3.config.region ?? 'us-east-1'}.amazonaws.com`;
      return `${base}/${bucket}/${key}`;
    },
  };
}

/** An `s3://bucket/key[?versionId=v]` URL's parts, as the CLI's parse_s3_url (Python's urlparse) finds them. */
export function parseS3Url(value: string): { bucket: string; key: string; version?: string } | undefined {
  if (!value.startsWith('s3://')) return undefined;
  const rest = value.slice(5);
  const hostEnd = rest.search(/[/?#]/);
  const bucket = hostEnd === -1 ? rest : rest.slice(0, hostEnd);
  const tail = hostEnd === -1 ? '' : rest.slice(hostEnd);
  const pathEnd = tail.search(/[?#]/);
  let path = pathEnd === -1 ? tail : tail.slice(0, pathEnd);
  // urlparse takes `;params` off the last path segment.
  const params = path.indexOf(';', path.lastIndexOf('/'));
  if (params !== -1) path = path.slice(0, params);
  if (!bucket || !path) return undefined;
  const query = pathEnd !== -1 && tail[pathEnd] === '?' ? tail.slice(pathEnd + 1).split('#')[0]! : '';
  const versions = query
    .split('&')
    .map((pair) => pair.split('='))
    .filter(([name, v]) => name === 'versionId' && v)
    .map(([, v]) => decodeQueryValue(v!));
  return { bucket, key: path.replace(/^\/+/, ''), ...(versions.length === 1 ? { version: versions[0] } : {}) };
}

/** The byte counts the CLI prints while bytes `(from, to]` of a `size`-byte file go out: each full block, then the end. */
export function progressPoints(from: number, to: number, size: number): number[] {
  const points: number[] = [];
  for (let at = (Math.floor(from / SEND_BLOCK) + 1) * SEND_BLOCK; at <= to; at += SEND_BLOCK) points.push(at);
  if (to === size && size % SEND_BLOCK !== 0 && to > from) points.push(size);
  return points;
}

/** Python's `'%.2f' % x`: an exact tie (x·8 odd) goes to the even digit, where toFixed goes up. */
export function percent(x: number): string {
  if (!Number.isInteger(x * 8) || Number.isInteger(x * 4)) return x.toFixed(2);
  const below = Math.floor(x * 100);
  return ((below % 2 === 0 ? below : below + 1) / 100).toFixed(2);
}

function decodeQueryValue(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value;
  }
}
