/**
 * Every setting that shapes a call, in one table: its name in a config-file profile (`s3.x` for the
 * nested `s3 =` block), its environment variables, the command-line option that overrides it, its
 * type and where it goes in the client's configuration. Precedence is the seeds': option over
 * environment over config file, each step read from the table (`applyGiven` the first,
 * `settingsConfig` the other two).
 * A value that cannot be read is an error naming the setting and where the value came from; the AWS
 * CLI stops with exit 255 on these too (a bad integer, an unknown retry mode).
 */
import type { ClientConfig } from '../client-config.js';
import { IsoawsError } from '../errors.js';
import type { ConfigValue } from './ini.js';

type Value = string | number | boolean;

/** The settings a caller gives by name (SessionOptions' fields). */
export type GivenSetting = 'region' | 'caBundle' | 'endpointUrl' | 'verifySsl' | 'connectTimeoutMs' | 'readTimeoutMs';

export interface Setting {
  /** The key in a profile of the config file; `s3.key` is a key of its nested `s3` block. */
  key: string;
  /** Environment variables, the first one set wins. */
  env?: readonly string[];
  /** Top-level keys that say the same as a nested one (botocore accepts both). */
  aliases?: readonly string[];
  /** The global option that sets it over the environment and the file. */
  option?: string;
  /**
   * The field of the session's options (core/session.ts) that carries a value given by the caller — the
   * option's on a command line, or the library's — applied over the environment and the file.
   */
  given?: GivenSetting;
  /** Given only by the caller: no environment variable or config-file key of its own is read here. */
  givenOnly?: true;
  type: 'string' | 'boolean' | 'integer' | readonly string[];
  /** Where a resolved value goes in the client's configuration; CLI-only settings have none. */
  apply?(config: ClientConfig, value: Value): void;
}

const s3 = (config: ClientConfig) => (config.s3 ??= {});

export const SETTINGS: readonly Setting[] = [
  {
    key: 'region',
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    option: '--region',
    given: 'region',
    type: 'string',
    apply: (c, v) => {
      c.region = v as string;
    },
  },
  // The CLI checks the format only when it prints (after the call), so the value is checked there.
  { key: 'output', env: ['AWS_DEFAULT_OUTPUT'], option: '--output', type: 'string' },
  { key: 'cli_binary_format', option: '--cli-binary-format', type: ['base64', 'raw-in-base64-out'] },
  // Checked with the CLI's own message (exit 253) in session.ts.
  { key: 'cli_timestamp_format', type: 'string' },
  // botocore's switch for its client-side checks of parameters (config file only).
  {
    key: 'parameter_validation',
    type: 'boolean',
    apply: (c, v) => {
      c.parameterValidation = v as boolean;
    },
  },
  {
    key: 'ca_bundle',
    env: ['AWS_CA_BUNDLE'],
    option: '--ca-bundle',
    given: 'caBundle',
    type: 'string',
    apply: (c, v) => {
      c.caBundle = v as string;
    },
  },
  // The environment's and the profile's endpoint (per service, with ignore_configured_endpoint_urls) are
  // config/endpoint.ts's; the option's is taken over them here.
  {
    key: 'endpoint_url',
    option: '--endpoint-url',
    given: 'endpointUrl',
    givenOnly: true,
    type: 'string',
    apply: (c, v) => {
      c.endpointUrl = v as string;
    },
  },
  {
    key: 'verify_ssl',
    option: '--no-verify-ssl',
    given: 'verifySsl',
    givenOnly: true,
    type: 'boolean',
    apply: (c, v) => {
      c.verifySsl = v as boolean;
    },
  },
  // The CLI's options are seconds (0: no timeout); the session carries milliseconds.
  {
    key: 'cli_connect_timeout',
    option: '--cli-connect-timeout',
    given: 'connectTimeoutMs',
    givenOnly: true,
    type: 'integer',
    apply: (c, v) => {
      c.connectTimeoutMs = v as number;
    },
  },
  {
    key: 'cli_read_timeout',
    option: '--cli-read-timeout',
    given: 'readTimeoutMs',
    givenOnly: true,
    type: 'integer',
    apply: (c, v) => {
      c.readTimeoutMs = v as number;
    },
  },
  {
    key: 'max_attempts',
    env: ['AWS_MAX_ATTEMPTS'],
    type: 'integer',
    apply: (c, v) => {
      if ((v as number) > 0) c.maxAttempts = v as number;
    },
  },
  {
    key: 'retry_mode',
    env: ['AWS_RETRY_MODE'],
    type: ['standard', 'legacy', 'adaptive'],
    apply: (c, v) => {
      c.retryMode = v as ClientConfig['retryMode'];
    },
  },
  {
    key: 'use_fips_endpoint',
    env: ['AWS_USE_FIPS_ENDPOINT'],
    type: 'boolean',
    apply: (c, v) => {
      c.useFipsEndpoint = v as boolean;
    },
  },
  {
    key: 'use_dualstack_endpoint',
    env: ['AWS_USE_DUALSTACK_ENDPOINT'],
    type: 'boolean',
    apply: (c, v) => {
      c.useDualstackEndpoint = v as boolean;
    },
  },
  {
    key: 'sts_regional_endpoints',
    env: ['AWS_STS_REGIONAL_ENDPOINTS'],
    type: ['regional', 'legacy'],
    apply: (c, v) => {
      c.stsRegionalEndpoints = v as 'regional' | 'legacy';
    },
  },
  // `aws_account_id` / AWS_ACCOUNT_ID are not settings: as in botocore, the account ID travels with the
  // credentials it was configured beside (Credentials.accountId), read by operation-endpoint.ts.
  {
    key: 'account_id_endpoint_mode',
    env: ['AWS_ACCOUNT_ID_ENDPOINT_MODE'],
    type: ['preferred', 'disabled', 'required'],
    apply: (c, v) => {
      c.accountIdEndpointMode = v as ClientConfig['accountIdEndpointMode'];
    },
  },
  {
    key: 'request_checksum_calculation',
    env: ['AWS_REQUEST_CHECKSUM_CALCULATION'],
    type: ['when_supported', 'when_required'],
    apply: (c, v) => {
      c.requestChecksumCalculation = v as ClientConfig['requestChecksumCalculation'];
    },
  },
  {
    key: 'auth_scheme_preference',
    env: ['AWS_AUTH_SCHEME_PREFERENCE'],
    type: 'string',
    apply: (c, v) => {
      // A comma-separated list; botocore strips the spaces around each name.
      c.authSchemePreference = String(v)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    },
  },
  {
    key: 'sigv4a_signing_region_set',
    env: ['AWS_SIGV4A_SIGNING_REGION_SET'],
    type: 'string',
    apply: (c, v) => {
      // Taken as written, as botocore takes it: the signature states it in X-Amz-Region-Set.
      c.sigv4aSigningRegionSet = String(v);
    },
  },
  {
    key: 'response_checksum_validation',
    env: ['AWS_RESPONSE_CHECKSUM_VALIDATION'],
    type: ['when_supported', 'when_required'],
    apply: (c, v) => {
      c.responseChecksumValidation = v as ClientConfig['responseChecksumValidation'];
    },
  },
  {
    key: 'disable_request_compression',
    env: ['AWS_DISABLE_REQUEST_COMPRESSION'],
    type: 'boolean',
    apply: (c, v) => {
      c.disableRequestCompression = v as boolean;
    },
  },
  {
    key: 'request_min_compression_size_bytes',
    env: ['AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES'],
    type: 'integer',
    apply: (c, v) => {
      c.requestMinCompressionSizeBytes = v as number;
    },
  },
  {
    key: 's3.addressing_style',
    type: ['auto', 'virtual', 'path'],
    apply: (c, v) => {
      s3(c).addressingStyle = v as 'auto' | 'virtual' | 'path';
    },
  },
  {
    key: 's3.use_dualstack_endpoint',
    type: 'boolean',
    apply: (c, v) => {
      s3(c).useDualstackEndpoint = v as boolean;
    },
  },
  {
    key: 's3.use_accelerate_endpoint',
    type: 'boolean',
    apply: (c, v) => {
      s3(c).useAccelerateEndpoint = v as boolean;
    },
  },
  {
    key: 's3.payload_signing_enabled',
    type: 'boolean',
    apply: (c, v) => {
      s3(c).payloadSigningEnabled = v as boolean;
    },
  },
  {
    key: 's3.use_arn_region',
    aliases: ['s3_use_arn_region'],
    env: ['AWS_S3_USE_ARN_REGION'],
    type: 'boolean',
    apply: (c, v) => {
      s3(c).useArnRegion = v as boolean;
    },
  },
  {
    key: 's3.us_east_1_regional_endpoint',
    aliases: ['s3_us_east_1_regional_endpoint'],
    env: ['AWS_S3_US_EAST_1_REGIONAL_ENDPOINT'],
    type: ['regional', 'legacy'],
    apply: (c, v) => {
      s3(c).usEast1RegionalEndpoint = v as 'regional' | 'legacy';
    },
  },
  {
    key: 's3.s3_disable_multiregion_access_points',
    aliases: ['s3_disable_multiregion_access_points'],
    env: ['AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS'],
    type: 'boolean',
    apply: (c, v) => {
      s3(c).disableMultiRegionAccessPoints = v as boolean;
    },
  },
  { key: 'ec2_metadata_service_endpoint', env: ['AWS_EC2_METADATA_SERVICE_ENDPOINT'], type: 'string' },
  {
    key: 'ec2_metadata_service_endpoint_mode',
    env: ['AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE'],
    type: ['ipv4', 'ipv6'],
  },
  { key: 'metadata_service_timeout', env: ['AWS_METADATA_SERVICE_TIMEOUT'], type: 'integer' },
  { key: 'metadata_service_num_attempts', env: ['AWS_METADATA_SERVICE_NUM_ATTEMPTS'], type: 'integer' },
  { key: 'ec2_metadata_v1_disabled', env: ['AWS_EC2_METADATA_V1_DISABLED'], type: 'boolean' },
];

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/**
 * One setting's value: the environment's, else the profile's (`profile` is a config-file profile
 * section), read as the table's type; undefined when neither sets it.
 */
export function settingValue(
  key: string,
  env: Readonly<Record<string, string | undefined>>,
  profile?: Readonly<Record<string, ConfigValue>>,
): Value | undefined {
  const setting = BY_KEY.get(key);
  if (!setting) throw new Error(`No such setting: ${key}`);
  for (const name of setting.env ?? []) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') return convert(setting, raw, name);
  }
  if (!profile) return undefined;
  const dot = setting.key.indexOf('.');
  const nested = dot === -1 ? undefined : profile[setting.key.slice(0, dot)];
  const candidates: Array<[ConfigValue | undefined, string]> =
    dot === -1
      ? [[profile[setting.key], setting.key]]
      : [[typeof nested === 'object' ? nested[setting.key.slice(dot + 1)] : undefined, setting.key]];
  for (const alias of setting.aliases ?? []) candidates.push([profile[alias], alias]);
  for (const [raw, where] of candidates) if (typeof raw === 'string' && raw !== '') return convert(setting, raw, where);
  return undefined;
}

/** The client's configuration from the table: each setting's environment value, else the profile's. */
export function settingsConfig(
  env: Readonly<Record<string, string | undefined>>,
  profile?: Readonly<Record<string, ConfigValue>>,
): ClientConfig {
  const config: ClientConfig = {};
  for (const setting of SETTINGS) {
    if (!setting.apply || setting.givenOnly) continue;
    const value = settingValue(setting.key, env, profile);
    if (value !== undefined) setting.apply(config, value);
  }
  return config;
}

/** What the caller gave (the session's options), over what `settingsConfig` resolved: the table's first step. */
export function applyGiven(config: ClientConfig, given: Readonly<Partial<Record<GivenSetting, Value>>>): void {
  for (const setting of SETTINGS) {
    const value = setting.given === undefined ? undefined : given[setting.given];
    if (value !== undefined) setting.apply?.(config, value);
  }
}

function convert(setting: Setting, raw: string, where: string): Value {
  const text = raw.trim();
  const bad = (expected: string) =>
    new IsoawsError(`Invalid value for ${setting.key} (${where}): '${raw}'; expected ${expected}`);
  if (setting.type === 'string') return text;
  // botocore's ensure_boolean: "true" in any case is true, anything else false.
  if (setting.type === 'boolean') return text.toLowerCase() === 'true';
  if (setting.type === 'integer') {
    if (!/^[+-]?\d+$/.test(text)) throw bad('an integer');
    return Number(text);
  }
  const lower = text.toLowerCase();
  if (!setting.type.includes(lower)) throw bad(`one of: ${setting.type.join(', ')}`);
  return lower;
}
