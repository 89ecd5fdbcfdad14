/**
 * Reading and writing INI text as Python 3's configparser.RawConfigParser does, error messages
 * included, so that ~/.pypirc is understood and rewritten the way the CLI would.
 */
import { IsoawsError } from '../../core/errors.js';
import { pyRepr } from '../../core/query/python-text.js';

interface Ini {
  defaults: Map<string, string>;
  sections: Map<string, Map<string, string>>;
}

/**
 * Python 3's RawConfigParser (strict, `=` or `:`, whole-line `#` and `;` comments, option names lower
 * cased, a value continued on more-indented lines and across blank ones), with its errors' wording.
 */
export function parseIni(text: string, source: string): Ini {
  const ini: Ini = { defaults: new Map(), sections: new Map() };
  const raw = new Map<Map<string, string>, Map<string, string[]>>();
  const reader: LineReader = { ini, source, indent: 0, seen: new Set(), errors: [], raw };
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  lines.forEach((line, i) => readIniLine(reader, line, i + 1));
  for (const [target, values] of raw) for (const [name, parts] of values) target.set(name, parts.join('\n').trimEnd());
  if (reader.errors.length)
    throw new IsoawsError(`Source contains parsing errors: ${pyRepr(source)}${reader.errors.join('')}`);
  return ini;
}

/** Where RawConfigParser's reading is, line by line. */
interface LineReader {
  ini: Ini;
  source: string;
  indent: number;
  seen: Set<string>;
  errors: string[];
  raw: Map<Map<string, string>, Map<string, string[]>>;
  section?: Map<string, string[]>;
  sectionName?: string;
  option?: string;
}

function readIniLine(r: LineReader, line: string, lineno: number): void {
  const isComment = /^\s*[#;]/.test(line);
  const value = isComment ? '' : line.trim();
  if (!value) {
    // A blank line inside a value is kept as an empty line of it; a comment is not.
    if (!isComment && r.section && r.option) r.section.get(r.option)!.push('');
    return;
  }
  const indent = line.search(/\S/);
  if (r.section && r.option && indent > r.indent) {
    r.section.get(r.option)!.push(value);
    return;
  }
  r.indent = indent;
  const header = /^\[(.+)\]/s.exec(value);
  if (header) return startIniSection(r, header[1]!, lineno);
  if (!r.section)
    throw new IsoawsError(
      `File contains no section headers.\nfile: ${pyRepr(r.source)}, line: ${lineno}\n${pyRepr(line)}`,
    );
  const option = /^(.*?)\s*([=:])\s*(.*)$/s.exec(value);
  if (!option) {
    r.errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pyRepr(line)}`);
    return;
  }
  if (!option[1]) r.errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pyRepr(line)}`);
  const name = option[1]!.trimEnd().toLowerCase();
  const key = `${r.sectionName}\u0000${name}`;
  if (r.seen.has(key))
    throw new IsoawsError(
      `While reading from ${pyRepr(r.source)} [line ${String(lineno).padStart(2)}]: option ${pyRepr(name)} in section ${pyRepr(r.sectionName)} already exists`,
    );
  r.seen.add(key);
  r.option = name;
  r.section.set(name, [option[3]!.trim()]);
}

function startIniSection(r: LineReader, name: string, lineno: number): void {
  r.option = undefined;
  r.sectionName = name;
  if (name === 'DEFAULT') {
    r.section = rawValues(r, r.ini.defaults);
    return;
  }
  if (r.ini.sections.has(name))
    throw new IsoawsError(
      `While reading from ${pyRepr(r.source)} [line ${String(lineno).padStart(2)}]: section ${pyRepr(name)} already exists`,
    );
  const section = new Map<string, string>();
  r.ini.sections.set(name, section);
  r.section = rawValues(r, section);
}

/** The lines of each value of a section as read so far, joined into its values once the file is read. */
function rawValues(r: LineReader, section: Map<string, string>): Map<string, string[]> {
  let values = r.raw.get(section);
  if (!values) r.raw.set(section, (values = new Map()));
  return values;
}

export function iniSection(ini: Ini, name: string): Map<string, string> {
  const section = ini.sections.get(name);
  if (!section) throw new IsoawsError(`No section: ${pyRepr(name)}`);
  return section;
}

/** RawConfigParser's `get`: the section's value, else the DEFAULT section's. */
export function iniGet(ini: Ini, section: string, option: string): string {
  const value = iniSection(ini, section).get(option) ?? ini.defaults.get(option);
  if (value === undefined) throw new IsoawsError(`No option ${pyRepr(option)} in section: ${pyRepr(section)}`);
  return value;
}

/** RawConfigParser's `write`: `key = value`, continuation lines indented by a tab, a blank line after each section. */
export function writeIni(ini: Ini): string {
  const section = (name: string, values: Map<string, string>) =>
    `[${name}]\n${[...values].map(([k, v]) => `${k} = ${v.replaceAll('\n', '\n\t')}\n`).join('')}\n`;
  const defaults = ini.defaults.size ? section('DEFAULT', ini.defaults) : '';
  return defaults + [...ini.sections].map(([name, values]) => section(name, values)).join('');
}
