/**
 * The Node bundles, every dependency inlined, because start-up is dominated by resolving and evaluating
 * many small modules (each npm dependency of the signer and the endpoint evaluator costs 20–40 ms as
 * separate files, and even our own chunks cost about half a millisecond each to open and link).
 *
 * Two builds into dist-node/ (`vite build -c vite.node.config.ts`, then `--mode library`):
 * - the CLI: `cli.js` for a command and `repl.js` for the shell (`bin/isoaws.js` picks one; the shell is a
 *   front end of its own: nothing under src/ imports repl/), sharing their chunks under assets/;
 * - the library: `index.js` (package.json `exports`, types from tsc's dist/) with everything it loads
 *   before its first call in that one file, and its lazy code (commands, the sandbox, transfers) in lib/.
 *   Built on its own so that no chunk it shares with the CLI splits its start-up into many files.
 *
 * Left to itself the bundler cuts the code a run loads into as many chunks as there are sets of dynamic
 * imports sharing it: a CLI command loaded 72 files, 383 kB in all. Each file costs Node's ESM loader
 * about a millisecond however small, so what a run loads is grouped by hand (`groups` below): a command
 * now loads five files, the same bytes, and `sts get-caller-identity` ran 36 ms sooner (208 to 172).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { followingModules, onGroupedLog, protocolModules, staticClosures } from './scripts/static-closures.js';

/**
 * `import { x } from 'node:y'` becomes `const { x } = process.getBuiltinModule('node:y')`. An ESM import
 * of a built-in module builds a facade that reads every export, and so runs the module's lazy getters:
 * node:net's loads its BlockList and SocketAddress, node:fs's its streams. The library's seven facades
 * cost its import about 2 ms; the modules themselves are the same objects either way.
 */
function builtinsWithoutFacades(): Plugin {
  return {
    name: 'builtins-without-facades',
    enforce: 'post',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/["']node:/.test(code)) return null;
      let out = '';
      let at = 0;
      for (const node of this.parse(code).body) {
        if (node.type !== 'ImportDeclaration' || !String(node.source.value).startsWith('node:')) continue;
        const module = `process.getBuiltinModule(${JSON.stringify(node.source.value)})`;
        const named = node.specifiers.flatMap((s) =>
          s.type === 'ImportSpecifier'
            ? [
                `${s.imported.type === 'Identifier' ? s.imported.name : JSON.stringify(s.imported.value)}: ${s.local.name}`,
              ]
            : [],
        );
        const whole = node.specifiers.filter((s) => s.type !== 'ImportSpecifier').map((s) => s.local.name);
        const declarations = [
          ...whole.map((name) => `const ${name} = ${module};`),
          ...(named.length ? [`const { ${named.join(', ')} } = ${module};`] : []),
        ];
        out += code.slice(at, node.start) + (declarations.join(' ') || `${module};`);
        at = node.end;
      }
      return at ? { code: out + code.slice(at), map: null } : null;
    },
  };
}

/** The credential chain (environment, profiles, SSO, processes, containers, instances). */
const CREDENTIALS = /\/src\/core\/credentials\/chain\.ts$/;

const node = (outputs: NonNullable<UserConfig['build']>, plugins: Plugin[] = []): UserConfig => ({
  plugins: [builtinsWithoutFacades(), ...plugins],
  build: {
    ssr: true,
    outDir: 'dist-node',
    target: 'node20',
    ...outputs,
    rollupOptions: {
      ...outputs.rollupOptions,
      output: {
        ...outputs.rollupOptions?.output,
        // Minified, because V8 parses every byte of a module it loads: about a tenth of the library's
        // import. Function and class names are kept, for stack traces and for the code that reads them.
        minify: { compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true } },
      },
      onLog: onGroupedLog,
    },
  },
  ssr: { noExternal: true, target: 'node' },
  resolve: {
    // yaml's ESM build (its browser entry, the same code) rather than its CommonJS one: a CommonJS module
    // makes the bundler's shared runtime call createRequire(import.meta.url) when the library loads.
    alias: { yaml: fileURLToPath(new URL('node_modules/yaml/browser/index.js', import.meta.url)) },
  },
});

export default defineConfig(({ mode }) => {
  if (mode === 'library') {
    // Beside the entry: the protocols (every call needs one), the credential chain (every call without
    // credentials given in code), paging and waiting with the JMESPath they evaluate.
    const chunks = staticClosures({
      protocols: protocolModules('src'),
      credentials: CREDENTIALS,
      following: followingModules('src'),
    });
    return node(
      {
        emptyOutDir: false,
        rollupOptions: {
          input: { index: 'src/index.ts' },
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            chunkFileNames: 'lib/[name]-[hash].js',
            codeSplitting: {
              // Whatever the entry imports statically goes into the entry's own file.
              groups: [
                { name: 'index', tags: ['$initial'] },
                chunks.group('protocols'),
                chunks.group('credentials'),
                chunks.group('following'),
              ],
            },
          },
        },
      },
      [chunks.plugin],
    );
  }
  // After the start (what the two entries import statically, shared): what any API command loads (the
  // operation runner, the engine, the CLI's validation wording, the credential chain), the protocols,
  // and the s3 commands (ls, cp, sync and the rest, with the transfer engine).
  const chunks = staticClosures({
    run: /\/src\/(cli\/operation|core\/client|core\/validate-botocore|core\/credentials\/chain)\.ts$/,
    protocols: protocolModules('src'),
    s3: /\/src\/commands\/s3\/[a-z-]+\.ts$/,
  });
  return node(
    {
      emptyOutDir: true,
      rollupOptions: {
        input: { cli: 'src/cli-node.ts', repl: 'repl/main.ts' },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          codeSplitting: {
            groups: [
              { name: 'start', tags: ['$initial'] },
              chunks.group('run'),
              chunks.group('protocols'),
              chunks.group('s3'),
            ],
          },
        },
      },
    },
    [chunks.plugin],
  );
});
