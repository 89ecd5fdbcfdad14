/**
 * Help pages for `s3` and its commands (`isoaws s3 help`, `isoaws s3 cp help`), in the layout of the
 * other help pages: what each command does, its synopsis, and its options, each described once here.
 */
import type { CommandPage } from '../../cli/help.js';

const OPTION_TEXT: Record<string, [string, string]> = {
  recursive: ['--recursive (boolean)', 'Works on every file under the local directory, or every object under the S3 prefix.'],
  exclude: ['--exclude (string)', 'Leaves out the files or objects whose path matches this pattern (* any run of characters, ? one character, [seq] one of them). Patterns are matched against the path below the source; with several --include and --exclude options, the last one that matches decides.'],
  include: ['--include (string)', 'Takes in the files or objects matching this pattern, which an earlier --exclude left out.'],
  dryrun: ['--dryrun (boolean)', 'Prints what would be done, prefixed with (dryrun), without doing it.'],
  quiet: ['--quiet (boolean)', 'Prints nothing, errors included.'],
  'only-show-errors': ['--only-show-errors (boolean)', 'Prints only errors and warnings.'],
  'no-progress': ['--no-progress (boolean)', 'Leaves out the progress line (shown only when standard output is a terminal).'],
  acl: ['--acl (string)', 'The canned ACL of the objects written: private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read, bucket-owner-full-control or log-delivery-write.'],
  grants: ['--grants (list)', 'Grants on the objects written, each Permission=Grantee_Type=Grantee_ID, where Permission is read, readacl, writeacl or full and Grantee_Type is uri, emailaddress or id.'],
  'follow-symlinks': ['--follow-symlinks | --no-follow-symlinks (boolean)', 'Whether files reached through symbolic links are uploaded (the default) or left out.'],
  'no-guess-mime-type': ['--no-guess-mime-type (boolean)', 'Leaves the content type of uploaded files unset instead of guessing it from the file name.'],
  sse: ['--sse (string)', 'Server-side encryption of the objects written: AES256 (the value when none is given), aws:kms or aws:kms:dsse.'],
  'sse-c': ['--sse-c (string)', 'Encrypts the objects written, or decrypts the objects read, with a key you provide (AES256, the value when none is given); needs --sse-c-key.'],
  'sse-c-key': ['--sse-c-key (blob)', 'The key for --sse-c: 32 bytes, given as text or read from a file with fileb://. It is sent base64-encoded with its MD5.'],
  'sse-c-copy-source': ['--sse-c-copy-source (string)', 'The source objects of a copy inside S3 are encrypted with a key you provide (AES256); needs --sse-c-copy-source-key.'],
  'sse-c-copy-source-key': ['--sse-c-copy-source-key (blob)', 'The key for --sse-c-copy-source.'],
  'sse-kms-key-id': ['--sse-kms-key-id (string)', 'The KMS key (ID, ARN or alias) for aws:kms encryption of the objects written.'],
  'storage-class': ['--storage-class (string)', 'The storage class of the objects written: STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE or GLACIER_IR.'],
  'website-redirect': ['--website-redirect (string)', 'For a bucket configured as a website, where requests for the objects written are redirected.'],
  'content-type': ['--content-type (string)', 'The Content-Type of the objects written (guessed from the file name otherwise).'],
  'cache-control': ['--cache-control (string)', 'The Cache-Control of the objects written.'],
  'content-disposition': ['--content-disposition (string)', 'The Content-Disposition of the objects written.'],
  'content-encoding': ['--content-encoding (string)', 'The Content-Encoding of the objects written.'],
  'content-language': ['--content-language (string)', 'The Content-Language of the objects written.'],
  expires: ['--expires (string)', 'When the objects written stop being cacheable (an ISO 8601 timestamp).'],
  metadata: ['--metadata (map)', 'User metadata of the objects written: key=value,key2=value2, or JSON.'],
  'metadata-directive': ['--metadata-directive (string)', 'For copies inside S3: COPY keeps the source\'s metadata, REPLACE takes the one given.'],
  'request-payer': ['--request-payer (string)', 'Confirms that you pay for the requests to a requester-pays bucket (requester, the value when none is given).'],
  'expected-size': ['--expected-size (string)', 'The size of a stream uploaded from standard input (-), so that its parts are sized for it; needed above 50 GB.'],
  'checksum-algorithm': ['--checksum-algorithm (string)', 'A checksum S3 stores with the objects written: CRC64NVME, CRC32, SHA256, SHA1 or CRC32C.'],
  delete: ['--delete (boolean)', 'Deletes the files or objects in the destination that the source does not have (filters apply).'],
  'size-only': ['--size-only (boolean)', 'Sends a file only when its size differs, ignoring times.'],
  'exact-timestamps': ['--exact-timestamps (boolean)', 'When downloading, also sends files of the same size whose times differ in either direction.'],
  checksum: ['--checksum (boolean)', 'Compares content instead of sizes and times: the MD5 of each file against the object\'s ETag, multipart ETags included (isoaws only).'],
  'human-readable': ['--human-readable (boolean)', 'Shows sizes in Bytes, KiB, MiB, GiB, TiB, PiB or EiB.'],
  summarize: ['--summarize (boolean)', 'Ends the listing with the number of objects and their total size.'],
  'page-size': ['--page-size (integer)', 'How many keys each listing request asks for (at most 1,000).'],
  force: ['--force (boolean)', 'Deletes every object in the bucket first (a versioned bucket\'s old versions are not).'],
  'expires-in': ['--expires-in (integer)', 'Seconds the URL stays valid: 3600 when not given, at most 604800 (a week).'],
  'index-document': ['--index-document (string)', 'The object served for a request to a directory (index.html).'],
  'error-document': ['--error-document (string)', 'The object served on a 4XX error.'],
};

const FILTERS = ['exclude', 'include'];
const OUTPUT = ['dryrun', 'quiet', 'only-show-errors', 'no-progress'];
const WRITE = [
  'acl', 'grants', 'follow-symlinks', 'no-guess-mime-type', 'sse', 'sse-c', 'sse-c-key', 'sse-kms-key-id', 'sse-c-copy-source', 'sse-c-copy-source-key',
  'storage-class', 'website-redirect', 'content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires',
  'metadata', 'metadata-directive', 'request-payer', 'checksum-algorithm',
];
const PATHS = '<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>';

interface S3Command { description: string; synopsis: string[]; options: string[]; examples: string[] }

const COMMANDS: Record<string, S3Command> = {
  cp: {
    description: 'Copies a local file or directory to S3, an object or prefix from S3, or objects within S3 (a server-side copy; the data does not pass through this machine). "-" as the source reads standard input, as the destination writes standard output. Large files go up and down in parts, several at once, as the s3 settings of the profile say; an upload killed part-way is resumed by running the same command again.',
    synopsis: ['cp', PATHS, ...[...OUTPUT, ...FILTERS, ...WRITE, 'expected-size', 'recursive'].map(bracket)],
    options: [...OUTPUT, ...FILTERS, ...WRITE, 'expected-size', 'recursive'],
    examples: ['isoaws s3 cp notes.txt s3://my-bucket/docs/', 'isoaws s3 cp s3://my-bucket/site ./site --recursive --exclude "*.tmp"', 'tar c logs | isoaws s3 cp - s3://my-bucket/logs.tar'],
  },
  mv: {
    description: 'Moves a local file or directory to S3, objects from S3, or objects within S3: each is copied as cp would, then its source is deleted.',
    synopsis: ['mv', PATHS, ...[...OUTPUT, ...FILTERS, ...WRITE, 'recursive'].map(bracket)],
    options: [...OUTPUT, ...FILTERS, ...WRITE, 'recursive'],
    examples: ['isoaws s3 mv s3://my-bucket/inbox/ s3://my-bucket/done/ --recursive'],
  },
  sync: {
    description: 'Makes the destination hold what the source holds: sends the files or objects that are missing there, or whose size differs, or which are newer in the source. Local directory to prefix, prefix to local directory, or prefix to prefix.',
    synopsis: ['sync', '<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>', ...[...OUTPUT, ...FILTERS, ...WRITE, 'delete', 'size-only', 'exact-timestamps', 'checksum'].map(bracket)],
    options: [...OUTPUT, ...FILTERS, ...WRITE, 'delete', 'size-only', 'exact-timestamps', 'checksum'],
    examples: ['isoaws s3 sync ./site s3://my-bucket/site --delete', 'isoaws s3 sync s3://my-bucket/photos ./photos --exclude "*.raw"'],
  },
  rm: {
    description: 'Deletes an object, or with --recursive every object under a prefix (a thousand per request).',
    synopsis: ['rm', '<S3Uri>', ...[...OUTPUT, ...FILTERS, 'recursive', 'request-payer'].map(bracket)],
    options: [...OUTPUT, ...FILTERS, 'recursive', 'request-payer'],
    examples: ['isoaws s3 rm s3://my-bucket/tmp/ --recursive'],
  },
  ls: {
    description: 'Lists your buckets, or the objects and prefixes (PRE) under a bucket or prefix, with their times (local time zone) and sizes. With --output json given on the command line, the listing is printed as data (isoaws only).',
    synopsis: ['ls', '[<S3Uri>]', ...['recursive', 'page-size', 'human-readable', 'summarize', 'request-payer'].map(bracket)],
    options: ['recursive', 'page-size', 'human-readable', 'summarize', 'request-payer'],
    examples: ['isoaws s3 ls', 'isoaws s3 ls s3://my-bucket/photos/ --recursive --summarize'],
  },
  mb: {
    description: 'Makes a bucket, in the region of the profile (or --region).',
    synopsis: ['mb', '<S3Uri>'],
    options: [],
    examples: ['isoaws s3 mb s3://my-new-bucket'],
  },
  rb: {
    description: 'Removes an empty bucket, or with --force a bucket and every object in it.',
    synopsis: ['rb', '<S3Uri>', bracket('force')],
    options: ['force'],
    examples: ['isoaws s3 rb s3://my-old-bucket --force'],
  },
  presign: {
    description: 'Prints a URL that lets anyone who has it download the object until it expires, signed with your credentials without a request being made.',
    synopsis: ['presign', '<S3Uri>', bracket('expires-in')],
    options: ['expires-in'],
    examples: ['isoaws s3 presign s3://my-bucket/report.pdf --expires-in 600'],
  },
  website: {
    description: 'Configures a bucket as a static website.',
    synopsis: ['website', '<S3Uri>', bracket('index-document'), bracket('error-document')],
    options: ['index-document', 'error-document'],
    examples: ['isoaws s3 website s3://my-bucket/ --index-document index.html'],
  },
};

function bracket(option: string): string {
  const [flag] = OPTION_TEXT[option]!;
  const name = flag.replace(/ \(.*$/, '');
  if (flag.endsWith('(boolean)')) return `[${name}]`;
  return flag.endsWith('(list)') ? `[${name} <value> [<value>...]]` : `[${name} <value>]`;
}

/** The page of `s3` (name `s3`) or of one of its commands; undefined for a name that is neither. */
export function s3HelpPage(name: string): CommandPage | undefined {
  if (name === 's3') {
    return {
      name: 's3',
      description: 'High-level commands for S3: listing, copying, moving, syncing and deleting files and objects, making and removing buckets. A path is a local path (a file or directory, absolute or relative) or an S3 URI, s3://bucket/key, where a key ending in / or a whole bucket stands for a prefix. Every operation of the S3 API is available as isoaws s3api.',
      synopsis: ['isoaws s3 <command> [<arg> ...]'],
      options: [],
      commands: Object.keys(COMMANDS).sort(),
    };
  }
  const command = COMMANDS[name];
  if (!command) return undefined;
  return {
    name,
    description: command.description,
    synopsis: command.synopsis,
    options: command.options.map((o) => ({ flag: OPTION_TEXT[o]![0], text: OPTION_TEXT[o]![1] })),
    examples: command.examples,
  };
}
