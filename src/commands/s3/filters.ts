/**
 * `--exclude` / `--include` as the AWS CLI applies them: every path starts included; the filters are
 * tried in command-line order, each pattern rooted at the source directory (or bucket/prefix), and the
 * last one that matches decides. Patterns are Python fnmatch patterns: `*` matches any run of
 * characters, `/` included; `?` one character; `[seq]` and `[!seq]` a set.
 */

export interface Filter {
  kind: 'exclude' | 'include';
  pattern: string;
}

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
  const compiled = filters.map((f) => ({ include: f.kind === 'include', matches: fnmatcher(`${base}${f.pattern}`) }));
  return (path) => {
    let included = true;
    for (const f of compiled) if (f.matches(path)) included = f.include;
    return included;
  };
}

/** One step of a pattern: `*`, or a test of one character (a literal, `?`, a set). */
type Step = { star: true } | { star: false; test(c: number): boolean };

/**
 * Python's `fnmatch.fnmatchcase(path, pattern)`, in time proportional to the path's length times the
 * pattern's: a regular expression of `.*` runs (what fnmatch.translate makes) backtracks exponentially on
 * some keys here, as Python's does not (one 400-character key took 40 s). Characters are code points,
 * as Python's strings hold them.
 */
export function fnmatcher(pattern: string): (path: string) => boolean {
  const steps = compile(Array.from(pattern, (c) => c.codePointAt(0)!));
  return (path) => {
    const text = Array.from(path, (c) => c.codePointAt(0)!);
    // Greedy, going back only to the last star: a later star can take whatever an earlier one would.
    let p = 0;
    let t = 0;
    let starAt = -1;
    let starText = 0;
    while (t < text.length) {
      const step = steps[p];
      if (step && !step.star && step.test(text[t]!)) {
        p++;
        t++;
      } else if (step?.star) {
        starAt = p++;
        starText = t;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++starText;
      } else {
        return false;
      }
    }
    while (steps[p]?.star) p++;
    return p === steps.length;
  };
}

const STAR = 42;
const QUESTION = 63;
const OPEN = 91;
const CLOSE = 93;
const BANG = 33;
const DASH = 45;

function compile(pattern: number[]): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i++]!;
    if (c === STAR) {
      if (!steps.at(-1)?.star) steps.push({ star: true });
    } else if (c === QUESTION) {
      steps.push({ star: false, test: () => true });
    } else if (c === OPEN) {
      // As fnmatch: a `]` first in the set (after any `!`) is a member, not the end; no end, a literal `[`.
      let j = i;
      if (pattern[j] === BANG) j++;
      if (pattern[j] === CLOSE) j++;
      while (j < pattern.length && pattern[j] !== CLOSE) j++;
      if (j >= pattern.length) {
        steps.push(literal(c));
      } else {
        steps.push({ star: false, test: setTest(pattern, i, j) });
        i = j + 1;
      }
    } else {
      steps.push(literal(c));
    }
  }
  return steps;
}

function literal(c: number): Step {
  return { star: false, test: (x) => x === c };
}

/**
 * The set `pattern[start, end)` (between the brackets) as fnmatch.translate writes it for `re`: cut at
 * each `-` that joins a range (never its first character), ranges whose ends are the wrong way round
 * dropped, every other `-` and `\\` made literal; then read as `re` reads a set. `!` first negates; a set
 * left empty matches nothing, and `!` alone any character.
 */
function setTest(pattern: number[], start: number, end: number): (c: number) => boolean {
  const body = pattern.slice(start, end);
  /** The set as `re` sees it: characters, and the `-` that join ranges (`join`). */
  let atoms: Array<{ c: number; join?: boolean }>;
  if (!body.includes(DASH)) {
    atoms = body.map((c) => ({ c }));
  } else {
    const chunks: number[][] = [];
    let i = 0;
    for (let k = body[0] === BANG ? 2 : 1; ; k += 3) {
      while (k < body.length && body[k] !== DASH) k++;
      if (k >= body.length) break;
      chunks.push(body.slice(i, k));
      i = k + 1;
    }
    const last = body.slice(i);
    if (last.length) chunks.push(last);
    else chunks[chunks.length - 1]!.push(DASH);
    for (let k = chunks.length - 1; k > 0; k--) {
      if (chunks[k - 1]!.at(-1)! > chunks[k]![0]!) {
        chunks[k - 1] = [...chunks[k - 1]!.slice(0, -1), ...chunks[k]!.slice(1)];
        chunks.splice(k, 1);
      }
    }
    atoms = chunks.flatMap((chunk, n) => [...(n ? [{ c: DASH, join: true }] : []), ...chunk.map((c) => ({ c }))]);
  }
  if (!atoms.length) return () => false;
  if (atoms.length === 1 && atoms[0]!.c === BANG) return () => true;
  const negated = atoms[0]!.c === BANG && !atoms[0]!.join;
  if (negated) atoms.shift();
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < atoms.length; i++) {
    const lo = atoms[i]!.c;
    if (atoms[i + 1]?.join && i + 2 < atoms.length) {
      ranges.push([lo, atoms[i + 2]!.c]);
      i += 2;
    } else {
      ranges.push([lo, lo]);
    }
  }
  return (c) => ranges.some(([lo, hi]) => c >= lo && c <= hi) !== negated;
}
