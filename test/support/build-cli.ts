/**
 * Vitest global setup: builds the Node CLI bundle (`bin/isoaws.js` loads dist-node/), so the suites
 * that run the real program in a child process test the source as it is, never a stale build.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.node.config.ts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
}
