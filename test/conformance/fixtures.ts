/** Locates `../shared/fixtures` relative to the repository root, wherever the test runs from. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const FIXTURES = resolve(REPO_ROOT, '../shared/fixtures');
