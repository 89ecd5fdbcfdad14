/**
 * The part of Python's argparse the AWS CLI's parsers rely on, with its error wording: `--opt value`
 * and `--opt=value`, unambiguous prefixes of option names, `nargs` of one / zero-or-more / optional /
 * flag, `type=int` conversion, choices, required options, positionals, `--` ending the options, and
 * parse-known-args (what is not recognised is returned in order, for "Unknown options").
 */
import { UsageError } from './usage.js';

export interface OptionSpec {
  /** `--name` for options; a bare name for positionals. */
  flag: string;
  dest: string;
  /** `pair` is argparse's `nargs=2`: exactly two values, kept as a list. */
  nargs: 'one' | 'pair' | 'many' | 'flag' | 'optional';
  /** argparse's `action='append'`: each time the option is given adds its value to a list. */
  append?: boolean;
  positional?: boolean;
  required?: boolean;
  /** The value a flag stores, or the value of an `optional` option given without one. */
  constValue?: unknown;
  parseType?: 'int' | 'string';
  choices?: readonly string[];
}

export interface ParsedArgs {
  values: Map<string, unknown>;
  /** Every argument left over, in command-line order. */
  extras: string[];
}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

export function parseKnownArgs(specs: readonly OptionSpec[], argv: readonly string[]): ParsedArgs {
  const options = new Map(specs.filter((s) => !s.positional).map((s) => [s.flag, s]));
  const positionals = specs.filter((s) => s.positional);
  const values = new Map<string, unknown>();
  const extras: string[] = [];
  const seen = new Set<OptionSpec>();
  let positionalIndex = 0;
  let onlyPositionals = false;

  const classify = (arg: string): { spec?: OptionSpec; explicit?: string; option: boolean } => {
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') return { option: false };
    const exact = options.get(arg);
    if (exact) return { spec: exact, option: true };
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const explicit = eq === -1 ? undefined : arg.slice(eq + 1);
    if (eq !== -1 && options.has(name)) return { spec: options.get(name)!, explicit, option: true };
    if (name.startsWith('--')) {
      const matches = [...options.keys()].filter((flag) => flag.startsWith(name));
      if (matches.length > 1) throw new UsageError(`ambiguous option: ${name} could match ${matches.join(', ')}`);
      if (matches.length === 1) return { spec: options.get(matches[0]!)!, explicit, option: true };
    }
    if (NEGATIVE_NUMBER.test(arg) || arg.includes(' ')) return { option: false };
    return { option: true };
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' && !onlyPositionals) {
      onlyPositionals = true;
      continue;
    }
    const { spec, explicit, option } = classify(arg);
    if (!option) {
      const target = positionals[positionalIndex];
      if (target) {
        positionalIndex++;
        seen.add(target);
        values.set(target.dest, convert(target, arg));
      } else {
        extras.push(arg);
      }
      continue;
    }
    if (!spec) {
      extras.push(arg);
      continue;
    }
    seen.add(spec);
    const takesValue = (k: number) => k < argv.length && !classify(argv[k]!).option;
    const store = (value: unknown) =>
      values.set(spec.dest, spec.append ? [...((values.get(spec.dest) as unknown[] | undefined) ?? []), value] : value);
    switch (spec.nargs) {
      case 'flag':
        if (explicit !== undefined)
          throw new UsageError(`argument ${spec.flag}: ignored explicit argument '${explicit}'`);
        values.set(spec.dest, spec.constValue ?? true);
        break;
      case 'one':
        if (explicit !== undefined) store(convert(spec, explicit));
        else if (takesValue(i + 1)) store(convert(spec, argv[++i]!));
        else throw new UsageError(`argument ${spec.flag}: expected one argument`);
        break;
      case 'pair': {
        // argparse refuses `--opt=a b`: an attached value is one argument, never two.
        const pair: unknown[] = [];
        while (explicit === undefined && pair.length < 2 && takesValue(i + 1)) pair.push(convert(spec, argv[++i]!));
        if (pair.length < 2) throw new UsageError(`argument ${spec.flag}: expected 2 arguments`);
        store(pair);
        break;
      }
      case 'optional':
        if (explicit !== undefined) values.set(spec.dest, convert(spec, explicit));
        else if (takesValue(i + 1)) values.set(spec.dest, convert(spec, argv[++i]!));
        else values.set(spec.dest, spec.constValue);
        break;
      case 'many': {
        const list: unknown[] = explicit !== undefined ? [convert(spec, explicit)] : [];
        while (explicit === undefined && takesValue(i + 1)) list.push(convert(spec, argv[++i]!));
        values.set(spec.dest, list);
        break;
      }
    }
  }
  const missing = specs.filter((s) => s.required && !seen.has(s)).map((s) => s.flag);
  if (missing.length) throw new UsageError(`the following arguments are required: ${missing.join(', ')}`);
  return { values, extras };
}

function convert(spec: OptionSpec, text: string): unknown {
  if (spec.choices && !spec.choices.includes(text)) throw new UsageError(invalidChoice(spec.flag, text, spec.choices));
  if (spec.parseType === 'int') {
    const t = text.trim();
    if (!/^[+-]?\d+(?:_\d+)*$/.test(t)) throw new UsageError(`argument ${spec.flag}: invalid int value: '${text}'`);
    return Number(t.replaceAll('_', ''));
  }
  return text;
}

/**
 * argparse's invalid-choice message as the CLI reshapes it: the choices two to a line, padded to 40
 * columns, and close matches (difflib, cutoff 0.8) when there are some.
 */
export function invalidChoice(flag: string, value: string, choices: readonly string[]): string {
  const lines: string[] = ['Invalid choice, valid choices are:\n'];
  for (let i = 0; i < choices.length; i += 2)
    lines.push(
      choices
        .slice(i, i + 2)
        .map((c) => c.padEnd(40))
        .join(' | '),
    );
  const close = closeMatches(value, choices);
  if (close.length) {
    lines.push(`\n\nInvalid choice: '${value}', maybe you meant:\n`);
    for (const word of close) lines.push(`  * ${word}`);
  }
  return `argument ${flag}: ${lines.join('\n')}`;
}

/** Python's `difflib.get_close_matches(word, possibilities, n=3, cutoff=0.8)`. */
export function closeMatches(word: string, possibilities: readonly string[], n = 3, cutoff = 0.8): string[] {
  const scored: Array<[number, string]> = [];
  for (const candidate of possibilities) {
    const score = similarity(word, candidate);
    if (score >= cutoff) scored.push([score, candidate]);
  }
  scored.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  return scored.slice(0, n).map(([, s]) => s);
}

/**
 * difflib.SequenceMatcher(None, a, b).ratio(): 2·M / (|a| + |b|), where M counts the characters of the
 * matching blocks found by repeatedly taking the longest common substring and recursing on both sides.
 * (Without the "junk" heuristic: it only applies to sequences of 200 or more items.)
 */
function similarity(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchingCharacters(a, 0, a.length, b, 0, b.length)) / total;
}

function matchingCharacters(a: string, alo: number, ahi: number, b: string, blo: number, bhi: number): number {
  let bestI = alo;
  let bestJ = blo;
  let bestSize = 0;
  // Longest common substring; ties go to the earliest in a, then in b (as difflib's find_longest_match).
  let prev = new Array<number>(bhi - blo + 1).fill(0);
  for (let i = alo; i < ahi; i++) {
    const row = new Array<number>(bhi - blo + 1).fill(0);
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue;
      const k = (row[j - blo + 1] = prev[j - blo]! + 1);
      if (k > bestSize) {
        bestI = i - k + 1;
        bestJ = j - k + 1;
        bestSize = k;
      }
    }
    prev = row;
  }
  if (bestSize === 0) return 0;
  return (
    bestSize +
    matchingCharacters(a, alo, bestI, b, blo, bestJ) +
    matchingCharacters(a, bestI + bestSize, ahi, b, bestJ + bestSize, bhi)
  );
}
