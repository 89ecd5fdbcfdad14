/**
 * `iam create-virtual-mfa-device --outfile F --bootstrap-method QRCodePNG|Base32StringSeed` (the AWS
 * CLI's iamvirtmfa.py): the device's bootstrap data, the QR code or the seed a phone app is set up
 * with, goes to a file readable by its owner only, and both are left out of the output, where a secret
 * does not belong. The file gets the blob's bytes: the PNG image, or the seed's text.
 */
import type { Host } from '../core/host.js';
import { resolveLocal } from '../core/local-paths.js';

export const BOOTSTRAP_METHODS = ['QRCodePNG', 'Base32StringSeed'] as const;

export interface MfaBootstrap {
  outfile: string;
  method: string;
}

/** The output with its bootstrap data written to the file and taken out. */
export async function saveMfaBootstrap(
  host: Host,
  { outfile, method }: MfaBootstrap,
  output: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const device = output.VirtualMFADevice as Record<string, unknown> | undefined;
  if (!device || !(method in device)) return output;
  const bytes = device[method] as Uint8Array;
  const path = outfile === '~' || outfile.startsWith('~/') ? `${host.homeDir}${outfile.slice(1)}` : outfile;
  await host.fs.writeFile(resolveLocal(host.cwd ?? '/', path), bytes, { mode: 0o600 });
  const kept = Object.fromEntries(
    Object.entries(device).filter(([k]) => !(BOOTSTRAP_METHODS as readonly string[]).includes(k)),
  );
  return { ...output, VirtualMFADevice: kept };
}
