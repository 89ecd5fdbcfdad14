/**
 * Arguments that save part of a command's result to a file (the AWS CLI's QueryOutFileArgument, iot.py):
 * `iot create-keys-and-certificate --private-key-outfile key.pem` writes the new private key to a file
 * readable by its owner only, since the output is where it would otherwise end up. Each file gets its
 * JMESPath result (empty when there is none) once the call has succeeded; the output is printed as usual.
 */
import { localPath } from '../core/local-paths.js';
import { search } from '../core/query/index.js';
import { customArg, type CommandCustomization } from './command-args.js';

const DOCS: Readonly<Record<string, string>> = {
  certificatePem: 'A file to write the new certificate (certificatePem) into, readable by you alone.',
  'keyPair.PublicKey': 'A file to write the new public key (keyPair.PublicKey) into, readable by you alone.',
  'keyPair.PrivateKey': 'A file to write the new private key (keyPair.PrivateKey) into, readable by you alone.',
};

/** The file arguments of one command, each with the expression whose result it saves. */
export function queryOutfiles(files: ReadonlyArray<{ name: string; query: string }>): CommandCustomization {
  const custom: CommandCustomization = {
    arguments(args) {
      for (const { name, query } of files)
        args.push(customArg(custom, { name, nargs: 'one', path: true, doc: DOCS[query] }));
    },
    // Each file's part of the output, written with mode 0600 (`~` expanded, relative to the working directory).
    async output(values, { ctx: { host } }) {
      const given = files.filter(({ name }) => values.get(name) !== undefined);
      if (!given.length) return undefined;
      return async (output) => {
        for (const { name, query } of given) {
          const path = values.get(name) as string;
          const value = search(query, output);
          const text = value === null || value === undefined ? '' : String(value);
          await host.fs.writeFile(localPath(host, path), text, { mode: 0o600 });
        }
        return output;
      };
    },
  };
  return custom;
}
