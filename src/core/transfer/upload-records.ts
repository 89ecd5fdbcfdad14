/**
 * The multipart uploads this machine started, kept so that a rerun of a killed upload resumes only an
 * upload of its own with the same settings (ACL, encryption, content type, metadata, storage class, part
 * size). S3 cannot tell them: ListMultipartUploads shows neither the ACL nor the encryption an upload
 * was created with, so a run with `--acl private --sse AES256` would otherwise complete a killed run's
 * public, unencrypted upload. Each record is a file under `~/.isoaws/uploads`, named by the key and the
 * upload id, holding the settings' fingerprint; while a run works on an upload it holds the record's
 * lock, so a second run at the same moment neither resumes nor aborts it. Uploads without a record
 * (another program's, or another machine's) are left alone.
 */
import { toHex } from '../hex.js';
import type { HostFs } from '../host.js';

export interface UploadRecords {
  /** Whether any upload of this key is recorded here (spares listing the bucket's uploads when none is). */
  any(bucket: string, key: string): Promise<boolean>;
  /** Records a new upload and its settings, held by this run until released or forgotten. */
  begin(bucket: string, key: string, uploadId: string, fingerprint: string): Promise<UploadRecord>;
  /** A recorded upload no other run is working on, now held by this one; undefined when unknown or held. */
  take(bucket: string, key: string, uploadId: string): Promise<UploadRecord | undefined>;
}

export interface UploadRecord {
  /** The settings the upload was created with (`settingsFingerprint`). */
  fingerprint: string;
  /** The upload was completed or aborted: the record goes. */
  forget(): Promise<void>;
}

export function createUploadRecords(fs: HostFs, dir: string): UploadRecords {
  const names = async (bucket: string, key: string, uploadId: string) => {
    const file = `${dir}/${await keyName(bucket, key)}-${(await sha256Hex(uploadId)).slice(0, 32)}.json`;
    return { file, lock: `${file}.lock` };
  };
  const held = (file: string, fingerprint: string, release: () => Promise<void>): UploadRecord => ({
    fingerprint,
    async forget() {
      await fs.remove(file);
      await release();
    },
  });
  return {
    async any(bucket, key) {
      if (!(await fs.stat(dir))?.isDirectory) return false;
      const prefix = `${await keyName(bucket, key)}-`;
      return (await fs.readDir(dir)).some((name) => name.startsWith(prefix) && name.endsWith('.json'));
    },
    async begin(bucket, key, uploadId, fingerprint) {
      const { file, lock } = await names(bucket, key, uploadId);
      if (!(await fs.stat(dir))) await fs.mkdir(dir, { mode: 0o700 });
      const release = await fs.lock(lock, { waitMs: 0 });
      await fs.writeFile(file, JSON.stringify({ bucket, key, uploadId, fingerprint }), { mode: 0o600 });
      return held(file, fingerprint, release ?? (async () => undefined));
    },
    async take(bucket, key, uploadId) {
      const { file, lock } = await names(bucket, key, uploadId);
      if (!(await fs.stat(file))) return undefined;
      const release = await fs.lock(lock, { waitMs: 0 });
      if (!release) return undefined;
      try {
        const { fingerprint } = JSON.parse(new TextDecoder().decode(await fs.readFile(file))) as {
          fingerprint?: unknown;
        };
        if (typeof fingerprint === 'string') return held(file, fingerprint, release);
      } catch {
        // A record cut short or changed by hand: as good as none.
      }
      await release();
      return undefined;
    },
  };
}

/**
 * What an upload was created with, as one hash: its key, part size and every parameter of the new object
 * (CreateMultipartUpload's), nested maps in key order. Secrets (an SSE-C key) are hashed with the rest,
 * never stored.
 */
export async function settingsFingerprint(
  bucket: string,
  key: string,
  partSize: number,
  params: Readonly<Record<string, unknown>> | undefined,
): Promise<string> {
  return sha256Hex(stableJson({ bucket, key, partSize, params: params ?? {} }));
}

function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Uint8Array) return JSON.stringify(toHex(value));
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

async function keyName(bucket: string, key: string): Promise<string> {
  return (await sha256Hex(`${bucket}/${key}`)).slice(0, 32);
}

async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
