/**
 * `s3` argv → what the command does, without HTTP: every option of every s3 command is parsed into the
 * field the command uses (a table keyed by option, checked to cover each command's options), and the
 * words the CLI refuses are refused with its messages.
 */
import { describe, expect, it } from 'vitest';
import { parseS3Command, type S3Call } from '../../src/commands/s3/parse.js';
import { S3_COMMAND_SPECS, type S3OptionName } from '../../src/commands/s3/options.js';

const PATHS: Record<string, string[]> = {
  cp: ['./a', 's3://b/k'],
  mv: ['./a', 's3://b/k'],
  sync: ['./dir', 's3://b/p/'],
  rm: ['s3://b/k'],
  ls: ['s3://b/p/'],
  mb: ['s3://b'],
  rb: ['s3://b'],
  presign: ['s3://b/k'],
  website: ['s3://b'],
};
const COPY = ['s3://b/k', 's3://c/k'];
const extra = (params: Record<string, unknown>) => ({ extra: params });

/** Each option's words, and what the parsed call holds for them (the command and its paths may change what). */
const CASES: Record<
  S3OptionName,
  (command: string) => Array<{ args: string[]; paths?: string[]; expected: Partial<S3Call> & Record<string, unknown> }>
> = {
  recursive: () => [{ args: ['--recursive'], expected: { recursive: true } }],
  exclude: () => [
    {
      args: ['--exclude', '*.tmp', '--include=keep.tmp'],
      expected: {
        filters: [
          { kind: 'exclude', pattern: '*.tmp' },
          { kind: 'include', pattern: 'keep.tmp' },
        ],
      },
    },
  ],
  include: () => [{ args: ['--include', '*.txt'], expected: { filters: [{ kind: 'include', pattern: '*.txt' }] } }],
  dryrun: () => [{ args: ['--dryrun'], expected: { dryrun: true } }],
  quiet: () => [{ args: ['--quiet'], expected: { quiet: true } }],
  'only-show-errors': () => [{ args: ['--only-show-errors'], expected: { onlyShowErrors: true } }],
  'no-progress': () => [{ args: ['--no-progress'], expected: { noProgress: true } }],
  acl: () => [{ args: ['--acl', 'bucket-owner-full-control'], expected: extra({ ACL: 'bucket-owner-full-control' }) }],
  grants: () => [
    {
      args: ['--grants', 'read=uri=http://acs.amazonaws.com/groups/global/AllUsers', 'full=id=abc'],
      expected: extra({ GrantRead: 'uri=http://acs.amazonaws.com/groups/global/AllUsers', GrantFullControl: 'id=abc' }),
    },
  ],
  'follow-symlinks': () => [
    { args: [], expected: { followSymlinks: true } },
    { args: ['--no-follow-symlinks'], expected: { followSymlinks: false } },
    { args: ['--no-follow-symlinks', '--follow-symlinks'], expected: { followSymlinks: true } },
  ],
  'no-guess-mime-type': () => [{ args: ['--no-guess-mime-type'], expected: { guessMimeType: false } }],
  sse: () => [
    { args: ['--sse'], expected: extra({ ServerSideEncryption: 'AES256' }) },
    { args: ['--sse', 'aws:kms'], expected: extra({ ServerSideEncryption: 'aws:kms' }) },
  ],
  'sse-c': () => [
    {
      args: ['--sse-c', '--sse-c-key', 'k'.repeat(32)],
      expected: { sseC: { algorithm: 'AES256', key: 'k'.repeat(32) } },
    },
  ],
  'sse-c-key': () => [
    {
      args: ['--sse-c-key', 'fileb://key.bin', '--sse-c', 'AES256'],
      expected: { sseC: { algorithm: 'AES256', key: 'fileb://key.bin' } },
    },
  ],
  'sse-c-copy-source': () => [
    {
      args: ['--sse-c-copy-source', '--sse-c-copy-source-key', 'K'],
      paths: COPY,
      expected: { sseCopySource: { algorithm: 'AES256', key: 'K' } },
    },
  ],
  'sse-c-copy-source-key': () => [
    {
      args: ['--sse-c-copy-source-key=fileb://k', '--sse-c-copy-source=AES256'],
      paths: COPY,
      expected: { sseCopySource: { algorithm: 'AES256', key: 'fileb://k' } },
    },
  ],
  'sse-kms-key-id': () => [
    {
      args: ['--sse', 'aws:kms', '--sse-kms-key-id', 'alias/mine'],
      expected: extra({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/mine' }),
    },
  ],
  'storage-class': () => [{ args: ['--storage-class', 'GLACIER_IR'], expected: extra({ StorageClass: 'GLACIER_IR' }) }],
  'website-redirect': () => [
    { args: ['--website-redirect', '/other.html'], expected: extra({ WebsiteRedirectLocation: '/other.html' }) },
  ],
  'content-type': () => [{ args: ['--content-type', 'text/plain'], expected: extra({ ContentType: 'text/plain' }) }],
  'cache-control': () => [{ args: ['--cache-control', 'max-age=60'], expected: extra({ CacheControl: 'max-age=60' }) }],
  'content-disposition': () => [
    { args: ['--content-disposition', 'attachment'], expected: extra({ ContentDisposition: 'attachment' }) },
  ],
  'content-encoding': () => [{ args: ['--content-encoding', 'gzip'], expected: extra({ ContentEncoding: 'gzip' }) }],
  'content-language': () => [{ args: ['--content-language', 'en'], expected: extra({ ContentLanguage: 'en' }) }],
  expires: () => [
    { args: ['--expires', '2030-01-01T00:00:00Z'], expected: extra({ Expires: '2030-01-01T00:00:00Z' }) },
  ],
  metadata: () => [
    // A copy given metadata replaces the source's (the CLI's _auto_populate_metadata_directive).
    {
      args: ['--metadata', 'a=1,b=x=y'],
      expected: extra({ Metadata: { a: '1', b: 'x=y' }, MetadataDirective: 'REPLACE' }),
    },
    {
      args: ['--metadata', '{"k": "v"}', '--metadata-directive', 'COPY'],
      expected: extra({ Metadata: { k: 'v' }, MetadataDirective: 'COPY' }),
    },
  ],
  'metadata-directive': () => [
    {
      args: ['--metadata-directive', 'REPLACE', '--copy-props', 'none'],
      expected: { extra: { MetadataDirective: 'REPLACE' }, copyProps: undefined },
    },
  ],
  'request-payer': (command) => {
    const field = (value: string) =>
      command === 'rm' || command === 'ls' ? { requestPayer: value } : extra({ RequestPayer: value });
    return [
      { args: ['--request-payer'], expected: field('requester') },
      { args: ['--request-payer', 'requester'], expected: field('requester') },
    ];
  },
  'expected-size': () => [{ args: ['--expected-size', '60GB'], expected: { expectedSize: '60GB' } }],
  'checksum-algorithm': () => [
    { args: ['--checksum-algorithm', 'CRC64NVME'], expected: extra({ ChecksumAlgorithm: 'CRC64NVME' }) },
  ],
  delete: () => [{ args: ['--delete'], expected: { delete: true } }],
  'size-only': () => [{ args: ['--size-only'], expected: { sizeOnly: true } }],
  'exact-timestamps': () => [{ args: ['--exact-timestamps'], expected: { exactTimestamps: true } }],
  checksum: () => [{ args: ['--checksum'], expected: { checksum: true } }],
  // cp and mv write with If-None-Match; sync leaves out what the destination has before it writes.
  'no-overwrite': (command) => [
    {
      args: ['--no-overwrite'],
      expected: { noOverwrite: true, extra: command === 'sync' ? {} : { IfNoneMatch: '*' } },
    },
  ],
  'source-region': () => [{ args: ['--source-region', 'eu-west-1'], expected: { sourceRegion: 'eu-west-1' } }],
  'ignore-glacier-warnings': () => [
    { args: [], expected: { glacier: 'warn' } },
    { args: ['--ignore-glacier-warnings'], expected: { glacier: 'ignore' } },
  ],
  'force-glacier-transfer': () => [
    { args: ['--force-glacier-transfer'], expected: { glacier: 'force' } },
    { args: ['--force-glacier-transfer', '--ignore-glacier-warnings'], expected: { glacier: 'force' } },
  ],
  'copy-props': () => [
    { args: [], expected: { copyProps: 'default' } },
    { args: ['--copy-props', 'metadata-directive'], expected: { copyProps: 'metadata-directive' } },
  ],
  'checksum-mode': () => [
    { args: ['--checksum-mode', 'ENABLED'], paths: ['s3://b/k', './a'], expected: { checksumMode: 'ENABLED' } },
  ],
  'case-conflict': () => [
    { args: [], expected: { caseConflict: 'ignore' } },
    { args: ['--case-conflict', 'skip'], expected: { caseConflict: 'skip' } },
  ],
  'progress-frequency': () => [
    { args: [], expected: { progressFrequency: 0 } },
    { args: ['--progress-frequency', '5'], expected: { progressFrequency: 5 } },
  ],
  'progress-multiline': () => [{ args: ['--progress-multiline'], expected: { progressMultiline: true } }],
  'validate-same-s3-paths': () => [{ args: ['--validate-same-s3-paths'], expected: { validateSameS3Paths: true } }],
  tags: () => [
    { args: [], expected: { tags: [] } },
    {
      args: ['--tags', 'team', 'data', '--tags', 'env', 'prod'],
      expected: {
        tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'env', Value: 'prod' },
        ],
      },
    },
  ],
  'bucket-name-prefix': () => [{ args: ['--bucket-name-prefix', 'logs-'], expected: { bucketNamePrefix: 'logs-' } }],
  'bucket-region': () => [{ args: ['--bucket-region', 'eu-west-1'], expected: { bucketRegion: 'eu-west-1' } }],
  'human-readable': () => [{ args: ['--human-readable'], expected: { humanReadable: true } }],
  summarize: () => [{ args: ['--summarize'], expected: { summarize: true } }],
  'page-size': () => [{ args: ['--page-size', '100'], expected: { pageSize: 100 } }],
  force: () => [{ args: ['--force'], expected: { force: true } }],
  'expires-in': () => [{ args: ['--expires-in', '600'], expected: { expiresIn: 600 } }],
  'index-document': () => [{ args: ['--index-document', 'index.html'], expected: { indexDocument: 'index.html' } }],
  'error-document': () => [{ args: ['--error-document', 'error.html'], expected: { errorDocument: 'error.html' } }],
};

const rows = Object.entries(S3_COMMAND_SPECS).flatMap(([command, spec]) =>
  spec.options.flatMap((option) =>
    CASES[option](command).map((c, n) => ({
      name: `${command} --${option}${n ? ` (${n + 1})` : ''}`,
      command,
      ...c,
    })),
  ),
);

describe('s3 argv → options', () => {
  it('has a case for every option of every command', () => {
    const options = Object.values(S3_COMMAND_SPECS).reduce((n, spec) => n + spec.options.length, 0);
    expect(new Set(rows.map((r) => r.name.replace(/ \(\d+\)$/, ''))).size).toBe(options);
  });

  it.each(rows)('$name', ({ command, args, paths, expected }) => {
    const call = parseS3Command([command, ...(paths ?? PATHS[command]!), ...args]);
    expect(call).toMatchObject({ command, ...expected });
  });

  it('reads the paths and the defaults', () => {
    expect(parseS3Command(['cp', '-', 's3://b/k'])).toEqual({
      command: 'cp',
      src: '-',
      dst: 's3://b/k',
      recursive: false,
      dryrun: false,
      quiet: false,
      onlyShowErrors: false,
      noProgress: false,
      filters: [],
      extra: {},
      guessMimeType: true,
      expectedSize: undefined,
      followSymlinks: true,
      sseC: undefined,
      sseCopySource: undefined,
      pageSize: undefined,
      sourceRegion: undefined,
      glacier: 'warn',
      copyProps: 'default',
      checksumMode: undefined,
      caseConflict: 'ignore',
      progressFrequency: 0,
      progressMultiline: false,
      validateSameS3Paths: false,
      noOverwrite: false,
      delete: false,
      sizeOnly: false,
      exactTimestamps: false,
      checksum: false,
    });
    expect(parseS3Command(['ls'])).toMatchObject({ command: 'ls', path: 's3://', recursive: false });
    expect(parseS3Command(['website', 's3://site/'])).toMatchObject({ bucket: 'site' });
    expect(parseS3Command(['website', 'site'])).toMatchObject({ bucket: 'site' });
    // argparse's unambiguous prefixes and --opt=value.
    expect(parseS3Command(['cp', 'a', 's3://b/', '--recu', '--storage-class=STANDARD_IA'])).toMatchObject({
      recursive: true,
      extra: { StorageClass: 'STANDARD_IA' },
    });
  });

  it.each<[string[], string]>([
    [['nosuch'], 'argument operation: Invalid choice, valid choices are:'],
    [[], 'the following arguments are required: operation'],
    [['cp', 'a'], 'the following arguments are required: paths2'],
    [['rm'], 'the following arguments are required: paths'],
    [['cp', 'a', 's3://b/k', '--bogus'], 'Unknown options: --bogus'],
    [['sync', 'a', 's3://b/', '--recursive'], 'Unknown options: --recursive'],
    [['ls', '--delete'], 'Unknown options: --delete'],
    [['rm', 's3://b/k', '--no-progress'], 'Unknown options: --no-progress'],
    [['mv', '-', 's3://b/k', '--expected-size', '1GB'], 'Unknown options: --expected-size,'],
    [['cp', 'a', 's3://b/k', '--acl', 'open'], 'argument --acl: Invalid choice, valid choices are:'],
    [['cp', 'a', 's3://b/k', '--sse-c'], 'If --sse-c is specified, --sse-c-key must be specified as well.'],
    [['cp', 'a', 's3://b/k', '--sse-c-key', 'k'], 'If --sse-c-key is specified, --sse-c must be specified as well.'],
    [
      ['cp', 'a', 's3://b/k', '--sse-c-copy-source', '--sse-c-copy-source-key', 'k'],
      '--sse-c-copy-source is only supported for copy operations.',
    ],
    [['cp', 'a', 's3://b/k', '--grants', 'nothing'], 'grants should be of the form permission=principal'],
    [['cp', 'a', 's3://b/k', '--grants', 'all=id=x'], 'permission must be one of: read|readacl|writeacl|full'],
    [['presign', 's3://b/k', '--expires-in', 'soon'], "argument --expires-in: invalid int value: 'soon'"],
    [['mb', 'bucket'], '<S3Uri>\nError: Invalid argument type'],
    [['rm', './local'], '<S3Uri>\nError: Invalid argument type'],
    [['rb', 's3://b/key'], 'Please specify a valid bucket name only. E.g. s3://b'],
    [['mv', 's3://b/k', 's3://b/k'], 'Cannot mv a file onto itself: s3://b/k - s3://b/k'],
    [['mv', 's3://b/k', 's3://b'], 'Cannot mv a file onto itself: s3://b/k - s3://b/'],
    [['mv', 's3://b/d/k', 's3://b/d/', '--recursive'], 'Cannot mv a file onto itself: s3://b/d/k - s3://b/d/'],
    [
      ['cp', 'a', 's3://b/k', '--checksum-mode', 'ENABLED'],
      'Expected checksum-mode parameter to be used with one of following path formats: <S3Uri> <LocalPath>. Instead, received <LocalPath> <S3Uri>.',
    ],
    [
      ['sync', 's3://b/', 'dir', '--checksum-algorithm', 'SHA1'],
      'Expected checksum-algorithm parameter to be used with one of following path formats: <LocalPath> <S3Uri>, <S3Uri> <S3Uri>. Instead, received <S3Uri> <LocalPath>.',
    ],
    [
      ['cp', 'a', 's3://arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/olap/k'],
      's3 commands do not support S3 Object Lambda resources. Use s3api commands instead.',
    ],
    [['mb', 's3://b', '--tags', 'k'], 'argument --tags: expected 2 arguments'],
    [['mb', 's3://b', '--tags=k', 'v'], 'argument --tags: expected 2 arguments'],
    [['cp', 's3://b/k', '.', '--case-conflict', 'rename'], 'argument --case-conflict: Invalid choice'],
    [
      ['cp', 's3://b/k', '.', '--progress-frequency', 'often'],
      "argument --progress-frequency: invalid int value: 'often'",
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseS3Command(argv)).toThrow(message);
  });
});
