/**
 * `codeartifact login` (the AWS CLI's codeartifact/login.py): asks CodeArtifact for an authorization
 * token (GetAuthorizationToken) and the repository's URL for the tool's package format
 * (GetRepositoryEndpoint), then points the tool at the repository with the token: `npm config set`,
 * `pip config set`, `~/.pypirc` for twine, `nuget sources` / `dotnet nuget` for NuGet, and
 * `swift package-registry` with a `~/.netrc` entry for Swift. `--dry-run` prints what would be run or
 * written instead. The v2 branch is followed where AWS CLI 2.9.19 is older (swift and --endpoint-type
 * are new; a failed command's message hides the token and carries its stderr; ~/.pypirc is private).
 */
import type { Client } from '../../core/client.js';
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import {
  commandPage,
  flagOption,
  readCommandOptions,
  valueOption,
  type CommandModule,
  type CommandOption,
} from '../../cli/command.js';
import { readParamFile } from '../../cli/param-values.js';
import { pyInt } from '../../cli/shorthand.js';
import { ParamError } from '../../cli/usage.js';
import { nugetLogin } from './nuget.js';
import { npmLogin, pipLogin } from './npm-pip.js';
import { swiftLogin } from './swift.js';
import type { Login, Tool } from './tool-login.js';
import { twineLogin } from './twine.js';

/** Each tool, in the order the CLI lists them: the package format it asks the endpoint for, and whether it takes --namespace. */
const TOOLS: Record<Tool, { format: string; namespaces: boolean; login: (login: Login) => Promise<void> }> = {
  swift: { format: 'swift', namespaces: true, login: swiftLogin },
  nuget: { format: 'nuget', namespaces: false, login: nugetLogin },
  dotnet: { format: 'nuget', namespaces: false, login: nugetLogin },
  npm: { format: 'npm', namespaces: true, login: npmLogin },
  pip: { format: 'pypi', namespaces: false, login: pipLogin },
  twine: { format: 'pypi', namespaces: false, login: twineLogin },
};

// In the CLI's order, which is also the order of "the following arguments are required: …".
const OPTIONS: CommandOption[] = [
  valueOption('tool', 'string', 'The tool to set up for the repository.', {
    required: true,
    choices: Object.keys(TOOLS),
  }),
  valueOption('domain', 'string', 'The CodeArtifact domain the repository is in.', { required: true }),
  valueOption('domain-owner', 'string', 'The AWS account ID that owns the domain, when it is not yours.'),
  valueOption('namespace', 'string', 'The npm scope or Swift scope to use the repository for (npm and swift only).'),
  valueOption('duration-seconds', 'integer', 'How many seconds the login stays valid (at most 12 hours).'),
  valueOption('repository', 'string', 'The CodeArtifact repository to use.', { required: true }),
  valueOption('endpoint-type', 'string', 'The kind of endpoint the tool is to use: ipv4 or dualstack.'),
  flagOption(
    'dry-run',
    'Prints the commands that would be run, or the file contents that would be written, and changes nothing. The output shows the token itself.',
  ),
];

const PAGE = commandPage(
  {
    name: 'login',
    description:
      "Sets up npm, pip, twine, NuGet (nuget or dotnet) or Swift to use a CodeArtifact repository: it gets an authorization token and the repository's endpoint, then configures the tool with them. The login lasts up to 12 hours; log in again after it expires.",
    examples: [
      'isoaws codeartifact login --tool npm --domain my-domain --repository my-repo',
      'isoaws codeartifact login --tool pip --domain my-domain --domain-owner 111122223333 --repository my-repo --dry-run',
    ],
  },
  OPTIONS,
);

/** The options as given, `file://` values read and --duration-seconds a number. */
interface Given {
  tool: Tool;
  domain: string;
  domainOwner?: string;
  namespace?: string;
  duration?: number;
  repository: string;
  endpointType?: string;
  dryRun: boolean;
}

export const loginCommand: CommandModule = {
  async run(env, args) {
    const { host } = env.ctx;
    const given = await readOptions(host, args);
    const client = await env.client();
    const service = env.entry!.name;
    const auth = await authorizationToken(client, service, given);
    const endpoint = await repositoryEndpoint(client, service, given);
    const { tool, domain, repository, namespace, dryRun } = given;
    // The CLI checks --namespace only now, after both calls.
    if (namespace && !TOOLS[tool].namespaces)
      throw new IsoawsError(`Argument --namespace is not supported for ${tool}`);
    await TOOLS[tool].login({ host, tool, ...auth, endpoint, domain, repository, namespace, dryRun });
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** Reads the options in the CLI's order: a file that cannot be read fails before a duration that is no integer. */
async function readOptions(host: Host, args: readonly string[]): Promise<Given> {
  const values = readCommandOptions(OPTIONS, args);
  const text = (name: string) => optionText(host, name, values.get(name) as string | undefined);
  const domain = (await text('domain'))!;
  const domainOwner = await text('domain-owner');
  const namespace = await text('namespace');
  const duration = await text('duration-seconds');
  return {
    tool: values.get('tool') as Tool,
    domain,
    domainOwner,
    namespace,
    duration: duration === undefined ? undefined : pyInt(duration),
    repository: (await text('repository'))!,
    endpointType: await text('endpoint-type'),
    dryRun: values.has('dry-run'),
  };
}

/** An option's text, a `file://` or `fileb://` reference read as the CLI reads every option of its own commands. */
async function optionText(host: Host, name: string, given: string | undefined): Promise<string | undefined> {
  if (given === undefined) return undefined;
  const loaded = await readParamFile(host, given).catch((err: Error) => {
    throw new ParamError(`--${name}`, err.message);
  });
  if (loaded === undefined) return given;
  return typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
}

async function authorizationToken(
  client: Client,
  service: string,
  given: Given,
): Promise<{ token: string; expiration: Date }> {
  // A duration of 0 is left out, as the CLI leaves out every falsy value.
  const out = await client.send(service, 'GetAuthorizationToken', {
    domain: given.domain,
    ...(given.domainOwner ? { domainOwner: given.domainOwner } : {}),
    ...(given.duration ? { durationSeconds: given.duration } : {}),
  });
  if (typeof out.authorizationToken !== 'string' || !(out.expiration instanceof Date))
    throw new IsoawsError('codeartifact GetAuthorizationToken gave no authorizationToken and expiration');
  return { token: out.authorizationToken, expiration: out.expiration };
}

async function repositoryEndpoint(client: Client, service: string, given: Given): Promise<string> {
  // The CLI's order of parameters, which is the order of the query string it sends.
  const out = await client.send(service, 'GetRepositoryEndpoint', {
    domain: given.domain,
    repository: given.repository,
    format: TOOLS[given.tool].format,
    ...(given.endpointType ? { endpointType: given.endpointType } : {}),
    ...(given.domainOwner ? { domainOwner: given.domainOwner } : {}),
  });
  if (typeof out.repositoryEndpoint !== 'string')
    throw new IsoawsError('codeartifact GetRepositoryEndpoint gave no repositoryEndpoint');
  return out.repositoryEndpoint;
}
