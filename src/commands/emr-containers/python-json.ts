/**
 * Python's `json.dumps(value, indent=n)`, which the EMR on EKS commands print with rather than through
 * the output formatter: the layout of `--output json` (src/cli/output/json.ts) at that indent, but with
 * json.dumps's default `ensure_ascii`, so that every character outside printable ASCII is written as a
 * `\uXXXX` escape (UTF-16 units, as Python writes them). Such characters appear only inside strings.
 */
import { formatJson } from '../../cli/output/json.js';

export function pyJsonIndented(value: unknown, indent: number): string {
  return formatJson(value, indent).replace(
    /[^\x20-\x7e\n]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
