/**
 * `ec2 get-password-data --priv-launch-key FILE` (the AWS CLI's decryptpassword customization): EC2 hands
 * out a Windows instance's administrator password encrypted to the key pair it was launched with, as
 * base64; given the key pair's private key file, the CLI shows the password itself.
 *
 * As in the CLI, the file must exist when the command line is read (before a request is sent, a
 * skeleton printed or `--cli-input-json` read), is read again once the answer arrives, and an absent or
 * empty PasswordData is left as it is. Every failure to decrypt — a wrong or unreadable key, a passphrase
 * key, a reply that is not base64, a password that is not UTF-8 — gets the CLI's one sentence, exit 255.
 */
import { IsoawsError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { expandPath, resolveLocal } from '../core/local-paths.js';
import { readRsaPrivateKeyPem, rsaDecryptPkcs1v15 } from '../core/rsa-pkcs1.js';
import { customArg, type CommandCustomization } from './command-args.js';
import type { DebugLog } from './debug.js';

/**
 * `--priv-launch-key`, on get-password-data itself, not in the table of the waiter on it (`ec2 wait
 * password-data-available`, built with paging off). The file is looked at as soon as the command line
 * is read; each response's PasswordData (a skeleton's sample too) is shown decrypted with it.
 */
export const launchKey: CommandCustomization = {
  arguments(args, _model, { paging }) {
    if (paging) args.push(customArg(launchKey, { name: 'priv-launch-key', nargs: 'one', path: true, doc: DOC }));
  },
  async output(values, { ctx }) {
    const path = await launchKeyPath(ctx.host, values.get('priv-launch-key'));
    return path === undefined ? undefined : (output) => decryptPasswordData(ctx, path, output);
  },
};

const DOC =
  'The private key file (PEM) of the key pair the instance was launched with: PasswordData is shown decrypted with it, on this machine.';

const NOT_A_FILE = 'priv-launch-key should be a path to the local SSH private key file used to launch the instance.';
const UNDECRYPTABLE = 'Unable to decrypt password data using provided private key file.';

/**
 * The key file `--priv-launch-key` names, as an absolute path (`$VAR` and `~` expanded, then relative
 * to the working directory), or undefined when it was not given or given empty (which the CLI ignores).
 * A path that is not a regular file is refused now, before anything is sent.
 */
async function launchKeyPath(host: Host, value: unknown): Promise<string | undefined> {
  if (typeof value !== 'string' || value === '') return undefined;
  const path = resolveLocal(host.cwd ?? '/', expandPath(host, value));
  // Python's os.path.isfile: false, not an error, for what cannot be looked at.
  const stat = await host.fs.stat(path).catch(() => undefined);
  if (!stat?.isFile) throw new IsoawsError(NOT_A_FILE);
  return path;
}

/**
 * The output with PasswordData replaced by the password it encrypts. A PasswordData that is absent or
 * empty (not yet available) leaves it as it came.
 */
async function decryptPasswordData(
  ctx: { host: Host; debug?: DebugLog },
  keyPath: string,
  output: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  ctx.debug?.log('isoaws.ec2', `Decrypting password data using: ${keyPath}`);
  const encrypted = output.PasswordData;
  if (!encrypted) return output;
  try {
    const key = readRsaPrivateKeyPem(await ctx.host.fs.readFile(keyPath));
    const plain = rsaDecryptPkcs1v15(key, pythonB64Decode(String(encrypted)));
    // Python's strict UTF-8 decode: a byte order mark is kept as a character, not dropped.
    const password = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(plain);
    return { ...output, PasswordData: password };
  } catch (err) {
    // The reason is for --debug only (the CLI logs it there); the password itself is never logged.
    ctx.debug?.log('isoaws.ec2', `Unable to decrypt PasswordData: ${(err as Error).message}`);
    throw new IsoawsError(UNDECRYPTABLE, { cause: err });
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Python's `base64.b64decode` without `validate`, which the CLI applies to PasswordData: characters
 * outside the alphabet (the newlines EC2 wraps the value in) are skipped, a complete padding ends the
 * data, and data characters left over without it are an error. Non-ASCII text is an error too.
 */
export function pythonB64Decode(text: string): Uint8Array {
  if ([...text].some((ch) => ch.charCodeAt(0) > 0x7f))
    throw new Error('string argument should contain only ASCII characters');
  const out: number[] = [];
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (const ch of text) {
    if (ch === '=') {
      // A pad counts only after two data characters of a quad; once the quad is full, decoding stops.
      if (quad >= 2 && quad + ++pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const v = ALPHABET.indexOf(ch);
    if (v === -1) continue;
    pads = 0;
    switch (quad) {
      case 0:
        left = v;
        break;
      case 1:
        out.push(((left << 2) | (v >> 4)) & 0xff);
        left = v & 0x0f;
        break;
      case 2:
        out.push(((left << 4) | (v >> 2)) & 0xff);
        left = v & 0x03;
        break;
      default:
        out.push(((left << 6) | v) & 0xff);
    }
    quad = (quad + 1) % 4;
  }
  if (quad === 1) throw new Error('Invalid base64-encoded string: one data character more than a multiple of 4');
  if (quad !== 0) throw new Error('Incorrect padding');
  return Uint8Array.from(out);
}
