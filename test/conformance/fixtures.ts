/** Locates the vendored conformance data (test/fixtures; see its README) wherever the test runs from. */
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const FIXTURES = resolve(REPO_ROOT, 'test/fixtures');

/** Directories holding a `.req` file (the SigV4 suite's layout), depth first, sorted. */
export function caseDirs(dir: string): string[] {
  const entries = readdirSync(dir).sort();
  const own = entries.some((e) => e.endsWith('.req')) ? [dir] : [];
  return own.concat(entries.filter((e) => statSync(join(dir, e)).isDirectory()).flatMap((e) => caseDirs(join(dir, e))));
}
