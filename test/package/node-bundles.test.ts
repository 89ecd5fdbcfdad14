/**
 * The shape of the Node bundles (built by the suite's global setup, vite.node.config.ts) where it decides
 * how fast a process starts: no built-in module imported through an ESM facade.
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
});
