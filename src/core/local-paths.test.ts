import { describe, expect, it } from 'vitest';
import { createPlacer, isWithin, placeUnder } from './local-paths.js';

describe('placing remote names under a destination', () => {
  it.each([
    ['a.txt', '/dest/a.txt'],
    ['pre/a.txt', '/dest/pre/a.txt'],
    ['/etc/passwd', '/dest/etc/passwd'],
    ['pre//etc/x', '/dest/pre/etc/x'],
    ['./a/./b', '/dest/a/b'],
    ['a/../b', '/dest/b'],
    ['a/b/../../c', '/dest/c'],
    ['...', '/dest/...'],
    ['a/..b', '/dest/a/..b'],
  ])('puts %s at %s', (relative, path) => {
    expect(placeUnder('/dest', relative)).toEqual({ path });
    expect(placeUnder('/dest/', relative)).toEqual({ path });
  });

  it.each(['..', '../x', 'a/../../x', '/../secret', 'a/../b/../../c', '../../../../etc/passwd'])(
    "refuses %s, which climbs out, in the CLI's words",
    (relative) => {
      expect(placeUnder('/dest', relative)).toEqual({
        refused: `Skipping file ${relative}. File references a parent directory.`,
      });
    },
  );

  it.each(['', '/', '.', 'a/..', './/.'])('refuses %j, which names the destination itself', (relative) => {
    expect(placeUnder('/dest', relative)).toEqual({
      refused: `Skipping file ${relative}. File names the destination directory itself.`,
    });
  });

  it('places under the root directory', () => {
    expect(placeUnder('/', 'etc/x')).toEqual({ path: '/etc/x' });
    expect(isWithin('/', '/etc/x')).toBe(true);
    expect(isWithin('/dest', '/destination/x')).toBe(false);
  });

  it('refuses a name whose directory a symbolic link inside the destination leads elsewhere, asking each directory once', async () => {
    // /dest/link -> /etc, /dest/ok -> /dest/real; /dest/new does not exist yet.
    const links: Record<string, string> = { '/dest/link': '/etc', '/dest/ok': '/dest/real' };
    const asked: string[] = [];
    const realPath = async (path: string) => {
      asked.push(path);
      for (const [link, to] of Object.entries(links))
        if (path === link || path.startsWith(`${link}/`)) return to + path.slice(link.length);
      if (path.startsWith('/dest/new')) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return path;
    };
    const place = createPlacer({ realPath }, '/dest');
    expect(await place('link/passwd')).toEqual({
      refused: 'Skipping file link/passwd. A symbolic link would lead it outside the destination.',
    });
    expect(await place('ok/a')).toEqual({ path: '/dest/ok/a' });
    expect(await place('new/deep/a')).toEqual({ path: '/dest/new/deep/a' });
    expect(await place('new/deep/b')).toEqual({ path: '/dest/new/deep/b' });
    expect(asked.filter((p) => p === '/dest/new/deep')).toHaveLength(1);
  });

  it('follows a destination that is itself a link, and places names without checks where there are no links', async () => {
    const place = createPlacer(
      { realPath: async (path) => path.replace(/^\/home\/me\/data/, '/mnt/data') },
      '/home/me/data',
    );
    expect(await place('a/b')).toEqual({ path: '/home/me/data/a/b' });
    expect(await createPlacer({}, '/dest')('../x')).toEqual({
      refused: 'Skipping file ../x. File references a parent directory.',
    });
  });
});
