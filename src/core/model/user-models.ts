/**
 * The models `configure add-model` puts in `~/.aws/models`, over a host's own (user-model-layer.ts has
 * the rules). The layering code loads only once that directory exists, so a start-up or a page that never
 * added a model does not carry it; the directory is looked for on each index or load, so a model added is
 * used by the next command.
 */
import type { HostFs, ModelSource } from '../host.js';

/** Where `configure add-model` writes and the layer reads (botocore's CUSTOMER_DATA_PATH). */
export function userModelsDir(homeDir: string): string {
  return `${homeDir}/.aws/models`;
}

export function withUserModels(base: ModelSource, fs: HostFs, dir: string): ModelSource {
  let layered: ModelSource | undefined;
  const current = async (): Promise<ModelSource> => {
    if (layered) return layered;
    if (!(await fs.stat(dir).catch(() => undefined))?.isDirectory) return base;
    return (layered = (await import('./user-model-layer.js')).layerUserModels(base, fs, dir));
  };
  return {
    index: async () => (await current()).index(),
    load: async (service, operations) => (await current()).load(service, operations),
    partitions: () => base.partitions(),
    async docs(service) {
      const source = await current();
      if (!source.docs) throw new Error(`No documentation for ${service}`);
      return source.docs(service);
    },
    // The examples come with the CLI, whichever model a service is read from.
    examples: async (cliService) => (await base.examples?.(cliService)) ?? {},
  };
}
