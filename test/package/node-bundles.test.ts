/**
 * The shape of the Node bundles (built by the suite's global setup, vite.node.config.ts) where it decides
 * how fast a process starts: no built-in module imported through an ESM facade, and a library call's
 * protocol in one file that loads nothing more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';

const DIST = join(REPO_ROOT, 'dist-node');
const read = (path: string) => readFileSync(join(DIST, path), 'utf8');
const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));

/** The files a module imports statically (`import … from "x"`, `import "x"`, `export … from "x"`). */
const staticImports = (code: string) =>
  [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{][^"'`;]*?from\s*)?["'`]([^"'`]+)["'`]/g)].map(
    (m) => m[1]!,
  );

describe('the Node bundles', () => {
  it('take built-in modules from process.getBuiltinModule, never through an ESM import', () => {
    expect(files.length).toBeGreaterThan(50);
    const importing = files.filter((f) => staticImports(read(f)).some((spec) => spec.startsWith('node:')));
    expect(importing).toEqual([]);
    expect(read('index.js')).toContain('process.getBuiltinModule(`node:net`)');
  });

  it("load a library call's protocol from one file, which loads nothing the entry has not", () => {
    const entry = read('index.js');
    const protocolChunks = new Set(
      ['query', 'json', 'rest-json', 'rest-xml', 'ec2'].map((name) => {
        const load = new RegExp(`case\`${name}\`:return\\(await import\\(\`\\./(lib/[^\`]+)\``).exec(entry);
        expect(load, `the ${name} protocol's import`).not.toBeNull();
        return load![1]!;
      }),
    );
    expect(protocolChunks.size).toBe(1);
    const [chunk] = protocolChunks;
    const entryImports = staticImports(entry).map((spec) => spec.replace(/^\.\/lib\//, './'));
    const chunkImports = staticImports(read(chunk!));
    expect(chunkImports.filter((spec) => spec !== '../index.js' && !entryImports.includes(spec))).toEqual([]);
  });
});
