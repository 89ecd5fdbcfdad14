/**
 * `cloudfront sign` (the AWS CLI's cloudfront.py, over botocore's CloudFrontSigner): a signed URL for
 * private content, made locally from a CloudFront key pair's private key. Until `--date-less-than` only,
 * the URL carries the canned policy's `Expires`; with `--date-greater-than` or `--ip-address` it carries
 * the custom policy itself. The policy is signed with RSA-SHA1 (PKCS#1 v1.5), and the policy and signature
 * are in CloudFront's URL-safe base64 (`+` → `-`, `=` → `_`, `/` → `~`). The URL is printed without a
 * newline, as the CLI prints it. Nothing is sent.
 */
import { IsoawsError } from '../core/errors.js';
import { toBase64, utf8Encode } from '../core/protocols/shared.js';
import { parseTimestamp } from '../core/protocols/shared.js';
import { pyJsonDumps } from '../core/query/python-text.js';
import { readRsaPrivateKeyPem, rsaSignPkcs1v15, SHA1_DIGEST_INFO } from '../core/rsa-pkcs1.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../cli/command.js';
import { readParamFile } from '../cli/param-values.js';

const DATE_FORMATS =
  'Supported formats: YYYY-MM-DD (0AM UTC of that day), YYYY-MM-DDThh:mm:ss (UTC unless an offset follows: YYYY-MM-DDThh:mm:ss+hh:mm), or epoch seconds (YYYYMMDD is read as epoch seconds).';

const OPTIONS = [
  valueOption('url', 'string', 'The URL to be signed.', { required: true }),
  valueOption(
    'key-pair-id',
    'string',
    "The active CloudFront key pair Id for the key pair that you're using to generate the signature.",
    { required: true },
  ),
  valueOption('private-key', 'string', 'The key pair’s private key: file://path/to/your/private-key.pem.', {
    required: true,
  }),
  valueOption('date-less-than', 'string', `The expiration date and time for the URL. ${DATE_FORMATS}`, {
    required: true,
  }),
  valueOption('date-greater-than', 'string', `An optional start date and time for the URL. ${DATE_FORMATS}`),
  valueOption(
    'ip-address',
    'string',
    'An optional IP address or IP address range to allow client making the GET request from. Format: x.x.x.x/x or x.x.x.x',
  ),
];

export const signCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const host = env.ctx.host;
    // Every option but --url reads a file:// reference, as the CLI's parameter files do.
    const text = async (name: string) => {
      const value = values.get(name) as string | undefined;
      if (value === undefined || name === 'url') return value;
      const loaded = await readParamFile(host, value);
      return loaded === undefined ? value : typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
    };
    const url = (await text('url'))!;
    const lessThan = epochSeconds((await text('date-less-than'))!);
    const greater = await text('date-greater-than');
    const ip = await text('ip-address');
    const custom = greater !== undefined || ip !== undefined;
    const policy = pyJsonDumps({ Statement: [{ Resource: url, Condition: condition(lessThan, greater, ip) }] });
    const key = readRsaPrivateKeyPem((await text('private-key'))!);
    const signature = rsaSignPkcs1v15(key, await sha1DigestInfo(utf8Encode(policy)));
    const params = [
      custom ? `Policy=${urlSafeBase64(utf8Encode(policy))}` : `Expires=${lessThan}`,
      `Signature=${urlSafeBase64(signature)}`,
      `Key-Pair-Id=${(await text('key-pair-id'))!}`,
    ];
    host.stdout.write(`${url}${url.includes('?') ? '&' : '?'}${params.join('&')}`);
    return 0;
  },
  page: async (sub) =>
    sub === undefined
      ? commandPage(
          {
            name: 'sign',
            description: 'Signs a URL for CloudFront private content with a CloudFront key pair. Nothing is sent.',
            examples: [
              'isoaws cloudfront sign --url https://d111111abcdef8.cloudfront.net/private/photo.jpg --key-pair-id K2JCJMDEHXQW5F --private-key file://private_key.pem --date-less-than 2027-01-01',
            ],
          },
          OPTIONS,
        )
      : undefined,
};

/** The policy's condition, in botocore's order: DateLessThan, IpAddress (a bare address is a /32), DateGreaterThan. */
function condition(lessThan: number, greater: string | undefined, ip: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { DateLessThan: { 'AWS:EpochTime': lessThan } };
  if (ip) out.IpAddress = { 'AWS:SourceIp': ip.includes('/') ? ip : `${ip}/32` };
  if (greater !== undefined) out.DateGreaterThan = { 'AWS:EpochTime': epochSeconds(greater) };
  return out;
}

/** A date option as whole epoch seconds (botocore's parse_to_aware_datetime, then int()). */
function epochSeconds(value: string): number {
  let time: number;
  try {
    time = parseTimestamp(value).getTime();
  } catch {
    time = NaN;
  }
  if (Number.isNaN(time)) throw new IsoawsError(`Invalid timestamp "${value}": ${DATE_FORMATS}`);
  return Math.trunc(time / 1000);
}

async function sha1DigestInfo(message: Uint8Array): Promise<Uint8Array> {
  const { createSHA1 } = await import('hash-wasm');
  const hash = await createSHA1();
  hash.init();
  hash.update(message);
  const digest = hash.digest('binary');
  const out = new Uint8Array(SHA1_DIGEST_INFO.length + digest.length);
  out.set(SHA1_DIGEST_INFO);
  out.set(digest, SHA1_DIGEST_INFO.length);
  return out;
}

/** CloudFront's URL-safe base64. */
function urlSafeBase64(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
}
