/**
 * The seed user guide's IAM, S3 and Glacier walk-throughs, typed unchanged against the sandbox through
 * the CLI (in-process, real Node host and file store), with the results the guide shows.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeHash } from '../../src/core/checksums/tree-hash.js';
import { sandboxCli } from './cli-support.js';

describe('the IAM walk-through', () => {
  const cli = sandboxCli();

  it('creates a group and a user, attaches PowerUserAccess, sets a password, makes and deletes a key', async () => {
    const group = await cli.json(['iam', 'create-group', '--group-name', 'MyIamGroup']);
    expect(group.Group).toMatchObject({
      GroupName: 'MyIamGroup',
      Path: '/',
      Arn: 'arn:aws:iam::123456789012:group/MyIamGroup',
    });
    expect(group.Group.GroupId).toMatch(/^AGPA[A-Z0-9]{17}$/);
    const user = await cli.json(['iam', 'create-user', '--user-name', 'MyUser']);
    expect(user.User).toMatchObject({ UserName: 'MyUser', Arn: 'arn:aws:iam::123456789012:user/MyUser' });
    expect(
      (await cli.run(['iam', 'add-user-to-group', '--user-name', 'MyUser', '--group-name', 'MyIamGroup'])).out,
    ).toBe('');
    const got = await cli.json(['iam', 'get-group', '--group-name', 'MyIamGroup']);
    expect(got.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['MyUser']);

    const arn = await cli.run([
      'iam',
      'list-policies',
      '--query',
      'Policies[?PolicyName==`PowerUserAccess`].{ARN:Arn}',
      '--output',
      'text',
    ]);
    expect(arn.out).toBe('arn:aws:iam::aws:policy/PowerUserAccess\n');
    expect(
      (await cli.run(['iam', 'attach-user-policy', '--user-name', 'MyUser', '--policy-arn', arn.out.trim()])).code,
    ).toBe(0);
    expect(await cli.json(['iam', 'list-attached-user-policies', '--user-name', 'MyUser'])).toEqual({
      AttachedPolicies: [{ PolicyName: 'PowerUserAccess', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }],
    });

    const login = await cli.json([
      'iam',
      'create-login-profile',
      '--user-name',
      'MyUser',
      '--password',
      'My!User1Login8P@ssword',
      '--password-reset-required',
    ]);
    expect(login.LoginProfile).toMatchObject({ UserName: 'MyUser', PasswordResetRequired: true });
    expect(
      (
        await cli.run([
          'iam',
          'update-login-profile',
          '--user-name',
          'MyUser',
          '--password',
          'My!User1ADifferentP@ssword',
        ])
      ).code,
    ).toBe(0);

    const key = await cli.json(['iam', 'create-access-key', '--user-name', 'MyUser']);
    expect(key.AccessKey).toMatchObject({ UserName: 'MyUser', Status: 'Active' });
    expect(key.AccessKey.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(key.AccessKey.SecretAccessKey).toHaveLength(40);
    // Nothing configured: the sandbox's own keys, its account's root.
    const asRoot = await cli.run(['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text']);
    expect(asRoot.out).toBe('arn:aws:iam::123456789012:root\n');
    const signedAsUser = sandboxCli({
      AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey,
    });
    // The new key signs requests as MyUser (another home, the same sandbox).
    const same = sandboxCli({
      AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey,
      ISOAWS_SANDBOX_DIR: cli.stateDir,
    });
    expect((await same.run(['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'])).out).toBe(
      'arn:aws:iam::123456789012:user/MyUser\n',
    );
    // Elsewhere the key is unknown, as an AWS key is to another account.
    const elsewhere = await signedAsUser.run(['sts', 'get-caller-identity']);
    expect(elsewhere.code).toBe(254);
    expect(elsewhere.err).toContain('(InvalidClientTokenId) when calling the GetCallerIdentity operation');

    expect(
      (
        await cli.run([
          'iam',
          'delete-access-key',
          '--user-name',
          'MyUser',
          '--access-key-id',
          key.AccessKey.AccessKeyId,
        ])
      ).code,
    ).toBe(0);
    const revoked = await same.run(['sts', 'get-caller-identity']);
    expect(revoked.code).toBe(254);
    expect(revoked.err).toContain('InvalidClientTokenId');
  });
});

describe('the S3 walk-through (high-level commands)', () => {
  const cli = sandboxCli();
  const files = (dir: string) => readdirSync(dir).sort();

  it('makes a bucket, lists, copies, syncs with excludes and --delete, removes and removes the bucket', async () => {
    expect((await cli.run(['s3', 'mb', 's3://bucket-name'])).out).toBe('make_bucket: bucket-name\n');
    expect((await cli.run(['s3', 'ls'])).out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d bucket-name\n$/);
    mkdirSync(join(cli.work, 'MySubdirectory'));
    writeFileSync(join(cli.work, 'MyFile1.txt'), 'one\n');
    writeFileSync(join(cli.work, 'MyFile2.rtf'), 'two\n');
    writeFileSync(join(cli.work, 'MyFile88.txt'), 'eighty-eight\n');
    writeFileSync(join(cli.work, 'MySubdirectory', 'MyFile3.txt'), 'three\n');

    const synced = await cli.run(['s3', 'sync', '.', 's3://my-bucket/path']);
    expect(synced.code).toBe(1); // my-bucket does not exist yet
    expect(synced.err).toContain('NoSuchBucket');
    await cli.run(['s3', 'mb', 's3://my-bucket']);
    const first = await cli.run(['s3', 'sync', '.', 's3://my-bucket/path']);
    expect(first.code).toBe(0);
    expect(first.out.split('\n').filter(Boolean).sort()).toEqual([
      'upload: ./MyFile1.txt to s3://my-bucket/path/MyFile1.txt',
      'upload: ./MyFile2.rtf to s3://my-bucket/path/MyFile2.rtf',
      'upload: ./MyFile88.txt to s3://my-bucket/path/MyFile88.txt',
      'upload: MySubdirectory/MyFile3.txt to s3://my-bucket/path/MySubdirectory/MyFile3.txt',
    ]);
    expect((await cli.run(['s3', 'sync', '.', 's3://my-bucket/path'])).out).toBe('');

    expect((await cli.run(['s3', 'rm', 's3://my-bucket/path/MySubdirectory/MyFile3.txt'])).out).toBe(
      'delete: s3://my-bucket/path/MySubdirectory/MyFile3.txt\n',
    );
    const down = join(cli.work, 'MySubdirectory');
    const back = await cli.run(['s3', 'sync', 's3://my-bucket/path', '.', '--delete']);
    expect(back.out).toBe('delete: MySubdirectory/MyFile3.txt\n');
    expect(files(down)).toEqual([]);

    const excluded = await cli.run([
      's3',
      'sync',
      '.',
      's3://my-bucket/other',
      '--exclude',
      '*.txt',
      '--include',
      'MyFile*.txt',
      '--exclude',
      'MyFile?.txt',
    ]);
    expect(excluded.out.split('\n').filter(Boolean).sort()).toEqual([
      'upload: ./MyFile2.rtf to s3://my-bucket/other/MyFile2.rtf',
      'upload: ./MyFile88.txt to s3://my-bucket/other/MyFile88.txt',
    ]);

    const listed = await cli.run(['s3', 'ls', 's3://my-bucket/path/']);
    expect(
      listed.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(19).trim()),
    ).toEqual(
      ['PRE MySubdirectory/', '4 MyFile1.txt', '4 MyFile2.rtf', '13 MyFile88.txt'].filter(
        (l) => l !== 'PRE MySubdirectory/',
      ),
    );

    expect(
      (await cli.run(['s3', 'cp', 'MyFile1.txt', 's3://my-bucket/', '--storage-class', 'REDUCED_REDUNDANCY'])).code,
    ).toBe(0);
    expect(
      (
        await cli.run([
          's3api',
          'head-object',
          '--bucket',
          'my-bucket',
          '--key',
          'MyFile1.txt',
          '--query',
          'StorageClass',
          '--output',
          'text',
        ])
      ).out,
    ).toBe('REDUCED_REDUNDANCY\n');

    const moved = await cli.run([
      's3',
      'mv',
      's3://my-bucket/path',
      './MyDirectory',
      '--exclude',
      '*',
      '--include',
      '*.rtf',
      '--recursive',
    ]);
    expect(moved.out).toBe('move: s3://my-bucket/path/MyFile2.rtf to MyDirectory/MyFile2.rtf\n');
    expect(readFileSync(join(cli.work, 'MyDirectory', 'MyFile2.rtf'), 'utf8')).toBe('two\n');

    const removed = await cli.run(['s3', 'rm', 's3://my-bucket/path', '--recursive']);
    expect(removed.out.split('\n').filter(Boolean).sort()).toEqual([
      'delete: s3://my-bucket/path/MyFile1.txt',
      'delete: s3://my-bucket/path/MyFile88.txt',
    ]);
    const rb = await cli.run(['s3', 'rb', 's3://my-bucket']);
    expect(rb.code).toBe(1);
    expect(rb.err).toContain('BucketNotEmpty');
    expect((await cli.run(['s3', 'rb', 's3://my-bucket', '--force'])).code).toBe(0);
    expect((await cli.run(['s3', 'rb', 's3://bucket-name'])).out).toBe('remove_bucket: bucket-name\n');
    expect((await cli.run(['s3', 'ls'])).out).toBe('');
  });
});

describe('the Glacier walk-through', () => {
  const cli = sandboxCli();

  it('uploads a 3 MiB file in three 1 MiB parts, completes it with the tree hash, and retrieves it by a job', async () => {
    expect(await cli.json(['glacier', 'create-vault', '--account-id', '-', '--vault-name', 'myvault'])).toEqual({
      location: '/123456789012/vaults/myvault',
    });
    const data = randomBytes(3 * 1048576);
    for (const [i, name] of ['chunkaa', 'chunkab', 'chunkac'].entries())
      writeFileSync(join(cli.work, name), data.subarray(i * 1048576, (i + 1) * 1048576));
    const started = await cli.json([
      'glacier',
      'initiate-multipart-upload',
      '--account-id',
      '-',
      '--archive-description',
      'multipart upload test',
      '--part-size',
      '1048576',
      '--vault-name',
      'myvault',
    ]);
    expect(started.location).toBe(`/123456789012/vaults/myvault/multipart-uploads/${started.uploadId}`);
    for (const [i, name] of ['chunkaa', 'chunkab', 'chunkac'].entries()) {
      const part = await cli.json([
        'glacier',
        'upload-multipart-part',
        '--upload-id',
        started.uploadId,
        '--body',
        name,
        '--range',
        `bytes ${i * 1048576}-${(i + 1) * 1048576 - 1}/*`,
        '--account-id',
        '-',
        '--vault-name',
        'myvault',
      ]);
      expect(part.checksum).toBe(await treeHash(data.subarray(i * 1048576, (i + 1) * 1048576)));
    }
    const TREEHASH = await treeHash(data);
    const done = await cli.json([
      'glacier',
      'complete-multipart-upload',
      '--checksum',
      TREEHASH,
      '--archive-size',
      '3145728',
      '--upload-id',
      started.uploadId,
      '--account-id',
      '-',
      '--vault-name',
      'myvault',
    ]);
    expect(done.checksum).toBe(TREEHASH);
    expect(done.location).toBe(`/123456789012/vaults/myvault/archives/${done.archiveId}`);
    const vault = await cli.json(['glacier', 'describe-vault', '--account-id', '-', '--vault-name', 'myvault']);
    expect(vault).toMatchObject({
      VaultARN: 'arn:aws:glacier:us-east-1:123456789012:vaults/myvault',
      VaultName: 'myvault',
      NumberOfArchives: 1,
      SizeInBytes: 3145728,
    });

    // A wrong tree hash is refused as Glacier refuses it.
    const wrong = await cli.run([
      'glacier',
      'upload-archive',
      '--account-id',
      '-',
      '--vault-name',
      'myvault',
      '--body',
      'chunkaa',
      '--checksum',
      '0'.repeat(64),
    ]);
    expect(wrong.code).toBe(254);
    expect(wrong.err).toContain('(InvalidParameterValueException)');

    const job = await cli.json([
      'glacier',
      'initiate-job',
      '--account-id',
      '-',
      '--vault-name',
      'myvault',
      '--job-parameters',
      JSON.stringify({ Type: 'archive-retrieval', ArchiveId: done.archiveId }),
    ]);
    const describe = ['glacier', 'describe-job', '--account-id', '-', '--vault-name', 'myvault', '--job-id', job.jobId];
    expect((await cli.json(describe)).StatusCode).toBe('InProgress');
    const early = await cli.run([
      'glacier',
      'get-job-output',
      '--account-id',
      '-',
      '--vault-name',
      'myvault',
      '--job-id',
      job.jobId,
      'early.bin',
    ]);
    expect(early.code).toBe(254);
    cli.advance(5_000);
    expect(await cli.json(describe)).toMatchObject({
      StatusCode: 'Succeeded',
      Completed: true,
      ArchiveSHA256TreeHash: TREEHASH,
    });
    const out = await cli.json([
      'glacier',
      'get-job-output',
      '--account-id',
      '-',
      '--vault-name',
      'myvault',
      '--job-id',
      job.jobId,
      '--range',
      'bytes=1048576-2097151',
      'part.bin',
    ]);
    expect(out).toMatchObject({ status: 206, checksum: await treeHash(data.subarray(1048576, 2097152)) });
    expect(readFileSync(join(cli.work, 'part.bin')).equals(data.subarray(1048576, 2097152))).toBe(true);
  });
});

describe('the SNS walk-through, and the guide’s SQS queue with a redrive policy', () => {
  // The guide's ARNs are in us-west-2: its commands run there unchanged.
  const cli = sandboxCli({ AWS_DEFAULT_REGION: 'us-west-2' });
  const topic = 'arn:aws:sns:us-west-2:123456789012:my-topic';

  it('creates a topic, subscribes an email address, publishes, unsubscribes and deletes the topic', async () => {
    expect(await cli.json(['sns', 'create-topic', '--name', 'my-topic'])).toEqual({ TopicArn: topic });
    expect(
      await cli.json([
        'sns',
        'subscribe',
        '--topic-arn',
        topic,
        '--protocol',
        'email',
        '--notification-endpoint',
        'saanvi@example.com',
      ]),
    ).toEqual({ SubscriptionArn: 'pending confirmation' });
    const published = await cli.json(['sns', 'publish', '--topic-arn', topic, '--message', 'Hello World!']);
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await cli.json(['sns', 'list-subscriptions']);
    expect(listed.Subscriptions).toEqual([
      {
        SubscriptionArn: 'PendingConfirmation',
        Owner: '123456789012',
        Protocol: 'email',
        Endpoint: 'saanvi@example.com',
        TopicArn: topic,
      },
    ]);
    const unsubscribed = await cli.run([
      'sns',
      'unsubscribe',
      '--subscription-arn',
      `${topic}:1328f057-de93-4c15-512e-8bb22EXAMPLE`,
    ]);
    // The guide's example ARN ends in an id that is no subscription id (…EXAMPLE): refused as a bad parameter.
    expect([unsubscribed.code, unsubscribed.err]).toEqual([
      254,
      expect.stringContaining('(InvalidParameter) when calling the Unsubscribe operation'),
    ]);
    expect((await cli.run(['sns', 'delete-topic', '--topic-arn', topic])).code).toBe(0);
    expect(await cli.json(['sns', 'list-topics'])).toEqual({ Topics: [] });
  });

  it('creates the guide’s queue whose RedrivePolicy is JSON inside JSON', async () => {
    await cli.json(['sqs', 'create-queue', '--queue-name', 'deadletter']);
    const made = await cli.json([
      'sqs',
      'create-queue',
      '--queue-name',
      'my-queue',
      '--attributes',
      '{ "RedrivePolicy": "{\\"deadLetterTargetArn\\":\\"arn:aws:sqs:us-west-2:123456789012:deadletter\\", \\"maxReceiveCount\\":5}" }',
    ]);
    expect(made.QueueUrl).toBe('https://sqs.us-west-2.amazonaws.com/123456789012/my-queue');
    const attributes = await cli.json([
      'sqs',
      'get-queue-attributes',
      '--queue-url',
      made.QueueUrl,
      '--attribute-names',
      'RedrivePolicy',
    ]);
    expect(JSON.parse(attributes.Attributes.RedrivePolicy)).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-west-2:123456789012:deadletter',
      maxReceiveCount: 5,
    });
  });
});
