#!/usr/bin/env node
// Tiny launcher for the bundled CLI (vite.node.config.ts): one file loads faster than the module tree.
import { main } from '../dist-node/cli.js';

await main(process.argv.slice(2));
