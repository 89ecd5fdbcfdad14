/**
 * S3 clients for the buckets a trail writes to, as validation.py's S3ClientProvider makes them: a bucket's
 * region is asked once (GetBucketLocation, from the CLI's own region; an empty answer is us-east-1), and
 * each region gets one client. They are the CLI's nested clients: `--endpoint-url` is CloudTrail's alone,
 * while an S3 endpoint configured for the profile or the environment (AWS_ENDPOINT_URL_S3) applies.
 */
import { createClient, type Client } from '../../core/client.js';
import type { CommandEnv } from '../../cli/command.js';
import { nestedClient } from '../nested-client.js';

export interface S3Clients {
  /** A client in the region of `bucket`. */
  forBucket(bucket: string): Promise<Client>;
}

export function s3Clients(env: CommandEnv): S3Clients {
  let located: Promise<Client> | undefined;
  const regions = new Map<string, Promise<string>>();
  const clients = new Map<string, Client>();
  const base = () => (located ??= nestedClient(env, 'S3'));
  const regionOf = (bucket: string) => {
    let region = regions.get(bucket);
    if (!region) {
      region = base()
        .then((client) => client.send('s3', 'GetBucketLocation', { Bucket: bucket }, { signal: env.ctx.signal }))
        .then((out) => (out.LocationConstraint as string | undefined) || 'us-east-1');
      // A failed lookup is not kept: the CLI asks again for the next file of that bucket.
      region.catch(() => regions.delete(bucket));
      regions.set(bucket, region);
    }
    return region;
  };
  return {
    async forBucket(bucket) {
      const region = await regionOf(bucket);
      let client = clients.get(region);
      if (!client) {
        const from = await base();
        client = createClient(from.host, { ...from.config, region });
        clients.set(region, client);
      }
      return client;
    },
  };
}
