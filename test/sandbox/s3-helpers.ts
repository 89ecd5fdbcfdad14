/** Shared set-up of the S3 handler tests. */
import { expect } from 'vitest';
import { handlers } from '../../src/sandbox/services/s3/index.js';
import { SandboxError } from '../../src/sandbox/service.js';
import { harness, bodyOf, readBody } from './support.js';

export function s3() {
  return harness('s3', handlers);
}

export type S3 = ReturnType<typeof s3>;

/** A harness with a bucket already made. */
export async function withBucket(name = 'bkt') {
  const h = s3();
  await h.call('CreateBucket', { Bucket: name });
  return h;
}

export async function put(h: S3, key: string, body: string | Uint8Array, extra: Record<string, unknown> = {}) {
  return (await h.call('PutObject', { Bucket: 'bkt', Key: key, Body: bodyOf(body), ...extra })).output;
}

export async function text(body: unknown): Promise<string> {
  return new TextDecoder().decode(await readBody(body));
}

/** Expects the call to fail with S3's code, status and (where given) message and fields. */
export async function expectError(
  promise: Promise<unknown>,
  code: string,
  statusCode: number,
  more: { message?: string; fields?: Record<string, string> } = {},
) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxError);
  const e = error as SandboxError;
  expect({ code: e.code, statusCode: e.statusCode }).toEqual({ code, statusCode });
  if (more.message !== undefined) expect(e.message).toBe(more.message);
  if (more.fields) expect(e.fields).toMatchObject(more.fields);
}

export const hexMd5 = async (data: Uint8Array | string) => (await import('hash-wasm')).md5(data);
