// Chunk groups for the bundler (Rolldown, directly or through Vite) that each hold what loading some
// modules loads: for each name, the modules matching its pattern and everything they import statically,
// found once the module graph is built and before chunking. Both builds use it: the Node bundles
// (vite.node.config.ts) and the prebundled browser module (scripts/bundle-browser.js). Left to itself
// the bundler cuts the code a run loads into as many chunks as there are sets of dynamic imports sharing
// it, and each chunk is a file to fetch (a page) or to open and link (Node).

/**
 * The bundler's `onLog` for a grouped build: a dynamic import whose module also loads statically, or that a
 * group places by hand, does not split that module off, and the warning saying so is what the groups intend.
 * (The engine, for one, is imported dynamically where a CLI run may not need it and statically by the commands.)
 */
export function onGroupedLog(level, log, handler) {
  if (log.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') handler(level, log);
}

/** `roots`: group name → pattern of the modules the group starts from. */
export function staticClosures(roots) {
  const members = new Map();
  const plugin = {
    name: 'static-closures',
    buildEnd() {
      for (const [name, pattern] of Object.entries(roots)) {
        const seen = new Set();
        const pending = [...this.getModuleIds()].filter((id) => pattern.test(id));
        for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
          if (seen.has(id)) continue;
          seen.add(id);
          pending.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        members.set(name, seen);
      }
    },
  };
  const group = (name) => ({ name, test: (id) => members.get(name)?.has(id) ?? false });
  return { plugin, group };
}

/**
 * The wire protocols but the rare event streams and CBOR (`dir`: src or dist): a call loads one, with its
 * reader.
 */
export const protocolModules = (dir) =>
  new RegExp(`/${dir}/core/protocols/(json|query|ec2|rest-json|rest-xml)\\.[jt]s$`);

/** Paging and waiting, with the JMESPath they evaluate: loaded together on first use. */
export const followingModules = (dir) => new RegExp(`/${dir}/core/(pagination|waiters)\\.[jt]s$`);
