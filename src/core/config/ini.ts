/**
 * `~/.aws/config` and `~/.aws/credentials` read as botocore reads them (configloader.py over Python's
 * RawConfigParser): `[section]` headers, `key = value` or `key: value` (keys lower-cased, values
 * trimmed, no inline comments), `#`/`;` comment lines, indented continuation lines, and a value that
 * starts on the next line parsed as a nested block (`s3 =` / `  max_concurrent_requests = 10`).
 * Duplicate sections or keys and lines that are none of these are errors naming the file and line.
 * Sections, keys and profiles are held in objects without a prototype: a profile or key may be named
 * `constructor` or `__proto__` like any other, and a lookup never finds Object's.
 */
import { IsoawsError } from '../errors.js';
import { bareObject } from '../own.js';

export type ConfigValue = string | Record<string, string>;
export type ConfigSections = Record<string, Record<string, ConfigValue>>;

/** A config file that cannot be parsed (the AWS CLI's "Unable to parse config file", exit 255). */
export class ConfigParseError extends IsoawsError {
  override name = 'ConfigParseError';
  constructor(
    readonly path: string,
    readonly line: number,
    readonly reason: string,
  ) {
    // The first line is the AWS CLI's; the second says what and where, which the CLI leaves out.
    super(`Unable to parse config file: ${path}\n${line ? `line ${line}: ` : ''}${reason}`);
  }
}

/**
 * The sections of an INI text in file order, values as botocore holds them. `nested: false` is
 * raw_config_parse's `parse_subsections=False` (the CLI's alias file): a value that starts on the next
 * line stays text, its lines joined by newlines.
 */
export function parseIni(text: string, path: string, opts: { nested?: boolean } = {}): ConfigSections {
  const sections: ConfigSections = bareObject();
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\r')) body = body.replace(/\r\n?/g, '\n');
  const lines = body.split('\n');
  let current: Record<string, ConfigValue> | undefined;
  let currentName = '';
  let lastKey: string | undefined;
  let keyIndent = 0;
  // Blank lines after a value are kept only if a continuation line follows (configparser drops trailing ones).
  let blanks = '';
  let continued = false;
  // A value that started empty and went on over indented lines is a nested block (`s3 =`).
  const finish = () => {
    if (current && lastKey !== undefined && continued && opts.nested !== false) {
      const value = current[lastKey] as string;
      if (value.startsWith('\n')) current[lastKey] = parseNested(value, path, currentName, lastKey);
    }
    continued = false;
    blanks = '';
  };
  // Plain string operations rather than regular expressions: a command reads these files every time.
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const trimmed = line.trim();
    const first = trimmed.charCodeAt(0);
    if (first === 35 /* # */ || first === 59 /* ; */) continue;
    if (trimmed === '') {
      if (lastKey !== undefined) blanks += '\n';
      continue;
    }
    // Leading whitespace ends where the trimmed text begins (whitespace never equals its first character).
    const indent = line.indexOf(trimmed[0]!);
    if (current && lastKey !== undefined && indent > keyIndent) {
      current[lastKey] = `${current[lastKey] as string}${blanks}\n${trimmed}`;
      blanks = '';
      continued = true;
      continue;
    }
    finish();
    keyIndent = indent;
    const lineNo = index + 1;
    if (first === 91 /* [ */ && trimmed.endsWith(']') && trimmed.length > 2) {
      const name = trimmed.slice(1, -1);
      if (Object.hasOwn(sections, name))
        throw new ConfigParseError(path, lineNo, `section [${name}] appears more than once`);
      current = sections[name] = bareObject();
      currentName = name;
      lastKey = undefined;
      continue;
    }
    const eq = trimmed.indexOf('=');
    const colon = trimmed.indexOf(':');
    const at = eq === -1 ? colon : colon === -1 ? eq : Math.min(eq, colon);
    if (at === -1)
      throw new ConfigParseError(
        path,
        lineNo,
        `expected "key = value" or a [section], found ${JSON.stringify(trimmed.slice(0, 60))}`,
      );
    if (!current) throw new ConfigParseError(path, lineNo, 'a setting before any [section] header');
    const key = trimmed.slice(0, at).trimEnd().toLowerCase();
    if (Object.hasOwn(current, key))
      throw new ConfigParseError(path, lineNo, `"${key}" appears more than once in [${currentName}]`);
    current[key] = trimmed.slice(at + 1).trimStart();
    lastKey = key;
  }
  finish();
  return sections;
}

/** A nested block (`s3 =` followed by indented `key = value` lines), as botocore's _parse_nested (keys kept as written). */
function parseNested(value: string, path: string, section: string, key: string): Record<string, string> {
  const out: Record<string, string> = bareObject();
  for (const line of value.split('\n')) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    if (eq === -1)
      throw new ConfigParseError(
        path,
        0,
        `a line of "${key}" in [${section}] has no "=": ${JSON.stringify(line.trim())}`,
      );
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export interface ConfigFileData {
  /** Profiles by name: `[default]` and `[profile name]` (config file), every section (credentials file). */
  profiles: Record<string, Record<string, ConfigValue>>;
  ssoSessions: Record<string, Record<string, ConfigValue>>;
  services: Record<string, Record<string, ConfigValue>>;
}

/**
 * The config file's sections by kind, as botocore's build_profile_map sorts them: `[profile x]` (and
 * `[profile "x y"]`) are profiles, `[default]` too, `[sso-session x]` and `[services x]` their own
 * kinds; other sections are ignored. A `[profile default]` wins over `[default]`.
 */
export function configProfiles(sections: ConfigSections): ConfigFileData {
  const data: ConfigFileData = { profiles: bareObject(), ssoSessions: bareObject(), services: bareObject() };
  for (const [name, values] of Object.entries(sections)) {
    // Most names hold no quotes or escapes, and splitting them on spaces is shlex's answer too.
    const words = /["'\\]/.test(name) ? splitShellWords(name) : name.trim().split(/\s+/);
    if (words[0] === 'profile' && words.length === 2) data.profiles[words[1]!] = values;
    else if (name === 'default' && !data.profiles.default) data.profiles.default = values;
    else if (words[0] === 'sso-session' && words.length === 2) data.ssoSessions[words[1]!] = values;
    else if (words[0] === 'services' && words.length === 2) data.services[words[1]!] = values;
  }
  return data;
}

/** Python's shlex.split for section names: whitespace-separated words, quotes grouping. */
function splitShellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}
