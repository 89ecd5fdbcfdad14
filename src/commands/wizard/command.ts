/**
 * `aws <service> wizard [<name>]` and `aws configure wizard` (the AWS CLI's wizard/commands.py): the
 * command's wizard `name`, or its own (`_main`) when none is named, run on the Host's line prompt (see
 * runner.ts for how it asks). Its API calls go through the engine, each service's client made as the
 * CLI's session.create_client makes one (nested-client.ts: the global --endpoint-url does not apply);
 * its SetValues steps change the config file atomically, under its lock (edit-file.ts).
 */
import { readSharedFiles } from '../../core/config/profile.js';
import { editConfigFile } from '../../core/config/edit-file.js';
import { mergedProfiles } from '../../core/config/profile.js';
import { profileSection, updateIniText } from '../../core/config/writer.js';
import type { Client } from '../../core/client.js';
import { AbortedError, IsoawsError } from '../../core/errors.js';
import { localPath } from '../../core/local-paths.js';
import { mergePages } from '../../core/pagination.js';
import type { CommandEnv, CommandModule } from '../../cli/command.js';
import { invalidChoice } from '../../cli/argparse.js';
import type { CommandPage } from '../../cli/help.js';
import { ArgumentError, unknownOptions, UsageError } from '../../cli/usage.js';
import { WIZARDS } from '../names.js';
import { nestedClient } from '../nested-client.js';
import { loadDefinition } from './definition.js';
import { runWizard, type WizardIO } from './runner.js';
import type { WizardServices } from './steps.js';

/** `command wizard …`: the registry's record under each service that has wizards. */
export function wizardCommand(command: string): CommandModule {
  return {
    run: (env, args) => runWizardCommand(env, command, args),
    page: async (sub) => wizardPage(command, sub),
  };
}

/** `command wizard` with the words after `wizard`. */
export async function runWizardCommand(env: CommandEnv, command: string, args: readonly string[]): Promise<number> {
  const names = WIZARDS[command] ?? [];
  // As argparse reads it: the first word that is not an option names the wizard, whatever comes before.
  const at = names.length ? args.findIndex((word) => !word.startsWith('-')) : -1;
  const name = at < 0 ? '_main' : args[at]!;
  if (at >= 0 && !names.includes(name)) throw new UsageError(invalidChoice('subcommand', name, names));
  const rest = args.filter((_, i) => i !== at);
  if (rest.length) throw unknownOptions(rest);
  const definition = loadDefinition(command, name);
  if (!definition)
    throw new ArgumentError(
      `usage: aws [options] ${command} wizard <subcommand> [parameters]\naws: error: too few arguments`,
    );
  await runWizard(definition, wizardIO(env), wizardServices(env));
  return 0;
}

/** The Host's line prompt, given up on Ctrl-C (exit 130) while a question waits for its answer. */
function wizardIO(env: CommandEnv): WizardIO {
  const { host, signal } = env.ctx;
  const prompt = host.prompt;
  return {
    async ask(question) {
      if (!prompt) throw new IsoawsError('The wizard needs a terminal to ask its questions on');
      if (signal?.aborted) throw new AbortedError();
      if (!signal) return prompt.ask(question);
      let stop: () => void = () => undefined;
      const interrupted = new Promise<never>((_, reject) => {
        stop = () => reject(new AbortedError());
        signal.addEventListener('abort', stop, { once: true });
      });
      try {
        return await Promise.race([prompt.ask(question), interrupted]);
      } finally {
        signal.removeEventListener('abort', stop);
      }
    },
    say: (text) => host.stdout.write(text),
    warn: (text) => host.stderr.write(text),
  };
}

/** The wizard's reach: services through the engine, the shared files, local files. */
function wizardServices(env: CommandEnv): WizardServices {
  const { host, signal } = env.ctx;
  const clients = new Map<string, Promise<Client>>();
  const clientFor = async (service: string) => {
    const entry = (await host.models.index()).find((e) => e.name === service);
    if (!entry) throw new IsoawsError(`Unknown service in wizard definition: ${service}`);
    let client = clients.get(entry.envId);
    if (!client) clients.set(entry.envId, (client = nestedClient(env, entry.envId)));
    return client;
  };
  return {
    async call(service, operation, params, paginate) {
      const client = await clientFor(service);
      if (!paginate) {
        const { $metadata: _metadata, ...result } = await client.send(service, operation, params, { signal });
        return result;
      }
      const pages: Array<Record<string, unknown>> = [];
      for await (const page of client.paginate(service, operation, params, { signal })) pages.push(page);
      const config = (await client.service(service)).bundle.paginators![operation]!;
      return mergePages(pages, config);
    },
    async profiles() {
      const { files } = await env.profile();
      return Object.keys(mergedProfiles(files.config, files.credentials));
    },
    async writeConfig(profile, values) {
      const { configPath } = await readSharedFiles(host);
      await editConfigFile(host, configPath, (text) =>
        updateIniText(text, profileSection(profile ?? 'default'), values),
      );
    },
    readFile: (path) => host.fs.readFile(localPath(host, path)),
  };
}

/** `<command> wizard help` (its wizards listed) and `<command> wizard <name> help` (what the wizard makes). */
function wizardPage(command: string, sub: string | undefined): CommandPage | undefined {
  if (sub === undefined)
    return {
      name: 'wizard',
      description: 'Interactive command for creating and configuring AWS resources.',
      synopsis: ['wizard <subcommand>'],
      options: [],
      commands: [...(WIZARDS[command] ?? [])],
    };
  const definition = WIZARDS[command]?.includes(sub) ? loadDefinition(command, sub) : undefined;
  return definition && { name: sub, description: definition.description ?? '', synopsis: [sub], options: [] };
}
