/**
 * `cloudformation package` (the AWS CLI's cloudformation/package.py): uploads the local artifacts a
 * template names (artifacts.ts) to `--s3-bucket` and prints the template rewritten to point at them, as
 * YAML (template-yaml.ts) or with `--use-json` as JSON; with `--output-template-file` it writes the
 * template there and says how to deploy it. Exit 255 for what the CLI's own errors cover (a template
 * that is not there, an artifact that is not, a bucket that is not).
 *
 * One deliberate difference: `--endpoint-url` also applies to the uploads (package calls no other
 * service), where the AWS CLI sends them to S3's own endpoint whatever the option says.
 */
import { IsoawsError } from '../../core/errors.js';
import { expandUser, resolveLocal } from '../../core/local-paths.js';
import {
  commandPage,
  flagOption,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
  type CommandOption,
} from '../../cli/command.js';
import { parseJsonArg, readParamFile } from '../../cli/param-values.js';
import { parseShorthand, ShorthandSyntaxError } from '../../cli/shorthand.js';
import { ParamError } from '../../cli/usage.js';
import { exportTemplate } from './artifacts.js';
import { createS3Uploader } from './s3-uploader.js';
import { dumpTemplateJson } from './template-json.js';
import { dumpTemplateYaml } from './template-yaml.js';

const OPTIONS: CommandOption[] = [
  valueOption('template-file', 'string', 'The path where your AWS CloudFormation template is located.', {
    required: true,
  }),
  valueOption(
    's3-bucket',
    'string',
    'The name of the S3 bucket where this command uploads the artifacts that are referenced in your template.',
    { required: true },
  ),
  valueOption(
    's3-prefix',
    'string',
    'A prefix name that the command adds to the artifacts’ name when it uploads them to the S3 bucket (a folder).',
  ),
  valueOption('kms-key-id', 'string', 'The ID of a KMS key that encrypts the uploaded artifacts at rest.'),
  valueOption(
    'output-template-file',
    'string',
    'The file the packaged template is written to; without it, the template is printed.',
  ),
  flagOption('use-json', 'Write the packaged template as JSON; YAML is the default.'),
  flagOption('force-upload', 'Upload the artifacts even when the bucket already holds the same content.'),
  valueOption('metadata', 'map', 'Metadata attached to every uploaded artifact: key1=value1,key2=value2, or JSON.'),
];

const PAGE = commandPage(
  {
    name: 'package',
    description:
      'Packages the local artifacts (local paths) that a CloudFormation template references: Lambda and Serverless function code, layers, API and AppSync definitions, nested stacks (packaged in turn), AWS::Include files, Glue scripts, Step Functions definitions, Elastic Beanstalk bundles, CodeCommit code, ServerlessRepo readme and licence. Folders are zipped; each artifact is uploaded to the S3 bucket under its MD5, unless the bucket already holds it; the template is printed (or written to --output-template-file) with the references replaced by the S3 locations.',
    examples: [
      'isoaws cloudformation package --template-file template.yaml --s3-bucket my-artifacts --output-template-file packaged.yaml',
    ],
  },
  OPTIONS,
);

export const packageCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (option: string) => values.get(option) as string | undefined;
    const { host } = env.ctx;
    const cwd = host.cwd ?? '/';
    const metadata = text('metadata') === undefined ? undefined : await readMetadata(env, text('metadata')!);
    const templateFile = text('template-file')!;
    if (!(await host.fs.stat(resolveLocal(cwd, expandUser(host, templateFile))))?.isFile)
      throw new IsoawsError(`Invalid template path ${templateFile}`);
    const uploader = createS3Uploader(await env.client('S3'), host, {
      bucket: text('s3-bucket')!,
      prefix: text('s3-prefix'),
      kmsKeyId: text('kms-key-id'),
      forceUpload: values.get('force-upload') === true,
      metadata,
      signal: env.ctx.signal,
    });
    const template = await exportTemplate({ host, uploader }, expandUser(host, templateFile), cwd);
    const output = values.get('use-json') ? dumpTemplateJson(template) : dumpTemplateYaml(template);
    host.stdout.write('\n');
    const outputFile = text('output-template-file');
    if (outputFile === undefined) {
      host.stdout.write(output);
      return 0;
    }
    const outputPath = resolveLocal(cwd, expandUser(host, outputFile));
    await writeOutput(env, outputPath, outputFile, output);
    host.stdout.write(
      `Successfully packaged artifacts and wrote output template to file ${outputFile}.\nExecute the following command to deploy the packaged template\naws cloudformation deploy --template-file ${outputPath} --stack-name <YOUR STACK NAME>\n`,
    );
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** `--metadata`, the CLI's map argument: `key=value,…` shorthand or JSON, either from `file://` too. */
async function readMetadata(env: CommandEnv, value: string): Promise<Record<string, string>> {
  const loaded = await readParamFile(env.ctx.host, value);
  const text = loaded === undefined ? value : typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
  if (text.trimStart().startsWith('{')) return parseJsonArg(text, '--metadata') as Record<string, string>;
  try {
    return parseShorthand(text) as Record<string, string>;
  } catch (err) {
    if (err instanceof ShorthandSyntaxError) throw new ParamError('--metadata', err.message);
    throw err;
  }
}

/** The packaged template into its file; a folder that is not there is Python's open() error. */
async function writeOutput(env: CommandEnv, path: string, given: string, text: string): Promise<void> {
  const { fs } = env.ctx.host;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  if (!(await fs.stat(dir))?.isDirectory) throw new IsoawsError(`[Errno 2] No such file or directory: '${given}'`);
  if ((await fs.stat(path))?.isDirectory) throw new IsoawsError(`[Errno 21] Is a directory: '${given}'`);
  await fs.writeFile(path, text);
}
