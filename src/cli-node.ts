/**
 * The terminal entry (bin/isoaws.js imports the built copy): the Node host plus the CLI driver.
 * Exits with the driver's code once stdout has drained.
 */
import { createNodeHost } from './adapters/node/host.js';
import { runCli } from './cli/main.js';

export async function main(argv: readonly string[]): Promise<void> {
  const code = await runCli(argv, createNodeHost());
  process.exitCode = code;
}
