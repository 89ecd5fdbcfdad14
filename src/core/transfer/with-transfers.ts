/**
 * `s3.upload` and `s3.download` on a client. The transfer code (helpers.ts and the engine under it) loads
 * on the first transfer, so a program that only calls operations never loads it.
 */
import type { Client } from '../client.js';
import type { S3Transfers } from '../typed-client.js';

/**
 * The client with `s3.upload` and `s3.download` beside S3's operations (which stay as they were: an
 * operation is never shadowed, since S3 has none of these names).
 */
export function withTransfers<C extends Client>(client: C): C {
  const transfers: S3Transfers = {
    upload: async (params, opts) => (await import('./helpers.js')).upload(client, params, opts),
    download: async (params, opts) => (await import('./helpers.js')).download(client, params, opts),
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== 's3') return value;
      return new Proxy(value as object, {
        get: (operations, name, r) =>
          name === 'upload' || name === 'download' ? transfers[name] : Reflect.get(operations, name, r),
      });
    },
  });
}
