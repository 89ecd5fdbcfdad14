/**
 * Buckets and their configurations: create/list/head/delete, location, versioning, tagging, policy,
 * CORS, lifecycle, website and ACL. A bucket is one document; its configurations are members of it.
 */
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  BUCKETS,
  bucketDoc,
  cannedGrants,
  checkTags,
  deleteBlobs,
  grantsOf,
  invalidArgument,
  isoSeconds,
  malformedXml,
  num,
  objectsPrefix,
  ownerOf,
  partsPrefix,
  requireBucket,
  requireString,
  str,
  uploadsPrefix,
  type BucketRecord,
} from './common.js';
import { fromBase64, toBase64 } from '../../../core/protocols/shared.js';

/**
 * S3's naming rules for general purpose buckets: 3–63 characters of lower-case letters, digits, dots
 * and hyphens, starting and ending with a letter or digit, no `..`, not an IP address, and none of the
 * prefixes and suffixes S3 reserves.
 */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)
  );
}

/** The region a LocationConstraint names (`EU` is S3's old name for eu-west-1). */
const regionOf = (constraint: string) => (constraint === 'EU' ? 'eu-west-1' : constraint);

const createBucket: Handler = async (call) => {
  const name = requireString(call.input, 'Bucket');
  if (!isValidBucketName(name))
    throw new SandboxError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
  const config = call.input.CreateBucketConfiguration as { LocationConstraint?: string; Tags?: unknown } | undefined;
  const constraint = config?.LocationConstraint || undefined;
  if (call.region === 'us-east-1') {
    if (constraint === 'us-east-1')
      throw new SandboxError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, {
        LocationConstraint: constraint,
      });
  } else if (constraint === undefined || regionOf(constraint) !== call.region) {
    throw new SandboxError(
      'IllegalLocationConstraintException',
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    );
  }
  const tags = config?.Tags !== undefined ? checkTags(config.Tags, 50) : undefined;
  const region = constraint !== undefined ? regionOf(constraint) : 'us-east-1';
  await call.store.exclusive(async () => {
    const existing = await call.store.get<BucketRecord>(bucketDoc(name));
    if (existing) {
      if (existing.account !== call.caller.account)
        throw new SandboxError(
          'BucketAlreadyExists',
          'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
          409,
          { BucketName: name },
        );
      // us-east-1 answers a repeated create of your own bucket there with success; every other region refuses.
      if (existing.region === 'us-east-1' && region === 'us-east-1') return;
      throw new SandboxError(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: name },
      );
    }
    const record: BucketRecord = {
      name,
      account: call.caller.account,
      region,
      locationConstraint: constraint,
      created: isoSeconds(call.now),
      tags,
      grants: cannedGrants(call, str(call.input, 'ACL')),
    };
    await call.store.put(bucketDoc(name), record);
  });
  return { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
};

const listBuckets: Handler = async (call) => {
  const prefix = str(call.input, 'Prefix') ?? '';
  const regionFilter = str(call.input, 'BucketRegion');
  const max = num(call.input, 'MaxBuckets');
  if (max !== undefined && (max < 1 || max > 10000))
    throw invalidArgument('Argument max-buckets must be an integer between 1 and 10000', 'max-buckets', max);
  const token = str(call.input, 'ContinuationToken');
  const after = token !== undefined ? decodeToken(token) : '';
  const records: BucketRecord[] = [];
  for (const key of await call.store.keys(BUCKETS + prefix)) {
    const record = await call.store.get<BucketRecord>(key);
    if (!record || record.name <= after || (regionFilter !== undefined && record.region !== regionFilter)) continue;
    records.push(record);
  }
  const page = max !== undefined ? records.slice(0, max) : records;
  const last = page[page.length - 1];
  return {
    Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region })),
    Owner: ownerOf(call),
    Prefix: str(call.input, 'Prefix'),
    ContinuationToken: page.length < records.length && last ? toBase64(last.name) : undefined,
  };
};

function decodeToken(token: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(token));
  } catch {
    throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
}

const headBucket: Handler = async (call) => {
  const bucket = await requireBucket(call.store, requireString(call.input, 'Bucket'));
  return { BucketRegion: bucket.region, AccessPointAlias: false };
};

const deleteBucket: Handler = async (call) => {
  const name = requireString(call.input, 'Bucket');
  const blobs = await call.store.exclusive(async () => {
    await requireBucket(call.store, name);
    if ((await call.store.keys(objectsPrefix(name))).length > 0)
      throw new SandboxError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, {
        BucketName: name,
      });
    // Unfinished multipart uploads go with their bucket.
    const gone: string[] = [];
    for (const upload of await call.store.keys(uploadsPrefix(name))) {
      const uploadId = upload.slice(uploadsPrefix(name).length);
      for (const part of await call.store.keys(partsPrefix(name, uploadId))) {
        const record = await call.store.get<{ blob: string }>(part);
        if (record) gone.push(record.blob);
        await call.store.delete(part);
      }
      await call.store.delete(upload);
    }
    await call.store.delete(bucketDoc(name));
    return gone;
  });
  await deleteBlobs(call.store, blobs);
  return {};
};

const getBucketLocation: Handler = async (call) => {
  const bucket = await requireBucket(call.store, requireString(call.input, 'Bucket'));
  // us-east-1 is the empty constraint: an empty element, which clients read as null (no element reads as nothing).
  return { LocationConstraint: bucket.locationConstraint ?? '' };
};

/** Reads, changes and writes a bucket's record under the lock. */
async function updateBucket(call: SandboxCall, change: (bucket: BucketRecord) => void): Promise<Record<string, never>> {
  const name = requireString(call.input, 'Bucket');
  await call.store.exclusive(async () => {
    const bucket = await requireBucket(call.store, name);
    change(bucket);
    await call.store.put(bucketDoc(name), bucket);
  });
  return {};
}

/** A configuration's getter: its value, or the 404 S3 answers when the bucket has none. */
function getter<T>(
  read: (bucket: BucketRecord) => T | undefined,
  code: string,
  message: string,
  output: (value: T) => Record<string, unknown>,
): Handler {
  return async (call) => {
    const name = requireString(call.input, 'Bucket');
    const value = read(await requireBucket(call.store, name));
    if (value === undefined) throw new SandboxError(code, message, 404, { BucketName: name });
    return output(value);
  };
}

const putBucketVersioning: Handler = (call) => {
  const config = call.input.VersioningConfiguration as { Status?: string; MFADelete?: string } | undefined;
  const status = config?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  return updateBucket(call, (b) => {
    b.versioning = status;
    if (config?.MFADelete !== undefined) b.mfaDelete = config.MFADelete;
  });
};

const getBucketVersioning: Handler = async (call) => {
  const bucket = await requireBucket(call.store, requireString(call.input, 'Bucket'));
  return { Status: bucket.versioning, MFADelete: bucket.mfaDelete };
};

const putBucketTagging: Handler = (call) => {
  const tags = checkTags((call.input.Tagging as { TagSet?: unknown } | undefined)?.TagSet, 50);
  return updateBucket(call, (b) => {
    b.tags = tags;
  });
};

const putBucketPolicy: Handler = (call) => {
  const policy = str(call.input, 'Policy') ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    parsed = undefined;
  }
  if (!policy.trimStart().startsWith('{') || typeof parsed !== 'object' || parsed === null)
    throw new SandboxError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'");
  if (!('Statement' in parsed)) throw new SandboxError('MalformedPolicy', 'Missing required field Statement');
  return updateBucket(call, (b) => {
    b.policy = policy;
  });
};

const CORS_METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

const putBucketCors: Handler = (call) => {
  const rules = (call.input.CORSConfiguration as { CORSRules?: unknown } | undefined)?.CORSRules;
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > 100) throw malformedXml();
  for (const rule of rules as { AllowedMethods?: unknown; AllowedOrigins?: unknown }[]) {
    if (!Array.isArray(rule.AllowedMethods) || !Array.isArray(rule.AllowedOrigins)) throw malformedXml();
    for (const method of rule.AllowedMethods as string[])
      if (!CORS_METHODS.includes(method))
        throw new SandboxError(
          'InvalidRequest',
          `Found unsupported HTTP method in CORS config. Unsupported method is ${method}`,
        );
  }
  return updateBucket(call, (b) => {
    b.cors = rules;
  });
};

type LifecycleRule = {
  Status?: string;
  Expiration?: { Date?: unknown };
  Transitions?: { Date?: unknown }[];
  [k: string]: unknown;
};

const putBucketLifecycleConfiguration: Handler = async (call) => {
  const rules = (call.input.LifecycleConfiguration as { Rules?: unknown } | undefined)?.Rules;
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > 1000) throw malformedXml();
  for (const rule of rules as LifecycleRule[])
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw malformedXml();
  await updateBucket(call, (b) => {
    b.lifecycle = rules;
  });
  return { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
};

/** Lifecycle dates come back as the Dates they went in as (the record keeps them as ISO text). */
function reviveLifecycle(rules: unknown[]): unknown[] {
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : v);
  return (rules as LifecycleRule[]).map((rule) => ({
    ...rule,
    Expiration: rule.Expiration && { ...rule.Expiration, Date: date(rule.Expiration.Date) },
    Transitions: rule.Transitions?.map((t) => ({ ...t, Date: date(t.Date) })),
  }));
}

const putBucketWebsite: Handler = (call) => {
  const config = call.input.WebsiteConfiguration as Record<string, unknown> | undefined;
  if (!config) throw malformedXml();
  const index = config.IndexDocument as { Suffix?: string } | undefined;
  if (config.RedirectAllRequestsTo === undefined) {
    if (!index?.Suffix)
      throw new SandboxError(
        'InvalidArgument',
        'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
      );
    if (index.Suffix.includes('/'))
      throw new SandboxError('InvalidArgument', 'The IndexDocument Suffix is not well formed', 400, {
        ArgumentName: 'IndexDocument',
        ArgumentValue: index.Suffix,
      });
  }
  return updateBucket(call, (b) => {
    b.website = config;
  });
};

const getBucketAcl: Handler = async (call) => {
  const bucket = await requireBucket(call.store, requireString(call.input, 'Bucket'));
  return { Owner: ownerOf(call), Grants: bucket.grants ?? cannedGrants(call, undefined) };
};

const putBucketAcl: Handler = (call) => {
  const grants = grantsOf(call);
  return updateBucket(call, (b) => {
    b.grants = grants;
  });
};

export const bucketHandlers = {
  CreateBucket: createBucket,
  ListBuckets: listBuckets,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  PutBucketVersioning: putBucketVersioning,
  GetBucketVersioning: getBucketVersioning,
  PutBucketTagging: putBucketTagging,
  GetBucketTagging: getter(
    (b) => b.tags,
    'NoSuchTagSet',
    'The TagSet does not exist',
    (TagSet) => ({ TagSet }),
  ),
  DeleteBucketTagging: (call: SandboxCall) => updateBucket(call, (b) => delete b.tags),
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getter(
    (b) => b.policy,
    'NoSuchBucketPolicy',
    'The bucket policy does not exist',
    (Policy) => ({ Policy }),
  ),
  DeleteBucketPolicy: (call: SandboxCall) => updateBucket(call, (b) => delete b.policy),
  PutBucketCors: putBucketCors,
  GetBucketCors: getter(
    (b) => b.cors,
    'NoSuchCORSConfiguration',
    'The CORS configuration does not exist',
    (CORSRules) => ({ CORSRules }),
  ),
  DeleteBucketCors: (call: SandboxCall) => updateBucket(call, (b) => delete b.cors),
  PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
  GetBucketLifecycleConfiguration: getter(
    (b) => b.lifecycle,
    'NoSuchLifecycleConfiguration',
    'The lifecycle configuration does not exist',
    (rules) => ({ Rules: reviveLifecycle(rules), TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' }),
  ),
  DeleteBucketLifecycle: (call: SandboxCall) => updateBucket(call, (b) => delete b.lifecycle),
  PutBucketWebsite: putBucketWebsite,
  GetBucketWebsite: getter(
    (b) => b.website,
    'NoSuchWebsiteConfiguration',
    'The specified bucket does not have a website configuration',
    (website) => website,
  ),
  DeleteBucketWebsite: (call: SandboxCall) => updateBucket(call, (b) => delete b.website),
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
};
