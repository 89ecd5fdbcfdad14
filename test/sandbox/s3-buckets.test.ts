import { describe, expect, it } from 'vitest';
import { isValidBucketName } from '../../src/sandbox/services/s3/buckets.js';
import { expectError, put, s3, withBucket } from './s3-helpers.js';

describe('S3 bucket names', () => {
  it.each([
    ['abc', true],
    ['my.bucket-1', true],
    ['a'.repeat(63), true],
    ['ab', false],
    ['a'.repeat(64), false],
    ['Upper', false],
    ['-start', false],
    ['end-', false],
    ['two..dots', false],
    ['192.168.1.1', false],
    ['xn--punycode', false],
    ['name-s3alias', false],
    ['under_score', false],
  ])('%s → %s', (name, valid) => {
    expect(isValidBucketName(name)).toBe(valid);
  });
});

describe('CreateBucket', () => {
  it('creates, lists and heads a bucket in us-east-1', async () => {
    const h = s3();
    expect((await h.call('CreateBucket', { Bucket: 'pub-one' })).output).toEqual({ Location: '/pub-one' });
    const { output } = await h.call('ListBuckets');
    expect(output.Buckets).toEqual([{ Name: 'pub-one', CreationDate: h.clock.now, BucketRegion: 'us-east-1' }]);
    expect(output.Owner).toMatchObject({
      DisplayName: expect.any(String),
      ID: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await h.call('HeadBucket', { Bucket: 'pub-one' })).output).toMatchObject({ BucketRegion: 'us-east-1' });
    // An empty element on the wire, which clients read as null (as for moto and AWS), not a missing one.
    expect((await h.call('GetBucketLocation', { Bucket: 'pub-one' })).output.LocationConstraint).toBe('');
  });

  it('re-creating your own bucket succeeds in us-east-1 and is BucketAlreadyOwnedByYou elsewhere', async () => {
    const h = s3();
    await h.call('CreateBucket', { Bucket: 'mine' });
    await h.call('CreateBucket', { Bucket: 'mine' });
    const cfg = { CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } };
    await h.call('CreateBucket', { Bucket: 'theirs', ...cfg }, { region: 'eu-west-1' });
    await expectError(
      h.call('CreateBucket', { Bucket: 'theirs', ...cfg }, { region: 'eu-west-1' }),
      'BucketAlreadyOwnedByYou',
      409,
      {
        fields: { BucketName: 'theirs' },
      },
    );
    expect((await h.call('GetBucketLocation', { Bucket: 'theirs' })).output.LocationConstraint).toBe('eu-west-1');
  });

  it.each([
    ['bad name', 'Bad_Name', 'us-east-1', undefined, 'InvalidBucketName'],
    ['us-east-1 named as a constraint', 'ok-name', 'us-east-1', 'us-east-1', 'InvalidLocationConstraint'],
    ['no constraint outside us-east-1', 'ok-name', 'eu-west-1', undefined, 'IllegalLocationConstraintException'],
    ['another region’s constraint', 'ok-name', 'eu-west-1', 'us-west-2', 'IllegalLocationConstraintException'],
  ])('refuses %s', async (_what, Bucket, region, constraint, code) => {
    const input = constraint ? { Bucket, CreateBucketConfiguration: { LocationConstraint: constraint } } : { Bucket };
    await expectError(s3().call('CreateBucket', input, { region }), code, 400);
  });

  it('accepts EU as eu-west-1', async () => {
    const h = s3();
    await h.call(
      'CreateBucket',
      { Bucket: 'eu-b', CreateBucketConfiguration: { LocationConstraint: 'EU' } },
      { region: 'eu-west-1' },
    );
    expect((await h.call('GetBucketLocation', { Bucket: 'eu-b' })).output.LocationConstraint).toBe('EU');
  });

  it('refuses a bucket another account owns', async () => {
    const h = s3();
    await h.call('CreateBucket', { Bucket: 'taken' });
    const other = {
      account: '210987654321',
      arn: 'arn:aws:iam::210987654321:root',
      userId: '210987654321',
      accessKeyId: 'AKIAOTHER',
    };
    await expectError(h.call('CreateBucket', { Bucket: 'taken' }, { caller: other }), 'BucketAlreadyExists', 409);
  });
});

describe('ListBuckets', () => {
  it('filters by prefix and pages with a continuation token', async () => {
    const h = s3();
    for (const b of ['a-1', 'a-2', 'a-3', 'b-1']) await h.call('CreateBucket', { Bucket: b });
    const first = (await h.call('ListBuckets', { Prefix: 'a-', MaxBuckets: 2 })).output;
    expect((first.Buckets as { Name: string }[]).map((b) => b.Name)).toEqual(['a-1', 'a-2']);
    const next = (
      await h.call('ListBuckets', { Prefix: 'a-', MaxBuckets: 2, ContinuationToken: first.ContinuationToken })
    ).output;
    expect((next.Buckets as { Name: string }[]).map((b) => b.Name)).toEqual(['a-3']);
    expect(next.ContinuationToken).toBeUndefined();
  });
});

describe('DeleteBucket', () => {
  it('refuses a bucket with objects, then deletes it empty', async () => {
    const h = await withBucket();
    await put(h, 'k', 'x');
    await expectError(h.call('DeleteBucket', { Bucket: 'bkt' }), 'BucketNotEmpty', 409, {
      message: 'The bucket you tried to delete is not empty',
      fields: { BucketName: 'bkt' },
    });
    await h.call('DeleteObject', { Bucket: 'bkt', Key: 'k' });
    await h.call('DeleteBucket', { Bucket: 'bkt' });
    await expectError(h.call('HeadBucket', { Bucket: 'bkt' }), 'NoSuchBucket', 404);
  });

  it('counts versions and delete markers as contents', async () => {
    const h = await withBucket();
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    await put(h, 'k', 'x');
    await h.call('DeleteObject', { Bucket: 'bkt', Key: 'k' });
    await expectError(h.call('DeleteBucket', { Bucket: 'bkt' }), 'BucketNotEmpty', 409);
  });

  it('takes unfinished multipart uploads with it', async () => {
    const h = await withBucket();
    await h.call('CreateMultipartUpload', { Bucket: 'bkt', Key: 'k' });
    await h.call('DeleteBucket', { Bucket: 'bkt' });
    expect(await h.store.keys('s3/')).toEqual([]);
  });
});

describe('NoSuchBucket', () => {
  it.each([
    'HeadBucket',
    'DeleteBucket',
    'GetBucketLocation',
    'GetBucketVersioning',
    'GetBucketTagging',
    'GetBucketPolicy',
    'GetBucketAcl',
    'ListObjects',
    'ListObjectsV2',
    'ListObjectVersions',
    'ListMultipartUploads',
    'GetObject',
    'HeadObject',
    'PutObject',
    'DeleteObject',
    'CreateMultipartUpload',
  ])('%s on a missing bucket', async (op) => {
    await expectError(s3().call(op, { Bucket: 'nope', Key: 'k' }), 'NoSuchBucket', 404, {
      message: 'The specified bucket does not exist',
      fields: { BucketName: 'nope' },
    });
  });
});

describe('bucket configurations', () => {
  it('versioning: unset, Enabled, Suspended; a bad status is MalformedXML', async () => {
    const h = await withBucket();
    expect((await h.call('GetBucketVersioning', { Bucket: 'bkt' })).output).toEqual({});
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    expect((await h.call('GetBucketVersioning', { Bucket: 'bkt' })).output.Status).toBe('Enabled');
    await h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'Suspended' } });
    expect((await h.call('GetBucketVersioning', { Bucket: 'bkt' })).output.Status).toBe('Suspended');
    await expectError(
      h.call('PutBucketVersioning', { Bucket: 'bkt', VersioningConfiguration: { Status: 'On' } }),
      'MalformedXML',
      400,
    );
  });

  const configs: [string, string, string, Record<string, unknown>, Record<string, unknown>, string][] = [
    [
      'Tagging',
      'PutBucketTagging',
      'GetBucketTagging',
      { Tagging: { TagSet: [{ Key: 'a', Value: '1' }] } },
      { TagSet: [{ Key: 'a', Value: '1' }] },
      'NoSuchTagSet',
    ],
    [
      'Policy',
      'PutBucketPolicy',
      'GetBucketPolicy',
      { Policy: '{"Version":"2012-10-17","Statement":[]}' },
      { Policy: '{"Version":"2012-10-17","Statement":[]}' },
      'NoSuchBucketPolicy',
    ],
    [
      'Cors',
      'PutBucketCors',
      'GetBucketCors',
      { CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } },
      { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] },
      'NoSuchCORSConfiguration',
    ],
    [
      'Lifecycle',
      'PutBucketLifecycleConfiguration',
      'GetBucketLifecycleConfiguration',
      {
        LifecycleConfiguration: {
          Rules: [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }],
        },
      },
      { Rules: [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }] },
      'NoSuchLifecycleConfiguration',
    ],
    [
      'Website',
      'PutBucketWebsite',
      'GetBucketWebsite',
      { WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'err.html' } } },
      { IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'err.html' } },
      'NoSuchWebsiteConfiguration',
    ],
  ];
  it.each(configs)('%s: missing → 404, put, get, delete', async (name, putOp, getOp, input, expected, missing) => {
    const h = await withBucket();
    await expectError(h.call(getOp, { Bucket: 'bkt' }), missing, 404, { fields: { BucketName: 'bkt' } });
    await h.call(putOp, { Bucket: 'bkt', ...input });
    expect((await h.call(getOp, { Bucket: 'bkt' })).output).toMatchObject(expected);
    await h.call(name === 'Lifecycle' ? 'DeleteBucketLifecycle' : `DeleteBucket${name}`, { Bucket: 'bkt' });
    await expectError(h.call(getOp, { Bucket: 'bkt' }), missing, 404);
  });

  it.each([
    ['not JSON', 'not json', "Policies must be valid JSON and the first byte must be '{'"],
    ['an array', '[1]', "Policies must be valid JSON and the first byte must be '{'"],
    ['no Statement', '{"Version":"2012-10-17"}', 'Missing required field Statement'],
  ])('a policy that is %s is MalformedPolicy', async (_what, Policy, message) => {
    const h = await withBucket();
    await expectError(h.call('PutBucketPolicy', { Bucket: 'bkt', Policy }), 'MalformedPolicy', 400, { message });
  });

  it.each([
    [
      [
        { Key: 'a', Value: '1' },
        { Key: 'a', Value: '2' },
      ],
      'InvalidTag',
    ],
    [[{ Key: 'aws:x', Value: '1' }], 'InvalidTag'],
    [[{ Key: 'k'.repeat(129), Value: '1' }], 'InvalidTag'],
    [[{ Key: 'k', Value: 'v'.repeat(257) }], 'InvalidTag'],
  ])('bucket tags %#: %s', async (TagSet, code) => {
    const h = await withBucket();
    await expectError(h.call('PutBucketTagging', { Bucket: 'bkt', Tagging: { TagSet } }), code, 400);
  });

  it('CORS refuses an unknown method; website needs an index suffix; lifecycle needs a status', async () => {
    const h = await withBucket();
    await expectError(
      h.call('PutBucketCors', {
        Bucket: 'bkt',
        CORSConfiguration: { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['*'] }] },
      }),
      'InvalidRequest',
      400,
      { message: 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH' },
    );
    await expectError(
      h.call('PutBucketWebsite', { Bucket: 'bkt', WebsiteConfiguration: { ErrorDocument: { Key: 'e' } } }),
      'InvalidArgument',
      400,
    );
    await expectError(
      h.call('PutBucketLifecycleConfiguration', { Bucket: 'bkt', LifecycleConfiguration: { Rules: [{ ID: 'x' }] } }),
      'MalformedXML',
      400,
    );
  });

  it('lifecycle dates come back as Dates', async () => {
    const h = await withBucket();
    const date = new Date('2027-01-01T00:00:00Z');
    await h.call('PutBucketLifecycleConfiguration', {
      Bucket: 'bkt',
      LifecycleConfiguration: { Rules: [{ ID: 'r', Status: 'Enabled', Filter: {}, Expiration: { Date: date } }] },
    });
    const rules = (await h.call('GetBucketLifecycleConfiguration', { Bucket: 'bkt' })).output.Rules as {
      Expiration: { Date: Date };
    }[];
    expect(rules[0]!.Expiration.Date).toEqual(date);
  });

  it('ACL: the owner has FULL_CONTROL; a canned public-read adds AllUsers READ', async () => {
    const h = await withBucket();
    const acl = (await h.call('GetBucketAcl', { Bucket: 'bkt' })).output;
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ...(acl.Owner as object) }, Permission: 'FULL_CONTROL' },
    ]);
    await h.call('PutBucketAcl', { Bucket: 'bkt', ACL: 'public-read' });
    const grants = (await h.call('GetBucketAcl', { Bucket: 'bkt' })).output.Grants as {
      Permission: string;
      Grantee: { URI?: string };
    }[];
    expect(grants.map((g) => [g.Permission, g.Grantee.URI])).toEqual([
      ['FULL_CONTROL', undefined],
      ['READ', 'http://acs.amazonaws.com/groups/global/AllUsers'],
    ]);
  });
});
