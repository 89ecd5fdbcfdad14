/**
 * The s3 commands and their options, each declared once: how argparse reads it and what its help page
 * says. The parser (parse.ts), the help pages (help.ts) and completion all read these tables.
 */
import { flagOption as flag, valueOption as value, type CommandOption } from '../../cli/command.js';

/** An option whose value may be left out (`--sse`, `--sse-c`), standing for `constValue` then. */
const optionalValue = (name: string, constValue: string, choices: string[], text: string): CommandOption =>
  value(name, 'string', text, { nargs: 'optional', constValue, choices });

export const S3_OPTIONS = {
  recursive: flag('recursive', 'Works on every file under the local directory, or every object under the S3 prefix.'),
  exclude: value(
    'exclude',
    'string',
    'Leaves out the files or objects whose path matches this pattern (* any run of characters, ? one character, [seq] one of them). Patterns are matched against the path below the source; with several --include and --exclude options, the last one that matches decides.',
  ),
  include: value(
    'include',
    'string',
    'Takes in the files or objects matching this pattern, which an earlier --exclude left out.',
  ),
  dryrun: flag('dryrun', 'Prints what would be done, prefixed with (dryrun), without doing it.'),
  quiet: flag('quiet', 'Prints nothing, errors included.'),
  'only-show-errors': flag('only-show-errors', 'Prints only errors and warnings.'),
  'no-progress': flag('no-progress', 'Leaves out the progress line (shown only when standard output is a terminal).'),
  acl: value(
    'acl',
    'string',
    'The canned ACL of the objects written: private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read, bucket-owner-full-control or log-delivery-write.',
    {
      choices: [
        'private',
        'public-read',
        'public-read-write',
        'authenticated-read',
        'aws-exec-read',
        'bucket-owner-read',
        'bucket-owner-full-control',
        'log-delivery-write',
      ],
    },
  ),
  grants: value(
    'grants',
    'list',
    'Grants on the objects written, each Permission=Grantee_Type=Grantee_ID, where Permission is read, readacl, writeacl or full and Grantee_Type is uri, emailaddress or id.',
    { nargs: 'many' },
  ),
  'follow-symlinks': {
    specs: [flag('follow-symlinks', '').specs[0]!, flag('no-follow-symlinks', '').specs[0]!],
    shown: '--follow-symlinks | --no-follow-symlinks (boolean)',
    text: 'Whether files reached through symbolic links are uploaded (the default) or left out.',
  },
  'no-guess-mime-type': flag(
    'no-guess-mime-type',
    'Leaves the content type of uploaded files unset instead of guessing it from the file name.',
  ),
  sse: optionalValue(
    'sse',
    'AES256',
    ['AES256', 'aws:kms', 'aws:kms:dsse'],
    'Server-side encryption of the objects written: AES256 (the value when none is given), aws:kms or aws:kms:dsse.',
  ),
  'sse-c': optionalValue(
    'sse-c',
    'AES256',
    ['AES256'],
    'Encrypts the objects written, or decrypts the objects read, with a key you provide (AES256, the value when none is given); needs --sse-c-key.',
  ),
  'sse-c-key': value(
    'sse-c-key',
    'blob',
    'The key for --sse-c: 32 bytes, given as text or read from a file with fileb://. It is sent base64-encoded with its MD5.',
  ),
  'sse-c-copy-source': optionalValue(
    'sse-c-copy-source',
    'AES256',
    ['AES256'],
    'The source objects of a copy inside S3 are encrypted with a key you provide (AES256); needs --sse-c-copy-source-key.',
  ),
  'sse-c-copy-source-key': value('sse-c-copy-source-key', 'blob', 'The key for --sse-c-copy-source.'),
  'sse-kms-key-id': value(
    'sse-kms-key-id',
    'string',
    'The KMS key (ID, ARN or alias) for aws:kms encryption of the objects written.',
  ),
  'storage-class': value(
    'storage-class',
    'string',
    'The storage class of the objects written: STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE or GLACIER_IR.',
    {
      choices: [
        'STANDARD',
        'REDUCED_REDUNDANCY',
        'STANDARD_IA',
        'ONEZONE_IA',
        'INTELLIGENT_TIERING',
        'GLACIER',
        'DEEP_ARCHIVE',
        'GLACIER_IR',
      ],
    },
  ),
  'website-redirect': value(
    'website-redirect',
    'string',
    'For a bucket configured as a website, where requests for the objects written are redirected.',
  ),
  'content-type': value(
    'content-type',
    'string',
    'The Content-Type of the objects written (guessed from the file name otherwise).',
  ),
  'cache-control': value('cache-control', 'string', 'The Cache-Control of the objects written.'),
  'content-disposition': value('content-disposition', 'string', 'The Content-Disposition of the objects written.'),
  'content-encoding': value('content-encoding', 'string', 'The Content-Encoding of the objects written.'),
  'content-language': value('content-language', 'string', 'The Content-Language of the objects written.'),
  expires: value('expires', 'string', 'When the objects written stop being cacheable (an ISO 8601 timestamp).'),
  metadata: value('metadata', 'map', 'User metadata of the objects written: key=value,key2=value2, or JSON.'),
  'metadata-directive': value(
    'metadata-directive',
    'string',
    "For copies inside S3: COPY keeps the source's metadata, REPLACE takes the one given.",
    { choices: ['COPY', 'REPLACE'] },
  ),
  'request-payer': optionalValue(
    'request-payer',
    'requester',
    ['requester'],
    'Confirms that you pay for the requests to a requester-pays bucket (requester, the value when none is given).',
  ),
  'expected-size': value(
    'expected-size',
    'string',
    'The size of a stream uploaded from standard input (-), so that its parts are sized for it; needed above 50 GB.',
  ),
  'checksum-algorithm': value(
    'checksum-algorithm',
    'string',
    'A checksum S3 stores with the objects written: CRC64NVME, CRC32, SHA256, SHA1 or CRC32C.',
    {
      choices: ['CRC64NVME', 'CRC32', 'SHA256', 'SHA1', 'CRC32C'],
    },
  ),
  delete: flag(
    'delete',
    'Deletes the files or objects in the destination that the source does not have (filters apply).',
  ),
  'size-only': flag('size-only', 'Sends a file only when its size differs, ignoring times.'),
  'exact-timestamps': flag(
    'exact-timestamps',
    'When downloading, also sends files of the same size whose times differ in either direction.',
  ),
  'no-overwrite': flag(
    'no-overwrite',
    'Leaves every file or object the destination already has as it is: only what is missing there is sent.',
  ),
  checksum: flag(
    'checksum',
    "Compares content instead of sizes and times: the MD5 of each file against the object's ETag, multipart ETags included (isoaws only).",
  ),
  'human-readable': flag('human-readable', 'Shows sizes in Bytes, KiB, MiB, GiB, TiB, PiB or EiB.'),
  summarize: flag('summarize', 'Ends the listing with the number of objects and their total size.'),
  'page-size': value('page-size', 'integer', 'How many keys each listing request asks for (at most 1,000).'),
  'source-region': value(
    'source-region',
    'string',
    'For copies inside S3: the region of the source bucket, which is listed and read there (--region is the destination’s).',
  ),
  'ignore-glacier-warnings': flag(
    'ignore-glacier-warnings',
    'Skips GLACIER and DEEP_ARCHIVE objects that are not restored without a warning, and without exit code 2.',
  ),
  'force-glacier-transfer': flag(
    'force-glacier-transfer',
    'Asks for GLACIER and DEEP_ARCHIVE objects too, instead of skipping those that are not restored (S3 refuses the ones that are not).',
  ),
  'copy-props': value(
    'copy-props',
    'string',
    "For copies inside S3, which properties of the source the copy gets: none; metadata-directive (content type, language, encoding and disposition, cache control, expiry and metadata); default (those and the object's tags). Options given on the command line replace the source's.",
    { choices: ['none', 'metadata-directive', 'default'] },
  ),
  'checksum-mode': value(
    'checksum-mode',
    'string',
    'ENABLED asks S3 for the checksum of each object read, and the download is checked against it.',
    { choices: ['ENABLED'] },
  ),
  'case-conflict': value(
    'case-conflict',
    'string',
    'For recursive downloads, what to do with a key that differs only by case from another one downloaded (or a file there): ignore (the default), skip, warn, or error (stops the command).',
    { choices: ['ignore', 'skip', 'warn', 'error'] },
  ),
  'progress-frequency': value(
    'progress-frequency',
    'integer',
    'Seconds between updates of the progress line (0, the default, updates it as the transfer goes).',
    { parseType: 'int' },
  ),
  'progress-multiline': flag('progress-multiline', 'Prints each update of the progress on a line of its own.'),
  'validate-same-s3-paths': flag(
    'validate-same-s3-paths',
    'Refuses to move an object onto itself when the two S3 URIs name the same bucket through an access point ARN or alias (also AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS=true).',
  ),
  tags: {
    specs: [{ flag: '--tags', dest: 'tags', nargs: 'pair', append: true }],
    shown: '--tags (list)',
    text: 'A tag for the new bucket, as --tags key value; give it once for each tag.',
  },
  'bucket-name-prefix': value('bucket-name-prefix', 'string', 'Lists only the buckets whose names begin with this.'),
  'bucket-region': value('bucket-region', 'string', 'Lists only the buckets in this region (us-west-2, …).'),
  force: flag('force', "Deletes every object in the bucket first (a versioned bucket's old versions are not)."),
  'expires-in': value(
    'expires-in',
    'integer',
    'Seconds the URL stays valid: 3600 when not given, at most 604800 (a week).',
  ),
  'index-document': value('index-document', 'string', 'The object served for a request to a directory (index.html).'),
  'error-document': value('error-document', 'string', 'The object served on a 4XX error.'),
} satisfies Record<string, CommandOption>;

export type S3OptionName = keyof typeof S3_OPTIONS;

/** Object settings an upload or copy takes, and the PutObject parameter each fills. */
export const OBJECT_PARAMS: ReadonlyArray<[S3OptionName, string]> = [
  ['content-type', 'ContentType'],
  ['cache-control', 'CacheControl'],
  ['content-disposition', 'ContentDisposition'],
  ['content-encoding', 'ContentEncoding'],
  ['content-language', 'ContentLanguage'],
  ['expires', 'Expires'],
  ['storage-class', 'StorageClass'],
  ['acl', 'ACL'],
  ['sse', 'ServerSideEncryption'],
  ['sse-kms-key-id', 'SSEKMSKeyId'],
  ['website-redirect', 'WebsiteRedirectLocation'],
  ['metadata-directive', 'MetadataDirective'],
  ['request-payer', 'RequestPayer'],
  ['checksum-algorithm', 'ChecksumAlgorithm'],
];

const FILTERS: S3OptionName[] = ['exclude', 'include'];
const OUTPUT: S3OptionName[] = [
  'dryrun',
  'quiet',
  'only-show-errors',
  'no-progress',
  'progress-frequency',
  'progress-multiline',
];
/** What every transfer takes beside its object settings: where and how objects are read. */
const READ: S3OptionName[] = [
  'source-region',
  'page-size',
  'ignore-glacier-warnings',
  'force-glacier-transfer',
  'checksum-mode',
];
const COPY: S3OptionName[] = ['copy-props', 'case-conflict', 'no-overwrite'];
const WRITE: S3OptionName[] = [
  'acl',
  'grants',
  'follow-symlinks',
  'no-guess-mime-type',
  'sse',
  'sse-c',
  'sse-c-key',
  'sse-kms-key-id',
  'sse-c-copy-source',
  'sse-c-copy-source-key',
  'storage-class',
  'website-redirect',
  'content-type',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'metadata',
  'metadata-directive',
  'request-payer',
  'checksum-algorithm',
];
const PATHS = '<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>';

export interface S3CommandSpec {
  description: string;
  /** The paths it takes, as its synopsis shows them. */
  paths: string;
  /** How many paths it takes, and how many of them it needs. */
  positionals: number;
  required: number;
  options: S3OptionName[];
  examples: string[];
}

export const S3_COMMAND_SPECS: Record<string, S3CommandSpec> = {
  cp: {
    description:
      'Copies a local file or directory to S3, an object or prefix from S3, or objects within S3 (a server-side copy; the data does not pass through this machine). "-" as the source reads standard input, as the destination writes standard output. Large files go up and down in parts, several at once, as the s3 settings of the profile say; an upload killed part-way is resumed by running the same command again.',
    paths: PATHS,
    positionals: 2,
    required: 2,
    options: [...OUTPUT, ...FILTERS, ...WRITE, ...READ, ...COPY, 'expected-size', 'recursive'],
    examples: [
      'isoaws s3 cp notes.txt s3://my-bucket/docs/',
      'isoaws s3 cp s3://my-bucket/site ./site --recursive --exclude "*.tmp"',
      'tar c logs | isoaws s3 cp - s3://my-bucket/logs.tar',
    ],
  },
  mv: {
    description:
      'Moves a local file or directory to S3, objects from S3, or objects within S3: each is copied as cp would, then its source is deleted.',
    paths: PATHS,
    positionals: 2,
    required: 2,
    options: [...OUTPUT, ...FILTERS, ...WRITE, ...READ, ...COPY, 'validate-same-s3-paths', 'recursive'],
    examples: ['isoaws s3 mv s3://my-bucket/inbox/ s3://my-bucket/done/ --recursive'],
  },
  sync: {
    description:
      'Makes the destination hold what the source holds: sends the files or objects that are missing there, or whose size differs, or which are newer in the source. Local directory to prefix, prefix to local directory, or prefix to prefix.',
    paths: PATHS,
    positionals: 2,
    required: 2,
    options: [...OUTPUT, ...FILTERS, ...WRITE, ...READ, ...COPY, 'delete', 'size-only', 'exact-timestamps', 'checksum'],
    examples: [
      'isoaws s3 sync ./site s3://my-bucket/site --delete',
      'isoaws s3 sync s3://my-bucket/photos ./photos --exclude "*.raw"',
    ],
  },
  rm: {
    description: 'Deletes an object, or with --recursive every object under a prefix (a thousand per request).',
    paths: '<S3Uri>',
    positionals: 1,
    required: 1,
    // The CLI's rm has no progress line to leave out, and lists in pages of --page-size.
    options: ['dryrun', 'quiet', 'only-show-errors', ...FILTERS, 'recursive', 'request-payer', 'page-size'],
    examples: ['isoaws s3 rm s3://my-bucket/tmp/ --recursive'],
  },
  ls: {
    description:
      'Lists your buckets, or the objects and prefixes (PRE) under a bucket or prefix, with their times (local time zone) and sizes. With --output json given on the command line, the listing is printed as data (isoaws only).',
    paths: '[<S3Uri>]',
    positionals: 1,
    required: 0,
    options: [
      'recursive',
      'page-size',
      'human-readable',
      'summarize',
      'request-payer',
      'bucket-name-prefix',
      'bucket-region',
    ],
    examples: ['isoaws s3 ls', 'isoaws s3 ls s3://my-bucket/photos/ --recursive --summarize'],
  },
  mb: {
    description: 'Makes a bucket, in the region of the profile (or --region).',
    paths: '<S3Uri>',
    positionals: 1,
    required: 1,
    options: ['tags'],
    examples: ['isoaws s3 mb s3://my-new-bucket'],
  },
  rb: {
    description: 'Removes an empty bucket, or with --force a bucket and every object in it.',
    paths: '<S3Uri>',
    positionals: 1,
    required: 1,
    options: ['force'],
    examples: ['isoaws s3 rb s3://my-old-bucket --force'],
  },
  presign: {
    description:
      'Prints a URL that lets anyone who has it download the object until it expires, signed with your credentials without a request being made.',
    paths: '<S3Uri>',
    positionals: 1,
    required: 1,
    options: ['expires-in'],
    examples: ['isoaws s3 presign s3://my-bucket/report.pdf --expires-in 600'],
  },
  website: {
    description: 'Configures a bucket as a static website.',
    paths: '<S3Uri>',
    positionals: 1,
    required: 1,
    options: ['index-document', 'error-document'],
    examples: ['isoaws s3 website s3://my-bucket/ --index-document index.html'],
  },
};
