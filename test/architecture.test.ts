/**
 * The dependency rule of DESIGN.md, checked mechanically: src/core is pure (imports only itself and
 * runtime-neutral npm packages; no Node built-ins, `process`, `Buffer`, `window`, `document`), cli and
 * commands import core but no adapter, and the two adapters never import each other.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './conformance/fixtures.js';

const SRC = join(REPO_ROOT, 'src');

/** npm packages allowed in the core: each runs unchanged in Node and the browser. */
const CORE_PACKAGES = ['@smithy/core', '@aws-sdk/util-endpoints', 'hash-wasm', 'yaml', 'mime'];

interface Source {
  file: string;
  text: string;
  imports: string[];
}

function sources(dir: string): Source[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) return [];
    const text = readFileSync(file, 'utf8');
    const imports = [
      ...text.matchAll(
        /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      ),
    ].map((m) => m[1] ?? m[2]!);
    return [{ file, text, imports }];
  });
}

const area = (file: string) =>
  relative(SRC, file)
    .split('/')
    .slice(0, file.includes('/adapters/') ? 2 : 1)
    .join('/');
const target = (from: string, spec: string) =>
  spec.startsWith('.') ? area(resolve(dirname(from), spec)) : `npm:${spec}`;
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** The Node or DOM globals a source uses, looked for in code, not in string literals (an import path like './process.js'). */
function runtimeGlobals(s: Source): string[] {
  const code = stripComments(s.text).replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, "''");
  return ['process', 'Buffer', 'window', 'document', 'require', '__dirname'].filter((global) =>
    new RegExp(`\\b${global}\\s*[.([]`).test(code),
  );
}

describe('dependency rule', () => {
  const all = sources(SRC);

  it('finds the source tree', () => {
    expect(all.filter((s) => area(s.file) === 'core').length).toBeGreaterThan(10);
  });

  it('keeps src/core pure', () => {
    const problems: string[] = [];
    for (const s of all.filter((x) => area(x.file) === 'core')) {
      const rel = relative(SRC, s.file);
      for (const spec of s.imports) {
        const t = target(s.file, spec);
        if (t === 'core') continue;
        if (t.startsWith('npm:') && CORE_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) continue;
        problems.push(`${rel} imports ${spec}`);
      }
      problems.push(...runtimeGlobals(s).map((g) => `${rel} uses ${g}`));
    }
    expect(problems).toEqual([]);
  });

  it('lets cli and commands use core but no adapter', () => {
    const problems = all
      .filter((s) => ['cli', 'commands'].includes(area(s.file)))
      .flatMap((s) =>
        s.imports
          .filter((spec) => target(s.file, spec).startsWith('adapters'))
          .map((spec) => `${relative(SRC, s.file)} imports ${spec}`),
      );
    expect(problems).toEqual([]);
  });

  it('lets cli and commands meet only in the registry: cli never imports commands', () => {
    const problems = all
      .filter((s) => area(s.file) === 'cli')
      .flatMap((s) =>
        s.imports
          .filter((spec) => target(s.file, spec) === 'commands')
          .map((spec) => `${relative(SRC, s.file)} imports ${spec}`),
      );
    expect(problems).toEqual([]);
  });

  it('keeps the shell core runtime-neutral: no Node built-in, no adapter', () => {
    const problems = all
      .filter((s) => area(s.file) === 'shell')
      .flatMap((s) =>
        s.imports
          .filter((spec) => spec.startsWith('node:') || target(s.file, spec).startsWith('adapters'))
          .map((spec) => `${relative(SRC, s.file)} imports ${spec}`),
      );
    expect(all.filter((s) => area(s.file) === 'shell').length).toBeGreaterThan(4);
    expect(problems).toEqual([]);
  });

  it('keeps the sandbox on core alone: no Node built-in, process or Buffer, nothing but core and itself', () => {
    const problems: string[] = [];
    const sandbox = all.filter((x) => area(x.file) === 'sandbox');
    for (const s of sandbox) {
      const rel = relative(SRC, s.file);
      for (const spec of s.imports) {
        const t = target(s.file, spec);
        if (t === 'sandbox' || t === 'core' || (t.startsWith('npm:') && CORE_PACKAGES.some((p) => spec === p)))
          continue;
        problems.push(`${rel} imports ${spec}`);
      }
      problems.push(...runtimeGlobals(s).map((g) => `${rel} uses ${g}`));
    }
    expect(sandbox.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('keeps the adapters apart', () => {
    const problems: string[] = [];
    for (const s of all.filter((x) => area(x.file).startsWith('adapters/'))) {
      const own = area(s.file);
      for (const spec of s.imports) {
        const t = target(s.file, spec);
        // The web adapter imports the generated model files as lazy chunks.
        if (
          t === own ||
          t === 'core' ||
          t.startsWith('npm:') ||
          (own === 'adapters/web' && resolve(dirname(s.file), spec).startsWith(join(REPO_ROOT, 'models')))
        )
          continue;
        problems.push(`${relative(SRC, s.file)} imports ${spec}`);
      }
      if (own === 'adapters/web' && s.imports.some((spec) => spec.startsWith('node:')))
        problems.push(`${relative(SRC, s.file)} imports a Node built-in`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the front ends outside src: nothing there imports repl/ or web/', () => {
    const problems = all.flatMap((s) =>
      s.imports
        .filter(
          (spec) => spec.startsWith('.') && /^(repl|web)\//.test(relative(REPO_ROOT, resolve(dirname(s.file), spec))),
        )
        .map((spec) => `${relative(SRC, s.file)} imports ${spec}`),
    );
    expect(problems).toEqual([]);
  });

  it('names what the package entries export (export * only of the shared list, which names each)', () => {
    const entries = all.filter((s) => /\/src\/(index(\.web)?|package-surface)\.ts$/.test(s.file));
    expect(entries).toHaveLength(3);
    const starred = entries.flatMap((s) =>
      [...s.text.matchAll(/^\s*export \*.*$/gm)].map((m) => `${relative(SRC, s.file)}: ${m[0].trim()}`),
    );
    expect(starred).toEqual([
      "index.ts: export * from './package-surface.js';",
      "index.web.ts: export * from './package-surface.js';",
    ]);
  });

  it('makes a client without loading what only some calls need (sandbox, transfers, document mode, rare quirks)', () => {
    const bySource = new Map(all.map((s) => [s.file, s]));
    // Value imports only: `import type` is erased, and `import()` loads when it runs.
    const staticImports = (s: Source) =>
      [
        ...stripComments(s.text).matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"](\.[^'"]+)['"]/g),
      ].map((m) => resolve(dirname(s.file), m[1]!).replace(/\.js$/, '.ts'));
    const closure = new Set<string>();
    const visit = (file: string) => {
      const s = bySource.get(file);
      if (!s || closure.has(file)) return;
      closure.add(file);
      staticImports(s).forEach(visit);
    };
    // createClient's code (entry.ts) over either runtime's network host.
    ['entry.ts', 'adapters/node/host.ts', 'adapters/web/host.ts'].forEach((f) => visit(join(SRC, f)));
    expect(closure.has(join(SRC, 'core/invoke.ts'))).toBe(true);
    const later = [
      'sandbox/store.ts',
      'sandbox/host.ts',
      'sandbox/sandbox.ts',
      'sandbox/idb-store.ts',
      'core/transfer/helpers.ts',
      'core/transfer/objects.ts',
      'core/dynamodb-document.ts',
      'core/cross-region-presign.ts',
    ];
    expect(later.filter((f) => closure.has(join(SRC, f)))).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    const graph = new Map(
      all.map((s) => [
        s.file,
        s.imports
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => resolve(dirname(s.file), spec).replace(/\.js$/, '.ts')),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
