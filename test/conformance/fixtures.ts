/** Locates the vendored conformance data (test/fixtures; see its README) wherever the test runs from. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const FIXTURES = resolve(REPO_ROOT, 'test/fixtures');
