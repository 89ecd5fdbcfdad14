/**
 * `isoaws s3 <ls|mb|rb|cp|mv|rm>`: the AWS CLI's high-level S3 commands. Arguments are parsed with the
 * CLI's argparse rules; transfers are cut up and paced from the profile's `s3` settings (see
 * core/transfer/settings.ts).
 */
import type { Client } from '../../core/client.js';
import { errorText, ServiceError } from '../../core/errors.js';
import { bandwidthPacer, parseSize, readTransferSettings } from '../../core/transfer/settings.js';
import { createUploadRecords } from '../../core/transfer/upload-records.js';
import type { CommandEnv, CommandModule } from '../../cli/command.js';
import { ArgumentError } from '../../cli/usage.js';
import { nestedClient } from '../nested-client.js';
import type { CliContext } from '../../cli/context.js';
import { readParamFile } from '../../cli/param-values.js';
import { listCommand, type LsOptions } from './ls.js';
import { type CustomerKey, parseS3Command, type S3Call, type TransferArgs } from './parse.js';
import { isS3Uri, parseS3Uri } from './paths.js';
import { TransferFatalError } from './transfer-options.js';
import { copyCommand, removeCommand } from './transfers.js';

/** `isoaws s3 …` (the registry's record). */
export const s3Command: CommandModule = {
  run: runS3,
  page: async (sub) => (await import('./help.js')).s3HelpPage(sub ?? 's3'),
};

async function runS3(env: CommandEnv, argv: readonly string[]): Promise<number> {
  const { ctx } = env;
  try {
    // The words are checked before the engine is set up: a usage error never pays for it.
    const call = parseS3Command(argv);
    return await dispatch(env, await env.client('S3'), call);
  } catch (err) {
    // A service error that stops a transfer command (a listing, a missing source object) is the CLI's
    // "fatal error" with exit 1; ls reports it as any command does, and mb and rb word their own.
    if (
      !(err instanceof ServiceError || err instanceof TransferFatalError) ||
      ctx.signal?.aborted ||
      !['cp', 'mv', 'rm', 'sync'].includes(argv[0]!)
    )
      throw err;
    ctx.host.stderr.write(`fatal error: ${errorText(err)}\n`);
    return 1;
  }
}

async function dispatch(env: CommandEnv, client: Client, call: S3Call): Promise<number> {
  const { ctx } = env;
  const signal = ctx.signal;
  const out = ctx.host.stdout;
  /** mb and rb: `make_bucket: b` on stdout, or `make_bucket failed: s3://b <error>` on stderr and exit 1. */
  const bucketCall = async (verb: string, path: string, bucket: string, send: () => Promise<unknown>) => {
    try {
      await send();
    } catch (err) {
      ctx.host.stderr.write(`${verb} failed: ${path} ${errorText(err)}\n`);
      return 1;
    }
    out.write(`${verb}: ${bucket}\n`);
    return 0;
  };
  switch (call.command) {
    case 'ls': {
      const { bucket, key } = parseS3Uri(call.path.startsWith('s3://') ? call.path : `s3://${call.path}`);
      return listCommand(client, out, { ...call, bucket, key, signal, print: await listingPrinter(ctx, client) });
    }
    case 'mb': {
      const { bucket } = parseS3Uri(call.path);
      if (bucket.endsWith('--x-s3')) throw new ArgumentError('Cannot use mb command with a directory bucket.');
      const region = client.config.region;
      // us-east-1 is named by leaving LocationConstraint out: S3 refuses it spelt out.
      const configuration = {
        ...(region && region !== 'us-east-1' ? { LocationConstraint: region } : {}),
        ...(call.tags.length ? { Tags: call.tags } : {}),
      };
      return bucketCall('make_bucket', call.path, bucket, () =>
        client.send(
          's3',
          'CreateBucket',
          {
            Bucket: bucket,
            // A name ending in -an is in the account's regional namespace, which S3 must be told.
            ...(bucket.endsWith('-an') ? { BucketNamespace: 'account-regional' } : {}),
            ...(Object.keys(configuration).length ? { CreateBucketConfiguration: configuration } : {}),
          },
          { signal },
        ),
      );
    }
    case 'rb': {
      const { bucket } = parseS3Uri(call.path);
      if (call.force) {
        const code = await removeCommand(client, ctx.host, call.path, {
          recursive: true,
          dryrun: false,
          quiet: false,
          onlyShowErrors: false,
          filters: [],
          signal,
        });
        if (code !== 0) {
          ctx.host.stderr.write(
            '\nremove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted.\n',
          );
          return 255;
        }
      }
      return bucketCall('remove_bucket', call.path, bucket, () =>
        client.send('s3', 'DeleteBucket', { Bucket: bucket }, { signal }),
      );
    }
    case 'website': {
      const WebsiteConfiguration: Record<string, unknown> = {};
      if (call.indexDocument !== undefined) WebsiteConfiguration.IndexDocument = { Suffix: call.indexDocument };
      if (call.errorDocument !== undefined) WebsiteConfiguration.ErrorDocument = { Key: call.errorDocument };
      await client.send('s3', 'PutBucketWebsite', { Bucket: call.bucket, WebsiteConfiguration }, { signal });
      return 0;
    }
    case 'presign': {
      const { bucket, key } = parseS3Uri(call.path.startsWith('s3://') ? call.path : `s3://${call.path}`);
      out.write(
        `${await client.presign('s3', 'GetObject', { Bucket: bucket, Key: key }, { expiresIn: call.expiresIn })}\n`,
      );
      return 0;
    }
    case 'rm':
      return removeCommand(client, ctx.host, call.path, { ...call, signal });
    default:
      return transfer(env, client, call);
  }
}

/** cp, mv and sync: the parsed call with what running it needs (keys read, the profile's transfer settings, the upload records). */
async function transfer(
  env: CommandEnv,
  client: Client,
  call: Extract<S3Call, { command: 'cp' | 'mv' | 'sync' }>,
): Promise<number> {
  const { ctx } = env;
  const { src, dst } = call;
  const signal = ctx.signal;
  const profile = await env.profile();
  if (call.command === 'mv' && isS3Uri(src) && isS3Uri(dst)) {
    const validate =
      call.validateSameS3Paths || /^true$/i.test(ctx.host.env.AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS ?? '');
    const { checkMoveTargets } = await import('./same-paths.js');
    await checkMoveTargets(
      src,
      dst,
      validate,
      {
        // The source's access point is looked up in --source-region, as the CLI does.
        s3control: async (side) =>
          inRegion(await env.client('S3_CONTROL'), side === 'source' ? call.sourceRegion : undefined),
        sts: () => env.client('STS'),
      },
      (text) => ctx.host.stderr.write(text),
    );
  }
  const sse = {
    written: await customerKeyParams(ctx, call.sseC),
    copySource: await customerKeyParams(ctx, call.sseCopySource),
  };
  // The --sse-c key is the written object's, or on a download the read object's.
  const extra = isS3Uri(dst) ? { ...call.extra, ...sse.written } : call.extra;
  const expectedSize = call.expectedSize === undefined ? undefined : parseSize(call.expectedSize);
  const mime = (await import('mime')).default;
  const s3Settings = profile.config.s3;
  const settings = readTransferSettings(typeof s3Settings === 'object' ? s3Settings : {});
  const pacer =
    settings.maxBandwidth &&
    bandwidthPacer(settings.maxBandwidth, { now: () => ctx.host.now().getTime(), sleep: ctx.host.sleep });
  const options = {
    ...call,
    extra,
    expectedSize,
    settings,
    signal,
    mimeType: (name: string) => mime.getType(name) ?? undefined,
    pace: pacer ? (bytes: number) => pacer(bytes, signal) : undefined,
    showProgress:
      ctx.stdoutIsTty === true && !call.quiet && !call.onlyShowErrors && !call.noProgress && src !== '-' && dst !== '-',
    sourceSse: isS3Uri(dst) ? sse.copySource : sse.written,
    sourceClient: await sourceClient(env, client, call),
    uploads: createUploadRecords(ctx.host.fs, `${ctx.host.homeDir}/.isoaws/uploads`),
  };
  if (call.command === 'sync') return (await import('./sync.js')).syncCommand(client, ctx.host, src, dst, options);
  return copyCommand(client, ctx.host, src, dst, options, call.command === 'mv');
}

/**
 * The client that reads the source of a copy inside S3: with --source-region, one in that region which,
 * as in the CLI, leaves --endpoint-url to the destination (a configured endpoint still applies).
 */
async function sourceClient(env: CommandEnv, client: Client, call: TransferArgs & { src: string; dst: string }) {
  if (call.sourceRegion === undefined || !isS3Uri(call.src) || !isS3Uri(call.dst)) return client;
  return inRegion(await nestedClient(env, 'S3'), call.sourceRegion);
}

/** `client`'s settings in another region (the same credentials). */
async function inRegion(client: Client, region: string | undefined): Promise<Client> {
  if (region === undefined) return client;
  const { createClient } = await import('../../core/client.js');
  return createClient(client.host, { ...client.config, region });
}

/**
 * How `s3 ls` prints its listing as data: only for a data format given with `--output` on the command
 * line (the AWS CLI always prints its text listing, whatever the profile's output, and scripts rely on it).
 */
async function listingPrinter(ctx: CliContext, client: Client): Promise<LsOptions['print']> {
  const format = ctx.outputOption;
  if (format === undefined || format === 'text') return undefined;
  const [{ toCliValue }, { writeOutput }, { bundle }] = await Promise.all([
    import('../../cli/output/py-values.js'),
    import('../../cli/output/index.js'),
    client.service('s3'),
  ]);
  return (operation, value) => {
    const shape = bundle.shapes[bundle.operations[operation]!.output!.shape];
    const shown = toCliValue(bundle, shape, value, { markFloats: true });
    writeOutput(format, shown, { title: operation, terminalWidth: ctx.terminalWidth, color: ctx.color }, (text) =>
      ctx.host.stdout.write(text),
    );
  };
}

/** A customer-provided key as SSECustomerAlgorithm and SSECustomerKey (`fileb://` read from its file); the engine sends it base64-encoded with its MD5. */
async function customerKeyParams(
  ctx: CliContext,
  given: CustomerKey | undefined,
): Promise<Record<string, unknown> | undefined> {
  return (
    given && {
      SSECustomerAlgorithm: given.algorithm,
      SSECustomerKey: (await readParamFile(ctx.host, given.key)) ?? given.key,
    }
  );
}
