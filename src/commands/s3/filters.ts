/**
 * `--exclude` / `--include` as the AWS CLI applies them: every path starts included; the filters are
 * tried in command-line order, each pattern rooted at the source directory (or bucket/prefix), and the
 * last one that matches decides. Patterns are Python fnmatch patterns: `*` matches any run of
 * characters, `/` included; `?` one character; `[seq]` and `[!seq]` a set.
 */

export interface Filter { kind: 'exclude' | 'include'; pattern: string }

/** The filters of an argv, in order (the CLI keeps their relative order across both options). */
export function filtersFrom(argv: readonly string[]): Filter[] {
  const out: Filter[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    for (const kind of ['exclude', 'include'] as const) {
      if (arg === `--${kind}` && i + 1 < argv.length) out.push({ kind, pattern: argv[++i]! });
      else if (arg.startsWith(`--${kind}=`)) out.push({ kind, pattern: arg.slice(kind.length + 3) });
    }
  }
  return out;
}

/** A predicate over full paths (`/abs/dir/file` or `bucket/prefix/key`) for filters rooted at `root`. */
export function pathFilter(filters: readonly Filter[], root: string): (path: string) => boolean {
  if (!filters.length) return () => true;
  const base = root.endsWith('/') ? root : `${root}/`;
  const compiled = filters.map((f) => ({ include: f.kind === 'include', regex: fnmatchRegex(`${base}${f.pattern}`) }));
  return (path) => {
    let included = true;
    for (const f of compiled) if (f.regex.test(path)) included = f.include;
    return included;
  };
}

/** Python's fnmatch.translate, anchored. */
export function fnmatchRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      // As fnmatch: a `]` first in the set (after any `!`) is a member, not the end.
      let close = i + 1;
      if (pattern[close] === '!') close++;
      if (pattern[close] === ']') close++;
      while (close < pattern.length && pattern[close] !== ']') close++;
      if (close >= pattern.length) {
        out += '\\[';
      } else {
        // A `]` member must be escaped in a JavaScript class (`[]]` is an empty class there).
        let set = pattern.slice(i + 1, close).replace(/[\\\]]/g, '\\$&');
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        else if (set.startsWith('^')) set = `\\${set}`;
        out += `[${set}]`;
        i = close;
      }
    } else {
      out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`, 's');
}
