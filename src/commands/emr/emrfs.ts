/**
 * `create-cluster --emrfs`: EMRFS consistent view and S3 encryption, checked and turned into an
 * `emrfs-site` configuration (release-label clusters) or into the bootstrap actions that set it up
 * (AMI-version clusters), as the CLI's emrfsutils.py does.
 */
import { ArgumentError } from '../../cli/usage.js';
import { invalidEmrFsArguments, joinNames, missingParameters } from './errors.js';
import { buildBootstrapAction, s3Link, type BootstrapAction } from './steps.js';

export type EmrFsArgs = Record<string, unknown>;

const KMS_PROVIDER_CLASS = 'com.amazon.ws.emr.hadoop.fs.cse.KMSEncryptionMaterialsProvider';
const CONSISTENT_OPTION = '--emrfs Consistent=true/false';
const CSE_KMS_OPTION = '--emrfs Encryption=ClientSide,ProviderType=KMS';
const CSE_CUSTOM_OPTION = '--emrfs Encryption=ClientSide,ProviderType=Custom';

const upper = (value: unknown) => String(value).toUpperCase();
/** Python's str(value).lower(): booleans as `true`/`false`. */
const lowerText = (value: unknown) => String(value).toLowerCase();

const clientSide = (args: EmrFsArgs, provider: 'KMS' | 'CUSTOM') =>
  'Encryption' in args &&
  upper(args.Encryption) === 'CLIENTSIDE' &&
  'ProviderType' in args &&
  upper(args.ProviderType) === provider;

function verify(args: EmrFsArgs): void {
  if ('Encryption' in args && !['CLIENTSIDE', 'SERVERSIDE'].includes(upper(args.Encryption)))
    throw new ArgumentError(
      `aws: error: The encryption type "${String(args.Encryption)}" is invalid. You must specify either ServerSide or ClientSide`,
    );
  if ('SSE' in args && 'Encryption' in args)
    throw new ArgumentError(
      `aws: error: Both SSE=${pyStr(args.SSE)} and Encryption=${String(args.Encryption)} are configured for --emrfs. You must specify only one of the two.`,
    );
  if ('Encryption' in args && upper(args.Encryption) === 'CLIENTSIDE') {
    if (!('ProviderType' in args)) throw missingParameters('--emrfs Encryption=ClientSide', 'ProviderType');
    const provider = upper(args.ProviderType);
    if (provider === 'KMS') requireKeys(args, ['KMSKeyId'], CSE_KMS_OPTION);
    else if (provider === 'CUSTOM')
      requireKeys(args, ['CustomProviderLocation', 'CustomProviderClass'], CSE_CUSTOM_OPTION);
    else
      throw new ArgumentError(
        `aws: error: The client side encryption type "${String(args.ProviderType)}" is not supported. You must specify either KMS or Custom`,
      );
  }
  if (!('Consistent' in args)) refuseChildren(args, ['RetryCount', 'RetryPeriod'], CONSISTENT_OPTION);
  if (!clientSide(args, 'KMS')) refuseChildren(args, ['KMSKeyId'], CSE_KMS_OPTION);
  if (!clientSide(args, 'CUSTOM'))
    refuseChildren(args, ['CustomProviderLocation', 'CustomProviderClass'], CSE_CUSTOM_OPTION);
}

/** Python's str() of a parsed value (True/False for booleans). */
function pyStr(value: unknown): string {
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
}

function requireKeys(args: EmrFsArgs, keys: readonly string[], option: string): void {
  const missing = keys.filter((k) => !(k in args)).sort();
  if (missing.length) throw missingParameters(option, joinNames(missing));
}

function refuseChildren(args: EmrFsArgs, keys: readonly string[], parent: string): void {
  const present = keys.filter((k) => k in args).sort();
  if (present.length) throw invalidEmrFsArguments(parent, joinNames(present));
}

/** The emrfs-site properties, in the CLI's order; `Args` adds `key=value` pairs last. */
function properties(args: EmrFsArgs): Map<string, string> {
  const props = new Map<string, string>();
  if ('Consistent' in args) {
    props.set('fs.s3.consistent', lowerText(args.Consistent));
    if ('RetryCount' in args) props.set('fs.s3.consistent.retryCount', String(args.RetryCount));
    if ('RetryPeriod' in args) props.set('fs.s3.consistent.retryPeriodSeconds', String(args.RetryPeriod));
  }
  if ('SSE' in args || ('Encryption' in args && upper(args.Encryption) === 'SERVERSIDE'))
    props.set('fs.s3.enableServerSideEncryption', 'SSE' in args ? lowerText(args.SSE) : 'true');
  if (clientSide(args, 'KMS')) {
    props.set('fs.s3.cse.enabled', 'true');
    props.set('fs.s3.cse.encryptionMaterialsProvider', KMS_PROVIDER_CLASS);
    props.set('fs.s3.cse.kms.keyId', String(args.KMSKeyId));
  }
  if (clientSide(args, 'CUSTOM')) {
    props.set('fs.s3.cse.enabled', 'true');
    props.set('fs.s3.cse.encryptionMaterialsProvider', String(args.CustomProviderClass));
  }
  for (const arg of (args.Args as string[] | undefined) ?? []) {
    const at = arg.indexOf('=');
    props.set(at === -1 ? arg : arg.slice(0, at), at === -1 ? '' : arg.slice(at + 1));
  }
  return props;
}

/** The `emrfs-site` configuration for a release-label cluster. */
export function emrFsConfiguration(args: EmrFsArgs): Record<string, unknown> {
  verify(args);
  const props = properties(args);
  if (clientSide(args, 'CUSTOM'))
    props.set('fs.s3.cse.encryptionMaterialsProvider.uri', String(args.CustomProviderLocation));
  return { Classification: 'emrfs-site', Properties: Object.fromEntries(props) };
}

/** The bootstrap actions that set EMRFS up on an AMI-version cluster. */
export function emrFsBootstrapActions(args: EmrFsArgs, region: string | undefined): BootstrapAction[] {
  verify(args);
  const actions: BootstrapAction[] = [];
  if (clientSide(args, 'CUSTOM')) {
    // The custom provider's JAR is fetched from S3 onto the nodes first.
    actions.push(
      buildBootstrapAction('file:/usr/share/aws/emr/scripts/s3get', 'S3 get', [
        ...['-s', String(args.CustomProviderLocation), '-d', '/usr/share/aws/emr/auxlib', '-f'],
      ]),
    );
  }
  const baArgs = [...properties(args)].flatMap(([key, value]) => ['-e', value ? `${key}=${value}` : key]);
  actions.push(buildBootstrapAction(s3Link('/bootstrap-actions/configure-hadoop', region), 'Setup EMRFS', baArgs));
  return actions;
}
