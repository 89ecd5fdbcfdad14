/**
 * Vitest global setup: builds the Node bundles (`bin/isoaws.js` loads dist-node/cli.js, the package's
 * Node entry is dist-node/index.js; vite.node.config.ts), so the suites that run the real program or the
 * packed package test the source as it is, never a stale build.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  for (const mode of ['production', 'library']) {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '-c',
        'vite.node.config.ts',
        '--mode',
        mode,
        '--logLevel',
        'warn',
      ],
      { cwd: root, stdio: 'inherit' },
    );
  }
}
