/**
 * Edits a config or credentials file as text, the way `aws configure set` does: a key already in the
 * section is rewritten on its own line (`key = value`), new keys go after the section's last setting,
 * a missing section is appended at the end, and everything else — comments, order, blank lines,
 * other sections — stays as it was. Values may be nested blocks (`s3` → `max_concurrent_requests`).
 */
export type NewValue = string | Record<string, string>;

export function updateIniText(text: string | undefined, section: string, values: Record<string, NewValue>): string {
  const pending = new Map(Object.entries(values));
  if (text === undefined || text === '') return `[${section}]\n${renderValues(pending, '')}`;
  const lines = text.split(/(?<=\n)/);
  const start = lines.findIndex((line) => !/^\s*[#;]/.test(line) && sectionMatches(line, section));
  if (start === -1) return `${text}${text.endsWith('\n') ? '' : '\n'}[${section}]\n${renderValues(pending, '')}`;
  let lastSetting = start;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j]!;
    if (SECTION.test(line)) break;
    const option = OPTION.exec(line.trim());
    if (!option) continue;
    lastSetting = j;
    const key = option[1]!.trim();
    const value = pending.get(key);
    if (value === undefined) continue;
    if (typeof value === 'string') {
      lines[j] = `${key} = ${value}\n`;
      pending.delete(key);
    } else {
      j = updateNested(lines, j, value, line.length - line.trimStart().length);
      pending.delete(key);
      lastSetting = j;
    }
  }
  if (pending.size) {
    const at = lastSetting + 1;
    if (at === lines.length && !lines[lines.length - 1]!.endsWith('\n')) lines[lines.length - 1] += '\n';
    lines.splice(at, 0, renderValues(pending, ''));
  }
  return lines.join('');
}

const SECTION = /^\s*\[([^\]]+)\]/;
const OPTION = /^([^:=\s[][^:=]*?)\s*[:=]\s*(.*)$/;

/** `[profile dev]` matches `profile dev`; `[profile "my name"]` matches `profile my name`. */
function sectionMatches(line: string, section: string): boolean {
  const m = SECTION.exec(line);
  if (!m) return false;
  const header = `[${m[1]}]`;
  const parts = section.split(' ');
  return header === `[${section}]` || (parts.length > 1 && header === `[${parts[0]} "${parts.slice(1).join(' ')}"]`);
}

/** Rewrites or adds the sub-keys of a nested block whose `key =` line is at `index`; returns its last line. */
function updateNested(lines: string[], index: number, values: Record<string, string>, indent: number): number {
  const pending = new Map(Object.entries(values));
  let last = index;
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const option = OPTION.exec(line.trim());
    const lineIndent = line.length - line.trimStart().length;
    if (SECTION.test(line) || (line.trim() && lineIndent <= indent)) break;
    if (option && line.trim()) {
      const key = option[1]!.trim();
      if (pending.has(key)) {
        lines[i] = `${' '.repeat(lineIndent)}${key} = ${pending.get(key)}\n`;
        pending.delete(key);
      }
      last = i;
    }
  }
  if (pending.size) lines.splice(last + 1, 0, renderValues(pending, `${' '.repeat(indent)}    `));
  return last + (pending.size ? 1 : 0);
}

function renderValues(values: Map<string, NewValue>, indent: string): string {
  let out = '';
  for (const [key, value] of values) {
    if (typeof value === 'string') {
      out += `${indent}${key} = ${value}\n`;
    } else {
      out += `${indent}${key} =\n`;
      for (const [sub, v] of Object.entries(value)) out += `${indent}    ${sub} = ${v}\n`;
    }
  }
  values.clear();
  return out;
}

/** The section header for a profile in the config file (`default`, `profile dev`, `profile "my name"`). */
export function profileSection(profile: string): string {
  if (profile === 'default') return 'default';
  return /[ \t]/.test(profile) ? `profile "${profile}"` : `profile ${profile}`;
}
