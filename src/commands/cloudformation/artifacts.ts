/**
 * The local artifacts of a template, uploaded and pointed at (the AWS CLI's artifact_exporter.py): each
 * resource property of the table below that names a local file or folder is replaced by where its bytes
 * went in S3, in the form the property takes — an `s3://` URL, a `{Bucket, Key}`-style mapping with the
 * property's own member names, or, for a nested stack, the `https://` URL of its own template, exported
 * the same way and uploaded as `<md5>.template`. `AWS::Include` transforms anywhere in the template and
 * the ServerlessRepo application's readme and licence in `Metadata` are exported too; the resources of
 * an `Fn::ForEach::` loop are walked like the others.
 *
 * The CLI's rules, kept: a folder is zipped (Python zipfile's layout, core/zip.ts); a property of a
 * type that must be a zip (Lambda code and layers, Serverless functions and layers, CodeCommit's code)
 * naming a file that is not a zip gets that file zipped alone — the file looked up from the working
 * directory, not the template's, as the CLI looks it up, and stamped with the current time as the CLI's
 * copy is; a property left out packages the template's whole folder where the type allows it; a value
 * already in S3, or a mapping (an intrinsic function), is left as it is. A failure while exporting a
 * property is reported as the CLI reports it: "Unable to upload artifact … referenced by … of … resource."
 * and the reason on the next line.
 *
 * Beyond the CLI: a template that is not a mapping, or a `Resources`/`Metadata`/resource that is not
 * one, is refused with a message saying so (the CLI fails there with a Python AttributeError's words);
 * a nested stack that includes itself is refused rather than recursed into until Python gives up; a
 * symbolic link looping back into a folder being zipped is not followed round again.
 */
import { AbortedError, IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { resolveLocal } from '../../core/local-paths.js';
import { isZipArchive, zipArchive, type ZipEntry } from '../../core/zip.js';
import { describeFailure } from '../../cli/exit-codes.js';
import { pyFloatRepr } from '../../cli/output/py-values.js';
import { parseS3Url, type S3Uploader } from './s3-uploader.js';
import { isTemplateMap, loadTemplate, PlainDict, type TemplateMap, type TemplateValue } from './template.js';
import { dumpTemplateYaml } from './template-yaml.js';
import { YamlTimestamp } from './yaml-scalars.js';

/** Where an uploaded artifact goes in the property: a URL, or a mapping with these member names. */
type Form = 'url' | 'template' | { bucket: string; key: string; version?: string };

interface ArtifactProperty {
  type: string;
  /** The property's path below Properties (`Command.ScriptLocation` is two steps). */
  property: string;
  form: Form;
  /** Whether a property left out packages the template's folder (else nothing is done). */
  packageNull: boolean;
  /** Whether a file that is not a zip is zipped first (the service wants a zip). */
  forceZip: boolean;
}

const url = (type: string, property: string, packageNull: boolean, forceZip = false): ArtifactProperty => ({
  type,
  property,
  form: 'url',
  packageNull,
  forceZip,
});
const s3Location = (
  type: string,
  property: string,
  form: { bucket: string; key: string; version?: string },
  packageNull: boolean,
  forceZip = false,
): ArtifactProperty => ({ type, property, form, packageNull, forceZip });
const BUCKET_KEY_VERSION = { bucket: 'Bucket', key: 'Key', version: 'Version' };
const LAMBDA_CODE = { bucket: 'S3Bucket', key: 'S3Key', version: 'S3ObjectVersion' };

/** The CLI's RESOURCES_EXPORT_LIST, in its order (a resource type may have several properties). */
export const RESOURCE_ARTIFACTS: readonly ArtifactProperty[] = [
  url('AWS::Serverless::Function', 'CodeUri', true, true),
  url('AWS::Serverless::Api', 'DefinitionUri', false),
  url('AWS::AppSync::GraphQLSchema', 'DefinitionS3Location', false),
  url('AWS::AppSync::Resolver', 'RequestMappingTemplateS3Location', false),
  url('AWS::AppSync::Resolver', 'ResponseMappingTemplateS3Location', false),
  url('AWS::AppSync::FunctionConfiguration', 'RequestMappingTemplateS3Location', false),
  url('AWS::AppSync::FunctionConfiguration', 'ResponseMappingTemplateS3Location', false),
  s3Location('AWS::ApiGateway::RestApi', 'BodyS3Location', BUCKET_KEY_VERSION, false),
  s3Location('AWS::Lambda::Function', 'Code', LAMBDA_CODE, true, true),
  s3Location('AWS::ElasticBeanstalk::ApplicationVersion', 'SourceBundle', { bucket: 'S3Bucket', key: 'S3Key' }, true),
  { type: 'AWS::CloudFormation::Stack', property: 'TemplateURL', form: 'template', packageNull: true, forceZip: false },
  { type: 'AWS::Serverless::Application', property: 'Location', form: 'template', packageNull: true, forceZip: false },
  url('AWS::Serverless::LayerVersion', 'ContentUri', true, true),
  s3Location('AWS::Lambda::LayerVersion', 'Content', LAMBDA_CODE, true, true),
  url('AWS::Glue::Job', 'Command.ScriptLocation', true),
  s3Location('AWS::StepFunctions::StateMachine', 'DefinitionS3Location', BUCKET_KEY_VERSION, false),
  s3Location('AWS::Serverless::StateMachine', 'DefinitionUri', BUCKET_KEY_VERSION, false),
  s3Location(
    'AWS::CodeCommit::Repository',
    'Code.S3',
    { bucket: 'Bucket', key: 'Key', version: 'ObjectVersion' },
    false,
    true,
  ),
];

/** The CLI's METADATA_EXPORT_LIST: entries of the template's `Metadata` keyed by these types. */
export const METADATA_ARTIFACTS: readonly ArtifactProperty[] = [
  url('AWS::ServerlessRepo::Application', 'ReadmeUrl', false),
  url('AWS::ServerlessRepo::Application', 'LicenseUrl', false),
];

export interface ExportContext {
  host: Host;
  uploader: S3Uploader;
}

/**
 * The template at `templatePath` (relative paths from `parentDir`), its artifacts uploaded and its
 * properties pointing at them. `chain` holds the templates being exported around it (nested stacks).
 */
export async function exportTemplate(
  ctx: ExportContext,
  templatePath: string,
  parentDir: string,
  chain: readonly string[] = [],
): Promise<TemplateMap> {
  const path = resolveLocal(parentDir, templatePath);
  if (chain.includes(path))
    throw new IsoawsError(`The template ${path} includes itself as a nested stack: ${[...chain, path].join(' → ')}`);
  const template = loadTemplate(await readText(ctx.host, path));
  if (!isTemplateMap(template)) throw new IsoawsError(`Invalid template ${path}: it is not a mapping (object)`);
  const exporter = new TemplateExporter(ctx, dirname(path), [...chain, path]);
  await exporter.exportMetadata(template);
  if (!template.has('Resources')) return template;
  await exporter.exportGlobalArtifacts(template);
  await exporter.exportResources(template.get('Resources')!, 'Resources');
  return template;
}

/** A template file's text as Python's text mode reads it: UTF-8, line ends made `\n`. */
async function readText(host: Host, path: string): Promise<string> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await host.fs.readFile(path));
  } catch (err) {
    if (err instanceof TypeError) throw new IsoawsError(`Invalid template ${path}: it is not UTF-8 text`);
    throw err;
  }
  return text.replace(/\r\n?/g, '\n');
}

class TemplateExporter {
  constructor(
    private readonly ctx: ExportContext,
    private readonly templateDir: string,
    private readonly chain: readonly string[],
  ) {}

  async exportMetadata(template: TemplateMap): Promise<void> {
    if (!template.has('Metadata')) return;
    const metadata = template.get('Metadata')!;
    if (!isTemplateMap(metadata)) throw new IsoawsError('Invalid template: its Metadata is not a mapping');
    for (const [type, entry] of metadata)
      for (const artifact of METADATA_ARTIFACTS)
        if (artifact.type === type) await this.exportProperty(artifact, pyStr(type), entry);
  }

  /** `Fn::Transform: {Name: AWS::Include, Parameters: {Location: <local file>}}` anywhere in the template. */
  async exportGlobalArtifacts(node: TemplateMap): Promise<void> {
    for (const [key, value] of node) {
      if (key === 'Fn::Transform') await this.exportInclude(value);
      else if (isTemplateMap(value)) await this.exportGlobalArtifacts(value);
      else if (Array.isArray(value))
        for (const item of value) if (isTemplateMap(item)) await this.exportGlobalArtifacts(item);
    }
  }

  async exportResources(resources: TemplateValue, where: string): Promise<void> {
    if (!isTemplateMap(resources)) throw new IsoawsError(`Invalid template: its ${where} are not a mapping`);
    for (const [id, resource] of resources) {
      const name = pyStr(id);
      if (typeof id === 'string' && id.startsWith('Fn::ForEach::')) {
        if (!Array.isArray(resource) || resource.length !== 3 || !isTemplateMap(resource[2]!))
          throw new IsoawsError(
            `The value of ${id} has an invalid "Fn::ForEach::" format: Must be a list of three entries`,
          );
        await this.exportResources(resource[2]!, id);
        continue;
      }
      if (!isTemplateMap(resource)) throw new IsoawsError(`Invalid template: resource ${name} is not a mapping`);
      const type = resource.get('Type');
      for (const artifact of RESOURCE_ARTIFACTS)
        if (artifact.type === type) await this.exportProperty(artifact, name, resource.get('Properties') ?? null);
    }
  }

  /** The CLI's Resource.export: one property of one resource (or metadata entry). */
  private async exportProperty(artifact: ArtifactProperty, id: string, properties: TemplateValue): Promise<void> {
    if (properties === null) return;
    const value = isTemplateMap(properties) ? search(properties, artifact.property) : null;
    if (!truthy(value) && !artifact.packageNull) return;
    if (isTemplateMap(value)) return;
    try {
      if (!isTemplateMap(properties))
        throw new IsoawsError(`The Properties of ${id} are not a mapping, so ${artifact.property} cannot be set`);
      // A lone file where a zip is wanted: zipped by itself (the CLI copies it to a temporary folder first).
      const lone = artifact.forceZip && typeof value === 'string' ? await this.loneFileToZip(value) : undefined;
      if (artifact.form === 'template') await this.exportNestedTemplate(artifact, id, properties);
      else {
        const uploaded = lone
          ? await this.ctx.uploader.uploadWithDedup(lone)
          : await this.uploadLocal(artifact, id, value);
        setPath(
          properties,
          artifact.property,
          artifact.form === 'url' ? uploaded : s3LocationOf(uploaded, artifact.form),
        );
      }
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      throw new IsoawsError(
        `Unable to upload artifact ${pyStr(value)} referenced by ${artifact.property} parameter of ${id} resource.\n${reason(err)}`,
        { cause: err },
      );
    }
  }

  /** The zip of a file the working directory holds that is not a zip already; undefined otherwise. */
  private async loneFileToZip(value: string): Promise<Uint8Array | undefined> {
    const { host } = this.ctx;
    const path = resolveLocal(host.cwd ?? '/', value);
    const stat = value ? await host.fs.stat(path) : undefined;
    if (!stat?.isFile) return undefined;
    const data = await host.fs.readFile(path);
    if (isZipArchive(data)) return undefined;
    return zipArchive([{ name: basename(path), data, modified: host.now(), mode: stat.mode ?? 0o644 }]);
  }

  /**
   * The CLI's upload_local_artifacts: an S3 URL is kept, a folder zipped and uploaded, a file uploaded;
   * a property left out means the template's folder. Anything else names nothing there is.
   */
  private async uploadLocal(artifact: ArtifactProperty, id: string, value: TemplateValue): Promise<string> {
    const given = value ?? this.templateDir;
    if (typeof given === 'string' && parseS3Url(given)) return given;
    const path = typeof given === 'string' ? resolveLocal(this.templateDir, given) : undefined;
    const stat = path === undefined ? undefined : await this.ctx.host.fs.stat(path);
    if (path && stat?.isDirectory) return this.ctx.uploader.uploadWithDedup(await zipFolder(this.ctx.host, path));
    if (path && stat?.isFile) return this.ctx.uploader.uploadWithDedup(await this.ctx.host.fs.readFile(path));
    throw new IsoawsError(
      `Parameter ${artifact.property} of resource ${id} refers to a file or folder that does not exist ${path ?? pyStr(given)}`,
    );
  }

  /** A nested stack's template: exported itself, written as YAML, uploaded as `<md5>.template`. */
  private async exportNestedTemplate(artifact: ArtifactProperty, id: string, properties: TemplateMap): Promise<void> {
    const location = properties.get(artifact.property) ?? null;
    if (location === null) return;
    if (typeof location === 'string' && (parseS3Url(location) || /^https?:\/\//.test(location))) return;
    const path = typeof location === 'string' ? resolveLocal(this.templateDir, location) : pyStr(location);
    if (typeof location !== 'string' || !(await this.ctx.host.fs.stat(path))?.isFile)
      throw new IsoawsError(
        `${artifact.property} parameter of ${id} resource is invalid. It must be a S3 URL or path to CloudFormation template file. Actual: ${path}`,
      );
    const exported = await exportTemplate(this.ctx, location, this.templateDir, this.chain);
    const uploaded = await this.ctx.uploader.uploadWithDedup(
      new TextEncoder().encode(dumpTemplateYaml(exported)),
      'template',
    );
    properties.set(artifact.property, this.ctx.uploader.pathStyleUrl(parseS3Url(uploaded)!.key));
  }

  /** The CLI's include_transform_export_handler (its failures are not wrapped as a property's are). */
  private async exportInclude(transform: TemplateValue): Promise<void> {
    if (!isTemplateMap(transform) || transform.get('Name') !== 'AWS::Include') return;
    const parameters = transform.get('Parameters');
    if (!isTemplateMap(parameters)) return;
    const location = parameters.get('Location');
    if (typeof location !== 'string' || !location || parseS3Url(location)) return;
    // os.path.join, not normalised: the message shows the path as joined.
    const joined = location.startsWith('/') ? location : `${this.templateDir.replace(/\/$/, '')}/${location}`;
    const path = resolveLocal('/', joined);
    if (!(await this.ctx.host.fs.stat(path))?.isFile)
      throw new IsoawsError(
        `Parameter Location of resource AWS::Include refers to a file or folder that does not exist ${joined}`,
      );
    parameters.set('Location', await this.ctx.uploader.uploadWithDedup(await this.ctx.host.fs.readFile(path)));
  }
}

/** The `{Bucket, Key[, Version]}`-style mapping for an uploaded object, with the property's member names. */
function s3LocationOf(s3Url: string, form: { bucket: string; key: string; version?: string }): PlainDict {
  const parts = parseS3Url(s3Url)!;
  const location = new PlainDict([
    [form.bucket, parts.bucket],
    [form.key, parts.key],
  ]);
  if (form.version && parts.version !== undefined) location.set(form.version, parts.version);
  return location;
}

/** `Code.S3` under Properties, as jmespath's search finds it (a step into anything but a mapping is null). */
function search(properties: TemplateMap, path: string): TemplateValue {
  let at: TemplateValue = properties;
  for (const step of path.split('.')) at = isTemplateMap(at) ? (at.get(step) ?? null) : null;
  return at;
}

/** botocore's set_value_from_jmespath: missing mappings on the way are made. */
function setPath(properties: TemplateMap, path: string, value: TemplateValue): void {
  const steps = path.split('.');
  let at = properties;
  for (const step of steps.slice(0, -1)) {
    let next = at.get(step);
    if (next === undefined) at.set(step, (next = new PlainDict()));
    if (!isTemplateMap(next)) throw new IsoawsError(`${path} cannot be set: ${step} is not a mapping`);
    at = next;
  }
  at.set(steps.at(-1)!, value);
}

/**
 * A folder as the CLI's make_zip archives it: os.walk order (a folder's files, then its subfolders,
 * each in name order here), symbolic links followed, names relative to the folder.
 */
async function zipFolder(host: Host, root: string): Promise<Uint8Array> {
  const entries: ZipEntry[] = [];
  const visiting = new Set<string>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const real = host.fs.realPath ? await host.fs.realPath(dir) : dir;
    if (visiting.has(real)) return;
    visiting.add(real);
    const subdirs: Array<[string, string]> = [];
    for (const name of await host.fs.readDir(dir)) {
      const path = `${dir.replace(/\/$/, '')}/${name}`;
      const stat = await host.fs.stat(path);
      if (!stat) throw new IsoawsError(`[Errno 2] No such file or directory: '${path}'`);
      if (stat.isDirectory) subdirs.push([path, `${prefix}${name}/`]);
      else if (stat.isFile)
        entries.push({
          name: `${prefix}${name}`,
          data: await host.fs.readFile(path),
          modified: new Date(stat.mtimeMs),
          mode: stat.mode ?? 0o644,
        });
    }
    for (const [path, below] of subdirs) await walk(path, below);
    visiting.delete(real);
  };
  await walk(root, '');
  return zipArchive(entries);
}

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Python's truth of a value (`not value`): empty text, collections, zero, None and False are false. */
function truthy(value: TemplateValue): boolean {
  if (value === null || value === false || value === '' || value === 0 || value === 0n) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isTemplateMap(value)) return value.size > 0;
  return true;
}

/** An error's text as Python's `str(ex)` gives it inside the CLI's message. */
function reason(err: unknown): string {
  return describeFailure(err).message.replace(/^\n/, '').replace(/\n$/, '');
}

/** A value as Python's `str()` writes it in a message (`None`, `True`, `['a', 1]`). */
function pyStr(value: TemplateValue): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function pyRepr(value: TemplateValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return pyFloatRepr(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t');
    return quote + (quote === "'" ? body.replaceAll("'", "\\'") : body) + quote;
  }
  if (value instanceof YamlTimestamp) return value.text;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const items = [...value].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ');
  return `{${items}}`;
}
