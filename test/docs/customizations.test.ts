/**
 * docs/customizations.md, the list of every AWS CLI and botocore customization with isoaws's status,
 * kept honest: every row has a known status, the summary counts are the rows' counts, and a row marked
 * done names a module and a test that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';

const STATUSES = ['done', 'todo', 'left out', 'n/a'] as const;
type Status = (typeof STATUSES)[number];

interface Row {
  table: string;
  upstream: string;
  status: string;
  module: string;
  test: string;
}

const text = readFileSync(join(REPO_ROOT, 'docs/customizations.md'), 'utf8');

/** The rows of the numbered tables (`## 1.`, `## 2.`, …), each under its table's number. */
function rows(): Row[] {
  const found: Row[] = [];
  let table: string | undefined;
  for (const line of text.split('\n')) {
    const heading = /^## (\d+)\. /.exec(line);
    if (heading) table = heading[1];
    else if (line.startsWith('## ')) table = undefined;
    if (!table || !line.startsWith('| ')) continue;
    const cells = line.slice(2, -2).split(' | ');
    if (cells.length !== 6 || cells[3] === 'Status' || cells[3] === '---') continue;
    found.push({ table, upstream: cells[0]!, status: cells[3]!, module: cells[4]!, test: cells[5]! });
  }
  return found;
}

const PATH = /\b(?:src|test|scripts|web|repl)\/[\w./-]+\.(?:ts|js|yaml|json)\b/g;

describe('docs/customizations.md', () => {
  const all = rows();

  it('gives every row a known status', () => {
    expect(all.length).toBeGreaterThan(150);
    for (const row of all) expect(STATUSES, row.upstream).toContain(row.status);
  });

  it('counts in its summary what its rows say', () => {
    const count = (list: Row[], status: Status) => list.filter((r) => r.status === status).length;
    for (const table of new Set(all.map((r) => r.table))) {
      const list = all.filter((r) => r.table === table);
      const summary = new RegExp(
        `^\\| ${table}\\. [^|]+\\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$`,
        'm',
      ).exec(text);
      expect(summary, `summary row of table ${table}`).not.toBeNull();
      expect(summary!.slice(1).map(Number), `table ${table}`).toEqual([
        list.length,
        ...STATUSES.map((s) => count(list, s)),
      ]);
    }
    expect(Number(/^(\d+) rows:/m.exec(text)?.[1])).toBe(all.length);
    const totals = /Totals: \*\*done (\d+), todo (\d+), left out (\d+), n\/a (\d+)\*\*/.exec(text);
    expect(totals!.slice(1).map(Number)).toEqual(STATUSES.map((s) => count(all, s)));
  });

  it('names an existing module and test for every row marked done', () => {
    for (const row of all.filter((r) => r.status === 'done')) {
      const modules = row.module.match(PATH) ?? [];
      const tests = row.test.match(PATH) ?? [];
      expect(modules.length, `${row.upstream}: a module`).toBeGreaterThan(0);
      expect(tests.length, `${row.upstream}: a test`).toBeGreaterThan(0);
      for (const path of [...modules, ...tests]) expect(existsSync(join(REPO_ROOT, path)), path).toBe(true);
    }
  });
});
