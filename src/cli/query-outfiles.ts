/**
 * Arguments that save part of a command's result to a file (the AWS CLI's QueryOutFileArgument, iot.py):
 * `iot create-keys-and-certificate --private-key-outfile key.pem` writes the new private key to a file
 * readable by its owner only, since the output is where it would otherwise end up. Each file gets its
 * JMESPath result (empty when there is none) once the call has succeeded; the output is printed as usual.
 */
import type { Host } from '../core/host.js';
import { resolveLocal } from '../core/local-paths.js';
import { search } from '../core/query/index.js';

/** The file arguments, by `service.operation`: each with the expression whose result it saves. */
export const QUERY_OUTFILES: Readonly<Record<string, ReadonlyArray<{ name: string; query: string }>>> = {
  'iot.create-keys-and-certificate': [
    { name: 'certificate-pem-outfile', query: 'certificatePem' },
    { name: 'public-key-outfile', query: 'keyPair.PublicKey' },
    { name: 'private-key-outfile', query: 'keyPair.PrivateKey' },
  ],
  'iot.create-certificate-from-csr': [{ name: 'certificate-pem-outfile', query: 'certificatePem' }],
};

/** A file to write and what goes in it. */
export interface QueryOutfile {
  path: string;
  query: string;
}

/** Each file's part of `output`, written with mode 0600 (`~` expanded, relative to the working directory). */
export async function saveQueryOutfiles(host: Host, files: readonly QueryOutfile[], output: unknown): Promise<void> {
  for (const { path, query } of files) {
    const value = search(query, output);
    const expanded = path === '~' || path.startsWith('~/') ? `${host.homeDir}${path.slice(1)}` : path;
    const text = value === null || value === undefined ? '' : String(value);
    await host.fs.writeFile(resolveLocal(host.cwd ?? '/', expanded), text, { mode: 0o600 });
  }
}
