#!/usr/bin/env node
// Tiny launcher: everything heavy is imported lazily by the built entry.
import { main } from '../dist/src/cli-node.js';

await main(process.argv.slice(2));
