// Browser bundle: the gzip size of what a page loads to make an s3 call — the entry chunk and its static
// imports, the rest-xml protocol chunk and the s3 model chunk (documentation is never bundled).
// Target (engine issue): ≤ 150 kB gzip. Builds web/ with Vite (manifest on) first.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function bundleSize() {
  execFileSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  const manifest = JSON.parse(readFileSync(`${root}web-dist/.vite/manifest.json`, 'utf8'));
  const entries = Object.entries(manifest);
  const entryKey = entries.find(([, c]) => c.isEntry)[0];
  const wanted = new Set();
  const add = (key) => {
    if (wanted.has(key) || !manifest[key]) return;
    wanted.add(key);
    for (const dep of manifest[key].imports ?? []) add(dep);
  };
  add(entryKey);
  for (const [key] of entries) {
    if (/protocols\/rest-xml\.ts$/.test(key) || /models\/s3\.json/.test(key) || /models\/partitions\.json/.test(key))
      add(key);
  }
  let gzip = 0;
  const files = [];
  for (const key of wanted) {
    const file = manifest[key].file;
    const size = gzipSync(readFileSync(`${root}web-dist/${file}`), { level: 9 }).length;
    gzip += size;
    files.push({ file, gzipKB: +(size / 1024).toFixed(1) });
  }
  return { totalGzipKB: +(gzip / 1024).toFixed(1), files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(bundleSize(), null, 2));
}
