/**
 * The --include/--exclude matcher against Python's fnmatch.fnmatchcase, which the AWS CLI's filters use:
 * 4,000 recorded cases (scripts/record-fnmatch-cases.py: sets, ranges the wrong way round, `!`, `-`,
 * stars, characters outside the BMP), and patterns whose regular expression would backtrack for hours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnmatcher } from '../../src/commands/s3/filters.js';
import { REPO_ROOT } from '../conformance/fixtures.js';

const { cases } = JSON.parse(readFileSync(join(REPO_ROOT, 'test/commands/fnmatch-cases.json'), 'utf8')) as {
  cases: Array<[string, string, boolean]>;
};

describe('fnmatch', () => {
  it(`matches as Python's fnmatchcase in all ${cases.length} recorded cases`, () => {
    const wrong = cases.filter(([pattern, path, matches]) => fnmatcher(pattern)(path) !== matches);
    expect(wrong).toEqual([]);
  });

  it('answers at once on a long key where a regular expression of .* runs backtracks (a 400-character key took 40 s)', () => {
    const key = 'a'.repeat(400);
    expect(fnmatcher('*a*a*a*a*a*a*a*b')(key)).toBe(false);
    expect(fnmatcher('*a*a*a*a*a*a*a*a')(key)).toBe(true);
    expect(fnmatcher(`${'*?'.repeat(50)}b`)(`${'ab'.repeat(200)}`)).toBe(true);
  });
});
