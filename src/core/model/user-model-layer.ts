/**
 * Service models the user added (`configure add-model`), in `~/.aws/models/<service>/<api-version>/`,
 * layered over a host's own models as botocore's loader layers its customer data path over the
 * bundled one: a service's newest API version wins, the user's at an equal version; a service the
 * bundle lacks is added. The user's model is `service-2.json` in botocore's format; beside it,
 * `paginators-1.json`, `waiters-2.json` and `endpoint-rule-set-1.json` are read when present. As in
 * botocore, paginators and waiters must be of the same API version (the bundled ones count only when
 * the bundle is that version), while a missing rule set is the bundled service's, or, for a service
 * with none, botocore's legacy pattern `https://<endpointPrefix>.<region>.<DNS suffix>`.
 *
 * The directory is read through the host's files on each index or load, so a model added is used by
 * the next command (a shell's too); what is parsed is kept while the file is unchanged. A file that is
 * not a model (no JSON, no metadata) is passed over, as if absent. Loaded by user-models.ts once the
 * directory exists.
 */
import type { HostFs, ModelSource, ServiceDocs } from '../host.js';
import { bareObject } from '../own.js';
import type { ServiceBundle, ServiceIndexEntry } from './types.js';

type Json = Record<string, unknown>;

interface UserModel {
  name: string;
  apiVersion: string;
  dir: string;
  api: Json;
}

const DOC_KEYS = new Set(['documentation', 'documentationUrl', 'examples', 'deprecatedMessage']);
/** botocore's data directory names that differ from the CLI's commands (its s3, codedeploy and configservice renames). */
const CLI_RENAMES: Record<string, string> = { s3: 's3api', codedeploy: 'deploy', config: 'configservice' };

export function layerUserModels(base: ModelSource, fs: HostFs, dir: string): ModelSource {
  const parsed = new Map<string, { stamp: string; api: Json | undefined }>();
  const bundles = new Map<string, { api: Json; bundle: ServiceBundle }>();

  /** The JSON of a file (undefined when absent or not JSON), parsed again only when the file changed. */
  const readJson = async (path: string): Promise<Json | undefined> => {
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat?.isFile) return undefined;
    const stamp = `${stat.mtimeMs}:${stat.size}`;
    const known = parsed.get(path);
    if (known?.stamp === stamp) return known.api;
    let api: Json | undefined;
    try {
      const value = JSON.parse(new TextDecoder().decode(await fs.readFile(path))) as unknown;
      api = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
    } catch {
      api = undefined;
    }
    parsed.set(path, { stamp, api });
    return api;
  };

  /** Each service's newest user model (the directory's newest version holding a model). */
  const scan = async (): Promise<Map<string, UserModel>> => {
    const found = new Map<string, UserModel>();
    if (!(await fs.stat(dir).catch(() => undefined))?.isDirectory) return found;
    for (const name of await fs.readDir(dir)) {
      if (!/^[a-z0-9-]+$/.test(name)) continue;
      const versions = await fs.readDir(`${dir}/${name}`).catch(() => [] as string[]);
      for (const apiVersion of [...versions].sort().reverse()) {
        const api = await readJson(`${dir}/${name}/${apiVersion}/service-2.json`);
        if (api && isModel(api)) {
          found.set(name, { name, apiVersion, dir: `${dir}/${name}/${apiVersion}`, api });
          break;
        }
      }
    }
    return found;
  };

  /** The user's model of `service` when it wins over the bundled one, with the bundled entry. */
  const winner = async (service: string) => {
    const user = (await scan()).get(service);
    if (!user) return undefined;
    const entry = (await base.index()).find((e) => e.name === service);
    return entry && entry.apiVersion > user.apiVersion ? undefined : { user, entry };
  };

  return {
    async index() {
      const index = await base.index();
      const users = await scan();
      if (!users.size) return index;
      const byName = new Map(index.map((e) => [e.name, e]));
      for (const user of users.values()) {
        const entry = byName.get(user.name);
        if (!entry || entry.apiVersion <= user.apiVersion) byName.set(user.name, indexEntry(user, entry));
      }
      return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async load(service, operations) {
      const won = await winner(service);
      if (!won) return base.load(service, operations);
      const { user, entry } = won;
      const kept = bundles.get(user.dir);
      if (kept?.api === user.api) return kept.bundle;
      const bundled = entry ? await base.load(service) : undefined;
      const sameVersion = bundled?.metadata.apiVersion === user.apiVersion ? bundled : undefined;
      const bundle = strip({
        metadata: user.api.metadata,
        operations: namedOperations(user.api),
        shapes: user.api.shapes ?? {},
      }) as unknown as ServiceBundle;
      if (user.api.clientContextParams) bundle.clientContextParams = user.api.clientContextParams as never;
      const paginators = (await readJson(`${user.dir}/paginators-1.json`))?.pagination;
      bundle.paginators = (paginators as ServiceBundle['paginators']) ?? sameVersion?.paginators;
      const waiters = (await readJson(`${user.dir}/waiters-2.json`))?.waiters;
      bundle.waiters = (waiters as ServiceBundle['waiters']) ?? sameVersion?.waiters;
      const rules = await readJson(`${user.dir}/endpoint-rule-set-1.json`);
      bundle.endpointRuleSet =
        (rules ? strip(rules) : undefined) ??
        bundled?.endpointRuleSet ??
        legacyRuleSet(String(bundle.metadata.endpointPrefix));
      for (const key of ['paginators', 'waiters', 'clientContextParams'] as const)
        if (bundle[key] === undefined) delete bundle[key];
      bundles.set(user.dir, { api: user.api, bundle });
      return bundle;
    },
    partitions: () => base.partitions(),
    async docs(service) {
      const won = await winner(service);
      if (!won) {
        if (!base.docs) throw new Error(`No documentation for ${service}`);
        return base.docs(service);
      }
      return docsOf(won.user.api);
    },
    // The examples come with the CLI, whichever model a service is read from.
    examples: async (cliService) => (await base.examples?.(cliService)) ?? {},
  };
}

/** Enough of a model to be one: metadata with the API version, endpoint prefix and protocol, and operations. */
function isModel(api: Json): boolean {
  const m = api.metadata as Json | undefined;
  return (
    m !== null &&
    typeof m === 'object' &&
    typeof m.apiVersion === 'string' &&
    typeof m.endpointPrefix === 'string' &&
    typeof m.protocol === 'string' &&
    api.operations !== null &&
    typeof api.operations === 'object'
  );
}

/** The index row of a user model, as scripts/import-models.js makes a bundled one's. */
function indexEntry(user: UserModel, bundled: ServiceIndexEntry | undefined): ServiceIndexEntry {
  const m = user.api.metadata as Json;
  const sdkId = String(m.serviceId ?? m.serviceFullName ?? user.name);
  return {
    name: user.name,
    cliName: bundled?.cliName ?? CLI_RENAMES[user.name] ?? user.name,
    endpointPrefix: String(m.endpointPrefix),
    signingName: String(m.signingName ?? m.endpointPrefix),
    protocols: Array.isArray(m.protocols) ? (m.protocols as string[]) : [String(m.protocol)],
    apiVersion: user.apiVersion,
    sdkId,
    envId: sdkId.replace(/ /g, '_').toUpperCase(),
  };
}

/**
 * Operations under their keys, botocore's API names, which the engine calls them by (as the bundled
 * models are imported). A wire name that differs where the protocol sends it (JSON and query) is kept
 * by botocore; the engine would send the key, so the operation is left out rather than sent wrongly.
 */
function namedOperations(api: Json): Json {
  const protocol = String((api.metadata as Json).protocol);
  const out = bareObject<unknown>();
  for (const [key, op] of Object.entries((api.operations as Json) ?? {})) {
    const name = (op as Json | null)?.name;
    if (name !== undefined && name !== key && !protocol.startsWith('rest-')) continue;
    out[key] = { ...(op as Json), name: key };
  }
  return out;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out = bareObject<unknown>();
    for (const [k, v] of Object.entries(value)) if (!DOC_KEYS.has(k)) out[k] = strip(v);
    return out;
  }
  return value;
}

/**
 * botocore's legacy endpoint for a service its endpoint data does not list (the partition's default
 * `{service}.{region}.{dnsSuffix}`, `-fips` and dual-stack variants), as a rule set, which is what
 * the engine resolves endpoints with. `--endpoint-url` and configured endpoints win, as always.
 */
function legacyRuleSet(prefix: string): unknown {
  const flag = (name: string) => ({ fn: 'booleanEquals', argv: [{ ref: name }, true] });
  const endpoint = (url: unknown, ...conditions: unknown[]) => ({
    conditions,
    endpoint: { url, properties: {}, headers: {} },
    type: 'endpoint',
  });
  return {
    version: '1.0',
    parameters: {
      Region: { builtIn: 'AWS::Region', required: false, type: 'string' },
      UseFIPS: { builtIn: 'AWS::UseFIPS', required: true, default: false, type: 'boolean' },
      UseDualStack: { builtIn: 'AWS::UseDualStack', required: true, default: false, type: 'boolean' },
      Endpoint: { builtIn: 'SDK::Endpoint', required: false, type: 'string' },
    },
    rules: [
      endpoint({ ref: 'Endpoint' }, { fn: 'isSet', argv: [{ ref: 'Endpoint' }] }),
      {
        conditions: [
          { fn: 'isSet', argv: [{ ref: 'Region' }] },
          { fn: 'aws.partition', argv: [{ ref: 'Region' }], assign: 'PartitionResult' },
        ],
        rules: [
          endpoint(
            `https://${prefix}-fips.{Region}.{PartitionResult#dualStackDnsSuffix}`,
            flag('UseFIPS'),
            flag('UseDualStack'),
          ),
          endpoint(`https://${prefix}-fips.{Region}.{PartitionResult#dnsSuffix}`, flag('UseFIPS')),
          endpoint(`https://${prefix}.{Region}.{PartitionResult#dualStackDnsSuffix}`, flag('UseDualStack')),
          endpoint(`https://${prefix}.{Region}.{PartitionResult#dnsSuffix}`),
        ],
        type: 'tree',
      },
      { conditions: [], error: 'Invalid Configuration: Missing Region', type: 'error' },
    ],
  };
}

/** A user model's documentation for help, its HTML as plain text (as scripts/import-models.js makes the bundled docs). */
function docsOf(api: Json): ServiceDocs {
  const docs: ServiceDocs = { service: htmlToText(api.documentation), operations: {}, shapes: {}, members: {} };
  for (const [name, op] of Object.entries((api.operations as Json) ?? {})) {
    const text = htmlToText((op as Json | null)?.documentation);
    if (text) docs.operations[name] = text;
  }
  for (const [name, shape] of Object.entries((api.shapes as Json) ?? {})) {
    const s = (shape ?? {}) as Json;
    const text = htmlToText(s.documentation);
    if (text) docs.shapes[name] = text;
    for (const [member, ref] of Object.entries((s.members as Json | undefined) ?? {})) {
      const memberText = htmlToText((ref as Json | null)?.documentation);
      if (memberText) docs.members[`${name}.${member}`] = memberText;
    }
  }
  return docs;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function htmlToText(html: unknown): string {
  if (typeof html !== 'string') return '';
  return html
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(p|ul|ol|div|h\d|note|important)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? m),
    )
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
