/**
 * What `datapipeline list-runs` computes, without I/O (the AWS CLI's datapipeline/__init__.py and
 * listrunsformatter.py): the QueryObjects query its filters make, the runs made of DescribeObjects'
 * answer, and the table it prints when no `--output` is given.
 */
import { pyStr } from '../../core/query/python-text.js';
import { setOwn } from '../../core/own.js';
import { pyCompare } from '../../cli/output/keys.js';
import { ArgumentError } from '../../cli/usage.js';

/** The statuses --status takes, in the order the CLI's error lists them (lower case only, as there). */
export const RUN_STATUSES = [
  'waiting',
  'pending',
  'cancelled',
  'running',
  'finished',
  'failed',
  'waiting_for_runner',
  'waiting_on_dependencies',
  'shutting_down',
] as const;

export interface RunFilters {
  statuses?: string[];
  started?: [string, string];
  scheduled?: [string, string];
}

/** A comma-separated option's items, each stripped of surrounding white space. */
function items(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

/** `start,end` of an interval option. */
function interval(option: string, value: string): [string, string] {
  const [start, end] = items(value);
  // The CLI fails here with Python's "list index out of range" (exit 255).
  if (end === undefined)
    throw new ArgumentError(`--${option} takes two times separated by a comma (start,end), not: ${value}`);
  return [start!, end];
}

/** The filter options as given (undefined when left out), checked. */
export function readFilters(options: {
  status?: string;
  startInterval?: string;
  scheduleInterval?: string;
}): RunFilters {
  const filters: RunFilters = {};
  if (options.startInterval !== undefined) filters.started = interval('start-interval', options.startInterval);
  if (options.scheduleInterval !== undefined)
    filters.scheduled = interval('schedule-interval', options.scheduleInterval);
  if (options.status !== undefined) {
    filters.statuses = items(options.status);
    for (const status of filters.statuses) {
      if (!(RUN_STATUSES as readonly string[]).includes(status))
        throw new ArgumentError(`Invalid status: ${status}, must be one of: ${RUN_STATUSES.join(', ')}`);
    }
  }
  return filters;
}

/** Time as the CLI writes it in a query: `%Y-%m-%dT%H:%M:%S`, UTC. */
function queryTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

const between = (fieldName: string, [start, end]: [string, string]) => ({
  fieldName,
  operator: { type: 'BETWEEN', values: [start, end] },
});

/** QueryObjects' query: the intervals given, or runs started in the four days before `now`; then the statuses. */
export function runsQuery(filters: RunFilters, now: Date): { selectors: unknown[] } {
  const selectors: unknown[] = [];
  if (!filters.started && !filters.scheduled) {
    const fourDaysBefore = new Date(now.getTime() - 4 * 24 * 3600 * 1000);
    selectors.push(between('@actualStartTime', [queryTime(fourDaysBefore), queryTime(now)]));
  }
  if (filters.started) selectors.push(between('@actualStartTime', filters.started));
  if (filters.scheduled) selectors.push(between('@scheduledStartTime', filters.scheduled));
  if (filters.statuses)
    selectors.push({
      fieldName: '@status',
      operator: { type: 'EQ', values: filters.statuses.map((s) => s.toUpperCase()) },
    });
  return { selectors };
}

interface DescribedObject {
  id: string;
  name: string;
  fields?: Array<{ key: string; stringValue?: string; refValue?: string }>;
}

export type Run = Record<string, unknown>;

/**
 * Each described object as one run: `@id`, `name`, then its fields by key (a reference as its id), sorted
 * by scheduled start, then name. A run without a scheduled start sorts first (the CLI fails on it).
 */
export function runsOf(objects: readonly DescribedObject[]): Run[] {
  const runs = objects.map((o) => {
    const run: Run = { '@id': o.id, name: o.name };
    for (const field of o.fields ?? []) setOwn(run, field.key, field.stringValue ?? field.refValue ?? null);
    return run;
  });
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return runs.sort(
    (a, b) =>
      pyCompare(text(a['@scheduledStartTime']), text(b['@scheduledStartTime'])) ||
      pyCompare(text(a.name), text(b.name)),
  );
}

/** Python's `%-W.Ws`: str() of the value, cut to W characters and padded to W. */
function cell(value: unknown, width: number): string {
  const chars = Array.from(value === undefined ? '' : pyStr(value)).slice(0, width);
  return chars.join('') + ' '.repeat(width - chars.length);
}

const line = (a: unknown, b: unknown, c: unknown, last: number) => `${cell(a, 50)}  ${cell(b, 19)}  ${cell(c, last)}`;

/**
 * The CLI's table of runs: a two-line heading and a rule, then two lines per run (number, activity,
 * scheduled start, status; run id, start and end times) and a blank line. A field a run lacks is blank.
 */
export function runsTable(runs: readonly unknown[]): string {
  const second = `       ${line('ID', 'Started', 'Ended', 19)}`;
  let out = `       ${line('Name', 'Scheduled Start', 'Status', 23)}\n${second}\n${'-'.repeat(second.length)}\n`;
  runs.forEach((value, i) => {
    const run = (typeof value === 'object' && value !== null ? value : {}) as Run;
    const number = String(i + 1).padStart(4);
    out += `${number}.  ${line(run['@componentParent'], run['@scheduledStartTime'], run['@status'], 23)}\n`;
    out += `       ${line(run['@id'], run['@actualStartTime'], run['@actualEndTime'], 19)}\n\n`;
  });
  return out;
}
