/**
 * A Glacier tree hash leaf by leaf, beside the AWS CLI User Guide's manual procedure (split the file
 * into 1 MiB parts, `openssl dgst -sha256 -binary` each, concatenate pairs and hash again, level by level):
 * each level's hashes as the engine computes them, the last being what `--checksum` sends.
 */
import { treeHashLevels } from '../../src/core/checksums/tree-hash.js';
import type { HostFs } from '../../src/core/host.js';
import { el } from './dom.js';

export async function treeHashView(fs: HostFs, path: string, shownPath: string): Promise<HTMLElement> {
  const stat = await fs.stat(path);
  if (!stat?.isFile)
    return el('p', { className: 'muted' }, [`${shownPath} is not there yet: run the step that writes it.`]);
  const levels = await treeHashLevels(await fs.readFile(path));
  const size = stat.size;
  return el('div', { className: 'tree-hash' }, [
    el('p', {}, [
      `${shownPath}: ${size} bytes, ${levels[0]!.length} part${levels[0]!.length === 1 ? '' : 's'} of up to 1 MiB.`,
    ]),
    el(
      'ol',
      {},
      levels.map((level, i) =>
        el('li', {}, [
          i === 0
            ? 'SHA-256 of each part (openssl dgst -sha256 -binary partN):'
            : i === levels.length - 1
              ? 'The tree hash, sent as --checksum:'
              : 'SHA-256 of each pair of the level above, an odd last one carried down:',
          el('pre', { dataset: { part: i === levels.length - 1 ? 'tree-hash' : `level-${i}` } }, [level.join('\n')]),
        ]),
      ),
    ),
  ]);
}
