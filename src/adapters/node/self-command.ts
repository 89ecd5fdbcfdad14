/**
 * Host.selfCommand for Node: this Node executable and the package's `bin/isoaws.js`, found above this
 * module (in `src/` under test, in `dist-node/` built) — not `process.argv[1]`, which is a program
 * of its own when the CLI is embedded as a library.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function selfCommand(): string[] | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ;) {
    const bin = join(dir, 'bin', 'isoaws.js');
    if (existsSync(bin) && existsSync(join(dir, 'package.json'))) return [process.execPath, bin];
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
