/**
 * The virtual home directory: every file commands can read (`file://`, `s3 cp`, `glacier upload-archive`)
 * and every file they write (`s3 cp s3://… ./x`, `get-object … out.json`). The learner edits
 * `~/.aws/config` and `~/.aws/credentials` here, uploads files from the computer, and downloads what
 * commands wrote. Files live as long as the page; a reload starts from an empty home.
 */
import type { createMemoryFs } from '../../src/adapters/web/fs.js';
import { el } from './dom.js';

export const HOME = '/home/user';
type MemoryFs = ReturnType<typeof createMemoryFs>;

const EDITABLE = ['.aws/config', '.aws/credentials'];

export function createFilesPanel(into: HTMLElement, fs: MemoryFs): { refresh(): void } {
  const list = el('table', { className: 'file-list' });
  const upload = el('input', { type: 'file', multiple: true, id: 'upload' });
  const editors = EDITABLE.map((relative) => {
    const path = `${HOME}/${relative}`;
    const area = el('textarea', { rows: 5, spellcheck: false, id: `edit-${relative.replace(/\W/g, '-')}` });
    const save = el('button', { type: 'button', textContent: `Save ~/${relative}` });
    const status = el('span', { className: 'muted' }, []);
    status.setAttribute('role', 'status');
    save.addEventListener('click', async () => {
      await fs.writeFile(path, area.value, { mode: 0o600 });
      status.textContent = ' saved';
      refresh();
    });
    return {
      path,
      area,
      block: el('div', {}, [el('label', { htmlFor: area.id }, [`~/${relative}`]), area, save, status]),
    };
  });
  upload.addEventListener('change', async () => {
    for (const file of upload.files ?? [])
      await fs.writeFile(`${HOME}/${file.name}`, new Uint8Array(await file.arrayBuffer()));
    upload.value = '';
    refresh();
  });
  into.replaceChildren(
    el('p', { className: 'muted' }, [
      'Your home directory in this page; commands run in it. It is emptied by a reload.',
    ]),
    el('label', { htmlFor: 'upload' }, ['Upload files to ~/ ']),
    upload,
    list,
    el('h3', {}, ['AWS configuration files']),
    ...editors.map((e) => e.block),
  );

  function refresh() {
    const rows = [...fs.files.entries()]
      .filter(([path]) => path.startsWith(`${HOME}/`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, file]) => {
        const name = `~${path.slice(HOME.length)}`;
        const download = el('button', { type: 'button', textContent: 'Download' });
        download.setAttribute('aria-label', `Download ${name}`);
        download.addEventListener('click', () => {
          const url = URL.createObjectURL(new Blob([file.data as Uint8Array<ArrayBuffer>]));
          const a = el('a', { href: url, download: path.slice(path.lastIndexOf('/') + 1) });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
        });
        return el('tr', {}, [el('td', {}, [name]), el('td', {}, [`${file.data.length} B`]), el('td', {}, [download])]);
      });
    list.replaceChildren(
      ...(rows.length ? rows : [el('tr', {}, [el('td', { className: 'muted' }, ['(no files yet)'])])]),
    );
    const decoder = new TextDecoder();
    for (const editor of editors) {
      if (document.activeElement === editor.area) continue;
      const file = fs.files.get(editor.path);
      editor.area.value = file ? decoder.decode(file.data) : '';
    }
  }
  refresh();
  return { refresh };
}
