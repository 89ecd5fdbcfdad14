/**
 * `iam create-virtual-mfa-device --outfile F --bootstrap-method QRCodePNG|Base32StringSeed` (the AWS
 * CLI's iamvirtmfa.py): the device's bootstrap data, the QR code or the seed a phone app is set up
 * with, goes to a file readable by its owner only, and both are left out of the output, where a secret
 * does not belong. The file gets the blob's bytes: the PNG image, or the seed's text.
 */
import type { Host } from '../core/host.js';
import { localPath } from '../core/local-paths.js';
import { customArg, type CommandCustomization } from './command-args.js';

const BOOTSTRAP_METHODS = ['QRCodePNG', 'Base32StringSeed'] as const;

export const virtualMfaBootstrap: CommandCustomization = {
  arguments(args) {
    // Both are required, as in the CLI.
    const arg = (a: Parameters<typeof customArg>[1]) => args.push(customArg(virtualMfaBootstrap, a));
    arg({ name: 'outfile', nargs: 'one', required: true, path: true });
    arg({ name: 'bootstrap-method', nargs: 'one', required: true, choices: BOOTSTRAP_METHODS, doc: METHOD_DOC });
  },
  async output(values, { ctx: { host } }) {
    const outfile = values.get('outfile') as string;
    const method = values.get('bootstrap-method') as string;
    return async (output) => saveMfaBootstrap(host, outfile, method, output);
  },
};

const METHOD_DOC =
  'Which bootstrap data goes to --outfile: QRCodePNG (a QR code image) or Base32StringSeed (the seed).';

/** The output with its bootstrap data written to the file and taken out. */
async function saveMfaBootstrap(
  host: Host,
  outfile: string,
  method: string,
  output: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const device = output.VirtualMFADevice as Record<string, unknown> | undefined;
  // A skeleton's sample has no bytes to write.
  if (!device || !(device[method] instanceof Uint8Array)) return output;
  const bytes = device[method];
  await host.fs.writeFile(localPath(host, outfile), bytes, { mode: 0o600 });
  const kept = Object.fromEntries(
    Object.entries(device).filter(([k]) => !(BOOTSTRAP_METHODS as readonly string[]).includes(k)),
  );
  return { ...output, VirtualMFADevice: kept };
}
