#!/usr/bin/env node
// Tiny launcher for the bundled CLI (vite.node.config.ts): one file loads faster than the module tree.
// `isoaws repl` is the shell, a front end of its own.
const [first, ...rest] = process.argv.slice(2);
if (first === 'repl') {
  const { startRepl } = await import('../dist-node/repl.js');
  process.exitCode = await startRepl(rest);
} else {
  const { main } = await import('../dist-node/cli.js');
  await main(process.argv.slice(2));
}
