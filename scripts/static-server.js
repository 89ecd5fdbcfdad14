// A static server on 127.0.0.1 (a free port) for pages in Chromium, the tests' and the benchmarks': it
// answers single byte ranges as static servers do (the browser reads the packed models so), or, with
// `ranges: false`, sends whole files as a server without Range support does; `sent` lists each answer's
// path and body size, what a page transferred.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

export async function serveDirectory(root, { ranges = true } = {}) {
  const sent = [];
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const type = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    const size = statSync(file).size;
    const range = ranges ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null;
    if (range && +range[1] < size) {
      const start = +range[1];
      const end = Math.min(range[2] ? +range[2] : size - 1, size - 1);
      res.writeHead(206, { ...type, 'content-range': `bytes ${start}-${end}/${size}` });
      sent.push({ path, bytes: end - start + 1 });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, type);
    sent.push({ path, bytes: size });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
