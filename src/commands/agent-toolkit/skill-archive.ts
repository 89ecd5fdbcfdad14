/**
 * A downloaded skill's zip, checked before anything of it is written (the AWS CLI's
 * agenttoolkit/utils.py install_skill): its SHA-256 must be the checksum the service gave, its files
 * may not add up to more than 10 MB, and no name may lead outside the skill's directory. Every entry is
 * then inflated and checked (size, CRC-32) up front too, so a corrupt archive fails before any agent's
 * directory is touched.
 */
import { IsoawsError } from '../../core/errors.js';
import { toHex } from '../../core/hex.js';
import { pyRepr } from '../../core/query/python-text.js';
import { readZipEntry, zipDirectory } from '../../core/unzip.js';

export const MAX_UNCOMPRESSED_SIZE = 10 * 1024 * 1024;

/** A skill could not be installed (the CLI's AgentToolkitServiceError): printed as its message, exit 255. */
export class AgentToolkitError extends IsoawsError {
  override name = 'AgentToolkitError';
}

/** A file of the skill: its path inside the skill's directory (`references/x.md`), or a directory's. */
export interface SkillFile {
  path: string;
  /** Undefined for a directory entry. */
  data?: Uint8Array;
}

/** The checksum as the service words it (`<hex>  download`): its first word, lower case. */
export function checksumWord(text: string): string {
  return text.trim().toLowerCase().split(/\s+/)[0] ?? '';
}

/** The zip's files, once it has passed every check; the refusal in the CLI's words otherwise. */
export async function openSkillArchive(skillName: string, zip: Uint8Array, checksum: string): Promise<SkillFile[]> {
  const expected = checksumWord(checksum);
  const actual = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', zip as BufferSource)));
  if (expected.length !== 64 || actual !== expected)
    throw new AgentToolkitError(
      `Checksum verification failed for ${skillName} (expected ${pyRepr(expected)}, got ${pyRepr(actual)}).`,
    );
  const entries = zipDirectory(zip);
  const total = entries.reduce((n, e) => n + e.size, 0);
  if (total > MAX_UNCOMPRESSED_SIZE)
    throw new AgentToolkitError(`Refusing to extract: uncompressed size (${total} bytes) exceeds limit.`);
  const files: SkillFile[] = [];
  for (const entry of entries) {
    const path = insidePath(entry.name);
    if (path === undefined)
      throw new AgentToolkitError(`Refusing to extract ${pyRepr(entry.name)} (path escapes skill directory).`);
    if (path === '') continue;
    files.push(entry.name.endsWith('/') ? { path } : { path, data: await readZipEntry(zip, entry) });
  }
  return files;
}

/**
 * The entry's path below the skill's directory, normalised (`a/./b/../c` → `a/c`; '' for the directory
 * itself), or undefined when it is absolute or climbs out. Backslashes count as separators too, so an
 * archive made on Windows cannot sneak `..\` past the check.
 */
function insidePath(name: string): string | undefined {
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return undefined;
  const kept: string[] = [];
  for (const segment of name.split(/[/\\]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') kept.push(segment);
    else if (kept.pop() === undefined) return undefined;
  }
  return kept.join('/');
}
