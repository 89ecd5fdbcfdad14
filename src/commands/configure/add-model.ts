/**
 * `isoaws configure add-model --service-model <json> [--service-name name]`: puts a service model where
 * the AWS CLI puts it, `~/.aws/models/<service>/<api-version>/service-2.json`, from where the next
 * command loads it before the bundled models (core/model/user-models.ts). The service is named as the
 * CLI names it: --service-name, else the model's endpoint prefix when a service is called that, else
 * the service with that endpoint prefix, else the prefix itself. The text is written as given.
 */
import { pyJsonLoads } from '../../cli/history/py-json.js';
import type { CliContext } from '../../cli/context.js';
import { readParamFile } from '../../cli/param-values.js';
import { ArgumentError, ParamError, unknownOptions } from '../../cli/usage.js';
import { parseKnownArgs } from '../../cli/argparse.js';
import { IsoawsError } from '../../core/errors.js';
import { userModelsDir } from '../../core/model/user-models.js';

export async function addModel(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { host } = ctx;
  const { values, extras } = parseKnownArgs(
    [
      { flag: '--service-model', dest: 'model', nargs: 'one', required: true },
      { flag: '--service-name', dest: 'name', nargs: 'one' },
    ],
    argv,
  );
  if (extras.length) throw unknownOptions(extras);
  let text = values.get('model') as string;
  const loaded = await readParamFile(host, text).catch((err: Error) => {
    throw new ParamError('--service-model', err.message);
  });
  if (loaded !== undefined) text = typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
  const model = parseModel(text);
  const metadata = model.metadata as Record<string, unknown> | undefined;
  const apiVersion = metadata?.apiVersion;
  const prefix = metadata?.endpointPrefix;
  // The AWS CLI fails on a model without metadata with a RecursionError; the message says what is missing.
  if (typeof apiVersion !== 'string' || !apiVersion || typeof prefix !== 'string' || !prefix)
    throw new IsoawsError('The service model must have metadata with its apiVersion and endpointPrefix.');
  const given = values.get('name') as string | undefined;
  const name = given ?? (await serviceName(ctx, prefix));
  for (const [what, part] of [
    ['service name', name],
    ['API version', apiVersion],
  ] as const) {
    if (!part || part === '.' || part === '..' || /[/\\]/.test(part))
      throw new ArgumentError(`The ${what} ${JSON.stringify(part)} cannot name a directory of ~/.aws/models.`);
  }
  // service-2.json for a model of version 2.0, as the CLI names the file after the model's version.
  const version = Math.trunc(Number.parseFloat(String(model.version ?? '2.0')));
  if (!Number.isFinite(version))
    throw new IsoawsError(`The service model's version is not a number: ${String(model.version)}`);
  const dir = `${userModelsDir(host.homeDir)}/${name}/${apiVersion}`;
  if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir);
  await host.fs.writeFile(`${dir}/service-${version}.json`, text);
  return 0;
}

/** The model's JSON object; text that is not JSON fails with Python's json message, as the CLI's does. */
function parseModel(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      pyJsonLoads(text);
    } catch (err) {
      const [, what, at] = /^(.*) at character (\d+)$/.exec((err as Error).message) ?? [];
      if (what === undefined) throw new IsoawsError((err as Error).message);
      // Python places the fault by line and column too.
      const before = text.slice(0, Number(at));
      const column = Number(at) - before.lastIndexOf('\n');
      throw new IsoawsError(`${what}: line ${before.split('\n').length} column ${column} (char ${at})`);
    }
    throw new IsoawsError('The service model is not JSON that isoaws can read.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new IsoawsError('The service model must be a JSON object.');
  return value as Record<string, unknown>;
}

/** botocore's choice: a service called `prefix`, else the (last) service whose endpoint prefix it is, else `prefix`. */
async function serviceName(ctx: CliContext, prefix: string): Promise<string> {
  const index = await ctx.host.models.index();
  if (index.some((e) => e.name === prefix)) return prefix;
  return index.findLast((e) => e.endpointPrefix === prefix)?.name ?? prefix;
}
