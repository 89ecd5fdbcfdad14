/**
 * The Node bundles, every dependency inlined, because start-up is dominated by resolving and evaluating
 * many small modules (each npm dependency of the signer and the endpoint evaluator costs 20–40 ms as
 * separate files, and even our own chunks cost about half a millisecond each to open and link).
 *
 * Two builds into dist-node/ (`vite build -c vite.node.config.ts`, then `--mode library`):
 * - the CLI: `cli.js` for a command and `repl.js` for the shell (`bin/isoaws.js` picks one; the shell is a
 *   front end of its own: nothing under src/ imports repl/), sharing their chunks under assets/;
 * - the library: `index.js` (package.json `exports`, types from tsc's dist/) with everything it loads
 *   before its first call in that one file, the wire protocols (a first call needs one) in one chunk, and
 *   its other lazy code (commands, the sandbox, transfers) in lib/. Built on its own so that no chunk it
 *   shares with the CLI splits its start-up into many files.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

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

const node = (outputs: NonNullable<UserConfig['build']>): UserConfig => ({
  plugins: [builtinsWithoutFacades()],
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
      // Modules imported dynamically somewhere and statically elsewhere, on purpose, so that the warning
      // that a dynamic import cannot split them off says nothing:
      // - the engine (core/client.ts): the CLI imports it dynamically where a run may not need it
      //   (cli/main.ts, core/session.ts), the commands and the library entry statically; it loads with the
      //   first command or client either way, and cli.js's static imports do not reach it;
      // - the portable SHA-256 (core/signing/sha256.ts): the signer imports it dynamically for a page whose
      //   host has none, Node's host statically (it hashes short messages with it).
      onLog(level, log, handler) {
        const intended = ['src/core/client.ts', 'src/core/signing/sha256.ts'];
        if (
          log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' &&
          intended.some((path) => log.message.includes(`${path} is dynamically imported`))
        )
          return;
        handler(level, log);
      },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  resolve: {
    // yaml's ESM build (its browser entry, the same code) rather than its CommonJS one: a CommonJS module
    // makes the bundler's shared runtime call createRequire(import.meta.url) when the library loads.
    alias: { yaml: fileURLToPath(new URL('node_modules/yaml/browser/index.js', import.meta.url)) },
  },
});

export default defineConfig(({ mode }) =>
  mode === 'library'
    ? node({
        emptyOutDir: false,
        rollupOptions: {
          input: { index: 'src/index.ts' },
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            chunkFileNames: 'lib/[name]-[hash].js',
            codeSplitting: {
              groups: [
                // Whatever the entry imports statically goes into the entry's own file.
                { name: 'index', tags: ['$initial'] },
                // The protocols (but the rare event streams and CBOR) and what they share, in one file:
                // each file costs Node's ESM loader about a millisecond, and a first call loaded three or
                // four (a protocol, its reader, key order, rest).
                {
                  name: 'protocols',
                  test: /src\/core\/(protocols\/(json|json-value|query|ec2|rest|rest-json|rest-xml|xml)|key-order)\.ts$/,
                },
              ],
            },
          },
        },
      })
    : node({
        emptyOutDir: true,
        rollupOptions: {
          input: { cli: 'src/cli-node.ts', repl: 'repl/main.ts' },
          output: { format: 'es', entryFileNames: '[name].js' },
        },
      }),
);
